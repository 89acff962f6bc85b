"""PF101 invalid-time: A time value that Postfix cannot convert."""

from __future__ import annotations

from helpers import codes, messages, problems

CODE = "PF101"
BAD = 'queue_run_delay = 15M\n'
GOOD = 'queue_run_delay = 15m\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 19, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_pf101_names_daemons_and_fatal_message():
    (msg,) = messages("queue_run_delay = 15M\n", "PF101")
    assert "qmgr" in msg and "bad time value or unit: 15M" in msg and "upper case" in msg


def test_pf101_value_on_continuation_line_points_there():
    assert problems("queue_run_delay =\n   15M\n", select=["PF101"]) == [(2, 4, "PF101")]


def test_select_and_ignore_by_name():
    text = "queue_run_delay = 15M\nmaximal_backoff_time = 1h30m\n"
    assert codes(text, select=["invalid-time"]) == ["PF101"]
    assert "PF101" not in codes(text, ignore=["invalid-time"])
