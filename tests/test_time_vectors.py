"""conv_time() and daemon-order expansion against values judged by the real daemons.

Every row of ../shared/reference/time-vectors.tsv (queue_run_delay, read by
qmgr) and time-vectors-by-param.tsv comes from running Postfix 3.7.11; the
linter must give the same verdict and, when accepted, the same seconds.
"""

from __future__ import annotations

import csv
import re

import pytest

from postfix_lint.postfix.values import conv_time
from postfix_lint.engine import Settings, run
from postfix_lint.read.main_cf import parse
from postfix_lint.problem import Severity
from postfix_lint.analyse.resolver import Resolver
from postfix_lint.read import master_cf as mastercf
from postfix_lint.analyse.definitions import Definitions
from postfix_lint.postfix import profiles
from helpers import installed_release

from conftest import REFERENCE, no_shared_param, require_reference

# The throw-away configuration the reference tool wrote before the tested line.
PRELUDE = (
    "queue_directory = /tmp/q\ndata_directory = /tmp/d\ncompatibility_level = 3.6\n"
    "inet_interfaces = loopback-only\ninet_protocols = ipv4\nmyhostname = test.invalid\nmydestination =\n"
)
DAEMON = {"delay_warning_time": "cleanup"}


def _unescape(value: str) -> str:
    return value.replace("\\t", "\t").replace("\\r", "\r")


def _rows():
    rows = []
    single = REFERENCE / "time-vectors.tsv"
    by_param = REFERENCE / "time-vectors-by-param.tsv"
    if not single.is_file():
        return [no_shared_param(None, None, None, None)]
    with single.open(newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.append(("queue_run_delay", _unescape(r["value"]), r["postfix_verdict"], r["seconds_or_message"]))
    with by_param.open(newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.append((r["parameter"], _unescape(r["value"]), r["postfix_verdict"], r["seconds_or_message"]))
    return rows


ROWS = _rows()


def test_row_count():
    require_reference()
    assert len(ROWS) == 72 + 4 * 24


@pytest.mark.parametrize("param, value, verdict, expected", ROWS)
def test_daemon_verdict(param, value, verdict, expected):
    text = PRELUDE + f"{param} = {value}\n"
    doc = parse(text)
    program = DAEMON.get(param, "qmgr")
    setting = Resolver(doc, Definitions(mastercf.default(), profiles.profile(installed_release()))).time(param, program)
    if verdict == "ACCEPT":
        assert not setting.fatal, (setting.expanded, setting.value, setting.error)
        assert setting.seconds == int(expected.split()[0])
    else:
        assert setting.fatal
        m = re.match(r"fatal: invalid \S+: (-?\d+) \((min|max) (\d+)\)", expected)
        if m:  # a range error: the number Postfix computed must be ours too
            assert setting.seconds == int(m.group(1))
            assert setting.range_error == f"{m.group(1)} ({m.group(2)} {m.group(3)})"
        elif "macro processing error" in expected:
            assert setting.expanded is None
        else:
            m = re.match(r"fatal: parameter \S+: bad time value or unit: ?(.*)$", expected)
            assert m, expected
            assert setting.seconds is None
            # Postfix prints the expanded value it could not convert (trailing
            # whitespace does not survive the TSV's stripping).
            assert setting.expanded.rstrip() == m.group(1).rstrip()
    # The linter's own verdict: an error problem for this parameter iff Postfix rejects it.
    found = [p for p in run(doc, Settings(select=["PF101", "PF102", "PF206"], target_version=installed_release())) if p.severity == Severity.ERROR]
    assert bool(found) == (verdict == "REJECT"), found


@pytest.mark.parametrize(
    "value, unit, seconds",
    [
        ("1", "d", 86400),
        ("1", "h", 3600),
        ("1", "s", 1),
        ("2147483647", "s", 2147483647),
        ("3549w", "s", 3549 * 604800),
        ("24854d", "s", 24854 * 86400),
        ("596522h", "s", 596522 * 3600),
        ("35791393m", "s", 35791393 * 60),
        ("sss", "s", 0),
        ("\t5", "s", 5),
        ("-0", "s", 0),
    ],
)
def test_conv_time_accepts(value, unit, seconds):
    assert conv_time(value, unit).seconds == seconds


@pytest.mark.parametrize(
    "value",
    ["", "3550w", "24855d", "596523h", "35791394m", "2147483648", "9223372036854775808s",
     "-1", "+s", " s", "5 s", "1.5h", "5M", "x", "0x10", "\u0665s"],
)
def test_conv_time_rejects(value):
    assert conv_time(value, "s").seconds is None


def test_trailing_text_and_no_digits_flags():
    v = conv_time("1h30m", "s")
    assert (v.seconds, v.unit, v.trailing) == (3600, "h", "30m")
    v = conv_time("days", "d")
    assert (v.seconds, v.no_digits, v.trailing) == (0, True, "ays")
