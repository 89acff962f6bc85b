"""Tests for postfix_lint.postfix.macro: Postfix 3.7's $-expansion (mac_parse / mac_expand).

Expected values come from reference §2, from the source of Postfix 3.7
(src/util/mac_parse.c, mac_expand.c), and -- in the differential tests at the
end -- from the installed libpostfix-util.so itself.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postfix_lint.postfix import macro
from postfix_lint.postfix.macro import ExpansionError, MacroSyntaxError, check_syntax, expand, has_macros, references

SHARED = Path(__file__).resolve().parents[2] / "shared"
LIBUTIL = Path("/usr/lib/postfix/libpostfix-util.so")


def table(**params: str):
    return params.get


def expand_error(value: str, lookup=table()) -> ExpansionError:
    with pytest.raises(ExpansionError) as info:
        expand(value, lookup)
    return info.value


# --------------------------------------------------------------------------
# Reference §2.2: every form in the table


@pytest.mark.parametrize(
    ("value", "params", "expected"),
    [
        # $name, ${name}, $(name), ${ name }; whitespace = SP \t \r \n
        ("$x", {"x": "X"}, "X"),
        ("${x}", {"x": "X"}, "X"),
        ("$(x)", {"x": "X"}, "X"),
        ("${ x }", {"x": "X"}, "X"),
        ("${\tx\r\n}", {"x": "X"}, "X"),
        ("$(  x )", {"x": "X"}, "X"),
        ("$undefined", {}, ""),
        ("${undefined}", {}, ""),
        # $name is the longest run of name characters
        ("$xs", {"x": "X", "xs": "XS"}, "XS"),
        ("${x}s", {"x": "X", "xs": "XS"}, "Xs"),
        ("$x.y", {"x": "X"}, "X.y"),
        ("$x-y", {"x": "X"}, "X-y"),
        # $$ is a literal $, not expanded again in the same value
        ("$$", {}, "$"),
        ("$$x", {"x": "X"}, "$x"),
        ("$$$x", {"x": "X"}, "$X"),
        ("a$$b", {}, "a$b"),
        ("$${x}", {"x": "X"}, "${x}"),
        # ${name?text} / ${name?{text}}: text if name is non-empty
        ("${x?yes}", {"x": "X"}, "yes"),
        ("${x?yes}", {"x": ""}, ""),
        ("${x?yes}", {}, ""),
        ("${x?{yes}}", {"x": "X"}, "yes"),
        ("${x? {yes} }", {"x": "X"}, "yes"),
        ("${x? yes}", {"x": "X"}, " yes"),
        ("${x ?yes}", {"x": "X"}, "yes"),
        # without braces everything after ? is text, including ':'
        ("${x?a}:b", {"x": "X"}, "a:b"),
        ("${x?a:b}", {"x": "X"}, "a:b"),
        ("${x?a:b}", {}, ""),
        ("${x??foo:{b}ar}", {"x": "X"}, "?foo:{b}ar"),
        # the text is expanded
        ("${x?$y}", {"x": "X", "y": "Y"}, "Y"),
        ("${x?${y}}", {"x": "X", "y": "Y"}, "Y"),
        ("${x?{$y}}", {"x": "X", "y": "Y"}, "Y"),
        ("$(x?$(y))", {"x": "X", "y": "Y"}, "Y"),
        # ${name:text} / ${name:{text}}: text if name is undefined or empty
        ("${x:no}", {}, "no"),
        ("${x:no}", {"x": ""}, "no"),
        ("${x:no}", {"x": "X"}, ""),
        ("${x:{no}}", {}, "no"),
        ("${x: {no} }", {}, "no"),
        ("${x:a?b:c}", {}, "a?b:c"),
        # ternary
        ("${x?{t}:{f}}", {"x": "X"}, "t"),
        ("${x?{t}:{f}}", {}, "f"),
        ("${x?{t}:f}", {"x": "X"}, "t"),
        ("${x?{t}:f}", {}, "f"),
        ("${x ? {t} : {f} }", {}, "f"),
        ("${x?{t} : f }", {}, " f "),
        ("${x?{t}:}", {}, ""),
        ("${x?{$y}:{$z}}", {"y": "Y", "z": "Z"}, "Z"),
        # relational operators: "true" or empty
        ("${{a}=={a}}", {}, "true"),
        ("${{a}=={b}}", {}, ""),
        ("${{a}!={b}}", {}, "true"),
        ("${{a}<{b}}", {}, "true"),
        ("${{a}<={a}}", {}, "true"),
        ("${{b}>={a}}", {}, "true"),
        ("${{b}>{a}}", {}, "true"),
        ("${{a}>{b}}", {}, ""),
        # numeric when both sides are all digits, else strcmp
        ("${{5}=={05}}", {}, "true"),
        ("${{10}<{9}}", {}, ""),
        ("${{10}<{9a}}", {}, "true"),
        ("${{}<{0}}", {}, "true"),
        ("${{}=={}}", {}, "true"),
        ("${{ 5 }=={5}}", {}, ""),
        ("${{0010}=={10}}", {}, "true"),
        ("${{9223372036854775807}>{1}}", {}, "true"),
        ("${ {a} == {a} }", {}, "true"),
        # operands are expanded first
        ("${{$x}=={X}}", {"x": "X"}, "true"),
        ("${{$n}>{9}}", {"n": "10"}, "true"),
        # conditional on a relation
        ("${{a}=={a}?{t}:{f}}", {}, "t"),
        ("${{a}=={b}?{t}:{f}}", {}, "f"),
        ("${ {a} == {a} ? {t} : {f} }", {}, "t"),
        ("${{a}=={a}?{t}}", {}, "t"),
        ("${{a}=={b}?{t}}", {}, ""),
        ("${{a}!={b}:{f}}", {}, ""),
        ("${{a}=={b}:{f}}", {}, "f"),
        ("${{a}=={a}?t}", {}, "t"),
        ("${{1}=={1}?{5}:{6}}m", {}, "5m"),
        # a {...} that is not at the start of the body is text
        ("${x?{{a}=={a}}}", {"x": "X"}, "{a}=={a}"),
        # nesting is counted for the same bracket type only
        ("${x?(}", {"x": "X"}, "("),
        ("$(x?{)", {"x": "X"}, None),  # unbalanced {} (see errors below)
        ("${x}}", {"x": "X"}, "X}"),
        ("$(x))", {"x": "X"}, "X)"),
        ("${x?{a{b}c}}", {"x": "X"}, "a{b}c"),
        # looked-up values are expanded again (MAC_EXP_FLAG_RECURSE) ...
        ("$p4", {"p4": "$$x", "x": "X"}, "$x"),
        ("$a", {"a": "$b", "b": "$c", "c": "C"}, "C"),
        ("$a", {"a": "x$$y"}, "x$y"),
        ("$a", {"a": "${{1}=={1}}"}, "true"),
        # ... but not a ?/: test: ${a?x} does not expand a's value
        ("${a?x}", {"a": "${a"}, "x"),
        ("$a", {"a": "${a?x}"}, "x"),
    ],
)
def test_forms(value, params, expected):
    if expected is None:
        assert expand_error(value, table(**params)).kind == "syntax"
    else:
        assert expand(value, params.get) == expected


def test_named_functions_are_not_3_7():
    # ${name{text}} is Postfix 3.11+; 3.7 sees a bad attribute name
    err = expand_error("${x{y}}", table(x="X"))
    assert err.message == 'attribute name syntax error at: "...x>>>{y}"'


def test_undefined_and_empty_name_lookups():
    seen = []

    def lookup(name):
        seen.append(name)
        return None

    assert expand("${ }${?x}${x:y}", lookup) == "y"
    assert seen == ["", "x"]  # each name is looked up once per expand() call


def test_no_dollar_is_returned_as_is():
    assert expand("plain text {} ()", table()) == "plain text {} ()"
    assert expand("", table()) == ""


def test_has_macros():
    assert has_macros("$x") and has_macros("a$") and has_macros("$$")
    assert not has_macros("") and not has_macros("hash:/etc/postfix/x")


# --------------------------------------------------------------------------
# Errors: Postfix's warning texts and offsets


@pytest.mark.parametrize(
    ("value", "message", "offset"),
    [
        ("abc$", 'empty macro name: "abc$"', 3),
        ("$-", 'empty macro name: "$-"', 0),
        ("$ x", 'empty macro name: "$ x"', 0),
        ("$", 'empty macro name: "$"', 0),
        ("${}", 'empty macro name: "${}"', 0),
        ("a$()b", 'empty macro name: "a$()b"', 1),
        ("$$$", 'empty macro name: "$$$"', 2),
        ("5$", 'empty macro name: "5$"', 1),
        ("${x", 'truncated macro reference: "${x"', 0),
        ("ab$(x", 'truncated macro reference: "ab$(x"', 2),
        ("${x?{a}", 'truncated macro reference: "${x?{a}"', 0),
        ("${x&y}", 'attribute name syntax error at: "...x>>>&y"', 3),
        ("${a b}", 'attribute name syntax error at: "...a>>> b"', 3),
        ("${ a b}", 'attribute name syntax error at: "... a>>> b"', 4),
        ("${x.y}", 'attribute name syntax error at: "...x>>>.y"', 3),
        ("${$x}", 'attribute name syntax error at: "...>>>$x"', 2),
        ("${x" + "-" * 30 + "}", 'attribute name syntax error at: "...x>>>' + "-" * 20 + '"', 3),
        (
            "${{a}=~ {b}?{t}}",
            '"==" or "!="" or "<"" or "<="" or ">="" or ">" expected at: "...a}>>>=~ {b}?{t}"',
            5,
        ),
        ("${{a}}", '"==" or "!="" or "<"" or "<="" or ">="" or ">" expected at: "...a}>>>"', 5),
        ("${{a}==?{b}}", '"==" or "!="" or "<"" or "<="" or ">="" or ">" expected at: "...a}>>>==?{b}"', 5),
        ("${{a}== b}", '"{expression}" expected at: "...{a} ==>>> b"', 7),
        ("${{a}==}", '"{expression}" expected at: "...{a} ==>>>"', 7),
        ("${{a}=={a}junk}", '"?" or ":" expected at: "...}>>>junk"', 10),
        ("${x?{a}junk}", '":" expected at: "...a}>>>junk"', 7),
        ("${x?{a}:{b}junk}", 'unexpected input at: "...b}>>>junk"', 11),
        ("${x?{a}:{b}:{c}}", 'unexpected input at: "...b}>>>:{c}"', 11),
        ("${x:{a}junk}", 'unexpected input at: "...a}>>>junk"', 7),
        ("$(x?{)", 'unbalanced {} in attribute expression: "{"', 4),
        ("$(x?{a)", 'unbalanced {} in attribute expression: "{a"', 4),
        ("$({a}=={b)", 'unbalanced {} in attribute expression: "{b"', 7),
        ("$({a)", 'unbalanced {} in attribute expression: "{a"', 2),
        # errors inside nested text report the text mac_parse() was given
        ("${x?{$}}", 'empty macro name: "$"', 5),
        ("${x?{a$(y}}", 'truncated macro reference: "a$(y"', 6),
        ("${x:{$(y}}", 'truncated macro reference: "$(y"', 5),
    ],
)
def test_syntax_errors(value, message, offset):
    err = check_syntax(value)
    assert isinstance(err, MacroSyntaxError)
    assert (err.message, err.offset) == (message, offset)
    assert str(err) == message
    # a daemon expanding the value hits the same error, with x set or not
    # (the branch that holds the error is taken in one of the two cases)
    found = set()
    for params in ({"x": "X"}, {}):
        try:
            expand(value, params.get)
        except ExpansionError as exc:
            assert (exc.kind, exc.name) == ("syntax", None)
            found.add(exc.message)
    assert found == {message}


def test_check_syntax_accepts_valid_values():
    for value in ["", "plain", "$x", "${x?{a}:{b}}", "$$", "${{a}=={b}?{t}:{f}}", "$(x?a:b)", "${x}}"]:
        assert check_syntax(value) is None


def test_error_in_untaken_branch():
    # A daemon only parses the branch it takes...
    assert expand("${x?{$}}", table()) == ""
    assert expand("${x:$}", table(x="X")) == ""
    # ...but junk after a branch is found either way, and references() (like
    # MAC_EXP_FLAG_SCAN) parses both branches.
    assert expand_error("${x:{a}junk}", table(x="X")).message == 'unexpected input at: "...a}>>>junk"'
    assert check_syntax("${x?{$}}").message == 'empty macro name: "$"'


def test_bad_conversion_is_fatal():
    err = expand_error("${{99999999999999999999}=={1}}")
    assert (err.kind, err.message) == ("syntax", "mac_exp_eval: bad conversion: 99999999999999999999")
    assert expand_error("${{9223372036854775808}>{1}}").message.endswith(": 9223372036854775808")
    # not a syntax error as such: references() does not evaluate operands
    assert references("${{99999999999999999999}=={1}}") == []


def test_first_error_wins_and_earlier_work_happens():
    # mac_parse() emits the callbacks before the bad "$" in order
    seen = []

    def lookup(name):
        seen.append(name)
        return {"a": "$a"}.get(name)

    err = expand_error("$b$a$", lookup)
    assert err.kind == "nesting" and seen == ["b", "a"]
    assert expand_error("${{1}=={1}}$").message == 'empty macro name: "${{1}=={1}}$"'


def test_error_names_the_parameter():
    err = expand_error("$a", table(a="x $b", b="5$"))
    assert (err.kind, err.message, err.name, err.offset) == ("syntax", 'empty macro name: "5$"', "b", 1)
    assert expand_error("${x?$}", table(x="X")).name is None


# --------------------------------------------------------------------------
# Reference §2.3: recursion, the 100-level limit, cycles


def chain(length: int, last: str = "300s") -> dict[str, str]:
    params = {f"p{i}": f"$p{i + 1}" for i in range(1, length)}
    params[f"p{length}"] = last
    return params


def test_chain_of_100_is_accepted():
    assert expand("$p1", chain(100).get) == "300s"


def test_chain_of_101_fails():
    err = expand_error("$p1", chain(101).get)
    # the literal "300s" is the 102nd nested callback
    assert (err.kind, err.message, err.name) == ("nesting", 'unreasonable macro call nesting: "300s"', "p101")


def test_nesting_counts_callbacks_not_lookups():
    # an empty last value makes no callback, so one more link fits
    assert expand("$p1", chain(101, "").get) == ""
    assert expand_error("$p1", chain(102, "").get).message == 'unreasonable macro call nesting: "p102"'
    # a ?-text is one level deeper than the ${...} around it
    assert expand_error("${p1?{$p1}}", chain(100).get).kind == "nesting"
    assert expand("${p1?{$p2}}", chain(100).get) == "300s"
    # literal text before the reference does not nest
    assert expand("a$p1 $p1", chain(100).get) == "a300s 300s"


def test_nesting_written_in_one_value():
    ok = "${x?{" * 100 + "y" + "}}" * 100
    deep = "${x?{" * 101 + "y" + "}}" * 101
    assert expand(ok, table(x="X")) == "y"
    assert expand_error(deep, table(x="X")).kind == "nesting"
    assert check_syntax(ok) is None
    assert check_syntax(deep).message.startswith('unreasonable macro call nesting: "y"')


@pytest.mark.parametrize(
    "params",
    [
        {"a": "$a"},
        {"a": "x$a"},
        {"a": "$b", "b": "$a"},
        {"a": "${a}"},
        {"a": "$(b)", "b": "${c:{$a}}"},
    ],
    ids=["self", "self-with-text", "2-cycle", "braced", "through-default"],
)
def test_cycles_fail(params):
    assert expand_error("$a", params.get).kind == "nesting"


def test_cycle_through_relational_operand():
    # The operands get a fresh mac_expand() whose level starts at 0: Postfix
    # recurses until it crashes (SIGSEGV). We report it instead.
    err = expand_error("$a", table(a="${{$a}=={}}"))
    assert err.kind == "nesting" and "relational operand" in err.message and err.name == "a"
    # ...and a chain inside an operand starts again at level 0
    params = chain(100)
    params["x"] = "${{$p1}=={300s}}"
    assert expand_error("${x?{$p1}}", params.get).kind == "nesting"
    assert expand("${x?{$x}}", params.get) == "true"


def test_references_do_not_follow_lookups():
    assert references("$a") == [("a", 1)]


# --------------------------------------------------------------------------
# Hostile input stays bounded


def test_doubling_bomb_is_bounded():
    params = {"a1": "x", **{f"a{i}": f"$a{i - 1}$a{i - 1}" for i in range(2, 41)}}
    start = time.perf_counter()
    err = expand_error("$a40", params.get)
    assert err.kind == "size"
    assert time.perf_counter() - start < 5
    # below the cap the same structure expands normally
    assert expand("$a10", params.get) == "x" * 512


def test_bombs_in_other_shapes_are_bounded():
    rel = {"a1": "x", **{f"a{i}": f"${{{{$a{i - 1}}}=={{$a{i - 1}}}?{{$a{i - 1}$a{i - 1}}}}}" for i in range(2, 41)}}
    branch = {"a1": "x", **{f"a{i}": f"$a{i - 1} ${{a{i - 1}?{{$a{i - 1}}}}}" for i in range(2, 41)}}
    for params in (rel, branch):
        start = time.perf_counter()
        assert expand_error("$a40", params.get).kind == "size"
        assert time.perf_counter() - start < 5


def test_max_size():
    assert expand("$a$a", table(a="x" * 10), max_size=20) == "x" * 20
    with pytest.raises(ExpansionError) as info:
        expand("$a$a$a", table(a="x" * 10), max_size=20)
    assert info.value.kind == "size"


def shallow_recursion_limit(extra: int = 120):
    """A recursion limit only a little above the current stack depth."""
    return len(inspect.stack(0)) + extra


DEEP = 10_000


@pytest.mark.parametrize(
    ("value", "params", "outcome"),
    [
        ("${" * DEEP + "x" + "}" * DEEP, {}, 'attribute name syntax error at: "...>>>' + "${" * 10 + '"'),
        ("${" * DEEP, {}, "truncated macro reference: "),
        ("$(" * DEEP, {}, "truncated macro reference: "),
        ("${x?" * DEEP + "y" + "}" * DEEP, {"x": "X"}, "unreasonable macro call nesting: "),
        ("${x?{" * DEEP + "y" + "}}" * DEEP, {"x": "X"}, "unreasonable macro call nesting: "),
        ("${{" * DEEP + "x" + "}=={x}}" * DEEP, {}, ""),  # relational operands: no limit
        ("${{" * DEEP + "x" + "}=={x}?{t}:{f}}" * DEEP, {}, "t" if DEEP % 2 else "f"),
        ("$" + "a" * 100_000, {}, ""),
        ("${" + "a" * 100_000 + "}", {"a" * 100_000: "long"}, "long"),
        ("${" + " " * 100_000 + "a}", {"a": "A"}, "A"),
        ("${x}" * 30_000, {"x": "X"}, "X" * 30_000),
    ],
    ids=["curly", "unterminated-curly", "unterminated-paren", "unbraced-?", "braced-?", "relational",
         "relational-ternary", "long-name", "long-braced-name", "long-space", "many"],
)
def test_deep_and_long_values(value, params, outcome):
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(shallow_recursion_limit())
    start = time.perf_counter()
    try:
        try:
            result = expand(value, params.get)
        except ExpansionError as exc:
            result = exc.message
        error = check_syntax(value)
    finally:
        sys.setrecursionlimit(old)
    assert time.perf_counter() - start < 15  # linear: about 1 s on a loaded machine
    assert result.startswith(outcome) if outcome else result == ""
    if error is not None:
        assert result.startswith(error.message[:30])


# --------------------------------------------------------------------------
# references()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", []),
        ("$$x", []),
        ("$x", [("x", 1)]),
        ("${x}", [("x", 2)]),
        ("$(x)", [("x", 2)]),
        ("${ x }", [("x", 3)]),
        ("a $b, ${c}.$(d)", [("b", 3), ("c", 8), ("d", 13)]),
        ("${x?$y}", [("x", 2), ("y", 5)]),
        ("${x:{${y}}}", [("x", 2), ("y", 7)]),
        ("${x?{$y}:{$z}}", [("x", 2), ("y", 6), ("z", 11)]),
        ("${x?{$y}:$z}", [("x", 2), ("y", 6), ("z", 10)]),
        ("${{$a}=={${b}}?{$c}:{$d}}", [("a", 4), ("b", 11), ("c", 17), ("d", 22)]),
        ("$(x?$(y?{$z}))", [("x", 2), ("y", 6), ("z", 10)]),
        ("$$$x$$", [("x", 3)]),
        ("${ }", [("", 3)]),
        ("$myhostname, localhost.$mydomain", [("myhostname", 1), ("mydomain", 24)]),
    ],
)
def test_references(value, expected):
    assert references(value) == expected
    for name, offset in expected:
        assert value[offset : offset + len(name)] == name


def test_references_raise():
    with pytest.raises(MacroSyntaxError) as info:
        references("${x?{a}junk}")
    assert info.value.offset == 7


# --------------------------------------------------------------------------
# The vectors of reference §2.3-§2.4 and time-vectors.tsv, as expansions
#
# qmgr evaluating queue_run_delay sees main.cf (here only queue_run_delay) plus
# the globals of mail_params_init() (ipc_timeout = 3600s, max_idle = 100s), but
# not yet minimal_backoff_time, maximal_backoff_time, ... (reference §2.4).

QMGR_GLOBALS = {"ipc_timeout": "3600s", "max_idle": "100s"}
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def seconds(text: str) -> int | None:
    match = re.fullmatch(r"(\d+)([smhdw]?)", text)
    return int(match[1]) * UNITS[match[2] or "s"] if match else None


def time_vectors():
    path = SHARED / "reference" / "time-vectors.tsv"
    if not path.is_file():
        from conftest import no_shared_param

        return [no_shared_param("", "", "")]
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return [pytest.param(*row, id=row[0]) for row in rows if "$" in row[0]]


@pytest.mark.parametrize(("value", "verdict", "detail"), time_vectors())
def test_time_vectors(value, verdict, detail):
    params = {**QMGR_GLOBALS, "queue_run_delay": value}
    if detail.endswith("macro processing error"):
        with pytest.raises(ExpansionError):
            expand(value, params.get)
        return
    result = expand(value, params.get)
    if verdict == "ACCEPT":
        assert seconds(result) == int(detail)
    else:
        assert detail == f"fatal: parameter queue_run_delay: bad time value or unit: {result}".rstrip()


def test_time_vectors_present():
    from conftest import require_reference

    require_reference()
    assert len(time_vectors()) >= 12


def test_reference_2_4_table_with_qmgr_context():
    # "maximal_backoff_time = $minimal_backoff_time" is accepted by qmgr because
    # minimal_backoff_time comes earlier in its table: it is in the dictionary.
    assert expand("$minimal_backoff_time", {"minimal_backoff_time": "300s"}.get) == "300s"
    assert expand("$maximal_backoff_time", QMGR_GLOBALS.get) == ""
    assert expand("$ipc_timeout", QMGR_GLOBALS.get) == "3600s"


# --------------------------------------------------------------------------
# The two tokenisers: Lark (whole strings) and _scan (parts of a body)


TEXT = st.lists(st.sampled_from(list("${}()a_1 ?:x") + ["$$", "${", "$(", "}}", "))"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_lark_and_scan_tokenise_alike(text):
    src = macro._Source(text)
    assert list(macro._scan(src, 0, len(text))) == macro._lark_tokens(text)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.dictionaries(st.sampled_from(["a", "x", "_1"]), TEXT, max_size=3))
def test_never_crashes(text, params):
    try:
        expand(text, params.get)
    except ExpansionError as exc:
        assert exc.kind in ("syntax", "nesting", "size")
    error = check_syntax(text)
    if error is None:
        assert all(text[o : o + len(n)] == n for n, o in references(text))


def test_grammar_file_and_parser():
    repo_grammar = Path(macro.__file__).resolve().parents[2] / "grammar" / "macro.lark"
    assert repo_grammar.is_file()
    assert macro._lark() is macro._lark()
    tree = macro._lark().parse("a$$b$x${y}$(z)")
    assert [getattr(c, "type", getattr(c, "data", None)) for c in tree.children] == [
        "LITERAL", "DOLLARS", "LITERAL", "NAME_REF", "curly", "paren"
    ]


def test_import_does_no_work():
    code = "import sys, postfix_lint.postfix.macro; print('lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(macro.__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------
# Differential tests against the installed Postfix library
#
# ORACLE runs in a child process: it loads libpostfix-util.so, routes msg_*()
# output to a callback, and for each case forks once more, so that a fatal
# error (exit) or a crash (SIGSEGV) ends only that case.  For each case it
# prints JSON: {"status": mac_expand() result bits, "text": expansion,
# "messages": [...], "lookups": [...], "exit": wait status}.

ORACLE = r"""
import ctypes, json, os, sys

util = ctypes.CDLL(sys.argv[1], mode=ctypes.RTLD_GLOBAL)
flags = int(sys.argv[2])
OUTPUT = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p)
CLEANUP = ctypes.CFUNCTYPE(None)
LOOKUP = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p)
util.vstring_alloc.restype = ctypes.c_void_p
util.vstring_alloc.argtypes = [ctypes.c_ssize_t]
util.vstring_export.restype = ctypes.c_void_p
util.vstring_export.argtypes = [ctypes.c_void_p]
util.mac_expand.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, LOOKUP, ctypes.c_void_p]
state = {}

def report(**extra):
    state.update(extra)
    os.write(state["fd"], json.dumps(state).encode())

@OUTPUT
def output(level, text):
    state["messages"].append(text.decode("latin-1"))

@CLEANUP
def cleanup():  # msg_fatal(): report, and skip its sleep(1)
    report()
    os._exit(1)

@LOOKUP
def lookup(key, mode, context):
    name = key.decode("latin-1")
    state["lookups"].append(name)
    if name not in state["table"]:
        return None
    buf = ctypes.create_string_buffer(state["table"][name].encode("latin-1"))
    state["keep"].append(buf)
    return ctypes.addressof(buf)

util.msg_output(output)
util.msg_cleanup(cleanup)
for value, table in json.load(sys.stdin):
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        state.update(fd=wfd, table=table, messages=[], lookups=[], keep=[])
        result = util.vstring_alloc(100)
        status = util.mac_expand(result, value.encode("latin-1"), flags, None, lookup, None)
        state["keep"] = []
        report(status=status, text=ctypes.string_at(util.vstring_export(result)).decode("latin-1"))
        os._exit(0)
    os.close(wfd)
    data = b""
    while chunk := os.read(rfd, 1 << 16):
        data += chunk
    os.close(rfd)
    _, wait = os.waitpid(pid, 0)
    answer = json.loads(data) if data else {}
    answer.pop("keep", None); answer.pop("table", None); answer.pop("fd", None)
    answer["exit"] = wait
    print(json.dumps(answer), flush=True)
"""

MAC_EXP_FLAG_RECURSE = 1
MAC_EXP_FLAG_SCAN = 4
MAC_PARSE_ERROR = 1

needs_postfix = pytest.mark.skipif(not LIBUTIL.is_file(), reason=f"Postfix is not installed ({LIBUTIL} missing)")


def run_oracle(cases, flags):
    proc = subprocess.run(
        [sys.executable, "-c", ORACLE, str(LIBUTIL), str(flags)],
        input=json.dumps(cases), capture_output=True, text=True, timeout=300,
    )
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(answers) == len(cases), proc.stderr
    return answers


def printable(message: str) -> str:
    """What msg_output() does to a message: printable(text, '?')."""
    return "".join(c if " " <= c <= "~" else "?" for c in message)


def postfix_verdict(answer):
    """("ok", text), ("error", first message), ("fatal", message) or ("crash", None)."""
    if os.WIFSIGNALED(answer["exit"]):
        return ("crash", None)
    if "status" not in answer:
        return ("fatal", answer["messages"][-1])
    if answer["status"] & MAC_PARSE_ERROR:
        return ("error", answer["messages"][0])
    return ("ok", answer["text"])


TRICKY = [
    ("a$$b $x ${x?yes} ${y:no} ${ x } ${x?{t}:{f}}", {"x": "X"}),
    ("$(x)${x?a}:b", {"x": "1"}),
    ("${x?a:b}${y?a:b}", {"x": "1"}),
    ("${x??foo:{b}ar}", {"x": "1"}),
    ("${x ? {a} : {b} }", {}),
    ("${x?{a} : b }", {}),
    ("${x? a}", {"x": "1"}),
    ("${\tx\n}", {"x": "X"}),
    ("${ }${?x}", {"": "E"}),
    ("$xs${x}s", {"x": "X", "xs": "XS"}),
    ("$p4", {"p4": "$$x", "x": "X"}),
    ("${x}y$(x)", {"x": "$$"}),
    ("$a", {"a": "x$$y"}),
    ("$a", {"a": "${a?x}"}),
    ("$a", {"a": "${{1}=={1}}"}),
    ("${{5}=={05}}${{10}<{9}}${{10}<{9a}}${{}<{0}}", {}),
    ("${{ 5 }=={5}}", {}),
    ("${{a}<={b}?{t}}${{a}!={b}:{f}}${{a} >= {b} }", {}),
    ("${ {a} == {a} ? {t} : {f} }", {}),
    ("${{$n}>{9}?{big}:{small}}", {"n": "10"}),
    ("${x?{{a}=={a}}}", {"x": "1"}),
    ("${x?(}$(y?{)", {"x": "1"}),
    ("$({a}=={a})", {}),
    ("abc$", {}),
    ("$-", {}),
    ("$$$", {}),
    ("${}", {}),
    ("a$()b", {}),
    ("${x", {}),
    ("${x?{a}", {}),
    ("${x&y}", {}),
    ("${a b}", {}),
    ("${x{y}}", {"x": "X"}),
    ("${{a}=~ {b}?{t}}", {}),
    ("${{a}}", {}),
    ("${{a}== b}", {}),
    ("${{a}=={a}junk}", {}),
    ("${x?{a}junk}", {"x": "1"}),
    ("${x?{a}:{b}junk}", {}),
    ("${x:{a}junk}", {"x": "1"}),
    ("$(x?{a)", {"x": "1"}),
    ("${x?{$}}", {"x": "1"}),
    ("${x?{$}}", {}),
    ("${x:{$y}}", {"y": "${z"}),
    ("${{99999999999999999999}=={1}}", {}),
    ("${{9223372036854775807}>{1}}", {}),
    ("$p1", chain(100)),
    ("$p1", chain(101)),
    ("$p1", chain(101, "")),
    ("${p1?{$p1}}", chain(100)),
    ("${{$p1}=={300s}}", chain(100)),
    ("$a", {"a": "x$a"}),
    ("$a", {"a": "$b", "b": "$a"}),
    ("$a", {"a": "${{$a}=={}}"}),
    ("$b$a$", {"a": "$a"}),
    ("${x?" * 150 + "y" + "}" * 150, {"x": "1"}),
    ("${x?{" * 101 + "y" + "}}" * 101, {"x": "1"}),
    ("${{" * 500 + "x" + "}=={x}}" * 500, {}),
]


def random_cases(count: int, seed: int):
    import random

    rng = random.Random(seed)
    alphabet = ["$", "{", "}", "(", ")", "?", ":", "==", "<", "!=", "=~", "a", "b", "x", "1", "10", " ", "\t",
                "${", "$(", "${{", "} == {", "}?{", "}:{", "$a", "$b", "${a?", "${x:", "$$"]

    def text(n):
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, n)))

    cases = []
    for _ in range(count):
        params = {k: text(8) for k in rng.sample(["a", "b", "x"], rng.randint(0, 3))}
        if rng.random() < 0.3:
            params["a"] = rng.choice(["", "1", "10", "$b", "${b?{$x}}", "${{$b}=={1}}"])
        cases.append((text(14), params))
    return cases


@needs_postfix
@pytest.mark.parametrize("cases", ["tricky", "random"])
def test_expand_matches_postfix(cases):
    cases = TRICKY if cases == "tricky" else random_cases(400, seed=20260101)
    mismatches = []
    for (value, params), answer in zip(cases, run_oracle(cases, MAC_EXP_FLAG_RECURSE)):
        theirs = postfix_verdict(answer)
        try:
            mine = ("ok", expand(value, params.get))
        except ExpansionError as exc:
            if theirs[0] == "crash":  # only a cycle through a relational operand
                mine = ("crash", None) if "relational operand" in exc.message else ("nesting", exc.message)
            elif exc.message.startswith("mac_exp_eval:"):
                mine = ("fatal", exc.message)
            else:
                mine = ("error", printable(exc.message))
        if mine != theirs:
            mismatches.append((value[:60], params, mine, theirs))
    assert not mismatches


@needs_postfix
@pytest.mark.parametrize("cases", ["tricky", "random"])
def test_references_match_postfix_scan(cases):
    cases = TRICKY if cases == "tricky" else random_cases(400, seed=20260102)
    mismatches = []
    for (value, params), answer in zip(cases, run_oracle(cases, MAC_EXP_FLAG_SCAN)):
        theirs = postfix_verdict(answer)
        if theirs[0] == "ok":
            theirs = ("ok", answer["lookups"])
        try:
            mine = ("ok", [name for name, _ in references(value)])
        except MacroSyntaxError as exc:
            mine = ("error", printable(exc.message))
        if mine != theirs:
            mismatches.append((value[:60], mine, theirs))
    assert not mismatches


@needs_postfix
def test_oracle_sees_crashes_and_fatals():
    # guards the differential tests against an oracle that reports nothing
    answers = run_oracle([("$a", {"a": "${{$a}=={}}"}), ("${{99999999999999999999}=={1}}", {}), ("$x", {"x": "1"})],
                         MAC_EXP_FLAG_RECURSE)
    assert [postfix_verdict(a)[0] for a in answers] == ["crash", "fatal", "ok"]
