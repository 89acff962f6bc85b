"""postconf's name walk (postfix_lint.analyse.names) and the master.cf reader it uses, unit cases.

The rules built on it are in tests/rules/ (PF110-PF116); the comparison with
the real postconf is tests/test_differential_postconf.py.
"""

from __future__ import annotations

from postfix_lint.read import master_cf as mastercf
from postfix_lint.analyse import names
from postfix_lint.postfix import macro, params
from postfix_lint.read.main_cf import parse

from helpers import MASTER, postconf_n


def test_names_before_a_syntax_error_still_count():
    # postconf handles $x before it stops at the bare "$"
    a = names.analyse(parse("foo = $x$\nbar = ${y\n"), mastercf.default())
    assert [u.name for u in a.undefined] == ["x"]
    assert set(a.syntax_errors) == {"foo", "bar"}


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
    refs, err = macro.scan("$a ${b} $")
    assert refs == [("a", 1), ("b", 5)] and "empty macro name" in err.message
    assert macro.scan("no dollars") == ([], None)
