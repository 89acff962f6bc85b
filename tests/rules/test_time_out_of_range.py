"""PF102 time-out-of-range: A time value outside the bounds the reading program enforces."""

from __future__ import annotations

import pytest

from helpers import codes, problems

CODE = "PF102"
BAD = 'maximal_queue_lifetime = 101d\n'
GOOD = 'maximal_queue_lifetime = 100d\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


@pytest.mark.parametrize("value", ["0", "-0", "s", "days"])
def test_zero_backoff_is_fatal(value):
    assert codes(f"minimal_backoff_time = {value}\n", select=["PF101", "PF102"]) == ["PF102"]
