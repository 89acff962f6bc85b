"""Shared by the name and typed-value rules (PF110-PF122)."""

from __future__ import annotations

from typing import List, Optional

from postfix_lint import names, params


def analysis(ctx) -> names.Analysis:
    return names.for_context(ctx)


def readers(ctx, name: str) -> List[str]:
    """Programs that read ``name`` (at start-up, or lazily), best reader first; [] when none is known.

    'postfix' is the postfix(1) command; a global parameter (read by every
    program) has 'postfix' first too, see :func:`programs_text`.
    """
    res = ctx.resolver
    if res.param(name) is not None:
        progs = res.readers(name)
        return [] if progs == ["postconf"] else progs
    p = analysis(ctx).param(name)
    return [r for r in (p.readers if p else ()) if r and not r.startswith("(") and r != "global"]


def programs_text(programs, is_global: bool = False) -> str:
    progs = list(dict.fromkeys(programs))
    if is_global:
        return "every Postfix program (postfix check and postfix start too)"
    progs = ["the postfix command (postfix check, postfix start)" if p == "postfix" else p for p in progs]
    if not progs:
        return "the programs that read it"
    if len(progs) == 1:
        return progs[0]
    return ", ".join(progs[:-1]) + " and " + progs[-1]


def is_global(ctx, name: str) -> bool:
    p = analysis(ctx).param(name)
    return bool(p is not None and p.is_global)


def master_note(a: names.Analysis) -> str:
    if a.master.is_default:
        return (" (no master.cf beside main.cf: compared with the services of Postfix's default"
                f" master.cf: {', '.join(a.master.names())})")
    return ""


def transport_pattern(name: str) -> Optional[tuple]:
    """(service, suffix, commands) when ``name`` has the shape of a per-transport parameter."""
    from postfix_lint import _params_data

    for suffix, _typ, _unit, _lo, _hi, _default, _readers, registered, _since in _params_data.TRANSPORT_PATTERNS:
        cut = len(name) - len(suffix) - 1
        if cut > 0 and name[cut] == "_" and name.endswith(suffix):
            return name[:cut], suffix, registered
    return None


def database_pattern(name: str) -> Optional[tuple]:
    """(table, suffix, types) when ``name`` ends like a legacy database client setting."""
    from postfix_lint import _params_data

    best = None
    for kind, suffix, *_ in _params_data.DBMS_PATTERNS:
        cut = len(name) - len(suffix) - 1
        if cut > 0 and name[cut] == "_" and name.endswith(suffix):
            if best is None or len(suffix) > len(best[1]):
                best = (name[:cut], suffix, [kind])
            elif suffix == best[1]:
                best[2].append(kind)
    return best


def quote(value: str, limit: int = 60) -> str:
    text = value.replace("\r", "\\r").replace("\t", "\\t").replace("\n", "\\n")
    if len(text) > limit:
        text = text[:limit] + "..."
    return text


def suggestion(name: str) -> Optional[str]:
    return params.suggest(name)
