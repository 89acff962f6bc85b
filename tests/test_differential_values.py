"""postfix_lint.postfix.{words,tables,restrictions} against tests/data/value_pairs.tsv (judged by real daemons).

Each row was produced by scripts/gen_value_pairs.py with the installed
Postfix 3.7.11: a daemon started on ``context + parameter = value`` (mode
``start``), or one SMTP session with smtpd (mode ``session``).  The pure
functions must agree with every row:

- REJECT (the program exited): a FATAL verdict for that program with the same
  message, and ``when`` = "start" exactly when the fatal came before the
  session;
- LOGS / DEFER: a verdict with the same logged message;
- ACCEPT: no verdict that the daemon would have shown in that run (no fatal
  for that program at start; in a session, nothing at first use either).

When the installed Postfix is that release, a sample of the rows is re-judged
live (all of them with PFLINT_ORACLE_ALL=1).
"""

from __future__ import annotations

import csv
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import oracle
import oracle_smtp
from postfix_lint.postfix import restrictions, tables, words
from postfix_lint.postfix import params
from postfix_lint.postfix.verdict import FAILS, FATAL, INFO, LOGS, Verdict
from postfix_lint.postfix.values import check_typed

TABLE = Path(__file__).resolve().parent / "data" / "value_pairs.tsv"
RELEASE = (3, 7, 11)
#: smtpd_relay_restrictions' 3.7 default, below compatibility_level 1 and from 1 on.
RELAY_DEFAULT = "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination"


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "r": "\r", "n": "\n"}.get(m.group(1), m.group(1)), text)


def _rows():
    with TABLE.open(newline="", encoding="utf-8") as fh:
        return [dict(r, value=_unescape(r["value"]), context=_unescape(r["context"]),
                     message=_unescape(r["message"]))
                for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


ROWS = _rows()
IDS = [f"{r['parameter']}={r['value']!r}@{r['program']}/{r['mode']}[{r['context']}]" for r in ROWS]


def _context(row) -> dict:
    out = {}
    for part in row["context"].split(" ; "):
        if "=" in part:
            k, _, v = part.partition("=")
            out[k.strip()] = v.strip()
    return out


def _applies(verdict, row, ctx) -> bool:
    program = row["program"]
    progs = verdict.programs
    if not ("*" in progs or program in progs):
        return False
    cond = verdict.condition
    m = re.match(r"^(only when|not when) (\S+) = (.*)$", cond)
    if m:
        holds = ctx.get(m.group(2)) == m.group(3)
        return holds if m.group(1) == "only when" else not holds
    return True


def _level(ctx) -> float:
    try:
        return float(ctx.get("compatibility_level", "3.6").split(".")[0])
    except ValueError:
        return 3.6


def linter_verdicts(row):
    """The verdicts of the pure functions, after values.check_typed's type/length check (as the rules chain them)."""
    name, ctx = row["parameter"], _context(row)
    value = row["value"].strip(" \t")  # main.cf values lose leading/trailing blanks
    p = params.get(name)
    if p is not None and value != "(context)":
        message = check_typed(p, value)
        if message is not None:
            return [Verdict(name, None, FATAL, ("*",), "start", "fatal: " + message)]
    return _value_verdicts(row, name, value, ctx)


def _value_verdicts(row, name, value, ctx):
    if row["mode"] == "session" and name == "smtpd_client_restrictions":
        classes = restrictions.split_restrictions(ctx.get("smtpd_restriction_classes", ""))
        return restrictions.check_restriction_list(name, value, RELEASE, classes)
    if name in ("smtpd_restriction_classes", "smtpd_relay_restrictions") or value == "(context)":
        settings = dict(ctx)
        if value != "(context)":
            settings[name] = value
        classes_value = settings.get("smtpd_restriction_classes", "")
        defs = {c: settings.get(c) for c in restrictions.split_restrictions(classes_value)}
        found = restrictions.check_restriction_classes(classes_value, defs)
        if found:
            return found[:1]
        relay = settings.get("smtpd_relay_restrictions",
                             "" if _level(settings) < 1 else RELAY_DEFAULT)
        return restrictions.check_relay_requirement(relay, settings.get("smtpd_recipient_restrictions", ""),
                                                    defs)
    if tables.is_table_list(name):
        return tables.check_table_list(name, value, RELEASE)
    return words.check_words(name, value, RELEASE, ctx)


def _normal(message: str, ctx) -> str:
    return (message.replace("<config_directory>", "DIR/conf")
            .replace("<milter>", ctx.get("smtpd_milters", "<milter>")))


def test_table_shape():
    assert len(ROWS) >= 300
    assert {r["verdict"] for r in ROWS} == {"ACCEPT", "REJECT", "LOGS", "DEFER"}
    assert {r["mode"] for r in ROWS} == {"start", "session"}
    names = {r["parameter"] for r in ROWS}
    assert set(tables.TABLE_LISTS) <= names
    assert {"smtpd_client_restrictions", "smtpd_restriction_classes", "smtpd_relay_restrictions"} <= names


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_pure_functions_agree_with_postfix(row):
    ctx = _context(row)
    got = [v for v in linter_verdicts(row) if _applies(v, row, ctx)]
    shown = [(v.outcome, v.when, _normal(v.message, ctx)) for v in got]
    verdict = row["verdict"]
    if verdict == "REJECT":
        want_when = "start" if row["stage"] == "start" else "first use"
        assert (FATAL, want_when, row["message"]) in shown, shown
    elif verdict in ("LOGS", "DEFER"):
        assert any(msg == row["message"] and outcome in (LOGS, FAILS, INFO) for outcome, _, msg in shown), shown
    else:
        if row["mode"] == "start":
            # stand-alone smtpd (root) serves a local session that skips restrictions, milters and
            # per-message work: only start-up checks are visible
            visible = [s for s in shown if s[1] == "start" and s[0] in (FATAL, LOGS, FAILS, INFO)]
        else:
            visible = [s for s in shown if s[0] in (FATAL, LOGS, FAILS)]
        assert not visible, visible


def _installed_release():
    """(3, 7, 11) of the installed Postfix (releases.system_version(): also $POSTFIX_LINT_SYSTEM_RELEASE)."""
    import releases

    m = re.match(r"(\d+)\.(\d+)\.(\d+)", releases.system_version() or "")
    return tuple(int(x) for x in m.groups()) if m else None


@pytest.mark.skipif(not oracle_smtp.session_available(),
                    reason="needs the installed Postfix, root and setpriv")
def test_rows_still_match_live_postfix():
    """Re-judge every 5th row (all with PFLINT_ORACLE_ALL=1) with the installed daemons."""
    if _installed_release() != RELEASE:
        pytest.skip(f"installed Postfix is {_installed_release()}, the table is for {RELEASE}")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import gen_value_pairs

    sample = ROWS if os.environ.get("PFLINT_ORACLE_ALL") else ROWS[::5]
    items = [(r["mode"], r["parameter"], r["value"], r["context"], r["program"]) for r in sample]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(gen_value_pairs.judge, items))
    diffs = [(r["parameter"], r["value"], r["program"], r["verdict"], r["message"], got[5], got[7])
             for r, got in zip(sample, results) if (got[5], got[7]) != (r["verdict"], r["message"])]
    assert not diffs, diffs[:10]
