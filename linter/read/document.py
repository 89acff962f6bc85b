"""What the main.cf reader produces: a main.cf file as Postfix sees it, with positions.

A :class:`Document` holds the logical entries (``name = value`` after
continuation lines are joined), the syntax problems Postfix itself would
report, and the raw physical lines.  Every entry remembers where each
physical piece of its logical line came from, so a problem inside a
continued value can point at the physical line it is on.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from postfix_lint.problem import Span

@dataclass(frozen=True)
class Segment:
    """One physical line's contribution to a logical line."""

    # Two of these per continued entry: without a __dict__ a million-line
    # file takes 50 MB less.
    __slots__ = ("offset", "line", "column", "text")

    def __getstate__(self):  # copy and pickle: a frozen class with __slots__ needs these
        return (self.offset, self.line, self.column, self.text)

    def __setstate__(self, state) -> None:
        for name, value in zip(self.__slots__, state):
            object.__setattr__(self, name, value)

    offset: int  # where this piece starts in the logical line
    line: int  # 1-based physical line
    column: int  # 1-based column of the piece's first character
    text: str


# Entries without a __dict__ where dataclasses can do it (Python >= 3.10):
# 15 MB less for a million-line file.
_SLOTS = {"slots": True} if sys.version_info >= (3, 10) else {}


@dataclass(**_SLOTS)
class Entry:
    """One ``name = value`` logical line."""

    name: str
    value: str  # after joining, NUL truncation and trimming: what Postfix stores
    line: int  # the name's position (the first physical line of the logical line)
    column: int
    segments: Tuple[Segment, ...] = ()
    value_offset: int = 0  # where ``value`` starts in the logical line

    @property
    def logical(self) -> str:
        """The whole joined logical line (before NUL truncation): the segments' text.

        Joined when asked for rather than stored: it would be a third copy
        of every continued line.
        """
        return "".join(s.text for s in self.segments)

    @property
    def end_line(self) -> int:
        return self.segments[-1].line if self.segments else self.line

    def position(self, offset: int) -> Tuple[int, int]:
        """Line and column of ``logical[offset]`` (offset may equal len)."""
        segs = self.segments
        if not segs:
            return self.line, self.column + offset
        i = bisect_right([s.offset for s in segs], offset) - 1
        if i < 0:
            i = 0
        seg = segs[i]
        # An offset at the very end of a segment that is followed by another
        # one belongs to the end of this segment (exclusive end positions).
        return seg.line, seg.column + (offset - seg.offset)

    def value_span(self, start: int = 0, end: Optional[int] = None) -> Span:
        """The :class:`~postfix_lint.problem.Span` of ``value[start:end]``.

        The end column is exclusive.  An empty value spans one column right
        after the ``=`` sign.
        """
        if end is None:
            end = len(self.value)
        a = self.value_offset + start
        b = self.value_offset + max(end, start)
        line, col = self.position(a)
        if b <= a:
            return Span(line, col, line, col + 1)
        end_line, end_col = self.position(b - 1)
        return Span(line, col, end_line, end_col + 1)

    def name_span(self) -> Span:
        return Span(self.line, self.column, self.line, self.column + len(self.name))


@dataclass
class Document:
    """A parsed main.cf."""

    path: str
    text: str  # the decoded text (surrogateescape), exactly the input
    entries: List[Entry] = field(default_factory=list)
    #: Problems found while reading (missing '=', orphan text, NUL bytes...).
    #: They are :class:`postfix_lint.problem.Problem` objects whose ``code`` is the
    #: rule code; the syntax rules pick them up from here.
    syntax: list = field(default_factory=list)
    #: Every CONTINUATION token: (line, column, text without "\n", owner
    #: entry index or None for orphan text).
    continuations: List[Tuple[int, int, str, Optional[int]]] = field(default_factory=list)
    final_newline: bool = True
    has_bom: bool = False

    _last: Optional[Dict[str, Entry]] = field(default=None, repr=False)
    _comments: Optional[List[Tuple[int, str]]] = field(default=None, repr=False)

    # ``comments`` is derived from ``text`` when asked for,
    # not kept: on a million-line file they would hold a second copy of it.

    @property
    def comments(self) -> List[Tuple[int, str]]:
        """(line, text) of every comment line (first non-whitespace character "#"), for suppressions."""
        if self._comments is None:
            self._comments = [(number, line) for number, line in enumerate(self.text.split("\n"), 1)
                              if line.lstrip(" \t\v\f\r")[:1] == "#"]
        return self._comments

    @property
    def lines(self) -> List[str]:
        """Physical lines without their newline characters."""
        return self.text.split("\n")

    def last(self) -> Dict[str, Entry]:
        """name -> the entry that wins (the last definition)."""
        if self._last is None:
            self._last = {e.name: e for e in self.entries}
        return self._last

    def get(self, name: str) -> Optional[Entry]:
        return self.last().get(name)

    def values(self) -> Dict[str, str]:
        """name -> effective raw value, as ``postconf -n`` prints it (unexpanded)."""
        return {n: e.value for n, e in self.last().items()}
