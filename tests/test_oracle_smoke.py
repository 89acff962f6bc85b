"""Smoke tests of the Postfix oracle harness (tests/oracle.py) against the installed daemons.

Also checks postfix_lint.postfix.params.read_order() against the order in which the real
3.7.11 daemons look their parameters up (``-v -v`` logs each dict_lookup).
"""

from __future__ import annotations

import pytest

import oracle
from postfix_lint.postfix import params

pytestmark = pytest.mark.skipif(not oracle.postfix_available(),
                                reason="Postfix not installed: apt-get install postfix")


def test_default_config_accepted():
    v = oracle.daemon_verdict("", "qmgr")
    assert v.accepted, v
    assert v.fatal is None


def test_bad_time_rejected_with_postfix_message():
    v = oracle.daemon_verdict("queue_run_delay = 15M\n", "qmgr")
    assert not v.accepted
    assert v.fatal == "fatal: parameter queue_run_delay: bad time value or unit: 15M"


def test_range_and_bool_messages():
    assert oracle.daemon_verdict("queue_run_delay = 0\n", "qmgr").fatal == \
        "fatal: invalid queue_run_delay: 0 (min 1)"
    assert oracle.daemon_verdict("smtpd_use_tls = true\n", "smtpd").fatal == \
        "fatal: bad boolean configuration: smtpd_use_tls = true"


def test_parse_messages_are_recovered():
    v = oracle.daemon_verdict("queue_run_delay = 15m\nqueue_run_delay = 5m\n", "qmgr")
    assert v.accepted
    assert any(w.endswith("line 2: overriding earlier entry: queue_run_delay=15m") for w in v.warnings), v
    v = oracle.daemon_verdict("this line has no equals\n", "qmgr")
    assert not v.accepted
    assert "line 1: missing '=' after attribute name" in v.fatal


def test_daemon_blocked_on_a_service_counts_as_initialised():
    v = oracle.daemon_verdict("smtpd_banner = $myhostname ESMTP\n", "smtpd")
    assert v.accepted, v
    assert v.ended in ("waiting for a service", "timeout") or v.ended.startswith("exit")


def test_post_init_adjustment_warning():
    v = oracle.daemon_verdict("maximal_queue_lifetime = 1d\n", "qmgr")
    assert v.accepted
    assert ("warning: bounce_queue_lifetime is larger than maximal_queue_lifetime - "
            "adjusting bounce_queue_lifetime") in v.warnings


@pytest.mark.parametrize("text, param, program, seconds", [
    ("queue_run_delay = 15m\n", "queue_run_delay", "qmgr", 900),
    ("queue_run_delay = 1h30m\n", "queue_run_delay", "qmgr", 3600),
    ("queue_run_delay = $maximal_backoff_time\n", "queue_run_delay", "qmgr", None),  # section 2.4
    ("maximal_backoff_time = $minimal_backoff_time\n", "maximal_backoff_time", "qmgr", 300),
    ("queue_run_delay = $ipc_timeout\n", "queue_run_delay", "qmgr", 3600),
    ("maximal_queue_lifetime = days\n", "maximal_queue_lifetime", "qmgr", 0),
    ("delay_warning_time = 1\n", "delay_warning_time", "cleanup", 3600),
    ("relay_destination_rate_delay = 5m\n", "relay_destination_rate_delay", "qmgr", 300),
])
def test_time_seconds(text, param, program, seconds):
    assert oracle.time_seconds(text, param, program) == seconds


def test_read_messages():
    ok, msgs = oracle.read_messages("a = 1\na = 2\n")
    assert ok and msgs[0].endswith("line 2: overriding earlier entry: a=1")
    ok, msgs = oracle.read_messages("= x\n")
    assert not ok and 'missing attribute name: "= x"' in msgs[-1]


def test_postconf_n():
    values, msgs = oracle.postconf_n("queue_run_delay = 15x\nfoo = bar\nrelayhost =\n")
    # unused names are warned about, not printed
    assert values == {"queue_run_delay": "15x", "relayhost": ""}
    assert "warning: DIR/main.cf: unused parameter: foo=bar" in msgs
    # postconf does not check values at all (reference section 6)
    assert not any("queue_run_delay" in m for m in msgs)


def test_postconf_knows_exactly_the_database_names():
    """Every name of the installed release's profile is known to its postconf with that release's
    Debian master.cf, except the pipe examples' names Debian's 3.8+ master.cf no longer derives."""
    from helpers import installed_release
    from postfix_lint.read import master_cf as mastercf
    from postfix_lint.analyse.definitions import Definitions
    from postfix_lint.postfix import profiles

    prof = profiles.profile(installed_release())
    defs = Definitions(mastercf.default(prof), prof)
    sample = sorted(prof.names())[::7] + ["relay_destination_rate_delay", "bsmtp_time_limit"]
    # postconf computes the host-specific defaults from these two and exits on "x"
    # ("unknown inet_protocols value", "config variable inet_interfaces: host not found")
    sample = [n for n in sample if not prof.is_read_only(n) and n not in ("inet_protocols", "inet_interfaces")]
    not_derived = {n for n in sample if not defs.is_known(n)}
    assert all(n.startswith(tuple(s + "_" for s in profiles.DEBIAN_PIPE_EXAMPLES)) for n in not_derived)
    assert bool(not_derived) == prof.release.at_least("3.8")  # bsmtp_time_limit at least
    text = "".join(f"{n} = x\n" for n in sample)
    text += "not_a_postfix_parameter = 1\nsmtp_time_limit = 5\n"
    _, msgs = oracle.postconf_n(text)
    unused = {m.split("unused parameter: ")[1].split("=")[0] for m in msgs if "unused parameter" in m}
    # smtp's command is smtp, not pipe/spawn: <service>_time_limit is not derived for it
    assert unused == {"not_a_postfix_parameter", "smtp_time_limit"} | not_derived


TRACED = ("qmgr", "oqmgr", "cleanup", "bounce", "smtp", "lmtp", "smtpd", "local", "virtual",
          "pickup", "pipe", "postscreen", "proxymap", "qmqpd", "showq", "tlsmgr", "tlsproxy",
          "trivial-rewrite", "verify", "anvil", "scache", "flush", "dnsblog", "spawn")


@pytest.mark.parametrize("daemon", TRACED)
def test_read_order_matches_the_daemon(daemon):
    order = params.read_order(daemon)
    trace = oracle.daemon_trace("", daemon)
    wanted = set(order)
    seen = [n for n in trace if n in wanted]
    assert seen == list(order)
