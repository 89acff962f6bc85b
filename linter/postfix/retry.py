"""A pure model of qmgr's deferred-queue retry schedule for one message (data only).

Postfix 3.7's ``qmgr_deferred_run_event()``, ``qmgr_active_feed()`` and
``qmgr_active_done_25_generic()`` / ``qmgr_active_done_3_generic()``, as the
reference notes (``shared/reference/postfix-main-cf.md`` §4) describe them.
Scans of the deferred queue happen at ``first_scan + k * queue_run_delay``
for every integer ``k``; a deferred message is taken by the first scan with
``due <= scan + 1`` (qmgr skips ``st_mtime > time() + 1``), and only by a scan
strictly after its last failure (earlier scans find it in the active queue).
After each failed attempt, at ``start + attempt_duration`` (qmgr's
``event_time()``), qmgr tests in this order: *expiry* (``age >= L``, ``L``
being ``maximal_queue_lifetime``, or for the null sender
``bounce_queue_lifetime`` capped at it), the *delay warning* (once, non-null
senders, ``failure >= arrival + delay_warning_time - 1``: cleanup stores
``warn_time`` and qmgr compares ``event_time() >= warn_time - 1``), then the
*backoff* ``due = failure + clamp(age, minimal_backoff_time,
maximal_backoff_time)`` where the minimum wins.  Times are whole seconds
since midnight of day 0.  Idle scans are counted arithmetically; runs longer
than ``idle_run_limit`` become one ``idle`` event.  Once the backoff sits at
its ceiling the schedule is periodic (:func:`steady_cadence`), so when the
event list is full the rest is computed in closed form: the summary is
always exact and no input makes the loop long.  No I/O and no text here:
:mod:`postfix_lint.report.schedule` renders it.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from postfix_lint.postfix.record import Record

DAY = 86400

#: The retry parameters of the model, in qmgr's reading order (reference §3.4);
#: ``delay_warning_time`` is read by cleanup, which stamps the warning time.
PARAMETERS = (
    "queue_run_delay",
    "minimal_backoff_time",
    "maximal_backoff_time",
    "maximal_queue_lifetime",
    "bounce_queue_lifetime",
    "delay_warning_time",
)

#: Runs of more idle scans than this between two events become one ``idle`` event.
IDLE_RUN_LIMIT = 3

#: Default cap on the number of recorded events (the summary is never capped).
DEFAULT_MAX_EVENTS = 20000

# Parameters qmgr refuses below 1 s (reference §3.4); the lifetimes and
# delay_warning_time may be 0.
_MIN_ONE = ("queue_run_delay", "minimal_backoff_time", "maximal_backoff_time")


class RetryParams(Record):
    """The effective retry parameters, in seconds (after defaults and ``$`` expansion).

    Raises TypeError for a value that is not an int, ValueError below qmgr's
    minimum (1 s for the three scan/backoff times, 0 for the others).
    ``bounce_queue_lifetime`` is the configured value; qmgr's cap at
    ``maximal_queue_lifetime`` (``qmgr_post_init()``) is
    :attr:`effective_bounce_queue_lifetime`.
    """

    _FIELDS = ("queue_run_delay", "minimal_backoff_time", "maximal_backoff_time", "maximal_queue_lifetime",
               "bounce_queue_lifetime", "delay_warning_time")
    __slots__ = _FIELDS
    queue_run_delay: int
    minimal_backoff_time: int
    maximal_backoff_time: int
    maximal_queue_lifetime: int
    bounce_queue_lifetime: int
    delay_warning_time: int

    def __init__(self, queue_run_delay: int, minimal_backoff_time: int, maximal_backoff_time: int,
                 maximal_queue_lifetime: int, bounce_queue_lifetime: int, delay_warning_time: int) -> None:
        values = (queue_run_delay, minimal_backoff_time, maximal_backoff_time, maximal_queue_lifetime,
                  bounce_queue_lifetime, delay_warning_time)
        self._set(values)
        for name, value in zip(self._FIELDS, values):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int number of seconds, not {value!r}")
            low = 1 if name in _MIN_ONE else 0
            if value < low:
                raise ValueError(f"{name} must be >= {low} (got {value})")

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
        return max(min(age, self.maximal_backoff_time), self.minimal_backoff_time)

    def as_dict(self) -> Dict[str, int]:
        """``{parameter name: seconds}`` in :data:`PARAMETERS` order."""
        return {name: getattr(self, name) for name in self._FIELDS}


class Event(Record):
    """One line of the schedule; ``time`` in seconds since midnight of day 0, ``age = time - arrival``.

    * ``attempt``: a delivery attempt starting at ``time`` (``attempt`` 0 is the
      initial one, N the N-th retry) that fails at ``failure``; ``due`` is the
      resulting "not before" time, None when the failure expires the message.
    * ``warning``: the delay notice, at the failure time of attempt ``attempt``.
    * ``bounce``: expiry at the failure time of attempt ``attempt``.
    * ``scan``: a scan that leaves the message alone; ``due`` is what it waits for.
    * ``idle``: ``count`` consecutive such scans, from ``time`` to ``last``.
    """

    _FIELDS = ("time", "kind", "age", "attempt", "due", "failure", "count", "last")
    __slots__ = _FIELDS
    time: int
    kind: str
    age: int
    attempt: Optional[int]
    due: Optional[int]
    failure: Optional[int]
    count: int
    last: Optional[int]

    def __init__(self, time: int, kind: str, age: int, attempt: Optional[int] = None, due: Optional[int] = None,
                 failure: Optional[int] = None, count: int = 1, last: Optional[int] = None) -> None:
        self._set((time, kind, age, attempt, due, failure, count, last))


class Summary(Record):
    """Figures about the whole schedule (exact even when the event list was capped).

    ``attempts`` counts the initial attempt, ``retries`` does not.  The bounce
    happens at ``bounce_time`` (the failure of the last attempt), at age
    ``bounce_age``, ``after_lifetime`` seconds after ``lifetime`` (the ``L``
    of ``lifetime_parameter``).  ``warning_time`` is None when no notice is
    sent; ``warning_due`` is when one was due (None when none was asked).
    ``steady_cadence`` is the interval between retries at the ceiling
    backoff; ``reaches_steady_backoff`` says whether the message gets there.
    """

    _FIELDS = ("arrival", "first_scan", "attempt_duration", "null_sender", "attempts", "retries",
               "first_retry_time", "bounce_time", "bounce_age", "lifetime", "lifetime_parameter", "after_lifetime",
               "warning_time", "warning_attempt", "warning_due", "steady_cadence", "reaches_steady_backoff",
               "idle_scans", "truncated")
    __slots__ = _FIELDS
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

    def __init__(self, arrival: int, first_scan: int, attempt_duration: int, null_sender: bool, attempts: int,
                 retries: int, first_retry_time: Optional[int], bounce_time: int, bounce_age: int, lifetime: int,
                 lifetime_parameter: str, after_lifetime: int, warning_time: Optional[int],
                 warning_attempt: Optional[int], warning_due: Optional[int], steady_cadence: int,
                 reaches_steady_backoff: bool, idle_scans: int, truncated: bool) -> None:
        self._set((arrival, first_scan, attempt_duration, null_sender, attempts, retries, first_retry_time,
                     bounce_time, bounce_age, lifetime, lifetime_parameter, after_lifetime, warning_time,
                     warning_attempt, warning_due, steady_cadence, reaches_steady_backoff, idle_scans, truncated))


class Schedule(Record):
    """The parameters, the recorded events in time order, and the summary."""

    _FIELDS = ("params", "events", "summary")
    __slots__ = _FIELDS
    params: RetryParams
    events: List[Event]
    summary: Optional[Summary]

    def __init__(self, params: RetryParams, events: Optional[List[Event]] = None,
                 summary: Optional[Summary] = None) -> None:
        self._set((params, [] if events is None else events, summary))


def _scan_after(t: int, phase: int, q: int) -> int:
    """First scan strictly after ``t``."""
    return t + 1 + (phase - t - 1) % q


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


def simulate(params: RetryParams, *, arrival: int, first_scan: Optional[int] = None, attempt_duration: int = 0,
             null_sender: bool = False, max_events: int = DEFAULT_MAX_EVENTS,
             idle_run_limit: int = IDLE_RUN_LIMIT) -> Schedule:
    """Simulate one message from ``arrival`` until it bounces; every attempt fails.

    ``arrival`` and ``first_scan`` are seconds since midnight of day 0;
    ``first_scan`` is any one scan time (default: a scan in the arrival
    second, i.e. the message arrives just after it).  Each attempt fails
    ``attempt_duration`` seconds after it starts.  ``null_sender`` selects
    the ``<>`` sender (``bounce_queue_lifetime``, no delay warning).  At most
    ``max_events`` events are recorded (0: only the summary).  Raises
    ValueError for a negative ``attempt_duration`` or ``max_events``.
    """
    if attempt_duration < 0 or max_events < 0:
        raise ValueError("attempt_duration and max_events must be >= 0")
    q, d = params.queue_run_delay, attempt_duration
    phase = (arrival if first_scan is None else first_scan) % q
    lifetime, cadence = params.lifetime(null_sender), steady_cadence(params, d)
    warn_at = arrival + params.delay_warning_time if params.delay_warning_time > 0 and not null_sender else None
    events: List[Event] = []
    n, start, idle_total, truncated, steady = 0, arrival, 0, False, False
    first_retry = warning_time = warning_attempt = None

    def emit(event: Event) -> None:
        nonlocal truncated
        if len(events) < max_events:
            events.append(event)
        else:
            truncated = True

    while True:
        fail = start + d
        age = fail - arrival
        if age >= lifetime:  # 1. expiry
            emit(Event(start, "attempt", start - arrival, n, failure=fail))
            emit(Event(fail, "bounce", age, n))
            break
        delay = params.backoff(age)  # 3. backoff
        due = fail + delay
        first_idle = _scan_after(fail, phase, q)
        nxt = max(first_idle, due - 1 + (phase - due + 1) % q)  # first scan >= due - 1, after the failure
        emit(Event(start, "attempt", start - arrival, n, due=due, failure=fail))
        if warn_at is not None and warning_time is None and fail >= warn_at - 1:  # 2. delay warning
            warning_time, warning_attempt = fail, n
            emit(Event(fail, "warning", age, n))
        count = (nxt - first_idle) // q
        idle_total += count
        if count > idle_run_limit:
            emit(Event(first_idle, "idle", first_idle - arrival, due=due, count=count, last=nxt - q))
        else:
            for t in range(first_idle, nxt, q):
                emit(Event(t, "scan", t - arrival, due=due))
        if n >= 1 and delay == params.steady_backoff:
            steady = True
            if truncated:  # periodic from here: attempt n+j starts at start + j*cadence
                j_end = _ceil_div(lifetime - age, cadence)  # >= 1 since age < lifetime
                if warn_at is not None and warning_time is None:
                    j_warn = max(1, _ceil_div(warn_at - 1 - fail, cadence))
                    if j_warn < j_end:
                        warning_time, warning_attempt = fail + j_warn * cadence, n + j_warn
                idle_total += (j_end - 1) * (cadence // q - 1 - d // q)
                n, start = n + j_end, start + j_end * cadence
                fail = start + d
                age = fail - arrival
                break
        if n == 0:
            first_retry = nxt
        start, n = nxt, n + 1

    summary = Summary(
        arrival=arrival, first_scan=arrival if first_scan is None else first_scan, attempt_duration=d,
        null_sender=null_sender, attempts=n + 1, retries=n, first_retry_time=first_retry,
        bounce_time=fail, bounce_age=age, lifetime=lifetime,
        lifetime_parameter="bounce_queue_lifetime" if null_sender else "maximal_queue_lifetime",
        after_lifetime=age - lifetime, warning_time=warning_time, warning_attempt=warning_attempt,
        warning_due=warn_at, steady_cadence=cadence, reaches_steady_backoff=steady, idle_scans=idle_total,
        truncated=truncated)
    return Schedule(params=params, events=events, summary=summary)


def duration(seconds: int) -> str:
    """Compact duration for messages and listings: ``0s``, ``15m``, ``1h50m``, ``1d50m``, ``-2s``."""
    if seconds < 0:
        return "-" + duration(-seconds)
    parts = []
    for unit, size in (("d", DAY), ("h", 3600), ("m", 60), ("s", 1)):
        n, seconds = divmod(seconds, size)
        if n:
            parts.append(f"{n}{unit}")
    return "".join(parts) or "0s"
