"""PF002 missing-name: A logical line that starts with ``=``."""

from __future__ import annotations

from helpers import problems

CODE = "PF002"
BAD = '= 300s\n'
GOOD = 'queue_run_delay = 300s\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
