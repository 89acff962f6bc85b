"""Text after a time unit, which Postfix silently ignores.

## What it does
Finds time values with anything after the first unit letter.

## Why it matters
Since Postfix 3.1, ``conv_time()`` stops at the first unit letter and
ignores the rest without a word: ``1h30m`` is one hour, ``5ms`` is five
**minutes**, ``1d12h`` is one day.  Words such as ``15min`` or ``5sec`` happen to
work, but the same habit produces the surprises above.

## Example
    maximal_backoff_time = 1h30m
    queue_run_delay = 5ms

## Use instead
    maximal_backoff_time = 90m
    queue_run_delay = 5s

## References
- postconf(5), "time units": https://www.postfix.org/postconf.5.html
- Postfix source: src/global/conv_time.c (HISTORY 20150711)
"""

import re

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import seconds_text
from postfix_lint.rules.support.time import first_failure

CODE = "PF103"
NAME = "time-trailing-text"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}

_COMMENT = re.compile(r"[ \t\v\f\r]+#")


def check(ctx, options):
    for entry, settings in ctx.time_settings:
        if first_failure(settings) is not None:
            continue
        s = settings[0]
        v = s.value
        if not v.trailing or _COMMENT.match(v.trailing) or not v.trailing.strip(" \t\v\f\r"):
            continue
        used = s.expanded[: v.number_end + 1]
        msg = (f'{s.name} = {s.raw} is read as {used} = {seconds_text(v.seconds)}:'
               f' Postfix ignores "{v.trailing}" after the unit "{v.unit}"')
        if s.raw == s.expanded:
            start = v.number_end + 1
            where = entry.value_span(start, len(s.raw))
        else:
            where = s.span
        yield problem(where, msg)
