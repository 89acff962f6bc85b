"""A lookup table whose type Postfix does not know.

## What it does
Checks the type of every table in a lookup-table list (``*_maps``,
``*_checks`` ...) and in smtpd's restriction lists (``check_*_access
type:name``) against the types Postfix is built with, and suggests the
closest known one (``hsah`` -> ``hash``).

## Why it matters
No program exits, but Postfix logs ``error: unsupported dictionary type:
hsah`` and every lookup in that table fails: the mail that needs it is
deferred (smtpd answers ``451 4.3.0`` or, in a restriction, ``451 4.3.5``),
every time, until the type is fixed.  That is an error as long as the
program that opens the table runs; info when it does not run here.  Types
that Debian ships in an optional package are PF142.

## Example
    virtual_alias_maps = hsah:/etc/postfix/valias

## Use instead
    virtual_alias_maps = hash:/etc/postfix/valias

## References
- DATABASE_README: https://www.postfix.org/DATABASE_README.html
- Postfix source: src/util/dict_open.c
"""

from postfix_lint.postfix.verdict import FAILS
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import values

CODE = "PF141"
NAME = "unknown-table-type"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for entry, v, level in values.table_findings(ctx):
        if v.outcome != FAILS:
            continue
        dict_type = v.message.rsplit(": ", 1)[-1]  # "error: unsupported dictionary type: <type>"
        near = f' (did you mean "{v.suggestion}"?)' if v.suggestion else ""
        msg = f'{entry.name}: unknown table type "{dict_type}" in "{v.word}"{near}; {values.consequence(ctx, v)}'
        yield problem(values.word_span(entry, v.word), msg, severity=level)
