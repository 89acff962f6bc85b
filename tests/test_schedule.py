"""Tests for postfix_lint.postfix.retry, the model of qmgr's deferred-queue retry schedule, and its rendering.

The expected values come from shared/reference/postfix-main-cf.md §4.6 (the
live experiment) and §4.7 (the vendor article's table).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postfix_lint.postfix.retry import DAY, PARAMETERS, RetryParams, simulate, steady_cadence
from postfix_lint.report.schedule import clock, event_note, format_text, to_json


def summary(params, *, arrival=0, **kw):
    """The summary alone (no events recorded), under the rules' assumption by default."""
    return simulate(params, arrival=arrival, max_events=0, **kw).summary


def warning_lost(params, **kw):
    """delay_warning_time asks for a notice, but the message bounces before one is sent."""
    s = summary(params, **kw)
    return s.warning_due is not None and s.warning_time is None


def hm(text: str, day: int = 0) -> int:
    parts = [int(x) for x in text.split(":")]
    h, m = parts[0], parts[1]
    s = parts[2] if len(parts) > 2 else 0
    return day * DAY + h * 3600 + m * 60 + s


# The seed article's IMSVA values (reference §4.7).
SEED = RetryParams(
    queue_run_delay=900,
    minimal_backoff_time=900,
    maximal_backoff_time=3600,
    maximal_queue_lifetime=DAY,
    bounce_queue_lifetime=0,
    delay_warning_time=0,
)
ARRIVAL = hm("09:15")
FIRST_SCAN = hm("09:05")  # scans at :05, :20, :35, :50


def seed(duration: int = 1, **kw):
    return simulate(SEED, arrival=ARRIVAL, first_scan=FIRST_SCAN, attempt_duration=duration, **kw)


def kinds(schedule, kind):
    return [e for e in schedule.events if e.kind == kind]


# --------------------------------------------------------------------------- #
# The seed article's table


SEED_RETRIES = [hm("09:35"), hm("10:05"), hm("11:05")] + [hm("11:05") + k * 3600 for k in range(1, 24)]


@pytest.mark.parametrize("duration", [0, 1])
def test_seed_table_attempts(duration):
    s = seed(duration)
    attempts = kinds(s, "attempt")
    assert [e.attempt for e in attempts] == list(range(27))
    assert attempts[0].time == ARRIVAL and attempts[0].age == 0
    assert [e.time for e in attempts[1:]] == SEED_RETRIES
    # the article's named rows
    assert attempts[1].time == hm("09:35")
    assert attempts[2].time == hm("10:05")
    assert attempts[3].time == hm("11:05")
    assert [attempts[n].time for n in (4, 5, 6)] == [hm("12:05"), hm("13:05"), hm("14:05")]
    assert attempts[25].time == hm("09:05", day=1)
    assert attempts[26].time == hm("10:05", day=1)
    # ages the reference quotes at the failures: 20 min, 50 min, 110 min, 23h50, 24h50
    assert [attempts[n].age for n in (1, 2, 3)] == [20 * 60, 50 * 60, 110 * 60]
    assert attempts[25].age == 23 * 3600 + 50 * 60
    assert attempts[26].age == 24 * 3600 + 50 * 60
    assert attempts[26].due is None and attempts[25].due is not None


@pytest.mark.parametrize("duration", [0, 1])
def test_seed_table_bounce_and_summary(duration):
    s = seed(duration)
    bounces = kinds(s, "bounce")
    assert len(bounces) == 1 and s.events[-1] is bounces[0]
    assert bounces[0].attempt == 26
    assert bounces[0].time == hm("10:05", day=1) + duration
    assert not kinds(s, "warning")
    sm = s.summary
    assert sm.attempts == 27 and sm.retries == 26
    assert sm.bounce_time == hm("10:05", day=1) + duration
    assert sm.lifetime == DAY and sm.lifetime_parameter == "maximal_queue_lifetime"
    assert sm.after_lifetime == 50 * 60 + duration
    assert sm.first_retry_time == hm("09:35")
    assert sm.warning_time is None
    assert sm.steady_cadence == 3600 and sm.reaches_steady_backoff
    assert not sm.truncated


def test_seed_table_empty_scans():
    s = seed(1)
    scans = [e.time for e in kinds(s, "scan")]
    assert not kinds(s, "idle")  # never more than three in a row
    assert scans[:5] == [hm("09:20"), hm("09:50"), hm("10:20"), hm("10:35"), hm("10:50")]
    # and from the 3rd retry on, three empty scans per hour (:20, :35, :50)
    assert scans[5:8] == [hm("11:20"), hm("11:35"), hm("11:50")]
    assert len(scans) == 1 + 1 + 3 * 24
    due = {e.time: e.due for e in kinds(s, "scan")}
    assert due[hm("09:20")] == hm("09:30:01")
    assert due[hm("10:50")] == hm("10:55:02")
    assert s.summary.idle_scans == len(scans)


def test_seed_table_due_times_duration_0():
    s = seed(0)
    attempts = kinds(s, "attempt")
    assert [a.due for a in attempts[:4]] == [hm("09:30"), hm("09:55"), hm("10:55"), hm("12:05")]
    scans = kinds(s, "scan")
    assert event_note(scans[0], s) == "not due: due at 09:30"
    assert event_note(scans[1], s) == "not due: due at 09:55"


def test_seed_table_text_rows():
    text = format_text(seed(1))
    rows = [line.split()[:4] for line in text.splitlines()[2:-1]]
    times = [(r[0], r[1]) for r in rows]
    for expected in [("09:15:00", "+0"), ("09:20:00", "+0"), ("09:35:00", "+0"), ("09:50:00", "+0"),
                     ("10:05:00", "+0"), ("10:20:00", "+0"), ("10:35:00", "+0"), ("10:50:00", "+0"),
                     ("11:05:00", "+0"), ("09:05:00", "+1"), ("10:05:00", "+1")]:
        assert expected in times
    assert "retry 25" in text and "retry 26" in text and "retry 27" not in text
    last = text.splitlines()[-1]
    assert last.startswith("summary: 26 retries after the initial attempt (27 attempts)")
    assert "50m1s after the 1d maximal_queue_lifetime" in last


# --------------------------------------------------------------------------- #
# Attempts of 2 s: 75-minute cadence (reference §4.7, point 1)


def test_two_second_attempts_drift_to_75_minutes():
    s = seed(2)
    attempts = [e.time for e in kinds(s, "attempt")]
    assert attempts[1:4] == [hm("09:35"), hm("10:05"), hm("11:05")]  # unaffected
    assert attempts[4:7] == [hm("12:20"), hm("13:35"), hm("14:50")]
    assert all(b - a == 75 * 60 for a, b in zip(attempts[3:], attempts[4:]))
    assert len(attempts) == 22  # initial + 21 retries
    assert attempts[21] == hm("09:35", day=1)
    sm = s.summary
    assert sm.retries == 21 and sm.attempts == 22
    assert sm.bounce_time == hm("09:35:02", day=1)
    assert sm.after_lifetime == 20 * 60 + 2
    assert sm.steady_cadence == 75 * 60
    assert steady_cadence(SEED, 2) == 4500 and steady_cadence(SEED, 1) == 3600 == steady_cadence(SEED, 0)


# --------------------------------------------------------------------------- #
# The live experiment (reference §4.6)

LIVE = RetryParams(
    queue_run_delay=10,
    minimal_backoff_time=10,
    maximal_backoff_time=40,
    maximal_queue_lifetime=240,
    bounce_queue_lifetime=0,
    delay_warning_time=60,
)
LIVE_ARRIVAL = hm("18:01:08")
LIVE_SCAN = hm("18:01:01")  # qmgr started at :01; scans at :01, :11, :21, ...


def live(**kw):
    # connection refused: each attempt fails within ~20 ms, i.e. in the same second
    return simulate(LIVE, arrival=LIVE_ARRIVAL, first_scan=LIVE_SCAN, attempt_duration=0, **kw)


def test_live_experiment_attempt_ages():
    s = live()
    attempts = kinds(s, "attempt")
    assert [a.age for a in attempts] == [0, 13, 33, 73, 113, 153, 193, 233, 273]
    # mtimes in seconds after 18:01:00
    base = hm("18:01:00")
    assert [a.due - base for a in attempts[:-1]] == [18, 34, 74, 121, 161, 201, 241, 281]
    assert attempts[-1].due is None


def test_live_experiment_warning_and_expiry():
    s = live()
    warnings = kinds(s, "warning")
    assert len(warnings) == 1
    assert warnings[0].age == 73 and warnings[0].attempt == 3
    bounce = kinds(s, "bounce")[0]
    assert bounce.age == 273 and bounce.attempt == 8
    assert s.summary.warning_time == LIVE_ARRIVAL + 73
    assert s.summary.after_lifetime == 33
    # warning comes after the failure of its attempt, before the next scans
    order = [e.kind for e in s.events]
    i = order.index("warning")
    assert order[i - 1] == "attempt" and s.events[i - 1].attempt == 3


def test_live_experiment_null_sender_tried_once():
    s = live(null_sender=True)
    assert [e.kind for e in s.events] == ["attempt", "bounce"]
    assert s.summary.attempts == 1 and s.summary.retries == 0
    assert s.summary.lifetime_parameter == "bounce_queue_lifetime"
    assert s.summary.lifetime == 0 and s.summary.bounce_age == 0
    assert s.summary.first_retry_time is None and s.summary.warning_time is None


# --------------------------------------------------------------------------- #
# Rules of §4.3


def test_null_sender_bounce_lifetime_zero_one_attempt_seed():
    s = seed(1, null_sender=True)
    assert [e.kind for e in s.events] == ["attempt", "bounce"]
    assert s.summary.bounce_time == ARRIVAL + 1
    assert summary(SEED, null_sender=True).retries == 0
    assert summary(SEED, null_sender=True).attempts == 1


def test_bounce_lifetime_capped_at_queue_lifetime():
    p = RetryParams(300, 300, 4000, 3600, 5 * DAY, 0)
    assert p.effective_bounce_queue_lifetime == 3600
    normal = simulate(p, arrival=0, null_sender=False)
    null = simulate(p, arrival=0, null_sender=True)
    assert null.summary.lifetime == 3600 == normal.summary.lifetime
    assert [e.time for e in kinds(null, "attempt")] == [e.time for e in kinds(normal, "attempt")]
    assert null.summary.bounce_time == normal.summary.bounce_time
    # below the queue lifetime the bounce lifetime is used as is
    p2 = RetryParams(300, 300, 4000, 5 * DAY, 1800, 0)
    assert simulate(p2, arrival=0, null_sender=True).summary.lifetime == 1800
    assert simulate(p2, arrival=0, null_sender=True).summary.bounce_age >= 1800


def test_max_backoff_below_min_backoff_min_wins():
    p = RetryParams(queue_run_delay=60, minimal_backoff_time=1800, maximal_backoff_time=600,
                    maximal_queue_lifetime=6 * 3600, bounce_queue_lifetime=0, delay_warning_time=0)
    assert p.backoff(0) == 1800 and p.backoff(5000) == 1800 and p.steady_backoff == 1800
    s = simulate(p, arrival=0, first_scan=0)
    attempts = [e.time for e in kinds(s, "attempt")]
    assert all(b - a == 1800 for a, b in zip(attempts, attempts[1:]))
    assert attempts[-1] == 6 * 3600
    assert s.summary.steady_cadence == 1800 and s.summary.reaches_steady_backoff


def test_backoff_is_age_clamped_not_doubling():
    p = RetryParams(100, 100, 100000, 10 * DAY, 0, 0)
    s = simulate(p, arrival=0, first_scan=0)
    attempts = kinds(s, "attempt")
    # age 0 -> min 100; then the age itself
    assert [a.time for a in attempts[:5]] == [0, 100, 200, 400, 800]


def test_eligible_one_second_before_due():
    # qmgr takes a file while mtime <= scan time + 1: with 1 s scans every retry
    # comes one second before its due time
    p = RetryParams(1, 100, 100000, 10 * DAY, 0, 0)
    attempts = kinds(simulate(p, arrival=0, first_scan=0), "attempt")
    assert [a.time for a in attempts[:5]] == [0, 99, 198, 395, 789]
    assert [a.due for a in attempts[:4]] == [100, 199, 396, 790]


def test_expiry_is_greater_or_equal():
    # attempt failing at exactly the lifetime expires
    p = RetryParams(100, 100, 100, 300, 0, 0)
    s = simulate(p, arrival=0, first_scan=0)
    assert [e.time for e in kinds(s, "attempt")] == [0, 100, 200, 300]
    assert s.summary.bounce_age == 300 and s.summary.after_lifetime == 0


def test_maximal_queue_lifetime_zero_means_one_attempt():
    p = RetryParams(300, 300, 4000, 0, 0, 0)
    s = simulate(p, arrival=0)
    assert s.summary.attempts == 1
    assert summary(p).first_retry_time is None


def test_delay_warning_once_for_normal_sender():
    p = RetryParams(300, 300, 4000, 5 * DAY, 5 * DAY, 4 * 3600)
    s = simulate(p, arrival=0, first_scan=0)
    warnings = kinds(s, "warning")
    assert len(warnings) == 1
    # first failed attempt at or after 4 h (minus qmgr's 1 s slack)
    attempts = [e.time for e in kinds(s, "attempt")]
    first = min(t for t in attempts if t >= 4 * 3600 - 1)
    assert warnings[0].time == first
    assert s.summary.warning_time == first
    assert summary(p).warning_time == first


def test_delay_warning_one_second_slack():
    # qmgr tests event_time() >= warn_time - 1 (reference §4.3 step 2)
    p = RetryParams(100, 100, 100, 1000, 0, 301)
    s = simulate(p, arrival=0, first_scan=0)
    assert s.summary.warning_time == 300
    p = RetryParams(100, 100, 100, 1000, 0, 302)
    assert simulate(p, arrival=0, first_scan=0).summary.warning_time == 400


def test_delay_warning_never_for_null_sender():
    p = RetryParams(300, 300, 4000, 5 * DAY, 5 * DAY, 3600)
    s = simulate(p, arrival=0, null_sender=True)
    assert not kinds(s, "warning")
    assert s.summary.warning_time is None
    assert not warning_lost(p, null_sender=True)


def test_warning_lost():
    # warning time beyond the lifetime: never sent
    p = RetryParams(900, 900, 3600, DAY, 0, 2 * DAY)
    assert warning_lost(p)
    assert summary(p).warning_time is None
    # due at the very attempt that expires: expiry is tested first
    p = RetryParams(100, 100, 100, 300, 0, 300)
    s = simulate(p, arrival=0, first_scan=0)
    assert not kinds(s, "warning") and warning_lost(p)
    # and a warning well before the lifetime is sent
    assert not warning_lost(RetryParams(900, 900, 3600, DAY, 0, 4 * 3600))


def test_scan_phase_applies_before_first_scan():
    # first_scan later than arrival still defines earlier scans
    s = simulate(SEED, arrival=ARRIVAL, first_scan=hm("12:05"), attempt_duration=1)
    assert [e.time for e in kinds(s, "attempt")][:4] == [ARRIVAL, hm("09:35"), hm("10:05"), hm("11:05")]


def test_default_phase_is_arrival():
    s = simulate(SEED, arrival=ARRIVAL)
    assert s.summary.first_scan == ARRIVAL
    assert s.summary.first_retry_time == ARRIVAL + 900


# --------------------------------------------------------------------------- #
# Idle scans and output


def test_idle_scans_aggregated_in_text():
    p = RetryParams(60, 60, 3600, 5 * 3600, 0, 0)
    s = simulate(p, arrival=0, first_scan=0)
    idle = kinds(s, "idle")
    assert idle, "runs longer than three scans become one event"
    assert all(e.count > 3 for e in idle)
    assert all(e.last == e.time + (e.count - 1) * 60 for e in idle)
    text = format_text(s)
    assert "\u2026 59 idle scans \u2026" in text
    # runs of up to three stay individual lines
    assert kinds(s, "scan")
    hidden = format_text(s, idle_scans=False)
    assert "idle scans" not in hidden and " scan " not in hidden
    assert hidden.splitlines()[-1] == text.splitlines()[-1]


def test_idle_run_of_three_is_listed_and_four_is_counted():
    p3 = RetryParams(900, 900, 3600, DAY, 0, 0)  # 3 idle scans per hour
    assert not kinds(simulate(p3, arrival=0), "idle")
    p4 = RetryParams(720, 720, 3600, DAY, 0, 0)  # 4 idle scans per hour
    s = simulate(p4, arrival=0)
    assert any(e.count == 4 for e in kinds(s, "idle"))


def test_json_shape():
    s = seed(1)
    data = to_json(s)
    json.dumps(data)  # serialisable
    assert set(data) == {"parameters", "events", "summary"}
    assert data["parameters"]["queue_run_delay"] == 900
    assert data["parameters"]["maximal_queue_lifetime"] == 86400
    assert data["parameters"]["effective_bounce_queue_lifetime"] == 0
    for event in data["events"]:
        assert {"time", "day", "age_seconds", "kind", "attempt", "note"} <= set(event)
        assert event["kind"] in {"scan", "attempt", "warning", "bounce", "idle"}
        assert len(event["time"]) == 8 and event["time"][2] == ":" and event["time"][5] == ":"
    first = data["events"][0]
    assert first == {**first, "time": "09:15:00", "day": 0, "age_seconds": 0, "kind": "attempt", "attempt": 0}
    scan = data["events"][1]
    assert scan["kind"] == "scan" and scan["attempt"] is None and scan["time"] == "09:20:00"
    last = data["events"][-1]
    assert last["kind"] == "bounce" and last["time"] == "10:05:01" and last["day"] == 1 and last["attempt"] == 26
    summary = data["summary"]
    assert summary["attempts"] == 27 and summary["retries"] == 26
    assert summary["bounce"] == {"time": "10:05:01", "day": 1, "age_seconds": DAY + 50 * 60 + 1}
    assert summary["bounce_after_lifetime_seconds"] == 50 * 60 + 1
    assert summary["warning"] is None
    no_idle = to_json(s, idle_scans=False)
    assert {e["kind"] for e in no_idle["events"]} == {"attempt", "bounce"}


def test_json_idle_event():
    p = RetryParams(60, 60, 3600, 5 * 3600, 0, 0)
    data = to_json(simulate(p, arrival=0, first_scan=0))
    idle = [e for e in data["events"] if e["kind"] == "idle"]
    assert idle and all({"count", "first", "last"} <= set(e) for e in idle)


def test_clock():
    assert clock(hm("10:05:01", day=1)) == "10:05:01"


# --------------------------------------------------------------------------- #
# Performance and guards


def test_hundred_days_one_second_scans_few_events():
    p = RetryParams(queue_run_delay=1, minimal_backoff_time=300, maximal_backoff_time=4000,
                    maximal_queue_lifetime=100 * DAY, bounce_queue_lifetime=100 * DAY, delay_warning_time=4 * 3600)
    s = simulate(p, arrival=0, first_scan=0)
    sm = s.summary
    assert not sm.truncated
    assert sm.idle_scans > 8_000_000  # ~every second of 100 days is an idle scan
    assert len(s.events) < 3 * sm.attempts + 5  # the idle scans are aggregated, not listed
    assert len(s.events) < 10_000
    assert sm.bounce_age >= 100 * DAY
    assert sm.steady_cadence == 3999  # due <= scan + 1


def test_pathological_one_second_everything_is_capped_and_exact():
    p = RetryParams(1, 1, 1, 100 * DAY, 100 * DAY, DAY)
    s = simulate(p, arrival=0, first_scan=0, max_events=1000)
    assert len(s.events) == 1000 and s.summary.truncated
    assert s.summary.bounce_age == 100 * DAY
    assert s.summary.attempts == 100 * DAY + 1  # one attempt per second
    assert s.summary.warning_time == DAY - 1
    assert "truncated" in format_text(s)


PARAMS = st.builds(
    RetryParams,
    queue_run_delay=st.integers(1, 2000),
    minimal_backoff_time=st.integers(1, 4000),
    maximal_backoff_time=st.integers(1, 8000),
    maximal_queue_lifetime=st.integers(0, 3 * DAY),
    bounce_queue_lifetime=st.integers(0, 3 * DAY),
    delay_warning_time=st.integers(0, 2 * DAY),
)


@settings(max_examples=150, deadline=None)
@given(params=PARAMS, arrival=st.integers(0, DAY - 1), phase=st.integers(0, DAY),
       duration=st.integers(0, 120), null_sender=st.booleans(), cap=st.integers(0, 40))
def test_closed_form_jump_matches_full_simulation(params, arrival, phase, duration, null_sender, cap):
    full = simulate(params, arrival=arrival, first_scan=phase, attempt_duration=duration,
                    null_sender=null_sender, max_events=10**7)
    capped = simulate(params, arrival=arrival, first_scan=phase, attempt_duration=duration,
                      null_sender=null_sender, max_events=cap)
    assert not full.summary.truncated
    assert capped.events == full.events[:cap]
    a, b = full.summary.as_dict(), capped.summary.as_dict()
    a.pop("truncated"), b.pop("truncated")
    assert a == b
    # invariants of the model
    attempts = [e for e in full.events if e.kind == "attempt"]
    q = params.queue_run_delay
    for prev, cur in zip(attempts, attempts[1:]):
        assert (cur.time - phase) % q == 0
        assert prev.due <= cur.time + 1
        assert cur.time > prev.failure
        assert cur.time - q <= max(prev.due - 1, prev.failure)  # the first eligible scan
    assert full.events[-1].kind == "bounce"
    assert full.summary.bounce_age >= full.summary.lifetime
    assert len([e for e in full.events if e.kind == "warning"]) <= 1


def test_rejects_bad_parameters():
    with pytest.raises(ValueError):
        RetryParams(0, 300, 4000, DAY, DAY, 0)
    with pytest.raises(ValueError):
        RetryParams(300, 300, 4000, -1, DAY, 0)
    with pytest.raises(TypeError):
        RetryParams(300.0, 300, 4000, DAY, DAY, 0)
    with pytest.raises(ValueError):
        simulate(SEED, arrival=0, attempt_duration=-1)


def test_one_list_of_retry_parameters():
    """PARAMETERS is the field list of RetryParams, in qmgr's reading order (what the rules and the command read)."""
    assert tuple(RetryParams(1, 1, 1, 0, 0, 0).as_dict()) == PARAMETERS
    assert PARAMETERS[0] == "queue_run_delay" and PARAMETERS[-1] == "delay_warning_time"


def test_notes_are_rendered_from_the_events():
    """The model records numbers only; every note of the listing is derived from them."""
    s = seed(2)
    notes = [event_note(e, s) for e in s.events]
    assert notes[0] == "fails at 09:15:02; deferred until 09:30:02 (backoff 15m)"
    assert notes[-2] == "fails at 09:35:02 (age 1d20m2s): expired"
    assert notes[-1] == "age 1d20m2s >= maximal_queue_lifetime 1d (20m2s after it): returned to sender"
    p = RetryParams(60, 60, 3600, 5 * 3600, 0, 3600)
    w = simulate(p, arrival=0, first_scan=0)
    (warning,) = [e for e in w.events if e.kind == "warning"]
    assert event_note(warning, w) == "delay notice to the sender (delay_warning_time 1h)"
    idle = next(e for e in w.events if e.kind == "idle")
    assert event_note(idle, w).startswith(f"\u2026 {idle.count} idle scans \u2026 (")
    assert not hasattr(s.events[0], "note")


def test_rule_helpers_seed():
    assert summary(SEED).attempts == 27
    assert summary(SEED).retries == 26
    assert summary(SEED).first_retry_time == 900
    # scan-aligned arrival, instant failures: the 26th retry is at exactly 24 h
    assert summary(SEED).after_lifetime == 0
    assert summary(SEED, arrival=ARRIVAL, first_scan=FIRST_SCAN).after_lifetime == 50 * 60
    assert summary(SEED, arrival=ARRIVAL, first_scan=FIRST_SCAN, attempt_duration=2).attempts == 22
