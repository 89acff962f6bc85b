"""PF003 orphan-continuation: Indented text before the first parameter."""

from __future__ import annotations

from helpers import problems

CODE = "PF003"
BAD = '  queue_run_delay = 5m\nmyhostname = x\n'
GOOD = 'queue_run_delay = 5m\nmyhostname = x\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
