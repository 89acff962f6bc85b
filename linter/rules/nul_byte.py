"""A NUL byte inside a logical line.

## What it does
Finds NUL (``\\0``) bytes in main.cf.

## Why it matters
Postfix 3.7 uses the line as a C string, so everything after the NUL is
silently dropped (``myhostname = abc\\0def`` sets ``abc``).  Postfix 3.9 and
later warn ``text after null byte may be ignored``.  A NUL usually means a
corrupted or binary file.

## Example
    myhostname = mail\\0.example.com

## Use instead
    myhostname = mail.example.com

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
- Postfix source, src/util/readlline.c (3.9 HISTORY: null byte warning)
"""

from postfix_lint.problem import Severity
from postfix_lint.rules.support.syntax import from_reader

CODE = "PF006"
NAME = "nul-byte"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    return from_reader(ctx, CODE)
