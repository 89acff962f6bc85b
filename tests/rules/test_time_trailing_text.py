"""PF103 time-trailing-text: Text after a time unit, which Postfix silently ignores."""

from __future__ import annotations

from helpers import codes, messages, problems

CODE = "PF103"
BAD = 'maximal_backoff_time = 1h30m\n'
GOOD = 'maximal_backoff_time = 90m\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_pf103_ignores_inline_comment_left_to_pf106():
    assert codes("queue_run_delay = 5s # comment\n", select=["PF103", "PF106"]) == ["PF106"]


def test_pf103_5ms_is_five_minutes():
    (msg,) = messages("queue_run_delay = 5ms\n", "PF103")
    assert "300 s" in msg
