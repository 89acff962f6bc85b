"""PF090 unused-suppression: A suppression comment that suppresses nothing, or that cannot be understood."""

from __future__ import annotations

from helpers import problems

CODE = "PF090"
BAD = '# postfix-lint: disable-next-line=PF010\nmyhostname = x\n'
GOOD = '# postfix-lint: disable-next-line=PF010\nmyhostname = x\nmyhostname = y\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE, "PF010"])
    assert found and found[0] == (1, 35, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE, "PF010"]) == []
