"""postfix_lint.postfix.{words,tables,restrictions}: the issue-11 examples, release differences, robustness.

The 3.7.11 behaviour is pinned row by row in test_differential_values.py (real
daemons); this file covers what one installed release cannot show: the word
sets of other releases (enum-values.tsv / value-changes.tsv, verified there
with the built daemons of each release), plus the generated module's freshness.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postfix_lint.postfix import restrictions, tables, words
from postfix_lint.postfix.verdict import FAILS, FATAL, INFO, LOGS

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference" / "versions"


def _one(found):
    assert len(found) == 1, found
    return found[0]


# -- the examples of issue 11 ---------------------------------------------------------------

def test_issue_examples_fixed_words():
    v = _one(words.check_words("smtpd_forbid_bare_newline", "normalise"))
    assert (v.outcome, v.programs, v.when) == (FATAL, ("smtpd",), "start")
    assert v.message == "fatal: bad parameter value: 'smtpd_forbid_bare_newline = normalise'"
    assert v.suggestion == "normalize" and v.suggested_severity == "error"
    v = _one(words.check_words("smtp_tls_security_level", "mayy"))
    assert v.message == 'fatal: Invalid TLS level "mayy"' and v.programs == ("smtp",) and v.suggestion == "may"
    v = _one(words.check_words("inet_protocols", "ipv5"))
    assert v.programs == ("*",) and v.message == 'fatal: unknown inet_protocols value "ipv5" in "ipv5"'


def test_issue_example_compatibility_level_comment():
    v = _one(words.check_words("compatibility_level", "3.6 # was 2"))
    assert v.message == 'fatal: malformed compatibility level syntax: "3.6 # was 2"' and v.programs == ("*",)


def test_issue_example_relay_requirement():
    # compatibility_level unset: smtpd_relay_restrictions' default expands to empty
    v = _one(restrictions.check_relay_requirement("", ""))
    assert v.outcome == FATAL and v.programs == ("smtpd",) and v.when == "start"
    assert v.message == restrictions.RELAY_MESSAGE
    assert not restrictions.check_relay_requirement(
        "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "")


def test_issue_example_accidental_continuation():
    v = _one(tables.check_table_list("virtual_alias_maps", "hash:/etc/postfix/valias smtpd_tls_auth_only = yes"))
    assert v.outcome == FATAL and v.word == "smtpd_tls_auth_only"
    assert v.message == 'fatal: open dictionary: expecting "type:name" form instead of "smtpd_tls_auth_only"'
    assert set(v.programs) == {"cleanup", "smtpd"} and "indented" in v.effect


def test_issue_example_map_types():
    v = _one(tables.check_table_list("virtual_alias_maps", "hsah:/etc/postfix/valias"))
    assert v.outcome == FAILS and v.suggested_severity == "error" and v.suggestion == "hash"
    v = _one(tables.check_table_list("virtual_alias_maps", "pcre:/etc/postfix/valias.pcre"))
    assert v.outcome == INFO and v.package == "postfix-pcre"


def test_issue_example_restriction_class():
    v = _one(restrictions.check_restriction_classes("alpha", {"alpha": None}))
    assert v.message == "fatal: restriction class `alpha' needs a definition"
    assert not restrictions.check_restriction_classes("alpha", {"alpha": "permit"})


def test_milter_default_action_only_logs():
    v = _one(words.check_words("milter_default_action", "shutdown", (3, 7, 11)))
    assert (v.outcome, v.when, v.suggested_severity) == (LOGS, "first use", "warning")
    assert "451 4.3.5" in v.effect
    for release in ((3, 7, 20), (3, 8, 15), (3, 9, 9), (3, 10, 8), (3, 11, 0)):
        assert words.check_words("milter_default_action", "shutdown", release) == [], release
    for release in ((3, 7, 19), (3, 8, 14), (3, 9, 8), (3, 10, 7), (3, 5, 27), (3, 6, 20)):
        assert words.check_words("milter_default_action", "shutdown", release), release


# -- other releases ---------------------------------------------------------------------------

def test_smtpd_forbid_bare_newline_by_release():
    assert words.check_words("smtpd_forbid_bare_newline", "note", (3, 9, 0)) == []
    assert words.check_words("smtpd_forbid_bare_newline", "note", (3, 8, 20))
    # before the word list (3.7.9: a boolean; values.check_typed's job)
    assert words.check_words("smtpd_forbid_bare_newline", "normalize", (3, 7, 9)) == []
    assert words.check_words("smtpd_forbid_bare_newline", "normalise", (3, 7, 10))


def test_compatibility_level_by_release():
    assert words.check_words("compatibility_level", "3.6", (3, 5, 11)) == []
    v = _one(words.check_words("compatibility_level", "3.6", (3, 5, 10)))
    assert v.message == "fatal: bad numerical configuration: compatibility_level = 3.6"
    v = _one(words.check_words("compatibility_level", "foo", (3, 5, 27)))
    assert v.message == "fatal: bad numerical configuration: compatibility_level = foo"
    assert words.check_words("compatibility_level", "3.6.1.2", (3, 5, 27)) == []
    v = _one(words.check_words("compatibility_level", "3.6.1.2", (3, 6, 20)))
    assert v.message == 'fatal: malformed compatibility level syntax: "3.6.1.2"'


def test_compatibility_defaults():
    assert words.compatibility_defaults("3.6", (3, 7, 11)) == []
    v = _one(words.compatibility_defaults("3.6", (3, 11, 6)))
    assert "smtp_tls_security_level" in v.effect and v.outcome == INFO
    v = _one(words.compatibility_defaults(None, (3, 7, 11), set_names={"relay_domains"}))
    assert "relay_domains" not in v.effect and "mynetworks_style" in v.effect


def test_word_set_changes():
    assert "dane" not in words.allowed_words("smtp_tls_loglevel", (3, 5, 27))
    assert "trace" in words.allowed_words("smtp_tls_loglevel", (3, 12, 0))
    assert words.check_words("smtp_tls_loglevel", "trace", (3, 12, 0)) == []
    assert words.check_words("smtp_tls_loglevel", "trace", (3, 11, 6))
    assert words.check_words("tlsproxy_client_security_level", "bogus", (3, 6, 20)) == []  # absent
    assert words.check_words("tlsproxy_client_security_level", "bogus", (3, 7, 0))
    assert words.check_words("smtp_tls_protocols", ">=TLSv1.2", (3, 6, 0)) == []
    assert words.check_words("smtp_tls_protocols", ">=TLSv1.2", (3, 5, 27))[0].outcome == LOGS
    assert words.check_words("non_empty_end_of_header_action", "bogus", (3, 10, 13)) == []
    v = _one(words.check_words("non_empty_end_of_header_action", "bogus", (3, 11, 6)))
    assert v.message == "fatal: bad non_empty_end_of_header_action value: 'bogus'"


def test_header_from_format_wording_by_release():
    assert _one(words.check_words("header_from_format", "x", (3, 6, 20))).message == \
        "fatal: invalid setting: header_from_format = x"
    assert _one(words.check_words("header_from_format", "x", (3, 7, 11))).message == \
        'fatal: invalid setting: "header_from_format = x"'


def test_removed_restrictions_in_3_9():
    for name in restrictions.REMOVED_IN_3_9:
        assert restrictions.check_restriction_list("smtpd_recipient_restrictions", name, (3, 8, 20)) == []
        v = _one(restrictions.check_restriction_list("smtpd_recipient_restrictions", name, (3, 9, 0)))
        assert v.outcome == LOGS and "has been removed in Postfix 3.9" in v.message


def test_ignored_words_are_reported():
    v = _one(words.check_words("smtpd_discard_ehlo_keywords", "silent-discard, dsnx"))
    assert v.outcome == "ignored" and v.word == "dsnx" and v.suggestion == "DSN"
    assert words.check_words("smtpd_discard_ehlo_keywords", "requiretls", (3, 11, 6)) == []


# -- robustness and generated data -------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.sampled_from(words.checked_names() + ("compatibility_level", "virtual_alias_maps")),
       st.text(max_size=40), st.tuples(st.integers(3, 3), st.integers(0, 13), st.integers(0, 30)))
def test_no_traceback_for_any_value(name, value, release):
    found = words.check_words(name, value, release)
    found += tables.check_table_list(name, value, release)
    found += restrictions.check_restriction_list(name, value, release)
    for v in found:
        assert v.outcome in (FATAL, FAILS, LOGS, INFO, "ignored")


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/reference/versions not present")
def test_generated_values_data_is_fresh():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_values.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
