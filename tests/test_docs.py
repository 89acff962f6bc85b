"""Documentation: rule docstrings (the single source), generated files, README and editor set-ups.

The editor patterns in docs/editors.md are taken from the file itself and
run against the linter's real output, so the documentation cannot drift.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from typing import List

import pytest

from postfix_lint import config
from postfix_lint.cli import main
from postfix_lint.cli.lint import build_parser
from postfix_lint.report import formats as output
from postfix_lint.report import ruledoc
from postfix_lint.problem import Severity
from postfix_lint.rules import RULES

from conftest import ROOT

README = ROOT / "README.md"
EDITORS = ROOT / "docs" / "editors.md"
RULES_MD = ROOT / "docs" / "rules.md"


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def gen_script():
    spec = importlib.util.spec_from_file_location("gen_rule_docs", ROOT / "scripts" / "gen_rule_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def code_blocks(text: str, lang: str):
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.S | re.M)


# --------------------------------------------------------------------------- rule modules


def test_every_rule_module_is_registered():
    modules = {p.stem for p in (ROOT / "linter" / "rules").glob("*.py") if not p.stem.startswith("_")}
    registered = {m.__name__.rsplit(".", 1)[1] for m in RULES.values()}
    assert modules == registered


@pytest.mark.parametrize("code", list(RULES))
def test_rule_metadata(code):
    m = RULES[code]
    assert re.fullmatch(r"PF\d{3}", m.CODE) and m.CODE == code
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", m.NAME)
    assert m.__name__.rsplit(".", 1)[1] == m.NAME.replace("-", "_")
    assert isinstance(m.SEVERITY, Severity)


def heading_errors(module) -> List[str]:
    """What is wrong with a rule docstring's structure (empty: nothing)."""
    errors = []
    label = f"{getattr(module, 'CODE', '?')} ({getattr(module, 'NAME', '?')})"
    if not ruledoc.summary(module):
        return [f"{label}: no docstring"]
    found = [h for h, _ in ruledoc.sections(module)[1:]]
    has_options = bool(getattr(module, "OPTIONS", {}) or {})
    expected = list(ruledoc.REQUIRED)
    plain = [h for h in found if h != ruledoc.OPTIONS_HEADING]
    if plain != expected:
        errors.append(f"{label}: headings {plain} (expected '## ' headings {expected} in this order)")
    if has_options and ruledoc.OPTIONS_HEADING not in found:
        errors.append(f"{label}: has OPTIONS but no '## {ruledoc.OPTIONS_HEADING}' section")
    if not has_options and ruledoc.OPTIONS_HEADING in found:
        errors.append(f"{label}: has a '## {ruledoc.OPTIONS_HEADING}' section but no OPTIONS")
    if found.count(ruledoc.OPTIONS_HEADING) > 1:
        errors.append(f"{label}: '## {ruledoc.OPTIONS_HEADING}' appears more than once")
    for h, body in ruledoc.sections(module)[1:]:
        if not body.strip():
            errors.append(f"{label}: section '## {h}' is empty")
    if has_options:
        text = ruledoc.section(module, ruledoc.OPTIONS_HEADING)
        for name in module.OPTIONS:
            if name not in text:
                errors.append(f"{label}: option {name!r} is not described under '## {ruledoc.OPTIONS_HEADING}'")
    if "https://" not in ruledoc.section(module, "References"):
        errors.append(f"{label}: '## References' has no link (a postfix.org manual page anchor or an RFC section)")
    return errors


@pytest.mark.parametrize("code", list(RULES))
def test_rule_docstring_has_the_required_sections_in_order(code):
    assert heading_errors(RULES[code]) == []


def test_heading_checker_catches_mistakes():
    import types

    def fake(doc, options=None):
        return types.SimpleNamespace(__doc__=doc, CODE="PF999", NAME="fake", OPTIONS=options or {})

    good = ("Summary.\n\n## What it does\nx\n\n## Why it matters\nx\n\n## Example\n    a = 1\n\n"
            "## Use instead\n    a = 2\n\n## References\n- https://www.postfix.org/postconf.5.html#a\n")
    assert heading_errors(fake(good)) == []
    swapped = good.replace("## Example", "## TMP").replace("## Use instead", "## Example").replace("## TMP", "## Use instead")
    assert "in this order" in heading_errors(fake(swapped))[0]
    assert "no '## Options' section" in heading_errors(fake(good, {"max": "int"}))[0]
    with_opts = good.replace("## Example", "## Options\n- ``limit`` (int)\n\n## Example")
    assert "option 'max' is not described" in heading_errors(fake(with_opts, {"max": "int"}))[0]
    assert "but no OPTIONS" in heading_errors(fake(with_opts))[0]
    assert "has no link" in heading_errors(fake(good.replace("https://", "")))[0]
    assert "is empty" in heading_errors(fake(good.replace("## Why it matters\nx", "## Why it matters\n")))[0]
    assert heading_errors(fake("")) == ["PF999 (fake): no docstring"]


# --------------------------------------------------------------------------- generated files


def test_docs_rules_md_is_current():
    assert RULES_MD.read_text(encoding="utf-8") == gen_script().rules_md(), \
        "docs/rules.md is out of date: run python scripts/gen_rule_docs.py"


def test_readme_rule_table_is_current():
    text = README.read_text(encoding="utf-8")
    assert text == gen_script().readme_with_table(text), \
        "the README's rule table is out of date: run python scripts/gen_rule_docs.py"


def test_generator_check_mode():
    assert gen_script().main(["--check"]) == 0


def _github_slug(heading: str) -> str:
    slug = heading.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


def test_every_rule_has_a_section_whose_anchor_is_the_help_uri():
    text = RULES_MD.read_text(encoding="utf-8")
    anchors = {_github_slug(h) for h in re.findall(r"^## (.+)$", text, re.M)}
    for m in RULES.values():
        assert ruledoc.anchor(m) in anchors
        assert ruledoc.help_uri(m).endswith(f"docs/rules.md#{ruledoc.anchor(m)}")
        section = text.split(f"## {m.CODE} {m.NAME}\n", 1)[1].split("\n## PF", 1)[0]
        for heading in ruledoc.REQUIRED:
            assert f"### {heading}\n" in section
        for name in getattr(m, "OPTIONS", {}) or {}:
            assert f"{name} = " in section  # the configuration snippet


def test_explain_is_the_docstring_with_a_header(capsys):
    for ident in ("PF204", "bounce-backscatter-risk"):
        assert main(["--explain", ident]) == 0
        out = capsys.readouterr().out
        assert out.startswith("PF204 bounce-backscatter-risk (default severity: warning; enabled by default)\n")
        assert "Options: threshold (time, default 1d)" in out
        assert ruledoc.terminal(ruledoc.docstring(RULES["PF204"])) in out
    assert main(["--explain", "PF010"]) == 0
    assert "Options:" not in capsys.readouterr().out


def test_list_rules_lists_every_rule(capsys):
    assert main(["--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [l.split()[0] for l in lines] == list(RULES)


# --------------------------------------------------------------------------- README


def test_readme_documents_every_option():
    text = README.read_text(encoding="utf-8")
    for action in build_parser()._actions:
        for opt in action.option_strings:
            if opt in ("-h", "--help", "--version"):
                continue
            assert f"`{opt}" in text or f"{opt}`" in text, f"README does not document {opt}"
    for fmt in ("text", "concise", "json", "sarif", "github", "gitlab"):
        assert f"| `{fmt}` |" in text


def test_readme_configuration_example_is_valid():
    text = README.read_text(encoding="utf-8")
    (example,) = [b for b in code_blocks(text, "toml") if "[tool.postfix-lint]" in b]
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        tomllib = pytest.importorskip("tomli")
    table = tomllib.loads(example)["tool"]["postfix-lint"]
    from pathlib import Path

    cfg = config.config_from_table(table, Path("pyproject.toml"))
    assert cfg.fail_on == Severity.ERROR and cfg.options["PF204"] == {"threshold": "12h"}
    for key in config.KEYS:
        assert f"`{key}`" in text


def test_readme_suppression_example_silences_everything_it_names(tmp_path, capsys):
    text = README.read_text(encoding="utf-8")
    section = text.split("## Suppressing problems", 1)[1]
    example = re.search(r"^```\n(.*?)^```", section, re.S | re.M).group(1)
    assert "disable-next-line" in example and "disable-file" in example and "enable=" in example
    path = tmp_path / "main.cf"
    path.write_text(example)
    main([str(path), "--isolated", "--format", "json", "--fail-on", "info"])
    found = {p["code"] for p in json.loads(capsys.readouterr().out)["problems"]}
    assert not found & {"PF090", "PF204", "PF103", "PF105", "PF207"}, found


def test_readme_ci_snippets_are_valid_yaml():
    yaml = pytest.importorskip("yaml")
    text = README.read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in code_blocks(text, "yaml")]
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["postfix-lint"]["steps"]
    assert any("upload-sarif" in s.get("uses", "") for s in steps)
    assert any("--format sarif" in s.get("run", "") for s in steps)
    assert workflow["permissions"]["security-events"] == "write"
    gitlab = next(b for b in blocks if isinstance(b, dict) and "postfix-lint" in b and "script" in b["postfix-lint"])
    job = gitlab["postfix-lint"]
    assert any("--format gitlab" in line for line in job["script"])
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    precommit = next(b for b in blocks if isinstance(b, dict) and "repos" in b)
    (repo,) = precommit["repos"]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert repo["rev"] and repo["repo"].startswith("https://")
    assert [h["id"] for h in repo["hooks"]] == [hooks[0]["id"]]


# --------------------------------------------------------------------------- editor patterns

SAMPLE = ("queue_run_delay = 15M\nminimal_backoff_time = 300s\nmaximal_backoff_time = 4000s\n"
          "maximal_queue_lifetime = 1d\nbounce_queue_lifetime = 1d\nmyhostname = a: b, c\nmyhostname = b\n")


@pytest.fixture
def sample(tmp_path, capsys):
    """(concise output, rich text output, expected [(path, line, col, code, severity, message)])."""
    path = tmp_path / "my dir" / "main.cf"
    path.parent.mkdir()
    path.write_text(SAMPLE)
    main([str(path), "--isolated", "--format", "json", "--fail-on", "info"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    expected = [(p["path"], p["line"], p["column"], p["code"], p["severity"], p["message"]) for p in problems]
    assert {e[4] for e in expected} == {"error", "warning", "info"}, expected
    main([str(path), "--isolated", "--format", "concise"])
    concise = capsys.readouterr().out
    main([str(path), "--isolated", "--format", "text"])
    assert capsys.readouterr().out == concise  # text off a terminal: the same lines
    from postfix_lint.engine import Settings, lint_text

    results = [(str(path), lint_text(SAMPLE, str(path), Settings()))]
    rich = output.text(results, sources={str(path): SAMPLE}, excerpts=True, summary=True)
    return concise, rich, expected


def _non_problem_lines(rich: str, concise: str):
    problem_lines = set(concise.splitlines())
    return [l for l in rich.splitlines() if l not in problem_lines]


def editors_text():
    return EDITORS.read_text(encoding="utf-8")


def test_vscode_problem_matcher(sample):
    concise, rich, expected = sample
    (block,) = code_blocks(editors_text(), "json")
    task = json.loads(block)["tasks"][0]
    assert task["command"] == "postfix-lint" and "concise" in task["args"]
    pattern = task["problemMatcher"]["pattern"]
    rx = re.compile(pattern["regexp"])
    got = []
    for line in concise.splitlines():
        m = rx.match(line)
        assert m, line
        got.append((m.group(pattern["file"]), int(m.group(pattern["line"])), int(m.group(pattern["column"])),
                    m.group(pattern["code"]), m.group(pattern["severity"]), m.group(pattern["message"])))
    assert got == expected
    assert not any(rx.match(l) for l in _non_problem_lines(rich, concise))


def _errorformat_regex(efm: str):
    """Translate the few errorformat items the documentation uses into a Python regex."""
    items = {"%f": r"(?P<f>.+?)", "%l": r"(?P<l>\d+)", "%c": r"(?P<c>\d+)", "%n": r"(?P<n>\d+)",
             "%t": r"(?P<t>.)", "%m": r"(?P<m>.*)"}
    out, i = [], 0
    while i < len(efm):
        if efm.startswith("%*[", i):
            j = efm.index("]", i)
            out.append("[" + efm[i + 3:j] + "]*")
            i = j + 1
        elif efm[i] == "%":
            out.append(items[efm[i:i + 2]])
            i += 2
        else:
            out.append(re.escape(efm[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _vim_setting(name: str) -> str:
    (block,) = code_blocks(editors_text(), "vim")
    line = next(l for l in block.splitlines() if l.startswith(f"setlocal {name}="))
    return line.split("=", 1)[1].replace("\\ ", " ")


def test_vim_errorformat(sample):
    concise, rich, expected = sample
    assert _vim_setting("makeprg") == "postfix-lint --format concise %"
    rx = _errorformat_regex(_vim_setting("errorformat"))
    got = []
    for line in concise.splitlines():
        m = rx.match(line)
        assert m, line
        got.append((m["f"], int(m["l"]), int(m["c"]), f"PF{m['n']}", m["t"], m["m"]))
    assert got == [(f, l, c, code, sev[0], msg) for f, l, c, code, sev, msg in expected]
    assert not any(rx.match(l) for l in _non_problem_lines(rich, concise))


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_vim_quickfix_for_real(sample, tmp_path):
    concise, rich, expected = sample
    (block,) = code_blocks(editors_text(), "vim")
    ftplugin = tmp_path / "pfmain.vim"
    ftplugin.write_text(block)
    out = tmp_path / "out.txt"
    out.write_text(concise + rich)  # excerpt lines must not become entries
    result = tmp_path / "qf.txt"
    script = tmp_path / "run.vim"
    script.write_text(
        f"source {ftplugin}\n"
        f"cgetfile {out}\n"
        "call writefile(map(filter(getqflist(), 'v:val.valid'),"
        " 'bufname(v:val.bufnr).\"|\".v:val.lnum.\"|\".v:val.col.\"|\".v:val.nr.\"|\".v:val.type.\"|\".v:val.text'),"
        f" '{result}')\n"
        "qall!\n"
    )
    proc = subprocess.run(["vim", "-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-S", str(script)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert result.exists(), proc.stdout + proc.stderr
    got = result.read_text().splitlines()
    want = [f"{f}|{l}|{c}|{int(code[2:])}|{sev[0]}|{msg}" for f, l, c, code, sev, msg in expected]
    assert got == want * 2  # the concise lines, then the same lines of the rich text


def _lua_to_regex(pattern: str):
    table = {"%d": r"\d", "%a": "[A-Za-z]", "%u": "[A-Z]", "%s": r"\s", ".-": ".*?"}
    out, i = [], 0
    while i < len(pattern):
        two = pattern[i:i + 2]
        if two in table:
            out.append(table[two])
            i += 2
        elif pattern[i] in "().*+^$[]":
            out.append(pattern[i])
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def test_nvim_lint_pattern(sample):
    concise, rich, expected = sample
    (block,) = [b for b in code_blocks(editors_text(), "lua") if "from_pattern" in b]
    assert '"FileType"' in block  # lint on open: BufReadPost runs before the file type is known
    pattern = re.search(r'from_pattern\(\s*"([^"]+)"', block).group(1)
    groups = re.findall(r'"(\w+)"', re.search(r"\{([^}]*)\}", block[block.index("from_pattern"):]).group(1))
    assert groups == ["lnum", "col", "code", "severity", "message"]
    assert '"--stdin-filename"' in block and '"-"' in block
    rx = _lua_to_regex(pattern)
    got = []
    for line in concise.splitlines():
        m = rx.match(line)
        assert m, line
        d = dict(zip(groups, m.groups()))
        got.append((int(d["lnum"]), int(d["col"]), d["code"], d["severity"], d["message"]))
    assert got == [e[1:] for e in expected]
    for severity in ("error", "warning", "info"):
        assert f"{severity} = vim.diagnostic.severity." in block
    assert not any(rx.match(l) for l in _non_problem_lines(rich, concise))


def _elisp_regexes():
    strings = []
    for block in code_blocks(editors_text(), "elisp"):
        for raw in re.findall(r'"((?:[^"\\]|\\.)*)"', block):
            if raw.startswith("^"):
                strings.append(re.sub(r"\\(.)", r"\1", raw))  # the elisp string's own escapes
    return strings


def _emacs_to_python(rx: str):
    out = rx.replace(r"\(?:", "(?:").replace(r"\(", "(").replace(r"\)", ")").replace(r"\|", "|")
    return re.compile(out)


def test_emacs_regexps(sample):
    concise, rich, expected = sample
    compile_rx, flymake_rx = (_emacs_to_python(r) for r in _elisp_regexes())
    for line, (f, l, c, code, sev, msg) in zip(concise.splitlines(), expected):
        m = compile_rx.match(line)
        assert m and (m.group(1), int(m.group(2)), int(m.group(3))) == (f, l, c)
        # Emacs's TYPE (4 . 5) is (WARNING . INFO); no group matched means error
        # (tests/test_editors.py checks the same with Emacs's own compilation-mode)
        assert (m.group(4) is not None, m.group(5) is not None) == (sev == "warning", sev == "info")
        m = flymake_rx.match(line)
        assert m and (m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5), m.group(6)) == \
            (f, l, c, code, sev, msg)
    rest = _non_problem_lines(rich, concise)
    assert rest and not any(compile_rx.match(l) or flymake_rx.match(l) for l in rest)


def test_editors_doc_uses_only_real_options():
    text = editors_text()
    options = {o for a in build_parser()._actions for o in a.option_strings}
    for used in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text)):
        assert used in options, used
