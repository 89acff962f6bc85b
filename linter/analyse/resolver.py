"""Effective values: what each Postfix program reads for a parameter (main.cf, defaults, ``$`` expansion).

A daemon expands a parameter when it reads it, against a dictionary that
holds the main.cf entries plus the defaults of the parameters *this process
has already read* (reference §2.4): the global ones from
``mail_params_init()`` and those earlier in its own tables.  So
``queue_run_delay = $minimal_backoff_time`` is fatal in qmgr when
``minimal_backoff_time`` is not set, although ``postconf -x`` prints 300s.
This module reproduces that, per reading program.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Tuple

from postfix_lint.analyse.definitions import Definitions
from postfix_lint.postfix import macro, params
from postfix_lint.postfix.values import TimeValue, conv_time
from postfix_lint.problem import FILE_START, Span
from postfix_lint.read.document import Document, Entry

#: The program whose reading we report first for a parameter, when several
#: programs read it: the queue manager owns the retry parameters.
PREFERRED_READERS = ("qmgr", "cleanup", "bounce", "smtp", "smtpd")


@dataclass(frozen=True)
class Setting:
    """One parameter's effective value as one program reads it."""

    name: str
    program: str
    entry: Optional[Entry]  # None: not set, Postfix's default applies
    raw: str  # the text in main.cf (or the default)
    expanded: Optional[str]  # None when expansion failed
    error: str = ""  # expansion error (macro syntax, nesting, size)
    error_kind: str = ""
    empty_refs: Tuple[str, ...] = ()  # $names that expanded to nothing in this program

    @property
    def is_default(self) -> bool:
        return self.entry is None

    @property
    def span(self) -> Span:
        """Where to report a finding about this value: the value in main.cf, or line 1 for a default."""
        return FILE_START if self.entry is None else self.entry.value_span()


@dataclass(frozen=True)
class TimeSetting(Setting):
    unit: str = "s"
    min: Optional[int] = None
    max: Optional[int] = None
    value: Optional[TimeValue] = None

    @property
    def seconds(self) -> Optional[int]:
        if self.value is None or self.value.seconds is None:
            return None
        return self.value.seconds

    @property
    def range_error(self) -> str:
        s = self.seconds
        if s is None:
            return ""
        if self.min and s < self.min:
            return f"{s} (min {self.min})"
        if self.max and s > self.max:
            return f"{s} (max {self.max})"
        return ""

    @property
    def fatal(self) -> bool:
        return self.expanded is None or self.seconds is None or bool(self.range_error)


class Resolver:
    """Evaluates parameters of one document the way each daemon does."""

    def __init__(self, doc: Document, definitions: Optional[Definitions] = None,
                 service_program: Optional[Tuple[str, FrozenSet[str]]] = None) -> None:
        """``service_program``: (program, names) when ``doc`` is the main.cf one master.cf service's
        program sees with its ``-o`` settings appended (:mod:`postfix_lint.analyse.overrides`):
        ``names`` are then read by that program only (:meth:`readers`)."""
        self.doc = doc
        self._only = service_program
        if definitions is None:
            from postfix_lint.read.master_cf import default

            definitions = Definitions(default())
        self.definitions = definitions
        self.profile = definitions.profile
        self.dialect = macro.dialect_for(self.profile)
        self._cache: Dict[Tuple[str, str], Setting] = {}
        self._before: Dict[str, Dict[str, int]] = {}

    # -- dictionary seen by a program -------------------------------------
    def _order(self, program: str) -> Dict[str, int]:
        order = self._before.get(program)
        if order is None:
            # no target: 3.7.11's order, the one known exactly (the profiles approximate the others)
            read_order = params.read_order if self.profile.release is None else self.profile.read_order
            order = {n: i for i, n in enumerate(read_order(program))}
            self._before[program] = order
        return order

    def lookup_for(self, program: str, reading: str):
        """The dictionary lookup a daemon does while it reads ``reading``."""
        last = self.doc.last()
        order = self._order(program)
        limit = order.get(reading, len(order))

        def lookup(name: str) -> Optional[str]:
            entry = last.get(name)
            if entry is not None:
                return entry.value
            pos = order.get(name)
            if pos is not None and pos < limit:
                p = self.profile.param(name)
                return p.default if p is not None else None
            return None

        return lookup

    def readers(self, name: str) -> List[str]:
        """The programs that read ``name``, best reader first ("postfix" first for a global one;
        ["postconf"] when none is known); only the service's program for an overridden name."""
        if self._only is not None and name in self._only[1]:
            return [self._only[0]]
        p = self.param(name)
        progs = [r for r in (p.readers if p else ()) if r and not r.startswith("(")]
        if p is not None and p.is_global:
            progs = ["postfix"] + [r for r in progs if r != "global"]
        progs = [r for r in progs if r != "global"]
        progs.sort(key=lambda r: PREFERRED_READERS.index(r) if r in PREFERRED_READERS else 99)
        return progs or ["postconf"]

    def programs(self, name: str) -> List[str]:
        """Programs known to read ``name`` (at start-up, or lazily), best reader first; [] when none.

        'postfix' is the postfix(1) command; a global parameter (read by every
        program) has 'postfix' first.
        """
        progs = self.readers(name) if self.param(name) is not None else []
        return [] if progs == ["postconf"] else progs

    def param(self, name: str) -> Optional[params.Param]:
        """The parameter's definition (:meth:`Definitions.definition`), or None."""
        return self.definitions.definition(name)

    # -- evaluation -------------------------------------------------------
    def setting(self, name: str, program: Optional[str] = None) -> Setting:
        program = program or self.readers(name)[0]
        key = (name, program)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        entry = self.doc.get(name)
        p = self.param(name)
        raw = entry.value if entry is not None else (p.default if p is not None else "")
        expanded: Optional[str] = raw
        error = kind = ""
        empty: Tuple[str, ...] = ()
        if macro.has_macros(raw):
            lookup = self.lookup_for(program, name)
            try:
                expanded = macro.expand(raw, lookup, dialect=self.dialect)
            except macro.ExpansionError as exc:
                expanded, error, kind = None, exc.message, exc.kind
            except macro.MacroSyntaxError as exc:  # defensive: expand wraps these
                expanded, error, kind = None, exc.message, "syntax"
            if expanded is not None:
                try:
                    refs = macro.references(raw, self.dialect)
                except macro.MacroSyntaxError:
                    refs = []
                empty = tuple(dict.fromkeys(r for r, _ in refs if lookup(r) is None))
        result: Setting
        if p is not None and p.type == "time":
            unit = p.unit or "s"
            value = conv_time(expanded, unit) if expanded is not None else None
            result = TimeSetting(name, program, entry, raw, expanded, error, kind, empty,
                                 unit, p.min, p.max, value)
        else:
            result = Setting(name, program, entry, raw, expanded, error, kind, empty)
        self._cache[key] = result
        return result

    def time(self, name: str, program: Optional[str] = None) -> TimeSetting:
        s = self.setting(name, program)
        assert isinstance(s, TimeSetting), name
        return s

    def time_all_readers(self, name: str) -> List[TimeSetting]:
        """The setting as every program that reads it sees it."""
        return [self.time(name, prog) for prog in self.readers(name)]
