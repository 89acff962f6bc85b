"""PF205 delay-warning-never-sent: A delay warning that can never be sent."""

from __future__ import annotations

from helpers import problems

CODE = "PF205"
BAD = 'maximal_queue_lifetime = 4h\ndelay_warning_time = 4h\n'
GOOD = 'maximal_queue_lifetime = 1d\ndelay_warning_time = 4h\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (2, 22, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
