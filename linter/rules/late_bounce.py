"""A bounce that comes much later than the queue lifetime says.

## What it does
Runs the queue manager's retry schedule (the model behind ``postfix-lint
schedule``) and reports when a message that keeps failing is returned to
its sender more than ``max_overshoot`` of its lifetime after the lifetime
ended: ``maximal_queue_lifetime`` for ordinary mail, and
``bounce_queue_lifetime`` for null-sender mail when that is shorter than
``maximal_queue_lifetime`` and not 0.

The figures come from one documented assumption: the message arrives just
after a deferred-queue scan and every attempt fails at once.  Other scan
phases shift the retries and with them the bounce (the seed article's phase
puts it 50 minutes after the lifetime instead of at it).  ``postfix-lint
schedule PATH`` prints the whole schedule; ``--first-scan`` sets the phase.

A bounce up to one retry interval late is normal: with the defaults the
bounce comes about 20 minutes after the 5 days, and with the hourly retries
of a 1-day lifetime up to an hour after the day; both are far below the
threshold.  When the first retry is itself the bounce, PF212
(``first-retry-after-lifetime``) reports it instead, unless PF212 is
disabled.

## Why it matters
The queue manager tests expiry only after a failed attempt, never while a
message waits in the deferred queue.  The bounce therefore comes at the
first attempt at or after the lifetime, and the gap between attempts grows
with the message's age up to ``maximal_backoff_time``.  When that gap is
large compared with the lifetime (a long ``maximal_backoff_time`` with a
short lifetime), mail stays queued, and senders wait for the non-delivery
notice, much longer than the lifetime suggests.

## Options
- ``max_overshoot`` (float, default 0.25): how late the bounce may come, as
  a fraction of the lifetime (0.25: a 1-day lifetime may bounce up to 6
  hours after the day).

## Example
    maximal_backoff_time = 1d
    maximal_queue_lifetime = 1d

## Use instead
    maximal_backoff_time = 1h
    maximal_queue_lifetime = 1d

## References
- postconf(5): https://www.postfix.org/postconf.5.html#maximal_backoff_time
- https://www.postfix.org/postconf.5.html#maximal_queue_lifetime
- Postfix source: src/qmgr/qmgr_active.c (expiry is tested after each failed attempt)
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import retry
from postfix_lint.rules.support.messages import duration

CODE = "PF211"
NAME = "late-bounce"
SEVERITY = Severity.INFO
OPTIONS = {"max_overshoot": "float"}
DEFAULTS = {"max_overshoot": 0.25}


def check(ctx, options):
    fraction = max(0.0, float(options["max_overshoot"]))
    model = ctx.retry_model
    if model is None:
        return
    leave_to_pf212 = "PF212" in ctx.enabled
    for run in model.runs():
        s = run.summary
        if s.lifetime == 0 or s.after_lifetime <= fraction * s.lifetime:
            continue
        if leave_to_pf212 and retry.first_retry_too_late(run):
            continue
        life = model.lifetime_setting(run)
        gap = run.last_interval
        why = "" if gap is None else (
            f": expiry is only tested after a failed attempt, and the last two attempts are"
            f" {duration(gap)} apart (maximal_backoff_time {duration(model.params.maximal_backoff_time)})")
        yield problem(
            retry.where(model, life.name, "maximal_backoff_time"),
            f"{retry.value_text(life)}: {retry.mail(run)} bounces at age {duration(s.bounce_age)},"
            f" {duration(s.after_lifetime)} ({retry.percent(s.after_lifetime, s.lifetime)}) after its"
            f" {duration(s.lifetime)} lifetime{why}; threshold {fraction:.0%} {retry.ASSUMPTION}",
        )
