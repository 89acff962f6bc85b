"""postfix-lint: a linter for Postfix main.cf with Postfix 3.7's own semantics."""

__version__ = "0.1.0"
