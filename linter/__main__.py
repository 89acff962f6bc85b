from postfix_lint.cli import main

raise SystemExit(main())
