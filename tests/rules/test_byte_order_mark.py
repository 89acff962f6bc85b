"""PF005 byte-order-mark: A UTF-8 byte order mark at the start of main.cf."""

from __future__ import annotations

from helpers import problems

CODE = "PF005"
BAD = '\ufeffmyhostname = x\n'
GOOD = 'myhostname = x\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
