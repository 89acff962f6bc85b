"""smtpd's relay restrictions name none of the restrictions that stop open relaying.

## What it does
Computes what smtpd reads for ``smtpd_relay_restrictions`` (its default
depends on compatibility_level: empty below level 1, else
``permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination``)
and ``smtpd_recipient_restrictions``, for every smtpd service of master.cf
with its ``-o`` overrides, and reports when neither contains
reject_unauth_destination, defer_unauth_destination, reject, defer,
defer_if_permit or check_relay_domains (also through a restriction class).

## Why it matters
smtpd refuses to run as an open relay: it exits at every start with
``fatal: in parameter smtpd_relay_restrictions or
smtpd_recipient_restrictions, specify at least one working instance of:
reject_unauth_destination, ...``.  The classic case is a main.cf without
``compatibility_level`` (level 0) and without relay restrictions: smtpd
dies, no mail is received.  Error when smtpd runs.  A file with no
settings at all is not judged (an empty main.cf is not a configuration
yet; every Postfix package writes compatibility_level).

## Example
    compatibility_level = 0
    smtpd_recipient_restrictions = permit_mynetworks

## Use instead
    compatibility_level = 0
    smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination

## References
- postconf(5), smtpd_relay_restrictions: https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions
- COMPATIBILITY_README: https://www.postfix.org/COMPATIBILITY_README.html
- Postfix source: src/smtpd/smtpd_check.c (smtpd_check_init)
"""

import re

from postfix_lint.postfix import restrictions
from postfix_lint.problem import FILE_START, Severity, problem
from postfix_lint.rules.support import values

CODE = "PF151"
NAME = "missing-relay-restriction"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}

_LEGACY = ""
_CURRENT = "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination"
_REF = re.compile(r"^\$(?:\{(\w+)\}|\((\w+)\)|(\w+))$")


def _level(ctx):
    """compatibility_level as a tuple (unset: 0), or None when malformed (PF131)."""
    value = "0" if ctx.doc.get("compatibility_level") is None else values.expanded(ctx, "compatibility_level")
    if value is None or not re.fullmatch(r"[0-9]+(?:\.[0-9]+){0,2}", value.strip()):
        return None
    return tuple(int(p) for p in value.strip().split("."))


def _override(ctx, value):
    """A master.cf -o value as smtpd reads it: a lone $name is looked up in main.cf; None if unknown."""
    m = _REF.match(value.strip())
    if m:
        name = m.group(1) or m.group(2) or m.group(3)
        if ctx.doc.get(name) is None:
            return None
        return values.expanded(ctx, name, ("smtpd",))
    return None if "$" in value else value


def check(ctx, options):
    if not ctx.doc.entries:
        return
    level = _level(ctx)
    if level is None:
        return
    relay_entry = ctx.doc.get("smtpd_relay_restrictions")
    rcpt_entry = ctx.doc.get("smtpd_recipient_restrictions")
    relay = _CURRENT if level >= (1,) else _LEGACY
    if relay_entry is not None:
        relay = values.expanded(ctx, "smtpd_relay_restrictions", ("smtpd",))
    rcpt = values.expanded(ctx, "smtpd_recipient_restrictions", ("smtpd",)) if rcpt_entry is not None else ""
    if relay is None or rcpt is None:
        return
    classes = {n: (values.expanded(ctx, n, ("smtpd",)) if ctx.doc.get(n) is not None else None)
               for n in values.restriction_classes(ctx)}
    services = [s for s in ctx.master.services if s.command == "smtpd"] if not ctx.master.is_default else []
    cases = [("", relay, rcpt)]
    for s in services:
        opts = s.params
        if "smtpd_relay_restrictions" not in opts and "smtpd_recipient_restrictions" not in opts:
            continue
        r = _override(ctx, opts["smtpd_relay_restrictions"]) if "smtpd_relay_restrictions" in opts else relay
        c = _override(ctx, opts["smtpd_recipient_restrictions"]) if "smtpd_recipient_restrictions" in opts else rcpt
        if r is None or c is None:
            continue
        cases.append((f" (master.cf service {s.name} on line {s.line}, with its -o settings)", r, c))
    for where, r, c in cases:
        for v in restrictions.check_relay_requirement(r, c, classes):
            if relay_entry is None and rcpt_entry is None:
                why = ("neither smtpd_relay_restrictions nor smtpd_recipient_restrictions is set, and"
                       " compatibility_level " + ("is not set (level 0)" if ctx.doc.get("compatibility_level")
                                                  is None else "is below 1")
                       + ", so smtpd_relay_restrictions defaults to empty")
            else:
                why = (f"smtpd_relay_restrictions = {r or '(empty)'} and smtpd_recipient_restrictions = "
                       f"{c or '(empty)'} name none of {', '.join(restrictions.RELAY_REQUIRED)}")
            msg = f"{why}{where}; {values.consequence(ctx, v)}"
            span = (relay_entry or rcpt_entry or ctx.doc.get("compatibility_level"))
            yield problem(span.value_span() if span is not None else FILE_START, msg,
                          severity=values.severity(ctx, v, None))
