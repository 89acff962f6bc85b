"""PF140 table-not-type-name: a lookup-table list entry that is not type:name."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF140"

ISSUE = """\
virtual_alias_maps = hash:/etc/postfix/valias
  # Extra Config
  smtpd_tls_auth_only = yes
bounce_queue_lifetime = 0
"""


def test_issue_example_points_at_the_glued_line():
    [p] = lint(ISSUE, CODE)
    assert p.severity is Severity.ERROR and (p.line, p.column, p.end_column) == (3, 3, 22)
    assert 'expecting "type:name" form instead of "smtpd_tls_auth_only"' in p.message
    assert "cleanup and smtpd will exit at start" in p.message
    assert "line 3 starts with whitespace" in p.message and "(line 1)" in p.message


def test_plain_word_in_a_list():
    [p] = lint("transport_maps = /etc/postfix/transport\n", CODE)
    assert p.severity is Severity.ERROR and "trivial-rewrite" in p.message


def test_good_lists_are_quiet():
    text = ("virtual_alias_maps = hash:/etc/postfix/valias, regexp:/etc/postfix/re\n"
            "transport_maps = hash:/etc/postfix/transport\nheader_checks =\n")
    assert problems(text, select=[CODE]) == []


def test_reader_that_does_not_run_is_info():
    [p] = lint("virtual_uid_maps = 5000\n", CODE)
    assert p.severity is Severity.INFO and "virtual(8)" in p.message
    [p] = lint("virtual_uid_maps = 5000\nvirtual_mailbox_domains = example.com\n", CODE)
    assert p.severity is Severity.ERROR


def test_sasl_password_maps_only_when_auth_is_enabled():
    [p] = lint("smtp_sasl_password_maps = /etc/postfix/sasl_passwd\n", CODE)
    assert p.severity is Severity.INFO and "smtp_sasl_auth_enable = yes" in p.message
    [p] = lint("smtp_sasl_auth_enable = yes\nsmtp_sasl_password_maps = /etc/postfix/sasl_passwd\n", CODE)
    assert p.severity is Severity.ERROR
