"""PF132 legacy-compatibility-defaults: compatibility_level below the release's current level (info)."""

from __future__ import annotations

from helpers import lint, problems

from postfix_lint.problem import Severity

CODE = "PF132"


def test_unset_names_the_legacy_defaults():
    [p] = lint("myhostname = a.example\n", CODE)
    assert p.severity is Severity.INFO and (p.line, p.column) == (1, 1)
    assert "backwards-compatible default settings" in p.message
    assert "smtpd_relay_restrictions" in p.message and "mynetworks_style" in p.message


def test_parameters_set_in_main_cf_are_not_named():
    [p] = lint("compatibility_level = 2\nsmtpd_tls_fingerprint_digest = sha256\n", CODE, target_version="3.7")
    assert "smtpd_tls_fingerprint_digest" not in p.message and "smtp_tls_fingerprint_digest" in p.message


def test_current_level_is_quiet():
    assert problems("compatibility_level = 3.6\n", select=[CODE], target_version="3.7") == []
    assert problems("compatibility_level = 3.6\n", select=[CODE], target_version="3.11")


def test_malformed_level_is_pf131s():
    assert problems("compatibility_level = 3.6 # x\n", select=[CODE]) == []
