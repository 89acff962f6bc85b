"""A delay warning that falls due only when the message bounces.

## What it does
Runs the queue manager's retry schedule (the model behind ``postfix-lint
schedule``) for a ``delay_warning_time`` shorter than
``maximal_queue_lifetime`` and reports it when no failed attempt comes
between the warning time and the lifetime: the first attempt late enough to
send the warning is the one that expires the message.

A ``delay_warning_time`` at or above ``maximal_queue_lifetime`` is reported
by PF205 (``delay-warning-never-sent``) instead, unless PF205 is disabled.

The figures come from one documented assumption: the message arrives just
after a deferred-queue scan and every attempt fails at once.
``postfix-lint schedule PATH`` prints the whole schedule.

## Why it matters
The queue manager sends the "delayed mail" notice only after a failed
attempt, and tests expiry first.  Late in a message's life the attempts are
``maximal_backoff_time`` apart, so a warning time within the last retry
interval before the lifetime is never reached by an attempt that does not
also bounce the message: the sender gets the bounce, never the warning the
setting asks for.

## Example
    maximal_backoff_time = 8h
    maximal_queue_lifetime = 1d
    delay_warning_time = 20h

## Use instead
    maximal_backoff_time = 1h
    maximal_queue_lifetime = 1d
    delay_warning_time = 20h

## References
- postconf(5): https://www.postfix.org/postconf.5.html#delay_warning_time
- https://www.postfix.org/postconf.5.html#maximal_backoff_time
- Postfix source: src/qmgr/qmgr_active.c (expiry is tested before the delay warning)
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import retry
from postfix_lint.rules.support.messages import duration

CODE = "PF213"
NAME = "delay-warning-after-bounce"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    model = ctx.retry_model
    if model is None:
        return
    p = model.params
    run = model.normal
    s = run.summary
    if s.warning_due is None or s.warning_time is not None:
        return
    if p.delay_warning_time >= p.maximal_queue_lifetime and "PF205" in ctx.enabled:
        return
    gap = run.last_interval
    before = s.bounce_age - gap if gap is not None else None
    attempts = ("" if before is None else
                f": the last attempts come at ages {duration(before)} and {duration(s.bounce_age)},"
                f" {duration(gap)} apart (maximal_backoff_time {duration(p.maximal_backoff_time)}),"
                " and the later one")
    yield problem(
        retry.where(model, "delay_warning_time"),
        f"{retry.value_text(model.settings['delay_warning_time'])} asks for a delay notice at age"
        f" {duration(p.delay_warning_time)}{attempts or ': the first attempt'} expires the message"
        f" ({duration(p.maximal_queue_lifetime)} maximal_queue_lifetime) before the warning is sent,"
        f" so the sender gets the bounce and never the warning {retry.ASSUMPTION}",
    )
