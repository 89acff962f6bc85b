"""Indented text before the first parameter.

## What it does
Finds indented (continuation) lines that come before any ``name = value``
line.

## Why it matters
A line that starts with whitespace continues the previous logical line.
Before the first parameter there is none: Postfix logs ``logical line must
not start with whitespace`` and throws the text away.  A setting written
there, e.g. `` queue_run_delay = 5m``, silently does nothing.

## Example
      queue_run_delay = 5m
    minimal_backoff_time = 5m

## Use instead
    queue_run_delay = 5m
    minimal_backoff_time = 5m

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
"""

from postfix_lint.problem import Severity
from postfix_lint.rules.support.syntax import from_reader

CODE = "PF003"
NAME = "orphan-continuation"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    return from_reader(ctx, CODE)
