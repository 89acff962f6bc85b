"""PF151 missing-relay-restriction: smtpd's start-up requirement on the relay restrictions."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF151"


def test_issue_example_unset_level_without_relay_restriction():
    text = "relayhost = [smtp.example.com]:587\nbounce_queue_lifetime = 0\n"
    [p] = lint(text, CODE)
    assert p.severity is Severity.ERROR and (p.line, p.column) == (1, 1)
    assert "compatibility_level is not set (level 0)" in p.message
    assert "fatal: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions" in p.message


def test_level_1_default_satisfies_it():
    assert problems("relayhost = [smtp.example.com]:587\ncompatibility_level = 2\n", select=[CODE]) == []


def test_recipient_restrictions_with_reject_unauth_destination():
    text = "compatibility_level = 0\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n"
    assert problems(text, select=[CODE]) == []
    [p] = lint("compatibility_level = 0\nsmtpd_recipient_restrictions = permit_mynetworks\n", CODE)
    assert p.severity is Severity.ERROR and (p.line, p.column) == (2, 32)


def test_explicit_empty_relay_restrictions():
    [p] = lint("compatibility_level = 3.6\nsmtpd_relay_restrictions =\n", CODE)
    assert p.severity is Severity.ERROR
    text = "compatibility_level = 3.6\nsmtpd_relay_restrictions =\nsmtpd_recipient_restrictions = defer_if_permit\n"
    assert problems(text, select=[CODE]) == []


def test_restriction_class_counts_through_its_definition():
    text = ("compatibility_level = 3.6\nsmtpd_relay_restrictions = alpha\nsmtpd_restriction_classes = alpha\n"
            "alpha = permit_mynetworks, reject_unauth_destination\n")
    assert problems(text, select=[CODE]) == []


def test_master_cf_override_of_a_submission_service():
    master = ("smtp inet n - y - - smtpd\n"
              "submission inet n - y - - smtpd -o smtpd_relay_restrictions=permit_sasl_authenticated\n")
    [p] = lint("compatibility_level = 3.6\n", CODE, master_cf=master)
    assert "master.cf service submission" in p.message


def test_empty_file_is_not_judged():
    assert problems("", select=[CODE]) == []
