"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "files"
REFERENCE = SHARED / "reference"


def corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.iterdir())


def require_corpus():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}: check out ../shared beside the project")


def require_reference():
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE}: check out ../shared beside the project")


def postfix_installed() -> bool:
    return shutil.which("postconf") is not None and Path("/usr/lib/postfix/sbin/qmgr").exists()


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
