"""A NUL byte inside a logical line.

## What it does
Finds NUL (``\\0``) bytes in main.cf.

## Why it matters
Every Postfix release uses the line as a C string, so everything after the
NUL is dropped (``myhostname = abc\\0def`` sets ``abc``).  Postfix 3.5 - 3.8
do it silently; 3.9 and later warn ``<path>, line N: text after null byte
may be ignored`` (``line N-M`` for a continued line), once per logical line
(``readllines()``).  The message says what the target release does.  A NUL
usually means a corrupted or binary file.

## Example
    myhostname = mail\\0.example.com

## Use instead
    myhostname = mail.example.com

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
- Postfix source, src/util/readlline.c (3.9 HISTORY: null byte warning)
"""

import bisect
import dataclasses

from postfix_lint.postfix import profiles
from postfix_lint.problem import Severity
from postfix_lint.rules.support.syntax import from_reader

CODE = "PF006"
NAME = "nul-byte"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


_LEAD = "NUL byte in a logical line: "


def check(ctx, options):
    starts = None
    for p in from_reader(ctx, CODE):
        if starts is None:
            starts = [e.line for e in ctx.doc.entries]  # in file order, so sorted
        yield p.replace(message=_LEAD + _behaviour(ctx, _lines(ctx, starts, p.line)))


def _lines(ctx, starts, line: int) -> str:
    """'3' or '3-4': the logical line's physical lines, as readllines() names them."""
    i = bisect.bisect_right(starts, line) - 1
    if i >= 0:
        entry = ctx.doc.entries[i]
        if entry.line <= line <= entry.end_line and entry.end_line != entry.line:
            return f"{entry.line}-{entry.end_line}"
    return str(line)


def _behaviour(ctx, lines: str) -> str:
    warning = f'".../main.cf, line {lines}: text after null byte may be ignored"'
    if ctx.release is None:
        ranges = profiles.releases_where(lambda p: p.nul_byte_warns)
        return (f"every Postfix release ignores the rest of the line; {profiles.describe_releases(ranges)}"
                f" warn {warning}, earlier releases silently")
    line_name = f"Postfix {ctx.release.line}"
    if ctx.profile.nul_byte_warns:
        return f"{line_name} ignores the rest of the line and warns {warning}"
    return f"{line_name} silently ignores the rest of the line"
