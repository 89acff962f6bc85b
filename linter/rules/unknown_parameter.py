"""A parameter that no Postfix program reads.

## What it does
Reports main.cf names that are not parameters of the target Postfix
release and are not used in a way Postfix recognises, exactly as that
release's ``postconf`` decides its ``unused parameter`` warning.  Without
a ``target-version`` a name is known when any release from 3.5 to 3.12
has it.

- built-in names of the release (and the legacy names some defaults still
  refer to, such as ``virtual_maps``) are known; a name that only later
  releases have is left to ``parameter-too-new`` (when it is enabled), a
  name only earlier releases had says which ones;
- ``<service>_<suffix>`` names are known for the services in master.cf run
  by a delivery agent that reads them (``relay_destination_rate_delay`` for
  a ``relay ... smtp`` service, ``<service>_time_limit`` for ``pipe``).  When
  there is a master.cf beside main.cf the linter reads it; otherwise it
  assumes the services of the target release's default master.cf
  (Debian's: ``smtp``, ``relay``, ``local``, ``virtual``, ``lmtp``,
  ``error``, ``retry``, and through 3.7 also the ``pipe`` examples
  ``bsmtp``, ``ifmail``, ``maildrop``, ``mailman``, ``scalemail-backend``,
  ``uucp``, which Debian's 3.8+ file comments out; without a target, all of
  them), as ``postconf`` would with a stock master.cf;
- a name of your own is used when it is referenced as ``$name`` in
  another main.cf value or a master.cf ``-o`` value, when it is listed in
  ``smtpd_restriction_classes``, or when it is a legacy database client
  setting ``<table>_<suffix>`` of a table named ``ldap:<table>``
  (``mysql:``, ``pgsql:``, ``sqlite:``, ``memcache:``) in a Postfix
  parameter's value.

A misspelt name gets a did-you-mean suggestion from the release's names.  A ``$`` syntax error in
the value of such a parameter is not reported separately: nothing expands
it.

## Why it matters
Postfix programs ignore names they do not know, silently: a typo such as
``mydistination`` leaves ``mydestination`` at its default, and mail for the
domain bounces with "relay access denied" or loops.  Only ``postconf``
warns, and only when someone runs it.

## Example
    mydistination = example.com, localhost
    # with a master.cf that has no "relay" service:
    relay_destination_rate_delay = 1s

## Use instead
    mydestination = example.com, localhost

## References
- postconf(1), the "unused parameter" warning: https://www.postfix.org/postconf.1.html
- postconf(5), per-transport parameters: https://www.postfix.org/postconf.5.html#transport_destination_rate_delay
- postconf(5), smtpd_restriction_classes: https://www.postfix.org/postconf.5.html#smtpd_restriction_classes
- ldap_table(5), legacy main.cf configuration: https://www.postfix.org/ldap_table.5.html
"""

from postfix_lint.postfix import profiles
from postfix_lint.postfix.params import database_pattern, transport_pattern
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.messages import quote
from postfix_lint.rules.support.naming import master_note, suggestion

CODE = "PF110"
NAME = "unknown-parameter"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}
DEFAULTS: dict = {}


def check(ctx, options):
    a = ctx.names
    prof = ctx.profile
    too_new_rule = "PF114" in ctx.enabled
    deprecation_rule = "PF115" in ctx.enabled
    who = ctx.target_name or "Postfix 3.5 - 3.12"
    for entry in a.unused:
        name = entry.name
        hint = ""
        why = prof.absent_because(name) if ctx.release is not None else None
        if why is not None:
            reason, first, ranges = why
            if reason == "added-later":
                if too_new_rule:
                    continue  # parameter-too-new reports it
                hint = f"; it is a parameter of Postfix {profiles.describe_releases(ranges)} only"
            elif deprecation_rule and prof.deprecation(name) is not None:
                continue  # deprecated-parameter quotes postconf's "has been removed"
            else:
                hint = f"; only Postfix {profiles.describe_releases(ranges)} had it"
        msg = f'unknown parameter "{quote(name)}": no {who} program reads it'
        guess = suggestion(ctx, name) if not hint else None
        pattern = transport_pattern(name) if not hint else None
        db = database_pattern(name) if not hint else None
        if hint:
            pass
        elif pattern is not None and (guess is None or guess.endswith("_" + pattern[1])):
            # a per-transport name of a service that is not there; a suggestion with the
            # same suffix would only name another service
            service, suffix, commands = pattern
            runs = "/".join(commands)
            hint = (f'; it looks like the per-transport parameter "{suffix}" of a service "{quote(service)}",'
                    f" but master.cf has no service of that name run by {runs}{master_note(a)}")
        elif guess is not None and guess != name:
            hint = f'; did you mean "{guess}"?'
        elif db is not None:
            table, suffix, kinds = db
            hint = (f'; it looks like a legacy database client setting "{suffix}",'
                    f" but no Postfix parameter names a table {'/'.join(k + ':' for k in kinds)}{quote(table)}")
        msg += hint + f' (postconf: "unused parameter: {quote(name)}={quote(entry.value, 30)}")'
        yield problem(entry.name_span(), msg)
