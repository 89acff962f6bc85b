"""A compatibility_level that is not a release number.

## What it does
Checks ``compatibility_level`` with the syntax of the target release:
``major[.minor[.patch]]`` of decimal numbers from 3.6 on, a whole number in
3.5 (from 3.5.11 the digits before the first dot).

## Why it matters
Every Postfix program reads compatibility_level when it starts
(``mail_params_init()``), postconf too.  A malformed value stops all of
them: ``fatal: malformed compatibility level syntax: "3.6 # was 2"``.
A ``#`` after the value is **not** a comment in main.cf (only a ``#`` at
the start of a line is), so ``compatibility_level = 3.6 # was 2`` is the
classic way to stop a whole mail server with one edit.

## Example
    compatibility_level = 3.6 # was 2

## Use instead
    # was 2
    compatibility_level = 3.6

## References
- postconf(5), compatibility_level: https://www.postfix.org/postconf.5.html#compatibility_level
- COMPATIBILITY_README: https://www.postfix.org/COMPATIBILITY_README.html
- Postfix source: src/global/mail_params.c, src/global/compat_level.c
"""

from postfix_lint.postfix import words
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import values

CODE = "PF131"
NAME = "invalid-compatibility-level"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    entry = ctx.doc.get("compatibility_level")
    if entry is None:
        return
    value = values.expanded(ctx, "compatibility_level")
    if value is None:
        return
    found, releases = values.judge(ctx, lambda r: words.check_compatibility_level(value, r))
    for v in found:
        hint = ""
        if "#" in value:
            hint = ' ("#" starts a comment only at the start of a line: put the comment on its own line)'
        msg = (f"compatibility_level = {value}: not a valid compatibility level{hint}"
               f"{values.releases_text(releases)}; {values.consequence(ctx, v)}"
               f"; allowed: {', '.join(v.allowed)}")
        yield problem(entry.value_span(), msg, severity=values.severity(ctx, v, releases))
