"""A bare number whose default unit is not seconds.

## What it does
Finds time values written without a unit for parameters whose default unit
is minutes, hours, days or weeks.

## Why it matters
Each time parameter has its own default unit, taken from its default
value: a bare ``1`` is one second for ``queue_run_delay``, one hour for
``delay_warning_time`` and one **day** for ``maximal_queue_lifetime``.
``maximal_queue_lifetime = 3600`` (meant as an hour) is 3600 days, which
Postfix then rejects as more than 100 days; ``bounce_queue_lifetime = 3``
keeps bounces for three days.

## Example
    maximal_queue_lifetime = 3
    delay_warning_time = 4

## Use instead
    maximal_queue_lifetime = 3d
    delay_warning_time = 4h

## References
- postconf(5), "time units": https://www.postfix.org/postconf.5.html
"""

from postfix_lint.postfix.values import UNIT_WORDS
from postfix_lint.rules.support.messages import seconds_text
from postfix_lint.problem import Severity, problem

CODE = "PF105"
NAME = "implicit-time-unit"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for entry, settings in ctx.time_settings:
        s = settings[0]
        v = s.value
        if v is None or v.seconds is None or v.explicit_unit or s.unit == "s" or s.raw != s.expanded:
            continue
        if v.seconds == 0:
            continue
        number = s.raw.strip()
        word = UNIT_WORDS.get(s.unit, s.unit)
        yield problem(
            s.span,
            f"{s.name} = {s.raw} has no unit, so it means {number} {word}{'s' if number != '1' else ''}"
            f" ({seconds_text(v.seconds)}): the default unit of {s.name} is {s.unit!r}; write {number}{s.unit}",
        )
