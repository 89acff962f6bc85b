"""Shared by the reader's rules (PF001-PF005): the syntax findings the main.cf reader made, by code."""

from __future__ import annotations

from typing import Iterator

from postfix_lint.analyse.context import Context
from postfix_lint.problem import Problem


def from_reader(ctx: Context, code: str) -> Iterator[Problem]:
    """The reader's findings for rule ``code``, as the reader made them."""
    for p in ctx.doc.syntax:
        if p.code == code:
            yield p
