"""PF115 deprecated-parameter: A parameter that later Postfix releases deprecate."""

from __future__ import annotations

from helpers import lint, messages, problems

from postfix_lint.problem import Severity

CODE = "PF115"
BAD = 'smtpd_use_tls = yes\n'
GOOD = 'smtpd_tls_security_level = may\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE], target_version="3.9")
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_deprecated_quotes_postfix():
    [msg] = messages("smtp_tls_per_site = hash:/etc/postfix/tls_per_site\n", "PF115", target_version="3.9")
    assert msg.endswith('support for parameter "smtp_tls_per_site" will be removed;'
                        ' instead, specify "smtp_tls_policy_maps"')
    [msg] = messages("lmtp_enforce_tls = yes\n", "PF115", target_version="3.10.13")
    assert msg.endswith('support for parameter "lmtp_enforce_tls" will be removed; instead, lmtp_tls_security_level')


def test_severity_follows_what_the_target_postconf_says():
    text = "smtpd_use_tls = yes\nvirtual_maps = hash:/etc/postfix/virtual\n"
    assert [(p.line, p.severity) for p in lint(text, "PF115", target_version="3.7.11")] == \
        [(1, Severity.INFO), (2, Severity.INFO)]
    assert [(p.line, p.severity) for p in lint(text, "PF115", target_version="3.9")] == \
        [(1, Severity.WARNING), (2, Severity.INFO)]
    assert [(p.line, p.severity) for p in lint(text, "PF115", target_version="3.11")] == \
        [(1, Severity.WARNING), (2, Severity.WARNING)]
    assert [p.severity for p in lint(text, "PF115")] == [Severity.INFO, Severity.INFO]  # no target


def test_before_3_9_the_message_names_the_release_that_deprecates():
    [msg] = messages("smtpd_use_tls = yes\n", "PF115", target_version="3.6")
    assert msg.startswith("smtpd_use_tls is deprecated from Postfix 3.9 on (Postfix 3.6 accepts it without a warning)")
    [msg] = messages("virtual_maps = hash:/x\n", "PF115", target_version="3.10")
    assert "deprecated from Postfix 3.11 on" in msg


def test_quoting_and_trailer_per_release():
    [m39] = messages("smtpd_use_tls = yes\n", "PF115", target_version="3.9.14")
    [m311] = messages("smtpd_use_tls = yes\n", "PF115", target_version="3.11.6")
    quoted = 'support for parameter "smtpd_use_tls" will be removed; instead, specify "smtpd_tls_security_level"'
    assert m39.endswith(quoted)
    assert m311.endswith(quoted + "; then: See https://www.postfix.org/DEPRECATION_README.html for details")
    # 3.12 no longer knows tlsproxy_client_loglevel_parameter: "has been removed", no quotes
    [m312] = messages("tlsproxy_client_loglevel_parameter = x\n", "PF115", target_version="3.12")
    assert "support for parameter tlsproxy_client_loglevel_parameter has been removed; instead, do not specify" in m312
