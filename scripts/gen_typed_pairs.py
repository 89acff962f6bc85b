#!/usr/bin/env python3
"""Generate ``tests/data/typed_pairs.tsv``: typed values judged by the real Postfix daemons.

Usage::

    python scripts/gen_typed_pairs.py [-o OUTPUT] [-j JOBS]

Needs the installed Postfix 3.7.11 (Debian: ``apt-get install postfix``).
Every (parameter, value) pair below is written as ``parameter = value`` into
an otherwise minimal main.cf (``tests/oracle.py`` adds its harness defaults
after it) and the daemon that reads the parameter is started once in
stand-alone mode.  Columns:

- ``parameter``, ``value`` (``\\t``, ``\\r``, ``\\n`` written as escapes),
  ``daemon``;
- ``verdict``: ACCEPT or REJECT;
- ``seconds_or_message``: on ACCEPT the value Postfix's own library code
  computes (seconds for time, the number for int/long, yes/no for booleans);
  on REJECT the daemon's ``fatal:`` line;
- ``warnings``: warnings the daemon logged on ACCEPT, ``;``-separated.

Global parameters (read by mail_params_init()) are judged by qmgr.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import oracle  # noqa: E402  (tests/oracle.py)
from postfix_lint.postfix import params  # noqa: E402

DEFAULT_OUTPUT = ROOT / "tests" / "data" / "typed_pairs.tsv"

# Values from reference section 3: units, case, signs, whitespace, overflow,
# bounds, trailing text, digit-less values, empty values, $references.
TIME_VALUES = (
    "900", "900s", "15m", "15min", "15minutes", "15M", "5S", "5H", "1h30m", "1d12h", "5ms", "5m5",
    "5sec", "1.5h", "0.5m", "-5s", "0", "0s", "-0", "+0", "s", "m", "h", "d", "days", "weeks",
    "seconds", "+5s", "5s\r", "5\ts", "5 s", "+s", "-s", "x", "1y", "0x10", "1e3", "1_000", '"5s"',
    "\u0665s", "010s", "1w", "2w", "5d", "2147483647", "2147483647s", "2147483648s", "99999999999s",
    "35791393m", "35791394m", "596522h", "596523h", "24854d", "24855d", "3549w", "3550w", "",
    "5s # comment", "$ipc_timeout", "${ipc_timeout}", "$max_idle", "$undefined_xyz",
    "${undefined_xyz:7}s", "$$5s", "5$", "${ipc_timeout?{10}:{20}}m", "${{1}=={1}?{5}:{6}}m",
    "${undefined_xyz:{ }}5s", "1", "100d", "101d", "8640000s", "8640001s", "15w", "1h",
)
TIME_PARAMS = (
    # (parameter, daemon, values): a value subset per parameter keeps the table focused
    ("queue_run_delay", "qmgr", TIME_VALUES),
    ("maximal_queue_lifetime", "qmgr", ("1", "0", "s", "d", "days", "100d", "101d", "8640000s",
                                       "8640001s", "15w", "1w", "5d", "2h", "$bounce_queue_lifetime",
                                       "$ipc_timeout", "24855d", "")),
    ("maximal_queue_lifetime", "bounce", ("1", "101d", "100d", "d", "15M", "$ipc_timeout")),
    ("bounce_queue_lifetime", "qmgr", ("1w", "15w", "0", "$maximal_queue_lifetime", "2d", "1", "x")),
    ("minimal_backoff_time", "qmgr", ("0", "-0", "1", "15m", "$queue_run_delay", "$maximal_backoff_time",
                                     "1.5m", "")),
    ("maximal_backoff_time", "qmgr", ("$minimal_backoff_time", "1h", "0", "4000", "4000S")),
    ("delay_warning_time", "cleanup", ("1", "0", "0h", "4h", "1d", "30m", "1.5h", "-1h", "h", "",
                                      "$maximal_queue_lifetime", "$ipc_timeout", "2147483647")),
    ("delay_warning_time", "bounce", ("1", "4h", "x")),
    ("queue_run_delay", "smtp", ("0", "5m", "15M", "$minimal_backoff_time", "$ipc_timeout")),
    ("ipc_timeout", "qmgr", ("0", "1", "15M", "1h", "", "-1")),
    ("in_flow_delay", "qmgr", ("10", "11", "10s", "11s", "0", "1m", "-1")),
    ("smtp_helo_timeout", "smtp", ("0", "1", "5m", "5 m", "$smtp_connect_timeout", "$queue_run_delay")),
    ("smtpd_timeout", "smtpd", ("0", "300s", "${stress?{10}:{300}}s", "5M", "$smtpd_error_sleep_time")),
    ("default_destination_rate_delay", "qmgr", ("0", "1s", "-1s", "$default_transport_rate_delay",
                                               "$queue_run_delay")),
)

BOOL_VALUES = ("yes", "YES", "Yes", "no", "NO", "nO", "true", "false", "1", "0", "on", "off", "",
               "yes # c", "y", "ye", "yess", "noo", "\"yes\"", "y\u00e9s", "yes\r", "${undefined_xyz:yes}",
               "${undefined_xyz}yes", "${undefined_xyz:{ }}yes")
BOOL_PARAMS = (
    ("soft_bounce", "qmgr", BOOL_VALUES),                   # global bool
    ("smtputf8_enable", "qmgr", ("yes", "No", "maybe", "", "${{1}=={1}?{yes}:{no}}")),  # global nbool
    ("disable_verp_bounces", "qmgr", ("yes", "true", "Yes", "$soft_bounce", "$cleanup_replace_stray_cr_lf")),
    ("cleanup_replace_stray_cr_lf", "cleanup", ("no", "YES", "off", "")),
    ("enable_threaded_bounces", "bounce", ("yes", "no", "1", "")),  # nbool
    ("smtp_always_send_ehlo", "smtp", ("no", "NO", "0", "yes please")),
    ("smtpd_sasl_auth_enable", "smtpd", ("yes", "no", "enabled", "")),
    ("biff", "local", ("no", "yes", "false")),
)

INT_VALUES = ("5", "+5", "-5", "007", "0", "-0", "20k", "2e4", "5.0", "0x10", "", "99999999999",
              "2147483647", "2147483648", "-2147483648", "-2147483649", "1_000", "5 5", "\u0665",
              "${undefined_xyz:7}", "${undefined_xyz:{ }}5", "5${undefined_xyz:{ }}", "-", "+", "5\r")
INT_PARAMS = (
    ("qmgr_message_active_limit", "qmgr", INT_VALUES),             # min 1
    ("default_destination_concurrency_limit", "qmgr", ("-1", "0", "20", "20k", "$default_process_limit",
                                                       "$qmgr_message_active_limit",
                                                       "$initial_destination_concurrency")),
    ("default_delivery_slot_discount", "qmgr", ("0", "100", "101", "-1", "50%")),  # max 100
    ("default_process_limit", "qmgr", ("0", "1", "100", "1e2", "")),               # global, min 1
    ("line_length_limit", "qmgr", ("511", "512", "2048", "2k")),                   # global, min 512
    ("hopcount_limit", "cleanup", ("0", "1", "50", "fifty", "2147483648")),
    ("bounce_size_limit", "bounce", ("0", "1", "50000", "50 000")),
    ("smtp_mx_address_limit", "smtp", ("-1", "0", "5", "5.5")),
    ("smtpd_recipient_limit", "smtpd", ("0", "1", "1000", "1k")),
    ("smtpd_hard_error_limit", "smtpd", ("0", "1", "${stress?{1}:{20}}", "20", "x")),  # nint, min 1
    ("duplicate_filter_limit", "local", ("-5", "0", "10", "10x")),
)

LONG_VALUES = ("10240000", "-1", "0", "+5", "10M", "10k", "10m", "1e7", "99999999999", "2147483648",
               "9223372036854775807", "9223372036854775808", "-9223372036854775808",
               "-9223372036854775809", "", "10 240 000", "${undefined_xyz:{ }}5", "$default_process_limit",
               "0x100")
LONG_PARAMS = (
    ("message_size_limit", "qmgr", LONG_VALUES),                     # global
    ("mailbox_size_limit", "local", ("0", "51200000", "50M", "-1", "99999999999", "")),
    ("virtual_mailbox_limit", "virtual", ("0", "51200000", "50M", "99999999999")),
    ("queue_minfree", "smtpd", ("0", "1k", "100000000")),
    ("lmdb_map_size", "qmgr", ("0", "1", "16777216", "16M")),           # global, min 1
)


def escape(value: str) -> str:
    return value.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def judge(item):
    param, daemon, value = item
    text = f"{param} = {value}\n"
    v = oracle.daemon_verdict(text, daemon)
    if not v.accepted:
        return (param, escape(value), daemon, "REJECT", escape(v.fatal or ""), "")
    got = oracle.typed_value(text, param, daemon)
    if isinstance(got, bool):
        shown = "yes" if got else "no"
    else:
        shown = "" if got is None else str(got)
    warnings = ";".join(escape(w) for w in v.warnings)
    return (param, escape(value), daemon, "ACCEPT", shown, warnings)


def items():
    seen = set()
    for group in (TIME_PARAMS, BOOL_PARAMS, INT_PARAMS, LONG_PARAMS):
        for param, daemon, values in group:
            p = params.get(param)
            assert p is not None, param
            assert p.is_global or daemon in p.readers, (param, daemon)
            for value in values:
                key = (param, daemon, value)
                if key not in seen:
                    seen.add(key)
                    yield key


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT))
    ap.add_argument("-j", "--jobs", type=int, default=min(8, 2 * (os.cpu_count() or 1)))
    args = ap.parse_args(argv)
    if not oracle.postfix_available():
        print("Postfix not installed: apt-get install postfix", file=sys.stderr)
        return 2
    todo = list(items())
    with ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(judge, todo))
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("parameter\tvalue\tdaemon\tverdict\tseconds_or_message\twarnings\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{out}: {len(rows)} rows ({sum(r[3] == 'ACCEPT' for r in rows)} ACCEPT)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
