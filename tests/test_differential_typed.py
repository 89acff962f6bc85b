"""The linter's typed-value verdicts against tests/data/typed_pairs.tsv (judged by real daemons).

Each row was produced by scripts/gen_typed_pairs.py: ``PARAM = VALUE`` in a
minimal main.cf, judged by the daemon that reads PARAM.  The linter must
agree: same verdict, Postfix's exact fatal text for rejections (after the
expansion the daemon does, postfix_lint.analyse.resolver), and the same converted value
for acceptances.  When Postfix is installed, the rows are re-asked live.
"""

from __future__ import annotations

import csv
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import oracle
from postfix_lint.analyse.resolver import Resolver
from postfix_lint.read import master_cf as mastercf
from postfix_lint.analyse.definitions import Definitions
from postfix_lint.postfix import profiles
from helpers import installed_release
from postfix_lint.engine import Settings, lint_text
from postfix_lint.postfix import params
from postfix_lint.postfix.values import check_typed, conv_bool, conv_int, conv_time
from postfix_lint.read.main_cf import parse

TABLE = Path(__file__).resolve().parent / "data" / "typed_pairs.tsv"
SUFFIX = "".join(f"{k} = {v}\n".replace(" = \n", " =\n") for k, v in oracle.HARNESS_DEFAULTS)


def _unescape(value: str) -> str:
    return value.replace("\\t", "\t").replace("\\r", "\r").replace("\\n", "\n")


def _rows():
    with TABLE.open(newline="", encoding="utf-8") as fh:
        return [(r["parameter"], _unescape(r["value"]), r["daemon"], r["verdict"],
                 _unescape(r["seconds_or_message"]), r["warnings"])
                for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


ROWS = _rows()
IDS = [f"{r[0]}={r[1]!r}@{r[2]}" for r in ROWS]


def _printable(text: str) -> str:
    """Postfix's log output replaces control characters with '?' (UTF-8 is kept)."""
    return "".join("?" if ord(c) < 32 or ord(c) == 127 else c for c in text)


def test_table_shape():
    assert len(ROWS) >= 300
    kinds = {params.get(r[0]).type for r in ROWS}
    assert {"time", "bool", "nbool", "int", "nint", "long"} <= kinds
    assert {r[3] for r in ROWS} == {"ACCEPT", "REJECT"}


def linter_verdict(param: str, value: str, daemon: str, target=None, unknown=None):
    """(fatal message or None, converted value) as the linter sees ``param = value`` in ``daemon``.

    ``target``: the release profile (default: the installed release's).  A
    name the release does not have gives (None, ``unknown``): no program reads it.
    """
    profile = profiles.profile(target or installed_release())
    doc = parse(f"{param} = {value}\n" + SUFFIX)
    definitions = Definitions(mastercf.default(profile), profile)
    p = definitions.definition(param)
    if p is None:
        return None, unknown
    setting = Resolver(doc, definitions).setting(param, daemon)
    if setting.expanded is None:
        return "dictionary mail_dict: macro processing error", None
    message = check_typed(p, setting.expanded)
    if message is not None:
        return message, None
    if p.type == "time":
        return None, str(conv_time(setting.expanded, p.unit).seconds)
    if p.type in ("bool", "nbool"):
        return None, "yes" if conv_bool(setting.expanded) else "no"
    return None, str(conv_int(setting.expanded, 64 if p.type == "long" else 32))


@pytest.mark.parametrize("param, value, daemon, verdict, expected, warnings", ROWS, ids=IDS)
def test_linter_agrees_with_postfix(param, value, daemon, verdict, expected, warnings):
    message, converted = linter_verdict(param, value, daemon)
    if verdict == "ACCEPT":
        assert message is None
        assert converted == expected
    else:
        assert message is not None
        assert "fatal: " + _printable(message) == expected


#: The release scripts/gen_typed_pairs.py ran to make the table (Debian 12's).
TABLE_RELEASE = "3.7.11"


def test_table_still_matches_live_postfix():
    """Re-ask the daemons of the release that made the table (and its library for converted values).

    That is the system's Postfix on Debian 12, or the bookworm tree of
    scripts/fetch_postfix.py elsewhere; other releases re-judge the rows in
    tests/test_differential_releases.py.
    """
    import releases

    release = releases.available().get(TABLE_RELEASE)
    if release is None:
        pytest.skip(f"Postfix {TABLE_RELEASE} not available: {releases.skip_reason('bookworm')}")
    install = release.install

    def ask(row):
        param, value, daemon, verdict, expected, _ = row
        text = f"{param} = {value}\n"
        v = oracle.daemon_verdict(text, daemon, install=install)
        if not v.accepted:
            return row, "REJECT", v.fatal
        got = oracle.typed_value(text, param, daemon, install=install)
        shown = ("yes" if got else "no") if isinstance(got, bool) else str(got)
        return row, "ACCEPT", shown

    jobs = min(8, 2 * (os.cpu_count() or 1))
    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(ask, ROWS))
    diffs = [(r[0], r[1], r[2], r[3], r[4], got_v, got) for r, got_v, got in results
             if (got_v, got) != (r[3], r[4])]
    assert not diffs, diffs[:10]


# --------------------------------------------------------------------------- PF120-PF122 against the real daemons

LIVE = [
    # (main.cf text, daemon that reads the parameter)
    ("smtpd_use_tls = true\n", "smtpd"),
    ("smtpd_use_tls = YES\n", "smtpd"),
    ("smtpd_use_tls = $smtpd_tls_auth_only\n", "smtpd"),
    ("smtpd_tls_auth_only = $smtpd_use_tls\n", "smtpd"),
    ("smtpd_use_tls = ${undefined:no}\n", "smtpd"),
    ("message_size_limit = 10M\n", "qmgr"),
    ("message_size_limit = 99999999999\n", "qmgr"),
    ("message_size_limit = 26214400  # 25MB\n", "qmgr"),
    ("mailbox_size_limit = 0 # unlimited\n", "local"),
    ("qmgr_message_active_limit = 0\n", "qmgr"),
    ("qmgr_message_active_limit = 20000\n", "qmgr"),
    ("smtpd_recipient_limit = 0\n", "smtpd"),
    ("default_process_limit = 5.0\n", "qmgr"),
    ("virtual_minimum_uid = bearmail_uid\n", "virtual"),
    ("myhostname =\n", "qmgr"),
    ("myhostname = $undefined_host\n", "qmgr"),
    ("default_verp_delimiters = +\n", "cleanup"),
    ("default_verp_delimiters = +=\n", "cleanup"),
    ("relay_transport = \n", "trivial-rewrite"),
]


@pytest.mark.skipif(not oracle.postfix_available(), reason="Postfix not installed: apt-get install postfix")
def test_rule_errors_match_the_real_daemons():
    def verdict(case):
        text, daemon = case
        return oracle.daemon_verdict(text, daemon)

    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(verdict, LIVE))
    mismatches = []
    for (text, daemon), v in zip(LIVE, verdicts):
        found = lint_text(text, "main.cf", Settings(select=["PF120", "PF121", "PF122"], target_version=installed_release()))
        mine = [p for p in found if daemon in p.message or "every Postfix program" in p.message]
        if bool(mine) == v.accepted:
            mismatches.append((text, daemon, v.fatal, [p.message for p in found]))
        elif mine:  # the linter quotes the daemon's own fatal message
            assert v.fatal in mine[0].message, (v.fatal, mine[0].message)
    assert mismatches == []
