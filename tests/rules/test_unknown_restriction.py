"""PF152 unknown-restriction: a restriction name smtpd does not know (451 per mail)."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF152"


def test_typo_is_a_warning_with_a_suggestion():
    [p] = lint("smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destinaton\n", CODE)
    assert p.severity is Severity.WARNING and (p.line, p.column) == (1, 51)
    assert 'did you mean "reject_unauth_destination"' in p.message and "451 4.3.5" in p.message


def test_removed_in_39():
    text = "smtpd_client_restrictions = permit_naked_ip_address\n"
    assert problems(text, select=[CODE], target_version="3.8") == []
    [p] = lint(text, CODE, target_version="3.9")
    assert "removed in Postfix 3.9" in p.message and p.severity is Severity.WARNING
    [p] = lint(text, CODE, target_version=None)
    assert "3.9 and later" in p.message


def test_access_restriction_without_a_table():
    [p] = lint("smtpd_sender_restrictions = check_sender_access /etc/postfix/senders\n", CODE)
    assert "need maptype:mapname" in p.message


def test_restriction_class_names_are_words_of_the_lists():
    text = ("smtpd_restriction_classes = alpha\nalpha = reject\n"
            "smtpd_recipient_restrictions = alpha, reject_unauth_destination\n")
    assert problems(text, select=[CODE]) == []
    # and the class definitions are checked too
    assert problems("smtpd_restriction_classes = alpha\nalpha = rejcet\n", select=[CODE])


def test_backslash_continuation_is_explained():
    text = "smtpd_recipient_restrictions = permit_mynetworks, \\\n  reject_unauth_destination\n"
    [p] = lint(text, CODE)
    assert "backslash is not a line continuation" in p.message and (p.line, p.column) == (1, 51)
