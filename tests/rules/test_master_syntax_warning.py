"""PF301 master-syntax-warning: master.cf text Postfix accepts with a warning or drops."""

from __future__ import annotations

from helpers import lint_master

CODE = "PF301"


def test_orphan_continuation_text_is_a_warning():
    [p] = lint_master("  -o syslog_name=x\nsmtp inet n - y - - smtpd\n", CODE)
    assert (p.line, p.severity.name) == (1, "WARNING") and "must not start with whitespace" in p.message


def test_braced_option_without_equals_warns():
    assert lint_master("x unix - - n - - smtp -o { smtp_helo_name }\n", CODE)


def test_a_well_formed_file_is_quiet():
    assert lint_master("smtp inet n - y - - smtpd\n  -o syslog_name=postfix/smtp\n", CODE) == []
