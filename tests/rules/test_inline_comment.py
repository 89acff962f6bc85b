"""PF106 inline-comment: A ``#`` comment after a value, which is part of the value."""

from __future__ import annotations

from helpers import problems

CODE = "PF106"
BAD = 'message_size_limit = 20480000 # 20 MB\n'
GOOD = '# 20 MB\nmessage_size_limit = 20480000\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 31, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []
