"""Shared by every rule that reports a fatal: error when a program that runs exits, info when none runs.

The facts are :attr:`postfix_lint.analyse.context.Context.usage`
(:mod:`postfix_lint.analyse.running`): master.cf's services and the
transports in use.  A rule passes the programs that exit; it gets the
severity for the finding and, when none of them runs, a sentence that says
so ("virtual(8) does not run: ...; if you enable it, it will exit").
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Tuple

from postfix_lint.problem import Severity


def _names(programs: Iterable[str]) -> Tuple[str, ...]:
    return tuple(dict.fromkeys(p for p in programs if p))


def runs(ctx, programs: Iterable[str]) -> bool:
    """Whether some program in ``programs`` will run (an empty list counts as running)."""
    progs = _names(programs)
    return not progs or ctx.usage.any_runs(progs)


def severity(ctx, programs: Iterable[str]) -> Optional[Severity]:
    """None (the rule's own severity) when a program in ``programs`` runs, else INFO."""
    return None if runs(ctx, programs) else Severity.INFO


def note(ctx, programs: Sequence[str]) -> str:
    """'' when a program runs, else ' (info: virtual(8) does not run here: ...; if you enable it ...)'."""
    progs = _names(programs)
    if not progs or ctx.usage.any_runs(progs):
        return ""
    reasons = "; ".join(ctx.usage.why_not(p) for p in progs)
    enable = " or ".join(f"{p}(8)" for p in progs)
    return f"; but nothing exits now: {reasons}; it matters once you enable {enable}"
