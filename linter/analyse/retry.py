"""The retry schedule of one main.cf: qmgr's model run on the file's effective retry parameters.

The rules have no message to look at, so they use the documented rule
assumption of :mod:`postfix_lint.postfix.retry`: the message arrives in the
same second as a deferred-queue scan (just after it) and every delivery
attempt fails at once.  That is the schedule ``postfix-lint schedule PATH``
prints with its default options, so a user can see where every figure
comes from.  :func:`model` is computed once per file by the Context.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, List, Optional

from postfix_lint.analyse.resolver import Resolver, TimeSetting
from postfix_lint.postfix.retry import PARAMETERS, RetryParams, Schedule, Summary, simulate

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
    """The retry parameters as qmgr reads them and the normal sender's simulated run."""

    settings: Dict[str, TimeSetting]  # parameter name -> qmgr's reading (cleanup's for delay_warning_time)
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

    def lifetime_setting(self, run: Run) -> TimeSetting:
        return self.settings["bounce_queue_lifetime" if run.null_sender else "maximal_queue_lifetime"]


def model(resolver: Resolver) -> Optional[Model]:
    """The retry model for a file, or None if a retry parameter is fatal (other rules report it)."""
    settings = {name: resolver.time(name) for name in PARAMETERS}
    if any(s.fatal for s in settings.values()):
        return None
    try:
        params = RetryParams(**{name: s.seconds for name, s in settings.items()})
    except ValueError:  # defensive: below qmgr's minimum of 1 s, which PF102 reports
        return None
    return Model(settings, params, _simulate(params, False))


def _simulate(params: RetryParams, null_sender: bool) -> Run:
    return Run(null_sender, simulate(params, arrival=ARRIVAL, null_sender=null_sender, idle_run_limit=0,
                                     max_events=_MAX_EVENTS))
