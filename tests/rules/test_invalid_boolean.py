"""PF120 invalid-boolean: A boolean parameter whose value is not ``yes`` or ``no``."""

from __future__ import annotations

import pytest

from helpers import messages, problems

CODE = "PF120"
BAD = 'smtpd_sasl_auth_enable = true\n'
GOOD = 'smtpd_sasl_auth_enable = YES\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 26, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


@pytest.mark.parametrize("value", ["yes", "no", "YES", "No", "nO", " yes", "yes "])
def test_booleans_accepted(value):
    # main.cf trims the value, so " yes" and "yes " reach Postfix as "yes"
    assert problems(f"smtputf8_enable = {value}\n", select=["PF120"]) == []


@pytest.mark.parametrize("value", ["true", "false", "1", "0", "on", "off", "", "y", "yes # comment", "ye s"])
def test_booleans_rejected(value):
    assert problems(f"smtputf8_enable = {value}\n", select=["PF120"])


def test_boolean_message_names_the_readers_and_postfix_text():
    [msg] = messages("smtpd_use_tls = on\n", "PF120")
    assert msg.startswith("smtpd_use_tls = on: not a boolean")
    assert "smtpd, postscreen and tlsproxy will exit with" in msg
    assert msg.endswith('"fatal: bad boolean configuration: smtpd_use_tls = on"')


def test_nbool_parameters_are_checked():
    assert problems("smtputf8_enable = maybe\n", select=["PF120"])  # nbool: default is an expression


def test_reference_to_a_default_the_daemon_has_not_read_yet():
    [msg] = messages("smtpd_use_tls = $smtpd_tls_auth_only\n", "PF120")
    assert '"" after expansion of "$smtpd_tls_auth_only"' in msg
    assert "its default has not been read yet" in msg and "postconf -x shows a value" in msg
    # the other way round smtpd has read smtpd_use_tls's default already
    assert problems("smtpd_tls_auth_only = $smtpd_use_tls\n", select=["PF120"]) == []
    # and once it is set there is nothing to explain
    assert problems("smtpd_tls_auth_only = no\nsmtpd_use_tls = $smtpd_tls_auth_only\n", select=["PF120"]) == []


def test_expansion_errors_are_left_to_the_macro_rules():
    assert problems("smtputf8_enable = ${x\n", select=["PF120"]) == []
    assert problems("smtputf8_enable = ${x\n", select=["PF113"])
