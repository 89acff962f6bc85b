"""Shared by the schedule rules (PF210-PF213): the retry model's figures in words, and where to report.

The model itself is :attr:`postfix_lint.analyse.context.Context.retry_model`.
"""

from __future__ import annotations

from typing import List

from postfix_lint.analyse.resolver import TimeSetting
from postfix_lint.analyse.retry import Model, Run
from postfix_lint.postfix.retry import duration
from postfix_lint.problem import Span

ASSUMPTION = "(model: arrival at a queue scan, attempts fail at once; see postfix-lint schedule)"


def first_retry_too_late(run: Run) -> bool:
    """The first retry already comes at or after the lifetime, so it is also the bounce (PF212).

    Exactly the runs with one retry: the first retry expires the message
    if and only if its failure comes at or after the lifetime.
    """
    return run.summary.retries == 1


def where(model: Model, *names: str) -> Span:
    """The position of the first of ``names`` that main.cf sets (line 1 if none is set)."""
    for name in names:
        s = model.settings[name]
        if s.entry is not None:
            return s.span
    return model.settings[names[0]].span


def value_text(setting: TimeSetting) -> str:
    """``maximal_queue_lifetime = 1h`` or ``maximal_queue_lifetime = 5d (Postfix's default)``."""
    head = f"{setting.name} = {setting.raw}"
    if setting.entry is None:
        return f"{head} (Postfix's default)"
    if setting.expanded is not None and setting.expanded != setting.raw:
        return f"{head} (= {setting.expanded})"
    return head


def mail(run: Run) -> str:
    return "a bounce (null-sender mail)" if run.null_sender else "a message"


def ages_text(ages: List[int]) -> str:
    return ", ".join(duration(a) for a in ages)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"
