"""``python -m postfix_lint``: the same as the ``postfix-lint`` command."""

from postfix_lint.cli import console

console()
