"""smtpd's relay restrictions name none of the restrictions that stop open relaying.

## What it does
Computes what smtpd reads for ``smtpd_relay_restrictions`` (its default
depends on compatibility_level: empty below level 1, else
``permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination``)
and ``smtpd_recipient_restrictions``, and reports when neither contains
reject_unauth_destination, defer_unauth_destination, reject, defer,
defer_if_permit or check_relay_domains (also through a restriction class).
main.cf's values are judged when an smtpd service without ``-o`` settings of
these two parameters runs with them; each master.cf smtpd service that sets
them is judged once with its own ``-o`` values, at that ``-o`` (a value cut
short by a space, ``-o name=a, b``, is named as the cause).

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

from postfix_lint.analyse import overrides
from postfix_lint.analyse.definitions import Definitions
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


def _level(ctx):
    """compatibility_level as a tuple (unset: 0), or None when malformed (PF131)."""
    value = "0" if ctx.doc.get("compatibility_level") is None else values.expanded(ctx, "compatibility_level")
    if value is None or not re.fullmatch(r"[0-9]+(?:\.[0-9]+){0,2}", value.strip()):
        return None
    return tuple(int(p) for p in value.strip().split("."))


def _tail(chosen) -> str:
    """The lines the override run appends to main.cf for ``chosen`` (as ``overrides.with_overrides``)."""
    lines = [f"{name} = {option.value}".replace("\n", " ").replace("\r", " ") for name, option in chosen]
    return "\n" + "\n".join(lines) + "\n"


def _smtpd_services(ctx):
    """The smtpd services master(8) starts, with their -o settings as smtpd reads them: [(service, chosen)]."""
    if ctx.master.is_default:
        return []
    definitions = Definitions(ctx.master)
    return [(s, overrides.applied(s, definitions)) for s in ctx.master.services
            if overrides.program_of(s) == "smtpd" and not s.fatal("master")]


def _this_service(ctx, services):
    """The smtpd service whose -o settings this run judges (main.cf with them appended, see
    ``postfix_lint.analyse.overrides``) as (service, chosen), or None for main.cf itself."""
    best = None
    for service, chosen in services:
        if chosen and ctx.doc.text.endswith(_tail(chosen)) and (best is None or len(chosen) > len(best[1])):
            best = (service, chosen)
    return best


def _space_note(option) -> str:
    """Why a -o value ends in a comma: master.cf splits the command at white space."""
    if not option.value.rstrip().endswith(","):
        return ""
    return (f" (in master.cf the -o value ends at the first space: \"-o {option.name}=a, b\" gives smtpd"
            f" \"a,\" as the value and \"b\" as separate command arguments; write \"a,b\" or"
            f" \"-o {{ {option.name} = a, b }}\")")


def check(ctx, options):
    if not ctx.doc.entries:
        return
    level = _level(ctx)
    if level is None:
        return
    services = _smtpd_services(ctx)
    mine = _this_service(ctx, services)
    watched = ("smtpd_relay_restrictions", "smtpd_recipient_restrictions")
    note = ""
    if mine is not None:
        # one service's -o settings appended to main.cf: judged only when they set these parameters
        # (the other services and main.cf are judged in their own runs)
        set_here = [option for name, option in mine[1] if name in watched]
        if not set_here:
            return
        note = "".join(_space_note(option) for option in set_here)
    elif not ctx.master.is_default and all(any(n in watched for n, _ in chosen) for _, chosen in services):
        # every smtpd service overrides these parameters (or none runs): main.cf's values reach no smtpd
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
    for v in restrictions.check_relay_requirement(relay, rcpt, classes):
        if relay_entry is None and rcpt_entry is None:
            why = ("neither smtpd_relay_restrictions nor smtpd_recipient_restrictions is set, and"
                   " compatibility_level " + ("is not set (level 0)" if ctx.doc.get("compatibility_level")
                                              is None else "is below 1")
                   + ", so smtpd_relay_restrictions defaults to empty")
        else:
            why = (f"smtpd_relay_restrictions = {relay or '(empty)'} and smtpd_recipient_restrictions = "
                   f"{rcpt or '(empty)'} name none of {', '.join(restrictions.RELAY_REQUIRED)}")
        msg = f"{why}{note}; {values.consequence(ctx, v)}"
        if mine is not None:  # the later of the two entries is the appended -o line
            span = max((e for e in (relay_entry, rcpt_entry) if e is not None), key=lambda e: e.line)
        else:
            span = relay_entry or rcpt_entry or ctx.doc.get("compatibility_level")
        yield problem(span.value_span() if span is not None else FILE_START, msg,
                      severity=values.severity(ctx, v, None))
