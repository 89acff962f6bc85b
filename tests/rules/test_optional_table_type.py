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


def test_once_per_package():
    text = "header_checks = pcre:/a\nbody_checks = pcre:/b\nvirtual_alias_maps = mysql:/c\n"
    found = lint(text, CODE)
    assert [(p.line, "postfix-pcre" in p.message) for p in found] == [(1, True), (3, False)]
    assert "also used in body_checks" in found[0].message
