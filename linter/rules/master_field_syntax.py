"""A master.cf line that master(8), postconf or the service's program refuses.

## What it does
Reads each master.cf entry as ``master(8)`` (``get_master_ent()``) and
``postconf -M`` (``pcf_parse_master_entry()``) read it and reports, at the
field they name, what makes them exit: fewer than 8 fields, an unknown
service type, a private/unprivileged/chroot field that is not ``y``, ``n``
or ``-``, a bad wakeup time or process limit, an inet service marked
private, an unreadable ``{ }`` argument, and a ``-o`` argument the
service's program cannot split into ``name=value``.

## Why it matters
``postfix start`` and ``postfix reload`` stop at the first such line
(``fatal: /etc/postfix/master.cf: line N: ...``); ``postconf -M``, ``-n``
and ``-e`` exit too, so the whole mail system is down until it is fixed.

## Example
    smtp      inet  n       -       maybe   -       -       smtpd

## Use instead
    smtp      inet  n       -       y       -       -       smtpd

## References
- master(5): https://www.postfix.org/master.5.html
- Postfix source: src/master/master_ent.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/master/master_ent.c
"""

from postfix_lint.postfix.master_checks import field_syntax
from postfix_lint.problem import Severity, problem

CODE = "PF300"
NAME = "master-field-syntax"
SEVERITY = Severity.ERROR
FILE = "master.cf"
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for span, message, severity in field_syntax(ctx.master):
        if severity == Severity.ERROR:
            yield problem(span, message)
