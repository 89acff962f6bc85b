"""The engine: runs the enabled rules over one document and returns its findings, sorted.

Data flow: ``lint_bytes``/``lint_text`` -> the main.cf reader
(:mod:`postfix_lint.read.main_cf`) -> one :class:`~postfix_lint.analyse.context.Context`
-> each enabled rule's ``check(ctx, options)`` -> the rule's code, name and
severity stamped on each finding -> suppression comments
(:mod:`postfix_lint.suppress`, which also reports the unused ones as PF090)
-> sorted by position.  Every finding is kept: two findings differ when any
field does.  Configuration files are read by :mod:`postfix_lint.config`,
which fills :class:`~postfix_lint.settings.Settings`.  Nothing here prints.
"""

from __future__ import annotations

from typing import FrozenSet, List, Optional

from postfix_lint.analyse.context import Context
from postfix_lint.problem import Problem
from postfix_lint.read.document import Document
from postfix_lint.rules import RULES
from postfix_lint.settings import Settings, rule_options

__all__ = ["Settings", "Context", "run", "lint_text", "lint_bytes", "enabled_rules", "rule_options"]


def enabled_rules(settings: Settings) -> list:
    """The rule modules of ``settings.codes``, by code."""
    return [RULES[c] for c in sorted(settings.codes)]


def run(doc: Document, settings: Optional[Settings] = None) -> List[Problem]:
    """Lint a parsed document with the enabled rules: every finding, sorted by (line, column, code).

    Findings at one position keep the order their rule made them in.
    """
    settings = settings or Settings()
    codes = settings.codes
    ctx = Context(doc, settings, codes)
    found: List[Problem] = []
    for code in sorted(codes):
        module = RULES[code]
        severity = settings.severity.get(code, module.SEVERITY)
        for p in module.check(ctx, rule_options(module, settings)):
            found.append(p.replace(code=code, rule=module.NAME, severity=severity))
    # The cheap test first: most files have no directive, and importing
    # postfix_lint.suppress is 2 ms of a cold start.
    if "postfix-lint" in doc.text:
        found = _apply_suppressions(doc, found, codes, settings)
    return sorted(found, key=lambda p: (p.line, p.column, p.code))


def _apply_suppressions(doc: Document, found: List[Problem], codes: FrozenSet[str],
                        settings: Settings) -> List[Problem]:
    from postfix_lint import suppress

    if not suppress.has_directives(doc):
        return found
    found = suppress.apply(doc, found, codes, report_unused=suppress.CODE in codes)
    level = settings.severity.get(suppress.CODE)
    if level is not None:
        found = [p.replace(severity=level) if p.code == suppress.CODE else p for p in found]
    return found


def lint_text(text: str, path: str = "main.cf", settings: Optional[Settings] = None) -> List[Problem]:
    """Read ``text`` as a main.cf named ``path`` and lint it."""
    from postfix_lint.read.main_cf import parse

    return run(parse(text, path), settings)


def lint_bytes(data: bytes, path: str = "main.cf", settings: Optional[Settings] = None) -> List[Problem]:
    """Read ``data`` (any bytes) as a main.cf named ``path`` and lint it."""
    from postfix_lint.read.main_cf import parse_bytes

    return run(parse_bytes(data, path), settings)
