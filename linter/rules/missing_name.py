"""A logical line that starts with ``=``.

## What it does
Finds logical lines with no parameter name before the ``=``.

## Why it matters
Postfix reports ``fatal: main.cf, line N: missing attribute name`` and every
Postfix program exits, so no mail flows until the line is fixed.

## Example
    = 300s

## Use instead
    queue_run_delay = 300s

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
"""

from postfix_lint.problem import Severity
from postfix_lint.rules.support.syntax import from_reader

CODE = "PF002"
NAME = "missing-name"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    return from_reader(ctx, CODE)
