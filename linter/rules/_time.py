"""Shared by the time rules: every effective time parameter, as each reader sees it."""

from __future__ import annotations

from typing import List, Tuple

from postfix_lint import params
from postfix_lint.convert import seconds_text

RETRY_PARAMS = (
    "queue_run_delay",
    "minimal_backoff_time",
    "maximal_backoff_time",
    "maximal_queue_lifetime",
    "bounce_queue_lifetime",
    "delay_warning_time",
)


def time_settings(ctx) -> List[Tuple[object, list]]:
    """[(entry, [TimeSetting per reading program])] for time parameters set in main.cf."""
    hit = ctx.cache.get("time_settings")
    if hit is None:
        hit = []
        res = ctx.resolver
        for name, entry in ctx.doc.last().items():
            p = res.param(name)
            if p is not None and p.type == "time":
                hit.append((entry, res.time_all_readers(name)))
        ctx.cache["time_settings"] = hit
    return hit


def first_failure(settings):
    """(kind, setting, programs) for the first way the readers fail, or None.

    kind is 'reference' (expansion failed or a $name expanded to nothing),
    'syntax' (bad time value) or 'range'.
    """
    for kind in ("reference", "syntax", "range"):
        failing = [s for s in settings if classify(s) == kind]
        if failing:
            return kind, failing[0], [s.program for s in failing]
    return None


def failures(ctx, kind: str):
    """(setting, programs) for each effective time parameter whose first failure is ``kind``."""
    for _entry, settings in time_settings(ctx):
        failure = first_failure(settings)
        if failure is not None and failure[0] == kind:
            yield failure[1], failure[2]


def classify(s) -> str:
    if s.expanded is None:
        return "reference"
    if s.seconds is None:
        if s.empty_refs and (s.value is None or s.value.seconds is None):
            return "reference"
        return "syntax"
    if s.range_error:
        return "range"
    return ""


def programs_text(programs) -> str:
    progs = list(dict.fromkeys(programs))
    if progs == ["postfix"]:
        return "every Postfix program (postfix check and postfix start too)"
    return ", ".join(progs)


def qmgr_value(ctx, name):
    """The queue manager's (or, for delay_warning_time, cleanup's) reading, or None if fatal."""
    res = ctx.resolver
    s = res.time(name)
    if s.fatal:
        return None
    return s


def describe(s) -> str:
    """'maximal_queue_lifetime = 1d (86400 s (1 day))' or '... (Postfix's default)'."""
    where = "Postfix's default" if s.entry is None else f"line {s.entry.line}"
    return f"{s.name} = {s.raw} ({seconds_text(s.seconds)}, {where})"
