"""PF302 duplicate-service: two entries master(8) sees as one service."""

from __future__ import annotations

from helpers import lint_master

CODE = "PF302"


def test_second_entry_replaces_the_first():
    [p] = lint_master("relay unix - - n - - smtp\nrelay unix - - n - - smtp -o a=b\n", CODE)
    assert (p.line, p.column, p.severity.name) == (1, 1, "WARNING") and "using the last entry" in p.message


def test_port_name_and_number_are_the_same_service():
    assert lint_master("smtp inet n - y - - smtpd\n25 inet n - y - - smtpd\n", CODE)


def test_different_types_are_different_services():
    assert lint_master("relay unix - - n - - smtp\nrelay fifo - - n - - smtp\n", CODE) == []
