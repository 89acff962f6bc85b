"""The diagnostic type shared by the parser, the rules and the formatters."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How bad a problem is; ordered so that ``ERROR > WARNING > INFO``."""

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


@dataclass(frozen=True, order=True)
class Problem:
    """A problem found in one file. Lines and columns start at 1.

    ``end_line``/``end_column`` delimit the flagged text; ``end_column`` is
    exclusive (the column just after the last flagged character).
    """

    line: int
    column: int
    code: str
    message: str = field(compare=False)
    severity: Severity = field(default=Severity.WARNING, compare=False)
    end_line: int = field(default=0, compare=False)
    end_column: int = field(default=0, compare=False)
    rule: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.end_line:
            object.__setattr__(self, "end_line", self.line)
        if not self.end_column:
            object.__setattr__(self, "end_column", self.column + 1 if self.end_line == self.line else 1)
