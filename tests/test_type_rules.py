"""Typed-value rules PF120 invalid-boolean, PF121 invalid-number, PF122 invalid-string-length.

Values are judged after ``$`` expansion the way each reading daemon expands
them (linter/resolver.py); the acceptance rules are reference section 3.2
(linter/typeconv.py).  When Postfix is installed, a sample is also run
through the real daemons.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from postfix_lint.engine import Settings, lint_text
from postfix_lint.problem import Severity
from postfix_lint.rules import RULES

from conftest import postfix_installed
from helpers import messages, problems
from test_name_rules import MASTER, _example

CASES = [
    ("PF120", "smtpd_sasl_auth_enable = true\n", (1, 26), "smtpd_sasl_auth_enable = YES\n"),
    ("PF121", "message_size_limit = 50M\n", (1, 22), "message_size_limit = 52428800\n"),
    ("PF122", "myhostname =\n", (1, 13), "myhostname = mail.example.com\n"),
]


@pytest.mark.parametrize("code, bad, where, good", CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_bad_example(code, bad, where, good):
    found = problems(bad, select=[code])
    assert found and found[0] == (*where, code)


@pytest.mark.parametrize("code, bad, where, good", CASES, ids=[c[0] for c in CASES])
def test_rule_quiet_on_good_example(code, bad, where, good):
    assert problems(good, select=[code]) == []


@pytest.mark.parametrize("code", ["PF120", "PF121", "PF122"])
def test_documented_example_fires_and_use_instead_does_not(code):
    module = RULES[code]
    assert problems(_example(module, "Example"), select=[code])
    assert problems(_example(module, "Use instead"), select=[code]) == []
    assert module.SEVERITY is Severity.ERROR


# --------------------------------------------------------------------------- booleans


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


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("value", ["5", "+5", "007", "-1", "2147483647"])
def test_int_accepted(value):
    assert problems(f"smtp_destination_concurrency_limit = {value}\n", select=["PF121"]) == []


@pytest.mark.parametrize("value", ["20k", "2e4", "5.0", "0x10", "", "99999999999", "2147483648", "5 5", "5#"])
def test_int_rejected(value):
    assert problems(f"smtp_destination_concurrency_limit = {value}\n", select=["PF121"])


def test_long_is_64_bit_and_has_no_suffixes():
    assert problems("message_size_limit = 99999999999\n", select=["PF121"]) == []
    assert problems("message_size_limit = 99999999999999999999\n", select=["PF121"])
    for value in ("10M", "10k", "1e7", "10MB", "1.5G"):
        [msg] = messages(f"message_size_limit = {value}\n", "PF121")
        assert "no unit suffixes" in msg or "not a whole number" in msg


def test_bounds_use_postfix_text():
    [msg] = messages("smtpd_recipient_limit = 0\n", "PF121")
    assert msg == ('smtpd_recipient_limit = 0: out of range; smtpd will exit with'
                   ' "fatal: invalid smtpd_recipient_limit parameter value 0 < 1"')
    assert problems("smtpd_recipient_limit = 1\n", select=["PF121"]) == []


def test_global_number_names_every_program():
    [msg] = messages("message_size_limit = 26214400  # 25MB\n", "PF121")
    assert "every Postfix program (postfix check and postfix start too)" in msg
    assert '"#" starts a comment only at the start of a line' in msg


def test_per_transport_numbers_follow_master_cf():
    text = "dovecot_destination_recipient_limit = one\n"
    assert problems(text, select=["PF121"]) == []  # no such service: unknown-parameter's business
    assert problems(text, select=["PF110"]) == [(1, 1, "PF110")]
    found = lint_text(text, "main.cf", Settings(select=["PF121", "PF110"], master_cf=MASTER))
    assert [p.code for p in found] == ["PF121"]
    assert "qmgr" in found[0].message
    assert problems("relay_destination_concurrency_limit = x\n", select=["PF121"])  # default master.cf


# --------------------------------------------------------------------------- strings


def test_required_strings():
    [msg] = messages("default_verp_delimiters = +\n", "PF122")
    assert "1 byte long, but it must be exactly 2 bytes long" in msg
    assert '"fatal: bad string length 1 < 2: default_verp_delimiters = +"' in msg
    assert problems("default_verp_delimiters = +=\n", select=["PF122"]) == []
    assert problems("smtpd_tls_security_level =\n", select=["PF122"]) == []  # may be empty


def test_raw_strings_are_not_expanded():
    assert problems("default_rbl_reply =\n", select=["PF122"])
    assert problems("default_rbl_reply = $undefined\n", select=["PF122"]) == []  # raw: 10 characters


def test_parameter_no_program_reads_is_not_reported():
    # debugger_command is read only with "-D"; nothing exits at start-up
    assert problems("debugger_command =\n", select=["PF122"]) == []


def test_postfix_command_parameters():
    [msg] = messages("sendmail_path =\n", "PF122")
    assert "the postfix command (postfix check, postfix start) will exit" in msg


# --------------------------------------------------------------------------- daemon-order expansion (item 4)


def test_reference_to_a_default_the_daemon_has_not_read_yet():
    [msg] = messages("smtpd_use_tls = $smtpd_tls_auth_only\n", "PF120")
    assert '"" after expansion of "$smtpd_tls_auth_only"' in msg
    assert "its default has not been read yet" in msg and "postconf -x shows a value" in msg
    # the other way round smtpd has read smtpd_use_tls's default already
    assert problems("smtpd_tls_auth_only = $smtpd_use_tls\n", select=["PF120"]) == []
    # and once it is set there is nothing to explain
    assert problems("smtpd_tls_auth_only = no\nsmtpd_use_tls = $smtpd_tls_auth_only\n", select=["PF120"]) == []


def test_reference_to_nothing():
    [msg] = messages("message_size_limit = ${limit}\n", "PF121")
    assert "$limit is neither set in main.cf nor a Postfix parameter, so it is empty" in msg
    assert problems("message_size_limit = ${limit:10240000}\n", select=["PF121"]) == []
    assert problems("message_size_limit = $limit\nlimit = 10240000\n", select=["PF121"]) == []


def test_global_references_resolve_everywhere():
    assert problems("smtpd_recipient_limit = $default_process_limit\n", select=["PF121"]) == []


def test_expansion_errors_are_left_to_the_macro_rules():
    assert problems("smtputf8_enable = ${x\n", select=["PF120"]) == []
    assert problems("smtputf8_enable = ${x\n", select=["PF113"])


# --------------------------------------------------------------------------- against the real daemons

LIVE = [
    # (main.cf text, daemon that reads the parameter)
    ("smtpd_use_tls = true\n", "smtpd"),
    ("smtpd_use_tls = YES\n", "smtpd"),
    ("smtpd_use_tls = $smtpd_tls_auth_only\n", "smtpd"),
    ("smtpd_tls_auth_only = $smtpd_use_tls\n", "smtpd"),
    ("smtpd_use_tls = ${undefined:no}\n", "smtpd"),
    ("message_size_limit = 10M\n", "qmgr"),
    ("message_size_limit = 99999999999\n", "qmgr"),
    ("message_size_limit = 26214400  # 25MB\n", "qmgr"),
    ("mailbox_size_limit = 0 # unlimited\n", "local"),
    ("qmgr_message_active_limit = 0\n", "qmgr"),
    ("qmgr_message_active_limit = 20000\n", "qmgr"),
    ("smtpd_recipient_limit = 0\n", "smtpd"),
    ("default_process_limit = 5.0\n", "qmgr"),
    ("virtual_minimum_uid = bearmail_uid\n", "virtual"),
    ("myhostname =\n", "qmgr"),
    ("myhostname = $undefined_host\n", "qmgr"),
    ("default_verp_delimiters = +\n", "cleanup"),
    ("default_verp_delimiters = +=\n", "cleanup"),
    ("relay_transport = \n", "trivial-rewrite"),
]


@pytest.mark.skipif(not postfix_installed(), reason="Postfix not installed: apt-get install postfix")
def test_errors_match_the_real_daemons():
    import oracle

    def verdict(case):
        text, daemon = case
        return oracle.daemon_verdict(text, daemon)

    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(verdict, LIVE))
    mismatches = []
    for (text, daemon), v in zip(LIVE, verdicts):
        found = lint_text(text, "main.cf", Settings(select=["PF120", "PF121", "PF122"]))
        mine = [p for p in found if daemon in p.message or "every Postfix program" in p.message]
        if bool(mine) == v.accepted:
            mismatches.append((text, daemon, v.fatal, [p.message for p in found]))
        elif mine:  # the linter quotes the daemon's own fatal message
            assert v.fatal in mine[0].message, (v.fatal, mine[0].message)
    assert mismatches == []
