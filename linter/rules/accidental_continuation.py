"""An indented ``parameter = value`` line glued onto the previous value.

## What it does
Finds continuation lines (lines that start with whitespace) whose text
reads like a parameter assignment, ``known_parameter = value``.

## Why it matters
A line that starts with whitespace continues the previous logical line.
An assignment that was indented by accident is not a setting at all: its
text becomes part of the previous parameter's value, so the intended
parameter keeps its default and the previous one gets a strange value.

## Example
    mydestination = $myhostname, localhost
      queue_run_delay = 15m

## Use instead
    mydestination = $myhostname, localhost
    queue_run_delay = 15m

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
"""

import re

from postfix_lint.problem import Severity, Span, problem

CODE = "PF004"
NAME = "accidental-continuation"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}

_ASSIGN = re.compile(r"[ \t\v\f\r]+([A-Za-z0-9_]+)[ \t\v\f\r]*=")


def check(ctx, options):
    res = ctx.resolver
    entries = ctx.doc.entries
    for line, column, body, owner in ctx.doc.continuations:
        if owner is None:
            continue
        m = _ASSIGN.match(body)
        if m is None or res.param(m.group(1)) is None:
            continue
        name = m.group(1)
        prev = entries[owner]
        yield problem(
            Span(line, m.start(1) + 1, line, m.end(1) + 1),
            f"this indented line continues {prev.name} (line {prev.line}) instead of setting {name}:"
            f" {name} keeps its default; remove the leading whitespace",
        )
