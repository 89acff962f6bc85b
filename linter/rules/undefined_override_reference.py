"""A ``$name`` in a master.cf ``-o`` value that is set nowhere (postconf: "undefined parameter").

## What it does
Reports each ``$name`` (``${name}``, ``${name?...}``, ...) and each
restriction class name in a ``-o`` value that is neither a Postfix
parameter, nor set in main.cf, nor set with ``-o`` on the same service:
``postconf``'s ``master.cf: undefined parameter: NAME`` warning.

## Why it matters
The reference expands to nothing: ``-o
smtpd_client_restrictions=$mua_client_restrictions`` with
``mua_client_restrictions`` not set in main.cf gives the submission
service no client restrictions at all.

## Example
    submission inet n - y - - smtpd
      -o smtpd_client_restrictions=$mua_client_restrictions

## Use instead
    submission inet n - y - - smtpd
      -o smtpd_client_restrictions=permit_sasl_authenticated,reject

## References
- postconf(1): https://www.postfix.org/postconf.1.html
- Postfix source: src/postconf/postconf_user.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/postconf/postconf_user.c
"""

from postfix_lint.problem import Severity, Span, problem

CODE = "PF311"
NAME = "undefined-override-reference"
SEVERITY = Severity.WARNING
FILE = "master.cf"
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for u in ctx.names.master_undefined:
        vs = u.option.value_span
        span = vs
        if u.offset >= 0 and vs.line == vs.end_line and vs.end_column - vs.column == len(u.option.value):
            start = vs.column + u.offset
            span = Span(vs.line, start, vs.line, min(start + max(len(u.name), 1), vs.end_column))
        what = "restriction class" if u.how == "restriction class" else "parameter"
        yield problem(span, f"undefined parameter: {u.name}"
                            f" (service {u.service.name}/{u.service.type}, -o {u.option.name}: no such"
                            f" {what} in main.cf, in this service's -o settings or in Postfix)")
