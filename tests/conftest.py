"""Shared fixtures and paths for the test suite, and the one rule for tests that need ../shared.

Some tests read the reference folder ``../shared`` (the corpus of real
main.cf files, the reference notes and tables) beside the repository.
Without it they are skipped, all with the one reason :data:`SHARED_REASON`,
folded into one line of the summary: mark a test ``@pytest.mark.shared``, or
call :func:`require_corpus` / :func:`require_reference`, or parametrize over
:func:`corpus_params` (which gives one skipped placeholder instead of an empty,
silently vanishing, parameter set).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "files"
REFERENCE = SHARED / "reference"


SHARED_REASON = (f"needs the reference folder ../shared beside the repository (not found at {SHARED});"
                 " see README, Run the tests")


def shared_present() -> bool:
    return CORPUS.is_dir() and REFERENCE.is_dir()


def corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.iterdir())


def no_shared_param(*values, id="no-shared"):
    """One placeholder parameter set, skipped for want of ../shared (instead of an empty parameter set)."""
    return pytest.param(*values, marks=pytest.mark.skip(reason=SHARED_REASON), id=id)


def corpus_params():
    """The corpus files as parameters (ids: file names), or one skipped placeholder when ../shared is absent."""
    files = corpus_files()
    if not files:
        return [no_shared_param(None)]
    return [pytest.param(f, id=f.name) for f in files]


def require_shared():
    if not shared_present():
        pytest.skip(SHARED_REASON)


def require_corpus():
    if not CORPUS.is_dir():
        pytest.skip(SHARED_REASON)


def require_reference():
    if not REFERENCE.is_dir():
        pytest.skip(SHARED_REASON)


def pytest_configure(config):
    config.addinivalue_line("markers", "shared: needs the reference folder ../shared beside the repository"
                            " (skipped, with one summary reason, when it is absent)")
    config.addinivalue_line("markers", "slow: takes seconds to minutes (the quick run is: pytest -m 'not slow')")


#: Test modules that build wheels, run pre-commit or real Postfix programs, fuzz for a minute or
#: spawn the command line by the hundred: ``pytest -m "not slow"`` leaves them out.
SLOW_MODULES = frozenset({
    "test_fuzz.py", "test_hook.py", "test_wheel.py", "test_hostile.py", "test_differential_postconf.py",
    "test_differential_typed.py", "test_oracle_smoke.py", "test_macro_level.py",
    "test_differential_releases.py", "test_releases_harness.py",
})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    if shared_present():
        return
    skip = pytest.mark.skip(reason=SHARED_REASON)
    for item in items:
        if item.get_closest_marker("shared"):
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Every skip for want of ../shared is reported at one place, so ``-ra`` folds them into one line."""
    outcome = yield
    rep = outcome.get_result()
    if rep.skipped and isinstance(rep.longrepr, tuple) and rep.longrepr[2].endswith(SHARED_REASON):
        rep.longrepr = (str(Path(__file__)), 1, f"Skipped: {SHARED_REASON}")


def postfix_installed() -> bool:
    """The "installed" Postfix is there: the host's, or the tree $POSTFIX_LINT_SYSTEM_RELEASE names (oracle.SYSTEM)."""
    import oracle

    return oracle.SYSTEM.available()


@pytest.fixture
def write(tmp_path):
    """write(text_or_bytes, name='main.cf') -> path of a file in a fresh directory."""

    def _write(content, name="main.cf"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        path.write_bytes(content)
        return path

    return _write
