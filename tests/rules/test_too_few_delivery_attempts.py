"""PF210 too-few-delivery-attempts: Too few delivery attempts before a deferred message bounces."""

from __future__ import annotations

import pytest

from helpers import codes, message, problems, SEED

CODE = "PF210"
SCHEDULE_RULES = ("PF210", "PF211", "PF212", "PF213")
BAD = 'maximal_queue_lifetime = 0\n'
GOOD = 'queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\nmaximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


@pytest.mark.parametrize(
    "text",
    [
        SEED,  # the appliance: 27 attempts, bounce at the lifetime (50 min after it in the article's phase)
        "myhostname = x\n",  # Postfix's defaults: 108 attempts, bounce 20 min after 5 days
        "maximal_queue_lifetime = 5d\ndelay_warning_time = 4h\n",
        "maximal_queue_lifetime = 1d\nbounce_queue_lifetime = 1d\n",
        "maximal_queue_lifetime = 10m\n",  # 3 attempts: 0, 5m, 10m
    ],
)
def test_quiet_on_sane_configurations(text):
    assert [c for c in codes(text) if c in SCHEDULE_RULES] == []


def test_fatal_retry_parameter_silences_the_model_rules():
    text = "queue_run_delay = 15M\nmaximal_queue_lifetime = 0\n"
    assert [c for c in codes(text) if c in SCHEDULE_RULES] == []
    assert "PF101" in codes(text)


def test_pf210_lifetime_zero_message():
    msg = message("maximal_queue_lifetime = 0\n", "PF210")
    assert msg.startswith("maximal_queue_lifetime = 0: a message is tried once")
    assert "(1 delivery attempt)" in msg and "at least 3 expected" in msg


def test_pf210_null_sender_try_once_is_by_design():
    # bounce_queue_lifetime = 0: one attempt for bounces, never reported
    assert problems(SEED, select=["PF210"]) == []
    assert problems("bounce_queue_lifetime = 0\n", select=["PF210"]) == []


def test_pf210_min_attempts_option_and_figures():
    text = "maximal_queue_lifetime = 15m\n"
    assert problems(text, select=["PF210"]) == []  # 4 attempts
    msg = message(text, "PF210", options={"PF210": {"min_attempts": 5}})
    assert "gets only 4 delivery attempts, at ages 0s, 5m, 10m, 20m, and bounces at age 20m" in msg
    assert "queue_run_delay 5m, minimal_backoff_time 5m" in msg and "at least 5 expected" in msg


def test_pf210_leaves_first_retry_after_lifetime_to_pf212():
    text = "maximal_queue_lifetime = 5m\n"
    assert codes(text, select=["PF210", "PF212"]) == ["PF212"]
    # ... unless PF212 is off
    msg = message(text, "PF210")
    assert "gets only 2 delivery attempts, at ages 0s, 5m, and bounces at age 5m" in msg


def test_pf210_null_sender_with_its_own_short_lifetime():
    text = "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 15m\n"
    from postfix_lint.engine import Settings, lint_text

    found = lint_text(text, "main.cf", Settings(select=["PF210"], options={"PF210": {"min_attempts": 5}}))
    assert [(p.line, p.column) for p in found] == [(2, 25)]
    assert "a bounce (null-sender mail) gets only 4 delivery attempts" in found[0].message
