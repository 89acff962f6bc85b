"""``postfix-lint [OPTIONS] PATH...``: lint main.cf and master.cf files and print the problems.

Parses the options, finds each file's configuration
(:class:`postfix_lint.config.ConfigFinder`), reads every input through
:func:`postfix_lint.cli.files.read_input` (with the master.cf beside it),
runs the engine and prints one of the formats of
:mod:`postfix_lint.report.formats`.  Exit status: 0 clean, 1 a problem at or
above ``--fail-on``, 2 a usage error, a bad configuration file, or a path
that cannot be read (the other paths are still checked).
"""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from postfix_lint import __version__
from postfix_lint.cli.files import (EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, InputError, UsageError, error, isatty,
                                    read_input, use_color, write)

if TYPE_CHECKING:
    import argparse

FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab")


def _csv(text: str) -> List[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> "argparse.ArgumentParser":
    from postfix_lint.cli.files import ArgumentParser

    ap = ArgumentParser(
        prog="postfix-lint",
        usage="postfix-lint [OPTIONS] PATH...\n       postfix-lint schedule [OPTIONS] PATH\n       postfix-lint server",
        description="Lint Postfix main.cf files with the semantics of the Postfix release they are for (3.5 to 3.12).",
        epilog="Subcommand: 'postfix-lint schedule PATH' prints when Postfix retries and bounces a deferred"
        " message (see 'postfix-lint schedule --help').  Configuration: [tool.postfix-lint] in pyproject.toml"
        " or .postfix-lint.toml, the closest one above each file.  Exit status: 0 clean, 1 problems at or"
        " above --fail-on, 2 usage, configuration or read errors.",
    )
    ap.add_argument("paths", nargs="*", metavar="PATH",
                    help="main.cf and master.cf files (a file named *master.cf, master.cf.dist or"
                    " master.cf.proto is read as master.cf);"
                    " '-' reads standard input (once)")
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
    sel.add_argument("--target-version", metavar="X.Y[.Z]", default=None,
                     help="Postfix release the file is for: X.Y (the newest known patch of that line) or X.Y.Z,"
                     " 3.5 to 3.12 (default: none, judged against every release from 3.5 to 3.12)")
    sel.add_argument("--master-cf", metavar="PATH",
                     help="the master.cf paired with the main.cf files (default: the master.cf beside each;"
                     " configuration key master-cf); it is linted too")
    sel.add_argument("--config", metavar="PATH", help="use this configuration file for every input")
    sel.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    sel.add_argument("--stdin-filename", metavar="NAME",
                     help="path to report for '-' (standard input); configuration is found from it")
    sel.add_argument("--show-settings", metavar="FILE",
                     help="print the effective settings for FILE (as TOML) and exit; no other PATH")
    fix = ap.add_argument_group("fixes")
    fix.add_argument("--fix", action="store_true", help="apply the safe fixes (they keep every effective value)")
    fix.add_argument("--unsafe-fixes", action="store_true", help="apply the unsafe fixes too (implies --fix)")
    fix.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    fix.add_argument("--fix-symlinks", action="store_true", help="with --fix: write a symbolic link's target")
    fix.add_argument("--fix-read-only", action="store_true",
                     help="with --fix: write a file the user has no write permission on (refused without it)")
    info = ap.add_argument_group("documentation")
    info.add_argument("--list-rules", action="store_true",
                      help="print the rule catalogue and exit (--format text or json)")
    info.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")
    info.add_argument("--version", action="version", version=f"postfix-lint {__version__}")
    return ap


def plain_args(argv: Sequence[str]) -> Optional[SimpleNamespace]:
    """The parsed command line when it is paths only (``postfix-lint FILE...``), else None.

    What :func:`build_parser` would return for it, without importing and
    building argparse (a few milliseconds of every editor save and
    pre-commit run); anything that starts with ``-``, and an empty command
    line, goes to argparse.
    """
    if not argv or any(not arg or arg[0] == "-" for arg in argv):
        return None
    return SimpleNamespace(paths=list(argv), format=None, statistics=False, quiet=0, exit_zero=False, fail_on=None,
                           select=None, ignore=[], extend_select=[], target_version=None, config=None,
                           isolated=False, stdin_filename=None, show_settings=None, list_rules=False, explain=None,
                           master_cf=None, fix=False, unsafe_fixes=False, diff=False, fix_symlinks=False,
                           fix_read_only=False)


class LintRun:
    """What :func:`lint_jobs` found: per linted file its shown name, problems and ``fail_on``."""

    __slots__ = ("results", "sources", "fail_on", "targets", "io_error")

    def __init__(self) -> None:
        self.results: List[Tuple[str, list]] = []  # (shown name, problems)
        self.sources: Dict[str, str] = {}  # shown name -> text
        self.fail_on: List[object] = []  # Severity per result
        self.targets: List[object] = []  # target_version per result (None: all)
        self.io_error = False  # a path could not be read (reported on stderr)

    def failing(self) -> bool:
        """Whether a problem is at or above its file's ``fail_on``."""
        return any(p.severity >= fail for (_, ps), fail in zip(self.results, self.fail_on) for p in ps)


def is_master_cf(name: Optional[str]) -> bool:
    """Whether a path names a master.cf (:func:`postfix_lint.read.is_master_cf`, shared with the language server)."""
    from postfix_lint.read import is_master_cf as _is_master_cf

    return _is_master_cf(name)


def _read_text(path: str) -> Optional[str]:
    try:
        return read_input(path).decode("utf-8", "surrogateescape")
    except InputError:
        return None


def paired_master_cf(path: str, shown: str, eff, master_cf: Optional[str] = None) -> Optional[str]:
    """The path of the master.cf paired with a main.cf: ``master_cf`` (``--master-cf``), else the
    configuration's ``master-cf`` key, else the regular file master.cf beside it; else None."""
    if master_cf:
        return master_cf
    if getattr(eff.config, "master_cf", None):
        return str(eff.config.master_cf)
    beside = os.path.join(os.path.dirname(shown if path == "-" else path) or ".", "master.cf")
    return beside if os.path.isfile(beside) else None  # a FIFO or a folder beside is passed over


def _same(a: str, b: str) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


def pair_jobs(jobs, master_cf: Optional[str], effective) -> list:
    """The jobs with the other half of each configuration added: the paired master.cf of each
    main.cf (:func:`paired_master_cf`), and the main.cf beside each master.cf that no named main.cf
    claims.  ``effective(path)`` gives a path's ``config.Effective``; a file is linted once."""
    out = list(jobs)
    named = [path for path, _, _ in jobs if path != "-"]
    claimed = []
    for path, name, eff in jobs:
        shown = (name or "<stdin>") if path == "-" else path
        if is_master_cf(shown):
            continue
        master = paired_master_cf(path, shown, eff, master_cf)
        if master is None:
            continue
        claimed.append(master)
        if os.path.isabs(master) and not os.path.relpath(master).startswith(".."):
            master = os.path.relpath(master)  # the configuration key is resolved to an absolute path
        if os.path.lexists(master) and not any(_same(master, n) for n in named):
            out.append((master, master, effective(master)))
            named.append(master)
    for path, name, eff in jobs:
        if path == "-" or not is_master_cf(path) or any(_same(path, m) for m in claimed):
            continue
        main_path = os.path.join(os.path.dirname(path) or ".", "main.cf")
        if os.path.isfile(main_path) and not any(_same(main_path, n) for n in named):
            out.append((main_path, main_path, effective(main_path)))
            named.append(main_path)
    return out


def lint_jobs(jobs, master_cf: Optional[str] = None, stdin_text: Optional[str] = None) -> LintRun:
    """Lint each ``(path, shown name, config.Effective)``; an unreadable path is reported on stderr.

    A main.cf and its master.cf are one configuration: a main.cf is linted
    with its paired master.cf (:func:`paired_master_cf`: ``master_cf``, the
    configuration's ``master-cf``, or the one beside it), and a master.cf with
    the main.cf among the jobs it is paired with, else the main.cf beside it,
    else Postfix's defaults.  ``stdin_text``: the text of ``-`` when standard
    input was already read (``--fix -``).
    """
    import dataclasses

    from postfix_lint.engine import run, run_master
    from postfix_lint.read import master_cf as master_reader
    from postfix_lint.read.main_cf import decode, parse

    out = LintRun()
    mains: Dict[str, Tuple[str, str]] = {}  # absolute master.cf path -> (main.cf path, shown name)
    for path, name, eff in jobs:
        shown = (name or "<stdin>") if path == "-" else path
        if not is_master_cf(shown):
            master = paired_master_cf(path, shown, eff, master_cf)
            if master is not None:
                mains.setdefault(os.path.abspath(master), (path, shown))
    main_texts: Dict[str, Optional[str]] = {}  # main.cf path -> its text, as linted
    order = sorted(range(len(jobs)), key=lambda i: is_master_cf((jobs[i][1] or "<stdin>") if jobs[i][0] == "-"
                                                                else jobs[i][0]))
    results: Dict[int, tuple] = {}
    for index in order:
        path, name, eff = jobs[index]
        shown = (name or "<stdin>") if path == "-" else path
        try:
            # decoded at once, so that the bytes of a huge file are not kept beside its text
            data = stdin_text.encode("utf-8", "surrogateescape") if path == "-" and stdin_text is not None \
                else read_input(path)
            text = decode(data) if not is_master_cf(shown) else data.decode("utf-8", "surrogateescape")
            del data
        except InputError as exc:
            error(str(exc))
            out.io_error = True
            continue
        settings = eff.settings
        if is_master_cf(shown):
            main_path, main_shown = mains.get(os.path.abspath(path), (None, None)) if path != "-" else (None, None)
            if main_path is not None:
                main_text = main_texts[main_path] if main_path in main_texts else _read_text(main_path)
            else:
                main_shown = os.path.join(os.path.dirname(shown) or ".", "main.cf")
                main_text = _read_text(main_shown) if os.path.lexists(main_shown) else None
            master = master_reader.parse(text, shown)
            main_doc = parse(main_text, main_shown) if main_text is not None else None
            results[index] = (shown, run_master(master, settings, main_doc), text, eff.fail_on,
                              settings.target_version)
            continue
        paired = paired_master_cf(path, shown, eff, master_cf)
        master = None
        if paired is not None:
            master = _read_text(paired)
            if master is None and (master_cf or getattr(eff.config, "master_cf", None)):
                error(f"{paired}: cannot read the master.cf")
                out.io_error = True
        if master is not None:
            settings = dataclasses.replace(settings, master_cf=master)
        doc = parse(text, shown)
        main_texts[path] = text
        del text
        results[index] = (shown, run(doc, settings), doc.text, eff.fail_on, settings.target_version)
    for index in sorted(results):
        shown, problems, text, fail_on, target = results[index]
        out.results.append((shown, problems))
        out.sources[shown] = text
        out.fail_on.append(fail_on)
        out.targets.append(target)
    return out


def run(argv: Sequence[str]) -> int:
    """The lint command; raises :class:`~postfix_lint.cli.files.UsageError` on a bad command line."""
    from postfix_lint import config

    args = plain_args(argv)
    if args is None:
        ap = build_parser()
        args = ap.parse_args(list(argv))
    out = sys.stdout
    if args.list_rules:
        from postfix_lint.report import ruledoc

        if args.format not in (None, "text", "json"):
            raise UsageError(f"--list-rules prints text or json, not --format {args.format}")
        out.write(ruledoc.rule_list_json() if args.format == "json" else ruledoc.rule_list())
        return EXIT_OK
    if args.explain:
        from postfix_lint.report import ruledoc
        from postfix_lint.rules import UnknownRule

        try:
            out.write(ruledoc.explain_ident(args.explain))
        except UnknownRule as exc:
            raise UsageError(str(exc)) from None
        return EXIT_OK
    if args.config and args.isolated:
        raise UsageError("--config and --isolated exclude each other")
    if args.stdin_filename and "-" not in args.paths and args.show_settings != "-":
        raise UsageError("--stdin-filename needs '-' among the paths")
    if args.paths.count("-") > 1:
        raise UsageError("'-' (standard input) can be given only once")
    if args.show_settings and args.paths:
        raise UsageError(f"--show-settings takes one FILE; remove the other paths ({' '.join(args.paths)})")
    if not args.paths and not args.show_settings:
        build_parser().print_usage(sys.stderr)
        raise UsageError("give at least one PATH ('-' for standard input)")
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true" and not args.statistics
    fmt = args.format or ("github" if in_actions else "text")
    if args.statistics and fmt not in ("text", "concise", "json"):
        raise UsageError(f"--statistics prints text or json, not --format {fmt}")

    try:
        overrides = config.overrides_from(args.select, args.extend_select, args.ignore,
                                          args.target_version, args.fail_on)
        finder = config.ConfigFinder(args.config, args.isolated)
        if args.show_settings:
            from postfix_lint.report.settings_toml import show_settings

            name = args.stdin_filename if args.show_settings == "-" else args.show_settings
            eff = config.effective(finder.for_path(name), overrides, name)
            out.write(show_settings(eff, name or "<stdin>"))
            return EXIT_OK
        jobs = []
        for path in args.paths:
            name = args.stdin_filename if path == "-" else path
            jobs.append((path, name, config.effective(finder.for_path(name), overrides, name)))
    except config.ConfigError as exc:
        return error(str(exc))

    fix_error = False
    if args.fix or args.unsafe_fixes or args.diff:
        from postfix_lint.cli import fix as fix_cmd
        from postfix_lint.cli.files import InputError, read_input

        stdin_texts: Dict[str, str] = {}
        changed, fix_error = fix_cmd.run(args, jobs, read_input, InputError, stdin_texts)
        if args.diff:
            return EXIT_USAGE if fix_error else (EXIT_PROBLEMS if changed else EXIT_OK)
        if "-" in args.paths:
            # the fixed text went to standard output: the problems left in it go to standard error
            return _lint_fixed_stdin(args, jobs, stdin_texts.get("-"), fmt, fix_error)
    try:  # a main.cf and its master.cf are one configuration: lint both, whichever was named
        jobs = pair_jobs(jobs, args.master_cf, lambda p: config.effective(finder.for_path(p), overrides, p))
    except config.ConfigError as exc:
        return error(str(exc))
    lint = lint_jobs(jobs, args.master_cf)
    write(out, render(fmt, lint, args, out))
    out.flush()
    if lint.io_error or fix_error:
        return EXIT_USAGE
    if args.exit_zero:
        return EXIT_OK
    return EXIT_PROBLEMS if lint.failing() else EXIT_OK


def _lint_fixed_stdin(args, jobs, text: Optional[str], fmt: str, fix_error: bool) -> int:
    """``--fix -``: lint the fixed text of standard input, print the problems left on standard error."""
    if text is None:
        return EXIT_USAGE
    lint = lint_jobs([job for job in jobs if job[0] == "-"], args.master_cf, stdin_text=text)
    write(sys.stderr, render(fmt, lint, args, sys.stderr))
    sys.stderr.flush()
    if lint.io_error or fix_error:
        return EXIT_USAGE
    if args.exit_zero:
        return EXIT_OK
    return EXIT_PROBLEMS if lint.failing() else EXIT_OK


def render(fmt: str, lint: LintRun, args, out) -> str:
    """The whole standard output of a lint run.

    Colour goes to ``--format text`` only (problems or ``--statistics``):
    ``concise`` is for editors and scripts, which parse it, so FORCE_COLOR
    leaves it plain.
    """
    from postfix_lint.report import formats

    if args.quiet >= 2:
        return ""
    color = fmt == "text" and use_color(out)
    if args.statistics:
        if fmt == "json":
            return formats.statistics_json(lint.results)
        return formats.statistics(lint.results, color=color)
    rich = fmt == "text" and not args.quiet and isatty(out)
    return formats.FORMATTERS[fmt](lint.results, sources=lint.sources, color=color, excerpts=rich, summary=rich,
                                   root=os.getcwd(), targets=lint.targets)
