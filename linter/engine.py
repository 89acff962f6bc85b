"""Runs the enabled rules over one document and returns sorted problems.

Data flow: ``lint_bytes`` -> parser -> :class:`Context` (document + resolver)
-> each rule's ``check(ctx, options)`` -> severity -> suppression comments
(:mod:`postfix_lint.suppress`, which also reports the unused ones as PF090) ->
sorted list.  Configuration files are read by :mod:`postfix_lint.config`, which
fills :class:`Settings`.  Nothing here prints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from postfix_lint.document import Document, Entry
from postfix_lint.problem import Problem, Severity

DEFAULT_TARGET_VERSION = "3.7"


@dataclass
class Settings:
    """What a run is configured to do (CLI flags and config files fill it)."""

    select: Optional[Sequence[str]] = None  # rule codes; None = every rule enabled by default
    ignore: Sequence[str] = ()
    extend_select: Sequence[str] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code -> severity
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # code -> {option: value}
    target_version: str = DEFAULT_TARGET_VERSION
    master_cf: Optional[str] = None  # text of a master.cf beside main.cf, if any


@dataclass
class Context:
    """Everything a rule may look at."""

    doc: Document
    settings: Settings
    _resolver: Any = None
    _services: Any = None
    cache: Dict[str, Any] = field(default_factory=dict)  # shared results between rules

    @property
    def resolver(self):
        if self._resolver is None:
            from postfix_lint.resolver import Resolver

            self._resolver = Resolver(self.doc)
        return self._resolver

    @property
    def target_version(self) -> str:
        return self.settings.target_version

    def at_entry_value(self, entry: Entry, start: int = 0, end: Optional[int] = None) -> Dict[str, int]:
        line, col, eline, ecol = entry.value_span(start, end)
        return {"line": line, "column": col, "end_line": eline, "end_column": ecol}

    def at_entry_name(self, entry: Entry) -> Dict[str, int]:
        line, col, eline, ecol = entry.name_span()
        return {"line": line, "column": col, "end_line": eline, "end_column": ecol}

    def at_setting(self, setting) -> Dict[str, int]:
        """Where to report a problem about a parameter's effective value.

        A parameter that is not set (Postfix's default applies) is reported
        at line 1, column 1.
        """
        if setting.entry is None:
            return {"line": 1, "column": 1, "end_line": 1, "end_column": 1}
        return self.at_entry_value(setting.entry)


def make_problem(code: str, message: str, where: Mapping[str, int]) -> Problem:
    return Problem(
        where["line"], where["column"], code, message, Severity.WARNING,
        where.get("end_line", 0), where.get("end_column", 0),
    )


def enabled_rules(settings: Settings):
    from postfix_lint.rules import RULES, resolve_codes

    if settings.select is None:
        codes = {c for c, m in RULES.items() if getattr(m, "DEFAULT_ENABLED", True)}
    else:
        codes = set(resolve_codes(settings.select))
    codes |= set(resolve_codes(settings.extend_select))
    codes -= set(resolve_codes(settings.ignore))
    return [RULES[c] for c in sorted(codes)]


def rule_options(module, settings: Settings) -> Dict[str, Any]:
    opts = dict(getattr(module, "DEFAULTS", {}))
    opts.update(settings.options.get(module.CODE, {}))
    return opts


def run(doc: Document, settings: Optional[Settings] = None) -> List[Problem]:
    """Lint a parsed document with the enabled rules."""
    settings = settings or Settings()
    ctx = Context(doc, settings)
    found: List[Problem] = []
    modules = enabled_rules(settings)
    for module in modules:
        severity = settings.severity.get(module.CODE, module.SEVERITY)
        for p in module.check(ctx, rule_options(module, settings)):
            found.append(dataclasses.replace(p, code=module.CODE, rule=module.NAME, severity=severity))
    # The cheap test of suppress.has_directives() first: most files have no
    # directive, and importing postfix_lint.suppress is 2 ms of a cold start.
    if "postfix-lint" in doc.text:
        found = _apply_suppressions(doc, found, modules, settings)
    return sorted(found, key=lambda p: (p.line, p.column, p.code))  # stable: a rule's own order


def _apply_suppressions(doc: Document, found: List[Problem], modules, settings: Settings) -> List[Problem]:
    from postfix_lint import suppress

    if not suppress.has_directives(doc):
        return found
    enabled = {m.CODE for m in modules}
    found = suppress.apply(doc, found, enabled, report_unused=suppress.CODE in enabled)
    level = settings.severity.get(suppress.CODE)
    if level is not None:
        found = [dataclasses.replace(p, severity=level) if p.code == suppress.CODE else p for p in found]
    return found


def lint_text(text: str, path: str = "main.cf", settings: Optional[Settings] = None) -> List[Problem]:
    from postfix_lint.parser import parse

    return run(parse(text, path), settings)


def lint_bytes(data: bytes, path: str = "main.cf", settings: Optional[Settings] = None) -> List[Problem]:
    from postfix_lint.parser import parse_bytes

    return run(parse_bytes(data, path), settings)
