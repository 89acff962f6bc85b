"""master.cf ``-o`` overrides judged like main.cf: the value a service's program really sees.

A daemon started by master(8) with ``-o name=value`` stores the setting in
its configuration dictionary before it reads its parameters
(``mail_conf_update()`` from the ``-o`` option in ``single_server.c``,
``multi_server.c``, ``trigger_server.c``, ``event_server.c``), so the
override takes the place of any main.cf ``name = value`` for that program
only, and ``$`` references in it expand against main.cf, the defaults and
the other overrides of the same service.  That is exactly a main.cf with
``name = value`` appended: :func:`findings` builds that main.cf for each
service (with the overrides its program reads: the parameter's ``readers``
include the command, or it is a global parameter) and runs the main.cf
value rules over it.  A finding on an appended line is reported at that
``-o`` text in master.cf; a finding elsewhere that the plain main.cf does
not have, from a rule that weighs several parameters together (the retry
rules, e.g. a warning that only this qmgr's overrides cause), is reported at
the service name.  The overridden names are read by the service's program
alone (``Settings.service_program``, which the resolver's ``readers()``
and the fixed-word verdicts of ``rules/support/values.judge`` honour), so a
message names that program only ("qmgr will exit", not
every program that reads the parameter from main.cf).  Overrides a program does not read
change nothing for it and are left to the unused-name rules.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import Callable, Dict, List, Optional, Tuple

from postfix_lint.analyse.definitions import Definitions
from postfix_lint.problem import Problem, Span
from postfix_lint.read.document import Document
from postfix_lint.read.master_cf import MasterCf, Option, Service

__all__ = ["program_of", "applied", "with_overrides", "queue_manager", "findings"]

_LINE = re.compile(r"\bline (\d+)\b")


def program_of(service: Service) -> str:
    """The program a service runs: the basename of its command field ("smtp", "qmgr", "pipe", ...)."""
    return posixpath.basename(service.command)


def applied(service: Service, definitions: Definitions) -> List[Tuple[str, Option]]:
    """The ``-o`` settings of ``service`` its program reads, as (name, option), the last of a name winning.

    Uses the daemon's own reading of ``-o`` (``Service.daemon_options``).
    """
    program = program_of(service)
    last: Dict[str, Option] = {}
    for option in service.daemon_options:
        last.pop(option.name, None)
        last[option.name] = option
    out = []
    for name, option in last.items():
        p = definitions.definition(name)
        if p is None or p.read_only:
            continue
        if p.is_global or program in p.readers:
            out.append((name, option))
    return out


def with_overrides(main_doc: Document, chosen: List[Tuple[str, Option]]) -> Tuple[Document, int, List[str]]:
    """main.cf with ``chosen`` (from :func:`applied`) appended: (document, line of the first override, lines).

    Line 1 never holds an override (findings about defaults are reported there).
    """
    from postfix_lint.read.main_cf import parse

    base = main_doc.text if main_doc.text.endswith("\n") else main_doc.text + "\n"
    if base == "\n":
        base = "# (Postfix defaults)\n"  # keeps line 1 (where findings about defaults go) off the overrides
    first = base.count("\n") + 1
    lines = [f"{name} = {option.value}".replace("\n", " ").replace("\r", " ") for name, option in chosen]
    return parse(base + "\n".join(lines) + "\n", main_doc.path), first, lines


def queue_manager(master: MasterCf, main_doc: Document) -> Optional[Service]:
    """The service master(8) runs as the queue manager: named ``queue_service_name`` (default "qmgr"),
    type unix or fifo, command qmgr or oqmgr; the last such entry (master(8) uses the last), or None."""
    entry = main_doc.get("queue_service_name")
    name = entry.value if entry is not None else "qmgr"
    found = None
    for s in master.services:
        if s.name == name and s.type in ("unix", "fifo") and program_of(s) in ("qmgr", "oqmgr") \
                and not s.fatal("master"):
            found = s
    return found


def _inside(option: Option, column: int, end_column: int, value_start: int) -> Span:
    """Map a span on an appended ``name = value`` line (value at ``value_start``) to master.cf."""
    vs = option.value_span
    if column < value_start:
        return option.name_span
    if vs.line != vs.end_line or vs.end_column - vs.column != len(option.value):
        return vs  # a value over several lines (a { } group): the whole value
    start = min(vs.column + column - value_start, vs.end_column)
    end = max(start, min(vs.column + end_column - value_start, vs.end_column))
    return Span(vs.line, start, vs.line, end if end > start else start + 1)


def _combines(code: str) -> bool:
    """Rules whose finding on another line can be caused by an override: the retry and bounce
    rules (PF200-PF299), which weigh several parameters together.  Findings of the other rules
    elsewhere in the built main.cf are about main.cf itself (or about a default that an appended
    line only reworded, such as PF132's list of legacy defaults) and are main.cf's to report."""
    return 200 <= int(code[2:]) < 300


def findings(main_doc: Document, master: MasterCf, settings, run: Callable[..., List[Problem]]) -> List[Problem]:
    """The main.cf value rules of ``settings`` applied to each service's overrides (see the module doc).

    ``run(doc, settings)`` is the engine's main.cf run (passed in: the engine
    sits above this layer).  Positions are master.cf positions.
    """
    if master.is_default:
        return []
    definitions = Definitions(master)
    settings = dataclasses.replace(settings, master_cf=master.unparse(), main_cf=None)
    baseline: Optional[set] = None
    out: List[Problem] = []
    for service in master.services:
        if service.fatal("master"):
            continue
        chosen = applied(service, definitions)
        if not chosen:
            continue
        if baseline is None:
            baseline = {(p.code, p.message) for p in run(main_doc, settings)}
        doc, first, lines = with_overrides(main_doc, chosen)
        where = f"service {service.name}/{service.type} ({program_of(service)}) -o"
        # The overridden names are read by this service's program only: messages name it alone.
        scoped = dataclasses.replace(settings, service_program=(program_of(service),
                                                                frozenset(n for n, _ in chosen)))

        def lines_in_master(m: "re.Match") -> str:  # "line N" of the built main.cf -> the real place
            n = int(m.group(1))
            if n >= first and n - first < len(chosen):
                return f"master.cf line {chosen[n - first][1].value_span.line}"
            return m.group(0) if main_doc.text.strip() else "default"

        for p in run(doc, scoped):
            index = p.line - first
            if 0 <= index < len(chosen):
                name, option = chosen[index]
                end = p.end_column if p.end_line == p.line else len(lines[index]) + 1
                span = _inside(option, p.column, end, len(name) + 4)
            elif _combines(p.code) and (p.code, p.message) not in baseline:
                span = service.field_span("service") or Span(service.line, 1, service.line, 2)
            else:
                continue
            out.append(p.replace(line=span.line, column=span.column, end_line=span.end_line,
                                           end_column=span.end_column, message=f"{where}: {_LINE.sub(lines_in_master, p.message)}",
                                           fix=None))
    return out
