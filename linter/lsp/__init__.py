"""The language server (``postfix-lint server``, extra ``postfix-lint[lsp]``) and its adapter to the core.

This package's ``__init__`` imports nothing: :mod:`postfix_lint.lsp.start`
imports pygls only when the server is started, so the CLI stays free of it.
"""
