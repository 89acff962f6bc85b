"""A ``$`` expression that Postfix cannot parse.

## What it does
Parses every value that Postfix expands with Postfix's own ``$`` grammar
(``mac_parse()``/``mac_expand()``) and reports what it rejects: ``$`` with
no name (``5$``, ``$-``, ``${}``), a truncated ``${name`` or ``$(name``, bad
characters in a name (``${env["X"]}``), an unknown operator (``${{a} =~
{b}}``), unbalanced ``{}``, text after an operand, a malformed
compatibility level for ``<level``.  Every branch of ``${x?...}`` and
``${x:...}`` is checked, also one the current settings do not take.

The grammar and the messages are the target release's: the ``<level``
operators exist from 3.6 (3.5 says ``"{expression}" expected``), the
functions ``${domain_to_ascii{...}}`` and ``${domain_to_utf8{...}}`` from
3.11 (before: ``attribute name syntax error``; from 3.11 an unknown
function is ``unknown function "NAME"``).  Without a target, what every
release rejects is an error, and what only older releases reject (the
``$`` language only grows) is information that names them.

Checked: Postfix parameters and the names of your own that Postfix
expands (referenced as ``$name``, restriction classes, database client
settings).  Not checked: the "raw" parameters (``mailbox_command``,
``smtpd_reject_footer``...), which are expanded later with their own
attributes, and names nothing uses (``unknown-parameter`` reports those).
A time parameter whose reading fails this way is reported by
``unresolvable-reference`` instead.

## Why it matters
A program that reads such a value exits with ``fatal: dictionary mail_dict:
macro processing error`` (and ``postconf`` with ``fatal: macro processing
error``).  ``postfix check`` does not notice when the parameter is read
only by a daemon: ``postfix start`` succeeds, then the daemon dies at start
and master(8) throttles it.

## Example
    myhostname = ${env["POSTFIX_HOSTNAME"]}
    smtpd_banner = $myhostname ESMTP ${mail_name

## Use instead
    myhostname = mail.example.com
    smtpd_banner = $myhostname ESMTP ${mail_name}

## References
- postconf(5), "$name" expressions: https://www.postfix.org/postconf.5.html
- Postfix source: src/util/mac_parse.c, src/util/mac_expand.c: https://github.com/vdukhovni/postfix/blob/master/postfix/src/util/mac_expand.c
"""

from postfix_lint.postfix import macro, profiles
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import programs_text, quote

CODE = "PF113"
NAME = "macro-syntax-error"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}

FATAL = '"fatal: dictionary mail_dict: macro processing error"'


def check(ctx, options):
    yield from _errors(ctx)
    if ctx.release is None:
        yield from _release_dependent(ctx)


def _release_dependent(ctx):
    """No target: values the permissive (union) grammar accepts but some releases reject."""
    a = ctx.names
    for name, entry in ctx.doc.last().items():
        value = entry.value
        if "$" not in value or name in a.syntax_errors or not a.is_used(name) or name in a._dropped:
            continue
        p = a.param(name)
        if p is not None and p.type == "raw":
            continue
        err = macro.check_syntax(value, macro.DIALECT_3_5)  # the oldest, strictest grammar
        if err is None:
            continue
        ranges = profiles.releases_where(
            lambda prof: macro.check_syntax(value, macro.dialect_for(prof)) is not None)
        if not ranges:
            continue
        first_bad = ranges[0][0]
        shown = macro.check_syntax(value, macro.dialect_for(profiles.profile(first_bad))) or err
        offset = min(max(shown.offset, 0), len(value))
        yield problem(
            entry.value_span(offset, offset + 1),
            f"{name} = {quote(value)}: Postfix {profiles.describe_releases(ranges)} cannot parse it"
            f" ({shown.message}), and a program of those releases that reads it exits with {FATAL};"
            " later releases accept it (set target-version to your release)",
            severity=Severity.INFO,
        )


def _errors(ctx):
    a = ctx.names
    doc = ctx.doc
    for name, err in a.syntax_errors.items():
        if not a.is_used(name):
            continue
        entry = doc.get(name)
        p = a.param(name)
        if p is not None:
            progs = ctx.resolver.programs(name)
            settings = [ctx.resolver.setting(name, prog) for prog in progs]
            if p.type == "time" and any(s.expanded is None for s in settings):
                continue  # unresolvable-reference reports it
            failing = [s.program for s in settings if s.error_kind == "syntax"]
            if not progs:
                who = f"a program that reads it exits with {FATAL}"
            elif failing:
                who = f"{programs_text(failing, p.is_global)} will exit with {FATAL}"
            else:
                who = (f"the error is in a branch the current settings do not take; once they do,"
                       f" {programs_text(progs, p.is_global)} will exit with {FATAL}")
        else:
            use = a.used.get(name)
            via = f" (used by {use.entry.name})" if use is not None and use.entry is not None else ""
            who = f"every program that expands ${name}{via} will exit with {FATAL}"
        msg = f"{name} = {quote(entry.value)}: {err.message}; {who}"
        offset = min(max(err.offset, 0), len(entry.value))
        yield problem(entry.value_span(offset, offset + 1), msg)
