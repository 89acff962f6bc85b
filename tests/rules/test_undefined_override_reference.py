"""PF311 undefined-override-reference: postconf's "master.cf: undefined parameter"."""

from __future__ import annotations

from helpers import lint_master

CODE = "PF311"


def test_reference_reported_at_its_name():
    [p] = lint_master("x unix - - n - - smtp -o smtp_helo_name=$nowhere\n", CODE)
    assert (p.line, p.column, p.end_column, p.severity.name) == (1, 42, 49, "WARNING")  # the name after "$"


def test_defined_in_main_cf_or_same_service_is_quiet():
    assert lint_master("x unix - - n - - smtp -o smtp_helo_name=$a\n", CODE, main_cf="a = b\n") == []
    assert lint_master("x unix - - n - - smtp -o smtp_helo_name=$a -o a=b\n", CODE) == []
    assert lint_master("x unix - - n - - smtp -o smtp_helo_name=$myhostname\n", CODE) == []


def test_defined_only_in_another_service_is_undefined():
    text = "x unix - - n - - smtp -o smtp_helo_name=$a\ny unix - - n - - smtp -o a=b\n"
    assert [p.line for p in lint_master(text, CODE)] == [1]


def test_undefined_restriction_class():
    found = lint_master("smtp inet n - y - - smtpd -o smtpd_restriction_classes=cls\n", CODE)
    assert found and "cls" in found[0].message
