"""``postfix-lint schedule PATH``: when Postfix retries and bounces one deferred message.

Reads main.cf like the lint command, takes the retry parameters as the
queue manager reads them (``delay_warning_time`` as cleanup reads it, since
cleanup stamps the warning time on the message) and prints the schedule of
:mod:`postfix_lint.schedule` for one message whose every delivery attempt fails.

Defaults (printed in the header of every run): the message arrives at 00:00
on day +0 in the same second as a deferred-queue scan, i.e. just after it,
and every attempt fails at once.  That is also the assumption of the lint
rules PF210-PF213, so the figures they cite are the ones printed here.

Exit status: 0 the schedule was printed; 1 a retry parameter would make
qmgr (or cleanup) exit, so there is no schedule; 2 usage error or a file
that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import List, Optional, Sequence

from postfix_lint.schedule import DAY, IDLE_RUN_LIMIT, RetryParams, Schedule, clock, duration, format_text, simulate

EXIT_OK, EXIT_FATAL, EXIT_USAGE = 0, 1, 2
PROG = "postfix-lint schedule"

#: The six parameters of the model, in qmgr's reading order (reference §3.4).
PARAMETERS = (
    "queue_run_delay",
    "minimal_backoff_time",
    "maximal_backoff_time",
    "maximal_queue_lifetime",
    "bounce_queue_lifetime",
    "delay_warning_time",
)
MAX_ATTEMPT_DURATION = DAY

_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?")


class _Usage(Exception):
    pass


def clock_arg(text: str) -> int:
    """``HH:MM`` or ``HH:MM:SS`` -> seconds since midnight."""
    m = _CLOCK.fullmatch(text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time of day HH:MM or HH:MM:SS (00:00 to 23:59:59)")
    h, mi, s = m.groups()
    return int(h) * 3600 + int(mi) * 60 + int(s or 0)


def seconds_arg(text: str) -> int:
    if not re.fullmatch(r"[0-9]+", text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds")
    value = int(text)
    if value > MAX_ATTEMPT_DURATION:
        raise argparse.ArgumentTypeError(f"{value} s is longer than a day; no delivery attempt lasts that long")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits; we return instead
        self.print_usage(sys.stderr)
        raise _Usage(message)


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(
        prog=PROG,
        description="Print when Postfix's queue manager retries a message whose delivery keeps failing,"
        " when it sends the delay warning and when it bounces the message, from the retry parameters"
        " of a main.cf (values set in the file, else Postfix 3.7's defaults).",
        epilog="Model: shared reference §4 / linter/schedule.py.  The scan phase is set by qmgr's last start"
        " or 'postfix reload' and is not in main.cf: give it with --first-scan (any one scan time).  Exit"
        " status: 0 schedule printed, 1 a retry parameter is fatal for Postfix, 2 usage or read error.",
    )
    ap.add_argument("path", metavar="PATH", help="the main.cf file ('-' reads standard input)")
    ap.add_argument("--arrival", type=clock_arg, default=0, metavar="HH:MM",
                    help="when the message arrives and its first attempt fails (default 00:00, day +0)")
    ap.add_argument("--first-scan", type=clock_arg, default=None, metavar="HH:MM",
                    help="the time of any one deferred-queue scan; scans repeat every queue_run_delay"
                    " (default: the arrival time, i.e. the message arrives just after a scan)")
    ap.add_argument("--attempt-duration", type=seconds_arg, default=0, metavar="SECONDS",
                    help="how long each failing attempt takes before the failure is reported (default 0;"
                    " 2 or more shifts the hourly retries, see the reference §4.7)")
    ap.add_argument("--null-sender", action="store_true",
                    help="the message is from the null sender <> (a bounce or delay notice):"
                    " bounce_queue_lifetime applies and no delay warning is sent")
    ap.add_argument("--no-idle-scans", action="store_true",
                    help="hide the scans that leave the message alone")
    ap.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    return ap


def main(argv: Optional[Sequence[str]] = None) -> int:
    from postfix_lint.cli import run_guarded

    return run_guarded(_main, list(sys.argv[2:] if argv is None else argv))


def _main(argv: List[str]) -> int:
    from postfix_lint.cli import InputError, read_input
    from postfix_lint.parser import parse_bytes
    from postfix_lint.resolver import Resolver

    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except _Usage as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE

    shown = "<stdin>" if args.path == "-" else args.path
    try:
        data = read_input(args.path)
    except InputError as exc:
        print(f"postfix-lint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    doc = parse_bytes(data, shown)
    res = Resolver(doc)
    settings = {name: res.time(name) for name in PARAMETERS}

    fatal = [s for s in settings.values() if s.fatal]
    if fatal:
        for s in fatal:
            print(f"{PROG}: {shown}: {fatal_text(s)}; fix it first (see postfix-lint {args.path})",
                  file=sys.stderr)
        return EXIT_FATAL
    for p in doc.syntax:
        if p.code in ("PF001", "PF002"):
            print(f"{PROG}: warning: {shown}:{p.line}: {p.message} (the schedule below is what qmgr does"
                  " once that is fixed)", file=sys.stderr)
            break

    try:
        params = RetryParams(**{name: s.seconds for name, s in settings.items()})
    except ValueError as exc:  # defensive: the resolver's ranges already reject these
        print(f"{PROG}: {shown}: {exc}; fix it first (see postfix-lint {args.path})", file=sys.stderr)
        return EXIT_FATAL
    schedule = simulate(params, arrival=args.arrival, first_scan=args.first_scan,
                        attempt_duration=args.attempt_duration, null_sender=args.null_sender)
    if args.format == "json":
        text = json.dumps(schedule.to_json(idle_scans=not args.no_idle_scans), indent=2) + "\n"
    else:
        text = render_text(shown, settings, schedule, args)
    sys.stdout.write(text)
    sys.stdout.flush()
    return EXIT_OK


def fatal_text(s) -> str:
    """``queue_run_delay = 15M (line 3): bad time value or unit ...; qmgr would exit at start``."""
    where = "Postfix's default" if s.entry is None else f"line {s.entry.line}"
    if s.expanded is None:
        why = f"cannot be expanded ({s.error})" if s.error else "cannot be expanded"
    elif s.seconds is None:
        reason = s.value.reason if s.value is not None and s.value.reason else "bad time value or unit"
        refs = f"; ${', $'.join(s.empty_refs)} expands to nothing in {s.program}" if s.empty_refs else ""
        shown = "" if s.expanded == s.raw else f" (expanded: {s.expanded!r})"
        why = f"bad time value or unit{shown}: {reason}{refs}"
    else:
        why = f"out of range: {s.range_error}"
    return f"{s.name} = {s.raw} ({where}): {why}; {s.program} would exit at start"


def _scan_text(q: int, phase_time: int) -> str:
    """'every 15m, at :05, :20, :35 and :50' or 'every 7m, one of them at 09:05:00'."""
    if q < 3600 and 3600 % q == 0 and 3600 // q <= 6 and q % 60 == 0 and phase_time % 60 == 0:
        minutes = sorted({(phase_time // 60 + k * q // 60) % 60 for k in range(3600 // q)})
        marks = [f":{m:02d}" for m in minutes]
        listed = marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " and " + marks[-1]
        return f"every {duration(q)}, at {listed} past each hour"
    return f"every {duration(q)}, one of them at {clock(phase_time)}"


def _source(s) -> str:
    if s.entry is None:
        return f"Postfix's default {s.raw}"
    text = f"line {s.entry.line}: {s.raw}"
    if s.expanded is not None and s.expanded != s.raw:
        text += f" = {s.expanded}"
    return text


def render_text(shown: str, settings, schedule: Schedule, args) -> str:
    p = schedule.params
    sm = schedule.summary
    assert sm is not None
    width = max(len(n) for n in PARAMETERS)
    vwidth = max(len(duration(s.seconds)) for s in settings.values())
    lines = [f"Retry schedule for {shown} (Postfix 3.7 queue manager)"]
    for name, s in settings.items():
        value = duration(s.seconds)
        note = ""
        if name == "bounce_queue_lifetime":
            if p.bounce_queue_lifetime > p.maximal_queue_lifetime:
                note = f"; qmgr caps it at maximal_queue_lifetime: {duration(p.effective_bounce_queue_lifetime)}"
            note += "; for null-sender mail"
        elif name == "delay_warning_time":
            note = "; off" if s.seconds == 0 else ""
            if args.null_sender:
                note += "; not for null-sender mail"
        lines.append(f"  {name:<{width}}  {value:<{vwidth}}  ({_source(s)}{note})")
    first_scan = args.arrival if args.first_scan is None else args.first_scan
    sender = "the null sender <> (bounce_queue_lifetime applies)" if args.null_sender else "a normal sender"
    lines.append("assuming:")
    lines.append(f"  a message from {sender} arrives at {clock(args.arrival)} on day +0"
                 " and its first attempt fails (--arrival)")
    lines.append(f"  the deferred queue is scanned {_scan_text(p.queue_run_delay, first_scan)}"
                 " (--first-scan; set by qmgr's last start or reload)")
    took = f"{duration(args.attempt_duration)} after it starts" if args.attempt_duration else "at once"
    lines.append(f"  every delivery attempt fails {took} (--attempt-duration)")
    if not args.no_idle_scans:
        lines.append(f"  scans that find the message not yet due are listed ('scan'), runs of more than"
                     f" {IDLE_RUN_LIMIT} as one line (--no-idle-scans hides them)")
    lines.append("")
    table = format_text(schedule, idle_scans=not args.no_idle_scans).splitlines()[1:]
    lines.extend(table)
    return "\n".join(lines) + "\n"
