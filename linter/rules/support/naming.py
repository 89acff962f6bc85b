"""Shared by the name rules (PF110-PF115): master.cf notes and did-you-mean suggestions."""

from __future__ import annotations

from typing import Optional

from postfix_lint.analyse.names import Analysis
from postfix_lint.postfix import params


def master_note(a: Analysis) -> str:
    """' (no master.cf beside main.cf: compared with ...)' when the default master.cf was used, else ''."""
    if a.master.is_default:
        return (" (no master.cf beside main.cf: compared with the services of Postfix's default"
                f" master.cf: {', '.join(a.master.names())})")
    return ""


def suggestion(name: str) -> Optional[str]:
    """The built-in name ``name`` is probably a typo of, or None."""
    return params.suggest(name)
