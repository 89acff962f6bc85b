"""Linting master.cf: the issue's three examples, per-transport names, pairing and the CLI."""

from __future__ import annotations

import re

import pytest

from helpers import lint, lint_master

from postfix_lint.cli import main as cli_main

SUBMISSION = ("submission inet n - y - - smtpd\n"
              "  -o syslog_name=postfix/submission\n"
              "  -o smtpd_client_restrictions=$mua_client_restrictions\n"
              "  -o smtpd_helo_restrictions=$mua_helo_restrictions\n"
              "  -o smtpd_sender_restrictions=$mua_sender_restrictions\n")


def test_undefined_mua_restrictions_three_warnings_at_the_reference():
    found = lint_master(SUBMISSION, "PF311")
    assert [(p.line, p.column, p.end_column) for p in found] == [(3, 33, 56), (4, 31, 52), (5, 33, 56)]
    assert all(p.severity.name == "WARNING" for p in found)
    assert "undefined parameter: mua_client_restrictions" in found[0].message


def test_undefined_is_quiet_when_main_cf_sets_the_names():
    main = "mua_client_restrictions = permit\nmua_helo_restrictions = permit\nmua_sender_restrictions = permit\n"
    assert lint_master(SUBMISSION, "PF311", main_cf=main) == []
    assert lint_master(SUBMISSION, "PF310", main_cf=main) == []


def test_smtpd_bind_address_is_unused():
    [p] = lint_master("submission inet n - y - - smtpd\n  -o smtpd_bind_address=127.0.0.1\n", "PF310")
    assert (p.line, p.column, p.end_column) == (2, 6, 24)
    assert "unused parameter: smtpd_bind_address=127.0.0.1" in p.message


def test_locally_used_override_is_not_unused():
    text = "x unix - - n - - smtp -o my_helo=mx.example -o smtp_helo_name=$my_helo\n"
    assert lint_master(text, "PF310", "PF311") == []


def test_qmgr_queue_run_delay_15M_is_an_error_at_the_value():
    [p] = lint_master("qmgr unix n - n 300 1 qmgr -o queue_run_delay=15M\n", "PF101")
    assert p.severity.name == "ERROR" and (p.line, p.column) == (1, 47)
    assert "service qmgr/unix (qmgr) -o" in p.message and "15M" in p.message


def _exiting(message: str) -> str:
    """The programs a message says will exit ("...; qmgr, smtp will exit with ...")."""
    return re.search(r"; ([^;]*) will exit", message).group(1)


def test_override_message_names_only_the_service_program():
    # main.cf's queue_run_delay = 15M would make qmgr, smtp, lmtp and oqmgr exit; the -o on the
    # qmgr service is read by that qmgr alone
    [p] = lint_master("qmgr unix n - n 300 1 qmgr -o queue_run_delay=15M\n", "PF101")
    assert _exiting(p.message) == "qmgr"
    # the same value in main.cf still names every reader
    [m] = lint("queue_run_delay = 15M\n", "PF101")
    assert _exiting(m.message) == "qmgr, smtp, lmtp, oqmgr"
    # a second service of another program: each message names its own program
    found = lint_master("qmgr unix n - n 300 1 qmgr -o queue_run_delay=15M\n"
                        "old unix n - n 300 1 oqmgr -o queue_run_delay=15M\n", "PF101")
    assert [_exiting(p.message) for p in found] == ["qmgr", "oqmgr"]


def test_override_of_a_global_word_parameter_names_the_service_program():
    # inet_protocols = ipv5 in main.cf makes every program exit; as an -o, only this smtp
    [p] = lint_master("relay unix - - n - - smtp -o inet_protocols=ipv5\n", "PF130")
    assert _exiting(p.message) == "smtp" and "every Postfix program" not in p.message
    [m] = lint("inet_protocols = ipv5\n", "PF130")
    assert _exiting(m.message).startswith("every Postfix program")


def test_override_a_program_does_not_read_changes_nothing():
    # smtpd does not read queue_run_delay: no exit, nothing to report as a value error
    assert lint_master("smtp inet n - n - - smtpd -o queue_run_delay=15M\n", "PF101") == []


def _word_rules_present() -> bool:
    return any(p.severity.name == "ERROR" for p in lint("smtp_tls_security_level = mayy\n"))


@pytest.mark.xfail(not _word_rules_present(), strict=True,
                   reason="fixed-word value rules (H-int11, PF130+) not merged yet: the -o hook"
                          " (engine.is_value_rule) applies them once they are")
def test_smtp_tls_security_level_mayy_is_an_error():
    found = lint_master("smtp unix - - n - - smtp -o smtp_tls_security_level=mayy\n")
    # at the -o value, and nothing else: main.cf-level advice is not repeated for the service
    assert [(p.code, p.severity.name, p.line, p.column) for p in found] == [("PF130", "ERROR", 1, 53)]


def test_qmgr_retry_override_is_judged_with_main_cf():
    text = "qmgr unix n - n 300 1 qmgr -o maximal_backoff_time=10s\n"
    found = lint_master(text, "PF202", main_cf="minimal_backoff_time = 1h\n")
    assert found and found[0].line == 1 and "master.cf line 1" in found[0].message


def test_per_transport_name_known_with_master_cf_elsewhere(tmp_path, capsys):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "main.cf").write_text("dovecot_destination_recipient_limit = 1\n")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "master.cf").write_text(
        "dovecot unix - n n - - pipe flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver\n")
    main = str(tmp_path / "etc" / "main.cf")
    assert cli_main(["--select", "PF110", main]) == 1
    capsys.readouterr()
    assert cli_main(["--select", "PF110", "--master-cf", str(tmp_path / "m" / "master.cf"), main]) == 0
    (tmp_path / ".postfix-lint.toml").write_text('master-cf = "m/master.cf"\n')
    assert cli_main(["--select", "PF110", main]) == 0


def test_cli_reports_master_cf_path_and_position(tmp_path, capsys):
    path = tmp_path / "master.cf"
    path.write_text(SUBMISSION)
    assert cli_main(["--format", "concise", "--select", "PF311", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:3:33: PF311 warning")


def test_missing_service_quiet_on_a_fragment():
    assert lint_master(SUBMISSION, "PF303") == []
    assert lint_master("pickup unix n - y 60 1 pickup\n", "PF303")


def test_schedule_follows_a_qmgr_override(tmp_path, capsys):
    from postfix_lint.cli import schedule

    (tmp_path / "main.cf").write_text("minimal_backoff_time = 10m\n")
    main = str(tmp_path / "main.cf")
    assert schedule.main([main]) == 0
    assert "(Postfix's default 300s)" in capsys.readouterr().out
    (tmp_path / "master.cf").write_text(
        "qmgr unix n - n 300 1 qmgr -o queue_run_delay=5m -o maximal_queue_lifetime=1d\n"
        "smtp inet n - n - - smtpd -o maximal_queue_lifetime=2d\n")
    assert schedule.main([main]) == 0
    out = capsys.readouterr().out
    assert "with the -o settings of service qmgr" in out
    assert f"{tmp_path / 'master.cf'} line 1, -o: 1d" in out  # the qmgr's, not the smtpd's
    (tmp_path / "master.cf").write_text("qmgr unix n - n 300 1 qmgr -o queue_run_delay=15M\n")
    assert schedule.main([main]) == 1
    assert "line 1, -o): bad time value" in capsys.readouterr().err


# --------------------------------------------------------------------------- no traceback for any input

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from conftest import ROOT  # noqa: E402

_PIECES = st.sampled_from(["smtp", " ", "\t", "\n", "  ", "inet", "unix", "-", "n", "y", "?", "60", "qmgr",
                           "smtpd", "-o", "queue_run_delay=", "15M", "$", "{", "}", "=", "#", "\x00", "\r",
                           "a=$b", "${x?y}", "é", "\udcff", "smtp_helo_name", "maxproc", "-o{", "pass"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join),
       st.sampled_from(["", "a = $b\n", "queue_run_delay = 1h\n", "x\n", "b = ${\n"]))
def test_any_master_cf_lints_without_a_traceback(text, main):
    data = text.encode("utf-8", "surrogateescape")
    for p in lint_master(data.decode("utf-8", "surrogateescape"), main_cf=main):
        assert p.line >= 1 and p.column >= 1 and (p.end_line, p.end_column) >= (p.line, p.column)


def test_every_corpus_master_cf_lints_without_a_crash():
    corpus = ROOT.parent / "shared" / "corpus-master" / "files"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus-master is absent")
    from postfix_lint.engine import lint_master_bytes

    files = sorted(p for p in corpus.iterdir() if "master" in p.name)
    assert len(files) > 100
    for path in files:
        lint_master_bytes(path.read_bytes(), str(path))


@pytest.mark.parametrize("name, master", [
    ("master.cf", True), ("a-master.cf", True), ("a_master.cf", True), ("a.master.cf", True),
    ("master.cf.dist", True), ("master.cf.proto", True), ("/usr/share/postfix/master.cf.dist", True),
    ("main.cf", False), ("main.cf.dist", False), ("main.cf.proto", False), ("amaster.cf", False),
    ("master.cf.orig", False), (None, False),
])
def test_file_kind_by_name(name, master):
    from postfix_lint.cli.lint import is_master_cf

    assert is_master_cf(name) is master


def test_master_cf_dist_is_linted_as_master_cf(tmp_path, capsys):
    path = tmp_path / "master.cf.dist"
    path.write_text("smtp inet n - y - - smtpd\npickup unix n - y 60 1 pickup\n")
    cli_main(["--isolated", "--format", "concise", str(path)])
    assert "PF001" not in capsys.readouterr().out


def _separate_pair(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "etc" / "main.cf").write_text(
        "compatibility_level = 3.6\nmua_client_restrictions = permit_sasl_authenticated, reject\n")
    (tmp_path / "other" / "master.cf").write_text(
        "submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_client_restrictions\n"
        "qmgr unix n - n 300 1 qmgr -o queue_run_delay=15M\n")


@pytest.mark.parametrize("how", ["option", "option-both", "key-both", "key-main", "key-master"])
def test_main_cf_and_master_cf_are_one_configuration_whichever_is_named(how, tmp_path, capsys, monkeypatch):
    """--master-cf or the master-cf key pairs them: both files are linted, the master.cf with that main.cf."""
    _separate_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    if how.startswith("key"):
        (tmp_path / ".postfix-lint.toml").write_text('master-cf = "other/master.cf"\n')
    args = {"option": ["--isolated", "--master-cf", "other/master.cf", "etc/main.cf"],
            "option-both": ["--isolated", "--master-cf", "other/master.cf", "etc/main.cf", "other/master.cf"],
            "key-both": ["etc/main.cf", "other/master.cf"], "key-main": ["etc/main.cf"],
            "key-master": ["other/master.cf", "etc/main.cf"]}[how]
    assert cli_main(["--format", "concise", "--target-version", "3.7.11", *args]) == 1
    out = capsys.readouterr().out
    assert "PF311" not in out  # mua_client_restrictions is defined in the paired main.cf
    assert out.count("other/master.cf:3:") == 1 and "PF101 error" in out  # the master.cf is linted, once


def test_master_cf_named_alone_is_linted_with_the_main_cf_beside(tmp_path, capsys, monkeypatch):
    _separate_pair(tmp_path)
    (tmp_path / "other" / "main.cf").write_text((tmp_path / "etc" / "main.cf").read_text())
    monkeypatch.chdir(tmp_path)
    cli_main(["--isolated", "--format", "concise", "other/master.cf"])
    out = capsys.readouterr().out
    assert "PF311" not in out and "other/master.cf:3:" in out


def test_messages_do_not_repeat_the_location(tmp_path, capsys, monkeypatch):
    """The location is the report's (path:line:col); a message never starts with or repeats the path."""
    import json

    _separate_pair(tmp_path)
    (tmp_path / "other" / "master.cf").write_text(
        (tmp_path / "other" / "master.cf").read_text() + "pickup unix n - y 60 1 pickup -o bogus_setting=1\n"
        "cleanup unix n - y - 0 cleanup -o x=$nowhere_defined\n")
    monkeypatch.chdir(tmp_path)
    cli_main(["--isolated", "--format", "json", "--master-cf", "other/master.cf", "etc/main.cf"])
    found = json.loads(capsys.readouterr().out)
    found = found["problems"] if isinstance(found, dict) else found
    codes = {p.get("code") for p in found}
    assert {"PF310", "PF311", "PF101"} <= codes
    for p in found:
        assert p["path"] not in p["message"] and str(tmp_path) not in p["message"], p
