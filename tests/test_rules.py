"""Every rule of the first catalogue: a failing and a passing example each."""

from __future__ import annotations

import pytest

from postfix_lint.rules import RULES

from helpers import codes, messages, problems

SEED = (
    "queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\n"
    "maximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n"
)
# A quiet baseline for rules that look at the retry group as a whole.
QUIET = (
    "queue_run_delay = 300s\nminimal_backoff_time = 300s\nmaximal_backoff_time = 4000s\n"
    "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 1d\n"
)

# (code, bad text, expected (line, column) of the first problem, good text)
CASES = [
    ("PF001", "a = 1\nqueue_run_delay 300s\n", (2, 1), "queue_run_delay = 300s\n"),
    ("PF002", "= 300s\n", (1, 1), "queue_run_delay = 300s\n"),
    ("PF003", "  queue_run_delay = 5m\nmyhostname = x\n", (1, 1), "queue_run_delay = 5m\nmyhostname = x\n"),
    ("PF004", "mydestination = a,\n  queue_run_delay = 15m\n", (2, 3), "mydestination = a,\n  b, c\n"),
    ("PF005", "\ufeffmyhostname = x\n", (1, 1), "myhostname = x\n"),
    ("PF006", "myhostname = a\x00b\n", (1, 15), "myhostname = ab\n"),
    ("PF007", "mynetworks = 127.0.0.0/8\r\n  [::1]/128\r\n", (1, 25), "mynetworks = 127.0.0.0/8\r\n"),
    ("PF010", "maximal_queue_lifetime = 5d\nmaximal_queue_lifetime = 1d\n", (1, 1), "maximal_queue_lifetime = 1d\n"),
    ("PF101", "queue_run_delay = 15M\n", (1, 19), "queue_run_delay = 15m\n"),
    ("PF102", "maximal_queue_lifetime = 101d\n", (1, 26), "maximal_queue_lifetime = 100d\n"),
    ("PF103", "maximal_backoff_time = 1h30m\n", (1, 26), "maximal_backoff_time = 90m\n"),
    ("PF104", "maximal_queue_lifetime = days\n", (1, 26), "maximal_queue_lifetime = 5d\n"),
    ("PF105", "maximal_queue_lifetime = 3\n", (1, 26), "maximal_queue_lifetime = 3d\n"),
    ("PF106", "message_size_limit = 20480000 # 20 MB\n", (1, 31), "# 20 MB\nmessage_size_limit = 20480000\n"),
    ("PF201", "queue_run_delay = 15m\nminimal_backoff_time = 5m\n", (2, 24), SEED),
    ("PF202", "minimal_backoff_time = 1h\nmaximal_backoff_time = 30m\n", (2, 24), SEED),
    ("PF203", "maximal_queue_lifetime = 1d\n", (1, 1), SEED),
    ("PF204", "bounce_queue_lifetime = 5d\n", (1, 25), SEED),
    ("PF205", "maximal_queue_lifetime = 4h\ndelay_warning_time = 4h\n", (2, 22),
     "maximal_queue_lifetime = 1d\ndelay_warning_time = 4h\n"),
    ("PF206", "queue_run_delay = $minimal_backoff_time\n", (1, 19),
     "minimal_backoff_time = 300s\nqueue_run_delay = $minimal_backoff_time\n"),
    ("PF207", "maximal_queue_lifetime = 1d\n", (1, 26), QUIET),
]


FIRST_CATALOGUE = {
    "PF001", "PF002", "PF003", "PF004", "PF005", "PF006", "PF007", "PF010",
    "PF101", "PF102", "PF103", "PF104", "PF105", "PF106",
    "PF201", "PF202", "PF203", "PF204", "PF205", "PF206", "PF207",
}


def test_every_rule_of_the_catalogue_has_a_case():
    assert sorted(c for c, *_ in CASES) == sorted(FIRST_CATALOGUE)
    assert FIRST_CATALOGUE <= set(RULES)


@pytest.mark.parametrize("code, bad, where, good", CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_bad_example(code, bad, where, good):
    found = problems(bad, select=[code])
    assert found, f"{code} did not fire"
    assert found[0] == (*where, code)


@pytest.mark.parametrize("code, bad, where, good", CASES, ids=[c[0] for c in CASES])
def test_rule_quiet_on_good_example(code, bad, where, good):
    assert problems(good, select=[code]) == []


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


@pytest.mark.parametrize(
    "text",
    [
        "queue_run_delay = 5m\n",  # 300 s vs default min backoff 300 s: fine
        "queue_run_delay = 900\nminimal_backoff_time = 900\n",
    ],
)
def test_backoff_ordering_boundaries(text):
    assert problems(text, select=["PF201"]) == []


def test_pf201_with_defaults_points_at_the_set_parameter():
    # minimal_backoff_time keeps its 300s default; queue_run_delay is set
    assert problems("queue_run_delay = 15m\n", select=["PF201"]) == [(1, 19, "PF201")]
    (msg,) = messages("queue_run_delay = 15m\n", "PF201")
    assert "Postfix's default" in msg and "900 s" in msg


def test_pf203_default_bounce_lifetime_message():
    (msg,) = messages("maximal_queue_lifetime = 1d\n", "PF203")
    assert "bounce_queue_lifetime = 5d" in msg and "Postfix's default" in msg and "86400 s" in msg


def test_pf204_unset_inherits_5d():
    (msg,) = messages("myhostname = x\n", "PF204")
    assert "not set" in msg and "5d" in msg
    assert problems("myhostname = x\n", select=["PF204"]) == [(1, 1, "PF204")]


def test_pf204_threshold_option():
    assert problems("bounce_queue_lifetime = 2d\n", select=["PF204"]) == [(1, 25, "PF204")]
    assert problems("bounce_queue_lifetime = 2d\n", select=["PF204"],
                    options={"PF204": {"threshold": "3d"}}) == []


def test_pf204_capped_by_queue_lifetime():
    # bounce lifetime 5d capped at 1d -> effective 1d, not above the threshold
    assert problems("maximal_queue_lifetime = 1d\n", select=["PF204"]) == []


def test_pf101_names_daemons_and_fatal_message():
    (msg,) = messages("queue_run_delay = 15M\n", "PF101")
    assert "qmgr" in msg and "bad time value or unit: 15M" in msg and "upper case" in msg


def test_pf101_value_on_continuation_line_points_there():
    assert problems("queue_run_delay =\n   15M\n", select=["PF101"]) == [(2, 4, "PF101")]


def test_pf103_ignores_inline_comment_left_to_pf106():
    assert codes("queue_run_delay = 5s # comment\n", select=["PF103", "PF106"]) == ["PF106"]


def test_pf103_5ms_is_five_minutes():
    (msg,) = messages("queue_run_delay = 5ms\n", "PF103")
    assert "300 s" in msg


@pytest.mark.parametrize("value", ["0", "-0", "s", "days"])
def test_zero_backoff_is_fatal(value):
    assert codes(f"minimal_backoff_time = {value}\n", select=["PF101", "PF102"]) == ["PF102"]


def test_pf206_cycle():
    text = "queue_run_delay = $a\na = $b\nb = $a\n"
    assert problems(text, select=["PF206"]) == [(1, 19, "PF206")]


def test_pf206_self_reference():
    (msg,) = messages("queue_run_delay = $queue_run_delay\n", "PF206")
    assert "macro processing error" in msg


def test_pf206_global_reference_is_fine():
    assert problems("queue_run_delay = $ipc_timeout\n", select=["PF206", "PF101"]) == []


def test_pf206_order_matters_in_qmgr():
    # qmgr reads minimal_backoff_time before maximal_backoff_time
    assert problems("maximal_backoff_time = $minimal_backoff_time\n", select=["PF206"]) == []
    assert problems("minimal_backoff_time = $maximal_backoff_time\n", select=["PF206"]) == [(1, 24, "PF206")]


def test_chain_of_100_is_accepted_and_101_is_not():
    def chain(n):
        lines = ["queue_run_delay = $p1"]
        lines += [f"p{i} = $p{i + 1}" for i in range(1, n)]
        lines.append(f"p{n} = 300s")
        return "\n".join(lines) + "\n"

    assert problems(chain(100), select=["PF206"]) == []
    assert problems(chain(101), select=["PF206"]) == [(1, 19, "PF206")]


def test_duplicate_names_the_winner():
    (msg,) = messages("a = 1\nb = 2\na = 3\n", "PF010")
    assert "line 3" in msg


def test_select_and_ignore_by_name():
    text = "queue_run_delay = 15M\nmaximal_backoff_time = 1h30m\n"
    assert codes(text, select=["invalid-time"]) == ["PF101"]
    assert "PF101" not in codes(text, ignore=["invalid-time"])
