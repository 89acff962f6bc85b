"""PF202 max-backoff-below-min: ``maximal_backoff_time`` shorter than ``minimal_backoff_time``."""

from __future__ import annotations

from helpers import problems

CODE = "PF202"
BAD = 'minimal_backoff_time = 1h\nmaximal_backoff_time = 30m\n'
GOOD = 'queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\nmaximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (2, 24, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
