"""A lookup table type that Debian ships in a separate package.

## What it does
Reports tables of the types Debian builds as plugins (pcre, ldap, mysql,
pgsql, lmdb, cdb, sqlite; ``/etc/postfix/dynamicmaps.cf``) and names the
package that provides each one (``postfix-pcre`` ...).

## Why it matters
Without the package the type is unknown: Postfix logs ``error:
unsupported dictionary type: pcre`` and every lookup in the table fails
(the mail is deferred).  With it, all is well, which postfix-lint cannot
see from main.cf: this is a reminder, at info severity, once per package
(at the first table that needs it).  Other
distributions (RHEL, Alpine) package the types differently.

## Example
    header_checks = pcre:/etc/postfix/header_checks

## Use instead
    header_checks = regexp:/etc/postfix/header_checks

## References
- DATABASE_README: https://www.postfix.org/DATABASE_README.html
- Debian package postfix-pcre: https://packages.debian.org/stable/postfix-pcre
"""

from postfix_lint.postfix.verdict import INFO
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import values

CODE = "PF142"
NAME = "optional-table-type"
SEVERITY = Severity.INFO
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    uses = {}
    for entry, v, _level in values.table_findings(ctx):
        if v.outcome == INFO and v.package:
            uses.setdefault(v.package, []).append((entry, v))
    for package, found in uses.items():
        entry, v = found[0]
        dict_type = v.message.rsplit(": ", 1)[-1]  # the type itself, also inside proxy: or unionmap:{...}
        others = sorted({e.name for e, _ in found[1:]} - {entry.name})
        more = f" (also used in {', '.join(others)})" if others else ""
        msg = (f"{entry.name}: the table type {dict_type} needs the Debian package {package}"
               f' (apt install {package}){more}; without it {values.who(v)} logs "{v.message}" and every'
               " lookup in the table fails")
        yield problem(values.word_span(entry, v.word), msg)
