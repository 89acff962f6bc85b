"""The built wheel ships the grammar and works outside the source tree."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("postfix_lint-*.whl")
    return whl


def test_wheel_contains_grammar_files(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "postfix_lint/grammar/main_cf.lark" in names
    for package in ("cli", "report", "postfix", "read", "analyse", "rules"):
        assert f"postfix_lint/{package}/__init__.py" in names, package
    assert not any(n.startswith("grammar/") for n in names)


def test_installed_console_script_lints_from_elsewhere(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    pip = env_dir / "bin" / "pip"
    proc = subprocess.run([str(pip), "install", "-q", str(wheel)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "main.cf").write_text("queue_run_delay = 15M\n")
    script = env_dir / "bin" / "postfix-lint"
    proc = subprocess.run([str(script), "main.cf"], cwd=work, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "main.cf:1:19: PF101 error" in proc.stdout
    # the package in use is the installed one, not the source tree
    proc = subprocess.run([str(env_dir / "bin" / "python"), "-c", "import postfix_lint; print(postfix_lint.__file__)"],
                          cwd=work, capture_output=True, text=True)
    assert str(env_dir) in proc.stdout
    proc = subprocess.run([str(script), str(ROOT / "examples" / "imsva" / "main.cf")], cwd=work,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # what schedule --help cites for its model is installed, and documented
    proc = subprocess.run([str(script), "schedule", "--help"], cwd=work, capture_output=True, text=True, timeout=120)
    (cited,) = set(re.findall(r"pydoc\s+(postfix_lint[.\w]+)", proc.stdout))
    proc = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pydoc", cited], cwd=work,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "qmgr" in proc.stdout, proc.stdout + proc.stderr
