"""Two master.cf entries for the same service (name and type): master(8) uses the last.

## What it does
Reports each entry that a later entry with the same type and the same
internal service name replaces (``relay unix`` twice; ``smtp inet`` and
``25 inet``), at the earlier entry's name.

## Why it matters
master(8) logs ``duplicate master.cf entry for service "X" ... -- using
the last entry`` and runs only the last one: the ``-o`` settings and limits
of the earlier entry have no effect, which is rarely what was meant.

## Example
    relay     unix  -       -       n       -       -       smtp
    relay     unix  -       -       n       -       -       smtp -o smtp_helo_timeout=5s

## Use instead
    relay     unix  -       -       n       -       -       smtp -o smtp_helo_timeout=5s

## References
- master(5): https://www.postfix.org/master.5.html
- Postfix source: src/master/master_conf.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/master/master_conf.c
"""

from postfix_lint.postfix.master_checks import duplicate_services
from postfix_lint.problem import Severity, problem

CODE = "PF302"
NAME = "duplicate-service"
SEVERITY = Severity.WARNING
FILE = "master.cf"
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for span, message, _severity in duplicate_services(ctx.master):
        yield problem(span, message)
