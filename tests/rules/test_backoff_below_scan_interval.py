"""PF201 backoff-below-scan-interval: ``minimal_backoff_time`` shorter than ``queue_run_delay``."""

from __future__ import annotations

import pytest

from helpers import messages, problems

CODE = "PF201"
BAD = 'queue_run_delay = 15m\nminimal_backoff_time = 5m\n'
GOOD = 'queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\nmaximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (2, 24, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


@pytest.mark.parametrize(
    "text",
    [
        "queue_run_delay = 5m\n",  # 300 s vs default min backoff 300 s: fine
        "queue_run_delay = 900\nminimal_backoff_time = 900\n",
    ],
)
def test_backoff_ordering_boundaries(text):
    assert problems(text, select=["PF201"]) == []


def test_pf201_with_defaults_points_at_the_set_parameter():
    # minimal_backoff_time keeps its 300s default; queue_run_delay is set
    assert problems("queue_run_delay = 15m\n", select=["PF201"]) == [(1, 19, "PF201")]
    (msg,) = messages("queue_run_delay = 15m\n", "PF201")
    assert "Postfix's default" in msg and "900 s" in msg
