"""The fuzz target (``fuzz/fuzz_main_cf.py``), run for a bounded time in the normal suite.

60 seconds by default, as CI runs it; ``POSTFIX_LINT_FUZZ_SECONDS=5`` shortens
a local run and ``0`` skips it.  Longer runs, with atheris when it is
installed: see README, "Robustness and fuzzing".
"""

from __future__ import annotations

import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))
import fuzz_main_cf as target  # noqa: E402

SECONDS = float(os.environ.get("POSTFIX_LINT_FUZZ_SECONDS", "60"))


@pytest.mark.skipif(SECONDS <= 0, reason="POSTFIX_LINT_FUZZ_SECONDS=0")
def test_fuzz_for_a_bounded_time():
    count = target.fuzz_with_hypothesis(SECONDS)
    assert count > 0


def test_target_accepts_every_seed_file():
    for data in target.seed_files():
        target.check(data)
