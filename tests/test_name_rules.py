"""Name rules PF110-PF116, master.cf reading and postconf's name logic (linter/names.py).

The differential comparison with the real postconf is in
tests/test_differential_postconf.py; these are the unit cases.
"""

from __future__ import annotations

import pytest

from postfix_lint.postfix import macro, params
from postfix_lint import mastercf
from postfix_lint.report import ruledoc
from postfix_lint.analyse import names
from postfix_lint.cli import main
from postfix_lint.read.main_cf import parse
from postfix_lint.rules import RULES

from helpers import messages, postconf_n, problems

MASTER = (
    "# a comment\n"
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "  -o smtpd_client_restrictions=$client_checks\n"
    "#  -o commented=out\n"
    "  -o { smtpd_restriction_classes = cls_from_master }\n"
    "relay2    unix  -       -       y       -       -       smtp\n"
    "dovecot   unix  -       n       n       -       -       pipe\n"
    "  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -d ${recipient} -o not=an_option\n"
    "slow      unix  -       -       n       -       -       lmtp -vo smtp_helo_name=$helo_from_master\n"
    "  -osyslog_name=slow\n"
)

# (code, bad text, (line, column) of the first problem, good text, settings)
CASES = [
    ("PF110", "mydistination = example.com\n", (1, 1), "mydestination = example.com\n", {}),
    ("PF111", "process_name = relay\n", (1, 1), "syslog_name = relay\n", {}),
    ("PF112", "mydestination = localhost.$mydomian\n", (1, 28), "mydestination = localhost.$mydomain\n", {}),
    ("PF113", "smtpd_banner = $myhostname ${mail_name\n", (1, 28), "smtpd_banner = $myhostname ${mail_name}\n", {}),
    ("PF114", "smtputf8_enable = no\n", (1, 1), "smtputf8_enable = no\n", {"target_version": "2.11"}),
    ("PF115", "smtpd_use_tls = yes\n", (1, 1), "smtpd_tls_security_level = may\n", {}),
    ("PF116", "mydestination = $myhostname, $mydestination\n", (1, 17), "mydestination = $myhostname\n", {}),
]


@pytest.mark.parametrize("code, bad, where, good, settings", CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_bad_example(code, bad, where, good, settings):
    found = problems(bad, select=[code], **settings)
    assert found and found[0] == (*where, code)


@pytest.mark.parametrize("code, bad, where, good, settings", CASES, ids=[c[0] for c in CASES])
def test_rule_quiet_on_good_example(code, bad, where, good, settings):
    good_settings = {"target_version": "3.0"} if code == "PF114" else settings
    assert problems(good, select=[code], **good_settings) == []


def _example(module, heading):
    body = ruledoc.section(module, heading)
    return "".join(line[4:] + "\n" for line in body.splitlines() if line.startswith("    "))


@pytest.mark.parametrize("code", ["PF110", "PF111", "PF112", "PF113", "PF114", "PF115", "PF116"])
def test_documented_example_fires_and_use_instead_does_not(code):
    module = RULES[code]
    bad = {"target_version": "3.4"} if code == "PF114" else {}
    good = {"target_version": "3.6"} if code == "PF114" else {}
    assert problems(_example(module, "Example"), select=[code], **bad)
    assert problems(_example(module, "Use instead"), select=[code], **good) == []


# --------------------------------------------------------------------------- PF110 unknown-parameter


def test_did_you_mean():
    [msg] = messages("mydistination = example.com\n", "PF110")
    assert 'unknown parameter "mydistination"' in msg
    assert 'did you mean "mydestination"?' in msg
    assert '(postconf: "unused parameter: mydistination=example.com")' in msg


def test_case_matters_and_is_suggested():
    [msg] = messages("MyHostName = x\n", "PF110")
    assert 'did you mean "myhostname"?' in msg


def test_builtin_legacy_and_read_only_names_are_known():
    assert problems("myhostname = a\nvirtual_maps = hash:/x\nfallback_relay = b\nprocess_id = 1\n",
                    select=["PF110"]) == []


def test_user_names_used_by_reference_class_or_database():
    text = (
        "smtpd_restriction_classes = cls1, $more\ncls1 = permit\nmore = cls2\ncls2 = reject\n"
        "smtpd_banner = $myhostname ${custom?{$other}:x}\ncustom = 1\nother = 2\n"
        "alias_maps = proxy:ldap:dir\ndir_server_host = ldap.example.com\n"
        "dangling = 1\n"
        "zzz = $used_by_unused\nused_by_unused = 3\n"
    )
    assert [p[0] for p in problems(text, select=["PF110"])] == [10, 11]  # dangling, zzz


def test_database_names_only_from_postfix_parameters():
    text = "mymaps = ldap:dir\ndir_server_host = x\n"
    assert problems(text, select=["PF110"]) == [(1, 1, "PF110"), (2, 1, "PF110")]
    [msg, _] = messages(text, "PF110")
    assert "legacy database client setting" not in msg
    assert 'looks like a legacy database client setting "server_host"' in messages(text, "PF110")[1]


def test_raw_parameters_are_not_scanned():
    # postconf does not look inside mailbox_command: $foo there does not use foo
    assert problems("mailbox_command = /bin/x $foo\nfoo = 1\n", select=["PF110", "PF112"]) == [(2, 1, "PF110")]


def test_per_transport_names_default_master_cf():
    text = "relay_destination_rate_delay = 1s\nuucp_time_limit = 10\nfoo_destination_rate_delay = 1s\n"
    found = problems(text, select=["PF110"])
    assert found == [(3, 1, "PF110")]
    [msg] = messages(text, "PF110")
    assert 'per-transport parameter "destination_rate_delay" of a service "foo"' in msg
    assert "no master.cf beside main.cf" in msg and "relay" in msg


def test_per_transport_names_from_master_cf():
    text = ("relay_destination_rate_delay = 1s\nrelay2_destination_rate_delay = 1s\ndovecot_time_limit = 10\n"
            "slow_destination_concurrency_limit = 2\nsmtp_destination_rate_delay = 1s\n"
            "client_checks = permit\ncls_from_master = permit\nhelo_from_master = x\n")
    found = problems(text, select=["PF110"], master_cf=MASTER)
    # relay is not in this master.cf; its "smtp" service runs smtpd, not the smtp client
    assert found == [(1, 1, "PF110"), (5, 1, "PF110")]
    assert "no master.cf beside main.cf" not in messages_with(text, "PF110", MASTER)[0]


def messages_with(text, code, master_cf):
    from postfix_lint.engine import Settings, lint_text

    return [p.message for p in lint_text(text, "main.cf", Settings(select=[code], master_cf=master_cf))]


def test_master_cf_beside_main_cf_is_read_by_the_cli(tmp_path, capsys):
    (tmp_path / "main.cf").write_text("relay2_destination_rate_delay = 1s\nclient_checks = permit\n")
    assert main(["--select", "PF110", "--format", "concise", str(tmp_path / "main.cf")]) == 1  # no master.cf yet
    capsys.readouterr()
    (tmp_path / "master.cf").write_text(MASTER)
    assert main(["--select", "PF110", "--format", "concise", str(tmp_path / "main.cf")]) == 0


def test_explain_says_what_happens_without_master_cf(capsys):
    assert main(["--explain", "PF110"]) == 0
    out = capsys.readouterr().out
    assert "master.cf beside main.cf" in out and "default master.cf" in out
    for service in params.default_services():
        assert service in out


# --------------------------------------------------------------------------- PF111, PF112


def test_read_only_names():
    text = "process_id = 1\nprocess_name = x\nservice_name = y\nsyslog_name = z\n"
    assert [p[0] for p in problems(text, select=["PF111"])] == [1, 2, 3]


def test_undefined_reference_positions_and_forms():
    text = "smtpd_banner = $a ${b} $(c) ${d?x} ${e:y} ${{$f}=={1}} $$g ${myhostname}\n"
    found = problems(text, select=["PF112"])
    assert found == [(1, 17, "PF112"), (1, 21, "PF112"), (1, 26, "PF112"), (1, 31, "PF112"),
                     (1, 38, "PF112"), (1, 47, "PF112")]


def test_undefined_reference_is_quiet_for_set_builtin_and_master_cf_names():
    text = "smtpd_banner = $myhostname $mine $virtual_maps $from_master\nmine = 1\n"
    master = "smtp inet n - y - - smtpd\n  -o from_master=1\n"
    assert problems(text, select=["PF112"], master_cf=master) == []
    assert [p[2] for p in problems(text, select=["PF112"])] == ["PF112"]  # $from_master without that master.cf


def test_undefined_restriction_class():
    [msg] = messages("smtpd_restriction_classes = known, missing\nknown = permit\n", "PF112")
    assert 'restriction class "missing"' in msg
    assert problems("smtpd_restriction_classes = known, missing\nknown = permit\n", select=["PF112"]) == [
        (1, 36, "PF112")]


def test_undefined_reference_did_you_mean():
    [msg] = messages("mydestination = $myhostname, localhost.$mydomian\n", "PF112")
    assert 'did you mean "mydomain"?' in msg
    assert '(postconf: "undefined parameter: mydomian")' in msg


def test_names_before_a_syntax_error_still_count():
    # postconf handles $x before it stops at the bare "$"
    a = names.analyse(parse("foo = $x$\nbar = ${y\n"), mastercf.default())
    assert [u.name for u in a.undefined] == ["x"]
    assert set(a.syntax_errors) == {"foo", "bar"}


# --------------------------------------------------------------------------- PF113


def test_macro_syntax_error_messages():
    [msg] = messages("myhostname = ${env[\"HOST\"]}\n", "PF113")
    assert "attribute name syntax error" in msg
    assert "every Postfix program" in msg and "macro processing error" in msg
    [msg] = messages("smtpd_banner = a$\n", "PF113")
    assert 'empty macro name: "a$"' in msg and "smtpd" in msg


def test_macro_syntax_error_in_untaken_branch():
    [msg] = messages("smtpd_banner = ${mail_name:{$}}\n", "PF113")
    assert "branch the current settings do not take" in msg


def test_macro_syntax_error_unknown_names_only_when_used():
    assert problems("foo = $x$\n", select=["PF113"]) == []  # nothing expands foo: PF110 reports it
    found = problems("foo = $x$\nsmtpd_banner = $foo\n", select=["PF113"])
    assert found == [(1, 9, "PF113")]
    assert "used by smtpd_banner" in messages("foo = $x$\nsmtpd_banner = $foo\n", "PF113")[0]


def test_macro_syntax_error_skips_raw_and_time_parameters():
    assert problems("mailbox_command = /x ${y\n", select=["PF113"]) == []
    # a time parameter that fails to expand is unresolvable-reference's (PF206)
    assert problems("queue_run_delay = ${x\n", select=["PF113"]) == []
    assert problems("queue_run_delay = ${x\n", select=["PF206"])


def test_compatibility_level_operator_is_valid():
    assert problems("smtputf8_enable = ${{$compatibility_level} <level {1} ? {no} : {yes}}\n",
                    select=["PF113", "PF120"]) == []
    assert problems("smtputf8_enable = ${{$compatibility_level} <lvl {1} ? {no} : {yes}}\n",
                    select=["PF113"])


# --------------------------------------------------------------------------- PF114, PF115, PF116


def test_too_new_uses_the_target_version():
    text = "smtpd_relay_before_recipient_restrictions = yes\nrelay_destination_rate_delay = 1s\n"
    assert problems(text, select=["PF114"], target_version="3.7") == []
    assert problems(text, select=["PF114"], target_version="3.5") == [(1, 1, "PF114")]
    assert [p[0] for p in problems(text, select=["PF114"], target_version="2.4")] == [1, 2]
    [msg] = messages_target(text, "3.4")
    assert "added in Postfix 3.6" in msg and "target version is 3.4" in msg


def messages_target(text, target):
    from postfix_lint.engine import Settings, lint_text

    return [p.message for p in lint_text(text, "main.cf", Settings(select=["PF114"], target_version=target))]


def test_deprecated_quotes_postfix():
    [msg] = messages("smtp_tls_per_site = hash:/etc/postfix/tls_per_site\n", "PF115")
    assert 'instead, specify smtp_tls_policy_maps' in msg
    [msg] = messages("lmtp_enforce_tls = yes\n", "PF115")
    assert msg.endswith('"support for parameter lmtp_enforce_tls will be removed; instead, lmtp_tls_security_level"')


def test_reference_cycles():
    text = "mydestination = $relay_domains\nrelay_domains = $mydestination\n"
    assert [p[0] for p in problems(text, select=["PF116"])] == [1, 2]
    [msg, _] = messages(text, "PF116")
    assert "unreasonable macro call nesting" in msg
    # a chain of 100 lookups is fine, one more is not
    chain = "".join(f"p{i} = $p{i + 1}\n" for i in range(1, 100)) + "p100 = x\n"
    assert problems("smtpd_banner = $p1\n" + chain, select=["PF116"]) == []
    chain = "".join(f"p{i} = $p{i + 1}\n" for i in range(1, 101)) + "p101 = x\n"
    assert problems("smtpd_banner = $p1\n" + chain, select=["PF116"]) == [(1, 16, "PF116")]


# --------------------------------------------------------------------------- linter/names.py, linter/mastercf.py


def test_master_cf_reader():
    m = mastercf.parse(MASTER + "short line\nx bogus - - - - - cmd\n")
    assert [(s.name, s.type, s.command, s.line) for s in m.services] == [
        ("smtp", "inet", "smtpd", 2), ("relay2", "unix", "smtp", 6), ("dovecot", "unix", "pipe", 7),
        ("slow", "unix", "lmtp", 9)]
    assert m.services[0].options == (("smtpd_client_restrictions", "$client_checks"),
                                     ("smtpd_restriction_classes", "cls_from_master"))
    assert m.services[2].options == ()  # options end at the first non-option argument
    # postconf splits "-osyslog_name=slow" at each later "o": "-osysl" "-og_name=sl" "-ow"
    assert m.services[3].options == (("smtp_helo_name", "$helo_from_master"), ("g_name", "sl"))
    assert m.problems == ((11, "bad field count (2 < 8)"), (12, 'invalid type field "bogus"'))
    assert not m.is_default and m.defines("g_name") and not m.defines("syslog_name") and not m.defines("not")


def test_default_master_cf():
    m = mastercf.default()
    assert m.is_default
    assert dict(m.commands()) == params.default_service_commands()


def test_postconf_n_prediction():
    a = names.analyse(parse("mynetworks = a   b\n\tc\nfoo = 1\nprocess_id = 2\nbar = $foo\n"), mastercf.default())
    assert postconf_n(a) == {"mynetworks": "a b c", "foo": "1"}
    assert [e.name for e in a.unused] == ["bar"]
    assert [e.name for e in a.read_only] == ["process_id"]


def test_defaults_refer_only_to_known_names():
    """postconf also scans the defaults of unset parameters; that can never make a user name "used".

    Every name a 3.7.11 default refers to is a built-in or legacy name, so
    linter/names.py can leave that step out.
    """
    known = set(params.names()) | set(params.legacy_names())
    referenced = set()
    for name in params.names():
        p = params.get(name)
        if p.type != "raw":
            referenced |= {r for r, _ in macro.references(p.default)}
    assert referenced and referenced <= known


def test_scan_keeps_names_before_an_error():
    refs, err = names.scan("$a ${b} $")
    assert refs == [("a", 1), ("b", 5)] and "empty macro name" in err.message
    assert names.scan("no dollars") == ([], None)


def test_too_new_target_minor_version_covers_its_patch_releases():
    # smtpd_forbid_bare_newline arrived in 3.7.9: fine for "3.7" (any 3.7.x), not for "3.7.5"
    text = "smtpd_forbid_bare_newline = yes\n"
    assert problems(text, select=["PF114"], target_version="3.7") == []
    assert problems(text, select=["PF114"], target_version="3.7.5") == [(1, 1, "PF114")]
    assert problems(text, select=["PF114"], target_version="3.6") == [(1, 1, "PF114")]
