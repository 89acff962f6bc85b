"""Phrases the rule messages share: quoted values, program lists, durations.

One way to show each thing: values through :func:`quote` (control
characters escaped, long values cut and marked with ``...``), the programs
that read a parameter through :func:`programs_text` or :func:`program_list`,
seconds through :func:`seconds_text` (``900 s (15 minutes)``) and ages in a
schedule through :func:`duration`.
"""

from __future__ import annotations

from typing import Iterable

from postfix_lint.postfix.retry import duration
from postfix_lint.postfix.text import quote
from postfix_lint.postfix.values import seconds_text

__all__ = ["quote", "programs_text", "program_list", "seconds_text", "duration"]


def programs_text(programs: Iterable[str], is_global: bool = False) -> str:
    """'qmgr', 'smtp and lmtp', or for a global parameter 'every Postfix program (...)'."""
    progs = list(dict.fromkeys(programs))
    if is_global:
        return "every Postfix program (postfix check and postfix start too)"
    progs = ["the postfix command (postfix check, postfix start)" if p == "postfix" else p for p in progs]
    if not progs:
        return "the programs that read it"
    if len(progs) == 1:
        return progs[0]
    return ", ".join(progs[:-1]) + " and " + progs[-1]


def program_list(programs: Iterable[str]) -> str:
    """'qmgr, smtp' (comma-separated), or 'every Postfix program (...)' when only postfix reads it."""
    progs = list(dict.fromkeys(programs))
    if progs == ["postfix"]:
        return "every Postfix program (postfix check and postfix start too)"
    return ", ".join(progs)
