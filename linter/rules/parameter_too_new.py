"""A parameter that the target Postfix release does not have yet.

## What it does
Reports main.cf names that the target release (``--target-version`` or
``target-version`` in the configuration, ``X.Y`` or ``X.Y.Z``) does not
have but a later release does, to the patch level: backports count from
the patch release that added them to a branch
(``smtpd_forbid_unauth_pipelining`` is in 3.6.10 and later 3.6 releases,
not in 3.6.9).  The message says which releases have the name.

Without a target, a name that some supported release (3.5 - 3.12) lacks is
an info that names the releases that have it.

## Why it matters
An older Postfix does not know the name: it ignores the setting without a
message, and ``postconf`` only warns ``unused parameter``.  A configuration
written for a newer release and deployed on an older one silently loses
the setting, for example ``smtp_tlsrpt_enable`` (3.10) on Debian 12's 3.7.

## Example
    # target-version = "3.6.9"
    smtpd_forbid_unauth_pipelining = yes

## Use instead
    # target-version = "3.6.10"
    smtpd_forbid_unauth_pipelining = yes

## References
- postconf(5), smtpd_forbid_unauth_pipelining: https://www.postfix.org/postconf.5.html#smtpd_forbid_unauth_pipelining
- Postfix release notes: https://www.postfix.org/announcements.html
"""

from postfix_lint.postfix import profiles
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import quote

CODE = "PF114"
NAME = "parameter-too-new"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    a = ctx.names
    prof = ctx.profile
    if ctx.release is None:
        yield from _without_target(ctx)
        return
    for name, entry in ctx.doc.last().items():
        if a.kind(name):
            continue  # built in, legacy or service-derived in this release
        why = prof.absent_because(name)
        if why is None or why[0] != "added-later":
            continue
        _reason, first, ranges = why
        added = (f"was added in Postfix {first.line}" if first.patch == 0
                 else f"was added to the {first.line} branch in Postfix {first}")
        yield problem(
            entry.name_span(),
            f"{name} {added} (Postfix {profiles.describe_releases(ranges)} have it), but the target is"
            f" {ctx.target_name}: {ctx.target_name} ignores it"
            f' (postconf: "unused parameter: {quote(name)}={quote(entry.value, 30)}")',
        )


def _without_target(ctx):
    a = ctx.names
    for name, entry in ctx.doc.last().items():
        if a.kind(name) != "builtin" or profiles.in_every_release(name):
            continue
        ranges = profiles.availability(name)
        if not ranges or ranges[0][0] == profiles.Release(3, 5, 0):
            continue  # every release since 3.5.0 has it (or the name was removed later: not "new")
        yield problem(
            entry.name_span(),
            f"{name} exists only in Postfix {profiles.describe_releases(ranges)}: earlier releases ignore it"
            ' (postconf: "unused parameter"); set target-version to check the file against your release',
            severity=Severity.INFO,
        )
