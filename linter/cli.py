"""Command line: ``postfix-lint [OPTIONS] PATH...`` and ``postfix-lint schedule PATH``.

Exit status: 0 clean, 1 a problem at or above ``--fail-on``, 2 usage error or
a path that cannot be read (the other paths are still checked).
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from typing import List, Optional, Sequence, Tuple

from linter import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_BYTES = 256 * 1024 * 1024  # refuse files larger than this instead of exhausting memory


class InputError(Exception):
    """A path that cannot be linted; the message names the path and the reason."""


def read_input(path: str, stdin=None) -> bytes:
    """Read one input without ever blocking on a FIFO or following a loop."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory (give the main.cf file itself)")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file")
    if st.st_size > MAX_BYTES:
        raise InputError(f"{path}: file too large ({st.st_size} bytes; limit {MAX_BYTES})")
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def _csv(text: str) -> List[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="postfix-lint",
        description="Lint Postfix main.cf files with Postfix 3.7's own semantics.",
        epilog="Subcommand: 'postfix-lint schedule PATH' prints when Postfix retries and bounces a deferred"
        " message (see 'postfix-lint schedule --help').  Exit status: 0 clean, 1 problems at or above"
        " --fail-on, 2 usage or read errors.",
    )
    ap.add_argument("paths", nargs="*", metavar="PATH", help="main.cf files; '-' reads standard input")
    ap.add_argument("--format", choices=("text", "concise", "json"), default=None,
                    help="output format (default: text)")
    ap.add_argument("--fail-on", choices=("error", "warning", "info"), default=None,
                    help="exit 1 when a problem at or above this severity is found (default: warning)")
    ap.add_argument("--stdin-filename", metavar="NAME", help="path to report for '-' (standard input)")
    ap.add_argument("--select", type=_csv, metavar="RULES", help="only these rules (codes or names, comma separated)")
    ap.add_argument("--ignore", type=_csv, default=[], metavar="RULES", help="skip these rules")
    ap.add_argument("--extend-select", type=_csv, default=[], metavar="RULES",
                    help="enable these rules in addition to the default set")
    ap.add_argument("--target-version", metavar="X.Y", default=None,
                    help="Postfix version the file is for (default: 3.7)")
    ap.add_argument("--list-rules", action="store_true", help="print the rule catalogue and exit")
    ap.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")
    ap.add_argument("--version", action="version", version=f"postfix-lint {__version__}")
    return ap


def list_rules() -> str:
    from linter.rules import RULES

    rows = []
    for code, m in RULES.items():
        summary = (m.__doc__ or "").strip().splitlines()[0]
        rows.append(f"{code}  {m.NAME:<40} {str(m.SEVERITY):<8} {summary}")
    return "\n".join(rows) + "\n"


def explain(ident: str) -> str:
    import inspect

    from linter.rules import RULES, resolve_code

    m = RULES[resolve_code(ident)]
    doc = inspect.getdoc(m) or ""
    return f"{m.CODE} {m.NAME} (default severity: {m.SEVERITY})\n\n{doc}\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "schedule":
        from linter.schedule_cmd import main as schedule_main

        return schedule_main(argv[1:])
    try:
        return _lint_main(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output went to a closed pipe (e.g. `| head`): not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK


def _lint_main(argv: List[str]) -> int:
    from linter.engine import Settings
    from linter.problem import Severity
    from linter.rules import UnknownRule

    ap = build_parser()
    args = ap.parse_args(argv)
    out = sys.stdout
    if args.list_rules:
        out.write(list_rules())
        return EXIT_OK
    if args.explain:
        try:
            out.write(explain(args.explain))
        except UnknownRule as exc:
            print(f"postfix-lint: {exc}", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_OK
    if not args.paths:
        ap.print_usage(sys.stderr)
        print("postfix-lint: error: give at least one PATH ('-' for standard input)", file=sys.stderr)
        return EXIT_USAGE
    if args.stdin_filename and "-" not in args.paths:
        print("postfix-lint: error: --stdin-filename needs '-' among the paths", file=sys.stderr)
        return EXIT_USAGE

    settings = Settings(
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        target_version=args.target_version or "3.7",
    )
    try:
        from linter.engine import enabled_rules

        enabled_rules(settings)
    except UnknownRule as exc:
        print(f"postfix-lint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    fail_on = Severity.parse(args.fail_on or "warning")
    fmt = args.format or "text"

    results, io_error = lint_paths(args.paths, settings, args.stdin_filename)
    from linter import output

    text = output.FORMATTERS[fmt](results)
    if text:
        out.write(text)
    if fmt == "text" and out.isatty():
        count = sum(len(ps) for _, ps in results)
        out.write(f"{count} problem{'s' if count != 1 else ''} in {len(results)} file"
                  f"{'s' if len(results) != 1 else ''}\n")
    out.flush()
    if io_error:
        return EXIT_USAGE
    worst = max((p.severity for _, ps in results for p in ps), default=None)
    return EXIT_PROBLEMS if worst is not None and worst >= fail_on else EXIT_OK


def lint_paths(paths, settings, stdin_filename=None) -> Tuple[list, bool]:
    """Lint every path; unreadable ones are reported on stderr and skipped."""
    import dataclasses

    from linter.engine import run
    from linter.parser import parse_bytes

    results = []
    io_error = False
    for path in paths:
        shown = (stdin_filename or "<stdin>") if path == "-" else path
        try:
            data = read_input(path)
        except InputError as exc:
            print(f"postfix-lint: {exc}", file=sys.stderr)
            io_error = True
            continue
        file_settings = settings
        master = _master_cf_beside(shown if path == "-" else path)
        if master is not None:
            file_settings = dataclasses.replace(settings, master_cf=master)
        doc = parse_bytes(data, shown)
        results.append((shown, run(doc, file_settings)))
    return results, io_error


def _master_cf_beside(path: str) -> Optional[str]:
    """The text of a master.cf in the same directory as a main.cf, if any."""
    candidate = os.path.join(os.path.dirname(path) or ".", "master.cf")
    try:
        if os.path.isfile(candidate):
            with open(candidate, "rb") as fh:
                return fh.read(MAX_BYTES).decode("utf-8", "surrogateescape")
    except OSError:
        return None
    return None


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
