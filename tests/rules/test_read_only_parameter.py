"""PF111 read-only-parameter: An assignment to a parameter that Postfix sets itself."""

from __future__ import annotations

from helpers import problems

CODE = "PF111"
BAD = 'process_name = relay\n'
GOOD = 'syslog_name = relay\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_read_only_names():
    text = "process_id = 1\nprocess_name = x\nservice_name = y\nsyslog_name = z\n"
    assert [p[0] for p in problems(text, select=["PF111"])] == [1, 2, 3]
