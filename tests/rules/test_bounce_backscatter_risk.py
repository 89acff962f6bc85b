"""PF204 bounce-backscatter-risk: Bounces kept in the queue for a long time."""

from __future__ import annotations

from helpers import messages, problems

CODE = "PF204"
BAD = 'bounce_queue_lifetime = 5d\n'
GOOD = 'queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\nmaximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 25, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_pf204_unset_inherits_5d():
    (msg,) = messages("myhostname = x\n", "PF204")
    assert "not set" in msg and "5d" in msg
    assert problems("myhostname = x\n", select=["PF204"]) == [(1, 1, "PF204")]


def test_pf204_threshold_option():
    assert problems("bounce_queue_lifetime = 2d\n", select=["PF204"]) == [(1, 25, "PF204")]
    assert problems("bounce_queue_lifetime = 2d\n", select=["PF204"],
                    options={"PF204": {"threshold": "3d"}}) == []


def test_pf204_capped_by_queue_lifetime():
    # bounce lifetime 5d capped at 1d -> effective 1d, not above the threshold
    assert problems("maximal_queue_lifetime = 1d\n", select=["PF204"]) == []
