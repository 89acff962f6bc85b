""".ci/run must run exactly the test command the README gives."""

from __future__ import annotations

import re

from conftest import ROOT


def _readme_test_command() -> str:
    text = (ROOT / "README.md").read_text()
    section = text.split("**Run the tests**", 1)[1]
    m = re.search(r"```sh\n(.+?)\n```", section, re.S)
    assert m, "README: no sh block after **Run the tests**"
    return m.group(1).strip()


def test_ci_runs_the_readme_test_command():
    command = _readme_test_command()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert command in [line.strip() for line in ci]


def test_ci_installs_postfix_noninteractively():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "postfix postfix/main_mailer_type select No configuration" in ci
    assert "DEBIAN_FRONTEND=noninteractive" in ci
    assert "apt-get install -y" in ci


def test_ci_fetches_the_postfix_releases():
    """The per-release oracles (tests/releases.py) are unpacked before the tests run."""
    ci = (ROOT / ".ci" / "run").read_text()
    lines = [line.strip() for line in ci.splitlines()]
    fetch = next(i for i, line in enumerate(lines) if line.startswith("python3 scripts/fetch_postfix.py"))
    assert fetch < lines.index(_readme_test_command())
    assert (ROOT / "scripts" / "fetch_postfix.py").is_file()
