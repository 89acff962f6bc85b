"""Shared by the typed-value rules (PF120-PF122): a verdict in words.

The verdicts themselves are :attr:`postfix_lint.analyse.context.Context.typed_verdicts`.
"""

from __future__ import annotations

from postfix_lint.analyse.typed import Verdict
from postfix_lint.rules.support.messages import programs_text, quote


def shown(v: Verdict) -> str:
    """'VALUE' or '"X" after expansion of "RAW"'."""
    raw = v.entry.value
    if v.expanded == raw:
        return quote(raw)
    return f'"{quote(v.expanded)}" after expansion of "{quote(raw)}"'


def who(v: Verdict) -> str:
    """The programs that reject the value, in words."""
    return programs_text(v.programs, v.param.is_global)


def tail(v: Verdict) -> str:
    """'; qmgr will exit with "fatal: ..."' plus the empty-reference explanation."""
    text = f'; {who(v)} will exit with "fatal: {quote(v.fatal, 120)}"'
    notes = []
    if v.undefined_refs:
        refs = ", ".join(f"${r}" for r in v.undefined_refs)
        notes.append(f"{refs} is neither set in main.cf nor a Postfix parameter, so it is empty")
    if v.empty_refs:
        refs = ", ".join(f"${r}" for r in v.empty_refs)
        notes.append(f"{refs} is not set in main.cf and its default has not been read yet when"
                     f" {who(v)} reads {v.param.name}, so it is empty there, although postconf -x"
                     " shows a value")
    if notes:
        text += " (" + "; ".join(notes) + ")"
    return text
