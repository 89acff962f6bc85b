"""Checks of a master.cf as Postfix judges it: pure functions over :class:`~postfix_lint.read.master_cf.MasterCf`.

Each function returns ``(span, message, severity)`` tuples in file order
(``span``: :class:`~postfix_lint.read.master_cf.Span`, 1-based, end column
exclusive; ``severity``: :class:`~postfix_lint.problem.Severity`), for a rule
module to turn into problems.  Severities follow the project's rule: error
when a Postfix program that reads the file exits (``master(8)`` at
``postfix start``/``reload``, or ``postconf``, which reads master.cf for
``-M``, ``-n`` and ``-e``), warning when Postfix accepts the file but very
likely not as meant, info for advice.  The messages quote what Postfix
prints (``src/master/master_ent.c``, ``src/master/master_conf.c``,
``src/postconf/postconf_master.c``, ``src/util/readlline.c``), as recorded
by :mod:`postfix_lint.read.master_cf` and checked against Postfix 3.7.11.
"""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Tuple

from postfix_lint.problem import Severity
from postfix_lint.read.master_cf import Finding, MasterCf, Service, Span

__all__ = ["field_syntax", "duplicate_services", "missing_services", "chroot_default", "REQUIRED_SERVICES"]

Check = Tuple[Span, str, Severity]


def _fatal_message(findings: List[Finding]) -> str:
    """One message for the fatal findings of one place: master(8)'s text, then postconf's when it differs."""
    by_program: Dict[str, str] = {}
    for f in findings:
        by_program.setdefault(f.program, f.text)
    parts = []
    if "master" in by_program:
        parts.append(f"master(8) exits at start: \"{by_program['master']}\"")
    if "postconf" in by_program:
        parts.append(f"postconf exits: \"{by_program['postconf']}\"")
    if "postfix" in by_program:
        parts.append(f"Postfix exits: \"{by_program['postfix']}\"")
    if "master" not in by_program and "postconf" in by_program:
        parts.append("(master(8) itself accepts this line)")
    elif "postconf" not in by_program and "master" in by_program:
        parts.append("(postconf -M does not check this)")
    return "; ".join(parts)


def field_syntax(doc: MasterCf) -> List[Check]:
    """Field syntax as master(8) and ``postconf -M`` judge it, plus orphan text and NUL bytes.

    - error: a line master(8) or postconf refuses (field count, service
      type, private/unprivileged/chroot not y/n/-, wakeup, maxproc, an inet
      service left private, an unreadable ``{ }`` argument).  One problem per
      entry, at the field master(8) (else postconf) names, quoting both.
      Also error: a ``-o`` argument the service's program cannot split into
      name=value (``invalid "-o TEXT" option value: ...``; postconf is
      silent about it), one problem per argument.
    - warning: ``-o { ... }`` text postconf cannot split into name=value
      (``missing '=' after attribute name``) or braces it repairs while
      master(8) accepts; continuation text before the first service
      (``logical line must not start with whitespace``: discarded); a NUL
      byte (the rest of the logical line is ignored).
    """
    out: List[Check] = []
    for finding in doc.findings:
        if finding.kind == "orphan":
            out.append((finding.span, f"{finding.text}; Postfix discards this text", Severity.WARNING))
    for entry in doc.entries:
        for f in entry.findings:
            if f.fatal and f.program == "daemon":
                out.append((f.span, f"the {entry.command} program of service {entry.name}/{entry.type}"
                                    f" exits at start: \"{f.text}\"", Severity.ERROR))
        fatal = [f for f in entry.findings if f.fatal and f.program != "daemon"]
        if fatal:
            first = next((f for f in fatal if f.program == "master"), fatal[0])
            out.append((first.span, _fatal_message(fatal), Severity.ERROR))
        fatal_spans = {f.span for f in fatal}
        for f in entry.findings:
            if f.fatal or f.span in fatal_spans:
                continue
            if f.kind == "nul":
                out.append((f.span, "NUL byte: Postfix ignores the rest of this logical line", Severity.WARNING))
            elif f.program == "postconf":
                out.append((f.span, f"postconf warns: \"{f.text}\"", Severity.WARNING))
    out.sort(key=lambda c: (c[0].line, c[0].column))
    return out


def _port(service: str) -> str:
    """The port an inet service name stands for (getservbyname(), as master's inet_listen() does)."""
    if service.isdigit():
        return str(int(service))
    import socket  # only for a named inet port: socket costs ~2 ms to import

    try:
        return str(socket.getservbyname(service, "tcp"))
    except (OSError, UnicodeError):
        return service


def _internal_name(s: Service) -> Tuple[str, str]:
    """(type, master(8)'s internal service name): "private/x", "public/x", "[host:]port"."""
    if s.type == "inet":
        host, sep, port = s.name.rpartition(":")
        return s.type, (host + sep if sep else "") + _port(port)
    return s.type, ("public/" if s.private == "n" else "private/") + s.name


def duplicate_services(doc: MasterCf) -> List[Check]:
    """Entries master(8) sees as one service (same type and internal name): it uses the last.

    master(8) logs ``duplicate master.cf entry for service "X" (private/X)
    -- using the last entry`` (``master_conf.c``); postconf -M is silent.
    "relay unix" and "relay fifo", or a private and a public "x unix",
    are different services; "smtp inet" and "25 inet" are the same.
    Reported at each earlier entry's name, warning.
    """
    seen: Dict[Tuple[str, str], Service] = {}
    out: List[Check] = []
    for s in doc.services:
        if s.fatal("master"):
            continue
        key = _internal_name(s)
        earlier = seen.get(key)
        if earlier is not None:
            span = earlier.field_span("service")
            out.append((span,
                        f'duplicate master.cf entry for service "{earlier.name}" ({key[1]}) -- using the last entry'
                        f" (line {s.line}); master(8) ignores this one",
                        Severity.WARNING))
        seen[key] = s
    return out


#: Services every Postfix instance needs: (main.cf parameter naming it, its default, accepted types, why).
REQUIRED_SERVICES = (
    ("pickup_service_name", "pickup", ("fifo", "unix"), "mail from sendmail/postdrop is never picked up"),
    ("cleanup_service_name", "cleanup", ("unix",), "no message can be queued"),
    ("queue_service_name", "qmgr", ("fifo", "unix"), "queued mail is never delivered"),
    ("rewrite_service_name", "rewrite", ("unix",), "addresses cannot be rewritten or resolved"),
    ("bounce_service_name", "bounce", ("unix",), "non-delivery notices cannot be sent"),
    ("defer_service_name", "defer", ("unix",), "deferred deliveries cannot be logged"),
    ("trace_service_name", "trace", ("unix",), "delivery status reports cannot be made"),
    ("showq_service_name", "showq", ("unix",), "mailq/postqueue -p fail"),
    ("flush_service_name", "flush", ("unix",), "postqueue -f and ETRN fail"),
)


def missing_services(doc: MasterCf, main_cf: Optional[Mapping[str, str]] = None) -> List[Check]:
    """Internal services Postfix needs that no entry provides (warning, at the start of the file).

    ``main_cf``: main.cf settings, for ``*_service_name`` overrides.  A
    master.cf fragment meant to be appended (``master.cf.append``) would
    trip this; the caller decides whether a file is a whole master.cf.
    """
    main_cf = main_cf or {}
    have = {(s.name, s.type) for s in doc.services}
    out: List[Check] = []
    for param, default_name, types, why in REQUIRED_SERVICES:
        name = main_cf.get(param, default_name)
        if not any((name, t) in have for t in types):
            out.append((Span(1, 1, 1, 1),
                        f'no "{name}" service ({" or ".join(types)}) in master.cf: {why}'
                        + (f" ({param} = {name})" if name != default_name else ""),
                        Severity.WARNING))
    return out


def chroot_default(doc: MasterCf, compatibility_level: str = "0") -> List[Check]:
    """A chroot field "-" while compatibility_level < 1: master(8) runs the service chrooted (info).

    master(8) logs ``using backwards-compatible default setting chroot=y``
    (``get_str_ent()`` in ``master_ent.c``); with compatibility_level 1 or
    later "-" means n.
    """
    try:
        level = float(compatibility_level.split(".")[0] or "0")
    except ValueError:
        return []
    if level >= 1:
        return []
    out: List[Check] = []
    for s in doc.services:
        if s.chroot == "-" and not s.fatal("master"):
            out.append((s.field_span("chroot"),
                        f"{doc.path}: line {s.line}: using backwards-compatible default setting chroot=y"
                        " (set compatibility_level, or write y or n)",
                        Severity.INFO))
    return out
