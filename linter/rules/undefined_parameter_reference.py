"""A ``$name`` reference to a parameter that is neither set nor built in.

## What it does
Reports each ``$name``, ``${name}``, ``$(name)`` or ``${name?...}`` in a
value whose ``name`` is not set in main.cf, not set with ``-o`` in
master.cf and not a Postfix parameter, and each name listed in
``smtpd_restriction_classes`` that has no definition.  These are the names
``postconf`` calls ``undefined parameter``.  "A Postfix parameter" means
one of the target release (without a target: of any release 3.5 - 3.12);
a name that other releases have says which ones.  Every branch of
``${x?...}``/``${x:...}`` counts.  Values Postfix does not expand when it
reads them (``mailbox_command``, ``smtpd_reject_footer`` and the other
"raw" parameters, which have their own ``$`` attributes) are not checked.

## Why it matters
Postfix daemons expand an undefined name to nothing, without a message:
``mydestination = $myhostname, localhost.$mydomian`` silently becomes
``..., localhost.``.  A typo in a name therefore changes the value instead
of failing.

## Example
    mydestination = $myhostname, localhost.$mydomian

## Use instead
    mydestination = $myhostname, localhost.$mydomain

## References
- postconf(5), "$name" expressions: https://www.postfix.org/postconf.5.html
- postconf(1), the "undefined parameter" warning: https://www.postfix.org/postconf.1.html
- postconf(5), smtpd_restriction_classes: https://www.postfix.org/postconf.5.html#smtpd_restriction_classes
"""

from postfix_lint.postfix import profiles
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import quote
from postfix_lint.rules.support.naming import suggestion

CODE = "PF112"
NAME = "undefined-parameter-reference"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    who = ctx.target_name or "Postfix"
    for ref in ctx.names.undefined:
        name = ref.name
        ranges = profiles.availability(name) if name and ctx.release is not None else ()
        if ranges:
            hint = f"; only Postfix {profiles.describe_releases(ranges)} have it"
        else:
            guess = suggestion(ctx, name) if name else None
            hint = f'; did you mean "{guess}"?' if guess and guess != name else ""
        if ref.how == "restriction class":
            msg = (f'restriction class "{quote(name)}" in {ref.entry.name} has no definition in main.cf'
                   f' and is not a {who} parameter{hint} (postconf: "undefined parameter: {quote(name)}")')
        else:
            shown = f"${name}" if name else "${}"
            msg = (f"{shown} in {ref.entry.name} is neither set in main.cf nor a {who} parameter:"
                   f' it expands to nothing{hint} (postconf: "undefined parameter: {quote(name)}")')
        where = ref.entry.value_span(ref.offset, ref.offset + max(ref.length or len(name), 1))
        yield problem(where, msg)
