"""A delay warning time under one hour: the notice tells the sender "0 hour(s)".

## What it does
Reports a ``delay_warning_time`` that is set, not 0 (0 turns the notices
off) and shorter than one hour.

## Why it matters
The delay notice says how long the message has been delayed in whole
hours: bounce(8)'s template converts delay_warning_time to hours
(``$delay_warning_time_hours``), rounding down.  With ``30m`` the sender
reads that delivery "has been delayed for 0 hour(s)", which looks like a
bug and prompts support calls.  Postfix sends the notice all the same: a
warning.

## Example
    delay_warning_time = 30m

## Use instead
    delay_warning_time = 1h

## References
- postconf(5), delay_warning_time: https://www.postfix.org/postconf.5.html#delay_warning_time
- bounce(5), template variables: https://www.postfix.org/bounce.5.html
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.time import describe, qmgr_value

CODE = "PF208"
NAME = "delay-warning-under-an-hour"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    warn = qmgr_value(ctx, "delay_warning_time")
    if warn is None or warn.entry is None or not 0 < warn.seconds < 3600:
        return
    yield problem(
        warn.span,
        f"{describe(warn)} is under one hour: the delay notice converts it to whole hours and tells the"
        ' sender the mail "has been delayed for 0 hour(s)"; use 1h or more (or 0 for no notice)',
    )
