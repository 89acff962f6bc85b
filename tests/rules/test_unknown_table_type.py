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


def test_type_only_later_releases_know_is_info_without_target():
    # mongodb: dict_open() knows it from Postfix 3.9 (postconf(5); postfix-versions.md section 3.1)
    text = "virtual_alias_maps = mongodb:/etc/postfix/mongo.cf\n"
    [p] = lint(text, CODE)
    assert p.severity is Severity.INFO and "Postfix 3.5 - 3.8" in p.message
    [p] = lint(text, CODE, target_version="3.7.11")
    assert p.severity is Severity.ERROR and "3.5 - 3.8" not in p.message
    assert lint(text, CODE, target_version="3.9") == []
    assert lint(text, CODE, target_version="3.12") == []
    # a type no release knows keeps its severity without a target
    [p] = lint("virtual_alias_maps = mongo:/etc/postfix/mongo.cf\n", CODE)
    assert p.severity is Severity.ERROR


def test_unknown_type_inside_pipemap_or_unionmap():
    # cleanup 3.7.11 with unionmap:{inline:{a=b}, hsah:/etc/b} logs "error: unsupported dictionary type: hsah"
    for wrapper in ("unionmap", "pipemap"):
        [p] = lint(f"sender_bcc_maps = {wrapper}:{{inline:{{a=b}}, hsah:/etc/b}}\n", CODE)
        assert p.severity is Severity.ERROR and 'unknown table type "hsah"' in p.message
        assert 'did you mean "hash"' in p.message
