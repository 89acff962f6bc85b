"""PF213 delay-warning-after-bounce: A delay warning that falls due only when the message bounces."""

from __future__ import annotations

from helpers import codes, message, problems

CODE = "PF213"
BAD = 'maximal_backoff_time = 8h\nmaximal_queue_lifetime = 1d\ndelay_warning_time = 20h\n'
GOOD = 'maximal_backoff_time = 1h\nmaximal_queue_lifetime = 1d\ndelay_warning_time = 20h\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (3, 22, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_pf213_figures():
    text = "maximal_backoff_time = 8h\nmaximal_queue_lifetime = 1d\ndelay_warning_time = 20h\n"
    msg = message(text, "PF213")
    assert msg.startswith("delay_warning_time = 20h asks for a delay notice at age 20h")
    assert "the last attempts come at ages 18h40m and 1d2h40m, 8h apart (maximal_backoff_time 8h)" in msg
    assert "(1d maximal_queue_lifetime)" in msg and "never the warning" in msg


def test_pf213_leaves_warning_beyond_lifetime_to_pf205():
    text = "maximal_queue_lifetime = 4h\ndelay_warning_time = 4h\n"
    assert "PF205" in codes(text) and "PF213" not in codes(text)
    assert problems(text, select=["PF213"]) == [(2, 22, "PF213")]


def test_pf213_quiet_without_warning_or_for_null_sender_only():
    assert problems("maximal_queue_lifetime = 1d\n", select=["PF213"]) == []
    assert problems("maximal_queue_lifetime = 1d\ndelay_warning_time = 0h\n", select=["PF213"]) == []
