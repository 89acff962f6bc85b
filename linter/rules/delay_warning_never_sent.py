"""A delay warning that can never be sent.

## What it does
Reports ``delay_warning_time`` greater than zero and at least
``maximal_queue_lifetime``.

## Why it matters
After a failed attempt the queue manager tests expiry **before** the delay
warning.  When the warning time is not below the queue lifetime, every
attempt late enough to warn also expires the message: the sender gets the
bounce and never the "delayed mail" notice the setting asks for.

## Example
    maximal_queue_lifetime = 4h
    delay_warning_time = 4h

## Use instead
    maximal_queue_lifetime = 1d
    delay_warning_time = 4h

## References
- postconf(5): https://www.postfix.org/postconf.5.html#delay_warning_time
- Postfix source: src/qmgr/qmgr_active.c
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.time import describe, qmgr_value

CODE = "PF205"
NAME = "delay-warning-never-sent"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    warn = qmgr_value(ctx, "delay_warning_time")
    life = qmgr_value(ctx, "maximal_queue_lifetime")
    if warn is None or life is None or warn.seconds == 0 or warn.seconds < life.seconds:
        return
    yield problem(
        warn.span,
        f"the delay warning is never sent, the message expires first: {describe(warn)} is not shorter"
        f" than {describe(life)}",
    )
