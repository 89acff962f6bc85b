"""The examples of issue 11, linted with default settings: errors where a running program exits, nothing where not."""

from __future__ import annotations

import pytest

from postfix_lint.engine import Settings, lint_text
from postfix_lint.problem import Severity

#: (main.cf, {code: severity} that must be reported, the fatal text the error quotes)
EXAMPLES = {
    "bare-newline": ("compatibility_level = 3.6\nsmtpd_forbid_bare_newline = normalise\n",
                     {"PF130": Severity.ERROR}, "bad parameter value"),
    "tls-level": ("compatibility_level = 3.6\nsmtp_tls_security_level = mayy\n",
                  {"PF130": Severity.ERROR}, 'Invalid TLS level "mayy"'),
    "inet-protocols": ("compatibility_level = 3.6\ninet_protocols = ipv5\n",
                       {"PF130": Severity.ERROR}, 'unknown inet_protocols value "ipv5"'),
    "compat-comment": ("compatibility_level = 3.6 # was 2\n", {"PF131": Severity.ERROR},
                       "malformed compatibility level syntax"),
    "relay": ("relayhost = [smtp.example.com]:587\nbounce_queue_lifetime = 0\n", {"PF151": Severity.ERROR},
              "specify at least one working instance of"),
    "glued-map": ("compatibility_level = 3.6\nvirtual_alias_maps = hash:/etc/postfix/valias\n  # Extra Config\n"
                  "  smtpd_tls_auth_only = yes\nbounce_queue_lifetime = 0\n", {"PF140": Severity.ERROR},
                  'expecting "type:name" form instead of "smtpd_tls_auth_only"'),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_fatal_examples_are_errors(name):
    text, expected, fatal = EXAMPLES[name]
    found = lint_text(text, "main.cf", Settings())
    got = {p.code: p.severity for p in found if p.code in expected}
    assert got == expected
    assert any(fatal in p.message for p in found if p.code in expected)


def test_virtual_mailbox_base_without_virtual_is_not_an_error():
    text = "compatibility_level = 3.6\nvirtual_mailbox_base =\nvirtual_transport = lmtp:127.0.0.1:2003\n"
    found = lint_text(text, "main.cf", Settings())
    assert [p for p in found if p.severity is Severity.ERROR] == []
    assert [(p.code, p.severity) for p in found if p.code == "PF122"] == [("PF122", Severity.INFO)]


def test_unset_bounce_lifetime_is_info_and_set_is_warning():
    [p] = lint_text("compatibility_level = 3.6\n", "main.cf", Settings(select=["PF204"]))
    assert p.severity is Severity.INFO
    [p] = lint_text("compatibility_level = 3.6\nbounce_queue_lifetime = 5d\n", "main.cf",
                    Settings(select=["PF204"]))
    assert p.severity is Severity.WARNING
