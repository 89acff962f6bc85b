"""A queue lifetime shorter than the 4-5 days RFC 5321 recommends.

## What it does
Reports an effective ``maximal_queue_lifetime`` below a threshold, 4 days
by default.

## Why it matters
RFC 5321 §4.5.4.1: "the give-up time generally needs to be at least 4-5
days".  A remote site that is down over a weekend, or a greylisting or
rate-limiting receiver, will have your mail bounced back to its senders.
Appliances that ship 1 day trade delivery for queue size; make it a choice.

## Options
- ``threshold`` (time, default ``4d``): the shortest lifetime not reported.

## Example
    maximal_queue_lifetime = 1d

## Use instead
    maximal_queue_lifetime = 5d

## References
- RFC 5321 §4.5.4.1: https://www.rfc-editor.org/rfc/rfc5321#section-4.5.4.1
- postconf(5): https://www.postfix.org/postconf.5.html#maximal_queue_lifetime
"""

from postfix_lint.postfix.values import conv_time
from postfix_lint.rules.support.messages import seconds_text
from postfix_lint.problem import Severity, problem
from postfix_lint.rules.support.time import describe, qmgr_value

CODE = "PF207"
NAME = "short-queue-lifetime"
SEVERITY = Severity.INFO
OPTIONS = {"threshold": "time"}
DEFAULTS = {"threshold": "4d"}


def check(ctx, options):
    limit = conv_time(str(options["threshold"]), "s").seconds
    life = qmgr_value(ctx, "maximal_queue_lifetime")
    if life is None or limit is None or life.seconds >= limit:
        return
    yield problem(
        life.span,
        f"mail to a site that is down for a weekend is returned to its sender: {describe(life)} is shorter"
        f" than {seconds_text(limit)}, and RFC 5321 §4.5.4.1 recommends giving up after 4-5 days",
    )
