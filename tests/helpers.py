"""Small helpers for rule tests: lint text and compare (line, column, code) triples."""

from __future__ import annotations

from postfix_lint.engine import Settings, lint_text


def problems(text: str, select=None, **settings):
    """Lint ``text`` and return [(line, column, code)] sorted."""
    s = Settings(select=select, **settings)
    return [(p.line, p.column, p.code) for p in lint_text(text, "main.cf", s)]


def codes(text: str, select=None, **settings):
    return sorted({c for _, _, c in problems(text, select, **settings)})


def messages(text: str, code: str):
    s = Settings(select=[code])
    return [p.message for p in lint_text(text, "main.cf", s)]
