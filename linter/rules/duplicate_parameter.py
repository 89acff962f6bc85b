"""A parameter set more than once.

## What it does
Finds parameters defined on more than one logical line and reports each
definition that is overridden, naming the line that wins.

## Why it matters
postconf(5): "When the same parameter is defined multiple times, only the
last instance is remembered."  Every Postfix program logs ``overriding
earlier entry`` at start when the values differ.  An admin who edits the
first definition changes nothing.

## Example
    maximal_queue_lifetime = 5d
    maximal_queue_lifetime = 1d

## Use instead
    maximal_queue_lifetime = 1d

## References
- postconf(5): https://www.postfix.org/postconf.5.html
"""

from postfix_lint.problem import Severity, problem

CODE = "PF010"
NAME = "duplicate-parameter"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    last = ctx.doc.last()
    for entry in ctx.doc.entries:
        winner = last[entry.name]
        if winner is entry:
            continue
        same = " (the same value)" if winner.value == entry.value else f" = {winner.value[:60]}"
        yield problem(
            entry.name_span(),
            f"{entry.name} is set again on line {winner.line}{same}; the last definition wins,"
            " so this one is ignored",
        )
