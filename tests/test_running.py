"""Which programs run (analyse/running.py) and how the typed and time rules use it: error or info."""

from __future__ import annotations

from helpers import lint

from postfix_lint.analyse.context import Context
from postfix_lint.engine import Settings
from postfix_lint.problem import Severity
from postfix_lint.read.main_cf import parse

MASTER_LMTP_ONLY = """\
smtp      inet  n       -       y       -       -       smtpd
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       y       -       -       trivial-rewrite
bounce    unix  -       -       y       -       0       bounce
smtp      unix  -       -       y       -       -       smtp
relay     unix  -       -       y       -       -       smtp
lmtp      unix  -       -       y       -       -       lmtp
"""


def usage(text: str, master=None):
    return Context(parse(text), Settings(master_cf=master)).usage


def test_stock_services_run_smtp_local_not_virtual():
    u = usage("")
    assert u.runs("smtpd") and u.runs("qmgr") and u.runs("cleanup")
    assert u.runs("smtp") and u.runs("local")
    assert not u.runs("virtual") and not u.runs("lmtp") and not u.runs("postscreen")
    assert u.runs("postfix") and u.runs("*")


def test_virtual_domains_put_virtual_in_use():
    assert usage("virtual_mailbox_domains = example.com\n").runs("virtual")
    u = usage("virtual_mailbox_domains = example.com\nvirtual_transport = lmtp:unix:private/dovecot-lmtp\n")
    assert u.runs("lmtp") and not u.runs("virtual")


def test_empty_mydestination_takes_local_out_of_use():
    assert not usage("mydestination =\n").runs("local")


def test_transport_maps_put_every_delivery_service_in_use():
    u = usage("transport_maps = hash:/etc/postfix/transport\n")
    assert u.runs("virtual") and u.runs("lmtp") and u.runs("pipe")


def test_master_cf_without_a_service_means_the_daemon_does_not_run():
    u = usage("", MASTER_LMTP_ONLY)
    assert not u.runs("local")  # no local service: the transport local: has no daemon behind it
    assert not u.runs("postscreen") and not u.runs("tlsmgr")
    assert u.runs("smtpd") and u.runs("smtp")


def test_issue_example_virtual_mailbox_base_is_not_an_error():
    text = "virtual_mailbox_base =\nvirtual_transport = lmtp:127.0.0.1:2003\n"
    [p] = lint(text, "PF122")
    assert p.severity is Severity.INFO
    assert "nothing exits now" in p.message and "virtual(8)" in p.message


def test_virtual_mailbox_base_is_an_error_when_virtual_delivers():
    text = "virtual_mailbox_base =\nvirtual_mailbox_domains = example.com\n"
    [p] = lint(text, "PF122")
    assert p.severity is Severity.ERROR and "nothing exits" not in p.message


def test_user_severity_still_wins():
    text = "virtual_mailbox_base =\n"
    [p] = lint(text, "PF122", severity={"PF122": Severity.WARNING})
    assert p.severity is Severity.WARNING


def test_time_fatal_in_an_unused_program_is_info():
    [p] = lint("lmtp_connect_timeout = 10x\n", "PF101")
    assert p.severity is Severity.INFO
    [p] = lint("smtp_connect_timeout = 10x\n", "PF101")
    assert p.severity is Severity.ERROR
