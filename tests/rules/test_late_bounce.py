"""PF211 late-bounce: A bounce that comes much later than the queue lifetime says."""

from __future__ import annotations

import json
import re

from postfix_lint.cli.schedule import main as schedule_main

from helpers import message, problems, SEED

CODE = "PF211"
BAD = 'maximal_backoff_time = 1d\nmaximal_queue_lifetime = 1d\n'
GOOD = 'maximal_backoff_time = 1h\nmaximal_queue_lifetime = 1d\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (2, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_pf211_figures():
    msg = message("maximal_backoff_time = 1d\nmaximal_queue_lifetime = 1d\n", "PF211")
    assert "a message bounces at age 1d18h40m, 18h40m (78%) after its 1d lifetime" in msg
    assert "the last two attempts are 21h20m apart (maximal_backoff_time 1d)" in msg
    assert "threshold 25%" in msg


def test_pf211_threshold_option():
    text = "maximal_backoff_time = 1d\nmaximal_queue_lifetime = 1d\n"
    assert problems(text, select=["PF211"], options={"PF211": {"max_overshoot": 0.8}}) == []
    assert problems(text, select=["PF211"], options={"PF211": {"max_overshoot": 0.5}})


def test_pf211_short_lifetime_with_default_backoff():
    # 0, 5m, 10m, 20m, 40m, then 80m > 1h
    msg = message("maximal_queue_lifetime = 1h\n", "PF211")
    assert "bounces at age 1h20m, 20m (33%) after its 1h lifetime" in msg and "40m apart" in msg


def test_pf211_seed_in_the_article_phase_is_not_late():
    # 50 min after a 1-day lifetime is normal backoff granularity (3.5%)
    from postfix_lint.postfix.retry import RetryParams, simulate

    p = RetryParams(900, 900, 3600, 86400, 0, 0)
    s = simulate(p, arrival=9 * 3600 + 900, first_scan=9 * 3600 + 300, max_events=0).summary
    assert s.after_lifetime == 3000 and s.after_lifetime < 0.25 * s.lifetime
    assert problems(SEED, select=["PF211"]) == []


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
    msg = message(text, "PF211")
    age = re.search(r"bounces at age (\S+),", msg).group(1)
    assert _seconds(age) == summary["bounce"]["age_seconds"]

    text = "maximal_backoff_time = 8h\nmaximal_queue_lifetime = 1d\ndelay_warning_time = 20h\n"
    summary = _schedule_summary(tmp_path, capsys, text)
    assert summary["warning"] is None
    msg = message(text, "PF213")
    assert _seconds(re.search(r"and (\S+), 8h apart", msg).group(1)) == summary["bounce"]["age_seconds"]

    text = "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 1m\n"
    summary = _schedule_summary(tmp_path, capsys, text, "--null-sender")
    assert summary["first_retry"]["age_seconds"] == 300 and summary["attempts"] == 2
