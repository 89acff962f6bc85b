"""PF206 unresolvable-reference: A time parameter whose ``$`` references the reading daemon cannot resolve."""

from __future__ import annotations

from helpers import messages, problems

CODE = "PF206"
BAD = 'queue_run_delay = $minimal_backoff_time\n'
GOOD = 'minimal_backoff_time = 300s\nqueue_run_delay = $minimal_backoff_time\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 19, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


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
