"""PF151 missing-relay-restriction: smtpd's start-up requirement on the relay restrictions."""

from __future__ import annotations

from helpers import lint, lint_master, problems

from postfix_lint.problem import Severity

CODE = "PF151"


def test_issue_example_unset_level_without_relay_restriction():
    text = "relayhost = [smtp.example.com]:587\nbounce_queue_lifetime = 0\n"
    [p] = lint(text, CODE)
    assert p.severity is Severity.ERROR and (p.line, p.column) == (1, 1)
    assert "compatibility_level is not set (level 0)" in p.message
    assert "fatal: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions" in p.message


def test_level_1_default_satisfies_it():
    assert problems("relayhost = [smtp.example.com]:587\ncompatibility_level = 2\n", select=[CODE]) == []


def test_recipient_restrictions_with_reject_unauth_destination():
    text = "compatibility_level = 0\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n"
    assert problems(text, select=[CODE]) == []
    [p] = lint("compatibility_level = 0\nsmtpd_recipient_restrictions = permit_mynetworks\n", CODE)
    assert p.severity is Severity.ERROR and (p.line, p.column) == (2, 32)


def test_explicit_empty_relay_restrictions():
    [p] = lint("compatibility_level = 3.6\nsmtpd_relay_restrictions =\n", CODE)
    assert p.severity is Severity.ERROR
    text = "compatibility_level = 3.6\nsmtpd_relay_restrictions =\nsmtpd_recipient_restrictions = defer_if_permit\n"
    assert problems(text, select=[CODE]) == []


def test_restriction_class_counts_through_its_definition():
    text = ("compatibility_level = 3.6\nsmtpd_relay_restrictions = alpha\nsmtpd_restriction_classes = alpha\n"
            "alpha = permit_mynetworks, reject_unauth_destination\n")
    assert problems(text, select=[CODE]) == []


def test_master_cf_override_of_a_submission_service():
    master = ("smtp inet n - y - - smtpd\n"
              "submission inet n - y - - smtpd -o smtpd_relay_restrictions=permit_sasl_authenticated\n")
    # main.cf's values are fine for smtp; the submission service's -o value is reported in master.cf
    assert lint("compatibility_level = 3.6\n", CODE, master_cf=master) == []
    [p] = lint_master(master, CODE, main_cf="compatibility_level = 3.6\n")
    assert p.severity is Severity.ERROR and p.line == 2 and "service submission/inet" in p.message


# The new user's case (issue 11 follow-up): one service's -o value was reported against main.cf
# and every other smtpd service, and twice at its own line.  postconf -P (Postfix 3.7.11) shows the
# values smtpd reads: 127.0.0.1:10026 "permit_mynetworks,reject", submission "reject_unauth_pipelining,".
_MAIN_151 = ("myhostname = mx.example.org\n"
             "smtpd_recipient_restrictions = reject_unauth_pipelining, permit_auth_destination, reject\n")
_MASTER_151 = ("smtp      inet  n       -       y       -       -       smtpd\n"
               "127.0.0.1:10026 inet n  -       n       -       -       smtpd\n"
               "  -o smtpd_recipient_restrictions=permit_mynetworks,reject\n"
               "submission inet n       -       -       -       -       smtpd\n"
               "  -o smtpd_recipient_restrictions=reject_unauth_pipelining, permit_sasl_authenticated, reject\n")


def test_each_service_is_judged_with_its_own_overrides_once():
    assert lint(_MAIN_151, CODE, master_cf=_MASTER_151, target_version="3.7.11") == []
    [p] = lint_master(_MASTER_151, CODE, main_cf=_MAIN_151, target_version="3.7.11")
    assert p.severity is Severity.ERROR and p.line == 5
    assert "service submission/inet" in p.message and "10026" not in p.message
    # the cause: the space ends the -o value
    assert 'gives smtpd "a," as the value' in p.message


def test_main_cf_judged_only_for_services_without_overrides():
    main = "compatibility_level = 0\nsmtpd_recipient_restrictions = permit_mynetworks\n"
    every = ("smtp inet n - y - - smtpd -o smtpd_recipient_restrictions=reject\n"
             "submission inet n - y - - smtpd -o smtpd_relay_restrictions=reject_unauth_destination\n")
    assert lint(main, CODE, master_cf=every) == []
    assert lint_master(every, CODE, main_cf=main) == []
    plain = every + "2525 inet n - y - - smtpd -o syslog_name=postfix/2525\n"
    [p] = lint(main, CODE, master_cf=plain)
    assert p.line == 2
    assert lint_master(plain, CODE, main_cf=main) == []
    assert len(lint(main, CODE)) == 1  # Debian's default master.cf: smtp runs with main.cf's values


def test_empty_file_is_not_judged():
    assert problems("", select=[CODE]) == []


def test_per_service_values_agree_with_the_real_smtpd():
    """Each service's value as postconf -P shows it, given to the installed smtpd (3.7.11): only
    submission's "reject_unauth_pipelining," makes it exit, as the one finding says."""
    import shutil
    import subprocess
    import tempfile

    import pytest

    oracle = pytest.importorskip("oracle")
    if not oracle.postfix_available() or shutil.which("postconf") is None:
        pytest.skip("the installed Postfix is needed")
    with tempfile.TemporaryDirectory() as d:
        with open(f"{d}/main.cf", "w") as f:
            f.write(_MAIN_151)
        with open(f"{d}/master.cf", "w") as f:
            f.write(_MASTER_151)
        out = subprocess.run(["postconf", "-c", d, "-P"], capture_output=True, text=True, check=True).stdout
    per_service = dict(line.split(" = ", 1) for line in out.splitlines())
    assert per_service["submission/inet/smtpd_recipient_restrictions"] == "reject_unauth_pipelining,"
    base = "compatibility_level = 0\nlocal_recipient_maps =\n" + _MAIN_151.split("\n", 1)[0] + "\n"
    exits = {}
    for key, value in per_service.items():
        verdict = oracle.daemon_verdict(f"{base}smtpd_recipient_restrictions = {value}\n", "smtpd")
        exits[key.split("/")[0]] = verdict.fatal is not None
    verdict = oracle.daemon_verdict(_MAIN_151.replace("myhostname", "compatibility_level = 0\n"
                                                       "local_recipient_maps =\nmyhostname"), "smtpd")
    exits["main.cf"] = verdict.fatal is not None
    assert exits == {"127.0.0.1:10026": False, "submission": True, "main.cf": False}
    found = lint_master(_MASTER_151, CODE, main_cf=_MAIN_151, target_version="3.7.11")
    assert [p.line for p in found] == [5]
