"""PF142 optional-table-type: a table type Debian ships in a separate package (info)."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF142"


def test_names_the_package():
    [p] = lint("header_checks = pcre:/etc/postfix/header_checks\n", CODE)
    assert p.severity is Severity.INFO and "postfix-pcre" in p.message
    [p] = lint("virtual_mailbox_maps = mysql:/etc/postfix/mysql.cf\n", CODE)
    assert "postfix-mysql" in p.message


def test_builtin_types_are_quiet():
    assert problems("header_checks = regexp:/etc/postfix/header_checks\n", select=[CODE]) == []
