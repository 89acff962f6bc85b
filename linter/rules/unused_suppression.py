"""A suppression comment that suppresses nothing, or that cannot be understood.

## What it does
Reports each rule named in a ``# postfix-lint:`` comment that silences no
problem: a ``disable-next-line`` whose next line has no such problem, a
``disable``/``enable`` range or a ``disable-file`` without one, an
``enable`` without a ``disable`` above it, and a rule that is already
disabled.  It also reports comments that cannot be understood (an unknown
action or rule, no rule list) and a ``# postfix-lint:`` comment written
after a value, where it is part of the value.  A rule that is not enabled
for the file is not reported: the file may be linted with another selection
elsewhere.

## Why it matters
A suppression outlives the problem it was written for: the value gets
fixed, the comment stays, and the next real problem on that line goes
unseen.  A misspelt comment silences nothing while its writer believes it
does.  main.cf has no end-of-line comments, so a directive after a value is
not a comment at all: Postfix reads it into the value.

## Example
    # postfix-lint: disable-next-line=bounce-backscatter-risk -- appliance policy
    bounce_queue_lifetime = 0

## Use instead
    bounce_queue_lifetime = 0

## References
- postconf(5), "main.cf file format" (comments are whole lines): https://www.postfix.org/postconf.5.html
- Suppression comments: README.md, "Suppressing problems"
"""

from postfix_lint.problem import Severity

CODE = "PF090"
NAME = "unused-suppression"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    # The engine reports these after every other rule has run (postfix_lint.suppress).
    return iter(())
