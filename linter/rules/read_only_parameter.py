"""An assignment to a parameter that Postfix sets itself.

## What it does
Reports ``process_id``, ``process_name`` and ``service_name`` set in
main.cf, when the target release makes them read-only: all three in 3.5 -
3.11.1 and in the 3.12 snapshot; in 3.11.2 - 3.11.6 ``service_name`` is an
ordinary parameter (default ``amnesiac``) and is not reported.  Without a
target, the message says in which releases the name is read-only.

## Why it matters
Every Postfix process sets these read-only parameters itself (its process
ID, its program name, its master.cf service name).  An assignment in
main.cf is ignored, and ``postconf`` warns ``read-only parameter
assignment`` and drops it.  A setting that has no effect misleads whoever
reads the file, and is usually meant for another parameter (for example
``syslog_name`` instead of ``process_name``).

## Example
    process_name = mail-relay

## Use instead
    syslog_name = mail-relay

## References
- postconf(5), process_name: https://www.postfix.org/postconf.5.html#process_name
- postconf(5), service_name: https://www.postfix.org/postconf.5.html#service_name
- postconf(5), process_id: https://www.postfix.org/postconf.5.html#process_id
"""

from postfix_lint.postfix import profiles
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import quote

CODE = "PF111"
NAME = "read-only-parameter"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


_NAMES = ("process_id", "process_name", "service_name")


def check(ctx, options):
    last = ctx.doc.last()
    for name in _NAMES:
        entry = last.get(name)
        if entry is None:
            continue
        where = ""
        if ctx.release is not None:
            if not ctx.profile.is_read_only(name):
                continue
        else:
            ranges = profiles.releases_where(lambda p, n=name: p.is_read_only(n))
            if not ranges:
                continue
            text = profiles.describe_releases(ranges)
            if text != "every known release":
                where = f" (in Postfix {text}; other releases read it as an ordinary parameter)"
        yield problem(
            entry.name_span(),
            f"{entry.name} is read-only: every Postfix process sets it itself and ignores this line{where}"
            f' (postconf: "read-only parameter assignment: {entry.name}={quote(entry.value, 30)}")',
        )
