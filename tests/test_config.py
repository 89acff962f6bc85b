"""Configuration files: discovery, every key, command-line precedence, errors, --show-settings."""

from __future__ import annotations

import io
import subprocess
import sys
import types
from pathlib import Path

import pytest

from postfix_lint import config
from postfix_lint.cli import main
from postfix_lint.config import ConfigError, ConfigFinder, config_from_table, effective, overrides_from

from conftest import ROOT


def _tomllib():
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        tomllib = pytest.importorskip("tomli")
    return tomllib

# The rest of the retry group, set so that no rule about it fires.
QUIET = ("minimal_backoff_time = 300s\nmaximal_backoff_time = 4000s\nmaximal_queue_lifetime = 5d\n"
         "bounce_queue_lifetime = 1d\n")
# A whole main.cf needs a relay restriction or compatibility_level >= 1, else smtpd exits (PF151).
LEVEL = "compatibility_level = 3.6\n"
DUP = "queue_run_delay = 300s\n" + QUIET + "myhostname = a\nmyhostname = b\n" + LEVEL  # PF010 (warning)
BOTH = "queue_run_delay = 15M\n" + QUIET + "myhostname = a\nmyhostname = b\n" + LEVEL  # PF101 (error), PF010


def codes_of(out: str):
    return sorted({line.split(": ")[1].split()[0] for line in out.splitlines() if line})


def lint(capsys, *argv):
    rc = main(list(argv))
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """tree({'rel/path': text}) -> tmp_path, with the working directory there."""
    monkeypatch.chdir(tmp_path)

    def make(files):
        for rel, text in files.items():
            p = tmp_path / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
        return tmp_path

    return make


# --------------------------------------------------------------------------- discovery


def test_pyproject_in_a_parent_directory_applies(tree, capsys):
    tree({"pyproject.toml": '[tool.postfix-lint]\nignore = ["PF010"]\n', "etc/postfix/main.cf": BOTH})
    rc, out, _ = lint(capsys, "etc/postfix/main.cf")
    assert codes_of(out) == ["PF101"]


def test_closest_configuration_wins_and_files_are_not_merged(tree, capsys):
    tree({
        "pyproject.toml": '[tool.postfix-lint]\nignore = ["PF010"]\n',
        "a/.postfix-lint.toml": 'ignore = ["invalid-time"]\n',
        "a/main.cf": BOTH,
        "b/main.cf": BOTH,
    })
    rc, out, _ = lint(capsys, "a/main.cf", "b/main.cf")
    by_file = {}
    for line in out.splitlines():
        by_file.setdefault(line.split(":")[0], set()).add(line.split(": ")[1].split()[0])
    assert by_file == {"a/main.cf": {"PF010"}, "b/main.cf": {"PF101"}}


def test_dotfile_wins_over_pyproject_in_the_same_directory(tree, capsys):
    tree({
        "pyproject.toml": '[tool.postfix-lint]\nignore = ["PF010"]\n',
        ".postfix-lint.toml": 'ignore = ["PF101"]\n',
        "main.cf": BOTH,
    })
    assert codes_of(lint(capsys, "main.cf")[1]) == ["PF010"]


def test_pyproject_without_our_table_is_passed_over(tree, capsys):
    tree({
        "pyproject.toml": '[tool.postfix-lint]\nignore = ["PF010"]\n',
        "sub/pyproject.toml": '[project]\nname = "other"\n[tool.other]\nx = 1\n',
        "sub/main.cf": BOTH,
    })
    assert codes_of(lint(capsys, "sub/main.cf")[1]) == ["PF101"]


def test_unrelated_invalid_pyproject_is_not_even_parsed(tree, capsys):
    tree({"pyproject.toml": "this is [ not toml\n", "main.cf": DUP})
    rc, out, err = lint(capsys, "main.cf")
    assert rc == 1 and "PF010" in out and err == ""


def test_explicit_config_overrides_discovery(tree, capsys):
    tree({
        "pyproject.toml": '[tool.postfix-lint]\nignore = ["PF010"]\n',
        "ci.toml": 'ignore = ["PF101"]\n',
        "main.cf": BOTH,
    })
    assert codes_of(lint(capsys, "--config", "ci.toml", "main.cf")[1]) == ["PF010"]


def test_explicit_pyproject_needs_the_table(tree, capsys):
    tree({"other/pyproject.toml": "[project]\nname = 'x'\n", "main.cf": DUP})
    rc, _, err = lint(capsys, "--config", "other/pyproject.toml", "main.cf")
    assert rc == 2 and "has no [tool.postfix-lint] table" in err


def test_isolated_ignores_every_file(tree, capsys):
    tree({"pyproject.toml": '[tool.postfix-lint]\nselect = ["nope"]\n', "main.cf": BOTH})
    rc, out, _ = lint(capsys, "--isolated", "main.cf")
    assert rc == 1 and codes_of(out) == ["PF010", "PF101"]


def test_config_and_isolated_together_is_a_usage_error(tree, capsys):
    tree({"c.toml": "", "main.cf": DUP})
    rc, _, err = lint(capsys, "--config", "c.toml", "--isolated", "main.cf")
    assert rc == 2 and "exclude each other" in err


def test_missing_explicit_config(tree, capsys):
    tree({"main.cf": DUP})
    rc, _, err = lint(capsys, "--config", "nope.toml", "main.cf")
    assert rc == 2 and "nope.toml" in err


def test_resolver_caches_directories(tmp_path, monkeypatch):
    (tmp_path / ".postfix-lint.toml").write_text('ignore = ["PF010"]\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    r = ConfigFinder()
    calls = []
    real = config.load
    monkeypatch.setattr(config, "load", lambda p, explicit=False: calls.append(p) or real(p, explicit))
    c1 = r.for_path(str(tmp_path / "a" / "b" / "main.cf"))
    c2 = r.for_path(str(tmp_path / "a" / "main.cf"))
    assert c1 is c2 and len(calls) == 1


# --------------------------------------------------------------------------- keys


def test_select_extend_select_ignore(tree, capsys):
    tree({".postfix-lint.toml": 'select = ["PF010"]\nextend-select = ["invalid-time"]\nignore = ["PF010"]\n',
          "main.cf": BOTH})
    assert codes_of(lint(capsys, "main.cf")[1]) == ["PF101"]


def test_select_all(tree, capsys):
    tree({".postfix-lint.toml": 'select = ["ALL"]\nignore = ["PF101"]\n', "main.cf": BOTH})
    assert codes_of(lint(capsys, "main.cf")[1]) == ["PF010"]


def test_severity_by_code_and_name_and_fail_on(tree, capsys):
    tree({".postfix-lint.toml": 'fail-on = "error"\n[severity]\nduplicate-parameter = "info"\n', "main.cf": DUP})
    rc, out, _ = lint(capsys, "main.cf")
    assert rc == 0 and "PF010 info:" in out
    (tree({".postfix-lint.toml": 'fail-on = "error"\nseverity = { PF010 = "error" }\n'}))
    rc, out, _ = lint(capsys, "main.cf")
    assert rc == 1 and "PF010 error:" in out


def test_cli_fail_on_overrides_the_file(tree, capsys):
    tree({".postfix-lint.toml": 'fail-on = "error"\n', "main.cf": DUP})
    assert lint(capsys, "main.cf")[0] == 0
    assert lint(capsys, "main.cf", "--fail-on", "warning")[0] == 1


def test_fail_on_is_per_file(tree, capsys):
    tree({"lax/.postfix-lint.toml": 'fail-on = "error"\n', "lax/main.cf": DUP, "strict/main.cf": DUP})
    assert lint(capsys, "lax/main.cf")[0] == 0
    assert lint(capsys, "lax/main.cf", "strict/main.cf")[0] == 1


def test_per_file_ignores_globs(tree, capsys):
    tree({
        ".postfix-lint.toml": '[per-file-ignores]\n"staging/**/main.cf" = ["PF010"]\n"*.proto" = ["ALL"]\n',
        "staging/eu/main.cf": BOTH,
        "prod/main.cf": BOTH,
        "prod/deep/main.cf.proto": BOTH,
    })
    rc, out, _ = lint(capsys, "staging/eu/main.cf", "prod/main.cf", "prod/deep/main.cf.proto")
    files = {}
    for line in out.splitlines():
        files.setdefault(line.split(":")[0], set()).add(line.split(": ")[1].split()[0])
    assert files == {"staging/eu/main.cf": {"PF101"}, "prod/main.cf": {"PF010", "PF101"}}


def test_per_file_ignores_are_relative_to_the_config_directory(tree, capsys, monkeypatch):
    root = tree({
        "repo/.postfix-lint.toml": '[per-file-ignores]\n"etc/main.cf" = ["PF010"]\n',
        "repo/etc/main.cf": DUP,
    })
    monkeypatch.chdir(root / "repo" / "etc")
    assert lint(capsys, "main.cf")[1] == ""
    monkeypatch.chdir(root)
    assert lint(capsys, "repo/etc/main.cf")[1] == ""
    assert lint(capsys, str(root / "repo" / "etc" / "main.cf"))[1] == ""


@pytest.mark.parametrize("pattern, path, matches", [
    ("*.cf", "main.cf", True),
    ("*.cf", "a/main.cf", True),  # no "/": the file name in any directory
    ("**/main.cf", "main.cf", True),
    ("**/main.cf", "a/b/main.cf", True),
    ("a/**", "a/b/c", True),
    ("a/*", "a/b", True),
    ("a/*", "a/b/c", True),  # .gitignore: a pattern that matches a directory covers what is under it
    ("etc/main.cf", "x/etc/main.cf", False),  # with "/": relative to the configuration's directory
    ("./etc/main.cf", "etc/main.cf", True),
    ("m?in.cf", "main.cf", True),
    ("m?in.cf", "m/in.cf", False),
    ("[mn]ain.cf", "nain.cf", True),
    ("[!m]ain.cf", "xain.cf", True),
    ("[!m]ain.cf", "main.cf", False),
    ("a+b.cf", "a+b.cf", True),
    ("a+b.cf", "aab.cf", False),
])
def test_per_file_ignores_glob_syntax(pattern, path, matches):
    cfg = config_from_table({"per-file-ignores": {pattern: ["PF010"]}}, Path("/srv/.postfix-lint.toml"))
    assert bool(config.matching_ignores(cfg, "/srv/" + path)) is matches


def test_pathspec_is_imported_only_for_per_file_ignores():
    code = ("import sys; from pathlib import Path; from postfix_lint import config; "
            "config.config_from_table({'ignore': ['PF010']}, None); a = 'pathspec' in sys.modules; "
            "config.config_from_table({'per-file-ignores': {'*.cf': ['PF010']}}, None); "
            "print(a, 'pathspec' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.split() == ["False", "True"], proc.stderr


def test_rule_options_change_the_result(tree, capsys):
    text = "maximal_queue_lifetime = 3d\nbounce_queue_lifetime = 2d\n"
    tree({"main.cf": text})
    assert "PF204" in lint(capsys, "main.cf", "--select", "PF204")[1]
    tree({"pyproject.toml": "[tool.postfix-lint.rules.bounce-backscatter-risk]\nthreshold = \"2d\"\n"})
    assert lint(capsys, "main.cf", "--select", "PF204")[1] == ""
    tree({"pyproject.toml": "[tool.postfix-lint.rules.PF204]\nthreshold = 86400\n"})
    assert "PF204" in lint(capsys, "main.cf", "--select", "PF204")[1]


def test_target_version_reaches_the_rules(tree):
    cfg = config_from_table({"target-version": "3.9"}, None)
    assert effective(cfg, overrides_from(None, [], [], None, None), "main.cf").settings.target_version == "3.9"
    cli = overrides_from(None, [], [], "3.6.20", None)
    assert effective(cfg, cli, "main.cf").settings.target_version == "3.6.20"
    # no target anywhere: None, the union profile (every release 3.5 - 3.12)
    assert effective(config.Config(), overrides_from(None, [], [], None, None), None).settings.target_version is None


@pytest.mark.parametrize("given", ["3.5", "3.5.0", "3.6.20", "3.7.11", "3.12", "3.12-20260821", " 3.10 "])
def test_known_releases_are_accepted(given):
    assert overrides_from(None, [], [], given, None).target_version == given.strip()
    assert config_from_table({"target-version": given}, None).target_version == given.strip()


@pytest.mark.parametrize("given", ["3.13", "3.11.7", "3.4", "2.11", "3.12.0", "4", "three"])
def test_unknown_releases_are_usage_errors_listing_the_known_ones(tree, capsys, given):
    tree({"main.cf": DUP})
    rc, out, err = lint(capsys, "main.cf", "--target-version", given)
    assert rc == 2 and out == ""
    assert f"--target-version: bad value {given!r}: unknown Postfix release" in err
    assert "3.5 (3.5.0 to 3.5.27)" in err and "3.12 (the development snapshot 3.12-20260821)" in err


def test_show_settings_names_the_profile(tree, capsys):
    tree({"main.cf": DUP})
    rc, out, _ = lint(capsys, "--show-settings", "main.cf", "--isolated")
    assert rc == 0 and "# target-version is not set: profile every Postfix release 3.5 - 3.12" in out
    rc, out, _ = lint(capsys, "--show-settings", "main.cf", "--isolated", "--target-version", "3.7")
    assert rc == 0 and 'target-version = "3.7"  # profile: Postfix 3.7.22 (target-version 3.7)' in out


def test_cli_selection_goes_on_top_of_the_file(tree, capsys):
    tree({".postfix-lint.toml": 'ignore = ["PF010"]\n', "main.cf": BOTH})
    # --select replaces the file's selection ...
    assert codes_of(lint(capsys, "main.cf", "--select", "PF010")[1]) == ["PF010"]
    # ... --extend-select and --ignore add to it
    assert codes_of(lint(capsys, "main.cf", "--extend-select", "duplicate-parameter")[1]) == ["PF010", "PF101"]
    assert lint(capsys, "main.cf", "--ignore", "PF101")[1] == ""


def test_stdin_filename_finds_configuration_and_per_file_ignores(tree, capsys, monkeypatch):
    tree({"srv/.postfix-lint.toml": '[per-file-ignores]\n"legacy/*" = ["PF010"]\n'})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BOTH.encode())))
    rc, out, _ = lint(capsys, "--format", "concise", "--stdin-filename", "srv/legacy/main.cf", "-")
    assert codes_of(out) == ["PF101"] and out.startswith("srv/legacy/main.cf:1:")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BOTH.encode())))
    rc, out, _ = lint(capsys, "--stdin-filename", "srv/main.cf", "-")
    assert codes_of(out) == ["PF010", "PF101"]


# --------------------------------------------------------------------------- errors

ERRORS = [
    ('colour = "red"\n', "unknown key 'colour'", "allowed: select, ignore"),
    ('select = ["PF999"]\n', "select: unknown rule 'PF999'", "allowed: a rule code or name"),
    ('ignore = "PF010"\n', "ignore: must be a list of rule codes or names", "got a string"),
    ('extend-select = ["nope"]\n', "extend-select: unknown rule 'nope'", "--list-rules"),
    ('severity = { PF010 = "fatal" }\n', "severity.PF010: bad value 'fatal'", '"error", "warning", "info"'),
    ('severity = { nope = "error" }\n', "severity: unknown rule 'nope'", "allowed"),
    ('severity = { PF010 = "error", duplicate-parameter = "info" }\n', "rule PF010 is given twice", ""),
    ('[per-file-ignores]\n"x/*" = ["PF0"]\n', "per-file-ignores.'x/*': unknown rule 'PF0'", "allowed"),
    ('per-file-ignores = ["x"]\n', "per-file-ignores: must be a table", "glob"),
    ('[rules.bounce-backscatter-risk]\nthreshold = "1D"\n', "rules.bounce-backscatter-risk.threshold: bad value '1D'",
     "lower-case unit"),
    ('[rules.PF204]\nthreshold = "1h30m"\n', "bad value '1h30m' for option 'threshold'", "such as \"12h\""),
    ('[rules.PF204]\nthreshold = true\n', "bad value True", "not a boolean"),
    ('[rules.PF204]\nlimit = "1d"\n', "unknown option 'limit' for rule PF204 (bounce-backscatter-risk)",
     "allowed: threshold"),
    ('[rules.PF010]\nmax = 1\n', "unknown option 'max' for rule PF010", "this rule has no options"),
    ('[rules.nope]\nx = 1\n', "rules: unknown rule 'nope'", "allowed"),
    ('rules = { PF204 = "1d" }\n', "rules.PF204: must be a table of options, such as [rules.PF204]", ""),
    # the key the user wrote, code or name, is the one named
    ('[rules.PF204]\nthreshold = "1D"\n', "rules.PF204.threshold: bad value '1D'", "lower-case unit"),
    ('severity = { duplicate-parameter = "fatal" }\n', "severity.duplicate-parameter: bad value 'fatal'", "warning"),
    ('target-version = "3"\n', "target-version: bad value '3'", "X.Y.Z"),
    ('target-version = "3.13"\n', "target-version: bad value '3.13': unknown Postfix release", "3.12"),
    ('target-version = 3.7\n', "target-version: bad value 3.7", "X.Y"),
    ('fail-on = "never"\n', "fail-on: bad value 'never'", '"error", "warning", "info"'),
    ('select = [\n', "invalid TOML", ""),
]


@pytest.mark.parametrize("text, what, allowed", ERRORS, ids=[e[1][:40] for e in ERRORS])
def test_configuration_errors_exit_2_naming_file_key_and_allowed(tree, capsys, text, what, allowed):
    root = tree({".postfix-lint.toml": text, "main.cf": DUP})
    rc, out, err = lint(capsys, "main.cf")
    assert rc == 2 and out == ""
    assert err.startswith(f"postfix-lint: error: {root / '.postfix-lint.toml'}: "), err
    assert what in err and allowed in err, err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_pyproject_errors_name_the_full_key(tree, capsys):
    root = tree({"pyproject.toml": '[tool.postfix-lint]\nfail_on = "error"\n', "main.cf": DUP})
    rc, _, err = lint(capsys, "main.cf")
    assert rc == 2
    assert f"{root / 'pyproject.toml'}: unknown key 'tool.postfix-lint.fail_on' (allowed: select," in err
    tree({"pyproject.toml": '[tool.postfix-lint.severity]\nPF010 = "loud"\n'})
    rc, _, err = lint(capsys, "main.cf")
    assert rc == 2 and f"{root / 'pyproject.toml'}: tool.postfix-lint.severity.PF010: bad value 'loud'" in err


def test_bad_cli_values_exit_2(tree, capsys):
    tree({"main.cf": DUP})
    rc, _, err = lint(capsys, "main.cf", "--target-version", "three")
    assert rc == 2 and "--target-version: bad value 'three'" in err
    rc, _, err = lint(capsys, "main.cf", "--ignore", "nope")
    assert rc == 2 and "unknown rule 'nope'" in err


def test_not_utf8_config(tree, capsys, tmp_path):
    tree({"main.cf": DUP})
    (tmp_path / ".postfix-lint.toml").write_bytes(b"ignore = ['\xff']\n")
    rc, _, err = lint(capsys, "main.cf")
    assert rc == 2 and "not UTF-8" in err


# --------------------------------------------------------------------------- option types


def _fake_rule(**options):
    return types.SimpleNamespace(CODE="PF999", NAME="fake-rule", OPTIONS=options, DEFAULTS={})


@pytest.mark.parametrize("kind, good, bad", [
    ("time", ["12h", "1d", "0", "3600s", 3600, "2w"], ["12H", "1h30m", "", " 5s", "+5s", -1, True, 1.5, "days"]),
    ("int", [0, 3, -2], [True, "3", 1.5]),
    ("bool", [True, False], [1, "yes"]),
    ("str", ["x", ""], [1, True, ["x"]]),
    ("float", [1, 1.5], ["1.5", False]),
    ("list", [["a"], []], ["a", [1]]),
])
def test_option_types(kind, good, bad):
    rule = _fake_rule(opt=kind)
    for value in good:
        assert config.validate_option(rule, "opt", value, "w") == value
    for value in bad:
        with pytest.raises(ConfigError, match=r"w: bad value .* for option 'opt' of rule PF999 \(fake-rule\) \(allowed: "):
            config.validate_option(rule, "opt", value, "w")


def test_time_option_beyond_postfix_range():
    with pytest.raises(ConfigError, match="fits its range"):
        config.validate_option(_fake_rule(opt="time"), "opt", "99999999999w", "w")


def _rule_ids():
    from postfix_lint.rules import RULES

    return list(RULES)


@pytest.mark.parametrize("code", _rule_ids())
def test_every_rule_declares_known_option_types_and_valid_defaults(code):
    """OPTIONS and DEFAULTS name the same options; each type is one config can check; each default passes it."""
    from postfix_lint.rules import RULES

    module = RULES[code]
    options = getattr(module, "OPTIONS", {}) or {}
    defaults = getattr(module, "DEFAULTS", {}) or {}
    assert set(options) == set(defaults)
    for name, kind in options.items():
        assert kind in config.OPTION_TYPES, f"option {name!r} has unknown type {kind!r}"
        assert config.OPTION_TYPES[kind](defaults[name]) is None, f"default of {name!r} is not a valid {kind}"


# --------------------------------------------------------------------------- --show-settings


def test_show_settings_is_toml_that_reproduces_the_settings(tree, capsys):
    root = tree({
        "pyproject.toml": (
            "[tool.postfix-lint]\nignore = [\"PF207\"]\nfail-on = \"error\"\ntarget-version = \"3.8\"\n"
            "[tool.postfix-lint.severity]\nimplicit-time-unit = \"error\"\n"
            "[tool.postfix-lint.per-file-ignores]\n\"etc/*\" = [\"PF010\"]\n"
            "[tool.postfix-lint.rules.bounce-backscatter-risk]\nthreshold = \"12h\"\n"
        ),
    })
    rc, out, _ = lint(capsys, "--show-settings", "etc/main.cf")
    assert rc == 0
    assert f"# configuration file: {root / 'pyproject.toml'} [tool.postfix-lint]" in out
    assert "per-file-ignores 'etc/*' matches: PF010" in out
    data = _tomllib().loads(out)
    assert data["fail-on"] == "error" and data["target-version"] == "3.8"
    assert "PF207" not in data["select"] and "PF010" not in data["select"] and "PF101" in data["select"]
    assert data["severity"]["PF105"] == "error"
    assert data["rules"]["PF204"] == {"threshold": "12h"}
    # the printed settings, used as a configuration file, give the same settings
    first = effective(config.load(root / "pyproject.toml"), overrides_from(None, [], [], None, None), "etc/main.cf")
    (root / "shown.toml").write_text(out)
    again = effective(config.load(root / "shown.toml"), overrides_from(None, [], [], None, None), "x/main.cf")
    assert again.settings.select == first.settings.select
    assert again.fail_on == first.fail_on and again.settings.target_version == first.settings.target_version
    from postfix_lint.engine import enabled_rules, rule_options

    def options(eff):
        return {m.CODE: rule_options(m, eff.settings) for m in enabled_rules(eff.settings)}

    assert options(again) == options(first)


def test_show_settings_without_configuration(tree, capsys):
    tree({})
    rc, out, _ = lint(capsys, "--show-settings", "main.cf", "--select", "PF101,PF204")
    assert rc == 0 and "configuration file: none (built-in defaults)" in out
    assert 'select = [\n    "PF101",  # invalid-time\n    "PF204",  # bounce-backscatter-risk\n]' in out
    assert '[rules.PF204]  # bounce-backscatter-risk\nthreshold = "1d"' in out


def test_show_settings_reports_configuration_errors(tree, capsys):
    tree({".postfix-lint.toml": "nope = 1\n"})
    rc, _, err = lint(capsys, "--show-settings", "main.cf")
    assert rc == 2 and "unknown key 'nope'" in err


# --------------------------------------------------------------------------- start-up and TOML back ends


def test_importing_the_cli_does_no_work():
    code = ("import sys, postfix_lint.cli; "
            "print(sorted(m for m in ('tomllib', 'tomli', 'json', 'lark', 'postfix_lint.config', 'postfix_lint.rules',"
            " 'postfix_lint.engine', 'postfix_lint.report.formats') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_no_toml_parser_is_a_clear_error_only_when_a_file_is_found(tree, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    tree({"pyproject.toml": "[project]\nname = 'x'\n", "main.cf": DUP})
    rc, out, err = lint(capsys, "main.cf")
    assert rc == 1 and err == ""  # no configuration: TOML is never needed
    tree({".postfix-lint.toml": 'ignore = ["PF010"]\n'})
    rc, out, err = lint(capsys, "main.cf")
    assert rc == 2 and "needs Python 3.11 or the 'tomli' package" in err


def test_tomli_is_used_when_tomllib_is_missing(tree, capsys, monkeypatch):
    parser = _tomllib()
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", parser)  # same API
    tree({".postfix-lint.toml": 'ignore = ["PF010"]\n', "main.cf": DUP})
    assert lint(capsys, "main.cf")[:2] == (0, "")


CORPUS = ROOT.parent / "shared" / "corpus" / "files"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there (the shared reference material)")
@pytest.mark.parametrize("configured", [
    "",
    "ignore = [\"PF207\"]\ntarget-version = \"3.7\"\n[severity]\nimplicit-time-unit = \"error\"\n"
    "[rules.bounce-backscatter-risk]\nthreshold = \"12h\"\n",
])
def test_show_settings_saved_as_configuration_gives_identical_results(configured, tmp_path, capsys, monkeypatch):
    """--show-settings output used as the configuration file lints the corpus sample the same (no default
    severity is pinned: PF204 is info or warning per finding)."""
    import json

    files = sorted(CORPUS.glob("*"))[:25]
    (tmp_path / "orig.toml").write_text(configured)
    monkeypatch.chdir(tmp_path)
    rc, shown, _ = lint(capsys, "--config", "orig.toml", "--show-settings", "main.cf")
    assert rc == 0
    (tmp_path / "shown.toml").write_text(shown)

    def results(cfg):
        rc = main(["--config", cfg, "--format", "json", "--exit-zero", *map(str, files)])
        assert rc == 0
        return json.loads(capsys.readouterr().out)

    first = results("orig.toml")
    assert first and results("shown.toml") == first
    assert {"info", "warning"} <= {p["severity"] for p in (first["problems"] if isinstance(first, dict) else first)}
