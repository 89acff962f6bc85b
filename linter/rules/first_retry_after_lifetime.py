"""A first retry that comes at or after the queue lifetime.

## What it does
Runs the queue manager's retry schedule (the model behind ``postfix-lint
schedule``) and reports a lifetime that ends before the first retry can
happen: the message fails once, waits ``minimal_backoff_time`` (rounded up
to the next deferred-queue scan), is retried once and bounced at that
retry.  Checks ``maximal_queue_lifetime`` for ordinary mail and
``bounce_queue_lifetime`` for null-sender mail when that is shorter than
``maximal_queue_lifetime`` and not 0 (0 means "try once" and is fine).

The figures come from one documented assumption: the message arrives just
after a deferred-queue scan and every attempt fails at once, so the first
retry comes exactly ``minimal_backoff_time`` after arrival when that is a
multiple of ``queue_run_delay``.  In other scan phases it comes up to one
``queue_run_delay`` later, or one second earlier (qmgr takes a file due in
the next second).
``postfix-lint schedule PATH`` prints the whole schedule.

## Why it matters
The lifetime no longer decides anything: the message is kept until the
first retry however short the lifetime is, every message gets exactly two
attempts, and ``maximal_backoff_time`` never applies.  Usually the lifetime
was meant to allow several retries (then it is too short, or
``minimal_backoff_time`` too long), or the mail was meant to be tried once
(then the lifetime should be 0).  With both lifetimes at 5m and the default
backoff of 5m, for example, the 5-minute limit is a coincidence of the scan
grid.

## Example
    maximal_queue_lifetime = 5m
    bounce_queue_lifetime = 5m

## Use instead
    maximal_queue_lifetime = 1d
    bounce_queue_lifetime = 0

## References
- postconf(5): https://www.postfix.org/postconf.5.html#minimal_backoff_time
- https://www.postfix.org/postconf.5.html#maximal_queue_lifetime
- https://www.postfix.org/postconf.5.html#bounce_queue_lifetime
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import retry
from postfix_lint.rules.support.messages import duration

CODE = "PF212"
NAME = "first-retry-after-lifetime"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    model = ctx.retry_model
    if model is None:
        return
    p = model.params
    for run in model.runs():
        if not retry.first_retry_too_late(run):
            continue
        s = run.summary
        life = model.lifetime_setting(run)
        first = run.first_retry_age
        late = "" if first is None or first == s.lifetime else f", {duration(first - s.lifetime)} after it"
        yield problem(
            retry.where(model, life.name, "minimal_backoff_time", "queue_run_delay"),
            f"{retry.value_text(life)}: the first retry of {retry.mail(run)} comes at age {duration(first or 0)}"
            f" (minimal_backoff_time {duration(p.minimal_backoff_time)}, queue_run_delay"
            f" {duration(p.queue_run_delay)}), not before the {duration(s.lifetime)} lifetime{late}:"
            f" it is tried twice and bounced at that retry {retry.ASSUMPTION}",
        )
