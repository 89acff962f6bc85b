"""Shared helper: re-emit the reader's syntax problems for one rule code."""

from __future__ import annotations

from typing import Iterator

from postfix_lint.problem import Problem


def from_reader(ctx, code: str) -> Iterator[Problem]:
    for p in ctx.doc.syntax:
        if p.code == code:
            yield p
