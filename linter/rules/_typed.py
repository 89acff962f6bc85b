"""Shared by the typed-value rules (PF120-PF122): each reader's verdict on a main.cf value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

from postfix_lint import typeconv
from postfix_lint.rules._names import analysis, programs_text, quote, readers


@dataclass(frozen=True)
class Verdict:
    """Why the programs that read a parameter reject its value."""

    entry: object
    param: object
    fatal: str  # Postfix's fatal message without "fatal: ", from the first failing reader
    expanded: str  # the value that reader converts
    programs: Tuple[str, ...]  # the readers that reject it
    empty_refs: Tuple[str, ...] = ()  # Postfix parameters that expanded to nothing in that reader
    undefined_refs: Tuple[str, ...] = ()  # $names that are not parameters at all

    def shown(self) -> str:
        """'VALUE' or '"X" after expansion of "RAW"'."""
        raw = self.entry.value
        if self.expanded == raw:
            return quote(raw)
        return f'"{quote(self.expanded)}" after expansion of "{quote(raw)}"'

    def who(self) -> str:
        return programs_text(self.programs, self.param.is_global)

    def tail(self) -> str:
        """'; qmgr will exit with "fatal: ..."' plus the empty-reference explanation."""
        text = f'; {self.who()} will exit with "fatal: {quote(self.fatal, 120)}"'
        notes = []
        if self.undefined_refs:
            refs = ", ".join(f"${r}" for r in self.undefined_refs)
            notes.append(f"{refs} is neither set in main.cf nor a Postfix parameter, so it is empty")
        if self.empty_refs:
            refs = ", ".join(f"${r}" for r in self.empty_refs)
            notes.append(f"{refs} is not set in main.cf and its default has not been read yet when"
                         f" {self.who()} reads {self.param.name}, so it is empty there, although postconf -x"
                         " shows a value")
        if notes:
            text += " (" + "; ".join(notes) + ")"
        return text


def verdicts(ctx, types) -> List[Verdict]:
    """Verdicts for the main.cf parameters of the given types that some reader rejects."""
    key = ("typed", tuple(types))
    hit = ctx.cache.get(key)
    if hit is not None:
        return hit
    a = analysis(ctx)
    out: List[Verdict] = []
    for name, entry in ctx.doc.last().items():
        p = a.param(name)
        if p is None or p.type not in types or p.read_only:
            continue
        v = _verdict(ctx, entry, p)
        if v is not None:
            out.append(v)
    ctx.cache[key] = out
    return out


def _verdict(ctx, entry, p) -> Optional[Verdict]:
    if p.type == "raw":  # not expanded when read
        fatal = typeconv.check_typed(p, entry.value)
        if fatal is None:
            return None
        progs = readers(ctx, p.name)
        return Verdict(entry, p, fatal, entry.value, tuple(progs)) if progs else None
    first = None
    failing: List[str] = []
    progs = readers(ctx, p.name)
    if not progs:
        return None  # no program is known to read it: nothing would exit
    for program in progs:
        s = ctx.resolver.setting(p.name, program)
        if s.expanded is None:
            return None  # macro-syntax-error / reference-cycle report it
        fatal = typeconv.check_typed(p, s.expanded)
        if fatal is None:
            continue
        failing.append(program)
        if first is None:
            first = (fatal, s)
    if first is None:
        return None
    fatal, s = first
    a = analysis(ctx)
    known = tuple(r for r in s.empty_refs if a.is_known(r))
    unknown = tuple(r for r in s.empty_refs if not a.is_known(r))
    return Verdict(entry, p, fatal, s.expanded, tuple(failing), known, unknown)
