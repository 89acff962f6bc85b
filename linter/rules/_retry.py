"""Shared by the schedule rules (PF210-PF213): the retry model run on the file's values.

The rules have no message to look at, so they use :mod:`postfix_lint.schedule`'s
documented rule assumption: the message arrives in the same second as a
deferred-queue scan (i.e. just after it) and every delivery attempt fails at
once.  That is the schedule ``postfix-lint schedule PATH`` prints with its
default options, so a user can see where every figure comes from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, List, Optional

from postfix_lint.rules._time import RETRY_PARAMS
from postfix_lint.schedule import RetryParams, Schedule, Summary, duration, simulate

#: Seconds since midnight of the simulated arrival (the rule assumption).
ARRIVAL = 0

_MAX_EVENTS = 20000


@dataclass(frozen=True)
class Run:
    """One simulated message: its schedule and the figures the rules cite."""

    null_sender: bool
    schedule: Schedule

    @property
    def summary(self) -> Summary:
        assert self.schedule.summary is not None
        return self.schedule.summary

    @property
    def attempt_ages(self) -> List[int]:
        """Ages at which the attempts start (listed ones only; complete unless truncated)."""
        return [e.age for e in self.schedule.events if e.kind == "attempt"]

    @property
    def first_retry_age(self) -> Optional[int]:
        s = self.summary
        return None if s.first_retry_time is None else s.first_retry_time - s.arrival

    @property
    def last_interval(self) -> Optional[int]:
        """Time between the last two attempts (the one that expires and the one before it)."""
        s = self.summary
        if s.attempts < 2:
            return None
        if s.truncated:
            return s.steady_cadence
        ages = self.attempt_ages
        return ages[-1] - ages[-2]


@dataclass(frozen=True)
class Model:
    settings: Dict[str, object]  # parameter name -> TimeSetting (qmgr's; cleanup's for delay_warning_time)
    params: RetryParams
    normal: Run

    @functools.cached_property
    def null(self) -> Run:
        """The null sender's run, simulated on first use (most files only need it when it differs)."""
        return _simulate(self.params, True)

    @property
    def null_differs(self) -> bool:
        """True when null-sender mail has its own, shorter, non-zero lifetime.

        With ``bounce_queue_lifetime`` at or above ``maximal_queue_lifetime``
        (qmgr caps it) bounces follow the very schedule of other mail, and
        with 0 they are tried once by design; either way there is nothing
        separate to report about them.
        """
        life = self.params.effective_bounce_queue_lifetime
        return 0 < life < self.params.maximal_queue_lifetime

    def runs(self) -> List[Run]:
        """The normal sender's run, plus the null sender's when it has its own lifetime."""
        return [self.normal, self.null] if self.null_differs else [self.normal]

    def lifetime_setting(self, run: Run):
        return self.settings["bounce_queue_lifetime" if run.null_sender else "maximal_queue_lifetime"]


def model(ctx) -> Optional[Model]:
    """The retry model for this file, or None if a retry parameter is fatal (other rules report it)."""
    if "retry_model" in ctx.cache:
        return ctx.cache["retry_model"]
    result: Optional[Model] = None
    res = ctx.resolver
    settings = {name: res.time(name) for name in RETRY_PARAMS}
    params: Optional[RetryParams] = None
    if not any(s.fatal for s in settings.values()):
        try:
            params = RetryParams(**{name: s.seconds for name, s in settings.items()})
        except ValueError:  # defensive: below qmgr's minimum of 1 s, which PF102 reports
            params = None
    if params is not None:
        result = Model(settings, params, _simulate(params, False))
    ctx.cache["retry_model"] = result
    return result


def _simulate(params: RetryParams, null_sender: bool) -> Run:
    return Run(null_sender, simulate(params, arrival=ARRIVAL, null_sender=null_sender, idle_run_limit=0,
                                     max_events=_MAX_EVENTS, notes=False))


def first_retry_too_late(run: Run) -> bool:
    """The first retry already comes at or after the lifetime, so it is also the bounce (PF212).

    Exactly the runs with one retry: the first retry expires the message
    if and only if its failure comes at or after the lifetime.
    """
    return run.summary.retries == 1


def where(ctx, model: Model, *names: str) -> Dict[str, int]:
    """The position of the first of ``names`` that main.cf sets (line 1 if none is set)."""
    for name in names:
        s = model.settings[name]
        if getattr(s, "entry", None) is not None:
            return ctx.at_setting(s)
    return ctx.at_setting(model.settings[names[0]])


def value_text(setting) -> str:
    """``maximal_queue_lifetime = 1h`` or ``maximal_queue_lifetime = 5d (Postfix's default)``."""
    head = f"{setting.name} = {setting.raw}"
    if setting.entry is None:
        return f"{head} (Postfix's default)"
    if setting.expanded is not None and setting.expanded != setting.raw:
        return f"{head} (= {setting.expanded})"
    return head


def mail(run: Run) -> str:
    return "a bounce (null-sender mail)" if run.null_sender else "a message"


def ages_text(ages: List[int]) -> str:
    return ", ".join(duration(a) for a in ages)


ASSUMPTION = "(model: arrival at a queue scan, attempts fail at once; see postfix-lint schedule)"


def enabled(ctx, code: str) -> bool:
    """Whether another rule runs in this lint run (so a rule can leave a case to it)."""
    key = "enabled_codes"
    codes = ctx.cache.get(key)
    if codes is None:
        from postfix_lint.engine import enabled_rules

        codes = frozenset(m.CODE for m in enabled_rules(ctx.settings))
        ctx.cache[key] = codes
    return code in codes


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"
