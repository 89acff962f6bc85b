"""The bottom layer: what a finding is (Severity, Span, Problem) and what a fix would be (Edit, Fix).

Every other module may import this one and it imports nothing of the
package.  Rules build findings with :func:`problem`; the engine stamps each
with the rule's code, name and severity.  Positions are 1-based lines and
columns with an exclusive end column, as editors and SARIF expect.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Tuple


class Severity(enum.IntEnum):
    """How bad a problem is; ordered so that ``ERROR > WARNING > INFO``.

    error: a Postfix program that runs will exit; warning: accepted but very
    likely unintended or risky; info: advice.
    """

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (allowed: error, warning, info)") from None


class Span(NamedTuple):
    """Where a finding is: 1-based ``line``/``column`` to ``end_line``/``end_column`` (exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def at(cls, line: int, column: int) -> "Span":
        """One character at ``line``:``column``."""
        return cls(line, column, line, column + 1)


#: Where a finding about something not in the file (a Postfix default) is reported.
FILE_START = Span(1, 1, 1, 1)


class Edit(NamedTuple):
    """Replace the text of ``span`` with ``text`` (an empty span inserts)."""

    span: Span
    text: str


class Fix(NamedTuple):
    """A change that resolves a finding: ``edits`` applied together.

    ``safe`` is True when the edit cannot change what Postfix does beyond
    the finding itself (an autofix may apply it without asking).
    """

    title: str
    edits: Tuple[Edit, ...]
    safe: bool = False


@dataclass(frozen=True, order=True)
class Problem:
    """A problem found in one file. Lines and columns start at 1.

    ``end_line``/``end_column`` delimit the flagged text; ``end_column`` is
    exclusive (the column just after the last flagged character).  Two
    problems are equal only when every field is, message and fix included:
    a set of problems never merges two distinct findings.
    """

    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.WARNING
    end_line: int = 0
    end_column: int = 0
    rule: str = ""
    fix: Optional[Fix] = None
    #: The severity the rule chose for this one finding (None: the rule's default); the
    #: engine uses it unless the user configured the rule's severity.
    chosen: Optional[Severity] = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.end_line:
            object.__setattr__(self, "end_line", self.line)
        if not self.end_column:
            object.__setattr__(self, "end_column", self.column + 1 if self.end_line == self.line else 1)

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)


def problem(span: Span, message: str, fix: Optional[Fix] = None, severity: Optional[Severity] = None) -> Problem:
    """A rule's finding at ``span``; the engine fills in code, rule name and severity.

    ``severity``: this finding's own severity when the rule's default does not
    fit it (a fatal in a program that does not run is info); a severity the
    user configured for the rule still wins.  An end of (0, 0) means one
    character at ``span``'s start.
    """
    line, column, end_line, end_column = span
    return Problem(line, column, "", message, severity or Severity.WARNING, end_line, end_column, fix=fix,
                   chosen=severity)
