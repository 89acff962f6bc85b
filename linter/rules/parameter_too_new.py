"""A parameter that the target Postfix version does not have yet.

## What it does
Compares the Postfix version that introduced each parameter set in main.cf
(from the Postfix 3.7.11 documentation, ``postconf(5)``'s "This feature is
available in Postfix X.Y and later") with the target version
(``--target-version`` or ``target-version`` in the configuration; default
3.7) and reports parameters that are newer.  Per-transport names count as
new as the feature they configure.  The target version is the
``target-version`` key of the configuration file or ``--target-version
X.Y``; names newer than Postfix 3.7 are not in the linter's database and
are reported by ``unknown-parameter``.

## Why it matters
An older Postfix does not know the name: it ignores the setting without a
message, and ``postconf`` only warns ``unused parameter``.  A configuration
written for a newer release and deployed on an older one silently loses
the setting, for example ``smtpd_relay_before_recipient_restrictions``
(3.6) or ``smtputf8_enable`` (3.0).

## Example
    # target-version = "3.4"
    smtpd_relay_before_recipient_restrictions = yes

## Use instead
    # target-version = "3.6"
    smtpd_relay_before_recipient_restrictions = yes

## References
- postconf(5), smtpd_relay_before_recipient_restrictions: https://www.postfix.org/postconf.5.html#smtpd_relay_before_recipient_restrictions
- Postfix release notes: https://www.postfix.org/announcements.html
"""

from postfix_lint.postfix import params
from postfix_lint.problem import Severity, problem

CODE = "PF114"
NAME = "parameter-too-new"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    target = params.version_tuple(ctx.target_version or "")
    if not target:
        return
    a = ctx.names
    for name, entry in ctx.doc.last().items():
        p = a.param(name)
        if p is None or not p.since:
            continue
        # "3.7" means any 3.7.x: compare only as many components as the
        # target names (smtpd_forbid_bare_newline, 3.7.9, is fine for 3.7).
        since = params.version_tuple(p.since)[: len(target)]
        if since > target:
            yield problem(
                entry.name_span(),
                f"{name} was added in Postfix {p.since}, but the target version is {ctx.target_version}:"
                f' Postfix {ctx.target_version} ignores it (postconf: "unused parameter")',
            )
