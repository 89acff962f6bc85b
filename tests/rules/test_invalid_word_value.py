"""PF130 invalid-word-value: a value that is not one of the words Postfix accepts."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF130"


def one(text: str, **settings):
    [p] = lint(text, CODE, **settings)
    return p


def test_issue_examples_are_errors_naming_the_program_and_fatal():
    p = one("smtpd_forbid_bare_newline = normalise\n")
    assert p.severity is Severity.ERROR and (p.line, p.column) == (1, 29)
    assert "smtpd will exit at start" in p.message and "bad parameter value" in p.message
    assert 'did you mean "normalize"' in p.message and "allowed: normalize, yes, reject, no" in p.message
    p = one("smtp_tls_security_level = mayy\n")
    assert p.severity is Severity.ERROR and 'fatal: Invalid TLS level "mayy"' in p.message
    assert 'did you mean "may"' in p.message
    p = one("inet_protocols = ipv5\n")
    assert p.severity is Severity.ERROR and "every Postfix program" in p.message
    assert 'unknown inet_protocols value "ipv5"' in p.message


def test_offending_word_of_a_list_is_the_position():
    p = one("notify_classes = resource, softwar\n")
    assert (p.line, p.column, p.end_column) == (1, 28, 35)
    assert 'did you mean "software"' in p.message


def test_logged_only_is_a_warning():
    p = one("milter_default_action = acept\n")
    assert p.severity is Severity.WARNING
    assert "only when a milter fails" in p.message and "451" in p.message


def test_fatal_in_a_program_that_does_not_run_is_info():
    p = one("lmtp_tls_security_level = mayy\n")
    assert p.severity is Severity.INFO and "lmtp(8)" in p.message
    p = one("lmtp_tls_security_level = mayy\nvirtual_transport = lmtp:unix:private/dovecot-lmtp\n"
            "virtual_mailbox_domains = example.com\n")
    assert p.severity is Severity.ERROR


def test_condition_not_met_is_info():
    p = one("smtpd_sasl_type = dovcot\n")
    assert p.severity is Severity.INFO and "smtpd_sasl_auth_enable = yes" in p.message
    p = one("smtpd_sasl_type = dovcot\nsmtpd_sasl_auth_enable = yes\n")
    assert p.severity is Severity.ERROR


def test_good_words_are_quiet():
    text = ("smtp_tls_security_level = may\ninet_protocols = all\nmynetworks_style = host\n"
            "smtpd_forbid_bare_newline = normalize\nnotify_classes = resource, software\n"
            "smtpd_tls_protocols = !SSLv2, !SSLv3\nmilter_default_action = accept\n")
    assert problems(text, select=[CODE]) == []


def test_version_aware():
    # milter_default_action gained "shutdown" in a 3.7 patch release (enum-values.tsv)
    text = "milter_default_action = shutdown\n"
    [p] = lint(text, CODE, target_version="3.7.11")
    assert p.severity is Severity.WARNING
    assert problems(text, select=[CODE], target_version="3.7.22") == []


def test_without_target_names_the_releases():
    p = one("smtpd_forbid_bare_newline = normalise\n", target_version=None)
    assert "no target release is configured" in p.message and "3.8.5 and later" in p.message
    assert p.severity is Severity.ERROR  # the newest stable release refuses it too
    # valid from 3.7.10 (3.5.24, 3.6.14, 3.8.5): only older releases refuse it, so it is advice
    old = problems("smtpd_forbid_bare_newline = normalize\ncompatibility_level = 3.6\n", target_version=None,
                   select=[CODE])
    assert all(p.severity is Severity.INFO for p in old), old
    p = one("inet_protocols = ipv5\n", target_version=None)
    assert p.severity is Severity.ERROR and "no target" not in p.message


def test_unexpandable_value_is_left_to_other_rules():
    assert problems("smtp_tls_security_level = $(\n", select=[CODE]) == []


def test_word_later_releases_accept_names_them_and_never_changes_the_meaning():
    # ">=TLSv1.2" (tls_protocol_mask(), Postfix 3.6+) means TLS 1.2 and 1.3: "TLSv1.2" would drop 1.3
    text = "smtpd_tls_protocols = >=TLSv1.2\n"
    [p] = lint(text, CODE)
    assert p.severity is Severity.INFO
    assert "accepted in Postfix 3.6 and later" in p.message and "did you mean" not in p.message
    [p] = lint(text, CODE, target_version="3.5")
    assert "did you mean" not in p.message
    assert '"!SSLv2, !SSLv3, !TLSv1, !TLSv1.1" for the same protocols' in p.message
    [p] = lint("smtpd_tls_protocols = <=TLSv1.2\n", CODE, target_version="3.5")
    assert '"!TLSv1.3" for the same protocols' in p.message
    assert lint(text, CODE, target_version="3.6") == []
    # a bad bound in a release that has bounds keeps a hint: the nearest bound
    [p] = lint("smtpd_tls_protocols = >=TLSv1.5\n", CODE, target_version="3.7")
    assert 'did you mean ">=TLSv1.3"' in p.message
