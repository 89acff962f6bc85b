"""PF150 undefined-restriction-class: a class in smtpd_restriction_classes without a definition."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF150"
MASTER_NO_SMTPD = "pickup unix n - y 60 1 pickup\ncleanup unix n - y - 0 cleanup\nqmgr unix n - n 300 1 qmgr\n"


def test_every_undefined_class_is_an_error():
    text = "smtpd_restriction_classes = alpha, beta\nbeta =\n"
    found = lint(text, CODE)
    assert [(p.line, p.column, p.severity) for p in found] == [(1, 29, Severity.ERROR), (1, 36, Severity.ERROR)]
    assert "fatal: restriction class `alpha' needs a definition" in found[0].message
    assert "is set to an empty value" in found[1].message


def test_the_error_is_seen_beside_postconfs_warning():
    found = lint("smtpd_restriction_classes = alpha\n", "PF150", "PF112")
    assert {p.code: p.severity for p in found} == {"PF150": Severity.ERROR, "PF112": Severity.WARNING}


def test_defined_classes_are_quiet():
    text = "smtpd_restriction_classes = alpha\nalpha = check_client_access hash:/etc/postfix/a, reject\n"
    assert problems(text, select=[CODE]) == []


def test_no_smtpd_service_is_info():
    [p] = lint("smtpd_restriction_classes = alpha\n", CODE, master_cf=MASTER_NO_SMTPD)
    assert p.severity is Severity.INFO
