"""A whole master.cf without a service Postfix needs (pickup, cleanup, qmgr, rewrite, bounce, ...).

## What it does
When the file is a whole master.cf -- it defines at least one of the core
services ``pickup``, ``cleanup`` or ``qmgr`` (under the names main.cf
gives them with ``*_service_name``) -- reports each internal service
Postfix needs that no entry provides, at the top of the file.  A fragment
meant to be appended to a master.cf (only ``submission``, ``dovecot``,
...) defines none of them and is not checked.

## Why it matters
Postfix starts, but the part of the mail system that needs the missing
service fails: no pickup means mail from ``sendmail`` is never picked up,
no bounce service means no non-delivery notices, and so on.

## Example
    pickup    unix  n       -       y       60      1       pickup
    cleanup   unix  n       -       y       -       0       cleanup
    qmgr      unix  n       -       n       300     1       qmgr

## Use instead
    submission inet n       -       y       -       -       smtpd

## References
- master(5): https://www.postfix.org/master.5.html
- postconf(5), *_service_name: https://www.postfix.org/postconf.5.html#bounce_service_name
"""

from postfix_lint.postfix.master_checks import REQUIRED_SERVICES, missing_services
from postfix_lint.problem import Severity, problem

CODE = "PF303"
NAME = "missing-service"
SEVERITY = Severity.WARNING
FILE = "master.cf"
OPTIONS: dict = {}
DEFAULTS: dict = {}
#: The services whose presence marks a whole master.cf (not a fragment).
CORE = ("pickup_service_name", "cleanup_service_name", "queue_service_name")


def check(ctx, options):
    main = {name: entry.value for name, entry in ctx.doc.last().items()}
    names = {s.name for s in ctx.master.services}
    core = [main.get(param, default) for param, default, _t, _w in REQUIRED_SERVICES if param in CORE]
    if not any(name in names for name in core):
        return
    for span, message, _severity in missing_services(ctx.master, main):
        yield problem(span, message)
