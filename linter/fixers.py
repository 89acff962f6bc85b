"""The fixes some rules offer for their problems, by rule code.

Each provider takes the parsed document and one problem of its rule and
returns a :class:`~postfix_lint.lsp.core.Fix` (edits in the document's
coordinates) or ``None``.  ``safe`` is the rule's claim that the fix keeps
every effective value; :mod:`postfix_lint.fixes` checks the claim by
re-reading the fixed file and refuses a safe fix that breaks it.  After the
core redesign (issue 9) a rule may attach ``Problem.fix`` itself; these
providers can then move into the rule modules unchanged.

Safe: PF010 (an earlier duplicate with the same value), PF105 (the default
unit written out), PF090 (an unused suppression).  Unsafe: PF101 (an
upper-case unit in lower case), PF103 (``1h30m`` -> ``90m``: the written
intent), PF005 (remove the BOM), PF004 (un-indent an assignment glued onto
the previous value), PF110 (the did-you-mean rename).
"""

from __future__ import annotations

import re
from typing import Callable, Dict, Optional

from postfix_lint.lsp import core
from postfix_lint.lsp.core import Edit, Fix, Span

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _entry_at(doc, line: int, column: int, by_value: bool = False) -> Optional[core.EntryInfo]:
    for info in core.entries(doc):
        span = info.value_span if by_value else info.name_span
        if info.first_line <= line <= info.last_line and (by_value or span[:2] == (line, column)):
            return info
    return None


def _delete_lines(doc, first: int, last: int) -> Edit:
    """Delete physical lines first..last with their newlines (the last line of a file without one too)."""
    n = len(core.lines(doc))
    if last < n:
        return Edit(Span(first, 1, last + 1, 1), "")
    text_lines = core.lines(doc)
    if first > 1:  # the file's last line: take the newline before it
        return Edit(Span(first - 1, len(text_lines[first - 2]) + 1, last, len(text_lines[last - 1]) + 1), "")
    return Edit(Span(first, 1, last, len(text_lines[last - 1]) + 1), "")


def duplicate(doc, p) -> Optional[Fix]:
    """PF010: delete the overridden definition (safe when its value is the winner's)."""
    info = _entry_at(doc, p.line, p.column)
    if info is None:
        return None
    winner = core.last_entries(doc).get(info.name)
    if winner is None or winner.raw is info.raw:
        return None
    same = winner.value == info.value
    return Fix(f"Remove the overridden {info.name} on line {info.first_line}",
               (_delete_lines(doc, info.first_line, info.last_line),), same)


def implicit_unit(doc, p) -> Optional[Fix]:
    """PF105: append the parameter's default unit to a bare number."""
    info = core.last_entries(doc)
    for e in info.values():
        if e.value_span[:2] == (p.line, p.column) or e.first_line <= p.line <= e.last_line:
            pi = core.param_info(e.name)
            if pi is None or pi.type != "time" or not pi.unit or not re.fullmatch(r"\+?[0-9]+", e.value):
                continue
            end = e.value_span
            return Fix(f"Write the unit: {e.name} = {e.value}{pi.unit}",
                       (Edit(Span(end.end_line, end.end_column, end.end_line, end.end_column), pi.unit),), True)
    return None


_UNUSED_ITEM = re.compile(r"unused suppression: no (PF\d{3}) ")


def unused_suppression(doc, p) -> Optional[Fix]:
    """PF090: delete an unused suppression (the rule out of the list, or the whole comment line)."""
    if not _UNUSED_ITEM.match(p.message):
        return None
    text_lines = core.lines(doc)
    if p.line > len(text_lines):
        return None
    line = text_lines[p.line - 1]
    if not line.lstrip(" \t\v\f\r").startswith("#"):
        return None
    m = re.match(r"([ \t\v\f\r]*#[ \t\v\f\r]*postfix-lint[ \t\v\f\r]*:[ \t\v\f\r]*[A-Za-z-]+=)([^ \t\v\f\r]*)", line)
    if not m:
        return None
    items = m.group(2).split(",")
    if len([i for i in items if i]) <= 1:
        return Fix("Remove the unused suppression comment", (_delete_lines(doc, p.line, p.line),), True)
    # Drop one item and one comma next to it.
    a, b = p.column - 1, p.end_column - 1
    if b < len(line) and line[b] == ",":
        b += 1
    elif a > 0 and line[a - 1] == ",":
        a -= 1
    return Fix(f"Remove {line[p.column - 1:p.end_column - 1]} from the suppression comment",
               (Edit(Span(p.line, a + 1, p.line, b + 1), ""),), True)


def upper_case_unit(doc, p) -> Optional[Fix]:
    """PF101: ``15M`` -> ``15m`` (unsafe: Postfix rejects the value today, the fix makes it mean something)."""
    for e in core.last_entries(doc).values():
        if not (e.first_line <= p.line <= e.last_line):
            continue
        m = re.fullmatch(r"(\+?[0-9]+)([SMHDW])", e.value)
        if m is None:
            return None
        start = len(m.group(1))
        return Fix(f"Lower-case the unit: {e.value} -> {m.group(1)}{m.group(2).lower()}",
                   (Edit(core.value_span(e, start, start + 1), m.group(2).lower()),), False)
    return None


def compound_time(doc, p) -> Optional[Fix]:
    """PF103: ``1h30m`` -> ``90m`` (unsafe: Postfix reads 1h today; the fix gives what was written)."""
    for e in core.last_entries(doc).values():
        if not (e.first_line <= p.line <= e.last_line):
            continue
        parts = re.findall(r"([0-9]+)([smhdw])", e.value)
        if not parts or "".join(n + u for n, u in parts) != e.value:
            return None
        total = sum(int(n) * _UNITS[u] for n, u in parts)
        for unit in ("w", "d", "h", "m", "s"):
            if total % _UNITS[unit] == 0:
                new = f"{total // _UNITS[unit]}{unit}"
                break
        return Fix(f"Write {e.value} as {new} ({total} s), what it looks like it means",
                   (Edit(e.value_span, new),), False)
    return None


def accidental_continuation(doc, p) -> Optional[Fix]:
    """PF004: remove the indentation of an assignment glued onto the previous value (unsafe: both
    parameters change)."""
    text_lines = core.lines(doc)
    if p.line > len(text_lines):
        return None
    line = text_lines[p.line - 1]
    indent = len(line) - len(line.lstrip(" \t\v\f\r"))
    if indent == 0 or indent != p.column - 1:
        return None
    glued = re.match(r"([A-Za-z0-9_.-]+)\s*=", line[indent:])
    if glued is None or glued.group(1) in core.last_entries(doc):
        # the new parameter would replace (or be replaced by) a definition the file already has
        return None
    return Fix("Remove the indentation: make it a parameter of its own", (Edit(Span(p.line, 1, p.line, p.column), ""),),
               False)


def byte_order_mark(doc, p) -> Optional[Fix]:
    """PF005: remove the BOM (unsafe: the first parameter starts to count)."""
    first = core.lines(doc)[0]
    if not first.startswith("\ufeff"):
        return None
    return Fix("Remove the byte order mark", (Edit(Span(1, 1, 1, 2), ""),), False)


def rename(doc, p) -> Optional[Fix]:
    """PF110: rename an unknown parameter to the did-you-mean suggestion (unsafe).

    Not offered when the suggested name is already defined in the file: the
    rename would silently replace that setting (or be replaced by it).
    """
    info = _entry_at(doc, p.line, p.column)
    if info is None:
        return None
    guess = core.suggest(info.name)
    if not guess or f"'{guess}'" not in p.message and guess not in p.message:
        return None
    if guess in core.last_entries(doc):
        # the suggested name is already set: renaming would override (or be overridden by) that setting
        return None
    return Fix(f"Rename {info.name} to {guess}", (Edit(info.name_span, guess),), False)


FIXERS: Dict[str, Callable] = {
    "PF004": accidental_continuation,
    "PF005": byte_order_mark,
    "PF010": duplicate,
    "PF090": unused_suppression,
    "PF101": upper_case_unit,
    "PF103": compound_time,
    "PF105": implicit_unit,
    "PF110": rename,
}


def fix_for(doc, problem) -> Optional[Fix]:
    """The fix the problem's rule offers, or None: one the rule attached to the problem
    (``Problem.fix``, core redesign), else this table's."""
    fix = core.problem_fix(problem)
    if fix is not None:
        return fix
    fn = FIXERS.get(problem.code)
    if fn is None:
        return None
    try:
        return fn(doc, problem)
    except (IndexError, ValueError):  # a fixer never breaks a lint
        return None
