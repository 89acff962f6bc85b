"""``postfix-lint schedule [OPTIONS] PATH``: when Postfix retries and bounces one deferred message.

Reads one main.cf like the lint command, takes the retry parameters of
:data:`postfix_lint.postfix.retry.PARAMETERS` as the queue manager reads them
(``delay_warning_time`` as cleanup reads it, since cleanup stamps the
warning time on the message), simulates one message whose every delivery
attempt fails (:func:`postfix_lint.postfix.retry.simulate`) and prints it
with :mod:`postfix_lint.report.schedule`.  The defaults (arrival at 00:00 on
day +0 in the same second as a deferred-queue scan, attempts that fail at
once) are the assumption of the lint rules PF210-PF213, so the figures they
cite are the ones printed here.  Exit status: 0 the schedule was printed;
1 a retry parameter would make qmgr (or cleanup) exit, so there is no
schedule; 2 a usage error or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Sequence

from postfix_lint.cli.files import (EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, ArgumentParser, InputError, error,
                                    read_input, UsageError, warning)
from postfix_lint.postfix.retry import DAY, PARAMETERS, RetryParams, simulate

EXIT_FATAL = EXIT_PROBLEMS
PROG = "postfix-lint schedule"
MAX_ATTEMPT_DURATION = DAY

_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?")


def clock_arg(text: str) -> int:
    """``HH:MM`` or ``HH:MM:SS`` -> seconds since midnight."""
    m = _CLOCK.fullmatch(text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time of day HH:MM or HH:MM:SS (00:00 to 23:59:59)")
    h, mi, s = m.groups()
    return int(h) * 3600 + int(mi) * 60 + int(s or 0)


def seconds_arg(text: str) -> int:
    """A whole number of seconds, at most a day."""
    if not re.fullmatch(r"[0-9]+", text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds")
    value = int(text)
    if value > MAX_ATTEMPT_DURATION:
        raise argparse.ArgumentTypeError(f"{value} s is longer than a day; no delivery attempt lasts that long")
    return value


def build_parser() -> argparse.ArgumentParser:
    ap = ArgumentParser(
        prog=PROG,
        description="Print when Postfix's queue manager retries a message whose delivery keeps failing,"
        " when it sends the delay warning and when it bounces the message, from the retry parameters"
        " of a main.cf (values set in the file, else Postfix's defaults).",
        epilog="Model: Postfix's qmgr, identical from 3.5 to 3.12, documented in 'python -m pydoc"
        " postfix_lint.postfix.retry'.  The scan"
        " phase is set by qmgr's last start or 'postfix reload' and is not in main.cf: give it with --first-scan"
        " (any one scan time).  Exit status: 0 schedule printed, 1 a retry parameter is fatal for Postfix,"
        " 2 usage or read error.",
    )
    ap.add_argument("path", metavar="PATH", help="the main.cf file ('-' reads standard input)")
    ap.add_argument("--arrival", type=clock_arg, default=0, metavar="HH:MM",
                    help="when the message arrives and its first attempt fails (default 00:00, day +0)")
    ap.add_argument("--first-scan", type=clock_arg, default=None, metavar="HH:MM",
                    help="the time of any one deferred-queue scan; scans repeat every queue_run_delay"
                    " (default: the arrival time, i.e. the message arrives just after a scan)")
    ap.add_argument("--attempt-duration", type=seconds_arg, default=0, metavar="SECONDS",
                    help="how long each failing attempt takes before the failure is reported (default 0;"
                    " 2 or more makes a retry miss the scan that would have taken it)")
    ap.add_argument("--null-sender", action="store_true",
                    help="the message is from the null sender <> (a bounce or delay notice):"
                    " bounce_queue_lifetime applies and no delay warning is sent")
    ap.add_argument("--no-idle-scans", action="store_true",
                    help="hide the scans that leave the message alone")
    ap.add_argument("--master-cf", metavar="PATH", default=None,
                    help="the master.cf whose qmgr service's -o settings override main.cf"
                    " (default: the master.cf beside main.cf, if any)")
    ap.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    ap.add_argument("--target-version", metavar="X.Y[.Z]", default=None,
                    help="the Postfix release the file is for, named in the header (the retry algorithm and"
                    " the time parameters are the same in every release from 3.5 to 3.12)")
    return ap


def run(argv: Sequence[str]) -> int:
    """The schedule command; raises :class:`~postfix_lint.cli.files.UsageError` on a bad command line."""
    from postfix_lint.read.main_cf import parse_bytes
    from postfix_lint.report import schedule as report
    from postfix_lint.analyse.resolver import Resolver

    args = build_parser().parse_args(list(argv))
    release = None
    if args.target_version is not None:
        from postfix_lint.config import ConfigError, parse_target_version
        from postfix_lint.postfix.profiles import parse_release

        try:
            release = parse_release(parse_target_version(args.target_version, "--target-version"))
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
    shown = "<stdin>" if args.path == "-" else args.path
    try:
        data = read_input(args.path)
    except InputError as exc:
        return error(str(exc))
    doc = parse_bytes(data, shown)
    res, origin = _resolver(doc, args, shown)
    if res is None:
        return EXIT_USAGE
    settings = {name: res.time(name) for name in PARAMETERS}

    fatal = [s for s in settings.values() if s.fatal]
    if fatal:
        for s in fatal:
            text = report.fatal_text(s)
            for synthetic, real in origin[1].items():
                text = text.replace(f"(line {synthetic})", f"({real})")
            error(f"{shown}: {text}; fix it first (see postfix-lint {args.path})")
        return EXIT_FATAL
    for p in doc.syntax:
        if p.code in ("PF001", "PF002"):
            warning(f"{shown}:{p.line}: {p.message} (the schedule below is what qmgr does once that is fixed)")
            break
    try:
        params = RetryParams(**{name: s.seconds for name, s in settings.items()})
    except ValueError as exc:  # defensive: the resolver's ranges already reject these
        error(f"{shown}: {exc}; fix it first (see postfix-lint {args.path})")
        return EXIT_FATAL
    schedule = simulate(params, arrival=args.arrival, first_scan=args.first_scan,
                        attempt_duration=args.attempt_duration, null_sender=args.null_sender)
    idle_scans = not args.no_idle_scans
    if args.format == "json":
        text = json.dumps(report.to_json(schedule, idle_scans=idle_scans), indent=2) + "\n"
    else:
        text = report.render_text(shown + origin[0], settings, schedule, idle_scans=idle_scans,
                                  release=None if release is None else str(release))
        for synthetic, real in origin[1].items():
            text = text.replace(f"(line {synthetic}: ", f"({real}: ")
    sys.stdout.write(text)
    sys.stdout.flush()
    return EXIT_OK


def _resolver(doc, args, shown):
    """The resolver for qmgr: main.cf with the -o settings of master.cf's queue manager service in place.

    Returns (resolver or None after an error, (header note, {built line: "master.cf line N -o"})).
    """
    from postfix_lint.analyse import overrides
    from postfix_lint.analyse.definitions import Definitions
    from postfix_lint.analyse.resolver import Resolver
    from postfix_lint.cli.files import master_cf_beside
    from postfix_lint.read import master_cf

    if args.master_cf:
        try:
            text = read_input(args.master_cf).decode("utf-8", "surrogateescape")
        except InputError as exc:
            error(str(exc))
            return None, ("", {})
        where = args.master_cf
    else:
        where = os.path.join(os.path.dirname(shown) or ".", "master.cf")
        text = master_cf_beside(shown if args.path == "-" else args.path)
    if text is None:
        return Resolver(doc), ("", {})
    master = master_cf.parse(text, where)
    definitions = Definitions(master)
    service = overrides.queue_manager(master, doc)
    chosen = overrides.applied(service, definitions) if service is not None else []
    if not chosen:
        return Resolver(doc, definitions), ("", {})
    built, first, _lines = overrides.with_overrides(doc, chosen)
    origin = {first + i: f"{where} line {option.value_span.line}, -o" for i, (_n, option) in enumerate(chosen)}
    note = f" with the -o settings of service {service.name} in {where}"
    return Resolver(built, definitions), (note, origin)


def main(argv=None) -> int:
    """``postfix-lint schedule`` on its own (``argv`` without the word ``schedule``)."""
    from postfix_lint.cli.files import run_guarded

    return run_guarded(run, list(sys.argv[2:] if argv is None else argv))


__all__ = ["build_parser", "run", "main", "EXIT_OK", "EXIT_FATAL", "EXIT_USAGE"]
