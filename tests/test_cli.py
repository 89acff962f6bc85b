"""The command line contract: output lines, formats, exit codes, unreadable paths."""

from __future__ import annotations

import io
import json
import os
import re
import sys

import pytest

from postfix_lint.cli import main

BAD = "queue_run_delay = 15M\n"
WARN = "maximal_backoff_time = 1h30m\nbounce_queue_lifetime = 0\ncompatibility_level = 3.6\n"


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    """The contract below is for the default format: not GitHub Actions', not coloured."""
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


GOOD = (
    "queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\n"
    "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 0\ncompatibility_level = 3.6\n"
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


@pytest.mark.parametrize("argv", [
    [],
    ["--select", "PF999", "x"],
    ["--format", "xml", "x"],
    ["--no-such-option", "x"],
    ["--explain", "nope"],
    ["-", "-"],
    ["schedule"],
    ["schedule", "--format", "xml", "x"],
    ["schedule", "a/main.cf", "b/main.cf"],
    ["schedule", "--arrival", "25:00", "x"],
])
def test_usage_errors_return_2_with_one_prefix(argv, capsys):
    """Both commands return 2 (argparse does not raise SystemExit) and say 'postfix-lint: error: ...'."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    messages = [line for line in err.splitlines() if not line.startswith(("usage:", "  ", "       "))]
    assert messages and all(line.startswith("postfix-lint: error: ") for line in messages), err


def test_standard_input_is_read_once(monkeypatch, capsys):
    stream = io.BytesIO(BAD.encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    assert main(["-", "-"]) == 2
    assert "'-' (standard input) can be given only once" in capsys.readouterr().err
    assert stream.tell() == 0  # refused before anything was read


def test_master_cf_beside_is_read_through_read_input(tmp_path):
    """A FIFO named master.cf beside main.cf is passed over (not opened, not waited on)."""
    import subprocess

    (tmp_path / "main.cf").write_text(GOOD)
    os.mkfifo(tmp_path / "master.cf")
    proc = subprocess.run([sys.executable, "-m", "postfix_lint", str(tmp_path / "main.cf")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == ""


def test_usage_line_and_readme_agree():
    """One PATH for schedule, several for lint, in the parsers' usage and in the README's Usage block."""
    from conftest import ROOT
    from postfix_lint.cli.lint import build_parser as lint_parser
    from postfix_lint.cli.schedule import build_parser as schedule_parser

    positional = [a for a in schedule_parser()._actions if not a.option_strings]
    assert [(a.dest, a.nargs) for a in positional] == [("path", None)]
    usage = lint_parser().format_usage()
    assert "postfix-lint [OPTIONS] PATH..." in usage and "postfix-lint schedule [OPTIONS] PATH\n" in usage
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Usage", 1)[1]
    block = readme.split("```", 2)[1].strip("\n").splitlines()
    assert [line.split("  ")[0] for line in block] == ["postfix-lint [OPTIONS] PATH...",
                                                       "postfix-lint schedule [OPTIONS] PATH",
                                                       "postfix-lint server"]
    assert "postfix-lint server" in usage


def test_schedule_help_cites_only_what_is_installed(capsys):
    """--help may point at a module of the installed package, not at the repository's reference notes."""
    import importlib

    assert main(["schedule", "--help"]) == 0
    out = capsys.readouterr().out
    assert "reference" not in out and "\u00a7" not in out and "shared/" not in out
    cited = re.findall(r"postfix_lint(?:\.\w+)+", out)
    assert cited
    for module in cited:
        importlib.import_module(module)


def test_force_color_leaves_concise_plain(write, capsys, monkeypatch):
    path = str(write(BAD))
    monkeypatch.setenv("FORCE_COLOR", "1")
    main([path, "--format", "concise"])
    assert "\x1b[" not in capsys.readouterr().out
    main([path, "--format", "concise", "--statistics"])
    assert "\x1b[" not in capsys.readouterr().out
    main([path, "--format", "text"])
    assert "\x1b[" in capsys.readouterr().out


def test_list_rules_and_explain(capsys):
    assert main(["--list-rules"]) == 0
    out = capsys.readouterr().out
    assert "PF101" in out and "invalid-time" in out and "PF204" in out
    assert main(["--explain", "bounce-backscatter-risk"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PF204 bounce-backscatter-risk") and "## Why it matters" in out
    assert main(["--explain", "nope"]) == 2


def test_terminal_documentation_has_no_restructuredtext_literals(capsys):
    from postfix_lint.rules import RULES

    assert main(["--list-rules"]) == 0
    listing = capsys.readouterr().out
    assert "``" not in listing and "'minimal_backoff_time' shorter than 'queue_run_delay'" in listing
    for code in RULES:
        assert main(["--explain", code]) == 0
        assert "``" not in capsys.readouterr().out, code


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
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for word in ("text", "concise", "json", "sarif", "github", "gitlab", "--config", "--isolated",
                 "--show-settings", "--statistics", "--quiet", "--exit-zero"):
        assert word in out


def test_show_settings_with_other_paths_is_a_usage_error(tmp_path, capsys):
    f = tmp_path / "main.cf"
    f.write_text("compatibility_level = 3.6\n")
    assert main(["--isolated", "--show-settings", str(f), str(tmp_path / "other.cf")]) == 2
    assert "--show-settings takes one FILE" in capsys.readouterr().err


def test_list_rules_follows_format(capsys):
    import json

    from postfix_lint.rules import RULES

    assert main(["--list-rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rules] == sorted(RULES) and rules[0]["name"] == RULES[rules[0]["code"]].NAME
    assert main(["--list-rules"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith(rules[0]["code"] + "  ")
    assert main(["--list-rules", "--format", "sarif"]) == 2
    assert "--list-rules prints text or json" in capsys.readouterr().err
