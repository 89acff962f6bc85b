"""PF110 unknown-parameter: A parameter that no Postfix program reads."""

from __future__ import annotations

from postfix_lint.cli import main
from postfix_lint.postfix import params

from helpers import messages, problems, MASTER

CODE = "PF110"
BAD = 'mydistination = example.com\n'
GOOD = 'mydestination = example.com\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 1, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


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
    assert "no master.cf beside main.cf" not in messages(text, "PF110", master_cf=MASTER)[0]


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
