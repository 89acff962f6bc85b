"""PF203 bounce-lifetime-exceeds-queue-lifetime: ``bounce_queue_lifetime`` longer than ``maximal_queue_lifetime``."""

from __future__ import annotations

from helpers import messages, problems

CODE = "PF203"
BAD = 'maximal_queue_lifetime = 1d\n'
GOOD = 'queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\nmaximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_pf203_default_bounce_lifetime_message():
    (msg,) = messages("maximal_queue_lifetime = 1d\n", "PF203")
    assert "bounce_queue_lifetime = 5d" in msg and "Postfix's default" in msg and "86400 s" in msg
