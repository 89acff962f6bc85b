"""A ``#`` comment after a value, which is part of the value.

## What it does
Finds values that contain whitespace followed by ``#``.

What Postfix says about it depends on the release, and the message says
it: from 3.8 ``postconf`` warns ``#comment after other text is not
allowed`` for every such value (``pcf_register_dbms_parameters()``); 3.5 -
3.7 ``postconf`` is silent and only the daemons that parse a match list
(``mynetworks`` and the lists built from it) warn ``comment at end of line
is not supported``.

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

from postfix_lint.postfix import profiles
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import quote

CODE = "PF106"
NAME = "inline-comment"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}

_COMMENT = re.compile(r"[ \t\v\f\r]#")


def _postconf_note(ctx) -> str:
    if ctx.release is None:
        ranges = profiles.releases_where(lambda p: p.postconf_warns_inline_comment)
        return (f'; postconf of Postfix {profiles.describe_releases(ranges)} warns "#comment after other text'
                ' is not allowed", earlier releases do not')
    if ctx.profile.postconf_warns_inline_comment:
        return f'; Postfix {ctx.release.line} postconf warns "#comment after other text is not allowed"'
    return ""


def check(ctx, options):
    note = None
    for entry in ctx.doc.entries:
        m = _COMMENT.search(entry.value)
        if m is None:
            continue
        start = m.start() + 1
        text = entry.value[start:]
        kept = entry.value[: m.start()].rstrip(" \t\v\f\r")
        if note is None:
            note = _postconf_note(ctx)
        yield problem(
            entry.value_span(start, len(entry.value)),
            f'"{quote(text, 40)}" is part of the value of {entry.name}, not a comment:'
            f' Postfix sees {entry.name} = "{quote(entry.value)}"; move the comment to its own line'
            f' (or the value is "{quote(kept)}"){note}',
        )
