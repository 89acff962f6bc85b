"""Helpers for the rule tests: lint a text, pick one finding, read a rule's docstring examples."""

from __future__ import annotations

import re
from typing import List

from postfix_lint.engine import Settings, lint_text
from postfix_lint.problem import Problem


def lint(text: str, *codes: str, **settings) -> List[Problem]:
    """The findings of the rules ``codes`` (every default rule when none) on ``text`` as main.cf."""
    s = Settings(select=list(codes) or None, **settings)
    return lint_text(text, "main.cf", s)


def lint_master(text: str, *codes: str, main_cf=None, **settings) -> List[Problem]:
    """The findings of the rules ``codes`` (every default rule when none) on ``text`` as master.cf,
    paired with ``main_cf`` (text; None: Postfix's defaults)."""
    from postfix_lint.engine import lint_master_bytes

    s = Settings(select=list(codes) or None, **settings)
    return lint_master_bytes(text.encode("utf-8", "surrogateescape"), "master.cf", s, main_cf)


def problems(text: str, select=None, **settings):
    """Lint ``text`` and return [(line, column, code)] sorted."""
    s = Settings(select=select, **settings)
    return [(p.line, p.column, p.code) for p in lint_text(text, "main.cf", s)]


def codes(text: str, select=None, **settings):
    return sorted({c for _, _, c in problems(text, select, **settings)})


def messages(text: str, code: str, **settings):
    return [p.message for p in lint(text, code, **settings)]


def one(text: str, code: str, **settings) -> Problem:
    """The single finding of rule ``code`` on ``text`` (fails when there are none or several)."""
    found = lint(text, code, **settings)
    assert len(found) == 1, [p.message for p in found]
    return found[0]


def quiet(text: str, code: str, **settings) -> bool:
    """True when rule ``code`` finds nothing in ``text``."""
    found = lint(text, code, **settings)
    assert not found, [p.message for p in found]
    return True


def example(module, heading: str) -> str:
    """The indented main.cf block under ``## heading`` in a rule module's docstring ('' if none)."""
    doc = module.__doc__ or ""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    if not match:
        return ""
    lines = [line[4:] for line in match.group(1).splitlines() if line.startswith("    ")]
    return "\n".join(lines) + "\n" if lines else ""


def postconf_n(analysis) -> dict:
    """{name: value} as ``postconf -n`` would print them (whitespace collapsed), minus config_directory.

    The linter's prediction from a :class:`postfix_lint.analyse.names.Analysis`,
    compared with the real postconf by the differential tests.
    """
    from postfix_lint.postfix.text import normalise

    dropped = {e.name for e in analysis.read_only}
    return {name: normalise(entry.value) for name, entry in analysis.doc.last().items()
            if name not in dropped and analysis.is_used(name)}


def message(text: str, code: str, **settings) -> str:
    """The message of the single finding of rule ``code`` on ``text``."""
    return one(text, code, **settings).message


#: The appliance configuration of the seed article: quiet but for PF207's info note.
SEED = (
    "queue_run_delay = 900s\nminimal_backoff_time = 900s\nmaximal_backoff_time = 3600s\n"
    "maximal_queue_lifetime = 1d\nbounce_queue_lifetime = 0\n"
)
#: A quiet baseline for rules that look at the retry group as a whole.
QUIET = (
    "queue_run_delay = 300s\nminimal_backoff_time = 300s\nmaximal_backoff_time = 4000s\n"
    "maximal_queue_lifetime = 5d\nbounce_queue_lifetime = 1d\n"
)
#: A master.cf with -o settings, a pipe and an lmtp service, and postconf's "-o" quirks.
MASTER = (
    "# a comment\n"
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "  -o smtpd_client_restrictions=$client_checks\n"
    "#  -o commented=out\n"
    "  -o { smtpd_restriction_classes = cls_from_master }\n"
    "relay2    unix  -       -       y       -       -       smtp\n"
    "dovecot   unix  -       n       n       -       -       pipe\n"
    "  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -d ${recipient} -o not=an_option\n"
    "slow      unix  -       -       n       -       -       lmtp -vo smtp_helo_name=$helo_from_master\n"
    "  -osyslog_name=slow\n"
)


def installed_release() -> str:
    """The profile to compare the installed Postfix with: its ``mail_version`` as a known release (a newer
    patch of a known line: that line's newest known patch), or 3.7.11 (Debian 12) without Postfix.

    "Installed" is ``releases.system_version()``: the host's Postfix, or the tree
    ``$POSTFIX_LINT_SYSTEM_RELEASE`` names (tests/oracle.py).
    """
    import releases
    from postfix_lint.postfix import profiles

    version = releases.system_version()
    release = profiles.closest_release(version) if version else None
    return str(release) if release is not None else "3.7.11"
