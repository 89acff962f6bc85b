"""Too few delivery attempts before a deferred message bounces.

## What it does
Runs the queue manager's retry schedule (the model behind ``postfix-lint
schedule``) on the effective ``queue_run_delay``, ``minimal_backoff_time``,
``maximal_backoff_time`` and ``maximal_queue_lifetime``, and reports when a
message that keeps failing gets fewer delivery attempts, the initial one
included, than ``min_attempts`` before it is returned to its sender.

Null-sender mail (bounces, delay notices) is checked as well when
``bounce_queue_lifetime`` gives it its own lifetime, shorter than
``maximal_queue_lifetime`` and not 0: ``bounce_queue_lifetime = 0`` means
"try once" by design and is never reported here.

The figures come from one documented assumption: the message arrives just
after a deferred-queue scan and every attempt fails at once (e.g.
"connection refused").  ``postfix-lint schedule PATH`` prints this schedule
with its default options; slower attempts (``--attempt-duration``) mean
later retries, and other scan phases (``--first-scan``) shift them.

When the cause is that the very first retry already comes at or after the
lifetime, PF212 (``first-retry-after-lifetime``) reports it instead, unless
PF212 is disabled.

## Why it matters
Temporary failures (a greylisting receiver, a full mailbox, a restarting
server, a DNS hiccup) usually clear within minutes to hours.  With only one
or two attempts they turn into bounces: the sender is told the mail could
not be delivered although a later retry would very likely have worked.
``maximal_queue_lifetime = 0`` turns every temporary failure into a bounce.

## Options
- ``min_attempts`` (int, default 3): the smallest acceptable number of
  delivery attempts, the initial attempt included.

## Example
    maximal_queue_lifetime = 0

## Use instead
    maximal_queue_lifetime = 1d

## References
- postconf(5): https://www.postfix.org/postconf.5.html#maximal_queue_lifetime
- Postfix queue scheduling: https://www.postfix.org/SCHEDULER_README.html
- Postfix source: src/qmgr/qmgr_active.c (expiry is tested after each failed attempt)
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import retry
from postfix_lint.rules.support.messages import duration

CODE = "PF210"
NAME = "too-few-delivery-attempts"
SEVERITY = Severity.WARNING
OPTIONS = {"min_attempts": "int"}
DEFAULTS = {"min_attempts": 3}


def check(ctx, options):
    minimum = int(options["min_attempts"])
    model = ctx.retry_model
    if model is None:
        return
    leave_to_pf212 = "PF212" in ctx.enabled
    for run in model.runs():
        s = run.summary
        if s.attempts >= minimum:
            continue
        if leave_to_pf212 and retry.first_retry_too_late(run):
            continue
        life = model.lifetime_setting(run)
        p = model.params
        if s.attempts == 1:
            detail = (f"{retry.mail(run)} is tried once and bounced at its first temporary failure"
                      " (1 delivery attempt)")
        else:
            detail = (f"{retry.mail(run)} gets only {s.attempts} delivery attempts, at ages"
                      f" {retry.ages_text(run.attempt_ages)}, and bounces at age {duration(s.bounce_age)}"
                      f" (queue_run_delay {duration(p.queue_run_delay)}, minimal_backoff_time"
                      f" {duration(p.minimal_backoff_time)})")
        yield problem(
            retry.where(model, life.name, "minimal_backoff_time", "queue_run_delay"),
            f"{retry.value_text(life)}: {detail}; at least {minimum} expected {retry.ASSUMPTION}",
        )
