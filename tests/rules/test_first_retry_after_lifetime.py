"""PF212 first-retry-after-lifetime: A first retry that comes at or after the queue lifetime."""

from __future__ import annotations

from helpers import message, problems

CODE = "PF212"
BAD = 'maximal_queue_lifetime = 5m\nbounce_queue_lifetime = 5m\n'
GOOD = 'queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\nmaximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_pf212_both_lifetimes_5m_with_default_backoff():
    text = "maximal_queue_lifetime = 5m\nbounce_queue_lifetime = 5m\n"
    found = problems(text, select=["PF212"])
    assert found == [(1, 26, "PF212")]  # bounces follow the same schedule: reported once
    msg = message(text, "PF212")
    assert "maximal_queue_lifetime = 5m: the first retry of a message comes at age 5m" in msg
    assert "(minimal_backoff_time 5m, queue_run_delay 5m), not before the 5m lifetime" in msg
    assert "tried twice and bounced at that retry" in msg


def test_pf212_null_sender_lifetime_below_first_retry():
    text = "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 1m\n"
    assert problems(text, select=["PF212"]) == [(2, 25, "PF212")]
    msg = message(text, "PF212")
    assert "first retry of a bounce (null-sender mail) comes at age 5m" in msg
    assert "not before the 1m lifetime, 4m after it" in msg


def test_pf212_points_at_the_backoff_when_the_lifetime_is_default():
    text = "queue_run_delay = 1h\nminimal_backoff_time = 6d\n"
    assert problems(text, select=["PF212"]) == [(2, 24, "PF212")]
    msg = message(text, "PF212")
    assert "maximal_queue_lifetime = 5d (Postfix's default)" in msg and "comes at age 6d" in msg
