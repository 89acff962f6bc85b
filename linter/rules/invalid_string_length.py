"""A string parameter that is empty (or too long) where Postfix requires a length.

## What it does
Checks the string parameters that have a minimum or maximum length in
Postfix's parameter tables (``myhostname``, ``mydomain``, ``myorigin``,
``mail_owner``, ``queue_directory``, ``default_transport``,
``smtpd_banner``, ``default_verp_delimiters`` ... most need at least one
character) after ``$`` expansion the way each program that reads it
expands it.

## Why it matters
A required string that is empty, or expands to nothing, makes the program
exit with ``fatal: bad string length 0 < 1: NAME =``.  ``myhostname =`` or
``mydomain = $undefined`` stops every Postfix program; a daemon's own
parameter stops that daemon when it starts, after ``postfix start`` has
succeeded.

## Example
    default_transport =
    default_verp_delimiters = +

## Use instead
    default_transport = smtp
    default_verp_delimiters = +=

## References
- postconf(5), default_transport: https://www.postfix.org/postconf.5.html#default_transport
- postconf(5), default_verp_delimiters: https://www.postfix.org/postconf.5.html#default_verp_delimiters
- Postfix source: src/global/mail_conf_str.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/global/mail_conf_str.c
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.typed import shown, tail

CODE = "PF122"
NAME = "invalid-string-length"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def _bytes(n: int) -> str:
    return f"{n} byte" if n == 1 else f"{n} bytes"


def check(ctx, options):
    for v in ctx.typed_verdicts:
        if v.param.type not in ("str", "str_fn", "raw"):
            continue
        p = v.param
        length = len(v.expanded.encode("utf-8", "surrogateescape"))
        why = "empty" if length == 0 else f"{_bytes(length)} long"
        if p.min and p.max and p.min == p.max:
            need = f"exactly {_bytes(p.min)}"
        else:
            need = " and ".join(f"{word} {_bytes(n)}" for word, n in (("at least", p.min), ("at most", p.max)) if n)
        msg = f"{p.name} = {shown(v)}: {why}, but it must be {need} long{tail(v)}"
        yield problem(v.entry.value_span(), msg)
