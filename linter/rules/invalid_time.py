"""A time value that Postfix cannot convert.

## What it does
Converts every time parameter (``queue_run_delay``, ``maximal_queue_lifetime``,
``smtp_connect_timeout``, ...) with Postfix's own ``conv_time()`` rules, after
``$`` expansion, and reports values the programs that read it reject.

## Why it matters
``postconf`` and ``postfix check`` do not check these values, and
``postfix start`` exits 0.  The daemon that reads the parameter then dies
at start with ``fatal: parameter queue_run_delay: bad time value or unit:
15M`` and master(8) throttles it: for the queue manager, no mail is
delivered.  Postfix accepts one optional **lower-case** unit letter (``s m h
d w``) after a whole number; upper-case units, decimals, signs other than a
leading ``+``, spaces before the unit, other letters and empty values are
all fatal, and so are numbers that overflow a 32-bit int.

## Example
    queue_run_delay = 15M
    maximal_queue_lifetime = 1.5d

## Use instead
    queue_run_delay = 15m
    maximal_queue_lifetime = 36h

## References
- postconf(5), "time units": https://www.postfix.org/postconf.5.html
- Postfix source: src/global/conv_time.c, src/global/mail_conf_time.c
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import program_list as programs_text
from postfix_lint.rules.support.time import failures

CODE = "PF101"
NAME = "invalid-time"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for s, programs in failures(ctx, "syntax"):
        reason = s.value.reason if s.value is not None else ""
        shown = s.expanded if s.expanded == s.raw else f"{s.expanded!r} after expansion of {s.raw!r}"
        msg = f"{s.name} = {shown}: bad time value or unit"
        if reason:
            msg += f" ({reason})"
        msg += (f"; {programs_text(programs)} will exit with"
                f' "fatal: parameter {s.name}: bad time value or unit: {s.expanded}"')
        yield problem(s.span, msg)
