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


def test_plugin_type_inside_proxy_and_unionmap():
    # proxy:mysql: makes proxymap open mysql:, which needs postfix-mysql as much as mysql: does
    [p] = lint("virtual_alias_maps = proxy:mysql:/etc/postfix/valias.cf\n", CODE)
    assert p.severity is Severity.INFO and "table type mysql needs the Debian package postfix-mysql" in p.message
    assert "proxymap" in p.message and (p.line, p.column) == (1, 22)
    [p] = lint("transport_maps = unionmap:{hash:/etc/postfix/t, pgsql:/etc/postfix/t.cf}\n", CODE)
    assert "table type pgsql needs the Debian package postfix-pgsql" in p.message
    assert lint("transport_maps = unionmap:{hash:/etc/postfix/t, inline:{a=b}}\n", CODE) == []
