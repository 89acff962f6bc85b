"""The fast paths of a cold run give what the slow ones give (issue 14).

A plain ``postfix-lint FILE`` skips argparse, loads the grammars from the
shipped LALR tables and leaves the process with ``os._exit()``: each is
checked against the path it replaces.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "files"


def test_plain_args_are_what_argparse_gives():
    from postfix_lint.cli.lint import build_parser, plain_args

    for argv in (["main.cf"], ["a/main.cf", "b c/main.cf", "x.cf"], ["m=1"]):
        assert vars(plain_args(argv)) == vars(build_parser().parse_args(argv))
    for argv in ([], ["-"], ["main.cf", "--format", "json"], ["--", "x"], [""]):
        assert plain_args(argv) is None


def test_plain_lint_imports_no_argparse(tmp_path):
    conf = tmp_path / "main.cf"
    conf.write_text("myhostname = $mydomain\n")
    code = ("import sys; from postfix_lint.cli import main; main([sys.argv[1]]); "
            "print('argparse' in sys.modules, 'postfix_lint.report.ruledoc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(conf)], capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.splitlines()[-1] == "False False"


def test_console_exits_with_main_status_and_output(tmp_path):
    conf = tmp_path / "main.cf"
    conf.write_text("maximal_queue_lifetime = 5x\nmyhostname = $mydomain\n")
    for args in ([str(conf)], ["--format", "json", str(conf)], ["--bad-option"]):
        console = subprocess.run([sys.executable, "-m", "postfix_lint", *args], capture_output=True, text=True,
                                 cwd=tmp_path)
        code = "import sys; from postfix_lint.cli import main; sys.exit(main(sys.argv[1:]))"
        direct = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path)
        assert (console.returncode, console.stdout, console.stderr) == (direct.returncode, direct.stdout,
                                                                          direct.stderr)
    assert console.returncode == 2


def _fresh_tables() -> bool:
    import lark

    from postfix_lint.read import _grammar_tables as shipped

    return shipped.LARK_VERSION == lark.__version__


def test_grammars_load_from_shipped_tables():
    from postfix_lint.postfix import macro
    from postfix_lint.read import grammar, main_cf, master_cf

    if not _fresh_tables():
        pytest.skip("the shipped grammar tables were made by another Lark version (scripts/gen_grammar_tables.py)")
    main_cf._lark()
    macro._lark()
    master_cf.lark()
    loads = {name: how for (name, _), how in grammar.loaded_from.items()}
    assert loads == {"main_cf.lark": "shipped", "macro.lark": "shipped", "master_cf.lark": "shipped"}, (
        "a grammar or its options changed: run scripts/gen_grammar_tables.py (and list new loads in SHIPPED)")


def _values(limit: int = 3000):
    rnd = random.Random(14)
    alphabet = ["$", "$$", "{", "}", "(", ")", "?", ":", "a", "_1", " ", "${x}", "$(y)", "${a?{b}:c}", "\\", ","]
    values = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(limit)]
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            text = path.read_bytes().decode("utf-8", "surrogateescape")
            values += [line.split("=", 1)[1] for line in text.splitlines() if "$" in line and "=" in line]
    return values


def _shape(node):
    """A tree as plain data: a rule's name is a str in one instance and a Token (a str) in the other."""
    if hasattr(node, "children"):
        return (str(node.data), [_shape(c) for c in node.children])
    return (node.type, str(node), node.start_pos, node.end_pos)


def test_shipped_tables_parse_as_the_grammar_does():
    """The shipped instance and one built from the grammar give the same tokens and trees."""
    import lark

    from postfix_lint.read import grammar

    for name, options in grammar.SHIPPED:
        shipped = grammar.load(name, **options)
        built = lark.Lark(grammar.path(name).read_text(encoding="utf-8"), **options)
        if name in ("main_cf.lark", "master_cf.lark"):
            texts = [p.read_bytes().decode("utf-8", "surrogateescape") + "\n" for p in sorted(CORPUS.iterdir())[:60]] \
                if CORPUS.is_dir() else ["a = b\n  c\n# x\n\n=\n"]
            if name == "master_cf.lark":
                texts = ["smtp inet n - y - - smtpd\n  -o a=b\n# x\n", "pickup fifo n - - 60 1 pickup\n"]
            for text in texts:
                assert [(t.type, t.value, t.line) for t in shipped.lex(text)] == \
                       [(t.type, t.value, t.line) for t in built.lex(text)]
        else:
            for value in _values():
                assert _shape(shipped.parse(value)) == _shape(built.parse(value)), value


def test_stale_tables_are_not_used(monkeypatch):
    """A grammar text the tables were not made from is built from the grammar instead."""
    import lark

    from postfix_lint.read import grammar

    name, options = grammar.SHIPPED[1]
    text = grammar.path(name).read_text(encoding="utf-8")
    assert grammar.shipped_tables(name, options, text + "\n// edited\n", lark.__version__) is None
    assert grammar.shipped_tables(name, options, text, "0.0.0") is None
    assert grammar.shipped_tables(name, {**options, "debug": True}, text, lark.__version__) is None
