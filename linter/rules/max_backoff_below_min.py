"""``maximal_backoff_time`` shorter than ``minimal_backoff_time``.

## What it does
Compares the queue manager's effective ``maximal_backoff_time`` with its
``minimal_backoff_time``.

## Why it matters
After a failed attempt qmgr clamps the message's age first to the maximum
and then to the minimum, so when max < min the minimum wins and the
maximum is silently ignored: every retry waits ``minimal_backoff_time``.
Postfix accepts this without a warning.

## Example
    minimal_backoff_time = 1h
    maximal_backoff_time = 30m

## Use instead
    minimal_backoff_time = 30m
    maximal_backoff_time = 1h

## References
- postconf(5): https://www.postfix.org/postconf.5.html#maximal_backoff_time
- Postfix source: src/qmgr/qmgr_active.c (qmgr_active_done_3_generic)
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.time import describe, qmgr_value

CODE = "PF202"
NAME = "max-backoff-below-min"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    low = qmgr_value(ctx, "minimal_backoff_time")
    high = qmgr_value(ctx, "maximal_backoff_time")
    if low is None or high is None or high.seconds >= low.seconds:
        return
    target = high if high.entry is not None or low.entry is None else low
    yield problem(
        target.span,
        f"maximal_backoff_time is ignored and every retry waits {low.seconds} s: {describe(high)} is shorter"
        f" than {describe(low)}, and qmgr applies the minimum last",
    )
