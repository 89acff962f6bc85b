"""A numeric parameter whose value Postfix rejects.

## What it does
Checks every integer and size parameter set in main.cf
(``smtpd_client_connection_count_limit``, ``message_size_limit``,
``mailbox_size_limit``, ``default_process_limit``, per-transport
``<transport>_destination_concurrency_limit`` ...) after ``$`` expansion
the way each program that reads it expands it.  Postfix converts the whole
value with ``strtol()``: leading blanks and one sign are allowed, anything
else is not: no unit suffixes (``10M``, ``50k``), no decimals, no
exponents, no hex, not empty.  Integers must fit in 32 bits, sizes in 64.
Then it applies the parameter's minimum and maximum.

## Why it matters
The program that reads the parameter exits with ``fatal: bad numerical
configuration: NAME = VALUE`` or ``fatal: invalid NAME parameter value N <
MIN``.  For a parameter every program reads (``message_size_limit``,
``default_process_limit`` ...) that is all of Postfix, ``postfix check``
included; for a daemon's own parameter ``postfix start`` succeeds and the
daemon dies when it starts.

## Example
    message_size_limit = 50M
    smtpd_recipient_limit = 0

## Use instead
    message_size_limit = 52428800
    smtpd_recipient_limit = 1000

## References
- postconf(5), message_size_limit: https://www.postfix.org/postconf.5.html#message_size_limit
- postconf(5), smtpd_recipient_limit: https://www.postfix.org/postconf.5.html#smtpd_recipient_limit
- Postfix source: src/global/mail_conf_int.c, mail_conf_long.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/global/mail_conf_int.c
"""

import re

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.running import note, severity
from postfix_lint.rules.support.typed import shown, tail

CODE = "PF121"
NAME = "invalid-number"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}

#: Numeric parameters another rule owns (one fault, one finding): compatibility_level is an integer
#: in Postfix 3.5.0 - 3.5.10 (mail_params.c) and a release number later; PF131 judges it per release.
_OWNED_ELSEWHERE = frozenset({"compatibility_level"})

_SUFFIXED = re.compile(r"^\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*([kKmMgGtT])i?[bB]?$")


def _why(value: str, kind: str, fatal: str) -> str:
    if not fatal.startswith("bad numerical"):
        return "out of range"
    if value.strip(" \t\n\v\f\r") == "":
        return "empty"
    if "#" in value:
        return 'text after the number: "#" starts a comment only at the start of a line, so it is part of the value'
    m = _SUFFIXED.match(value)
    if m:
        what = "sizes are plain byte counts" if kind == "long" else "numbers are plain"
        return f'no unit suffixes ("{m.group(1)}"): {what}'
    stripped = value.strip()
    if stripped.lstrip("+-").isdigit():
        bits = 64 if kind == "long" else 32
        return f"does not fit in a {bits}-bit number"
    return "not a whole number"


def check(ctx, options):
    for v in ctx.typed_verdicts:
        if v.param.type not in ("int", "nint", "long") or v.param.name in _OWNED_ELSEWHERE:
            continue
        why = _why(v.expanded, v.param.type, v.fatal)
        msg = f"{v.param.name} = {shown(v)}: {why}{tail(v)}"
        yield problem(v.entry.value_span(), msg + note(ctx, v.programs), severity=severity(ctx, v.programs))
