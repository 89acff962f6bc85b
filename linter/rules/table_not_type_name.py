"""An entry of a lookup-table list that is not ``type:name``.

## What it does
Checks every parameter whose value Postfix opens as a list of lookup
tables (``virtual_alias_maps``, ``transport_maps``, ``header_checks``,
``smtp_tls_policy_maps``, ``relay_recipient_maps`` ...) and reports the
first entry that is not ``type:name`` (no colon, or nothing before or after
it).  When the entry comes from an indented line that main.cf glued onto
the list, the finding points at that line.

## Why it matters
The program that opens the list (cleanup and smtpd for
virtual_alias_maps, trivial-rewrite for transport_maps ...) exits at start
with ``fatal: open dictionary: expecting "type:name" form instead of
"..."``; ``postfix check`` does not notice.  The classic cause is an
indented ``parameter = value`` line (or a line after an indented comment
block) right after a map list: it continues the list, its words become
table names and the intended parameter keeps its default.  Error when a
program that opens the list runs; info when none does here.

## Example
    virtual_alias_maps = hash:/etc/postfix/valias
      smtpd_tls_auth_only = yes

## Use instead
    virtual_alias_maps = hash:/etc/postfix/valias
    smtpd_tls_auth_only = yes

## References
- DATABASE_README: https://www.postfix.org/DATABASE_README.html
- Postfix source: src/global/maps.c, src/util/dict_open.c
"""

from postfix_lint.postfix.verdict import FATAL
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import values

CODE = "PF140"
NAME = "table-not-type-name"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for entry, v, level in values.table_findings(ctx):
        if v.outcome != FATAL or v.word is None:
            continue
        span = values.word_span(entry, v.word)
        glued = ""
        if span.line != entry.line:
            glued = (f"; line {span.line} starts with whitespace, so main.cf glues it onto {entry.name}"
                     f" (line {entry.line}): remove the leading whitespace if it is a setting of its own")
        msg = (f'{entry.name}: "{v.word}" is not a table (type:name){glued}; {values.consequence(ctx, v)}')
        yield problem(span, msg, severity=level)
