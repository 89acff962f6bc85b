"""A ``#`` comment after a value, which is part of the value.

## What it does
Finds values that contain whitespace followed by ``#``.

## Why it matters
In main.cf, ``#`` starts a comment only as the first non-blank character of
a line.  ``message_size_limit = 20480000 # 20 MB`` sets the value
``20480000 # 20 MB``, which every program that reads the parameter rejects
(``bad numerical configuration``); a time value happens to survive because
text after the unit is ignored, and a list or a banner gets the comment
text as extra elements.

## Example
    maximal_queue_lifetime = 1d  # one day

## Use instead
    # one day
    maximal_queue_lifetime = 1d

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
"""

import re

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import quote

CODE = "PF106"
NAME = "inline-comment"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}

_COMMENT = re.compile(r"[ \t\v\f\r]#")


def check(ctx, options):
    for entry in ctx.doc.entries:
        m = _COMMENT.search(entry.value)
        if m is None:
            continue
        start = m.start() + 1
        text = entry.value[start:]
        kept = entry.value[: m.start()].rstrip(" \t\v\f\r")
        yield problem(
            entry.value_span(start, len(entry.value)),
            f'"{quote(text, 40)}" is part of the value of {entry.name}, not a comment:'
            f' Postfix sees {entry.name} = "{quote(entry.value)}"; move the comment to its own line'
            f' (or the value is "{quote(kept)}")',
        )
