"""A master.cf ``-o`` name that no Postfix program knows or uses (postconf: "unused parameter").

## What it does
Reports each ``-o name=value`` whose name is not a Postfix parameter (nor
one derived from a master.cf service, such as
``dovecot_destination_recipient_limit``), nor set in main.cf and used
there, nor used by another ``-o`` value of the same service (``-o
x=$y -o y=...``, a restriction class).  This is ``postconf``'s
``master.cf: unused parameter: NAME=VALUE`` warning
(``pcf_flag_unused_master_parameters()``), reported at the name.

## Why it matters
A misspelt or invented name is silently ignored by the service's program:
``-o smtpd_bind_address=127.0.0.1`` does not bind anything (the
parameter is ``smtp_bind_address``, and it is the client's).

## Example
    submission inet n - y - - smtpd
      -o smtpd_bind_address=127.0.0.1

## Use instead
    127.0.0.1:submission inet n - y - - smtpd

## References
- postconf(1), unused parameters: https://www.postfix.org/postconf.1.html
- Postfix source: src/postconf/postconf_unused.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/postconf/postconf_unused.c
"""

from postfix_lint.problem import Severity, problem

CODE = "PF310"
NAME = "unused-override"
SEVERITY = Severity.WARNING
FILE = "master.cf"
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for service, option in ctx.names.master_unused:
        yield problem(option.name_span,
                      f"unused parameter: {option.name}={option.value}"
                      f" (service {service.name}/{service.type}: no Postfix program reads {option.name})")
