"""PF208 delay-warning-under-an-hour: the delay notice would say "0 hour(s)"."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF208"


def test_under_an_hour_warns():
    [p] = lint("delay_warning_time = 30m\n", CODE)
    assert p.severity is Severity.WARNING and (p.line, p.column) == (1, 22)
    assert "0 hour(s)" in p.message


def test_off_one_hour_and_unset_are_quiet():
    for text in ("delay_warning_time = 0\n", "delay_warning_time = 1h\n", "delay_warning_time = 4h\n", ""):
        assert problems(text, select=[CODE]) == []
