#!/usr/bin/env python3
"""Generate ``tests/data/value_pairs.tsv``: fixed-word, table-list and restriction values judged by real daemons.

Usage::

    python scripts/gen_value_pairs.py [-o OUTPUT] [-j JOBS]

Needs the installed Postfix (3.7.11 on Debian 12) and root (the session mode
runs smtpd as the postfix user: tests/oracle_smtp.py).  Each row is one
(parameter, value, context) judged by one program in one mode:

- ``start``: the daemon is started once stand-alone on ``context`` +
  ``parameter = value`` (tests/oracle.py, ``daemon_verdict``); smtpd also
  gets ``local_recipient_maps =`` (no proxymap here).  Stand-alone smtpd
  serves one session right away, so ``stage`` says whether a fatal came
  before the session (``start``) or during it (``session``);
- ``session``: smtpd runs one SMTP session as an ordinary client
  (``smtpd_session``): restrictions in smtpd_client_restrictions with
  ``smtpd_delay_reject = no``, milters with an unreachable milter.  Here
  "accept" means the server executed the value; DEFER means it logged the
  message and answered 4xx.

Columns: parameter, value, context (``name=value`` lines joined with `` ; ``),
program, mode, verdict (ACCEPT, REJECT = the program exits, LOGS = it starts
and logs ``message``, DEFER = session answered 451 after logging
``message``), stage, message (the fatal/warning/error line, harness paths
replaced by ``DIR``), judged (what an ACCEPT covers in that row).  ``\\t``/``\\n`` in values are written as escapes.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import oracle  # noqa: E402  (tests/oracle.py)
import oracle_smtp  # noqa: E402
from postfix_lint.postfix import restrictions, tables, words  # noqa: E402
from postfix_lint.postfix._values_data import ROWS  # noqa: E402

DEFAULT_OUTPUT = ROOT / "tests" / "data" / "value_pairs.tsv"
#: Programs the harness cannot start stand-alone, or that are not daemons.
NOT_RUNNABLE = {"sendmail", "postconf", "master", "verify"}
#: Messages logged at start that are verdicts (not harness noise).
START_LOGS = re.compile(r"^(error: unsupported dictionary type: |warning: [^:]+: unsupported TLS level "
                        r"|warning: unknown \S+ value |warning: Invalid TLS |warning: \S+: ignoring malformed )")
SESSION_LOGS = re.compile(r"^warning: (unknown smtpd restriction: |restriction \S+: bad argument |support for "
                          r"restriction \S+ has been removed|milter \S+: unrecognized default action: |\S+ is unavailable\. )")
#: Session warnings caused by the missing services of this harness (no cleanup, no notification).
#: The unreachable policy server / milter of a row is the row's setup, not a configuration error.
HARNESS_NOISE = re.compile(r"^warning: (connect to public/cleanup|postmaster notify|connect #\d+ to subsystem"
                           r"|connect to (Milter service )?inet:?127\.0\.0\.1:1|connect to 127\.0\.0\.1:1"
                           r"|problem talking to server 127\.0\.0\.1:1)")
#: Context that makes a conditional check apply (the condition is part of the row).
CONTEXT = {
    "smtpd_sasl_type": "smtpd_sasl_auth_enable = yes",
    "smtp_sasl_type": "smtp_sasl_auth_enable = yes ; smtp_sasl_password_maps = static:u:p",
    "lmtp_sasl_type": "lmtp_sasl_auth_enable = yes ; lmtp_sasl_password_maps = static:u:p",
    "smtpd_proxy_options": "smtpd_proxy_filter = 127.0.0.1:10025",
    "smtp_sasl_password_maps": "smtp_sasl_auth_enable = yes",
    "lmtp_sasl_password_maps": "lmtp_sasl_auth_enable = yes",
}
#: Extra values per parameter: words of other releases, near misses, syntax corners.
EXTRA = {
    "smtpd_tls_security_level": ("dane", "dane-only", "halfdane", "Encrypt", "may encrypt"),
    "smtp_tls_security_level": ("halfdane", "DANE-ONLY", "mayy", "may ", "encrypt,"),
    "smtpd_forbid_bare_newline": ("note", "normalise", "Normalize", "true", "1"),
    "milter_default_action": ("shutdown",),
    "compatibility_level": ("3.6 # was 2", "3.6", "3", "0", "2", "3.6.1", "3.6.1.2", "foo", "3.", ".6", "-1",
                            "4", "3.11", "03.6", "3.6a", "999999999", "3..6", "1.0.0"),
    "inet_protocols": ("ipv5", "ipv4, ipv6", "all", "IPv4", "ipv4 ipv6", "ipv4,,ipv6", "ipv4;ipv6"),
    "mynetworks_style": ("host subnet", "Host", "host,", "subnet class", "hosts"),
    "smtpd_discard_ehlo_keywords": ("silent-discard, dsn", "dsnx", "requiretls"),
    "header_from_format": ("Standard", "std", "standard obsolete"),
    "notify_classes": ("resource, software", "resource,softwares", "Resource"),
}
MAP_VALUES_ALL = ("notatypename", "hsah:/etc/x", "static:ok")
MAP_VALUES_MORE = ("hash:/etc/postfix/valias smtpd_tls_auth_only = yes", "pcre:/etc/x", "{static:ok}",
                   "static:a, , static:b", "hash:", ":x", "inline:{a=b}, foo", "", "ldap:/etc/x",
                   "static:{a b}, notatypename", "lmdb:/etc/x")
MAP_MORE_PARAMS = ("virtual_alias_maps", "header_checks", "transport_maps", "smtpd_sender_login_maps",
                   "alias_maps", "smtp_tls_policy_maps", "smtp_sasl_password_maps")


#: What ACCEPT covers, per row (column ``judged``).
JUDGED = {
    ("start", False): "start-up only (checks at first use not exercised)",
    ("start", True): "start-up + a local stand-alone session (restrictions, milters, per-message checks skipped)",
    ("session", True): "an SMTP session from 127.0.0.1 (client restrictions at CONNECT, milters)",
}


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def _daemon(program: str) -> str:
    return "qmgr" if program == "*" else program


def _word_values(row, name):
    ws = [w for w in row["words"] if w]
    values = list(ws)
    arity = row["arity"]
    if ws:
        first = ws[0]
        for variant in (first.upper(), first.capitalize(), first + first[-1], "bogus"):
            if variant not in values:
                values.append(variant)
        if len(ws) > 1:
            values += [f"{ws[0]}, {ws[1]}", f"{ws[0]} {ws[1]}", f"{ws[0]},bogus"]
    for diff in row["differences"].values():
        for w in diff["add"] + tuple(diff["words"] or ()):
            if w not in values:
                values.append(w)
    values.append("")
    values += [v for v in EXTRA.get(name, ()) if v not in values]
    del arity
    return values


def word_items():
    for row in ROWS:
        for name in row["names"]:
            if name.startswith("<") or name.endswith("_feedback") and name.startswith("<"):
                continue
            if row["differences"].get("3.7", {}).get("absent") or row["releases"].startswith("3.1") \
                    and "3.7" not in row["releases"]:
                continue
            if "(not in 3.7.11" in row["arity"] or name in ("smtpd_tls_eecdh_grade", "tlsproxy_tls_eecdh_grade"):
                continue
            if not row["words"] and name != "compatibility_level":
                continue
            values = _word_values(row, name) if name != "compatibility_level" else list(EXTRA[name])
            if name == "milter_default_action":
                continue  # judged in session mode
            progs = [p for p in words._programs(row, name) if p not in NOT_RUNNABLE]
            if name == "smtp_tls_security_level":
                progs = ["smtp"]
            for i, value in enumerate(values):
                chosen = progs if value in ("bogus", "") else progs[:1]
                for prog in chosen:
                    yield ("start", name, value, CONTEXT.get(name, ""), _daemon(prog))


def table_items():
    every = dict(tables.TABLE_LISTS)
    every.update({k: v[0] for k, v in tables.CONDITIONAL_TABLE_LISTS.items()})
    for name, progs in sorted(every.items()):
        values = MAP_VALUES_ALL + (MAP_VALUES_MORE if name in MAP_MORE_PARAMS else ())
        for value in values:
            for prog in (progs if value == "notatypename" else progs[:1]):
                yield ("start", name, value, CONTEXT.get(name, ""), prog)


def restriction_items():
    for r in sorted(restrictions.RESTRICTIONS):
        arg = {"sleep": "0", "check_policy_service": "inet:127.0.0.1:1"}.get(r)
        if arg is None and r in restrictions.WITH_ARGUMENT:
            arg = "static:dunno" if r.endswith("_access") else "rbl.invalid"
        word = f"{r} {arg}" if arg else r
        yield ("session", "smtpd_client_restrictions", word, "smtpd_delay_reject = no", "smtpd")
    for value in ("bogus_restriction", "reject_unauth_destinaton", "Permit_MyNetworks", "PERMIT",
                  "check_client_access foo", "check_client_access", "check_client_access static:dunno, bogus",
                  "hsah:/etc/x", "pcre:/etc/x", "static:OK", "check_client_access hsah:/etc/x",
                  "check_client_access {static:ok}", "reject_rbl_client", "check_client_access, permit",
                  "{static:OK}", "{ static:OK }", "check_client_access { static:dunno }", "{hsah:/x}", "{reject}", "alpha", "reject_maps_rbl", "permit_naked_ip_address",
                  "check_relay_domains", "check_client_access static:dunno reject_unknown_clients", "check_sender_access static:OK"):
        ctx = "smtpd_delay_reject = no"
        if value == "alpha":
            ctx += " ; smtpd_restriction_classes = alpha ; alpha = permit"
        yield ("session", "smtpd_client_restrictions", value, ctx, "smtpd")
    for value in ("accept", "reject", "tempfail", "quarantine", "shutdown", "Tempfail", "bogus", "temp_fail"):
        yield ("session", "milter_default_action", value, "smtpd_milters = inet:127.0.0.1:1", "smtpd")
    # start-up: restriction classes and the relay requirement
    classes = (
        ("alpha", ""), ("alpha", "alpha = permit"), ("alpha beta", "alpha = permit"),
        ("alpha, beta", "beta = permit"), ("alpha", "alpha ="), ("alpha beta", "alpha = reject ; beta = permit"),
        ("", ""), ("  ", ""), ("Alpha", "alpha = permit"),
    )
    for value, ctx in classes:
        yield ("start", "smtpd_restriction_classes", value, ctx, "smtpd")
    relay = (
        ("", "smtpd_recipient_restrictions ="),
        ("", "smtpd_recipient_restrictions = permit_mynetworks"),
        ("", "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination"),
        ("", "smtpd_recipient_restrictions = REJECT_UNAUTH_DESTINATION"),
        ("", "smtpd_recipient_restrictions = defer_if_permit"),
        ("", "smtpd_recipient_restrictions = check_relay_domains"),
        ("", "smtpd_recipient_restrictions = defer_if_reject"),
        ("", "smtpd_recipient_restrictions = reject_unauth_pipelining"),
        ("", "smtpd_recipient_restrictions = check_client_access static:reject"),
        ("", "smtpd_recipient_restrictions = alpha ; smtpd_restriction_classes = alpha ; alpha = reject_unauth_destination"),
        ("", "smtpd_recipient_restrictions = alpha ; smtpd_restriction_classes = alpha ; alpha = permit"),
        ("permit_mynetworks", "smtpd_recipient_restrictions ="),
        ("reject", "smtpd_recipient_restrictions ="),
        ("defer", ""), ("permit", ""), ("permit_mynetworks, defer_unauth_destination", ""),
        ("notatypename", ""), ("reject_unauth_destination", "compatibility_level = 0"),
        ("permit_mynetworks reject_unauth_destination", "smtpd_recipient_restrictions = permit"),
    )
    for value, ctx in relay:
        yield ("start", "smtpd_relay_restrictions", value, ctx, "smtpd")
    for ctx in ("compatibility_level = 0", "compatibility_level = 1", "compatibility_level = 0 ; "
                "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination",
                "compatibility_level = 2"):
        yield ("start", "compatibility_level", "(context)", ctx, "smtpd")


def _main_cf(name: str, value: str, context: str) -> str:
    lines = [c.strip() for c in context.split(" ; ") if c.strip()]
    if value != "(context)":
        lines.append(f"{name} = {value}".rstrip(" ") if value else f"{name} =")
    return "".join(line + "\n" for line in lines)


_DIR = re.compile(r"/tmp/pflint-oracle\.[^/\s]+")


def judge(item):
    mode, name, value, context, program = item
    text = _main_cf(name, value, context)
    if mode == "start":
        v = oracle.daemon_verdict((oracle_smtp.SMTPD_BASE if program == "smtpd" else "") + text, program,
                                  timeout=6)
        if not v.accepted:
            fatal_at = v.log.find(v.fatal.split(": ", 1)[-1]) if v.fatal else -1
            connect_at = v.log.find(" connect from ")
            stage = "session" if 0 <= connect_at < fatal_at else "start"
            return item + ("REJECT", stage, _DIR.sub("DIR", v.fatal))
        logs = [w for w in v.warnings if START_LOGS.match(w)]
        errors = [m for m in oracle._messages(v.log) if START_LOGS.match(m) and m not in logs]
        found = logs + errors
        if found:
            return item + ("LOGS", "start", _DIR.sub("DIR", found[0]))
        return item + ("ACCEPT", "start", "")
    s = oracle_smtp.smtpd_session(text)
    fatal = next((m for m in s.messages if m.startswith(("fatal:", "panic:"))), None)
    if fatal:
        return item + ("REJECT", "session", fatal)
    hits = [m for m in s.messages if SESSION_LOGS.match(m)]
    deferred = any(r.startswith("451") for r in s.replies) or ": 451 " in s.log
    if deferred and not hits:  # any other configuration warning logged during the session
        at = s.log.find(" connect from ")
        hits = [m for m in oracle._messages(s.log[at:]) if m.startswith("warning:")
                and not HARNESS_NOISE.match(m)]
    if hits and deferred:
        return item + ("DEFER", "session", hits[0])
    if hits:
        return item + ("LOGS", "session", hits[0])
    return item + ("ACCEPT", "session", "")


def items():
    seen = set()
    for gen in (word_items, table_items, restriction_items):
        for it in gen():
            if it not in seen:
                seen.add(it)
                yield it


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT))
    ap.add_argument("-j", "--jobs", type=int, default=min(4, 2 * (os.cpu_count() or 1)))
    args = ap.parse_args(argv)
    if not oracle_smtp.session_available():
        print("needs the installed Postfix, root and setpriv", file=sys.stderr)
        return 2
    todo = list(items())
    started = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(judge, todo))
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("parameter\tvalue\tcontext\tprogram\tmode\tverdict\tstage\tmessage\tjudged\n")
        for mode, name, value, context, program, verdict, stage, message in rows:
            fh.write("\t".join((name, escape(value), escape(context), program, mode, verdict, stage,
                                escape(message), JUDGED[mode, program == "smtpd"])) + "\n")
    counts = {}
    for r in rows:
        counts[r[5]] = counts.get(r[5], 0) + 1
    print(f"{out}: {len(rows)} rows {counts} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
