"""Formatters: pure functions from results to text.  Only the CLI prints."""

from __future__ import annotations

import json
from typing import Iterable, List, Sequence, Tuple

from linter.problem import Problem

Results = Sequence[Tuple[str, List[Problem]]]


def line(path: str, p: Problem) -> str:
    """The one-line form editors and CI parse: ``PATH:LINE:COL: CODE severity: message``."""
    return f"{path}:{p.line}:{p.column}: {p.code} {p.severity}: {p.message}"


def concise(results: Results) -> str:
    return "".join(line(path, p) + "\n" for path, problems in results for p in problems)


def text(results: Results) -> str:
    """Default format; the CLI adds source excerpts and a summary on a terminal."""
    return concise(results)


def problem_dict(path: str, p: Problem) -> dict:
    return {
        "path": path,
        "line": p.line,
        "column": p.column,
        "end_line": p.end_line,
        "end_column": p.end_column,
        "code": p.code,
        "rule": p.rule,
        "severity": str(p.severity),
        "message": p.message,
    }


def as_json(results: Results) -> str:
    problems = [problem_dict(path, p) for path, ps in results for p in ps]
    return json.dumps({"problems": problems}, indent=2, ensure_ascii=False) + "\n"


FORMATTERS = {"text": text, "concise": concise, "json": as_json}
