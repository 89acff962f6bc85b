"""Text and JSON renderings of a retry schedule (:mod:`postfix_lint.postfix.retry`).

The model records numbers only; this module turns them into what
``postfix-lint schedule`` prints: the per-event notes ("fails; deferred until
09:30 (backoff 15m)"), the article-style table with its summary line, the
header that says where each parameter's value came from and what the run
assumes, and the JSON document of ``--format json``.  Pure functions of
their arguments; nothing here reads or prints.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from postfix_lint.postfix.retry import DAY, IDLE_RUN_LIMIT, PARAMETERS, Event, Schedule, Summary, duration

__all__ = ["clock", "day_of", "duration", "event_note", "format_text", "table_lines", "summary_text",
           "to_json", "render_text", "fatal_text"]


def day_of(t: int) -> int:
    """The day offset of a time in seconds since midnight of day 0."""
    return t // DAY


def clock(t: int) -> str:
    """``HH:MM:SS`` of a time in seconds since midnight of day 0."""
    s = t % DAY
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def short_clock(t: int, ref_day: int) -> str:
    """``HH:MM`` (``HH:MM:SS`` if needed), prefixed with ``+Nd`` when on another day than ``ref_day``."""
    s = t % DAY
    text = f"{s // 3600:02d}:{s % 3600 // 60:02d}" + (f":{s % 60:02d}" if s % 60 else "")
    days = day_of(t) - ref_day
    return f"{days:+d}d {text}" if days else text


# --------------------------------------------------------------------------- notes


def event_note(event: Event, schedule: Schedule) -> str:
    """The note column of one event, e.g. ``fails; deferred until 09:30 (backoff 15m)``."""
    e, s, p = event, schedule.summary, schedule.params
    assert s is not None
    if e.kind == "attempt":
        assert e.failure is not None
        fail_at = f" at {short_clock(e.failure, day_of(e.time))}" if s.attempt_duration else ""
        if e.due is None:
            return f"fails{fail_at} (age {duration(e.failure - s.arrival)}): expired"
        return (f"fails{fail_at}; deferred until {short_clock(e.due, day_of(e.time))}"
                f" (backoff {duration(e.due - e.failure)})")
    if e.kind == "bounce":
        fate = ("non-delivery notice discarded unless notify_classes has bounce or 2bounce"
                if s.null_sender else "returned to sender")
        return (f"age {duration(e.age)} >= {s.lifetime_parameter} {duration(s.lifetime)}"
                f" ({duration(e.age - s.lifetime)} after it): {fate}")
    if e.kind == "warning":
        return f"delay notice to the sender (delay_warning_time {duration(p.delay_warning_time)})"
    assert e.due is not None
    if e.kind == "idle":
        last = e.last if e.last is not None else e.time
        ref = day_of(e.time)
        return (f"\u2026 {e.count} idle scans \u2026 ({short_clock(e.time, ref)} to {short_clock(last, ref)}),"
                f" due at {short_clock(e.due, ref)}")
    return f"not due: due at {short_clock(e.due, day_of(e.time))}"


def _label(e: Event) -> str:
    if e.kind == "attempt":
        return "initial attempt" if e.attempt == 0 else f"retry {e.attempt}"
    return "idle scans" if e.kind == "idle" else e.kind


def _shown(schedule: Schedule, idle_scans: bool) -> List[Event]:
    return [e for e in schedule.events if idle_scans or e.kind not in ("scan", "idle")]


# --------------------------------------------------------------------------- text


def table_lines(schedule: Schedule, *, idle_scans: bool = True) -> List[str]:
    """The table (time, day offset, age, event, note) and the summary line, as lines."""
    rows = [("time", "day", "age", "event", "note")]
    for e in _shown(schedule, idle_scans):
        rows.append((clock(e.time), f"+{day_of(e.time)}", duration(e.age), _label(e), event_note(e, schedule)))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4]).rstrip() for r in rows]
    s = schedule.summary
    if s is not None:
        if s.truncated:
            lines.append(f"\u2026 listing truncated after {len(schedule.events)} events \u2026")
        lines.append("summary: " + summary_text(s))
    return lines


def format_text(schedule: Schedule, *, idle_scans: bool = True) -> str:
    """The parameters on one line, then :func:`table_lines`.

    Runs of more than :data:`~postfix_lint.postfix.retry.IDLE_RUN_LIMIT` idle
    scans are already one ``idle`` event ("… N idle scans …");
    ``idle_scans=False`` hides scans altogether.
    """
    p = schedule.params
    capped = (f" (capped at {duration(p.effective_bounce_queue_lifetime)})"
              if p.bounce_queue_lifetime > p.maximal_queue_lifetime else "")
    head = "parameters: " + ", ".join(f"{n} {duration(v)}" for n, v in p.as_dict().items()) + capped
    return "\n".join([head] + table_lines(schedule, idle_scans=idle_scans)) + "\n"


def summary_text(s: Summary) -> str:
    """One-line summary: attempts, bounce time, delay beyond the lifetime, warning, cadence."""
    ref = day_of(s.arrival)
    parts = [
        f"{s.retries} {'retry' if s.retries == 1 else 'retries'} after the initial attempt"
        f" ({s.attempts} {'attempt' if s.attempts == 1 else 'attempts'})",
        f"bounce at {short_clock(s.bounce_time, ref)} (age {duration(s.bounce_age)}),"
        f" {duration(s.after_lifetime)} after the {duration(s.lifetime)} {s.lifetime_parameter}",
    ]
    if s.warning_time is not None:
        which = "initial attempt" if s.warning_attempt == 0 else f"retry {s.warning_attempt}"
        parts.append(f"delay warning at {short_clock(s.warning_time, ref)} ({which})")
    elif s.warning_due is not None:
        parts.append("no delay warning (the message bounces first)")
    else:
        parts.append("no delay warning")
    parts.append(f"steady retry cadence {duration(s.steady_cadence)}"
                 + ("" if s.reaches_steady_backoff else " (not reached)"))
    return "; ".join(parts)


# --------------------------------------------------------------------------- JSON


def _event_json(e: Event, schedule: Schedule) -> Dict[str, Any]:
    out: Dict[str, Any] = {"time": clock(e.time), "day": day_of(e.time), "age_seconds": e.age, "kind": e.kind,
                           "attempt": e.attempt, "note": event_note(e, schedule)}
    if e.due is not None:
        out["due"] = clock(e.due)
        out["due_day"] = day_of(e.due)
    if e.kind == "attempt" and e.failure is not None:
        out["failure"] = clock(e.failure)
        out["failure_day"] = day_of(e.failure)
    if e.kind == "idle":
        last = e.last if e.last is not None else e.time
        out.update(count=e.count, first=clock(e.time), last=clock(last), last_day=day_of(last))
    return out


def _summary_json(s: Summary) -> Dict[str, Any]:
    def at(t: Optional[int]) -> Optional[Dict[str, Any]]:
        return None if t is None else {"time": clock(t), "day": day_of(t), "age_seconds": t - s.arrival}

    return {
        "arrival": at(s.arrival),
        "first_scan": clock(s.first_scan),
        "attempt_duration_seconds": s.attempt_duration,
        "null_sender": s.null_sender,
        "attempts": s.attempts,
        "retries": s.retries,
        "first_retry": at(s.first_retry_time),
        "bounce": at(s.bounce_time),
        "lifetime_parameter": s.lifetime_parameter,
        "lifetime_seconds": s.lifetime,
        "bounce_after_lifetime_seconds": s.after_lifetime,
        "warning": at(s.warning_time),
        "warning_attempt": s.warning_attempt,
        "steady_cadence_seconds": s.steady_cadence,
        "reaches_steady_backoff": s.reaches_steady_backoff,
        "idle_scans": s.idle_scans,
        "truncated": s.truncated,
    }


def to_json(schedule: Schedule, *, idle_scans: bool = True) -> Dict[str, Any]:
    """``{"parameters": {...seconds...}, "events": [...], "summary": {...}}``.

    Idle runs appear as one event of kind ``"idle"`` with ``count``/``first``/``last``;
    ``idle_scans=False`` drops ``scan`` and ``idle`` events.
    """
    parameters: Dict[str, Any] = schedule.params.as_dict()
    parameters["effective_bounce_queue_lifetime"] = schedule.params.effective_bounce_queue_lifetime
    return {
        "parameters": parameters,
        "events": [_event_json(e, schedule) for e in _shown(schedule, idle_scans)],
        "summary": _summary_json(schedule.summary) if schedule.summary is not None else None,
    }


# --------------------------------------------------------------------------- the command's text


def fatal_text(s) -> str:
    """Why a retry parameter (a ``resolver.TimeSetting``) is fatal: ``queue_run_delay = 15M (line 3): ...``."""
    where = "Postfix's default" if s.entry is None else f"line {s.entry.line}"
    if s.expanded is None:
        why = f"cannot be expanded ({s.error})" if s.error else "cannot be expanded"
    elif s.seconds is None:
        reason = s.value.reason if s.value is not None and s.value.reason else "bad time value or unit"
        refs = f"; ${', $'.join(s.empty_refs)} expands to nothing in {s.program}" if s.empty_refs else ""
        shown = "" if s.expanded == s.raw else f" (expanded: {s.expanded!r})"
        why = f"bad time value or unit{shown}: {reason}{refs}"
    else:
        why = f"out of range: {s.range_error}"
    return f"{s.name} = {s.raw} ({where}): {why}; {s.program} would exit at start"


def _scan_text(q: int, phase_time: int) -> str:
    """'every 15m, at :05, :20, :35 and :50 past each hour' or 'every 7m, one of them at 09:05:00'."""
    if q < 3600 and 3600 % q == 0 and 3600 // q <= 6 and q % 60 == 0 and phase_time % 60 == 0:
        minutes = sorted({(phase_time // 60 + k * q // 60) % 60 for k in range(3600 // q)})
        marks = [f":{m:02d}" for m in minutes]
        listed = marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " and " + marks[-1]
        return f"every {duration(q)}, at {listed} past each hour"
    return f"every {duration(q)}, one of them at {clock(phase_time)}"


def _source(s) -> str:
    if s.entry is None:
        return f"Postfix's default {s.raw}"
    text = f"line {s.entry.line}: {s.raw}"
    if s.expanded is not None and s.expanded != s.raw:
        text += f" = {s.expanded}"
    return text


def render_text(shown: str, settings: Mapping[str, Any], schedule: Schedule, *, idle_scans: bool = True,
                release: Optional[str] = None) -> str:
    """What ``postfix-lint schedule`` prints: the parameters with their source, the assumptions, the table.

    ``settings`` maps each name of :data:`~postfix_lint.postfix.retry.PARAMETERS`
    to its ``resolver.TimeSetting``; the assumptions come from the schedule's summary.
    """
    p, sm = schedule.params, schedule.summary
    assert sm is not None
    width = max(len(n) for n in PARAMETERS)
    vwidth = max(len(duration(s.seconds)) for s in settings.values())
    # the queue manager's retry algorithm is the same from 3.5 to 3.12 (postfix-versions.md section 3.7)
    model = f"Postfix {release} queue manager" if release else "Postfix 3.5 - 3.12 queue manager"
    lines = [f"Retry schedule for {shown} ({model})"]
    for name, s in settings.items():
        note = ""
        if name == "bounce_queue_lifetime":
            if p.bounce_queue_lifetime > p.maximal_queue_lifetime:
                note = f"; qmgr caps it at maximal_queue_lifetime: {duration(p.effective_bounce_queue_lifetime)}"
            note += "; for null-sender mail"
        elif name == "delay_warning_time":
            note = "; off" if s.seconds == 0 else ""
            if sm.null_sender:
                note += "; not for null-sender mail"
        lines.append(f"  {name:<{width}}  {duration(s.seconds):<{vwidth}}  ({_source(s)}{note})")
    sender = "the null sender <> (bounce_queue_lifetime applies)" if sm.null_sender else "a normal sender"
    took = f"{duration(sm.attempt_duration)} after it starts" if sm.attempt_duration else "at once"
    lines += [
        "assuming:",
        f"  a message from {sender} arrives at {clock(sm.arrival)} on day +0 and its first attempt fails (--arrival)",
        f"  the deferred queue is scanned {_scan_text(p.queue_run_delay, sm.first_scan)}"
        " (--first-scan; set by qmgr's last start or reload)",
        f"  every delivery attempt fails {took} (--attempt-duration)",
    ]
    if idle_scans:
        lines.append(f"  scans that find the message not yet due are listed ('scan'), runs of more than"
                     f" {IDLE_RUN_LIMIT} as one line (--no-idle-scans hides them)")
    lines.append("")
    lines += table_lines(schedule, idle_scans=idle_scans)
    return "\n".join(lines) + "\n"
