"""A carriage return inside a value.

## What it does
Finds ``\\r`` characters that end up inside a logical value: CRLF line
endings on a line that has continuation lines, or a file with old Mac
(CR-only) line endings.

## Why it matters
Postfix reads lines up to ``\\n`` and trims whitespace only at the ends of
the logical line.  With CRLF endings, every ``\\r`` before a continuation line
stays inside the value (``queue_run_delay = 5\\r  m`` is fatal for qmgr); a
CR-only file is one single logical line.

## Example
    mynetworks = 127.0.0.0/8␍
        [::1]/128␍

## Use instead
Save the file with Unix (LF) line endings.

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
- Postfix source: src/util/readlline.c
"""

from postfix_lint.problem import Severity, problem

CODE = "PF007"
NAME = "carriage-return"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for entry in ctx.doc.entries:
        i = entry.value.find("\r")
        if i >= 0:
            count = entry.value.count("\r")
            yield problem(
                entry.value_span(i, i + 1),
                f"the value of {entry.name} contains {count} carriage return(s) (CRLF or CR-only line endings):"
                " Postfix keeps them inside the value; use LF line endings",
            )
