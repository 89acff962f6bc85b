#!/usr/bin/env python3
"""Generate ``linter/postfix/_params_data.py``: the Postfix 3.7.11 parameter database.

Usage::

    python scripts/gen_params.py [REFERENCE_DIR] [-o OUTPUT]

REFERENCE_DIR defaults to ``../shared/reference`` beside the repository and
must hold ``postfix-3.7-parameters.tsv``, ``per-transport-patterns.tsv`` and
``source-table-entries.tsv``.  OUTPUT defaults to ``linter/postfix/_params_data.py``;
``-o -`` writes to stdout.  The output is deterministic, so the test suite can
regenerate it and compare.

The generated module holds only literals (a dict of tuples and a few tuples),
so importing it from its ``.pyc`` is an unmarshal and nothing else.

Read order.  A daemon evaluates ``mail_params_init()``'s tables first
(``src/global/mail_params.c``), then the tables its ``main()`` passes to the
``*_server_main()`` skeleton, in argument order: the skeletons' ``va_arg``
loop (``src/master/{single,multi,trigger,event,dgram}_server.c``) calls
``get_mail_conf_*_table()`` as it meets each ``CA_MAIL_SERVER_*_TABLE``.
Entries inside a table are evaluated in source order (line numbers from
``source-table-entries.tsv``).  ``TABLE_CALL_ORDER`` below records the
argument order of each program's call; it was read from the Postfix source
and checked against the installed 3.7.11 daemons (``-v -v`` logs every
``dict_lookup`` in evaluation order; see ``tests/test_oracle_smoke.py``).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
DEFAULT_OUTPUT = ROOT / "linter" / "postfix" / "_params_data.py"
POSTFIX_VERSION = "3.7.11"

#: mail_params_init() (src/global/mail_params.c): the order of its
#: get_mail_conf_*_table() calls.
GLOBAL_TABLE_ORDER = (
    "compat_level_defaults",   # get_mail_conf_str_table(compat_level_defaults)
    "first_str_defaults",      # mail_version, syslog_facility, ... first
    "first_bool_defaults",     # daemon_table_open_error_is_fatal, ...
    "first_nbool_defaults",    # smtputf8_enable, ...
    "function_str_defaults",   # myhostname, mydomain
    "other_str_defaults",
    "other_int_defaults",
    "long_defaults",
    "bool_defaults",
    "time_defaults",
    "function_str_defaults_2",  # mynetworks (needs the others)
)

#: For each program: the tables its main() hands to the skeleton (or reads
#: itself after mail_conf_read()), in call order.  Source files cited.
TABLE_CALL_ORDER = {
    # src/anvil/anvil.c: multi_server_main(..., CA_MAIL_SERVER_TIME_TABLE(time_table))
    "anvil": ("time_table",),
    # src/bounce/bounce.c: INT, STR, TIME, NBOOL
    "bounce": ("int_table", "str_table", "time_table", "nbool_table"),
    # src/cleanup/cleanup.c (tables in cleanup_init.c): INT, BOOL, STR, TIME
    "cleanup": ("cleanup_int_table", "cleanup_bool_table", "cleanup_str_table", "cleanup_time_table"),
    "discard": (),  # src/discard/discard.c: no tables
    "dnsblog": ("time_table",),
    "error": (),  # src/error/error.c: no tables
    "flush": ("time_table",),
    # src/smtp/smtp.c: TIME, INT, STR, BOOL, NBOOL of smtp_params.c / lmtp_params.c
    "lmtp": ("lmtp_time_table", "lmtp_int_table", "lmtp_str_table", "lmtp_bool_table", "lmtp_nbool_table"),
    "smtp": ("smtp_time_table", "smtp_int_table", "smtp_str_table", "smtp_bool_table", "smtp_nbool_table"),
    # src/local/local.c: INT, LONG, STR, RAW, BOOL, TIME
    "local": ("int_table", "long_table", "str_table", "raw_table", "bool_table", "time_table"),
    # src/master/master_vars.c master_vars_init(): str_table then time_table
    "master": ("str_table", "time_table"),
    # src/qmgr/qmgr.c, src/oqmgr/qmgr.c: INT, STR, BOOL, TIME (reference section 2.4)
    "oqmgr": ("int_table", "str_table", "bool_table", "time_table"),
    "qmgr": ("int_table", "str_table", "bool_table", "time_table"),
    "pickup": ("str_table",),
    # src/pipe/pipe.c: TIME, STR
    "pipe": ("time_table", "str_table"),
    "postlogd": ("time_table",),
    # src/postscreen/postscreen.c: STR, INT, NINT, TIME, BOOL, RAW, NBOOL
    "postscreen": ("str_table", "int_table", "nint_table", "time_table", "bool_table", "raw_table", "nbool_table"),
    "proxymap": ("str_table",),
    # src/qmqpd/qmqpd.c: TIME, STR, BOOL
    "qmqpd": ("time_table", "str_table", "bool_table"),
    "scache": ("time_table",),
    "showq": ("int_table", "str_table"),
    # src/smtpd/smtpd.c: NINT, INT, LONG, STR, RAW, BOOL, NBOOL, TIME
    "smtpd": ("nint_table", "int_table", "long_table", "str_table", "raw_table", "bool_table", "nbool_table", "time_table"),
    "spawn": ("time_table",),
    # src/tlsmgr/tlsmgr.c: TIME, INT, STR
    "tlsmgr": ("time_table", "int_table", "str_table"),
    # src/tlsproxy/tlsproxy.c: compat INT, NINT, compat STR, STR, compat BOOL, NBOOL, TIME
    "tlsproxy": ("compat_int_table", "nint_table", "compat_str_table", "str_table", "compat_bool_table", "nbool_table", "time_table"),
    # src/trivial-rewrite/trivial-rewrite.c: STR, BOOL, NBOOL
    "trivial-rewrite": ("str_table", "bool_table", "nbool_table"),
    # src/verify/verify.c: STR, TIME
    "verify": ("str_table", "time_table"),
    # src/virtual/virtual.c: INT, LONG, STR, BOOL
    "virtual": ("int_table", "long_table", "str_table", "bool_table"),
    # Commands: mail_conf_read() (which runs mail_params_init()), then one table.
    "postfix": ("str_table",),
    "postdrop": ("str_table",),
    "postmulti": ("str_table",),
    "postqueue": ("str_table",),
    "sendmail": ("str_table",),
    "posttls-finger": ("smtp_str_table",),
}

#: Table entries under these conditions are not compiled into Debian's 3.7.11
#: daemons (USE_TLSPROXY: smtpd's tlsproxy_service_name is never read there,
#: confirmed with the verbose trace) or belong to test programs.
EXCLUDED_CONDS = ("#ifdef TEST", "#ifdef USE_TLSPROXY")
#: Programs whose tables are not read at start-up by a daemon skeleton:
#: libtls (tls_param_init(), called only when TLS is turned on), postconf's
#: legacy table, and the #ifdef TEST programs.
NOT_PROGRAMS = ("libtls", "postconf")

TYPES = ("time", "bool", "nbool", "int", "nint", "long", "str", "raw", "str_fn")
FLAG_GLOBAL, FLAG_READ_ONLY, FLAG_HOST_SPECIFIC = 1, 2, 4


def read_tsv(path: Path):
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def bound(text: str):
    """Postfix bounds: 0 (or absent) means "no limit" -> None."""
    text = (text or "").strip()
    if not text:
        return None
    value = int(text)
    return value if value != 0 else None


def build(ref: Path) -> str:
    params = read_tsv(ref / "postfix-3.7-parameters.tsv")
    patterns = read_tsv(ref / "per-transport-patterns.tsv")
    entries = read_tsv(ref / "source-table-entries.tsv")

    # -- read order --------------------------------------------------------
    usable = [e for e in entries if e["conds"] not in EXCLUDED_CONDS and "(test)" not in e["program"]]
    global_names = [e for e in usable if e["program"] == "global"]
    for e in global_names:
        if e["table"] not in GLOBAL_TABLE_ORDER:
            raise SystemExit(f"unknown mail_params_init table {e['table']!r}")
    global_names.sort(key=lambda e: (GLOBAL_TABLE_ORDER.index(e["table"]), int(e["line"])))
    global_order = tuple(dict.fromkeys(e["name"] for e in global_names))
    global_set = set(global_order)

    seen_tables = {}
    for e in usable:
        prog = e["program"]
        if prog == "global" or prog in NOT_PROGRAMS:
            continue
        if prog not in TABLE_CALL_ORDER:
            raise SystemExit(f"program {prog!r} has tables but no TABLE_CALL_ORDER entry")
        if e["table"] not in TABLE_CALL_ORDER[prog]:
            raise SystemExit(f"table {prog}:{e['table']} missing from TABLE_CALL_ORDER")
        seen_tables.setdefault(prog, []).append(e)
    read_order = {}
    for prog in sorted(TABLE_CALL_ORDER):
        tables = TABLE_CALL_ORDER[prog]
        rows = sorted(seen_tables.get(prog, []), key=lambda e: (tables.index(e["table"]), int(e["line"])))
        read_order[prog] = tuple(dict.fromkeys(e["name"] for e in rows if e["name"] not in global_set))

    legacy = tuple(sorted({e["name"] for e in entries if e["program"] == "postconf"}))

    # -- parameters ----------------------------------------------------------
    table = {}
    services = {}
    for r in params:
        name, typ = r["name"], r["type"]
        if typ not in TYPES:
            raise SystemExit(f"{name}: unknown type {typ!r}")
        read_by = [p for p in r["read_by"].split(",") if p]
        readers = tuple(p for p in read_by if p not in ("global", "(runtime)"))
        notes = r["notes"]
        flags = 0
        # config_directory is entered into the dictionary by mail_conf_suck()
        # in every program, so $config_directory resolves everywhere.
        if name in global_set or name == "config_directory":
            flags |= FLAG_GLOBAL
        if r["origin"] == "builtin-adhoc":
            flags |= FLAG_READ_ONLY
        if "HOST-SPECIFIC" in notes or "RUN-TIME" in notes:
            flags |= FLAG_HOST_SPECIFIC
        unit = r["default_unit"] or None
        if typ == "time" and unit is None:
            raise SystemExit(f"{name}: time parameter without a default unit")
        table[name] = (typ, r["default"], unit, bound(r["min"]), bound(r["max"]),
                       readers, r["since"] or None, flags, r["origin"])
        if r["origin"] == "service":
            marker = "generated by postconf from master.cf service '"
            i = notes.index(marker) + len(marker)
            svc = notes[i:notes.index("'", i)]
            j = notes.index("(command ", i) + len("(command ")
            services[svc] = notes[j:notes.index(")", j)]

    transport = []
    dbms = []
    for r in patterns:
        pat = r["pattern"]
        head, sep, suffix = pat.partition(">_")
        if not sep:
            continue  # user-defined names (restriction classes, $name references)
        kind = head.lstrip("<")
        row_readers = tuple(p for p in r["read_by"].split(",") if p)
        if kind in ("service", "transport"):
            transport.append((suffix, r["type"], r["unit"] or None, bound(r["min"]), bound(r["max"]),
                              r["default"], row_readers,
                              tuple(p for p in r["postconf_registers_for"].split(",") if p),
                              r["since"] or None))
        elif kind.endswith("_table"):
            dbms.append((kind[:-len("_table")], suffix, r["type"], bound(r["min"]), bound(r["max"]), r["default"]))
        else:
            raise SystemExit(f"unknown pattern kind in {pat!r}")
    # Longest suffix first: "destination_recipient_limit" before "recipient_limit".
    transport.sort(key=lambda t: (-len(t[0]), t[0]))

    out = io.StringIO()
    w = out.write
    w("# generated by scripts/gen_params.py, do not edit\n")
    w(f"# Postfix {POSTFIX_VERSION}: {len(table)} built-in parameter names "
      f"(incl. {sum(1 for v in table.values() if v[8] == 'service')} derived from Debian's default master.cf).\n")
    w("# PARAMS[name] = (type, default, unit, min, max, readers, since, flags, origin)\n")
    w("#   min/max None = no limit; flags: 1 global (mail_params_init), 2 read-only, 4 host-specific default\n")
    w(f"VERSION = {POSTFIX_VERSION!r}\n")
    w("PARAMS = {\n")
    for name in sorted(table):
        w(f"    {name!r}: {table[name]!r},\n")
    w("}\n")
    w("# mail_params_init() evaluation order\n")
    w("GLOBAL_ORDER = (\n")
    for name in global_order:
        w(f"    {name!r},\n")
    w(")\n")
    w("# each program's own tables, in evaluation order (after GLOBAL_ORDER)\n")
    w("READ_ORDER = {\n")
    for prog, names in read_order.items():
        w(f"    {prog!r}: {names!r},\n")
    w("}\n")
    w("# (suffix, type, unit, min, max, default, readers, registered_for_commands, since), longest suffix first\n")
    w("TRANSPORT_PATTERNS = (\n")
    for t in transport:
        w(f"    {t!r},\n")
    w(")\n")
    w("# (dbtype, suffix, type, min, max, default): legacy main.cf-style <name>_<suffix> client settings\n")
    w("DBMS_PATTERNS = (\n")
    for t in dbms:
        w(f"    {t!r},\n")
    w(")\n")
    w("# services of Debian's default master.cf that postconf derives parameter names from: (name, command)\n")
    w(f"DEFAULT_SERVICES = {tuple(sorted(services.items()))!r}\n")
    w("# names in postconf's pcf_legacy_str_table (src/postconf/postconf_builtin.c)\n")
    w(f"LEGACY = {legacy!r}\n")
    return out.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference", nargs="?", default=str(DEFAULT_REFERENCE),
                    help="directory with the reference TSV files (default: %(default)s)")
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT),
                    help="output file, or - for stdout (default: %(default)s)")
    args = ap.parse_args(argv)
    text = build(Path(args.reference))
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
