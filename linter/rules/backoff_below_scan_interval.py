"""``minimal_backoff_time`` shorter than ``queue_run_delay``.

## What it does
Compares the queue manager's effective ``minimal_backoff_time`` with its
``queue_run_delay`` (values set in main.cf, else Postfix 3.7's defaults).

## Why it matters
The queue manager looks at the deferred queue only every
``queue_run_delay``; a message whose backoff has expired waits for the next
scan.  With a shorter minimal backoff, the retry cannot come any sooner
than the scan interval, so the setting promises a cadence Postfix cannot
keep.  postconf(5) asks for queue_run_delay <= minimal_backoff_time.
Postfix itself says nothing.

## Example
    queue_run_delay = 15m
    minimal_backoff_time = 5m

## Use instead
    queue_run_delay = 15m
    minimal_backoff_time = 15m

## References
- postconf(5): https://www.postfix.org/postconf.5.html#queue_run_delay
- https://www.postfix.org/postconf.5.html#minimal_backoff_time
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.time import describe, qmgr_value

CODE = "PF201"
NAME = "backoff-below-scan-interval"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    scan = qmgr_value(ctx, "queue_run_delay")
    low = qmgr_value(ctx, "minimal_backoff_time")
    if scan is None or low is None or low.seconds >= scan.seconds:
        return
    target = low if low.entry is not None or scan.entry is None else scan
    yield problem(
        target.span,
        f"no retry comes sooner than the next queue scan, every {scan.seconds} s: {describe(low)} is shorter"
        f" than {describe(scan)}; set minimal_backoff_time >= queue_run_delay",
    )
