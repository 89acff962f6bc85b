"""A parameter value that is not one of the words Postfix accepts for it.

## What it does
Checks every parameter whose value Postfix compares with a fixed list of
words (``smtp_tls_security_level``, ``smtpd_forbid_bare_newline``,
``inet_protocols``, ``mynetworks_style``, ``notify_classes``,
``milter_default_action``, ``header_from_format``, the TLS protocol and
SASL option lists, and every other one in Postfix's ``NAME_CODE`` /
``NAME_MASK`` tables) after ``$`` expansion, with the word lists of the
target release (they change between releases).  The message names the
program that reacts, quotes Postfix's log text, lists the allowed words
and suggests the closest one.

## Why it matters
``postconf`` and ``postfix check`` accept any text here.  Most of these
checks are fatal: the program that reads the value exits at start
(``inet_protocols = ipv5`` stops every Postfix program) or when it first
uses it (``smtp_tls_security_level = mayy``: the SMTP client exits at its
first delivery with ``fatal: Invalid TLS level "mayy"``).  Severity follows
what happens: **error** when a program that runs will exit; **warning**
where Postfix only logs and goes on (``milter_default_action`` is judged
only when a milter fails: every such mail gets 451) or silently ignores a
word; **info** when the program that would exit does not run with this
master.cf and these transports.  Without a target release, a value only
some releases refuse names them, and keeps its severity only when the
newest stable release refuses it too; a value only older releases refuse
is information.
compatibility_level is PF131's.

## Example
    smtp_tls_security_level = mayy
    inet_protocols = ipv5

## Use instead
    smtp_tls_security_level = may
    inet_protocols = ipv4

## References
- postconf(5): https://www.postfix.org/postconf.5.html
- Postfix source: src/util/name_code.c, src/util/name_mask.c, src/tls/tls_misc.c
"""

import dataclasses

from postfix_lint.postfix import words
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support import values

CODE = "PF130"
NAME = "invalid-word-value"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}

_CHECKED = frozenset(words.checked_names()) - {"compatibility_level"}


def _is_word_parameter(name: str) -> bool:
    return name in _CHECKED or bool(words._FEEDBACK.search(name))


def _accepted_later(check, word: str) -> str:
    """The releases after the first refusing one that accept ``word`` ('3.6 and later'), or ''."""
    from postfix_lint.postfix import profiles

    ranges = profiles.releases_where(lambda p: not any(v.word == word for v in check(values.key(p.release))))
    if not ranges or ranges[0][0] == profiles.Release(3, 5, 0):
        return ""
    return profiles.describe_releases(ranges)


def check(ctx, options):
    for name, entry in ctx.doc.last().items():
        if not _is_word_parameter(name) or ctx.resolver.param(name) is None:
            continue
        value = values.expanded(ctx, name)
        if value is None:
            continue  # PF113 / PF116 report the expansion failure
        context = None
        if name.endswith("sasl_security_options") or name.endswith("sasl_tls_security_options"):
            context = {"smtpd_sasl_type": values.expanded(ctx, "smtpd_sasl_type") or "cyrus"}
        check = (lambda r, name=name, value=value, context=context: words.check_words(name, value, r, context))
        found, releases = values.judge(ctx, check, name)
        shown = entry.value if value == entry.value else f"{value!r} after expansion of {entry.value!r}"
        by_word = {}
        for v in found:
            by_word.setdefault(v.word, []).append(v)
        for word, group in by_word.items():
            what = f'"{word}" is not a word' if word is not None else "not a value"
            effects = "; ".join(values.consequence(ctx, v) for v in group)
            later = _accepted_later(check, word) if releases is not None and word is not None else ""
            if later:  # valid in newer releases: not a typo, and the nearest word would change the meaning
                group = [dataclasses.replace(v, suggestion=None) for v in group]
                later = f'; "{word}" is accepted in Postfix {later}'
            msg = (f"{name} = {shown}: {what} Postfix accepts here{values.releases_text(releases)};"
                   f" {effects}{later}{values.allowed_text(group[0])}")
            levels = [values.severity(ctx, v, releases) for v in group]
            yield problem(values.word_span(entry, word), msg, severity=max(levels))
