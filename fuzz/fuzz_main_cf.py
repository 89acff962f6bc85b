"""Fuzz target: any bytes through the whole linter, checked against a reference reading.

For every input this checks that

* parsing, every rule (``--select ALL``), the schedule model and every
  output format finish without raising;
* the parse is lossless: the tokens rebuild the input byte for byte;
* the parameters and their values equal :func:`reference_read`, an
  independent reading of main.cf written from the reference notes (§1) and
  postconf(5), not from the parser;
* every problem points inside the file.

Run it for a while (see README, "Robustness and fuzzing")::

    .venv/bin/python fuzz/fuzz_main_cf.py --seconds 600            # hypothesis
    .venv/bin/pip install atheris                                  # optional
    .venv/bin/python fuzz/fuzz_main_cf.py -atheris -max_total_time=600 /tmp/corpus

``tests/test_fuzz.py`` runs the hypothesis mode for a bounded time in the
normal test suite.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from postfix_lint.report import formats as output  # noqa: E402
from postfix_lint.engine import Settings, run  # noqa: E402
from postfix_lint.read.main_cf import encode, parse_bytes, reconstruct  # noqa: E402

SETTINGS = Settings(select=["ALL"])

# --------------------------------------------------------------------------
# The reference reading (reference §1.2-§1.3; postconf(5) "general format")

WS = b" \t\n\v\f\r"  # ISSPACE(): ASCII whitespace only


def reference_read(data: bytes) -> Tuple[Dict[bytes, bytes], List[int]]:
    """({name: value}, [line numbers of fatal logical lines]) as Postfix 3.7 reads ``data``."""
    logical: List[List] = []  # [first physical line number, joined bytes]
    for number, line in enumerate(data.split(b"\n"), 1):
        body = line.lstrip(WS)
        if not body or body[:1] == b"#":
            continue  # blank and comment lines are ignored everywhere
        if line[:1] in (b" ", b"\t", b"\v", b"\f", b"\r") and logical:
            logical[-1][1] += line  # continuation: joined verbatim, nothing inserted
        else:
            logical.append([number, line])
    params: Dict[bytes, bytes] = {}
    fatal: List[int] = []
    for number, text in logical:
        text = text.split(b"\0", 1)[0]  # used as a C string: it ends at a NUL
        if text[:1] and text[:1] in WS:
            continue  # text before the first parameter: warned about and dropped
        name_end = 0
        while name_end < len(text) and text[name_end] not in WS and text[name_end] != ord("="):
            name_end += 1
        rest = text[name_end:].lstrip(WS)
        if name_end == 0 or rest[:1] != b"=":
            fatal.append(number)  # missing attribute name / missing '=' after it
            continue
        params[text[:name_end]] = rest[1:].strip(WS)  # the last definition wins
    return params, fatal


# --------------------------------------------------------------------------
# The target


def check(data: bytes) -> None:
    """Everything the linter promises for one input; raises AssertionError on a violation."""
    doc = parse_bytes(data, "fuzz/main.cf")
    assert encode(reconstruct(doc)) == data, "the parse does not round-trip"
    params, fatal = reference_read(data)
    got = {encode(name): encode(entry.value) for name, entry in doc.last().items()}
    assert got == params, "parameters differ from the reference reading"
    syntax = sorted(p.line for p in doc.syntax if p.code in ("PF001", "PF002"))
    assert syntax == fatal, f"fatal lines {syntax} != reference {fatal}"
    problems = run(doc, SETTINGS)
    last_line = data.count(b"\n") + 1
    for p in problems:
        assert 1 <= p.line <= last_line and p.column >= 1, p
        assert p.end_line == 0 or p.end_line >= p.line, p
    results = [("fuzz/main.cf", problems)]
    sources = {"fuzz/main.cf": doc.text}
    for name, formatter in output.FORMATTERS.items():
        text = formatter(results, sources=sources, color=True, excerpts=True, summary=True, root=str(ROOT))
        text.encode("utf-8", "backslashreplace")
    output.statistics(results)
    output.statistics_json(results)


# --------------------------------------------------------------------------
# Inputs: pieces of the grammar, random bytes, and mutated real files

NAME_CHARS = b"abcdefghijklmnopqrstuvwxyz_0123456789:#$.-\x00\x80\xff\xc3\xa9\xef\xbb\xbf\xe2\x80\xa8\xc2\x85\x1c"
TEXT_CHARS = NAME_CHARS + b" \t\v\f\r={}()$?:#,\x00"
SPACES = b" \t\v\f\r"


def seed_files() -> List[bytes]:
    """Real main.cf files: the shared corpus (when checked out) and the examples."""
    paths = sorted((ROOT.parent / "shared" / "corpus" / "files").glob("*"))
    paths += sorted((ROOT / "examples").glob("*/main.cf"))
    return [p.read_bytes() for p in paths if p.is_file()]


def strategy():
    """A hypothesis strategy for fuzz inputs (built lazily: hypothesis is a test dependency)."""
    from hypothesis import strategies as st

    spaces = st.text(alphabet=[chr(c) for c in SPACES], max_size=3).map(lambda s: s.encode())
    name = st.binary(min_size=1, max_size=12).map(lambda b: bytes(NAME_CHARS[c % len(NAME_CHARS)] for c in b))
    text = st.binary(max_size=24).map(lambda b: bytes(TEXT_CHARS[c % len(TEXT_CHARS)] for c in b))
    time_value = st.sampled_from([b"300s", b"15M", b"1h30m", b"5", b"0", b"", b"5d", b"1w", b"-1",
                                  b"99999999999999999999", b"$minimal_backoff_time", b"${queue_run_delay}"])
    time_name = st.sampled_from([b"queue_run_delay", b"minimal_backoff_time", b"maximal_backoff_time",
                                 b"maximal_queue_lifetime", b"bounce_queue_lifetime", b"delay_warning_time"])
    line = st.one_of(
        st.tuples(name, spaces, spaces, text).map(lambda t: t[0] + t[1] + b"=" + t[2] + t[3]),  # entry
        st.tuples(time_name, spaces, spaces, time_value).map(lambda t: t[0] + t[1] + b"=" + t[2] + t[3]),
        st.tuples(name, spaces, text).map(lambda t: t[0] + t[1] + t[2]),  # no "="
        text.map(lambda t: b"=" + t),  # no name
        st.tuples(spaces.filter(bool), text).map(lambda t: t[0] + b"x" + t[1]),  # continuation
        st.tuples(spaces, text).map(lambda t: t[0] + b"#" + t[1]),  # comment
        text.map(lambda t: b"# postfix-lint: disable=" + t),
        st.sampled_from([b"# postfix-lint: disable-next-line=PF101", b"# postfix-lint: enable=ALL",
                         b"# postfix-lint: disable-file=invalid-time -- why"]),
        spaces,  # blank
        st.binary(max_size=16),  # anything, newlines included
    )
    eol = st.sampled_from([b"\n", b"\n", b"\n", b"\r\n", b"\r"])
    generated = st.tuples(st.lists(st.tuples(line, eol), max_size=30), st.booleans()).map(
        lambda t: b"".join(a + b for a, b in t[0])[: None if t[1] else -1] if t[0] else b"")
    seeds = seed_files()
    if not seeds:
        return st.one_of(generated, st.binary(max_size=512))
    mutated = st.tuples(st.sampled_from(seeds), st.randoms(use_true_random=False), generated).map(
        lambda t: mutate(t[0], t[1], t[2]))
    return st.one_of(generated, st.binary(max_size=512), mutated)


def mutate(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    """A few random edits of a real file: flips, deletions, insertions of grammar pieces, truncation."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(buf))
        op = rng.randrange(5)
        if op == 0 and at < len(buf):
            buf[at] = rng.randrange(256)
        elif op == 1:
            del buf[at : at + rng.randint(1, 64)]
        elif op == 2:
            buf[at:at] = piece
        elif op == 3:
            buf[at:at] = rng.choice([b"\n", b"\r", b"\x00", b"$", b"${", b"}", b"=", b"#", b" ", b"\n "])
        else:
            del buf[at:]
    return bytes(buf)


def fuzz_with_hypothesis(seconds: float, examples_per_round: int = 50) -> int:
    """Run :func:`check` on generated inputs until ``seconds`` have passed; returns the number of inputs."""
    from hypothesis import HealthCheck, given, settings

    count = 0
    inputs = strategy()

    @settings(max_examples=examples_per_round, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def one_round(data):
        nonlocal count
        count += 1
        check(data)

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        one_round()
    return count


def main(argv: List[str]) -> int:
    if argv[:1] == ["-atheris"]:
        import atheris  # optional: pip install atheris

        atheris.instrument_all()  # coverage feedback from every loaded module, the linter's included

        def test_one_input(data: bytes) -> None:
            check(data)

        atheris.Setup([sys.argv[0], *argv[1:]], test_one_input)
        atheris.Fuzz()
        return 0
    seconds = 60.0
    if argv[:1] == ["--seconds"] and len(argv) > 1:
        seconds = float(argv[1])
    n = fuzz_with_hypothesis(seconds)
    print(f"fuzz_main_cf: {n} inputs in {seconds:g} s, no failure")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
