"""PF001 missing-equals: A logical line without ``=`` after the parameter name."""

from __future__ import annotations

from helpers import problems

CODE = "PF001"
BAD = 'a = 1\nqueue_run_delay 300s\n'
GOOD = 'queue_run_delay = 300s\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (2, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
