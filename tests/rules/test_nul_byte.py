"""PF006 nul-byte: A NUL byte inside a logical line."""

from __future__ import annotations

from helpers import problems

CODE = "PF006"
BAD = 'myhostname = a\x00b\n'
GOOD = 'myhostname = ab\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 15, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
