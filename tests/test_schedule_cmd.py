"""``postfix-lint schedule``: the command around postfix_lint.postfix.retry.

The expected rows are the seed article's table (shared/README.md) as the
reference reproduces it (§4.7): IMSVA's values, arrival 09:15, scans at :05,
:20, :35 and :50.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from postfix_lint.cli import main as cli_main
from postfix_lint.cli.schedule import build_parser, main

from conftest import ROOT, corpus_params

IMSVA = str(ROOT / "examples" / "imsva" / "main.cf")
ARTICLE = ["--arrival", "09:15", "--first-scan", "09:05"]
SEED_TEXT = (
    "queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\n"
    "maximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n"
)


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def rows(text):
    """{(time, day): [(event, note)]} of the table, and the summary line."""
    table = {}
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("time "))
    for line in lines[start + 1:-1]:
        time, day, _age, rest = line.split(None, 3)
        event, note = (rest.split("  ", 1) + [""])[:2]
        table.setdefault((time, day), []).append((event.strip(), note.strip()))
    return table, lines[-1]


def events_at(table, kind):
    return [key for key, evs in table.items() for ev, _ in evs if ev.startswith(kind)]


# --------------------------------------------------------------------------- the seed article's table


def test_seed_table_text(capsys):
    rc, out, err = run(capsys, IMSVA, *ARTICLE)
    assert rc == 0 and err == ""
    table, summary = rows(out)
    assert table[("09:15:00", "+0")][0][0] == "initial attempt"
    retries = {ev: key for key, evs in table.items() for ev, _ in evs if ev.startswith("retry ")}
    assert retries["retry 1"] == ("09:35:00", "+0")
    assert retries["retry 2"] == ("10:05:00", "+0")
    assert retries["retry 3"] == ("11:05:00", "+0")
    for n in range(4, 25):  # hourly at :05
        hour = (11 + n - 3) % 24
        assert retries[f"retry {n}"] == (f"{hour:02d}:05:00", "+0" if 11 + n - 3 < 24 else "+1")
    assert retries["retry 25"] == ("09:05:00", "+1")
    assert retries["retry 26"] == ("10:05:00", "+1")
    assert "retry 27" not in retries
    # the empty scans, including the two the article leaves out
    scans = events_at(table, "scan")
    for t in ("09:20:00", "09:50:00", "10:20:00", "10:35:00", "10:50:00", "11:20:00"):
        assert (t, "+0") in scans
    assert ("scan", "not due: due at 09:55") in table[("09:50:00", "+0")]
    assert ("scan", "not due: due at 10:55") in table[("10:50:00", "+0")]
    # the bounce after the 26th retry
    assert ("bounce", "age 1d50m >= maximal_queue_lifetime 1d (50m after it): returned to sender") in table[
        ("10:05:00", "+1")]
    assert summary == (
        "summary: 26 retries after the initial attempt (27 attempts); bounce at +1d 10:05 (age 1d50m),"
        " 50m after the 1d maximal_queue_lifetime; no delay warning; steady retry cadence 1h"
    )


def test_header_shows_values_and_assumptions(capsys):
    _, out, _ = run(capsys, IMSVA, *ARTICLE)
    head = out.split("\ntime ", 1)[0]
    assert "queue_run_delay         15m  (line 7: 900s)" in head
    assert "maximal_queue_lifetime  1d   (line 16: 1d)" in head
    assert "delay_warning_time      0s   (Postfix's default 0h; off)" in head
    assert "arrives at 09:15:00 on day +0" in head
    assert "every 15m, at :05, :20, :35 and :50 past each hour" in head
    assert "fails at once" in head


def test_seed_table_json(capsys):
    rc, out, _ = run(capsys, IMSVA, *ARTICLE, "--format", "json")
    assert rc == 0
    data = json.loads(out)
    assert set(data) == {"parameters", "events", "summary"}
    assert data["parameters"]["queue_run_delay"] == 900
    assert data["parameters"]["maximal_queue_lifetime"] == 86400
    attempts = [(e["time"], e["day"]) for e in data["events"] if e["kind"] == "attempt"]
    assert attempts[:4] == [("09:15:00", 0), ("09:35:00", 0), ("10:05:00", 0), ("11:05:00", 0)]
    assert attempts[25:] == [("09:05:00", 1), ("10:05:00", 1)]
    scans = [e["time"] for e in data["events"] if e["kind"] == "scan" and e["day"] == 0]
    assert {"10:35:00", "10:50:00"} <= set(scans)
    bounce = data["events"][-1]
    assert bounce["kind"] == "bounce" and (bounce["time"], bounce["day"], bounce["attempt"]) == ("10:05:00", 1, 26)
    s = data["summary"]
    assert (s["attempts"], s["retries"]) == (27, 26)
    assert s["bounce"] == {"time": "10:05:00", "day": 1, "age_seconds": 86400 + 3000}
    assert s["bounce_after_lifetime_seconds"] == 3000
    assert s["first_retry"]["time"] == "09:35:00"
    assert s["arrival"]["time"] == "09:15:00" and s["first_scan"] == "09:05:00"


def test_two_second_attempts(capsys):
    rc, out, _ = run(capsys, IMSVA, *ARTICLE, "--attempt-duration", "2")
    assert rc == 0
    table, summary = rows(out)
    retries = {ev: key for key, evs in table.items() for ev, _ in evs if ev.startswith("retry ")}
    assert [retries[f"retry {n}"] for n in (1, 2, 3)] == [("09:35:00", "+0"), ("10:05:00", "+0"), ("11:05:00", "+0")]
    assert [retries[f"retry {n}"] for n in (4, 5, 6)] == [("12:20:00", "+0"), ("13:35:00", "+0"), ("14:50:00", "+0")]
    assert retries["retry 21"] == ("09:35:00", "+1") and "retry 22" not in retries
    assert "fails at 09:35:02" in table[("09:35:00", "+0")][0][1]
    assert summary.startswith("summary: 21 retries after the initial attempt (22 attempts); bounce at +1d 09:35:02")
    assert "20m2s after the 1d maximal_queue_lifetime" in summary and "steady retry cadence 1h15m" in summary
    assert "fails 2s after it starts" in out

    rc, out, _ = run(capsys, IMSVA, *ARTICLE, "--attempt-duration", "2", "--format", "json")
    s = json.loads(out)["summary"]
    assert (s["retries"], s["bounce"]["time"], s["steady_cadence_seconds"]) == (21, "09:35:02", 4500)


def test_no_idle_scans(capsys):
    _, full, _ = run(capsys, IMSVA, *ARTICLE)
    rc, out, _ = run(capsys, IMSVA, *ARTICLE, "--no-idle-scans")
    assert rc == 0
    table, summary = rows(out)
    assert not events_at(table, "scan") and not events_at(table, "idle")
    assert len(events_at(table, "retry")) == 26
    assert summary == full.splitlines()[-1]
    _, out, _ = run(capsys, IMSVA, *ARTICLE, "--no-idle-scans", "--format", "json")
    assert {e["kind"] for e in json.loads(out)["events"]} == {"attempt", "bounce"}


def test_long_idle_runs_are_one_line(write, capsys):
    path = write("queue_run_delay = 1m\nminimal_backoff_time = 1m\nmaximal_backoff_time = 1h\n"
                 "maximal_queue_lifetime = 5h\n")
    _, out, _ = run(capsys, str(path))
    assert "idle scans" in out and "59 idle scans" in out
    assert "every 1m, one of them at 00:00:00" in out


def test_defaults_and_null_sender(capsys):
    rc, out, _ = run(capsys, IMSVA)
    assert rc == 0
    assert "arrives at 00:00:00 on day +0" in out and "at :00, :15, :30 and :45" in out
    table, _ = rows(out)
    assert ("00:15:00", "+0") in events_at(table, "retry")
    rc, out, _ = run(capsys, IMSVA, "--null-sender")
    assert rc == 0
    table, summary = rows(out)
    assert events_at(table, "initial attempt") == [("00:00:00", "+0")]
    assert not events_at(table, "retry")
    assert events_at(table, "bounce") == [("00:00:00", "+0")]
    assert summary.startswith("summary: 0 retries after the initial attempt (1 attempt)")
    assert "0s bounce_queue_lifetime" in summary and "null sender" in out


def test_delay_warning_and_bounce_cap(write, capsys):
    path = write("maximal_queue_lifetime = 1d\ndelay_warning_time = 4h\n")
    rc, out, _ = run(capsys, str(path), "--no-idle-scans")
    assert rc == 0
    table, summary = rows(out)
    (when,) = events_at(table, "warning")
    assert when[1] == "+0" and "delay warning at " in summary
    assert "qmgr caps it at maximal_queue_lifetime: 1d" in out  # bounce_queue_lifetime default 5d
    data = json.loads(run(capsys, str(path), "--format", "json")[1])
    assert data["parameters"]["effective_bounce_queue_lifetime"] == 86400
    assert data["summary"]["warning"]["age_seconds"] >= 4 * 3600 - 1


def test_expanded_values(write, capsys):
    path = write("minimal_backoff_time = 10m\nqueue_run_delay = $minimal_backoff_time\n")
    rc, out, _ = run(capsys, str(path))
    assert rc == 0
    assert "queue_run_delay         10m" in out and "line 2: $minimal_backoff_time = 10m" in out


def test_via_top_level_cli(capsys):
    assert cli_main(["schedule", IMSVA, *ARTICLE, "--no-idle-scans"]) == 0
    assert "retry 26" in capsys.readouterr().out


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED_TEXT.encode())))
    rc, out, _ = run(capsys, "-", *ARTICLE)
    assert rc == 0 and out.startswith("Retry schedule for <stdin>")
    assert "retry 26" in out


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "text, expected",
    [
        ("queue_run_delay = 15M\n",
         'queue_run_delay = 15M (line 1): bad time value or unit: unit "M" is upper case'),
        ("queue_run_delay = $minimal_backoff_time\n",
         "queue_run_delay = $minimal_backoff_time (line 1): bad time value or unit (expanded: '')"),
        ("maximal_queue_lifetime = 101d\n", "maximal_queue_lifetime = 101d (line 1): out of range: 8726400"),
        ("minimal_backoff_time = 0\n", "minimal_backoff_time = 0 (line 1): out of range"),
        ("queue_run_delay = $a\na = $b\nb = $a\n", "queue_run_delay = $a (line 1): cannot be expanded"),
        ("delay_warning_time = 4H\n", "delay_warning_time = 4H (line 1)"),
    ],
)
def test_fatal_parameter_exits_1_with_one_message(write, capsys, text, expected):
    path = write(text)
    rc, out, err = run(capsys, str(path))
    assert rc == 1 and out == ""
    assert expected in err
    assert "would exit at start; fix it first (see postfix-lint " in err
    assert "Traceback" not in err
    if text.startswith("delay_warning_time"):
        assert "cleanup would exit" in err
    else:
        assert "qmgr would exit" in err


def test_syntax_error_elsewhere_is_a_warning(write, capsys):
    path = write("queue_run_delay = 900s\n__PLACEHOLDER__\n")
    rc, out, err = run(capsys, str(path))
    assert rc == 0 and "summary:" in out
    assert err.startswith("postfix-lint: warning:") and ":2: missing '='" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["/nonexistent/main.cf"], "postfix-lint: error: /nonexistent/main.cf: no such file"),
        ([str(ROOT / "examples")], "is a directory"),
        ([], "the following arguments are required: PATH"),
        ([IMSVA, "--arrival", "25:00"], "argument --arrival: '25:00' is not a time of day"),
        ([IMSVA, "--first-scan", "9"], "argument --first-scan"),
        ([IMSVA, "--attempt-duration", "-1"], "argument --attempt-duration"),
        ([IMSVA, "--attempt-duration", "90000"], "longer than a day"),
        ([IMSVA, "--format", "xml"], "argument --format"),
    ],
)
def test_usage_and_read_errors_exit_2(capsys, argv, message):
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == ""
    assert message in err
    assert "Traceback" not in err


def test_help_exits_0(capsys):
    rc, out, _ = run(capsys, "--help")
    assert rc == 0 and "--no-idle-scans" in out and "--null-sender" in out


def test_module_entry_point_end_to_end():
    proc = subprocess.run([sys.executable, "-m", "postfix_lint", "schedule", IMSVA, *ARTICLE, "--no-idle-scans"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("summary: 26 retries")


# --------------------------------------------------------------------------- every corpus file


@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_file(path, capsys):
    rc, out, err = run(capsys, str(path))
    assert rc in (0, 1), err
    assert "Traceback" not in err
    if rc == 0:
        assert out.splitlines()[-1].startswith("summary: ")
        assert "bounce" in out
    else:
        assert out == "" and "would exit at start" in err
    rc_json, out_json, _ = run(capsys, str(path), "--format", "json", "--null-sender")
    assert rc_json == rc
    if rc == 0:
        data = json.loads(out_json)
        assert data["events"][-1]["kind"] == "bounce"


# --------------------------------------------------------------------------- README


def test_readme_example_is_the_real_output(capsys):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Retry schedule", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^```console\n\$ postfix-lint schedule (.*?)\n(.*?)^```", section, re.S | re.M)
    assert block, "the README's Retry schedule section has no console example"
    argv, shown = block.group(1).split(), block.group(2).splitlines()
    rc = main([str(ROOT / a) if a.endswith("main.cf") else a for a in argv])
    out = capsys.readouterr().out.replace(str(ROOT) + "/", "").splitlines()
    assert rc == 0
    cut = shown.index("...")
    assert shown[:cut] == out[:cut]
    assert shown[cut + 1:] == out[len(out) - (len(shown) - cut - 1):]
    for action in build_parser()._actions:
        for opt in action.option_strings:
            if opt not in ("-h", "--help"):
                assert f"`{opt}" in section, f"README does not document schedule {opt}"
