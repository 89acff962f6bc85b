"""PF312 inapplicable-override: an SMTP server/client -o setting on a service whose program never reads it."""

from __future__ import annotations

import pytest

from helpers import lint_master

CODE = "PF312"


def test_client_setting_on_the_server():
    [p] = lint_master("submission inet n - y - - smtpd\n  -o smtp_tls_security_level=encrypt\n", CODE)
    assert (p.line, p.column, p.end_column, p.severity.name) == (2, 6, 29, "WARNING")
    assert "its program smtpd does not read smtp_tls_security_level" in p.message


def test_queue_manager_limit_on_the_client():
    assert lint_master("smtp unix - - n - - smtp -o smtp_destination_concurrency_limit=2\n", CODE)


@pytest.mark.parametrize("line", [
    "submission inet n - y - - smtpd -o smtpd_tls_security_level=encrypt",
    "relay unix - - n - - smtp -o smtp_tls_security_level=encrypt",
    "tlsproxy unix - - n - 0 tlsproxy -o smtp_tls_security_level=may",
    "smtp inet n - y - 1 postscreen -o smtpd_tls_security_level=may",
    "x unix - - n - - smtpd -o syslog_name=x -o myhostname=a",  # global parameters
    "x unix - - n - - mycustom -o smtp_tls_security_level=encrypt",  # not a Postfix program
    "x unix - - n - - smtpd -o smtp_tls_security_level=may -o smtpd_tls_security_level=$smtp_tls_security_level",
])
def test_quiet(line):
    assert lint_master(line + "\n", CODE) == []
