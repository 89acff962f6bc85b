"""``postfix-lint server``'s entry point: starts the server, or says how to install pygls.

Kept apart from the package's ``__init__`` so that importing
:mod:`postfix_lint.lsp.core` (which the CLI's ``--fix`` does) never pulls the
server in.
"""

from __future__ import annotations

import sys
from typing import Sequence


def run(argv: Sequence[str]) -> int:
    """``postfix-lint server``: start the server, or say how to install it (exit 2)."""
    try:
        from postfix_lint.lsp.server import main
    except ImportError as exc:
        print(f"postfix-lint: error: the language server needs pygls and lsprotocol ({exc});"
              " install them with: pip install 'postfix-lint[lsp]'", file=sys.stderr)
        return 2
    return main(argv)
