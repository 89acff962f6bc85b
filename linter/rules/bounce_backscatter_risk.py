"""Bounces kept in the queue for a long time.

## What it does
Reports an effective ``bounce_queue_lifetime`` (after qmgr caps it at
``maximal_queue_lifetime``) longer than a threshold, 1 day by default.  A
configuration that leaves it unset inherits Postfix's 5 days.

## Why it matters
``bounce_queue_lifetime`` is how long mail from the null sender (``<>``:
bounces and delay notices) is retried.  During a bounce (backscatter)
attack, spam with forged senders produces non-delivery notices to
addresses that do not accept mail; each one sits in the deferred queue and
is retried for the whole bounce lifetime, filling the queue and slowing
real mail.  Mail-security appliances ship 0 (try once, then drop).

## Options
- ``threshold`` (time, default ``1d``): the longest acceptable effective
  bounce lifetime, in Postfix time syntax.

## Example
    bounce_queue_lifetime = 5d

## Use instead
    bounce_queue_lifetime = 0

## References
- postconf(5): https://www.postfix.org/postconf.5.html#bounce_queue_lifetime
- Postfix BACKSCATTER_README: https://www.postfix.org/BACKSCATTER_README.html
"""

from postfix_lint.postfix.values import conv_time
from postfix_lint.rules.support.messages import seconds_text
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.time import qmgr_value

CODE = "PF204"
NAME = "bounce-backscatter-risk"
SEVERITY = Severity.WARNING
OPTIONS = {"threshold": "time"}
DEFAULTS = {"threshold": "1d"}


def check(ctx, options):
    limit = conv_time(str(options["threshold"]), "s").seconds
    life = qmgr_value(ctx, "maximal_queue_lifetime")
    bounce = qmgr_value(ctx, "bounce_queue_lifetime")
    if life is None or bounce is None or limit is None:
        return
    effective = min(bounce.seconds, life.seconds)
    if effective <= limit:
        return
    if bounce.entry is None:
        head = f"bounce_queue_lifetime is not set: Postfix's default {bounce.raw} keeps"
    else:
        head = f"bounce_queue_lifetime = {bounce.raw} keeps"
    yield problem(
        bounce.span,
        f"{head} undeliverable bounces to forged senders queued and retried for {seconds_text(effective)}"
        f" during a backscatter attack (threshold {seconds_text(limit)}); consider bounce_queue_lifetime = 0"
        " or a few hours",
    )
