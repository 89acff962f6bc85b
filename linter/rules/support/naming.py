"""Shared by the name rules (PF110-PF115): master.cf notes, did-you-mean suggestions and release texts."""

from __future__ import annotations

from typing import Optional

from postfix_lint.analyse.names import Analysis
from postfix_lint.postfix import profiles

#: Suggestions per file at most (difflib over the names of similar length costs ~0.1 ms each):
#: a file of thousands of unknown names gets a did-you-mean on the first ones only.
MAX_SUGGESTIONS = 200
#: No Postfix parameter name is longer than this (the longest is 51 characters): no suggestion above.
MAX_NAME_LENGTH = 80


def master_note(a: Analysis) -> str:
    """' (no master.cf beside main.cf: compared with ...)' when the default master.cf was used, else ''."""
    if a.master.is_default:
        return (" (no master.cf beside main.cf: compared with the services of Postfix's default"
                f" master.cf: {', '.join(a.master.names())})")
    return ""


def suggestion(ctx, name: str) -> Optional[str]:
    """The name of ``ctx.profile`` (the target release, or every release) ``name`` is probably a typo of.

    Bounded: at most :data:`MAX_SUGGESTIONS` per file, none for names longer than :data:`MAX_NAME_LENGTH`.
    """
    if not name or len(name) > MAX_NAME_LENGTH:
        return None
    budget = ctx.__dict__.setdefault("_suggestions", {})
    if name in budget:
        return budget[name]
    if len(budget) >= MAX_SUGGESTIONS:
        return None
    hit = budget[name] = ctx.profile.suggest(name)
    return hit


def availability_text(name: str) -> str:
    """'3.10 and later', '3.5.24 - 3.5.27, 3.6.10 and later': the releases that have the built-in ``name``."""
    return profiles.describe_releases(profiles.availability(name))
