"""master.cf text that Postfix accepts with a warning or silently drops.

## What it does
Reports what ``postconf -M`` warns about or repairs while master(8) goes
on: ``-o { ... }`` text without ``=`` or with unbalanced braces, text
after a ``}``, continuation text before the first service line (Postfix
discards it: ``logical line must not start with whitespace``), and a NUL
byte (the rest of the logical line is ignored).

## Why it matters
The text was written to configure a service, but Postfix ignores or
rewrites it: the service runs without the setting its author meant.

## Example
      -o syslog_name=postfix/submission
    submission inet n - y - - smtpd

## Use instead
    submission inet n - y - - smtpd
      -o syslog_name=postfix/submission

## References
- master(5): https://www.postfix.org/master.5.html
- Postfix source: src/util/readlline.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/util/readlline.c
"""

from postfix_lint.postfix.master_checks import field_syntax
from postfix_lint.problem import Severity, problem

CODE = "PF301"
NAME = "master-syntax-warning"
SEVERITY = Severity.WARNING
FILE = "master.cf"
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for span, message, severity in field_syntax(ctx.master):
        if severity != Severity.ERROR:
            yield problem(span, message)
