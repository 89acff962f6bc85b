"""Without ../shared the suite still passes: the tests that need it are skipped, under one reason.

Runs pytest on a copy of some test modules (those that read the corpus and
the reference tables, one of them parametrized over the corpus files) in a
directory with no ``shared/`` beside it, and reads its ``-ra`` summary.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

MODULES = ["test_time_vectors.py", "test_schedule_cmd.py", "test_params.py", "test_differential_postconf.py"]


@pytest.mark.slow
def test_tests_that_need_shared_skip_with_one_reason(tmp_path):
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    for name in ["conftest.py", "helpers.py", "oracle.py", "releases.py", *MODULES]:
        shutil.copy(ROOT / "tests" / name, repo / "tests" / name)
    for name in ["README.md", "pyproject.toml"]:
        shutil.copy(ROOT / name, repo / name)
    for name in ["examples", "linter", "grammar", "scripts"]:
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    assert not (tmp_path / "shared").exists()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider",
                           *[f"tests/{m}" for m in MODULES]],
                          cwd=repo, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    skipped = [line for line in proc.stdout.splitlines() if line.startswith("SKIPPED")]
    shared = [line for line in skipped if "needs the reference folder ../shared" in line]
    assert len(shared) == 1, skipped
    count = int(re.match(r"SKIPPED \[(\d+)\]", shared[0]).group(1))
    assert count >= len(MODULES)  # at least one test of each module
    assert "got empty parameter set" not in proc.stdout
