"""A time value outside the bounds the reading program enforces.

## What it does
Checks each time parameter's converted value against the minimum and
maximum of the program that reads it: ``queue_run_delay``,
``minimal_backoff_time`` and ``maximal_backoff_time`` must be at least 1 s;
``maximal_queue_lifetime`` and ``bounce_queue_lifetime`` at most 100 days
(8640000 s); and so on for every time parameter in Postfix 3.7.

## Why it matters
The daemon exits at start with ``fatal: invalid maximal_queue_lifetime:
8726400 (max 8640000)`` and master(8) throttles it.  ``postfix check`` does
not notice.  Digit-less values such as ``s`` or ``days`` count as 0.

## Example
    minimal_backoff_time = 0
    maximal_queue_lifetime = 101d

## Use instead
    minimal_backoff_time = 300s
    maximal_queue_lifetime = 100d

## References
- postconf(5): https://www.postfix.org/postconf.5.html#maximal_queue_lifetime
- Postfix source: src/qmgr/qmgr.c (time table), src/global/mail_conf_time.c
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import seconds_text
from postfix_lint.rules.support.messages import program_list as programs_text
from postfix_lint.rules.support.time import failures

CODE = "PF102"
NAME = "time-out-of-range"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for s, programs in failures(ctx, "range"):
        secs = s.seconds
        bound = f"at least {seconds_text(s.min)}" if s.min and secs < s.min else f"at most {seconds_text(s.max)}"
        note = " (a value without digits counts as 0)" if s.value.no_digits else ""
        msg = (f"{s.name} = {s.raw} is {seconds_text(secs)}{note}, but it must be {bound};"
               f' {programs_text(programs)} will exit with "fatal: invalid {s.name}: {s.range_error}"')
        yield problem(s.span, msg)
