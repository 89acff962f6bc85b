"""PF131 invalid-compatibility-level: a compatibility_level that is not a release number."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF131"


def test_issue_example_comment_after_the_value_is_the_fatal():
    [p] = lint("compatibility_level = 3.6 # was 2\n", CODE)
    assert p.severity is Severity.ERROR and (p.line, p.column) == (1, 23)
    assert 'fatal: malformed compatibility level syntax: "3.6 # was 2"' in p.message
    assert "every Postfix program" in p.message


def test_good_levels_are_quiet():
    for value in ("0", "2", "3.6", "3.11", "3.6.1"):
        assert problems(f"compatibility_level = {value}\n", select=[CODE]) == []


def test_release_35_wants_an_integer():
    [p] = lint("compatibility_level = 3.6x\n", CODE, target_version="3.5.10")
    assert "bad numerical configuration" in p.message
    assert problems("compatibility_level = 2\n", select=[CODE], target_version="3.5.10") == []


def test_every_release_refuses_it_without_a_target():
    [p] = lint("compatibility_level = three\n", CODE, target_version=None)
    assert p.severity is Severity.ERROR and "no target" not in p.message


def test_unset_is_quiet():
    assert problems("myhostname = a.example\n", select=[CODE]) == []


def test_one_fault_one_finding_with_an_integer_level_release():
    # Postfix 3.5.0 reads compatibility_level as an integer: "3.6" is fatal once, reported by PF131 alone
    found = lint("compatibility_level = 3.6\n", "PF121", CODE, target_version="3.5.0")
    assert [(p.code, p.severity) for p in found] == [(CODE, Severity.ERROR)]
    found = lint("compatibility_level = 2 # was 0\n", "PF121", CODE, target_version="3.5.0")
    assert [p.code for p in found] == [CODE]
    # PF121 still judges the other numbers
    assert [p.code for p in lint("message_size_limit = 50M\n", "PF121", CODE)] == ["PF121"]
