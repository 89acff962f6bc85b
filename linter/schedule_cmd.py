"""Temporary re-export of ``postfix-lint schedule`` (now :mod:`postfix_lint.cli.schedule`); to be deleted."""

from postfix_lint.cli.schedule import main  # noqa: F401
