"""The bottom layer: what a finding is (Severity, Span, Problem) and what a fix would be (Edit, Fix).

Every other module may import this one and it imports nothing of the
package.  Rules build findings with :func:`problem`; the engine stamps each
with the rule's code, name and severity.  Positions are 1-based lines and
columns with an exclusive end column, as editors and SARIF expect.
"""

from __future__ import annotations

import enum
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


_FIELDS = ("line", "column", "code", "message", "severity", "end_line", "end_column", "rule", "fix")


class Problem:
    """A problem found in one file. Lines and columns start at 1.

    ``end_line``/``end_column`` delimit the flagged text; ``end_column`` is
    exclusive (the column just after the last flagged character).  Two
    problems are equal only when every field is, message and fix included:
    a set of problems never merges two distinct findings.

    Immutable, ordered by its fields in order, hashable: what
    ``@dataclass(frozen=True, order=True)`` would make, written out because
    creating that class is a millisecond of every cold start.
    ``replace(**changes)`` is ``dataclasses.replace``.
    """

    __slots__ = _FIELDS + ("chosen",)
    __match_args__ = _FIELDS

    line: int
    column: int
    code: str
    message: str
    severity: Severity
    end_line: int
    end_column: int
    rule: str
    fix: Optional[Fix]
    #: The severity the rule chose for this one finding (None: the rule's default); the
    #: engine uses it unless the user configured the rule's severity.  Not compared.
    chosen: Optional[Severity]

    def __init__(self, line: int, column: int, code: str, message: str, severity: Severity = Severity.WARNING,
                 end_line: int = 0, end_column: int = 0, rule: str = "", fix: Optional[Fix] = None,
                 chosen: Optional[Severity] = None) -> None:
        if not end_line:
            end_line = line
        if not end_column:
            end_column = column + 1 if end_line == line else 1
        init = object.__setattr__
        init(self, "line", line)
        init(self, "column", column)
        init(self, "code", code)
        init(self, "message", message)
        init(self, "severity", severity)
        init(self, "end_line", end_line)
        init(self, "end_column", end_column)
        init(self, "rule", rule)
        init(self, "fix", fix)
        init(self, "chosen", chosen)

    def _astuple(self) -> tuple:
        return (self.line, self.column, self.code, self.message, self.severity, self.end_line, self.end_column,
                self.rule, self.fix)

    def replace(self, **changes) -> "Problem":
        """A copy with ``changes`` (field name -> value), as ``dataclasses.replace`` makes it."""
        values = dict(zip(_FIELDS, self._astuple()))
        for name in changes:
            if name not in values and name != "chosen":
                raise TypeError(f"Problem has no field {name!r}")
        values["chosen"] = self.chosen
        values.update(changes)
        return Problem(**values)

    def __setattr__(self, name: str, value) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self):
        return (Problem, self._astuple() + (self.chosen,))

    def __repr__(self) -> str:
        return ("Problem(" + ", ".join(f"{name}={value!r}" for name, value in zip(_FIELDS, self._astuple()))
                + ")")

    def __eq__(self, other) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() == other._astuple()
        return NotImplemented

    def __lt__(self, other) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() < other._astuple()
        return NotImplemented

    def __le__(self, other) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() <= other._astuple()
        return NotImplemented

    def __gt__(self, other) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() > other._astuple()
        return NotImplemented

    def __ge__(self, other) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() >= other._astuple()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._astuple())

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
