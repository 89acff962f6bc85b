"""PF122 invalid-string-length: A string parameter that is empty (or too long) where Postfix requires a length."""

from __future__ import annotations

from helpers import messages, problems

CODE = "PF122"
BAD = 'myhostname =\n'
GOOD = 'myhostname = mail.example.com\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 13, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


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
