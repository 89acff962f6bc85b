"""The language server (``postfix-lint server``, extra ``postfix-lint[lsp]``) and its adapter to the core.

Importing this package imports nothing else: :func:`run` imports pygls only
when the server is started, so the CLI stays free of it.
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
