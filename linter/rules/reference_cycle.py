"""A ``$name`` reference that loops, or nests more than 100 deep.

## What it does
Expands every Postfix parameter set in main.cf the way the programs that
read it do, and reports expansions that Postfix gives up on: a parameter
that refers to itself (``a = $b``, ``b = $a``, or ``x = y$x``), or a chain
of references more than 100 levels deep.  Time parameters are reported by
``unresolvable-reference``.

## Why it matters
Postfix expands references recursively and stops at 100 levels with
``warning: unreasonable macro call nesting``; the program reading the
parameter then exits with ``fatal: dictionary mail_dict: macro processing
error``.  ``postconf -n`` shows nothing wrong, and ``postfix check`` notices
only for parameters that every program reads.

## Example
    mydestination = $myhostname, $mydestination

## Use instead
    mydestination = $myhostname, localhost

## References
- postconf(5), "$name" expressions: https://www.postfix.org/postconf.5.html
- Postfix source, the 100-level limit in mac_expand_callback(): https://github.com/vdukhovni/postfix/blob/master/postfix/src/util/mac_expand.c
"""

from postfix_lint.postfix import macro
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import programs_text, quote

CODE = "PF116"
NAME = "reference-cycle"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    a = ctx.names
    for name, entry in ctx.doc.last().items():
        if not macro.has_macros(entry.value) or name in a.syntax_errors:
            continue
        p = a.param(name)
        if p is None or p.type in ("time", "raw") or p.read_only:
            continue
        progs = ctx.resolver.programs(name)
        failing = [s for s in (ctx.resolver.setting(name, prog) for prog in progs) if s.error_kind == "nesting"]
        if not failing:
            continue
        s = failing[0]
        who = programs_text([f.program for f in failing], p.is_global)
        yield problem(
            entry.value_span(),
            f"{name} = {quote(entry.value)}: {s.error}; {who} will exit"
            ' with "fatal: dictionary mail_dict: macro processing error"',
        )
