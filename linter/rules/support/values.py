"""Shared by the value rules (PF130-PF152): the release to judge against, a verdict in words, its severity.

The checks are the pure functions of :mod:`postfix_lint.postfix.words`,
:mod:`~postfix_lint.postfix.tables` and :mod:`~postfix_lint.postfix.restrictions`;
they take a release as ``(major, minor, patch)``.  With a target release
(``Context.release``) that release is asked.  Without one, every supported
release is asked (the newest patch of each line, then exactly, with
``profiles.releases_where``): a finding every release makes keeps its
severity; a finding only some releases make is reported with the releases
named ("Postfix 3.9 and later") and keeps its severity only when the newest
stable release (:data:`CURRENT`) is among them: otherwise it is about older
releases only, and is information (a modern value must not fail a hook
because Postfix 3.7.0 - 3.7.9 did not know it yet).

Severity (``Verdict.suggested_severity``, then lowered): error only when a
program that runs will exit or fail every lookup
(:mod:`postfix_lint.rules.support.running`) and the check's condition holds
(``only when smtpd_sasl_auth_enable = yes``); otherwise info for a fatal, and
warning for what Postfix only logs.
"""

from __future__ import annotations

import re
from typing import Callable, List, Optional, Sequence, Tuple

from postfix_lint.postfix import profiles
from postfix_lint.postfix.verdict import FAILS, FATAL, IGNORED, INFO, LOGS, Verdict
from postfix_lint.problem import Severity, Span
from postfix_lint.rules.support import running
from postfix_lint.rules.support.messages import programs_text, quote

Key = Tuple[int, int, int]
Check = Callable[[Key], List[Verdict]]


def key(release: "profiles.Release") -> Key:
    """A profiles.Release as the value checks want it: the 3.12 snapshot counts as 3.12.0."""
    return (release.major, release.minor, max(release.patch if release.patch is not None else 0, 0))


_NEWEST = tuple(profiles.parse_release(r) for r in profiles.KNOWN_RELEASES)

#: The newest stable release: without a target, a finding keeps its severity when it holds here.
CURRENT = max(r for r in _NEWEST if r.patch is not None)


class Releases(str):
    """The releases a finding holds for, in words; ``current``: :data:`CURRENT` is among them."""

    current: bool = False


def judge(ctx, check: Check, name: Optional[str] = None) -> Tuple[List[Verdict], Optional[str]]:
    """(verdicts, releases): the verdicts for the target release, releases None.

    Without a target: the verdicts of the newest release that makes any, and
    the releases that do in words, or None when every release does (every
    release that has the parameter ``name``, when given).
    """
    only = getattr(ctx.settings, "service_program", None)
    if only is not None and name in only[1]:
        check = _narrowed(check, only[0])
    if ctx.release is not None:
        return check(key(ctx.release)), None
    found = [(r, check(key(r))) for r in _NEWEST]
    failing = [v for _r, v in found if v]
    if not failing:
        return [], None
    ranges = profiles.releases_where(lambda p: bool(check(key(p.release))))
    everywhere = profiles.releases_where(lambda p: p.has(name)) if name else ()
    if ranges == everywhere or profiles.describe_releases(ranges) == "every known release":
        return failing[-1], None
    releases = Releases(profiles.describe_releases(ranges))
    releases.current = bool(check(key(CURRENT)))
    return failing[-1], releases


def _narrowed(check: Check, program: str) -> Check:
    """``check`` with its verdicts' programs narrowed to ``program``: for a master.cf ``-o``
    setting (``Settings.service_program``, analyse/overrides.py), which only the program of
    that service reads."""
    import dataclasses

    def narrowed(release):
        return [dataclasses.replace(v, programs=(program,)) for v in check(release)]

    return narrowed


_ONLY_WHEN_YES = re.compile(r"^only when (\w+) = yes$")
_NOT_WHEN_YES = re.compile(r"^not when (\w+) = yes$")
_ONLY_WHEN_SET = re.compile(r"^only when (\w+) is set$")
_EQUALS = re.compile(r"^(\w+) = (\S+)$")


def condition_holds(ctx, condition: str) -> bool:
    """Whether a verdict's condition holds for this main.cf (an unknown condition holds)."""
    if not condition:
        return True

    def value(name: str) -> Optional[str]:
        v = ctx.resolver.setting(name).expanded
        return None if v is None else v.strip()

    for pattern, test in ((_ONLY_WHEN_YES, lambda v: v is None or v.lower() == "yes"),
                          (_NOT_WHEN_YES, lambda v: v is None or v.lower() != "yes"),
                          (_ONLY_WHEN_SET, lambda v: v is None or v != "")):
        m = pattern.match(condition)
        if m:
            return test(value(m.group(1)))
    m = _EQUALS.match(condition)
    if m:
        v = value(m.group(1))
        return v is None or v.lower() == m.group(2).lower()
    return True


def severity(ctx, v: Verdict, releases: Optional[str]) -> Optional[Severity]:
    """The finding's severity (None: the rule's default) for verdict ``v``."""
    progs = [p for p in v.programs if p != "*"]
    active = (not progs or running.runs(ctx, progs)) and condition_holds(ctx, v.condition)
    if v.outcome in (FATAL, FAILS):
        level = Severity.ERROR if active else Severity.INFO
    elif v.outcome in (LOGS, IGNORED):
        level = Severity.WARNING if active else Severity.INFO
    else:
        level = Severity.INFO
    if releases is not None and not getattr(releases, "current", False):
        level = Severity.INFO
    return level


def who(v: Verdict) -> str:
    """The programs in words ('every Postfix program (...)' for ``*``)."""
    if "*" in v.programs:
        return programs_text((), True)
    return programs_text(v.programs)


def consequence(ctx, v: Verdict) -> str:
    """What Postfix does, in words, with its exact log text."""
    text = quote(v.message, 400)
    if v.outcome == FATAL:
        when = "at start" if v.when == "start" else "when the value is first used"
        out = f'{who(v)} will exit {when} with "{text}"'
    elif v.outcome == FAILS:
        out = f'{who(v)} logs "{text}"'
    elif v.outcome == LOGS:
        out = f'{who(v)} logs "{text}"' if text else f"{who(v)} ignores it"
        if v.when_detail.startswith("when mail reaches"):
            out += " when mail reaches it"
        elif v.when != "start":
            out += " when it uses the value"
    elif v.outcome == IGNORED:
        out = f"{who(v)} silently ignores it"
    else:
        out = f'without it, {who(v)} logs "{text}"'
    if v.effect and v.outcome != FATAL:
        out += f" ({v.effect})"
    if v.condition:
        out += f" [{v.condition}" + ("" if condition_holds(ctx, v.condition) else ", which is not the case here") + "]"
    progs = [p for p in v.programs if p != "*"]
    if v.outcome in (FATAL, FAILS, LOGS):
        out += running.note(ctx, progs)
    return out


def allowed_text(v: Verdict, limit: int = 30) -> str:
    """'; allowed: a, b, c (did you mean "b"?)' or ''."""
    out = ""
    if v.allowed:
        words = list(v.allowed)
        shown = ", ".join(words[:limit]) + (", ..." if len(words) > limit else "")
        out += f"; allowed: {shown}"
    if v.suggestion:
        out += f' (did you mean "{v.suggestion}"?)'
    return out


def releases_text(releases: Optional[str]) -> str:
    return "" if releases is None else f" (Postfix {releases}; no target release is configured)"


def word_span(entry, word: Optional[str]) -> Span:
    """The span of ``word`` in the entry's value when it is there literally, else the whole value."""
    if word:
        m = re.search(rf"(?:^|(?<=[\s,]))({re.escape(word)})(?=$|[\s,])", entry.value)
        if m:
            return entry.value_span(m.start(1), m.end(1))
    return entry.value_span()


def expanded(ctx, name: str, programs: Sequence[str] = ()) -> Optional[str]:
    """The value as the first of ``programs`` (or the preferred reader) expands it; None when it cannot."""
    program = next((p for p in programs if p and p != "*" and p in ctx.resolver.readers(name)), None)
    return ctx.resolver.setting(name, program).expanded


# -- lists of tables and restriction lists --------------------------------------------------

#: smtpd's restriction lists (smtpd_check.c); restriction classes are added per file.
RESTRICTION_LISTS = ("smtpd_client_restrictions", "smtpd_helo_restrictions", "smtpd_sender_restrictions",
                     "smtpd_relay_restrictions", "smtpd_recipient_restrictions", "smtpd_data_restrictions",
                     "smtpd_end_of_data_restrictions", "smtpd_etrn_restrictions")


def restriction_classes(ctx) -> List[str]:
    """The class names smtpd_restriction_classes lists (expanded as smtpd reads it)."""
    from postfix_lint.postfix.restrictions import split_restrictions

    value = expanded(ctx, "smtpd_restriction_classes", ("smtpd",))
    return split_restrictions(value or "")


def table_findings(ctx) -> List[Tuple[object, Verdict, Optional[Severity]]]:
    """(entry, verdict, severity) for every table list and restriction list main.cf sets, in file order.

    Table lists: :func:`postfix_lint.postfix.tables.check_table_list`;
    restriction lists (and the restriction classes' definitions):
    :func:`postfix_lint.postfix.restrictions.check_restriction_list`.
    Computed once per Context.
    """
    cached = getattr(ctx, "_table_findings", None)
    if cached is not None:
        return cached
    from postfix_lint.postfix import restrictions, tables

    release = key(ctx.release) if ctx.release is not None else None
    classes = restriction_classes(ctx)
    lists = set(RESTRICTION_LISTS) | set(classes)
    out = []
    for name, entry in ctx.doc.last().items():
        if tables.is_table_list(name):
            programs = tables.TABLE_LISTS.get(name) or tables.CONDITIONAL_TABLE_LISTS[name][0]
            value = expanded(ctx, name, programs)
            if value is None:
                continue
            if release is not None:
                found = [(v, None) for v in tables.check_table_list(name, value, release)]
            else:  # a type only some releases know: say which releases fail it
                found = _tables_any_release(name, value)
        elif name in lists:
            value = expanded(ctx, name, ("smtpd",))
            if value is None:
                continue
            if release is not None:
                found = restrictions.check_restriction_list(name, value, release, classes)
            else:  # removed restrictions: say which releases refuse them
                found = _restrictions_any_release(ctx, name, value, classes)
            found = [(v, None) for v in found]
        else:
            continue
        for v, releases in found:
            out.append((entry, v, severity(ctx, v, releases)))
    ctx._table_findings = out
    return out


def _tables_any_release(name: str, value: str) -> List[Tuple[Verdict, Optional[Releases]]]:
    """Without a target: (verdict, None) for what every release reports about a table list; a verdict
    only some releases make (a type added later, ``tables.TYPES_SINCE``) comes from the newest of them
    with those releases named in its condition, and :class:`Releases` (``current`` when the newest
    stable release is among them) for its severity."""
    from postfix_lint.postfix import tables

    def verdicts(release) -> List[Verdict]:
        return tables.check_table_list(name, value, key(release))

    def same(v: Verdict, w: Verdict) -> bool:
        return (v.word, v.outcome, v.message) == (w.word, w.outcome, w.message)

    by_release = [verdicts(r) for r in _NEWEST]
    out: List[Tuple[Verdict, Optional[Releases]]] = []
    seen: List[Verdict] = []
    for found in reversed(by_release):  # newest first: its verdicts, then those only older releases make
        for v in found:
            if any(same(v, w) for w in seen):
                continue
            seen.append(v)
            if all(any(same(v, w) for w in other) for other in by_release):
                out.append((v, None))
                continue
            ranges = profiles.releases_where(lambda p, v=v: any(same(v, w) for w in verdicts(p.release)))
            releases = Releases(profiles.describe_releases(ranges))
            releases.current = any(same(v, w) for w in verdicts(CURRENT))
            condition = f"Postfix {releases}; no target release is configured"
            out.append((Verdict(**{**v.__dict__, "condition": condition}), releases))
    return out


def _restrictions_any_release(ctx, name: str, value: str, classes: Sequence[str]) -> List[Verdict]:
    """Without a target: the newest release's verdicts; a removed restriction names the releases."""
    from postfix_lint.postfix import restrictions

    newest = restrictions.check_restriction_list(name, value, key(_NEWEST[-1]), classes)
    oldest = {(v.word, v.message) for v in restrictions.check_restriction_list(name, value, key(_NEWEST[0]),
                                                                              classes)}
    out = []
    for v in newest:
        if (v.word, v.message) not in oldest and v.word and v.word.lower() in restrictions.REMOVED_IN_3_9:
            v = Verdict(**{**v.__dict__, "condition": "Postfix 3.9 and later; earlier releases only warn"})
        out.append(v)
    return out
