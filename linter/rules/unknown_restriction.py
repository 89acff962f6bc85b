"""An smtpd restriction name that smtpd does not know (or no longer knows).

## What it does
Checks every word of smtpd's restriction lists
(``smtpd_client_restrictions`` ... ``smtpd_relay_restrictions``,
``smtpd_recipient_restrictions`` and the restriction classes of
``smtpd_restriction_classes``): unknown names (typos), ``check_*_access``
without a ``type:name`` table, ``{...}`` groups, and the restrictions that
Postfix 3.9 removed (``check_relay_domains``, ``reject_maps_rbl``,
``permit_naked_ip_address``), with the replacement.

## Why it matters
smtpd starts, so ``postfix check`` and ``postfix start`` look fine.  When
mail reaches the unknown word, smtpd logs ``warning: unknown smtpd
restriction: "..."`` and answers ``451 4.3.5 Server configuration error``:
every affected mail is deferred and, after the queue lifetime, bounced by
the sender's server.  A warning (no program exits); info when smtpd does
not run here.

## Example
    smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destinaton

## Use instead
    smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination

## References
- SMTPD_ACCESS_README: https://www.postfix.org/SMTPD_ACCESS_README.html
- postconf(5), smtpd_recipient_restrictions: https://www.postfix.org/postconf.5.html#smtpd_recipient_restrictions
- Postfix source: src/smtpd/smtpd_check.c
"""

from postfix_lint.postfix.verdict import LOGS
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import values

CODE = "PF152"
NAME = "unknown-restriction"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for entry, v, level in values.table_findings(ctx):
        if v.outcome != LOGS:
            continue
        near = f' (did you mean "{v.suggestion}"?)' if v.suggestion else ""
        if v.word == "\\":
            near = (" (a backslash is not a line continuation in main.cf: remove it; a line that starts with"
                    " whitespace continues the previous one)")
        msg = f'{entry.name}: "{v.word}"{near}; {values.consequence(ctx, v)}'
        yield problem(values.word_span(entry, v.word), msg, severity=level)
