"""Typed-value verdicts of one main.cf: which readers of a bool/number/string parameter reject its value.

For every main.cf parameter of a checked type, each program that reads it
expands the value in its own dictionary (:mod:`postfix_lint.analyse.resolver`)
and converts it (:func:`postfix_lint.postfix.values.check_typed`); a verdict
records the first rejection and every reader that rejects.  Computed once
per file by the Context; PF120-PF122 put them in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

from postfix_lint.analyse.names import Analysis
from postfix_lint.analyse.resolver import Resolver
from postfix_lint.postfix import params
from postfix_lint.postfix.values import check_typed
from postfix_lint.read.document import Document, Entry

#: The parameter types whose values the typed rules check.
TYPES = ("bool", "nbool", "int", "nint", "long", "str", "str_fn", "raw")


@dataclass(frozen=True)
class Verdict:
    """Why the programs that read a parameter reject its value."""

    entry: Entry
    param: params.Param
    fatal: str  # Postfix's fatal message without "fatal: ", from the first failing reader
    expanded: str  # the value that reader converts
    programs: Tuple[str, ...]  # the readers that reject it
    empty_refs: Tuple[str, ...] = ()  # Postfix parameters that expanded to nothing in that reader
    undefined_refs: Tuple[str, ...] = ()  # $names that are not parameters at all


def verdicts(doc: Document, resolver: Resolver, names: Analysis) -> List[Verdict]:
    """Verdicts for the main.cf parameters of :data:`TYPES` that some reader rejects, in file order."""
    out: List[Verdict] = []
    for name, entry in doc.last().items():
        p = names.param(name)
        if p is None or p.type not in TYPES or p.read_only:
            continue
        v = _verdict(resolver, names, entry, p)
        if v is not None:
            out.append(v)
    return out


def _verdict(resolver: Resolver, names: Analysis, entry: Entry, p: params.Param) -> Optional[Verdict]:
    progs = resolver.programs(p.name)
    if not progs:
        return None  # no program is known to read it: nothing would exit
    if p.type == "raw":  # not expanded when read
        fatal = check_typed(p, entry.value)
        return None if fatal is None else Verdict(entry, p, fatal, entry.value, tuple(progs))
    first = None
    failing: List[str] = []
    for program in progs:
        s = resolver.setting(p.name, program)
        if s.expanded is None:
            return None  # macro-syntax-error / reference-cycle report it
        fatal = check_typed(p, s.expanded)
        if fatal is None:
            continue
        failing.append(program)
        if first is None:
            first = (fatal, s)
    if first is None:
        return None
    fatal, s = first
    known = tuple(r for r in s.empty_refs if names.is_known(r))
    unknown = tuple(r for r in s.empty_refs if not names.is_known(r))
    return Verdict(entry, p, fatal, s.expanded, tuple(failing), known, unknown)
