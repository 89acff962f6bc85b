"""PF303 missing-service: a whole master.cf without a service Postfix needs; fragments are not checked."""

from __future__ import annotations

from helpers import lint_master

CODE = "PF303"


def test_whole_master_cf_without_bounce():
    found = lint_master("pickup unix n - y 60 1 pickup\ncleanup unix n - y - 0 cleanup\n"
                        "qmgr unix n - n 300 1 qmgr\n", CODE)
    assert any('"bounce"' in p.message for p in found)
    assert not any('"pickup"' in p.message or '"qmgr"' in p.message for p in found)
    assert all((p.line, p.column, p.severity.name) == (1, 1, "WARNING") for p in found)


def test_fragment_is_quiet():
    assert lint_master("submission inet n - y - - smtpd\ndovecot unix - n n - - pipe argv=/x\n", CODE) == []


def test_service_renamed_in_main_cf():
    text = "pickup unix n - y 60 1 pickup\ncleanup unix n - y - 0 cleanup\nqmgr unix n - n 300 1 qmgr\n"
    found = lint_master(text, CODE, main_cf="bounce_service_name = mybounce\n")
    assert any('"mybounce"' in p.message for p in found)
