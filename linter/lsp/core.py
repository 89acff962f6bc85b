"""The one adapter between the language server / fix engine and the linter core.

Every call from :mod:`postfix_lint.lsp.server`, :mod:`postfix_lint.fixes` and
:mod:`postfix_lint.fixers` into the core (parser, engine, config discovery,
resolver, parameter table, schedule, rule documentation) goes through a
function of this module, so that a redesign of the core (modules moving,
``Problem`` gaining a ``span``, one ``Context`` per file) is re-pointed here
and nowhere else.  Nothing here imports pygls: the CLI's ``--fix`` uses this
module too.  Positions are the core's: 1-based lines, 1-based columns in code
points of the decoded line, end columns exclusive.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

# --------------------------------------------------------------------------- shapes
# The core redesign (issue 9) defines Span, Edit and Fix in postfix_lint.problem;
# until it lands they are defined here, with the same fields.
try:  # pragma: no cover - depends on the core's version
    from postfix_lint.problem import Edit, Fix, Span  # type: ignore[attr-defined]
except ImportError:
    class Span(NamedTuple):
        """1-based line and column, end column exclusive; columns in code points."""

        line: int
        column: int
        end_line: int
        end_column: int

    @dataclass(frozen=True)
    class Edit:
        """Replace the text of ``span`` by ``text``."""

        span: Span
        text: str

    @dataclass(frozen=True)
    class Fix:
        """A rule's proposed change: ``safe`` fixes may be applied without asking."""

        title: str
        edits: Tuple[Edit, ...]
        safe: bool


def problem_span(p) -> Span:
    """The span of a Problem (``p.span`` after the core redesign)."""
    span = getattr(p, "span", None)
    if span is not None:
        return Span(*span)
    return Span(p.line, p.column, p.end_line, p.end_column)


def problem_fix(p) -> Optional[Fix]:
    """A fix the rule attached to the problem itself (core redesign: ``Problem.fix``)."""
    return getattr(p, "fix", None)


# --------------------------------------------------------------------------- configuration


def config_resolver(explicit: Optional[str] = None, isolated: bool = False):
    """A fresh configuration finder (caches per directory; make a new one to reload)."""
    from postfix_lint import config

    return config.ConfigFinder(explicit, isolated)


class ConfigProblem(Exception):
    """A configuration file that cannot be used; the message names the file and key."""


def settings_for(resolver, path: Optional[str], master_cf: bool = True):
    """(engine Settings, the configuration file's path or None) for one main.cf path.

    The same discovery as the CLI: the closest ``.postfix-lint.toml`` or
    ``pyproject.toml`` with ``[tool.postfix-lint]``, ``per-file-ignores``
    applied, and the text of a ``master.cf`` beside the file.  Raises
    :class:`ConfigProblem`.
    """
    from postfix_lint import config

    try:
        cfg = resolver.for_path(path)
        eff = config.effective(cfg, config.Overrides(), path)
    except config.ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    settings = eff.settings
    if master_cf and path:
        settings = with_master_cf(settings, path)
    return settings, (str(cfg.path) if cfg.path else None)


def with_master_cf(settings, path: str):
    """The settings with the text of the master.cf beside ``path``, if there is one (as the CLI lints).

    Read here rather than through the CLI's reader, so that this adapter does
    not import the CLI (which imports it): a regular file only, at most
    :data:`MAX_MASTER_CF` bytes, never blocking on a FIFO; one that cannot be
    read counts as absent.
    """
    text = read_beside(os.path.join(os.path.dirname(path) or ".", "master.cf"))
    return settings if text is None else dataclasses.replace(settings, master_cf=text)


MAX_MASTER_CF = 64 * 1024 * 1024


def default_settings():
    from postfix_lint.settings import Settings

    return Settings()


CONFIG_FILE_NAMES = (".postfix-lint.toml", "pyproject.toml")

# --------------------------------------------------------------------------- linting


def decode(data: bytes) -> str:
    from postfix_lint.read.main_cf import decode as _decode

    return _decode(data)


def encode(text: str) -> bytes:
    from postfix_lint.read.main_cf import encode as _encode

    return _encode(text)


def parse(text: str, path: str = "main.cf"):
    """The parsed document (core: ``parser.parse``; after issue 9, the per-file Context)."""
    from postfix_lint.read.main_cf import parse as _parse

    return _parse(text, path)


def lint_document(doc, settings=None) -> list:
    """Problems of a parsed document, sorted, with suppressions applied (engine.run)."""
    from postfix_lint.engine import run

    return run(doc, settings)


def lint(text: str, path: str = "main.cf", settings=None) -> Tuple[Any, list]:
    """(document, problems) of a text: what the CLI reports for the same file."""
    doc = parse(text, path)
    return doc, lint_document(doc, settings)


# --------------------------------------------------------------------------- document model


@dataclass(frozen=True)
class EntryInfo:
    """One ``name = value`` logical line: where its name and value are."""

    name: str
    value: str
    name_span: Span
    value_span: Span
    first_line: int
    last_line: int
    raw: Any  # the core's entry object, for the functions below


def entries(doc) -> List[EntryInfo]:
    out = []
    for e in doc.entries:
        out.append(EntryInfo(e.name, e.value, Span(*e.name_span()), Span(*e.value_span()),
                             e.line, e.end_line, e))
    return out


def last_entries(doc) -> Dict[str, EntryInfo]:
    """name -> the entry that wins (the last definition)."""
    return {i.name: i for i in entries(doc)}


def value_span(info: EntryInfo, start: int, end: int) -> Span:
    """Span of ``info.value[start:end]`` (follows continuation lines)."""
    return Span(*info.raw.value_span(start, end))


def lines(doc) -> List[str]:
    """Physical lines without "\\n" (a CRLF line keeps its "\\r")."""
    return doc.text.split("\n")


def references(info: EntryInfo) -> List[Tuple[str, Span]]:
    """Every ``$name`` in an entry's value, with the span of the name itself."""
    from postfix_lint.postfix import macro

    if "$" not in info.value:
        return []
    try:
        refs = macro.references(info.value)
    except macro.MacroSyntaxError:
        return []
    return [(name, value_span(info, off, off + len(name))) for name, off in refs if name]


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class ParamInfo:
    name: str
    type: str
    default: str
    unit: Optional[str]
    min: Optional[int]
    max: Optional[int]
    since: Optional[str]
    readers: Tuple[str, ...]
    is_global: bool
    read_only: bool


_EMPTY = None


def param_info(name: str) -> Optional[ParamInfo]:
    """The parameter's definition (built-in, or per-transport), or None when unknown."""
    from postfix_lint.analyse.resolver import Resolver
    from postfix_lint.read.main_cf import parse as _parse

    global _EMPTY
    if _EMPTY is None:
        _EMPTY = Resolver(_parse("", "main.cf"))  # the default master.cf's definitions
    p = _EMPTY.param(name)
    if p is None:
        return None
    return ParamInfo(p.name if p.name else name, p.type, p.default, p.unit, p.min, p.max, p.since,
                     tuple(r for r in (p.readers or ()) if r), p.is_global, p.read_only)


def param_names(target_version: Optional[str] = None) -> List[str]:
    """Every built-in parameter name that exists in the target release, sorted."""
    from postfix_lint.postfix import params

    names = sorted(params.names())
    if not target_version:
        return names
    want = params.version_tuple(target_version)
    out = []
    for n in names:
        since = params.get(n).since
        if since and params.version_tuple(since)[:2] > want[:2]:
            continue
        out.append(n)
    return out


def version_newer(since: str, target: str) -> bool:
    """Whether release ``since`` ("3.8") is newer than the target release ("3.7")."""
    from postfix_lint.postfix import params

    return params.version_tuple(since)[:2] > params.version_tuple(target)[:2]


def suggest(name: str) -> Optional[str]:
    """Did-you-mean for an unknown parameter name."""
    from postfix_lint.postfix import params

    return params.suggest(name)


def fixed_words(name: str, target_version: Optional[str] = None) -> Optional[List[str]]:
    """The fixed words a parameter's value may take in the target release, when the set is known.

    From :func:`postfix_lint.postfix.words.allowed_words` for the target
    release (3.7.11's set without a target); ``yes``/``no`` for booleans.
    None: no known set.
    """
    from postfix_lint.postfix import words

    try:
        release = words.parse_release(target_version) if target_version else None
        got = words.allowed_words(name, release) if release else words.allowed_words(name)
    except ValueError:
        got = ()
    if got:
        return list(got)
    p = param_info(name)
    if p is not None and p.type in ("bool", "nbool"):
        return ["yes", "no"]
    return None


@dataclass(frozen=True)
class Reading:
    """A parameter as one program reads it."""

    program: str
    raw: str
    expanded: Optional[str]  # None: expansion fails in this program
    error: str
    seconds: Optional[int]  # time parameters: the converted value
    is_default: bool


class Values:
    """Effective values of one document, per reading program (the core's Resolver)."""

    def __init__(self, doc, settings=None) -> None:
        from postfix_lint.analyse.context import Context
        from postfix_lint.analyse.resolver import Resolver

        # with settings: the master.cf beside the file defines its services' parameters
        self._r = Context(doc, settings).resolver if settings is not None else Resolver(doc)

    def readers(self, name: str) -> List[str]:
        return self._r.readers(name)

    def reading(self, name: str, program: Optional[str] = None) -> Reading:
        s = self._r.setting(name, program)
        seconds = getattr(s, "seconds", None)
        return Reading(s.program, s.raw, s.expanded, s.error, seconds, s.is_default)

    def readings(self, name: str) -> List[Reading]:
        return [self.reading(name, prog) for prog in self.readers(name)]

    def typed(self, name: str, program: str) -> Any:
        """What the program uses: seconds for a time parameter (or the reason it
        fails), the expanded string otherwise (or the expansion error)."""
        s = self._r.setting(name, program)
        if s.expanded is None:
            return ("error", s.error_kind, s.error)
        if hasattr(s, "seconds"):
            if s.seconds is None:
                return ("bad time", s.expanded)
            return ("seconds", s.seconds)
        return ("text", s.expanded)


def defaults_with_macros() -> List[str]:
    """Built-in parameters whose default refers to another parameter."""
    from postfix_lint.postfix import params

    return [n for n in params.names() if "$" in (params.get(n).default or "")]


def time_value(text: str, unit: str) -> Tuple[Optional[int], str, str]:
    """(seconds or None, how Postfix reads it, the ignored trailing text) via conv_time()."""
    from postfix_lint.postfix.values import conv_time

    v = conv_time(text, unit)
    return v.seconds, v.reason, v.trailing


def seconds_text(seconds: int) -> str:
    from postfix_lint.postfix.values import seconds_text as _st

    return _st(seconds)


RETRY_PARAMETERS = ("queue_run_delay", "minimal_backoff_time", "maximal_backoff_time",
                    "maximal_queue_lifetime", "bounce_queue_lifetime", "delay_warning_time")


def retry_summary(values: Values) -> str:
    """The retry schedule's one-line summary (attempts, bounce) as the lint rules assume it."""
    from postfix_lint.postfix.retry import RetryParams, simulate
    from postfix_lint.report.schedule import summary_text

    secs = {}
    for name in RETRY_PARAMETERS:
        prog = "cleanup" if name == "delay_warning_time" else "qmgr"
        r = values.reading(name, prog)
        if r.seconds is None or r.expanded is None:
            return f"no schedule: {name} = {r.raw} makes {prog} exit"
        secs[name] = r.seconds
    try:
        run = simulate(RetryParams(**secs), arrival=0, idle_run_limit=0, max_events=20000)
    except (ValueError, ZeroDivisionError) as exc:
        return f"no schedule: {exc}"
    return summary_text(run.summary)


# --------------------------------------------------------------------------- rules


def rule_url(code: str) -> Optional[str]:
    """The link to the rule's section of docs/rules.md on the project's homepage."""
    from postfix_lint.report import ruledoc
    from postfix_lint.rules import RULES

    m = RULES.get(code)
    return ruledoc.help_uri(m) if m is not None else None


def rule_name(code: str) -> str:
    from postfix_lint.rules import RULES

    m = RULES.get(code)
    return m.NAME if m is not None else ""


def suppression_comment(action: str, code: str, reason: str = "") -> str:
    """The text of a suppression comment line (linter/suppress.py's syntax), without newline."""
    from postfix_lint import suppress

    assert action in suppress.ACTIONS, action
    text = f"# postfix-lint: {action}={code}"
    return text + (f" -- {reason}" if reason else "")


# --------------------------------------------------------------------------- master.cf


def is_master_cf(path: Optional[str]) -> bool:
    """Whether a file name is a master.cf's (the CLI's test, :func:`postfix_lint.read.is_master_cf`)."""
    from postfix_lint.read import is_master_cf as _is_master_cf

    return _is_master_cf(path)


def main_cf_beside(path: str) -> str:
    """The path of the main.cf paired with a master.cf: the one in the same folder (as the CLI pairs them)."""
    return os.path.join(os.path.dirname(path) or ".", "main.cf")


def read_beside(path: str) -> Optional[str]:
    """The text of a regular file ``path`` (at most :data:`MAX_MASTER_CF` bytes, never blocking), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            data = fh.read(MAX_MASTER_CF + 1)
    except OSError:
        return None
    if len(data) > MAX_MASTER_CF:
        return None
    return data.decode("utf-8", "surrogateescape")


def parse_master(text: str, path: str = "master.cf"):
    """The parsed master.cf (:class:`postfix_lint.read.master_cf.MasterCf`); never raises."""
    from postfix_lint.read.master_cf import parse as _parse

    return _parse(text, path)


def lint_master(master, settings=None, main_doc=None) -> list:
    """Problems of a parsed master.cf paired with ``main_doc`` (None: Postfix's defaults), sorted,
    with suppressions applied: what the CLI reports for it (engine.run_master)."""
    from postfix_lint.engine import run_master

    if settings is None:
        settings = default_settings()
    if main_doc is None:
        settings = dataclasses.replace(settings, main_cf=None)
    return run_master(master, settings, main_doc)


def program_of(service) -> str:
    """The program a service runs: the basename of its command field."""
    from postfix_lint.analyse.overrides import program_of as _program_of

    return _program_of(service)


def service_values(master, service, main_doc, settings=None) -> Tuple[Values, Tuple[str, ...]]:
    """(effective values as ``service``'s program sees them, the ``-o`` names that program reads).

    main.cf with the service's ``-o`` settings that its program reads appended
    (:mod:`postfix_lint.analyse.overrides`); those names are read by that
    program only.  ``main_doc`` None: Postfix's defaults.
    """
    from postfix_lint.analyse import overrides
    from postfix_lint.analyse.definitions import Definitions

    if settings is None:
        settings = default_settings()
    if main_doc is None:
        main_doc = parse("", "main.cf")
    chosen = overrides.applied(service, Definitions(master))
    doc = overrides.with_overrides(main_doc, chosen)[0] if chosen else main_doc
    names = tuple(n for n, _ in chosen)
    scoped = dataclasses.replace(settings, master_cf=master.unparse(), main_cf=None,
                                 service_program=(program_of(service), frozenset(names)) if names else None)
    return Values(doc, scoped), names
