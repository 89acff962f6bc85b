"""PF004 accidental-continuation: An indented ``parameter = value`` line glued onto the previous value."""

from __future__ import annotations

from helpers import problems

CODE = "PF004"
BAD = 'mydestination = a,\n  queue_run_delay = 15m\n'
GOOD = 'mydestination = a,\n  b, c\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (2, 3, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
