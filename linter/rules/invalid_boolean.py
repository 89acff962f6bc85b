"""A boolean parameter whose value is not ``yes`` or ``no``.

## What it does
Checks every boolean parameter set in main.cf (``smtpd_use_tls``,
``smtputf8_enable``, ``disable_vrfy_command``, ...) after ``$`` expansion
the way each program that reads it expands it, and reports values other
than ``yes`` and ``no`` (in any case: ``YES`` and ``No`` are fine).

## Why it matters
Postfix compares the value with ``strcasecmp()`` against ``yes`` and
``no`` and nothing else: ``true``, ``1``, ``on``, an empty value or
``yes # comment`` make the program exit with ``fatal: bad boolean
configuration: NAME = VALUE``.  ``postconf`` and ``postfix check`` do not
check the value of a parameter that only a daemon reads, so ``postfix
start`` succeeds and the daemon (smtpd, the queue manager, ...) dies when
it starts; master(8) throttles it.

## Example
    smtpd_tls_loglevel = 1
    smtpd_sasl_auth_enable = true

## Use instead
    smtpd_tls_loglevel = 1
    smtpd_sasl_auth_enable = yes

## References
- postconf(5), "boolean" values: https://www.postfix.org/postconf.5.html
- postconf(5), smtpd_sasl_auth_enable: https://www.postfix.org/postconf.5.html#smtpd_sasl_auth_enable
- Postfix source: src/global/mail_conf_bool.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/global/mail_conf_bool.c
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.typed import shown, tail

CODE = "PF120"
NAME = "invalid-boolean"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for v in ctx.typed_verdicts:
        if v.param.type not in ("bool", "nbool"):
            continue
        msg = f"{v.param.name} = {shown(v)}: not a boolean (Postfix accepts only yes or no, in any case){tail(v)}"
        yield problem(v.entry.value_span(), msg)
