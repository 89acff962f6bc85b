"""PF300 master-field-syntax: a master.cf line that master(8), postconf or the service's program refuses."""

from __future__ import annotations

import pytest

from helpers import lint_master

CODE = "PF300"


def test_bad_chroot_field_is_an_error_at_the_field():
    [p] = lint_master("smtp inet n - maybe - - smtpd\n", CODE)
    assert (p.line, p.column, p.severity.name) == (1, 15, "ERROR")
    assert 'invalid chroot field "maybe"' in p.message


@pytest.mark.parametrize("line", ["short line", "x bogus - - - - - cmd", "x unix - - n 1x - cmd",
                                  "x unix - - n - many cmd"])
def test_refused_lines(line):
    assert lint_master(line + "\n", CODE)


def test_daemon_option_without_value_is_an_error():
    assert lint_master("x unix - - n - - smtp -o novalue\n", CODE)


@pytest.mark.parametrize("line", ["pickup unix n - y 60? 1 pickup", "smtp inet n - y - - smtpd",
                                  "x unix - - n - - smtp -o { smtp_helo_name = a b }"])
def test_good_lines_are_quiet(line):
    assert lint_master(line + "\n", CODE) == []
