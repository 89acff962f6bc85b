"""PF104 time-without-digits: A time value with no number, which Postfix reads as 0."""

from __future__ import annotations

from helpers import problems

CODE = "PF104"
BAD = 'maximal_queue_lifetime = days\n'
GOOD = 'maximal_queue_lifetime = 5d\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
