"""Temporary re-export of the retry model for modules not yet moved (to be deleted).

The model is :mod:`postfix_lint.postfix.retry`, its rendering
:mod:`postfix_lint.report.schedule`.  ``simulate`` here still accepts the
retired ``notes`` keyword (ignored: the model records no text any more).
"""

from __future__ import annotations

from postfix_lint.postfix import retry as _retry
from postfix_lint.postfix.retry import (  # noqa: F401
    DAY, DEFAULT_MAX_EVENTS, IDLE_RUN_LIMIT, PARAMETERS, Event, RetryParams, Schedule, Summary, duration,
    steady_cadence)
from postfix_lint.report.schedule import clock, format_text, summary_text  # noqa: F401


def simulate(params, *, notes=True, **kw):
    return _retry.simulate(params, **kw)
