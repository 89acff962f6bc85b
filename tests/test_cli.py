"""The command line contract: output lines, formats, exit codes, unreadable paths."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

from postfix_lint.cli import main

BAD = "queue_run_delay = 15M\n"
WARN = "maximal_backoff_time = 1h30m\nbounce_queue_lifetime = 0\n"


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    """The contract below is for the default format: not GitHub Actions', not coloured."""
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


GOOD = (
    "queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\n"
    "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 0\n"
)


def test_clean_file_exits_0(write, capsys):
    assert main([str(write(GOOD))]) == 0
    assert capsys.readouterr().out == ""


def test_error_exits_1_with_parsable_line(write, capsys):
    path = write(BAD)
    assert main([str(path), "--select", "PF101"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"{path}:1:19: PF101 error: queue_run_delay = 15M")


def test_output_is_sorted(write, capsys):
    path = write("maximal_backoff_time = 1h30m\nqueue_run_delay = 15M\nminimal_backoff_time = 0\n")
    main([str(path)])
    lines = capsys.readouterr().out.splitlines()
    keys = [tuple(int(x) for x in l.split(":")[1:3]) for l in lines]
    assert keys == sorted(keys) and len(keys) >= 3


@pytest.mark.parametrize(
    "fail_on, expected",
    [("error", 0), ("warning", 1), ("info", 1)],
)
def test_fail_on_thresholds(write, fail_on, expected):
    assert main([str(write(WARN)), "--fail-on", fail_on]) == expected


def test_info_only_passes_by_default(write):
    # PF207 (info) alone does not fail the default threshold
    path = write(GOOD.replace("5d", "1d"))
    assert main([str(path)]) == 0
    assert main([str(path), "--fail-on", "info"]) == 1


def test_json_format(write, capsys):
    path = write(BAD)
    assert main([str(path), "--format", "json", "--select", "PF101"]) == 1
    data = json.loads(capsys.readouterr().out)
    (p,) = data["problems"]
    assert p == {
        "path": str(path), "line": 1, "column": 19, "end_line": 1, "end_column": 22,
        "code": "PF101", "rule": "invalid-time", "severity": "error", "message": p["message"],
    }


def test_missing_directory_unreadable_paths_exit_2_and_others_checked(write, tmp_path, capsys):
    good = write(GOOD)
    bad = write(BAD, "sub/main.cf")
    missing = tmp_path / "nope.cf"
    rc = main([str(missing), str(tmp_path), str(good), str(bad)])
    captured = capsys.readouterr()
    assert rc == 2
    err = captured.err.splitlines()
    assert f"postfix-lint: error: {missing}: no such file" in err
    assert any(str(tmp_path) in l and "directory" in l for l in err)
    assert "PF101" in captured.out  # the readable bad file was still checked
    assert "Traceback" not in captured.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(write, capsys):
    path = write(GOOD)
    path.chmod(0)
    assert main([str(path)]) == 2
    assert "permission denied" in capsys.readouterr().err


def test_fifo_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "main.cf"
    os.mkfifo(fifo)
    assert main([str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_stdin_with_filename(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    assert main(["-", "--stdin-filename", "etc/postfix/main.cf", "--select", "PF101"]) == 1
    assert capsys.readouterr().out.startswith("etc/postfix/main.cf:1:19: PF101 error:")


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["--select", "PF999", "x"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["--format", "xml", "x"])
    assert exc.value.code == 2


def test_list_rules_and_explain(capsys):
    assert main(["--list-rules"]) == 0
    out = capsys.readouterr().out
    assert "PF101" in out and "invalid-time" in out and "PF204" in out
    assert main(["--explain", "bounce-backscatter-risk"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PF204 bounce-backscatter-risk") and "## Why it matters" in out
    assert main(["--explain", "nope"]) == 2


def test_binary_input_never_tracebacks(write, capsys):
    path = write(bytes(range(256)) * 40)
    rc = main([str(path)])
    assert rc in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


def test_console_script_module_entry(write):
    import subprocess

    path = write(BAD)
    proc = subprocess.run([sys.executable, "-m", "postfix_lint", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "PF101 error" in proc.stdout


def test_stdin_filename_needs_dash(write, capsys):
    assert main([str(write(GOOD)), "--stdin-filename", "x/main.cf"]) == 2
    assert "--stdin-filename needs '-'" in capsys.readouterr().err


def test_show_settings_for_stdin_name(tmp_path, monkeypatch, capsys):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / ".postfix-lint.toml").write_text('fail-on = "info"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["--show-settings", "-", "--stdin-filename", "etc/main.cf"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Effective settings for etc/main.cf\n") and 'fail-on = "info"' in out


def test_help_names_every_format(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("text", "concise", "json", "sarif", "github", "gitlab", "--config", "--isolated",
                 "--show-settings", "--statistics", "--quiet", "--exit-zero"):
        assert word in out
