"""PF007 carriage-return: A carriage return inside a value."""

from __future__ import annotations

from helpers import problems

CODE = "PF007"
BAD = 'mynetworks = 127.0.0.0/8\r\n  [::1]/128\r\n'
GOOD = 'mynetworks = 127.0.0.0/8\r\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 25, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
