"""Stock main.cf files of the distributions, and an empty file, pass with default settings (exit 0).

tests/data/stock/ holds the parameter lines of the main.cf each distribution's
package writes (Debian 12 and 13 and Ubuntu 24.04 as the postinst writes it
for "Internet Site", RHEL 9, Alpine).  Inherited Postfix defaults are advice:
at most info findings, with the default settings, with each file's own
release as the target, and with no target at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from postfix_lint.cli import main
from postfix_lint.engine import Settings, lint_text
from postfix_lint.problem import Severity

STOCK = Path(__file__).resolve().parent / "data" / "stock"
RELEASES = {"debian-12": "3.7.11", "debian-13": "3.10", "ubuntu-24.04": "3.8.6", "rhel-9": "3.5.9",
            "alpine": "3.9", "empty": "3.12"}


@pytest.mark.parametrize("name", sorted(RELEASES))
@pytest.mark.parametrize("target", ["default", "own", "none"])
def test_stock_config_has_nothing_above_info(name, target):
    text = (STOCK / f"{name}.cf").read_text()
    settings = Settings() if target == "default" else Settings(
        target_version=RELEASES[name] if target == "own" else None)
    loud = [(p.line, p.code, p.message) for p in lint_text(text, f"{name}.cf", settings)
            if p.severity >= Severity.WARNING]
    assert loud == []


@pytest.mark.parametrize("name", sorted(RELEASES))
def test_stock_config_exits_0(name, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no configuration file of the repository applies
    assert main([str(STOCK / f"{name}.cf")]) == 0


def test_fixtures_hold_parameter_lines_only():
    for path in STOCK.glob("*.cf"):
        lines = path.read_text().splitlines()
        body = [line for line in lines if not line.startswith("#")]
        comments = [line for line in lines if line.startswith("#")]
        assert all("=" in line or line[:1] in " \t" for line in body if line.strip()), path
        assert len(comments) <= 3, path  # the provenance header, not distribution text
