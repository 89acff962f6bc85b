"""The lint path reads main.cf without importing Lark; Lark checks that it reads it as Lark would.

``linter.parser.tokens`` combines the terminals of ``grammar/main_cf.lark``
into one regular expression (Lark's basic lexer without Lark's import
cost).  These tests hold it to Lark itself: the same terminals, the same
tokens as ``Lark.lex`` on the corpus and on generated input, and a token
sequence that Lark's LALR parser accepts.  The same for the ``$``
tokeniser of ``linter.macro``, whose whole-value tokens come from the hand
scanner on the lint path and from ``grammar/macro.lark`` here.
"""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, corpus_files

sys.path.insert(0, str(ROOT / "fuzz"))
import fuzz_main_cf as target  # noqa: E402

from linter import macro, parser  # noqa: E402
from linter.parser import decode  # noqa: E402


def lark_tokens(source: str):
    return [(t.type, str(t), t.line) for t in parser._lark().lex(source)]


def ours(source: str):
    return list(parser.tokens(source))


def test_same_terminals_as_lark():
    grammar = parser.grammar_path(parser.GRAMMAR).read_text(encoding="utf-8")
    names = [name for name, _ in parser.grammar_terminals(grammar)]
    assert sorted(names) == sorted(t.name for t in parser._lark().terminals)
    assert sorted(names) == ["CONTINUATION", "IGNORED", "LOGICAL"]


def test_corpus_tokens_equal_larks():
    files = [p.read_bytes() for p in corpus_files()] + [p.read_bytes() for p in (ROOT / "examples").glob("*/main.cf")]
    assert files
    for data in files:
        text = decode(data)
        source = text if text.endswith("\n") or not text else text + "\n"
        assert ours(source) == lark_tokens(source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target.strategy())
@example(b"\n")
@example(b"\r\n \r\n#\r\n\x0b\x0c x\r\n")
@example(b"=x\n =y\n#z\n\n")
def test_generated_tokens_equal_larks_and_parse(data):
    text = decode(data)
    source = text + "\n"
    tokens = ours(source)
    assert tokens == lark_tokens(source)
    assert "".join(t for _, t, _ in tokens) == source
    tree = parser._lark().parse(source)  # Lark's LALR parser accepts the sequence
    assert [(t.type, str(t)) for t in tree.children] == [(k, t) for k, t, _ in tokens]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("${}()a_1 ?:x\n") + ["$$", "${", "$(", "}}", "))"]), max_size=40).map("".join))
def test_macro_whole_value_tokens_equal_larks(text):
    assert macro._Source(text).tokens(0, len(text)) == macro._lark_tokens(text)


def test_a_lint_does_not_import_lark(tmp_path):
    path = tmp_path / "main.cf"
    path.write_text("smtpd_banner = $myhostname ESMTP ${mail_name}\nqueue_run_delay = $minimal_backoff_time\n"
                    "relay_domains = ${{$compatibility_level} <level {2}?{$mydestination}}\n")
    code = ("import sys; from linter.cli import main; rc = main(['--select', 'ALL', sys.argv[1]]);"
            " print('lark' in sys.modules, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT)
    assert proc.stderr.strip().splitlines()[-1] == "False", proc.stderr
