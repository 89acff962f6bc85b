"""The pre-commit hook, run for real by pre-commit against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

GOOD = "queue_run_delay = 900s\nminimal_backoff_time = 900s\nbounce_queue_lifetime = 0\ncompatibility_level = 3.6\n"
BAD = "queue_run_delay = 15M\nbounce_queue_lifetime = 0\n"


def _git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def config_repo(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("config-repo")
    _git(repo, "init", "-q")
    (repo / "good").mkdir()
    (repo / "bad").mkdir()
    (repo / "good" / "main.cf").write_text(GOOD)
    (repo / "bad" / "main.cf").write_text(BAD)
    (repo / "notes.cf").write_text("this is not a main.cf and has no equals\n")
    _git(repo, "add", ".")
    return repo


def _try_repo(repo, *files):
    env = dict(os.environ, PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"))
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "postfix-lint", "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )


def test_bad_main_cf_fails_the_hook_with_the_problem_printed(config_repo):
    proc = _try_repo(config_repo, "bad/main.cf")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "bad/main.cf:1:19: PF101 error: queue_run_delay = 15M" in out
    assert "Failed" in out


def test_good_main_cf_passes(config_repo):
    proc = _try_repo(config_repo, "good/main.cf")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out


def test_hook_only_matches_main_cf(config_repo):
    proc = _try_repo(config_repo, "notes.cf")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "no files to check" in out.lower() or "Skipped" in out
