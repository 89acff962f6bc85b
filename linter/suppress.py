"""Suppression comments: ``# postfix-lint: ACTION=RULE[,RULE] -- reason``.

main.cf has no end-of-line comments (a ``#`` after a value is part of the
value, postconf(5)), so every directive is a comment line of its own:

``disable-next-line=RULES``
    the next line that is neither blank nor a comment, and the continuation
    lines that follow it (the rest of that logical line);
``disable=RULES`` ... ``enable=RULES``
    from the ``disable`` line up to the ``enable`` line, or to the end of
    the file;
``disable-file=RULES``
    the whole file, wherever the comment is.

Comment lines are transparent to Postfix everywhere, so a directive may sit
between the continuation lines of a value.  master.cf reads its lines the
same way (``readllines()``: whole-line comments, continuation lines that
start with whitespace, no end-of-line comments), so the same directives work
there, between the continuation lines of a service too: :func:`apply` takes a
main.cf :class:`~postfix_lint.read.document.Document` or the
:func:`text_view` of a master.cf.  A directive, or one rule named
in it, that suppresses nothing is reported as PF090 (unused-suppression),
and so is a directive that cannot be understood.  Rules that are not
enabled for the file are not reported as unused: the same file may be
linted with another selection elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Set, Tuple

from postfix_lint.problem import Problem, Severity
from postfix_lint.read.document import Document
from postfix_lint.rules import UnknownRule, resolve_code
from postfix_lint.rules.unused_suppression import CODE, NAME
ACTIONS = ("disable-next-line", "disable", "enable", "disable-file")
EXPECTED = "# postfix-lint: disable-next-line=CODE[,CODE] -- reason"
_SPACE = " \t\v\f\r"
_HEAD = re.compile(r"[ \t\v\f\r]*#[ \t\v\f\r]*postfix-lint[ \t\v\f\r]*:")
_IN_VALUE = re.compile(r"#[ \t\v\f\r]*postfix-lint[ \t\v\f\r]*:")
_ACTION = re.compile(r"[ \t\v\f\r]*([A-Za-z][A-Za-z-]*)")


@dataclass
class Item:
    """One rule named in a directive."""

    ident: str  # as written
    code: Optional[str]  # None: unknown rule
    column: int
    end_column: int
    used: bool = False


@dataclass
class Directive:
    line: int
    column: int
    end_column: int
    action: str
    items: List[Item] = field(default_factory=list)
    reason: str = ""
    #: covered physical lines, inclusive (None: nothing to cover)
    span: Optional[Tuple[int, int]] = None


class TextView:
    """The lines of a file other than main.cf (master.cf), as :func:`apply` reads them.

    ``text``: the decoded file; ``lines``: its physical lines without "\\n";
    ``comments``: (1-based line, text) of the comment lines;
    ``entries``: () (no ``name = value`` lines); ``file``: the file kind named
    in messages ("master.cf").
    """

    def __init__(self, text: str, file: str = "master.cf") -> None:
        self.text = text
        self.file = file
        self.lines = text.split("\n")
        self.comments = [(n, line) for n, line in enumerate(self.lines, 1)
                         if line.lstrip(_SPACE)[:1] == "#"]
        self.entries = ()


def text_view(text: str, file: str = "master.cf") -> TextView:
    """A :class:`TextView` of decoded ``text`` (e.g. ``MasterCf.unparse()``) for :func:`apply`."""
    return TextView(text, file)


def has_directives(doc: Document) -> bool:
    """Cheap test: does anything in the file look like a directive?"""
    return "postfix-lint" in doc.text


def _problem(line: int, column: int, end_column: int, message: str) -> Problem:
    return Problem(line, column, CODE, message, Severity.WARNING, line, end_column, NAME)


def _parse(line: int, text: str, resolve, file: str = "main.cf") -> Tuple[Optional[Directive], Optional[Problem]]:
    """One comment line -> (directive, None), (None, problem) or (None, None) if not ours."""
    m = _HEAD.match(text)
    if not m:
        return None, None
    hash_col = text.index("#") + 1
    end_col = len(text.rstrip(_SPACE)) + 1
    body_start = m.end()
    body = text[body_start:]
    reason = ""
    cut = body.find("--")
    if cut >= 0:
        reason = body[cut + 2:].strip(_SPACE)
        body = body[:cut]
    am = _ACTION.match(body)
    if not am:
        return None, _problem(line, hash_col, end_col,
                              f"suppression comment not understood: expected {EXPECTED!r}")
    action = am.group(1)
    if action not in ACTIONS:
        hint = ""
        if action.lower() in ("disable-line", "noqa", "ignore"):
            hint = (f"; {file} has no end-of-line comments, so put"
                    " '# postfix-lint: disable-next-line=CODE' on the line above")
        return None, _problem(line, hash_col, end_col,
                              f"unknown suppression action {action!r} (allowed: {', '.join(ACTIONS)}){hint}")
    rest = body[am.end():]
    directive = Directive(line, hash_col, end_col, action, reason=reason)
    stripped = rest.strip(_SPACE)
    if not stripped.startswith("="):
        why = "nothing" if not stripped else repr(stripped)
        return None, _problem(line, hash_col, end_col,
                              f"'{action}' must name the rules it applies to, as in '{action}=PF101,duplicate-parameter'"
                              f" (found {why} after it)")
    offset = body_start + am.end() + rest.index("=") + 1
    for raw in text[offset:body_start + len(body)].split(","):
        ident = raw.strip(_SPACE)
        col = offset + (len(raw) - len(raw.lstrip(_SPACE))) + 1
        offset += len(raw) + 1
        if not ident or any(c in _SPACE for c in ident):
            return None, _problem(line, hash_col, end_col,
                                  f"bad rule list in suppression comment: expected {EXPECTED!r}")
        directive.items.append(Item(ident, resolve(ident), col, col + len(ident)))
    return directive, None


def _line_kinds(doc: Document) -> List[str]:
    """'blank', 'comment', 'cont' or 'start' for each physical line (index 0 = line 1)."""
    kinds = []
    for text in doc.lines:
        body = text.lstrip(_SPACE)
        if not body:
            kinds.append("blank")
        elif body.startswith("#"):
            kinds.append("comment")
        elif len(body) != len(text):
            kinds.append("cont")
        else:
            kinds.append("start")
    return kinds


def _next_line_span(kinds: Sequence[str], line: int) -> Optional[Tuple[int, int]]:
    n = len(kinds)
    i = line  # index of the line after the directive (0-based)
    while i < n and kinds[i] in ("blank", "comment"):
        i += 1
    if i >= n:
        return None
    end = i
    j = i + 1
    while j < n and kinds[j] != "start":
        if kinds[j] == "cont":
            end = j
        j += 1
    return i + 1, end + 1


def _resolver():
    def resolve(ident: str) -> Optional[str]:
        try:
            return resolve_code(ident)
        except UnknownRule:
            return None

    return resolve


@dataclass
class _Range:
    code: str
    item: Item
    start: int
    end: int  # inclusive


def apply(doc: Document, problems: Iterable[Problem], enabled: Set[str],
          report_unused: bool = True) -> List[Problem]:
    """Drop suppressed problems; add PF090 problems for directives that suppress nothing.

    ``enabled`` is the set of rule codes enabled for this file: a directive
    naming a rule that is not enabled is not reported as unused.  PF090
    problems are added only when ``report_unused`` (PF090 itself enabled).
    """
    problems = list(problems)
    resolve = _resolver()
    kinds = _line_kinds(doc)
    directives: List[Directive] = []
    reports: List[Problem] = []
    file = getattr(doc, "file", "main.cf")
    for line, text in doc.comments:
        d, bad = _parse(line, text, resolve, file)
        if bad is not None:
            reports.append(bad)
        if d is not None:
            directives.append(d)
    for entry in doc.entries:
        m = _IN_VALUE.search(entry.value)
        if m:
            line, col, _, _ = entry.value_span(m.start(), m.start() + 1)
            reports.append(_problem(
                line, col, col + (m.end() - m.start()),
                "this suppression comment is part of the value (main.cf has no end-of-line comments);"
                " put it on a line of its own above the parameter, as"
                " '# postfix-lint: disable-next-line=CODE'",
            ))
    if isinstance(doc, TextView):  # master.cf: a directive after the fields is a command argument
        for number, text in enumerate(doc.lines, 1):
            if kinds[number - 1] not in ("start", "cont"):
                continue
            m = _IN_VALUE.search(text)
            if m:
                reports.append(_problem(
                    number, m.start() + 1, m.end() + 1,
                    f"this suppression comment is part of the service line ({doc.file} has no end-of-line"
                    " comments: Postfix reads it as command arguments); put it on a line of its own"
                    " above the service, as '# postfix-lint: disable-next-line=CODE'",
                ))

    # Build the covered ranges.
    ranges: List[_Range] = []
    last_line = max(len(kinds), 1)
    open_ranges: dict = {}  # code -> (_Range-in-progress start, item)
    for d in sorted(directives, key=lambda d: d.line):
        for item in d.items:
            if item.code is None:
                reports.append(_problem(d.line, item.column, item.end_column,
                                        f"unknown rule {item.ident!r} in suppression comment (see --list-rules)"))
                item.used = True  # reported already
                continue
            if d.action == "disable-file":
                ranges.append(_Range(item.code, item, 1, last_line))
            elif d.action == "disable-next-line":
                span = _next_line_span(kinds, d.line)
                d.span = span
                if span is None:
                    reports.append(_problem(d.line, d.column, d.end_column,
                                            "unused suppression: no line follows this comment"))
                    item.used = True
                else:
                    ranges.append(_Range(item.code, item, span[0], span[1]))
            elif d.action == "disable":
                if item.code in open_ranges:
                    start, _ = open_ranges[item.code]
                    reports.append(_problem(d.line, item.column, item.end_column,
                                            f"{item.code} is already disabled since line {start}"))
                    item.used = True
                else:
                    open_ranges[item.code] = (d.line, item)
            else:  # enable
                opened = open_ranges.pop(item.code, None)
                if opened is None:
                    reports.append(_problem(d.line, item.column, item.end_column,
                                            f"enable={item.ident} has no disable={item.ident} above it"))
                else:
                    start, disable_item = opened
                    ranges.append(_Range(item.code, disable_item, start, d.line))
                item.used = True  # an enable suppresses nothing by itself
    for code, (start, item) in open_ranges.items():
        ranges.append(_Range(code, item, start, last_line))

    def covered(p: Problem, candidates: Sequence[_Range]) -> bool:
        hit = False
        for r in candidates:
            if r.code == p.code and r.start <= p.line <= r.end:
                r.item.used = True
                hit = True
        return hit

    kept = [p for p in problems if not covered(p, ranges)]
    if not report_unused:
        return kept
    from postfix_lint.rules import RULES

    # Unused items, described by what they cover.
    by_item = {}
    for r in ranges:
        by_item.setdefault(id(r.item), r)
    for d in directives:
        for item in d.items:
            if item.used or item.code is None or item.code == CODE or item.code not in enabled:
                continue
            name = RULES[item.code].NAME
            where = _where(d, by_item.get(id(item)))
            reports.append(_problem(d.line, item.column, item.end_column,
                                    f"unused suppression: no {item.code} ({name}) problem {where}"))
    # Reports may themselves be suppressed (disable-file=PF090).
    pf090_ranges = [r for r in ranges if r.code == CODE]
    reports = [p for p in reports if not covered(p, pf090_ranges)]
    for d in directives:
        for item in d.items:
            if item.code == CODE and not item.used:
                r = by_item.get(id(item))
                reports.append(_problem(d.line, item.column, item.end_column,
                                        f"unused suppression: no {CODE} ({NAME}) problem {_where(d, r)}"))
    return kept + reports


def _where(d: Directive, r: Optional[_Range]) -> str:
    if d.action == "disable-file" or r is None:
        return "in this file"
    if d.action == "disable-next-line":
        if r.start == r.end:
            return f"on line {r.start}"
        return f"on lines {r.start}-{r.end} (the next logical line)"
    return f"on lines {r.start}-{r.end}"
