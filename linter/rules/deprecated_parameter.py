"""A parameter that the target Postfix release, or a later one, deprecates.

## What it does
Reports parameters in postconf's deprecation table (``pcf_depr_param_info``
in ``src/postconf/postconf_unused.c``, Postfix 3.9 and later) and quotes
the warning exactly as the release's ``postconf`` prints it: ``support for
parameter "NAME" will be removed; instead, ...`` (with the quotes; ``has
been removed`` and no quotes for a name the release no longer knows), and
from 3.11 the closing ``See https://www.postfix.org/DEPRECATION_README.html
for details``.  Each release has its own table: 3.9 deprecates the old TLS
booleans, ``*_tls_per_site``, ``disable_dns_lookups`` and two TLS
settings; 3.11 adds 17 renamed or obsolete names (``virtual_maps``,
``fallback_relay``, ``smtp_tls_enforce_peername``...); the 3.12 snapshot
removes ``tlsproxy_client_loglevel_parameter``.

Severity follows what the target release does (quiet on stock
configurations): a warning when the target's ``postconf`` warns about the
name; an info when only a later release deprecates it (the message says
which one); without a target an info naming the releases that warn, since
3.5 - 3.8 never do.

## Why it matters
The old ``*_use_tls``/``*_enforce_tls`` booleans, ``*_tls_per_site``,
``disable_dns_lookups`` and the TLS curve/DH settings are superseded by the
``*_security_level``, ``*_policy_maps`` and ``smtp_dns_support_level``
settings.  A configuration that still uses them changes meaning (or stops
working) on upgrade, and mixing old and new settings for the same feature
is confusing: for example ``smtp_tls_security_level`` overrides
``smtp_use_tls`` when both are set.

## Example
    # target-version = "3.9"
    smtpd_use_tls = yes
    smtp_enforce_tls = yes

## Use instead
    # target-version = "3.9"
    smtpd_tls_security_level = may
    smtp_tls_security_level = encrypt

## References
- postconf(5), smtpd_tls_security_level: https://www.postfix.org/postconf.5.html#smtpd_tls_security_level
- postconf(5), smtp_tls_security_level: https://www.postfix.org/postconf.5.html#smtp_tls_security_level
- postconf(5), smtp_dns_support_level: https://www.postfix.org/postconf.5.html#smtp_dns_support_level
- Postfix deprecation notes: https://www.postfix.org/DEPRECATION_README.html
- Postfix source, the deprecation table: https://github.com/vdukhovni/postfix/blob/master/postfix/src/postconf/postconf_unused.c
"""

from postfix_lint.postfix import profiles
from postfix_lint.problem import Severity, problem

CODE = "PF115"
NAME = "deprecated-parameter"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def _said(d, known: bool) -> str:
    """postconf's warning after '<config_directory>/main.cf: ', verbatim (its own quotes included)."""
    return d.message(known=known).split("main.cf: ", 1)[1]


def check(ctx, options):
    a = ctx.names
    prof = ctx.profile
    for name, entry in ctx.doc.last().items():
        if ctx.release is None:
            d = prof.deprecation(name)  # the newest release's entry
            if d is None:
                continue
            ranges = profiles.releases_where(lambda p, n=name: p.deprecation(n) is not None)
            yield problem(
                entry.name_span(),
                f"{name} is deprecated in Postfix {profiles.describe_releases(ranges)} (earlier releases accept it"
                f" without a warning); postconf warns: {_said(d, d.known)}",
                severity=Severity.INFO,
            )
            continue
        d = prof.deprecation(name)
        if d is not None:
            trailer = prof.deprecation_trailer
            tail = f"; then: {trailer}" if trailer else ""
            yield problem(
                entry.name_span(),
                f"{name} is deprecated: {ctx.target_name}'s postconf warns: {_said(d, a.is_used(name))}{tail}",
            )
            continue
        d = prof.deprecated_later(name)
        if d is None:
            continue
        first = profiles.parse_release(d.release)
        yield problem(
            entry.name_span(),
            f"{name} is deprecated from Postfix {first.line} on ({ctx.target_name} accepts it without a warning);"
            f" Postfix {first.line} postconf warns: {_said(d, d.known)}",
            severity=Severity.INFO,
        )
