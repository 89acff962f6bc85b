"""``python -m postfix_lint``: the same as the ``postfix-lint`` command."""

from postfix_lint.cli import main

raise SystemExit(main())
