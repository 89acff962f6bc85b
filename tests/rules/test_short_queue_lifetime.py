"""PF207 short-queue-lifetime: A queue lifetime shorter than the 4-5 days RFC 5321 recommends."""

from __future__ import annotations

from helpers import problems, SEED

CODE = "PF207"
BAD = 'maximal_queue_lifetime = 1d\n'
GOOD = 'queue_run_delay = 300s\nminimal_backoff_time = 300s\nmaximal_backoff_time = 4000s\nmaximal_queue_lifetime = 5d\nbounce_queue_lifetime = 1d\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_seed_appliance_config_has_no_error_or_warning():
    from postfix_lint.engine import Settings, lint_text
    from postfix_lint.problem import Severity

    found = lint_text(SEED, "main.cf", Settings())
    assert [p for p in found if p.severity >= Severity.WARNING] == []
    # ... but the short lifetime is worth an info note
    assert [p.code for p in found] == ["PF207"]


def test_shipped_example_matches_seed(tmp_path):
    from conftest import ROOT
    from postfix_lint.engine import Settings, lint_text
    from postfix_lint.problem import Severity

    text = (ROOT / "examples" / "imsva" / "main.cf").read_text()
    found = lint_text(text, "main.cf", Settings())
    assert [p for p in found if p.severity >= Severity.WARNING] == []


def test_seed_keeps_only_the_short_lifetime_info():
    from postfix_lint.engine import Settings, lint_text

    assert [p.code for p in lint_text(SEED, "main.cf", Settings())] == ["PF207"]
