"""A restriction class in smtpd_restriction_classes without a definition.

## What it does
Checks that every name listed in ``smtpd_restriction_classes`` is also set
in main.cf to a non-empty restriction list.

## Why it matters
smtpd reads every class when it starts and exits at the first one it
cannot find (``fatal: restriction class ... needs a definition``, naming
the class).
``postconf`` only warns that the name is unused or undefined; ``postfix
start`` succeeds and smtpd dies at every connection attempt, so no mail is
received.  Error when smtpd runs (info when this master.cf runs no smtpd).

## Example
    smtpd_restriction_classes = alpha
    smtpd_recipient_restrictions = check_sender_access hash:/etc/postfix/senders, reject_unauth_destination

## Use instead
    smtpd_restriction_classes = alpha
    alpha = check_client_access hash:/etc/postfix/alpha_clients, reject
    smtpd_recipient_restrictions = check_sender_access hash:/etc/postfix/senders, reject_unauth_destination

## References
- RESTRICTION_CLASS_README: https://www.postfix.org/RESTRICTION_CLASS_README.html
- Postfix source: src/smtpd/smtpd_check.c (smtpd_check_init)
"""

from postfix_lint.postfix import restrictions
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import values

CODE = "PF150"
NAME = "undefined-restriction-class"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    entry = ctx.doc.get("smtpd_restriction_classes")
    if entry is None:
        return
    value = values.expanded(ctx, "smtpd_restriction_classes", ("smtpd",))
    if value is None:
        return
    names = restrictions.split_restrictions(value)
    definitions = {}
    for name in names:
        definitions[name] = values.expanded(ctx, name, ("smtpd",)) if ctx.doc.get(name) is not None else None
    for index, v in enumerate(restrictions.check_restriction_classes(value, definitions)):
        how = "is set to an empty value" if ctx.doc.get(v.word) is not None else "is not set in main.cf"
        after = "" if index == 0 else " (once the classes before it are defined)"
        msg = (f"smtpd_restriction_classes lists {v.word}, but {v.word} {how}; "
               f"{values.consequence(ctx, v)}{after}; define it, e.g. {v.word} = check_client_access"
               f" hash:/etc/postfix/{v.word}, or remove it from the list")
        yield problem(values.word_span(entry, v.word), msg, severity=values.severity(ctx, v, None))
