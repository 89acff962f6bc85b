"""Command line: ``postfix-lint [OPTIONS] PATH...`` and ``postfix-lint schedule PATH``.

Exit status: 0 clean, 1 a problem at or above ``--fail-on``, 2 usage error, a
bad configuration file, or a path that cannot be read (the other paths are
still checked).  This is the only module that prints; configuration is
:mod:`postfix_lint.config`, formats are :mod:`postfix_lint.output`.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from typing import List, Optional, Sequence, Tuple

from postfix_lint import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: Larger inputs are refused instead of exhausting memory: a lint needs about
#: nine times the file's size (a 39 MB, million-line file: 345 MB).
MAX_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """A path that cannot be linted; the message names the path and the reason."""


def read_input(path: str, stdin=None) -> bytes:
    """Read one input without ever blocking on a FIFO or following a loop."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"<stdin>: input too large (more than {MAX_BYTES} bytes)")
        return data
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
        # O_NONBLOCK and fstat(): a path swapped for a FIFO after the stat()
        # above neither blocks the open nor gets read
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(f"{path}: not a regular file")
            data = fh.read(MAX_BYTES + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # it grew after the stat()
        raise InputError(f"{path}: file too large (more than {MAX_BYTES} bytes)")
    return data


def _csv(text: str) -> List[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="postfix-lint",
        description="Lint Postfix main.cf files with Postfix 3.7's own semantics.",
        epilog="Subcommand: 'postfix-lint schedule PATH' prints when Postfix retries and bounces a deferred"
        " message (see 'postfix-lint schedule --help').  Configuration: [tool.postfix-lint] in pyproject.toml"
        " or .postfix-lint.toml, the closest one above each file.  Exit status: 0 clean, 1 problems at or"
        " above --fail-on, 2 usage, configuration or read errors.",
    )
    ap.add_argument("paths", nargs="*", metavar="PATH", help="main.cf files; '-' reads standard input")
    out = ap.add_argument_group("output")
    out.add_argument("--format", choices=FORMATS, default=None,
                     help="output format (default: text, or github when GITHUB_ACTIONS=true)")
    out.add_argument("--statistics", action="store_true",
                     help="print the number of problems per rule instead of the problems")
    out.add_argument("-q", "--quiet", action="count", default=0,
                     help="print the problems only (no source excerpts, no summary); twice: print nothing")
    out.add_argument("--exit-zero", action="store_true",
                     help="exit 0 even when problems are found (2 still reports usage and read errors)")
    out.add_argument("--fail-on", choices=("error", "warning", "info"), default=None,
                     help="exit 1 when a problem at or above this severity (error, warning, info) is found"
                     " (default: warning)")
    sel = ap.add_argument_group("rules and configuration")
    sel.add_argument("--select", type=_csv, metavar="RULES", help="only these rules (codes or names, comma separated)")
    sel.add_argument("--ignore", type=_csv, default=[], metavar="RULES", help="skip these rules")
    sel.add_argument("--extend-select", type=_csv, default=[], metavar="RULES",
                     help="enable these rules in addition to the selected ones")
    sel.add_argument("--target-version", metavar="X.Y", default=None,
                     help="Postfix version the file is for (default: 3.7)")
    sel.add_argument("--config", metavar="PATH", help="use this configuration file for every input")
    sel.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    sel.add_argument("--stdin-filename", metavar="NAME",
                     help="path to report for '-' (standard input); configuration is found from it")
    sel.add_argument("--show-settings", metavar="FILE",
                     help="print the effective settings for FILE (as TOML) and exit")
    fix = ap.add_argument_group("fixes")
    fix.add_argument("--fix", action="store_true", help="apply the safe fixes (they keep every effective value)")
    fix.add_argument("--unsafe-fixes", action="store_true", help="apply the unsafe fixes too (implies --fix)")
    fix.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    fix.add_argument("--fix-symlinks", action="store_true", help="with --fix: write a symbolic link's target")
    info = ap.add_argument_group("documentation")
    info.add_argument("--list-rules", action="store_true", help="print the rule catalogue and exit")
    info.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")
    info.add_argument("--version", action="version", version=f"postfix-lint {__version__}")
    return ap


def list_rules() -> str:
    from postfix_lint import ruledoc
    from postfix_lint.rules import RULES

    rows = []
    for code, m in RULES.items():
        rows.append(f"{code}  {m.NAME:<40} {str(m.SEVERITY):<8} {ruledoc.summary(m)}")
    return "\n".join(rows) + "\n"


def explain(ident: str) -> str:
    from postfix_lint import ruledoc
    from postfix_lint.rules import RULES, resolve_code

    return ruledoc.explain(RULES[resolve_code(ident)])


def use_color(stream, environ=None) -> bool:
    """Colour on a terminal only; NO_COLOR (non-empty) disables it, FORCE_COLOR (non-empty) forces it."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _error(message: str) -> int:
    print(f"postfix-lint: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "schedule":
        from postfix_lint.schedule_cmd import main as schedule_main

        return schedule_main(argv[1:])
    if argv and argv[0] == "server":  # the language server (extra postfix-lint[lsp])
        from postfix_lint.lsp.start import run as server_run

        return server_run(argv[1:])
    return run_guarded(_lint_main, argv)


def run_guarded(command, argv: List[str]) -> int:
    """Run a command's main; Ctrl-C and a closed output pipe end it quietly."""
    try:
        return command(argv)
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
    from postfix_lint import config
    from postfix_lint.rules import UnknownRule

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
    if args.config and args.isolated:
        return _error("--config and --isolated exclude each other")
    if args.stdin_filename and "-" not in args.paths and args.show_settings != "-":
        return _error("--stdin-filename needs '-' among the paths")
    if not args.paths and not args.show_settings:
        ap.print_usage(sys.stderr)
        return _error("give at least one PATH ('-' for standard input)")
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true" and not args.statistics
    fmt = args.format or ("github" if in_actions else "text")
    if args.statistics and fmt not in ("text", "concise", "json"):
        return _error(f"--statistics prints text or json, not --format {fmt}")

    try:
        overrides = config.overrides_from(args.select, args.extend_select, args.ignore,
                                          args.target_version, args.fail_on)
        resolver = config.Resolver(args.config, args.isolated)
        if args.show_settings:
            name = args.stdin_filename if args.show_settings == "-" else args.show_settings
            eff = config.effective(resolver.for_path(name), overrides, name)
            out.write(config.show_settings(eff, name or "<stdin>"))
            return EXIT_OK
        jobs = []
        for path in args.paths:
            name = args.stdin_filename if path == "-" else path
            jobs.append((path, name, config.effective(resolver.for_path(name), overrides, name)))
    except config.ConfigError as exc:
        return _error(str(exc))

    fix_error = False
    if args.fix or args.unsafe_fixes or args.diff:
        from postfix_lint import fix_cmd

        changed, fix_error = fix_cmd.run(args, jobs, read_input, InputError)
        if args.diff or "-" in args.paths:
            return EXIT_USAGE if fix_error else (EXIT_PROBLEMS if changed and args.diff else EXIT_OK)
    results, sources, fail_on, io_error = lint_jobs(jobs)
    _write(out, render(fmt, results, sources, args, out))
    out.flush()
    if io_error or fix_error:
        return EXIT_USAGE
    if args.exit_zero:
        return EXIT_OK
    failing = any(p.severity >= fail for (_, ps), fail in zip(results, fail_on) for p in ps)
    return EXIT_PROBLEMS if failing else EXIT_OK


def render(fmt: str, results, sources, args, out) -> str:
    """The whole standard output of a lint run."""
    from postfix_lint import output

    if args.quiet >= 2:
        return ""
    color = fmt in ("text", "concise") and use_color(out)
    if args.statistics:
        if fmt == "json":
            return output.statistics_json(results)
        return output.statistics(results, color=color)
    rich = fmt == "text" and not args.quiet and _isatty(out)
    return output.FORMATTERS[fmt](results, sources=sources, color=color, excerpts=rich, summary=rich,
                                  root=os.getcwd())


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _write(out, text: str) -> None:
    if not text:
        return
    try:
        out.write(text)
    except UnicodeEncodeError:  # a terminal that is not UTF-8
        enc = getattr(out, "encoding", None) or "ascii"
        out.write(text.encode(enc, "backslashreplace").decode(enc))


def lint_jobs(jobs) -> Tuple[list, dict, list, bool]:
    """Lint each (path, shown name, effective settings); unreadable paths go to stderr.

    Returns (results, sources, fail_on per result, io_error).
    """
    import dataclasses

    from postfix_lint.engine import run
    from postfix_lint.parser import decode, parse

    results, fail_on = [], []
    sources = {}
    io_error = False
    for path, name, eff in jobs:
        shown = (name or "<stdin>") if path == "-" else path
        try:
            # decoded at once, so that the bytes of a huge file are not kept beside its text
            text = decode(read_input(path))
        except InputError as exc:
            print(f"postfix-lint: {exc}", file=sys.stderr)
            io_error = True
            continue
        settings = eff.settings
        master = _master_cf_beside(shown if path == "-" else path)
        if master is not None:
            settings = dataclasses.replace(settings, master_cf=master)
        doc = parse(text, shown)
        del text
        results.append((shown, run(doc, settings)))
        sources[shown] = doc.text
        fail_on.append(eff.fail_on)
    return results, sources, fail_on, io_error


def lint_paths(paths, settings, stdin_filename=None) -> Tuple[list, bool]:
    """Lint every path with one :class:`~postfix_lint.engine.Settings`, no configuration files."""
    from postfix_lint.config import Config, Effective
    from postfix_lint.problem import Severity

    eff = Effective(settings, Severity.WARNING, Config())
    jobs = [(p, stdin_filename if p == "-" else p, eff) for p in paths]
    results, _, _, io_error = lint_jobs(jobs)
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
