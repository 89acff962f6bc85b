"""PF141 unknown-table-type: a lookup table whose type Postfix does not know."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF141"


def test_typo_in_a_map_type():
    [p] = lint("virtual_alias_maps = hsah:/etc/postfix/valias\n", CODE)
    assert p.severity is Severity.ERROR and (p.line, p.column) == (1, 22)
    assert 'did you mean "hash"' in p.message and "error: unsupported dictionary type: hsah" in p.message
    assert "451" in p.message


def test_typo_in_a_restriction_table():
    [p] = lint("smtpd_client_restrictions = check_client_access hsah:/etc/postfix/access\n", CODE)
    assert p.severity is Severity.ERROR and "451 4.3.5" in p.message


def test_known_and_optional_types_are_quiet():
    text = "virtual_alias_maps = hash:/a, pcre:/b, texthash:/c\n"
    assert problems(text, select=[CODE]) == []
