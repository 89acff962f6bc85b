"""A time parameter whose ``$`` references the reading daemon cannot resolve.

## What it does
Expands every time parameter the way the program that reads it does and
reports expansion errors (a reference cycle, a chain deeper than 100, a
macro syntax error) and ``$name`` references that expand to nothing,
leaving a value Postfix cannot convert.

## Why it matters
A daemon expands a value against main.cf **plus the defaults of the
parameters it has already read**, not every default.  The queue manager
reads ``queue_run_delay`` first, so ``queue_run_delay =
$minimal_backoff_time`` expands to an empty string when
``minimal_backoff_time`` is not set, and qmgr dies with ``bad time value or
unit``, although ``postconf -x`` shows ``300s``.  A cycle kills the
daemon with ``macro processing error``.

## Example
    queue_run_delay = $minimal_backoff_time

## Use instead
    minimal_backoff_time = 300s
    queue_run_delay = $minimal_backoff_time

## References
- postconf(5), "$name expressions": https://www.postfix.org/postconf.5.html
- Postfix source: src/global/mail_conf.c, src/util/mac_expand.c
"""

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import program_list as programs_text
from postfix_lint.rules.support.time import failures

CODE = "PF206"
NAME = "unresolvable-reference"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for s, programs in failures(ctx, "reference"):
        who = programs_text(programs)
        if s.expanded is None:
            msg = (f"{s.name} = {s.raw}: {s.error}; {who} will exit with"
                   ' "fatal: dictionary mail_dict: macro processing error"')
        else:
            refs = ", ".join(f"${r}" for r in s.empty_refs)
            msg = (f"{s.name} = {s.raw} expands to {s.expanded!r} in {who}: {refs} is neither set in main.cf"
                   f" nor read by {who} before {s.name}, so it is empty there (postconf -x shows its default);"
                   f' {who} will exit with "fatal: parameter {s.name}: bad time value or unit: {s.expanded}";'
                   " set the referenced parameter explicitly")
        yield problem(s.span, msg)
