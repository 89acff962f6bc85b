"""Shared by the time rules (PF101-PF106, PF201-PF207): how each reader fails on a time value."""

from __future__ import annotations

from typing import Iterator, List, Optional, Sequence, Tuple

from postfix_lint.analyse.context import Context
from postfix_lint.analyse.resolver import TimeSetting
from postfix_lint.postfix.values import seconds_text


def first_failure(settings: Sequence[TimeSetting]) -> Optional[Tuple[str, TimeSetting, List[str]]]:
    """(kind, setting, programs) for the first way the readers fail, or None.

    kind is 'reference' (expansion failed or a $name expanded to nothing),
    'syntax' (bad time value) or 'range'.
    """
    for kind in ("reference", "syntax", "range"):
        failing = [s for s in settings if classify(s) == kind]
        if failing:
            return kind, failing[0], [s.program for s in failing]
    return None


def failures(ctx: Context, kind: str) -> Iterator[Tuple[TimeSetting, List[str]]]:
    """(setting, programs) for each effective time parameter whose first failure is ``kind``."""
    for _entry, settings in ctx.time_settings:
        failure = first_failure(settings)
        if failure is not None and failure[0] == kind:
            yield failure[1], failure[2]


def classify(s: TimeSetting) -> str:
    """'reference', 'syntax', 'range' or '' (accepted) for one reader's setting."""
    if s.expanded is None:
        return "reference"
    if s.seconds is None:
        if s.empty_refs and (s.value is None or s.value.seconds is None):
            return "reference"
        return "syntax"
    if s.range_error:
        return "range"
    return ""


def qmgr_value(ctx: Context, name: str) -> Optional[TimeSetting]:
    """The queue manager's (or, for delay_warning_time, cleanup's) reading, or None if fatal."""
    s = ctx.resolver.time(name)
    return None if s.fatal else s


def describe(s: TimeSetting) -> str:
    """'maximal_queue_lifetime = 1d (86400 s (1 day), line 3)' or '... (..., Postfix's default)'."""
    where = "Postfix's default" if s.entry is None else f"line {s.entry.line}"
    return f"{s.name} = {s.raw} ({seconds_text(s.seconds)}, {where})"
