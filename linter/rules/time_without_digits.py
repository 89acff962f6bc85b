"""A time value with no number, which Postfix reads as 0.

## What it does
Finds time values that start with a unit letter or word, such as ``days``
or ``s``.

## Why it matters
``strtol()`` finds no digits and returns 0, and ``conv_time()`` then
accepts the first letter as the unit: ``maximal_queue_lifetime = days`` is
0, which means "try each message once, then bounce it".

## Example
    maximal_queue_lifetime = days

## Use instead
    maximal_queue_lifetime = 5d

## References
- postconf(5), "time units": https://www.postfix.org/postconf.5.html
- Postfix source: src/global/conv_time.c
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.time import first_failure

CODE = "PF104"
NAME = "time-without-digits"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for entry, settings in ctx.time_settings:
        if first_failure(settings) is not None:
            continue
        s = settings[0]
        if s.value.no_digits:
            yield problem(
                s.span,
                f"{s.name} = {s.raw} has no number: Postfix reads it as 0 seconds",
            )
