"""PF010 duplicate-parameter: A parameter set more than once."""

from __future__ import annotations

from helpers import messages, problems

CODE = "PF010"
BAD = 'maximal_queue_lifetime = 5d\nmaximal_queue_lifetime = 1d\n'
GOOD = 'maximal_queue_lifetime = 1d\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_duplicate_names_the_winner():
    (msg,) = messages("a = 1\nb = 2\na = 3\n", "PF010")
    assert "line 3" in msg
