"""The rules that run the retry-schedule model: PF210-PF213.

Each rule: a failing and a passing example, the figures in its message, the
seed appliance and Postfix's defaults staying quiet, and agreement with what
``postfix-lint schedule`` prints under the same assumptions.
"""

from __future__ import annotations

import json
import re

import pytest

from postfix_lint import ruledoc
from postfix_lint.rules import RULES
from postfix_lint.schedule_cmd import main as schedule_main

from helpers import codes, problems

SCHEDULE_RULES = ("PF210", "PF211", "PF212", "PF213")

SEED = (
    "queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\n"
    "maximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n"
)

# (code, bad text, expected (line, column) of the first problem, good text)
CASES = [
    ("PF210", "maximal_queue_lifetime = 0\n", (1, 26), SEED),
    ("PF211", "maximal_backoff_time = 1d\nmaximal_queue_lifetime = 1d\n", (2, 26),
     "maximal_backoff_time = 1h\nmaximal_queue_lifetime = 1d\n"),
    ("PF212", "maximal_queue_lifetime = 5m\nbounce_queue_lifetime = 5m\n", (1, 26), SEED),
    ("PF213", "maximal_backoff_time = 8h\nmaximal_queue_lifetime = 1d\ndelay_warning_time = 20h\n", (3, 22),
     "maximal_backoff_time = 1h\nmaximal_queue_lifetime = 1d\ndelay_warning_time = 20h\n"),
]


def one(text, code, **settings):
    """The single message ``code`` reports on ``text`` (with extra engine settings, e.g. options)."""
    from postfix_lint.engine import Settings, lint_text

    found = [p.message for p in lint_text(text, "main.cf", Settings(select=[code], **settings))]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("code, bad, where, good", CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_bad_example(code, bad, where, good):
    found = problems(bad, select=[code])
    assert found and found[0] == (*where, code)


@pytest.mark.parametrize("code, bad, where, good", CASES, ids=[c[0] for c in CASES])
def test_rule_quiet_on_good_example(code, bad, where, good):
    assert problems(good, select=[code]) == []


def _example(module, heading):
    body = ruledoc.section(module, heading)
    return "\n".join(line[4:] for line in body.splitlines() if line.startswith("    ")) + "\n"


@pytest.mark.parametrize("code", SCHEDULE_RULES)
def test_docstring_examples(code):
    """The documentation's Example fires and its Use instead does not."""
    module = RULES[code]
    assert problems(_example(module, "Example"), select=[code])
    assert problems(_example(module, "Use instead"), select=[code]) == []


def test_registered_with_metadata():
    from postfix_lint.problem import Severity

    assert {c: RULES[c].NAME for c in SCHEDULE_RULES} == {
        "PF210": "too-few-delivery-attempts",
        "PF211": "late-bounce",
        "PF212": "first-retry-after-lifetime",
        "PF213": "delay-warning-after-bounce",
    }
    assert RULES["PF211"].SEVERITY == Severity.INFO
    assert all(RULES[c].SEVERITY == Severity.WARNING for c in ("PF210", "PF212", "PF213"))
    for code in SCHEDULE_RULES:
        assert ruledoc.heading_errors(RULES[code]) == []


# --------------------------------------------------------------------------- quiet where it should be


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


def test_seed_keeps_only_the_short_lifetime_info():
    from postfix_lint.engine import Settings, lint_text

    assert [p.code for p in lint_text(SEED, "main.cf", Settings())] == ["PF207"]


def test_fatal_retry_parameter_silences_the_model_rules():
    text = "queue_run_delay = 15M\nmaximal_queue_lifetime = 0\n"
    assert [c for c in codes(text) if c in SCHEDULE_RULES] == []
    assert "PF101" in codes(text)


# --------------------------------------------------------------------------- PF210 too-few-delivery-attempts


def test_pf210_lifetime_zero_message():
    msg = one("maximal_queue_lifetime = 0\n", "PF210")
    assert msg.startswith("maximal_queue_lifetime = 0: a message is tried once")
    assert "(1 delivery attempt)" in msg and "at least 3 expected" in msg


def test_pf210_null_sender_try_once_is_by_design():
    # bounce_queue_lifetime = 0: one attempt for bounces, never reported
    assert problems(SEED, select=["PF210"]) == []
    assert problems("bounce_queue_lifetime = 0\n", select=["PF210"]) == []


def test_pf210_min_attempts_option_and_figures():
    text = "maximal_queue_lifetime = 15m\n"
    assert problems(text, select=["PF210"]) == []  # 4 attempts
    msg = one(text, "PF210", options={"PF210": {"min_attempts": 5}})
    assert "gets only 4 delivery attempts, at ages 0s, 5m, 10m, 20m, and bounces at age 20m" in msg
    assert "queue_run_delay 5m, minimal_backoff_time 5m" in msg and "at least 5 expected" in msg


def test_pf210_leaves_first_retry_after_lifetime_to_pf212():
    text = "maximal_queue_lifetime = 5m\n"
    assert codes(text, select=["PF210", "PF212"]) == ["PF212"]
    # ... unless PF212 is off
    msg = one(text, "PF210")
    assert "gets only 2 delivery attempts, at ages 0s, 5m, and bounces at age 5m" in msg


def test_pf210_null_sender_with_its_own_short_lifetime():
    text = "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 15m\n"
    from postfix_lint.engine import Settings, lint_text

    found = lint_text(text, "main.cf", Settings(select=["PF210"], options={"PF210": {"min_attempts": 5}}))
    assert [(p.line, p.column) for p in found] == [(2, 25)]
    assert "a bounce (null-sender mail) gets only 4 delivery attempts" in found[0].message


# --------------------------------------------------------------------------- PF211 late-bounce


def test_pf211_figures():
    msg = one("maximal_backoff_time = 1d\nmaximal_queue_lifetime = 1d\n", "PF211")
    assert "a message bounces at age 1d18h40m, 18h40m (78%) after its 1d lifetime" in msg
    assert "the last two attempts are 21h20m apart (maximal_backoff_time 1d)" in msg
    assert "threshold 25%" in msg


def test_pf211_threshold_option():
    text = "maximal_backoff_time = 1d\nmaximal_queue_lifetime = 1d\n"
    assert problems(text, select=["PF211"], options={"PF211": {"max_overshoot": 0.8}}) == []
    assert problems(text, select=["PF211"], options={"PF211": {"max_overshoot": 0.5}})


def test_pf211_short_lifetime_with_default_backoff():
    # 0, 5m, 10m, 20m, 40m, then 80m > 1h
    msg = one("maximal_queue_lifetime = 1h\n", "PF211")
    assert "bounces at age 1h20m, 20m (33%) after its 1h lifetime" in msg and "40m apart" in msg


def test_pf211_seed_in_the_article_phase_is_not_late():
    # 50 min after a 1-day lifetime is normal backoff granularity (3.5%)
    from postfix_lint.schedule import RetryParams, simulate

    p = RetryParams(900, 900, 3600, 86400, 0, 0)
    s = simulate(p, arrival=9 * 3600 + 900, first_scan=9 * 3600 + 300, max_events=0).summary
    assert s.after_lifetime == 3000 and s.after_lifetime < 0.25 * s.lifetime
    assert problems(SEED, select=["PF211"]) == []


# --------------------------------------------------------------------------- PF212 first-retry-after-lifetime


def test_pf212_both_lifetimes_5m_with_default_backoff():
    text = "maximal_queue_lifetime = 5m\nbounce_queue_lifetime = 5m\n"
    found = problems(text, select=["PF212"])
    assert found == [(1, 26, "PF212")]  # bounces follow the same schedule: reported once
    msg = one(text, "PF212")
    assert "maximal_queue_lifetime = 5m: the first retry of a message comes at age 5m" in msg
    assert "(minimal_backoff_time 5m, queue_run_delay 5m), not before the 5m lifetime" in msg
    assert "tried twice and bounced at that retry" in msg


def test_pf212_null_sender_lifetime_below_first_retry():
    text = "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 1m\n"
    assert problems(text, select=["PF212"]) == [(2, 25, "PF212")]
    msg = one(text, "PF212")
    assert "first retry of a bounce (null-sender mail) comes at age 5m" in msg
    assert "not before the 1m lifetime, 4m after it" in msg


def test_pf212_points_at_the_backoff_when_the_lifetime_is_default():
    text = "queue_run_delay = 1h\nminimal_backoff_time = 6d\n"
    assert problems(text, select=["PF212"]) == [(2, 24, "PF212")]
    msg = one(text, "PF212")
    assert "maximal_queue_lifetime = 5d (Postfix's default)" in msg and "comes at age 6d" in msg


# --------------------------------------------------------------------------- PF213 delay-warning-after-bounce


def test_pf213_figures():
    text = "maximal_backoff_time = 8h\nmaximal_queue_lifetime = 1d\ndelay_warning_time = 20h\n"
    msg = one(text, "PF213")
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


# --------------------------------------------------------------------------- the rules and the command agree


def _schedule_summary(tmp_path, capsys, text, *argv):
    path = tmp_path / "main.cf"
    path.write_text(text)
    assert schedule_main([str(path), "--format", "json", *argv]) == 0
    return json.loads(capsys.readouterr().out)["summary"]


def _seconds(text):
    total = 0
    for n, unit in re.findall(r"(\d+)([dhms])", text):
        total += int(n) * {"d": 86400, "h": 3600, "m": 60, "s": 1}[unit]
    return total


def test_rules_cite_the_schedule_commands_figures(tmp_path, capsys):
    text = "maximal_backoff_time = 1d\nmaximal_queue_lifetime = 1d\n"
    summary = _schedule_summary(tmp_path, capsys, text)
    msg = one(text, "PF211")
    age = re.search(r"bounces at age (\S+),", msg).group(1)
    assert _seconds(age) == summary["bounce"]["age_seconds"]

    text = "maximal_backoff_time = 8h\nmaximal_queue_lifetime = 1d\ndelay_warning_time = 20h\n"
    summary = _schedule_summary(tmp_path, capsys, text)
    assert summary["warning"] is None
    msg = one(text, "PF213")
    assert _seconds(re.search(r"and (\S+), 8h apart", msg).group(1)) == summary["bounce"]["age_seconds"]

    text = "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 1m\n"
    summary = _schedule_summary(tmp_path, capsys, text, "--null-sender")
    assert summary["first_retry"]["age_seconds"] == 300 and summary["attempts"] == 2
