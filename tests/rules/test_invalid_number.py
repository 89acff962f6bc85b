"""PF121 invalid-number: A numeric parameter whose value Postfix rejects."""

from __future__ import annotations

import pytest

from helpers import lint, messages, problems, MASTER

CODE = "PF121"
BAD = 'message_size_limit = 50M\n'
GOOD = 'message_size_limit = 52428800\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 22, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


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
    found = lint(text, "PF121", "PF110", master_cf=MASTER)
    assert [p.code for p in found] == ["PF121"]
    assert "qmgr" in found[0].message
    assert problems("relay_destination_concurrency_limit = x\n", select=["PF121"])  # default master.cf


def test_reference_to_nothing():
    [msg] = messages("message_size_limit = ${limit}\n", "PF121")
    assert "$limit is neither set in main.cf nor a Postfix parameter, so it is empty" in msg
    assert problems("message_size_limit = ${limit:10240000}\n", select=["PF121"]) == []
    assert problems("message_size_limit = $limit\nlimit = 10240000\n", select=["PF121"]) == []


def test_global_references_resolve_everywhere():
    assert problems("smtpd_recipient_limit = $default_process_limit\n", select=["PF121"]) == []
