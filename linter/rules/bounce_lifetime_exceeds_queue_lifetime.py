"""``bounce_queue_lifetime`` longer than ``maximal_queue_lifetime``.

## What it does
Compares the effective ``bounce_queue_lifetime`` with the effective
``maximal_queue_lifetime``, in seconds.  This includes the common case of a
``maximal_queue_lifetime`` set below 5 days while ``bounce_queue_lifetime``
keeps its 5-day default.

## Why it matters
The queue manager caps the bounce lifetime at the queue lifetime and logs
``warning: bounce_queue_lifetime is larger than maximal_queue_lifetime -
adjusting bounce_queue_lifetime`` at **every** start.  The configured
value is not the one in effect, and the log noise hides real warnings.

## Example
    maximal_queue_lifetime = 1d

## Use instead
    maximal_queue_lifetime = 1d
    bounce_queue_lifetime = 1d

## References
- postconf(5): https://www.postfix.org/postconf.5.html#bounce_queue_lifetime
- Postfix source: src/qmgr/qmgr.c (qmgr_post_init)
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.time import describe, qmgr_value

CODE = "PF203"
NAME = "bounce-lifetime-exceeds-queue-lifetime"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    life = qmgr_value(ctx, "maximal_queue_lifetime")
    bounce = qmgr_value(ctx, "bounce_queue_lifetime")
    if life is None or bounce is None or bounce.seconds <= life.seconds:
        return
    yield problem(
        bounce.span,
        f"bounce_queue_lifetime is cut to maximal_queue_lifetime ({life.seconds} s): {describe(bounce)} is"
        f" longer than {describe(life)}; qmgr logs \"bounce_queue_lifetime is larger than"
        " maximal_queue_lifetime - adjusting bounce_queue_lifetime\" at every start; set"
        " bounce_queue_lifetime <= maximal_queue_lifetime",
    )
