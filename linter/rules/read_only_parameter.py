"""An assignment to a parameter that Postfix sets itself.

## What it does
Reports ``process_id``, ``process_name`` and ``service_name`` set in
main.cf.

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

from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import quote

CODE = "PF111"
NAME = "read-only-parameter"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    for entry in ctx.names.read_only:
        yield problem(
            entry.name_span(),
            f"{entry.name} is read-only: every Postfix process sets it itself and ignores this line"
            f' (postconf: "read-only parameter assignment: {entry.name}={quote(entry.value, 30)}")',
        )
