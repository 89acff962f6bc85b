"""PF114 parameter-too-new: A parameter that the target Postfix version does not have yet."""

from __future__ import annotations

from helpers import messages, problems

CODE = "PF114"
BAD = 'smtputf8_enable = no\n'
GOOD = 'smtputf8_enable = no\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE], target_version='2.11')
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE], target_version='3.0') == []


def test_too_new_uses_the_target_version():
    text = "smtpd_relay_before_recipient_restrictions = yes\nrelay_destination_rate_delay = 1s\n"
    assert problems(text, select=["PF114"], target_version="3.7") == []
    assert problems(text, select=["PF114"], target_version="3.5") == [(1, 1, "PF114")]
    assert [p[0] for p in problems(text, select=["PF114"], target_version="2.4")] == [1, 2]
    [msg] = messages(text, "PF114", target_version="3.4")
    assert "added in Postfix 3.6" in msg and "target version is 3.4" in msg


def test_too_new_target_minor_version_covers_its_patch_releases():
    # smtpd_forbid_bare_newline arrived in 3.7.9: fine for "3.7" (any 3.7.x), not for "3.7.5"
    text = "smtpd_forbid_bare_newline = yes\n"
    assert problems(text, select=["PF114"], target_version="3.7") == []
    assert problems(text, select=["PF114"], target_version="3.7.5") == [(1, 1, "PF114")]
    assert problems(text, select=["PF114"], target_version="3.6") == [(1, 1, "PF114")]
