"""A master.cf ``-o`` setting for the SMTP server or client on a service whose program never reads it.

## What it does
Reports a ``-o smtpd_*``, ``-o smtp_*`` or ``-o lmtp_*`` setting on a
service whose program (the command field: ``smtpd``, ``smtp``, ``pipe``,
``local``, ``postscreen`` ...) is not among the programs that read that
parameter, at the ``-o`` name.  A ``-o`` setting reaches only the program
of its own service (master(8) passes it on that program's command line), so
``-o smtp_tls_security_level=encrypt`` on an smtpd service, or ``-o
smtp_destination_concurrency_limit=2`` on a smtp service (the queue
manager reads that one, from main.cf), changes nothing.  A name that
another ``-o`` value of the same service refers to (``$name``) is not
reported.  postconf is silent: it knows the name.

## Why it matters
The setting looks active but is not: TLS is not enforced, the limit is not
applied.  The author usually meant the other side (``smtpd_`` vs
``smtp_``) or main.cf.

## Example
    submission inet n - y - - smtpd
      -o smtp_tls_security_level=encrypt

## Use instead
    submission inet n - y - - smtpd
      -o smtpd_tls_security_level=encrypt

## References
- master(5), -o: https://www.postfix.org/master.5.html
- postconf(5): https://www.postfix.org/postconf.5.html
"""

from postfix_lint.analyse.overrides import program_of
from postfix_lint.postfix import params
from postfix_lint.problem import Severity, problem

CODE = "PF312"
NAME = "inapplicable-override"
SEVERITY = Severity.WARNING
FILE = "master.cf"
OPTIONS: dict = {}
DEFAULTS: dict = {}
#: The name prefixes checked: the SMTP server's and the SMTP/LMTP client's own parameters.
PREFIXES = ("smtpd_", "smtp_", "lmtp_")


def check(ctx, options):
    known_programs = set(params.programs())
    local_used = ctx.names._local_used
    for service in ctx.master.services:
        program = program_of(service)
        if program not in known_programs or service.fatal("master"):
            continue
        used = local_used.get((service.name, service.type), set())
        for option in service.daemon_options:
            name = option.name
            if not name.startswith(PREFIXES) or name in used:
                continue
            p = ctx.definitions.definition(name)
            if p is None or p.is_global or not p.readers or program in p.readers:
                continue
            readers = ", ".join(r for r in p.readers if r and not r.startswith("("))
            yield problem(option.name_span,
                          f"-o {name} on service {service.name}/{service.type} has no effect: its program"
                          f" {program} does not read {name} (read by: {readers})")
