"""PF310 unused-override: postconf's "master.cf: unused parameter"."""

from __future__ import annotations

from helpers import lint_master

CODE = "PF310"


def test_misspelt_name_is_reported_at_the_name():
    [p] = lint_master("smtp inet n - y - - smtpd -o smtpd_tls_securty_level=may\n", CODE)
    assert (p.line, p.column, p.end_column, p.severity.name) == (1, 30, 53, "WARNING")


def test_known_and_per_transport_names_are_quiet():
    text = ("dovecot unix - n n - - pipe argv=/x\n"
            "smtp inet n - y - - smtpd -o smtpd_tls_security_level=may"
            " -o dovecot_destination_recipient_limit=1\n")
    assert lint_master(text, CODE) == []


def test_name_set_and_used_in_main_cf_is_quiet():
    assert lint_master("x unix - - n - - smtp -o my_name=a\n", CODE, main_cf="my_name = b\nmyhostname = $my_name\n") == []


def test_restriction_class_of_the_same_service_is_quiet():
    text = "smtp inet n - y - - smtpd -o smtpd_restriction_classes=cls -o cls=permit\n"
    assert lint_master(text, CODE) == []
