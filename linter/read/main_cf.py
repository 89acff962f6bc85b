"""The main.cf reader: bytes -> tokens of the Lark grammar -> :class:`~postfix_lint.read.document.Document`.

The grammar (``grammar/main_cf.lark``) splits the file into physical-line
tokens; this module joins them into logical lines exactly as Postfix's
``readllines()`` does and splits each one with ``split_nameval()``'s rules.
It never raises on any input: Postfix's fatal syntax errors become problems
and reading goes on with the next logical line.

Every token sequence is valid for the grammar (its three terminals never
match at the same place), so a lint runs only Lark's lexer over the text
(``Lark.lex``): tokens stream through the builder one at a time and no
parse tree is held, which keeps time and memory linear for huge files.
``tests/test_lexer_vs_lark.py`` checks that Lark's LALR parser accepts
every token sequence the lexer produces.
"""

from __future__ import annotations

import re

from postfix_lint.postfix.text import ISSPACE, quote
from postfix_lint.problem import Problem, Severity
from postfix_lint.read import grammar
from postfix_lint.read.document import Document, Entry, Segment

GRAMMAR = "main_cf.lark"


def _lark():
    """The grammar as a Lark LALR instance; loaded once per process, from Lark's cache when possible."""
    return grammar.load(GRAMMAR, parser="lalr", lexer="basic", maybe_placeholders=False,
                        propagate_positions=False)


def tokens(source: str):
    """(kind, text, line) of every token of ``source``, which must end with a newline.

    The tokens come from Lark's lexer for ``grammar/main_cf.lark``.  Every
    token is whole physical lines, so it starts in column 1.
    """
    for tok in _lark().lex(source):
        yield tok.type, tok.value, tok.line


#: split_nameval(): the name is the longest run of non-whitespace, non-"="
#: characters; whitespace is Postfix's ISSPACE() (postfix.text.ISSPACE).
_NAME_RUN = re.compile(r"[^ \t\n\v\f\r=]*")
_SPACE_RUN = re.compile(r"[ \t\n\v\f\r]*")


def decode(data: bytes) -> str:
    """Bytes-safe text: every byte survives a round trip through surrogateescape."""
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


class _Builder:
    """Joins physical-line tokens into logical lines."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.head = None  # (text without its newline, line) of the open logical line's first line
        self.conts: list = []  # (text without its newline, line) of its continuation lines
        self.first_cont = 0  # where this logical line's records start in doc.continuations

    def problem(self, line, column, code, message, severity, end_line=0, end_column=0):
        self.doc.syntax.append(
            Problem(line, column, code, message, severity, end_line, end_column)
        )

    def _detach(self) -> None:
        """The logical line was not an entry: its continuation lines belong to none."""
        recs = self.doc.continuations
        for i in range(self.first_cont, len(recs)):
            line, col, body, _ = recs[i]
            recs[i] = (line, col, body, None)

    def flush(self) -> None:
        if self.head is None:
            return
        head_text, first_line = self.head
        conts = self.conts
        self.head, self.conts = None, []
        first = _Position(first_line, 1)
        segments = [Segment(0, first_line, 1, head_text)]
        offset = len(head_text)
        for text, line in conts:
            segments.append(Segment(offset, line, 1, text))
            offset += len(text)
        logical = "".join(s.text for s in segments)
        cut = logical.find("\x00")
        text = logical if cut < 0 else logical[:cut]
        if cut >= 0:
            line, col = _position(segments, cut)
            self.problem(
                line, col, "PF006",
                "NUL byte in a logical line: Postfix 3.7 silently ignores the rest of the line",
                Severity.WARNING,
            )
        # split_nameval(): the name is the longest run of non-whitespace,
        # non-"=" characters; then optional whitespace and a required "=".
        n = len(text)
        i = _NAME_RUN.match(text).end()
        if i == 0:
            self.problem(
                first.line, first.column, "PF002",
                f'missing attribute name: "{quote(text)}"; every Postfix program exits on this line',
                Severity.ERROR, first.line, first.column + max(1, len(head_text.rstrip(ISSPACE))),
            )
            self._detach()
            return
        name = text[:i]
        j = _SPACE_RUN.match(text, i).end()
        if j >= n or text[j] != "=":
            line, col = _position(segments, j) if j < n else (first.line, first.column + i)
            self.problem(
                first.line, first.column, "PF001",
                f"missing '=' after attribute name \"{quote(name, 40)}\": \"{quote(text)}\";"
                " every Postfix program exits on this line",
                Severity.ERROR, first.line, first.column + len(head_text.rstrip(ISSPACE)) or 1,
            )
            self._detach()
            return
        k = _SPACE_RUN.match(text, j + 1).end()
        value = text[k:].rstrip(ISSPACE)
        self.doc.entries.append(
            Entry(
                name=name,
                value=value,
                line=first.line,
                column=first.column,
                segments=tuple(segments),
                value_offset=k,
            )
        )


class _Position:
    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


def _position(segments, offset):
    seg = segments[0]
    for s in segments:
        if s.offset <= offset:
            seg = s
        else:
            break
    return seg.line, seg.column + (offset - seg.offset)


def parse(text: str, path: str = "main.cf") -> Document:
    """Parse decoded main.cf text.  Never raises for any input text."""
    doc = Document(path=path, text=text)
    doc.final_newline = text == "" or text.endswith("\n")
    doc.has_bom = text.startswith("\ufeff")
    source = text if doc.final_newline else text + "\n"
    conts = doc.continuations
    b = _Builder(doc)
    for kind, child, line in tokens(source):
        if kind == "LOGICAL":
            b.flush()
            b.first_cont = len(conts)
            b.head = (child[:-1], line)
        elif kind == "CONTINUATION":
            body = child[:-1]
            if b.head is None:
                b.problem(
                    line, 1, "PF003",
                    "indented text before the first parameter is discarded by Postfix"
                    f' ("logical line must not start with whitespace"): "{quote(body.strip(ISSPACE))}"',
                    Severity.WARNING, line, len(body) + 1,
                )
                conts.append((line, 1, body, None))
            else:
                b.conts.append((body, line))
                conts.append((line, 1, body, len(doc.entries)))
    b.flush()
    return doc


def parse_bytes(data: bytes, path: str = "main.cf") -> Document:
    return parse(decode(data), path)


def reconstruct(doc: Document) -> str:
    """The input text of ``doc``, rebuilt from the grammar's tokens (a lossless round trip)."""
    source = doc.text if doc.final_newline else doc.text + "\n"
    out = "".join(text for _, text, _ in tokens(source))
    if not doc.final_newline and out.endswith("\n"):
        out = out[:-1]
    return out
