"""PF115 deprecated-parameter: A parameter that later Postfix releases deprecate."""

from __future__ import annotations

from helpers import messages, problems

CODE = "PF115"
BAD = 'smtpd_use_tls = yes\n'
GOOD = 'smtpd_tls_security_level = may\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_deprecated_quotes_postfix():
    [msg] = messages("smtp_tls_per_site = hash:/etc/postfix/tls_per_site\n", "PF115")
    assert 'instead, specify smtp_tls_policy_maps' in msg
    [msg] = messages("lmtp_enforce_tls = yes\n", "PF115")
    assert msg.endswith('"support for parameter lmtp_enforce_tls will be removed; instead, lmtp_tls_security_level"')
