"""A UTF-8 byte order mark at the start of main.cf.

## What it does
Finds a UTF-8 BOM (bytes ``EF BB BF``) at the start of the file.

## Why it matters
Postfix does not skip it: the three bytes become part of the first
parameter name, so ``\\ufeffmyhostname = mail.example.com`` defines an
unknown parameter and ``myhostname`` keeps its default.  Some Windows
editors add the BOM silently.

## Example
    <BOM>myhostname = mail.example.com

## Use instead
    myhostname = mail.example.com

## References
- postconf(5), "main.cf file format": https://www.postfix.org/postconf.5.html
- Postfix source: src/util/split_nameval.c
"""

from postfix_lint.problem import Severity, Span, problem

CODE = "PF005"
NAME = "byte-order-mark"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    if not ctx.doc.has_bom:
        return
    first = ctx.doc.entries[0] if ctx.doc.entries else None
    if first is not None and first.line == 1:
        real = first.name.lstrip("\ufeff")
        msg = (f"the file starts with a UTF-8 byte order mark: Postfix reads it as part of the name"
               f" of the first parameter, so {real} is not set; save the file without a BOM")
    else:
        msg = "the file starts with a UTF-8 byte order mark; save the file without it"
    yield problem(Span.at(1, 1), msg)
