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

import dataclasses
from typing import FrozenSet, List, Optional

from postfix_lint.analyse.context import Context
from postfix_lint.problem import Problem
from postfix_lint.read.document import Document
from postfix_lint.rules import RULES
from postfix_lint.settings import Settings, rule_options

__all__ = ["Settings", "Context", "run", "run_master", "lint_text", "lint_bytes", "lint_master_bytes",
           "enabled_rules", "rule_options", "is_master_rule", "is_value_rule"]


def is_master_rule(module) -> bool:
    """Whether a rule judges master.cf (``FILE = "master.cf"``) rather than main.cf."""
    return getattr(module, "FILE", "main.cf") == "master.cf"


def is_value_rule(code: str) -> bool:
    """The main.cf rules about one parameter's value (or the values together: retry), which also
    judge master.cf ``-o`` overrides: PF100-PF109, PF116-PF199 and PF200-PF299."""
    n = int(code[2:])
    return 100 <= n < 110 or 116 <= n < 300


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
        if is_master_rule(module):
            continue
        configured = settings.severity.get(code)
        for p in module.check(ctx, rule_options(module, settings)):
            severity = configured or p.chosen or module.SEVERITY
            found.append(p.replace(code=code, rule=module.NAME, severity=severity))
    # The cheap test first: most files have no directive, and importing
    # postfix_lint.suppress is 2 ms of a cold start.
    if "postfix-lint" in doc.text:
        found = _apply_suppressions(doc, found, codes, settings)
    return sorted(found, key=lambda p: (p.line, p.column, p.code))


def _apply_suppressions(doc, found: List[Problem], codes: FrozenSet[str],
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


def run_master(master, settings: Optional[Settings] = None, main_doc: Optional[Document] = None) -> List[Problem]:
    """Lint a parsed master.cf (:class:`~postfix_lint.read.master_cf.MasterCf`): every finding, sorted.

    ``main_doc``: the main.cf it is paired with (default: ``settings.main_cf``,
    else an empty main.cf, i.e. Postfix's defaults).  The master.cf rules
    (``FILE = "master.cf"``) run once; then each service's ``-o`` overrides
    that its program reads are judged by the main.cf value rules
    (:func:`is_value_rule`) as that program sees them
    (:mod:`postfix_lint.analyse.overrides`), reported at the ``-o`` text.
    Suppression comments in master.cf apply as in main.cf
    (:mod:`postfix_lint.suppress`, PF090 for the unused ones).
    """
    from postfix_lint.analyse import overrides
    from postfix_lint.read.main_cf import parse

    settings = settings or Settings()
    if main_doc is None:
        main_doc = parse(settings.main_cf or "", "main.cf")
    codes = settings.codes
    ctx = Context(main_doc, settings, codes, master_doc=master)
    found: List[Problem] = []
    for code in sorted(codes):
        module = RULES[code]
        if not is_master_rule(module):
            continue
        severity = settings.severity.get(code, module.SEVERITY)
        for p in module.check(ctx, rule_options(module, settings)):
            found.append(p.replace(code=code, rule=module.NAME, severity=severity))
    value_codes = frozenset(c for c in codes if is_value_rule(c) and not is_master_rule(RULES[c]))
    if value_codes:
        sub = dataclasses.replace(settings, select=sorted(value_codes), extend_select=(), ignore=())
        found.extend(overrides.findings(main_doc, master, sub, run))
    if master.tokens and any("postfix-lint" in t.value for t in master.tokens):
        from postfix_lint import suppress

        found = _apply_suppressions(suppress.text_view(master.unparse(), "master.cf"), found, codes, settings)
    return sorted(found, key=lambda p: (p.line, p.column, p.code))


def lint_master_bytes(data: bytes, path: str = "master.cf", settings: Optional[Settings] = None,
                      main_cf: Optional[str] = None) -> List[Problem]:
    """Read ``data`` (any bytes) as a master.cf named ``path`` and lint it with ``main_cf`` (text) or Postfix's defaults."""
    from postfix_lint.read.master_cf import parse_bytes

    settings = settings or Settings()
    if main_cf is not None:
        settings = dataclasses.replace(settings, main_cf=main_cf)
    return run_master(parse_bytes(data, path), settings)
