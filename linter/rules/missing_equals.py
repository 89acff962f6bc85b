"""A logical line without ``=`` after the parameter name.

## What it does
Finds logical lines whose first word is not followed by ``=``, such as a
bare word or ``queue run delay = 5m``.

## Why it matters
Postfix's ``split_nameval()`` rejects the line with
``fatal: main.cf, line N: missing '=' after attribute name``, and **every**
Postfix program, ``postconf`` and ``postfix start`` included, exits.  A
continuation line is part of the same logical line, so
``queue_run_delay = 1`` followed by a flush-left ``0s`` is this error too.

## Example
    queue_run_delay 300s

## Use instead
    queue_run_delay = 300s

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
"""

from postfix_lint.problem import Severity
from postfix_lint.rules.support.syntax import from_reader

CODE = "PF001"
NAME = "missing-equals"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    return from_reader(ctx, CODE)
