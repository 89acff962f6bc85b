"""PF114 parameter-too-new: A parameter that the target Postfix release does not have yet."""

from __future__ import annotations

from helpers import lint, messages, problems

from postfix_lint.problem import Severity

CODE = "PF114"
BAD = 'smtpd_forbid_unauth_pipelining = yes\n'
GOOD = 'smtpd_forbid_unauth_pipelining = yes\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE], target_version='3.6.9')
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE], target_version='3.6.10') == []


def test_too_new_uses_the_target_version():
    text = "smtpd_relay_before_recipient_restrictions = yes\nsmtp_tlsrpt_enable = yes\n"
    assert problems(text, select=["PF114"], target_version="3.10") == []
    assert problems(text, select=["PF114"], target_version="3.7") == [(2, 1, "PF114")]
    assert [p[0] for p in problems(text, select=["PF114"], target_version="3.5")] == [1, 2]
    msg = messages(text, "PF114", target_version="3.9.14")[0]
    assert msg.startswith("smtp_tlsrpt_enable was added in Postfix 3.10 (Postfix 3.10 and later have it),"
                          " but the target is Postfix 3.9.14: Postfix 3.9.14 ignores it")


def test_backports_count_from_their_patch_release():
    # smtpd_forbid_unauth_pipelining: 3.6.10 in the 3.6 branch; smtpd_forbid_bare_newline: 3.7.9 in 3.7
    text = "smtpd_forbid_unauth_pipelining = yes\n"
    assert problems(text, select=["PF114"], target_version="3.6.10") == []
    assert problems(text, select=["PF114"], target_version="3.6.20") == []
    assert problems(text, select=["PF114"], target_version="3.6") == []
    [msg] = messages(text, "PF114", target_version="3.6.9")
    assert "was added to the 3.6 branch in Postfix 3.6.10" in msg and "target is Postfix 3.6.9" in msg
    text = "smtpd_forbid_bare_newline = yes\n"
    assert problems(text, select=["PF114"], target_version="3.7") == []
    assert problems(text, select=["PF114"], target_version="3.7.5") == [(1, 1, "PF114")]


def test_without_a_target_newer_names_are_info_naming_the_releases():
    [p] = lint("smtp_tlsrpt_enable = yes\n", "PF114")
    assert p.severity == Severity.INFO
    assert p.message.startswith("smtp_tlsrpt_enable exists only in Postfix 3.10 and later: earlier releases ignore it")
    assert lint("myhostname = a.example\n", "PF114") == []


def test_unknown_parameter_leaves_too_new_names_to_this_rule():
    text = "smtp_tlsrpt_enable = yes\n"
    assert [p.code for p in lint(text, "PF110", "PF114", target_version="3.7")] == ["PF114"]
    [p] = lint(text, "PF110", target_version="3.7")
    assert "it is a parameter of Postfix 3.10 and later only" in p.message
