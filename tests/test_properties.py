"""Property-based tests: generated main.cf texts never crash the linter, round-trip, and read like Postfix.

The inputs are built from the grammar's pieces (entries, lines without
``=``, lines starting with ``=``, continuation, comment and blank lines,
every whitespace byte Postfix knows, CRLF and CR line ends, NUL, invalid
UTF-8, byte order marks) plus random bytes.  The expected parameters come
from ``reference_read`` in ``fuzz/fuzz_main_cf.py``: an independent
30-line reading of reference §1 that splits bytes, never the parser's text.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))
import fuzz_main_cf as target  # noqa: E402

from postfix_lint.engine import Settings, lint_bytes  # noqa: E402
from postfix_lint.read.main_cf import encode, parse_bytes, reconstruct  # noqa: E402

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
INPUTS = target.strategy()


@pytest.mark.parametrize(
    ("data", "params", "fatal"),
    [
        (b"", {}, []),
        (b"a = b # c\n", {b"a": b"b # c"}, []),
        (b"e = one\n# c\n  two\n\n  three\n   \n\tfour\n", {b"e": b"one  two  three\tfour"}, []),
        (b"g=   \n  h = x\n", {b"g": b"h = x"}, []),
        (b"j = line1\r\n  line2\r\n", {b"j": b"line1\r  line2"}, []),
        (b" leading = x\nb = 1\n", {b"b": b"1"}, []),
        (b"a = 1\nthis line has no equals\n= x\n", {b"a": b"1"}, [2, 3]),
        (b"l = first\nl = second\n", {b"l": b"second"}, []),
        (b"myhostname = abc\x00def\n", {b"myhostname": b"abc"}, []),
        (b"\xef\xbb\xbfmyhostname = x", {b"\xef\xbb\xbfmyhostname": b"x"}, []),
        (b"myhostname = a\n\x0ccontinued\n", {b"myhostname": b"a\x0ccontinued"}, []),
        (b"name\n  = value\n", {b"name": b"value"}, []),
    ],
)
def test_reference_reader_matches_the_reference_vectors(data, params, fatal):
    """The oracle itself, on the observed vectors of reference §1.5."""
    assert target.reference_read(data) == (params, fatal)


@SETTINGS
@given(INPUTS)
@example(b"")
@example(b"\r\r\r")
@example(b" orphan\n\t more\nname = value\n  continued\n")
@example(b"\x00 = x\n=\n\n \n#\n")
@example("\ufeffa = \u00e9\u2028\x85\n".encode())
def test_never_raises(data):
    for p in lint_bytes(data, "main.cf", Settings(select=["ALL"])):
        assert p.line >= 1 and p.column >= 1


@SETTINGS
@given(INPUTS)
@example(b"a = 1")
@example(b"\n\n  x\n#\r\n")
def test_round_trip_byte_for_byte(data):
    assert encode(reconstruct(parse_bytes(data))) == data


@SETTINGS
@given(INPUTS)
@example(b"a=1\nb\n c = 2\n")
@example(b"\x1cname = value\n\x1c continued\n")  # \x1c is str.isspace() in Python, not in C
@example(b"a = \xc2\xa0\n\xc2\xa0b = 1\n")  # nor is U+00A0
def test_parameters_equal_the_reference_reading(data):
    doc = parse_bytes(data)
    params, fatal = target.reference_read(data)
    assert {encode(name): encode(e.value) for name, e in doc.last().items()} == params
    assert sorted(p.line for p in doc.syntax if p.code in ("PF001", "PF002")) == fatal


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_whole_target_on_random_bytes(data):
    target.check(data)


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries({
        "queue_run_delay": st.integers(1, 7200),
        "minimal_backoff_time": st.integers(1, 7200),
        "maximal_backoff_time": st.integers(1, 20000),
        "maximal_queue_lifetime": st.integers(0, 10 * 86400),
        "bounce_queue_lifetime": st.integers(0, 10 * 86400),
        "delay_warning_time": st.integers(0, 86400),
    }),
    st.integers(0, 86399), st.integers(0, 30), st.booleans(), st.integers(0, 3), st.integers(0, 300),
)
def test_schedule_summary_does_not_depend_on_the_listing(values, arrival, duration, null_sender, idle, events):
    """The rules' fast path (no events, idle runs folded) has the full listing's summary; every event renders."""
    import json

    from postfix_lint.postfix.retry import RetryParams, simulate
    from postfix_lint.report.schedule import event_note, to_json

    params = RetryParams(**values)
    kw = dict(arrival=arrival, attempt_duration=duration, null_sender=null_sender)
    full = simulate(params, idle_run_limit=idle, max_events=events, **kw)
    fast = simulate(params, idle_run_limit=0, max_events=0, **kw)
    assert {**fast.summary.as_dict(), "truncated": None} == {**full.summary.as_dict(), "truncated": None}
    assert all(event_note(e, full) for e in full.events)
    assert json.loads(json.dumps(to_json(full)))["summary"]["attempts"] == full.summary.attempts
