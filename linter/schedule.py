"""A pure model of qmgr's deferred-queue retry schedule for one message.

The model follows the reference (``shared/reference/postfix-main-cf.md`` §4),
i.e. Postfix 3.7's ``qmgr_deferred_run_event()``, ``qmgr_active_feed()`` and
``qmgr_active_done_25_generic()`` / ``qmgr_active_done_3_generic()``:

* **Scans.** The deferred queue is scanned every ``queue_run_delay`` seconds
  from a phase set by qmgr's start: scans happen at ``first_scan + k *
  queue_run_delay`` for every integer ``k`` (``first_scan`` is just one scan
  time; scans before it exist as well).
* **Eligibility.** A deferred message is taken by the first scan with
  ``due <= scan + 1`` (``st_mtime > time() + 1`` is skipped).  Timers have
  1-second granularity, so every time here is a whole number of seconds.
* **The initial attempt** happens at arrival (age 0); the article counts its
  failure at 09:15 as the start and numbers the *retries* 1, 2, ...; so does
  this model (``attempt`` 0 is the initial attempt).
* **After a failed attempt** (reported at ``start + attempt_duration``, qmgr's
  ``event_time()``), in this order:

  1. *expiry*: ``age >= L`` where ``L`` is ``maximal_queue_lifetime``, or for
     the null sender ``bounce_queue_lifetime`` after qmgr caps it at
     ``maximal_queue_lifetime``;
  2. *delay warning*, once, non-null senders only, when
     ``delay_warning_time > 0`` and ``failure >= arrival + delay_warning_time
     - 1`` (cleanup stores ``warn_time = arrival + delay_warning_time``; qmgr
     tests ``event_time() >= warn_time - 1``);
  3. *backoff*: ``due = failure + clamp(age, minimal_backoff_time,
     maximal_backoff_time)``, where the minimum wins if max < min.

Modelling decisions where the reference leaves room (all documented so the
lint rules and the CLI agree):

* Only scans *strictly after* the failure time can take the message again
  (the scan that started an attempt, and scans while the attempt runs, find it
  in the active queue, not in ``deferred/``).  This only matters when the
  effective backoff is 1 s or the attempt lasts a whole number of scan
  intervals.  Scans during an attempt are not reported at all.
* Idle scans (scans that leave the message alone because it is not yet due)
  are counted arithmetically between two consecutive attempts; up to
  :data:`IDLE_RUN_LIMIT` of them are reported one by one (kind ``"scan"``),
  longer runs as one event of kind ``"idle"`` with ``count``, ``time`` (the
  first scan) and ``last``.
* Once the backoff has reached its ceiling the schedule is periodic (the
  cadence of :func:`steady_cadence`), so when the event list is full
  (``max_events``) the rest of the schedule is computed in closed form: the
  summary is always exact and no input makes the loop long.

No I/O here: this module neither reads main.cf nor prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Dict, List, Mapping, Optional

DAY = 86400

#: Runs of more idle scans than this between two events become one ``idle`` event.
IDLE_RUN_LIMIT = 3

#: Default cap on the number of recorded events (the summary is never capped).
DEFAULT_MAX_EVENTS = 20000

#: Postfix 3.7 defaults, in seconds (reference §3.3).
POSTFIX_DEFAULTS: Dict[str, int] = {
    "queue_run_delay": 300,
    "minimal_backoff_time": 300,
    "maximal_backoff_time": 4000,
    "maximal_queue_lifetime": 5 * DAY,
    "bounce_queue_lifetime": 5 * DAY,
    "delay_warning_time": 0,
}

# Parameters qmgr refuses below 1 s (reference §3.4); the lifetimes and
# delay_warning_time may be 0.
_MIN_ONE = ("queue_run_delay", "minimal_backoff_time", "maximal_backoff_time")


@dataclass(frozen=True)
class RetryParams:
    """The effective retry parameters, in seconds (after defaults and ``$`` expansion).

    ``bounce_queue_lifetime`` is the configured value; the model applies qmgr's
    cap at ``maximal_queue_lifetime`` itself (see :attr:`effective_bounce_queue_lifetime`).
    """

    queue_run_delay: int
    minimal_backoff_time: int
    maximal_backoff_time: int
    maximal_queue_lifetime: int
    bounce_queue_lifetime: int
    delay_warning_time: int

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{f.name} must be an int number of seconds, not {value!r}")
            low = 1 if f.name in _MIN_ONE else 0
            if value < low:
                raise ValueError(f"{f.name} must be >= {low} (got {value})")

    @classmethod
    def from_mapping(cls, values: Mapping[str, int]) -> "RetryParams":
        """Build from ``{parameter name: seconds}``; missing names take Postfix's defaults."""
        unknown = set(values) - set(POSTFIX_DEFAULTS)
        if unknown:
            raise ValueError(f"not a retry parameter: {', '.join(sorted(unknown))}")
        merged = dict(POSTFIX_DEFAULTS)
        merged.update(values)
        return cls(**merged)

    @property
    def effective_bounce_queue_lifetime(self) -> int:
        """``bounce_queue_lifetime`` after qmgr's cap (``qmgr_post_init()``)."""
        return min(self.bounce_queue_lifetime, self.maximal_queue_lifetime)

    @property
    def steady_backoff(self) -> int:
        """The backoff once the age has passed ``maximal_backoff_time`` (min wins if max < min)."""
        return max(self.maximal_backoff_time, self.minimal_backoff_time)

    def lifetime(self, null_sender: bool = False) -> int:
        """The lifetime ``L`` qmgr's expiry test uses for this kind of sender."""
        return self.effective_bounce_queue_lifetime if null_sender else self.maximal_queue_lifetime

    def backoff(self, age: int) -> int:
        """``clamp(age, minimal_backoff_time, maximal_backoff_time)`` in qmgr's order."""
        delay = age
        if delay > self.maximal_backoff_time:
            delay = self.maximal_backoff_time
        if delay < self.minimal_backoff_time:
            delay = self.minimal_backoff_time
        return delay

    def as_dict(self) -> Dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Event:
    """One line of the schedule.

    ``time`` is in seconds since midnight of day 0, ``age`` is ``time - arrival``.

    * ``attempt``: a delivery attempt starting at ``time``; ``attempt`` is 0 for
      the initial attempt, N for the N-th retry; ``failure`` is when it failed;
      ``due`` is the resulting "not before" time, or None if the message expired.
    * ``warning``: the delay notice, at the failure time of attempt ``attempt``.
    * ``bounce``: expiry at the failure time of attempt ``attempt``.
    * ``scan``: a scan that leaves the message alone; ``due`` is what it waits for.
    * ``idle``: ``count`` consecutive such scans, from ``time`` to ``last``.
    """

    time: int
    kind: str
    age: int
    attempt: Optional[int] = None
    note: str = ""
    due: Optional[int] = None
    failure: Optional[int] = None
    count: int = 1
    last: Optional[int] = None

    @property
    def first(self) -> int:
        """First scan of an ``idle`` run (the same as ``time``)."""
        return self.time

    def to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {
            "time": clock(self.time),
            "day": day_of(self.time),
            "age_seconds": self.age,
            "kind": self.kind,
            "attempt": self.attempt,
            "note": self.note,
        }
        if self.due is not None:
            out["due"] = clock(self.due)
            out["due_day"] = day_of(self.due)
        if self.kind == "attempt" and self.failure is not None:
            out["failure"] = clock(self.failure)
            out["failure_day"] = day_of(self.failure)
        if self.kind == "idle":
            out["count"] = self.count
            out["first"] = clock(self.time)
            out["last"] = clock(self.last if self.last is not None else self.time)
            out["last_day"] = day_of(self.last if self.last is not None else self.time)
        return out


@dataclass(frozen=True)
class Summary:
    """Figures about the whole schedule (exact even when ``events`` was capped).

    ``attempts`` counts the initial attempt, ``retries`` does not.  The bounce
    happens at ``bounce_time`` (the failure time of the last attempt), at age
    ``bounce_age``, ``after_lifetime`` seconds after ``lifetime`` (the ``L`` of
    ``lifetime_parameter``).  ``warning_time`` is None when no delay notice is
    sent.  ``steady_cadence`` is the interval between retries once the backoff
    sits at its ceiling; ``reaches_steady_backoff`` says whether this message
    ever gets there before it bounces.
    """

    arrival: int
    first_scan: int
    attempt_duration: int
    null_sender: bool
    attempts: int
    retries: int
    first_retry_time: Optional[int]
    bounce_time: int
    bounce_age: int
    lifetime: int
    lifetime_parameter: str
    after_lifetime: int
    warning_time: Optional[int]
    warning_attempt: Optional[int]
    warning_due: Optional[int]
    steady_cadence: int
    reaches_steady_backoff: bool
    idle_scans: int
    truncated: bool

    def to_json(self) -> Dict[str, Any]:
        def at(t: Optional[int]) -> Optional[Dict[str, Any]]:
            return None if t is None else {"time": clock(t), "day": day_of(t), "age_seconds": t - self.arrival}

        return {
            "arrival": at(self.arrival),
            "first_scan": clock(self.first_scan),
            "attempt_duration_seconds": self.attempt_duration,
            "null_sender": self.null_sender,
            "attempts": self.attempts,
            "retries": self.retries,
            "first_retry": at(self.first_retry_time),
            "bounce": at(self.bounce_time),
            "lifetime_parameter": self.lifetime_parameter,
            "lifetime_seconds": self.lifetime,
            "bounce_after_lifetime_seconds": self.after_lifetime,
            "warning": at(self.warning_time),
            "warning_attempt": self.warning_attempt,
            "steady_cadence_seconds": self.steady_cadence,
            "reaches_steady_backoff": self.reaches_steady_backoff,
            "idle_scans": self.idle_scans,
            "truncated": self.truncated,
        }


@dataclass(frozen=True)
class Schedule:
    params: RetryParams
    events: List[Event] = field(default_factory=list)
    summary: Optional[Summary] = None

    def to_json(self, idle_scans: bool = True) -> Dict[str, Any]:
        """``{"parameters": {...seconds...}, "events": [...], "summary": {...}}``.

        Idle runs longer than :data:`IDLE_RUN_LIMIT` appear as one event of
        kind ``"idle"`` with ``count``/``first``/``last``; ``idle_scans=False``
        drops ``scan`` and ``idle`` events.
        """
        parameters = self.params.as_dict()
        parameters["effective_bounce_queue_lifetime"] = self.params.effective_bounce_queue_lifetime
        return {
            "parameters": parameters,
            "events": [e.to_json() for e in self.events if idle_scans or e.kind not in ("scan", "idle")],
            "summary": self.summary.to_json() if self.summary is not None else None,
        }


# --------------------------------------------------------------------------- #
# Time helpers


def day_of(t: int) -> int:
    return t // DAY


def clock(t: int) -> str:
    """``HH:MM:SS`` of a time in seconds since midnight of day 0."""
    s = t % DAY
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _short_clock(t: int, ref_day: int) -> str:
    """``HH:MM`` (``HH:MM:SS`` if needed), prefixed with ``+Nd`` when on another day than ``ref_day``."""
    s = t % DAY
    text = f"{s // 3600:02d}:{s % 3600 // 60:02d}" + (f":{s % 60:02d}" if s % 60 else "")
    days = day_of(t) - ref_day
    return f"{days:+d}d {text}" if days else text


def duration(seconds: int) -> str:
    """Compact duration: ``0s``, ``15m``, ``1h50m``, ``1d50m``, ``2s``."""
    if seconds < 0:
        return "-" + duration(-seconds)
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in (("d", DAY), ("h", 3600), ("m", 60), ("s", 1)):
        n, seconds = divmod(seconds, size)
        if n:
            parts.append(f"{n}{unit}")
    return "".join(parts)


def _scan_after(t: int, phase: int, q: int) -> int:
    """First scan strictly after ``t``."""
    return t + 1 + (phase - t - 1) % q


def _scan_at_or_after(t: int, phase: int, q: int) -> int:
    return t + (phase - t) % q


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def steady_cadence(params: RetryParams, attempt_duration: int = 0) -> int:
    """Seconds between retries once the backoff is at its ceiling.

    A retry starts at a scan ``s`` and fails at ``s + d``; the message is due
    at ``s + d + B`` (``B`` = :attr:`RetryParams.steady_backoff`) and is taken
    by the first scan ``> s + d`` with ``scan + 1 >= due``.  Hence
    ``Q * max(ceil((B + d - 1) / Q), d // Q + 1)``; the second term only
    matters when ``B`` is 1 s (reference §7 item 5 gives the first).
    """
    q, b, d = params.queue_run_delay, params.steady_backoff, attempt_duration
    return q * max(_ceil_div(b + d - 1, q), d // q + 1)


# --------------------------------------------------------------------------- #
# The model


def simulate(
    params: RetryParams,
    *,
    arrival: int,
    first_scan: Optional[int] = None,
    attempt_duration: int = 0,
    null_sender: bool = False,
    max_events: int = DEFAULT_MAX_EVENTS,
    idle_run_limit: int = IDLE_RUN_LIMIT,
    notes: bool = True,
) -> Schedule:
    """Simulate one message from arrival until it bounces.

    ``arrival`` and ``first_scan`` are seconds since midnight of day 0
    (09:15 is ``9*3600 + 15*60``).  ``first_scan`` is the time of any one
    deferred-queue scan (the phase); by default a scan falls in the arrival
    second, i.e. the message arrives just after a scan.  Every attempt fails
    ``attempt_duration`` seconds after it starts.  ``null_sender`` selects the
    ``<>`` sender (``bounce_queue_lifetime``, no delay warning).

    At most ``max_events`` events are recorded (0 records none, for callers
    that only need the summary); the summary is always complete.
    ``notes=False`` leaves every event's ``note`` empty (the lint rules do
    not show them, and formatting them is most of the time taken).
    """
    if attempt_duration < 0:
        raise ValueError("attempt_duration must be >= 0")
    if max_events < 0:
        raise ValueError("max_events must be >= 0")
    q = params.queue_run_delay
    d = attempt_duration
    phase = (arrival if first_scan is None else first_scan) % q
    lifetime = params.lifetime(null_sender)
    lifetime_name = "bounce_queue_lifetime" if null_sender else "maximal_queue_lifetime"
    warn_at: Optional[int] = None
    if params.delay_warning_time > 0 and not null_sender:
        warn_at = arrival + params.delay_warning_time
    steady_b = params.steady_backoff
    cadence = steady_cadence(params, d)

    events: List[Event] = []
    truncated = False

    def emit(event: Event) -> None:
        nonlocal truncated
        if len(events) < max_events:
            events.append(event)
        else:
            truncated = True

    n = 0
    start = arrival
    idle_total = 0
    first_retry: Optional[int] = None
    warning_time: Optional[int] = None
    warning_attempt: Optional[int] = None
    reached_steady = False

    while True:
        fail = start + d
        age = fail - arrival
        fail_text = "" if d == 0 or not notes else f" at {_short_clock(fail, day_of(start))}"

        # 1. expiry
        if age >= lifetime:
            emit(Event(start, "attempt", start - arrival, n,
                       f"fails{fail_text} (age {duration(age)}): expired" if notes else "", failure=fail))
            fate = ("non-delivery notice discarded unless notify_classes has bounce or 2bounce"
                    if null_sender else "returned to sender")
            emit(Event(fail, "bounce", age, n,
                       f"age {duration(age)} >= {lifetime_name} {duration(lifetime)}"
                       f" ({duration(age - lifetime)} after it): {fate}" if notes else ""))
            break

        # 3. backoff (computed before emitting so the attempt note can show it)
        delay = params.backoff(age)
        due = fail + delay
        nxt = max(_scan_after(fail, phase, q), _scan_at_or_after(due - 1, phase, q))
        emit(Event(start, "attempt", start - arrival, n,
                   f"fails{fail_text}; deferred until {_short_clock(due, day_of(start))}"
                   f" (backoff {duration(delay)})" if notes else "", due=due, failure=fail))

        # 2. delay warning (after the expiry test, before the backoff in qmgr;
        #    the order of the two only matters for the listing)
        if warn_at is not None and warning_time is None and fail >= warn_at - 1:
            warning_time, warning_attempt = fail, n
            emit(Event(fail, "warning", age, n,
                       f"delay notice to the sender (delay_warning_time {duration(params.delay_warning_time)})"
                       if notes else ""))

        # idle scans between this failure and the next attempt
        first_idle = _scan_after(fail, phase, q)
        count = (nxt - first_idle) // q
        idle_total += count
        if count > idle_run_limit:
            last = nxt - q
            emit(Event(first_idle, "idle", first_idle - arrival, None,
                       f"\u2026 {count} idle scans \u2026 ({_short_clock(first_idle, day_of(first_idle))}"
                       f" to {_short_clock(last, day_of(first_idle))}),"
                       f" due at {_short_clock(due, day_of(first_idle))}" if notes else "",
                       due=due, count=count, last=last))
        else:
            for k in range(count):
                t = first_idle + k * q
                emit(Event(t, "scan", t - arrival, None,
                           f"not due: due at {_short_clock(due, day_of(t))}" if notes else "", due=due))

        if n >= 1 and delay == steady_b:
            reached_steady = True
            if truncated:
                # Periodic from here: attempt n+j starts at start + j*cadence.
                j_end = _ceil_div(lifetime - age, cadence)  # >= 1 since age < lifetime
                if warn_at is not None and warning_time is None:
                    j_warn = max(1, _ceil_div(warn_at - 1 - fail, cadence))
                    if j_warn < j_end:
                        warning_time, warning_attempt = fail + j_warn * cadence, n + j_warn
                per_gap = cadence // q - 1 - d // q
                idle_total += (j_end - 1) * per_gap
                n += j_end
                start += j_end * cadence
                fail = start + d
                age = fail - arrival
                break

        if n == 0:
            first_retry = nxt
        start = nxt
        n += 1

    summary = Summary(
        arrival=arrival,
        first_scan=arrival if first_scan is None else first_scan,
        attempt_duration=d,
        null_sender=null_sender,
        attempts=n + 1,
        retries=n,
        first_retry_time=first_retry,
        bounce_time=fail,
        bounce_age=age,
        lifetime=lifetime,
        lifetime_parameter=lifetime_name,
        after_lifetime=age - lifetime,
        warning_time=warning_time,
        warning_attempt=warning_attempt,
        warning_due=warn_at,
        steady_cadence=cadence,
        reaches_steady_backoff=reached_steady,
        idle_scans=idle_total,
        truncated=truncated,
    )
    return Schedule(params=params, events=events, summary=summary)


# --------------------------------------------------------------------------- #
# Text output


def format_text(schedule: Schedule, *, idle_scans: bool = True) -> str:
    """A table like the article's (time, day offset, age, event, note) plus a summary line.

    Runs of more than :data:`IDLE_RUN_LIMIT` idle scans between two events
    are already one ``idle`` event ("… N idle scans …"); ``idle_scans=False``
    hides scans altogether.
    """
    p = schedule.params
    lines = [
        "parameters: "
        + ", ".join(f"{name} {duration(value)}" for name, value in p.as_dict().items())
        + (
            f" (capped at {duration(p.effective_bounce_queue_lifetime)})"
            if p.bounce_queue_lifetime > p.maximal_queue_lifetime
            else ""
        ),
    ]
    rows = [("time", "day", "age", "event", "note")]
    for e in schedule.events:
        if e.kind in ("scan", "idle") and not idle_scans:
            continue
        if e.kind == "attempt":
            label = "initial attempt" if e.attempt == 0 else f"retry {e.attempt}"
        elif e.kind == "idle":
            label = "idle scans"
        else:
            label = e.kind
        rows.append((clock(e.time), f"+{day_of(e.time)}", duration(e.age), label, e.note))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        lines.append("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    s = schedule.summary
    if s is not None:
        if s.truncated:
            lines.append(f"\u2026 listing truncated after {len(schedule.events)} events \u2026")
        lines.append("summary: " + summary_text(s))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def summary_text(s: Summary) -> str:
    """One-line summary: attempts, bounce time, delay beyond the lifetime, warning, cadence."""
    ref = day_of(s.arrival)
    parts = [
        f"{s.retries} {'retry' if s.retries == 1 else 'retries'} after the initial attempt"
        f" ({s.attempts} {'attempt' if s.attempts == 1 else 'attempts'})",
        f"bounce at {_short_clock(s.bounce_time, ref)} (age {duration(s.bounce_age)}),"
        f" {duration(s.after_lifetime)} after the {duration(s.lifetime)} {s.lifetime_parameter}",
    ]
    if s.warning_time is not None:
        which = "initial attempt" if s.warning_attempt == 0 else f"retry {s.warning_attempt}"
        parts.append(f"delay warning at {_short_clock(s.warning_time, ref)} ({which})")
    elif s.warning_due is not None:
        parts.append("no delay warning (the message bounces first)")
    else:
        parts.append("no delay warning")
    parts.append(f"steady retry cadence {duration(s.steady_cadence)}"
                 + ("" if s.reaches_steady_backoff else " (not reached)"))
    return "; ".join(parts)


# --------------------------------------------------------------------------- #
# Helpers for lint rules
#
# Rules have no message to look at, so they use one fixed, documented
# assumption: the message arrives at 00:00:00 of day 0 in the same second as
# a deferred-queue scan (i.e. just after it), and every attempt fails at once
# (attempt_duration 0, e.g. "connection refused").  This is the idealised
# schedule in which each retry happens as soon as the scan grid allows; a
# slower attempt can only delay retries (fewer attempts; see §4.7 of the
# reference).  Every helper accepts the same keyword arguments to override it.


def _rule_summary(params: RetryParams, *, null_sender: bool = False, attempt_duration: int = 0,
                  arrival: int = 0, first_scan: Optional[int] = None) -> Summary:
    schedule = simulate(params, arrival=arrival, first_scan=first_scan, attempt_duration=attempt_duration,
                        null_sender=null_sender, max_events=0)
    assert schedule.summary is not None
    return schedule.summary


def attempts_before_bounce(params: RetryParams, **assumptions: Any) -> int:
    """Delivery attempts, the initial one included, before the message bounces.

    27 for the seed article's values (its "26th retry" is the 27th attempt).
    Keyword arguments: ``null_sender``, ``attempt_duration``, ``arrival``,
    ``first_scan`` (see the assumptions above).
    """
    return _rule_summary(params, **assumptions).attempts


def retries_before_bounce(params: RetryParams, **assumptions: Any) -> int:
    """Retries (attempts after the initial one) before the message bounces; 0 means "tried once"."""
    return _rule_summary(params, **assumptions).retries


def first_retry_delay(params: RetryParams, **assumptions: Any) -> Optional[int]:
    """Seconds from arrival to the first retry, or None if the first failure already expires it."""
    s = _rule_summary(params, **assumptions)
    return None if s.first_retry_time is None else s.first_retry_time - s.arrival


def bounce_delay_beyond_lifetime(params: RetryParams, **assumptions: Any) -> int:
    """How long after the lifetime the bounce comes (expiry is only tested after an attempt).

    Under other phases it can reach almost ``steady_backoff + queue_run_delay
    + attempt_duration``.
    """
    return _rule_summary(params, **assumptions).after_lifetime


def bounce_age(params: RetryParams, **assumptions: Any) -> int:
    """The message's age when it bounces."""
    return _rule_summary(params, **assumptions).bounce_age


def delay_warning_time_of(params: RetryParams, **assumptions: Any) -> Optional[int]:
    """Age at which the delay notice is sent, or None if none is sent."""
    s = _rule_summary(params, **assumptions)
    return None if s.warning_time is None else s.warning_time - s.arrival


def delay_warning_after_bounce(params: RetryParams, **assumptions: Any) -> bool:
    """True when ``delay_warning_time`` is set but the message bounces before any notice goes out.

    (The expiry test comes first, so a warning due at the bounce attempt is not sent.)
    Always False for the null sender and when ``delay_warning_time`` is 0.
    """
    s = _rule_summary(params, **assumptions)
    return s.warning_due is not None and s.warning_time is None
