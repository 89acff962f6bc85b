"""The reader: Postfix 3.7's lexical rules (reference §1), positions, round trip."""

from __future__ import annotations

import pytest

from postfix_lint.read.main_cf import encode, parse, parse_bytes, reconstruct

from conftest import corpus_files, require_corpus


def values(text):
    return {e.name: e.value for e in parse(text).entries}


# Reference §1.5: observed with the installed postconf and daemons.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("a = b # not a comment\n", {"a": "b # not a comment"}),
        ("e = one\n# c\n  two\n\n  three\n   \n\tfour\n", {"e": "one  two  three\tfour"}),
        ("g=   \n  h = x\n", {"g": "h = x"}),
        ("i = crlf\r\n", {"i": "crlf"}),
        ("j = line1\r\n  line2\r\n", {"j": "line1\r  line2"}),
        ("queue_run_delay = 5\r\n  m\n", {"queue_run_delay": "5\r  m"}),
        ("queue_run_delay =\n  5m\n", {"queue_run_delay": "5m"}),
        ("l = first\nl = second\nl = second\n", {"l": "second"}),
        ("\ufeffmyhostname = x\n", {"\ufeffmyhostname": "x"}),
        ("myhostname = a\n\fcontinued\n", {"myhostname": "a\fcontinued"}),
        ("k:weird#name$ = v\n", {"k:weird#name$": "v"}),
        ("abc = x\n #def\n ghi", {"abc": "x ghi"}),
        ("abc = x\n#def\n ghi", {"abc": "x ghi"}),
        ("abc = x\n\n ghi", {"abc": "x ghi"}),
        ("f =\n", {"f": ""}),
        ("a = b = c\n", {"a": "b = c"}),
        ("name\n  = value\n", {"name": "value"}),  # the "=" may come on a continuation line
        ("myhostname = abc\x00def\n", {"myhostname": "abc"}),
        ("", {}),
        ("# only a comment", {}),
    ],
)
def test_lexical_vectors(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("a = 1\nthis line has no equals\n", "PF001", 2),
        ("= x\n", "PF002", 1),
        ("queue_run_delay = 1\n0s\n", "PF001", 2),
        ("foo bar = x\n", "PF001", 1),
        (" leading = x\nb = 1\n", "PF003", 1),
        ("name\n  bar = x\n", "PF001", 1),
    ],
)
def test_fatal_lines_are_problems(text, code, line):
    doc = parse(text)
    assert [(p.code, p.line) for p in doc.syntax] == [(code, line)]


def test_recovery_after_bad_line():
    doc = parse("a = 1\nbroken line\nb = 2\n= x\nc = 3\n")
    assert [e.name for e in doc.entries] == ["a", "b", "c"]
    assert [p.line for p in doc.syntax] == [2, 4]


def test_positions_of_continued_value():
    doc = parse("x = 1\nmydestination = a,\n  # comment\n    b,\n\tc\n")
    e = doc.get("mydestination")
    assert (e.line, e.column) == (2, 1)
    assert e.value == "a,    b,\tc"
    # "b" is on physical line 4, column 5
    i = e.value.index("b")
    assert e.value_span(i, i + 1) == (4, 5, 4, 6)
    i = e.value.index("c")
    assert e.value_span(i, i + 1) == (5, 2, 5, 3)
    assert e.value_span() == (2, 17, 5, 3)


def test_value_starting_on_continuation_line():
    e = parse("queue_run_delay =\n  5m\n").get("queue_run_delay")
    assert e.value_span() == (2, 3, 2, 5)


def test_cr_only_file_is_one_logical_line():
    doc = parse("a = 1\rb = 2\r")
    assert [(e.name, e.value) for e in doc.entries] == [("a", "1\rb = 2")]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b"a = 1",
        b"a = 1\r\n  b\r\n",
        b"\xef\xbb\xbfa = 1\n",
        b"\xff\xfe\x00a\x00 \x00=\x00",
        b"caf\xe9 = \xc3\xa9t\xc3\xa9\n",
        b"  \n\t\n#\n  x\n",
        b"\x00\x01\x02 = \x03\n",
    ],
)
def test_round_trip_bytes(data):
    assert encode(reconstruct(parse_bytes(data))) == data


def test_corpus_round_trip_and_no_crash():
    require_corpus()
    files = corpus_files()
    assert len(files) == 189
    for path in files:
        data = path.read_bytes()
        doc = parse_bytes(data, str(path))
        assert encode(reconstruct(doc)) == data, path.name
