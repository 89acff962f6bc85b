"""Lark reads main.cf: the lexer's tokens are whole lines, reproduce the input, and parse.

``postfix_lint.read.main_cf.tokens`` runs Lark's lexer for ``grammar/main_cf.lark``
and never the LALR parser, because every token sequence is a valid
``start``.  These tests hold that claim to Lark itself: on the corpus and on
generated input, the tokens reproduce the text and Lark's LALR parser
accepts exactly that sequence.  The ``$`` tokeniser of ``postfix_lint.postfix.macro``
uses the Lark grammar ``grammar/macro.lark`` for whole values and a hand
scanner for nested parts; the two must agree on arbitrary text.
"""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, corpus_files

sys.path.insert(0, str(ROOT / "fuzz"))
import fuzz_main_cf as target  # noqa: E402

from postfix_lint.postfix import macro  # noqa: E402
from postfix_lint.read import main_cf as parser
from postfix_lint.read.main_cf import decode  # noqa: E402


def ours(source: str):
    return list(parser.tokens(source))


def lalr_tokens(source: str):
    """The token sequence of a full LALR parse of ``source``."""
    tree = parser._lark().parse(source)
    return [(t.type, str(t)) for t in tree.children]


def test_three_terminals():
    assert sorted(t.name for t in parser._lark().terminals) == ["CONTINUATION", "IGNORED", "LOGICAL"]


def test_corpus_tokens_parse_and_round_trip():
    files = [p.read_bytes() for p in corpus_files()] + [p.read_bytes() for p in (ROOT / "examples").glob("*/main.cf")]
    assert files
    for data in files:
        text = decode(data)
        source = text if text.endswith("\n") or not text else text + "\n"
        tokens = ours(source)
        assert "".join(t for _, t, _ in tokens) == source
        assert lalr_tokens(source) == [(k, t) for k, t, _ in tokens]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target.strategy())
@example(b"\n")
@example(b"\r\n \r\n#\r\n\x0b\x0c x\r\n")
@example(b"=x\n =y\n#z\n\n")
def test_generated_tokens_equal_larks_and_parse(data):
    text = decode(data)
    source = text + "\n"
    tokens = ours(source)
    assert "".join(t for _, t, _ in tokens) == source
    assert lalr_tokens(source) == [(k, t) for k, t, _ in tokens]  # Lark's LALR parser accepts them
    line = 1
    for _, text, start in tokens:  # each token starts on the line after the previous one ends
        assert start == line
        line += text.count("\n")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("${}()a_1 ?:x\n") + ["$$", "${", "$(", "}}", "))"]), max_size=40).map("".join))
def test_macro_whole_value_tokens_equal_larks(text):
    assert macro._Source(text).tokens(0, len(text)) == macro._lark_tokens(text)


def test_a_lint_reads_main_cf_with_lark(tmp_path):
    path = tmp_path / "main.cf"
    path.write_text("smtpd_banner = $myhostname ESMTP ${mail_name}\nqueue_run_delay = $minimal_backoff_time\n")
    code = ("import sys; from postfix_lint.cli import main; rc = main(['--select', 'ALL', sys.argv[1]]);"
            " print('lark' in sys.modules, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT)
    assert proc.stderr.strip().splitlines()[-1] == "True", proc.stderr
