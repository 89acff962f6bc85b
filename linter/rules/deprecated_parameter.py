"""A parameter that later Postfix releases deprecate.

## What it does
Reports parameters that Postfix 3.9 and later flag as deprecated: when
``postconf`` finds one in main.cf it warns ``support for parameter NAME
will be removed; instead, ...`` (or ``has been removed`` once it is gone),
and the message names the replacement.  The list is Postfix's own table
(``pcf_depr_param_info`` in ``src/postconf/postconf_unused.c``); all of
these still work in Postfix 3.7.

## Why it matters
The old ``*_use_tls``/``*_enforce_tls`` booleans, ``*_tls_per_site``,
``disable_dns_lookups`` and the TLS curve/DH settings are superseded by the
``*_security_level``, ``*_policy_maps`` and ``smtp_dns_support_level``
settings.  A configuration that still uses them changes meaning (or stops
working) on upgrade, and mixing old and new settings for the same feature
is confusing: for example ``smtp_tls_security_level`` overrides
``smtp_use_tls`` when both are set.

## Example
    smtpd_use_tls = yes
    smtp_enforce_tls = yes

## Use instead
    smtpd_tls_security_level = may
    smtp_tls_security_level = encrypt

## References
- postconf(5), smtpd_tls_security_level: https://www.postfix.org/postconf.5.html#smtpd_tls_security_level
- postconf(5), smtp_tls_security_level: https://www.postfix.org/postconf.5.html#smtp_tls_security_level
- postconf(5), smtp_dns_support_level: https://www.postfix.org/postconf.5.html#smtp_dns_support_level
- Postfix source, the deprecation table: https://github.com/vdukhovni/postfix/blob/master/postfix/src/postconf/postconf_unused.c
"""

from postfix_lint.problem import Severity, problem

CODE = "PF115"
NAME = "deprecated-parameter"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}

#: pcf_depr_param_info (Postfix 3.9+): name -> what postconf suggests instead.
DEPRECATED = {
    "disable_dns_lookups": "specify smtp_dns_support_level",
    "lmtp_use_tls": "specify lmtp_tls_security_level",
    "postscreen_use_tls": "specify postscreen_tls_security_level",
    "smtp_use_tls": "specify smtp_tls_security_level",
    "smtpd_use_tls": "specify smtpd_tls_security_level",
    "tlsproxy_client_use_tls": "specify tlsproxy_client_security_level",
    "tlsproxy_use_tls": "specify tlsproxy_tls_security_level",
    "lmtp_enforce_tls": "lmtp_tls_security_level",
    "postscreen_enforce_tls": "specify postscreen_tls_security_level",
    "smtp_enforce_tls": "specify smtp_tls_security_level",
    "smtpd_enforce_tls": "specify smtpd_tls_security_level",
    "tlsproxy_client_enforce_tls": "specify tlsproxy_client_security_level",
    "tlsproxy_enforce_tls": "specify tlsproxy_tls_security_level",
    "lmtp_tls_per_site": "specify lmtp_tls_policy_maps",
    "smtp_tls_per_site": "specify smtp_tls_policy_maps",
    "tlsproxy_client_per_site": "specify tlsproxy_client_policy_maps",
    "smtpd_tls_dh1024_param_file": "do not specify (leave at default)",
    "smtpd_tls_eecdh_grade": "do not specify (leave at default)",
}


def check(ctx, options):
    a = ctx.names
    for name, entry in ctx.doc.last().items():
        instead = DEPRECATED.get(name)
        if instead is None or not a.is_known(name):
            continue
        yield problem(
            entry.name_span(),
            f"{name} is deprecated: Postfix 3.9 and later warn"
            f' "support for parameter {name} will be removed; instead, {instead}"',
        )
