"""compatibility_level unset or below the release's current level: some parameters keep legacy defaults.

## What it does
Reports, as advice, a ``compatibility_level`` that is not set or is below
the current level of the target release (2 for 3.5, 3.6 for 3.6 - 3.10,
3.11 from 3.11), and names the parameters that then keep their old
defaults (those main.cf does not set itself).  Without a target release it
reports only a level below that of every supported release (an unset
level, 0 or 1), since ``3.6`` is current for 3.6 - 3.10.

## Why it matters
Below the current level Postfix keeps backwards-compatible defaults for a
few parameters (``append_dot_mydomain``, ``smtputf8_enable``,
``smtpd_relay_restrictions``, ``relay_domains``, ``mynetworks_style``, the
TLS fingerprint digests, ``smtp_tls_security_level`` from 3.11 ...) and
``postfix start`` says so each time ("Postfix is using
backwards-compatible default settings"), with a log line whenever a legacy
default makes a difference.  Setting the level after checking those
parameters makes the behaviour explicit.  This is information, not a
fault: the legacy defaults work.

## Example
    myhostname = mail.example.com

## Use instead
    myhostname = mail.example.com
    compatibility_level = 3.6

## References
- COMPATIBILITY_README: https://www.postfix.org/COMPATIBILITY_README.html
- Postfix source: src/global/mail_params.c (check_legacy_defaults)
"""

from postfix_lint.postfix import words
from postfix_lint.problem import FILE_START, Severity, problem
from postfix_lint.rules.support import values

CODE = "PF132"
NAME = "legacy-compatibility-defaults"
SEVERITY = Severity.INFO
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    entry = ctx.doc.get("compatibility_level")
    value = None if entry is None else values.expanded(ctx, "compatibility_level")
    if entry is not None and value is None:
        return
    set_names = set(ctx.doc.last())
    found, releases = values.judge(ctx, lambda r: words.compatibility_defaults(value, r, set_names))
    if releases is not None:
        return  # advice that depends on the release (3.6 is current for 3.6 - 3.10): only with a target
    for v in found:
        head = "compatibility_level is not set (level 0)" if entry is None else f"compatibility_level = {value}"
        msg = (f"{head}: below the current level {v.suggestion}{values.releases_text(releases)};"
               f' postfix start reports "{v.message}", and {v.effect}')
        yield problem(FILE_START if entry is None else entry.value_span(), msg)
