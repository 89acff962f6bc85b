"""PF105 implicit-time-unit: A bare number whose default unit is not seconds."""

from __future__ import annotations

from helpers import problems

CODE = "PF105"
BAD = 'maximal_queue_lifetime = 3\n'
GOOD = 'maximal_queue_lifetime = 3d\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
