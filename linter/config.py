"""Configuration files: ``[tool.postfix-lint]`` in pyproject.toml or ``.postfix-lint.toml``.

For each linted file the closest configuration file wins, found by walking
up from the file's directory; in one directory ``.postfix-lint.toml`` wins
over ``pyproject.toml``, and a ``pyproject.toml`` without a
``[tool.postfix-lint]`` table is skipped.  ``--config PATH`` names the file
for every input, ``--isolated`` uses none.  Settings from the command line
are applied on top of the file's.

Every value is checked when the file is read; a mistake raises
:class:`ConfigError` whose message names the file, the key and what is
allowed.  Nothing here prints.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Tuple

from postfix_lint.problem import Severity

if TYPE_CHECKING:  # imported when needed: the settings module loads every rule
    from postfix_lint.settings import Settings

DOTFILE = ".postfix-lint.toml"
PYPROJECT = "pyproject.toml"
TOOL = "postfix-lint"  # the table name under [tool] in pyproject.toml
DEFAULT_FAIL_ON = Severity.WARNING

#: Every key a configuration may have, with what it takes (for messages).
KEYS = {
    "select": "a list of rule codes or names (\"ALL\" for every rule)",
    "ignore": "a list of rule codes or names",
    "extend-select": "a list of rule codes or names",
    "severity": "a table of rule -> \"error\" | \"warning\" | \"info\"",
    "per-file-ignores": "a table of glob -> list of rule codes or names",
    "rules": "a table of rule -> table of that rule's options",
    "target-version": "a Postfix release \"X.Y\" or \"X.Y.Z\", 3.5 to 3.12, such as \"3.7\" or \"3.7.11\"",
    "fail-on": "\"error\" | \"warning\" | \"info\"",
    "master-cf": "a path to the master.cf paired with main.cf (relative to the configuration file)",
}
SEVERITIES = "\"error\", \"warning\", \"info\""
_TIME = re.compile(r"[0-9]+[smhdw]?")


class ConfigError(ValueError):
    """A configuration file or setting that cannot be used (exit status 2)."""


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection (a config file, or the command line)."""

    select: Optional[Tuple[str, ...]] = None  # rule codes; None: keep what the layer below chose
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()

    def apply(self, codes: Iterable[str]) -> FrozenSet[str]:
        """The codes this layer enables on top of ``codes`` (the layer below's result)."""
        from postfix_lint.settings import enabled_codes

        select = sorted(codes) if self.select is None else self.select
        return enabled_codes(select, self.extend_select, self.ignore)


@dataclass(frozen=True)
class FileIgnore:
    """One per-file-ignores entry: the glob as written, compiled, and the rule codes it turns off."""

    pattern: str
    spec: Any  # pathspec.PathSpec
    codes: Tuple[str, ...]

    def matches(self, relative_path: str) -> bool:
        """Whether the glob matches a path relative to the configuration file's directory ("/" separated)."""
        return self.spec.match_file(relative_path)


@dataclass(frozen=True)
class Config:
    """One validated configuration file (or the empty one)."""

    path: Optional[Path] = None  # None: no file, built-in defaults
    selection: Selection = Selection()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: Tuple[FileIgnore, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # code -> {option: value}
    target_version: Optional[str] = None
    fail_on: Optional[Severity] = None
    master_cf: Optional[Path] = None  # the "master-cf" key, resolved against the file's folder

    @property
    def root(self) -> Path:
        """The directory per-file-ignores patterns are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    def describe(self) -> str:
        if self.path is None:
            return "none (built-in defaults)"
        if self.path.name == PYPROJECT:
            return f"{self.path} [tool.{TOOL}]"
        return str(self.path)


@dataclass(frozen=True)
class Overrides:
    """What the command line says; applied on top of the configuration file."""

    selection: Selection = Selection()
    target_version: Optional[str] = None
    fail_on: Optional[Severity] = None


@dataclass(frozen=True)
class Effective:
    """The settings in force for one file."""

    settings: "Settings"
    fail_on: Severity
    config: Config
    ignored_by_pattern: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)  # pattern -> codes


# --------------------------------------------------------------------------- TOML


def _toml_loads(text: str, where: str) -> dict:
    try:
        import tomllib as toml  # Python >= 3.11
    except ImportError:  # pragma: no cover - depends on the Python version
        try:
            import tomli as toml
        except ImportError:
            raise ConfigError(
                f"{where}: reading TOML needs Python 3.11 or the 'tomli' package (pip install tomli)"
            ) from None
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _table_of(path: Path, text: str, explicit: bool) -> Optional[dict]:
    """The postfix-lint table of a file, or None for a pyproject.toml without one."""
    if path.name == PYPROJECT:
        if TOOL not in text and not explicit:
            return None  # cheap: no TOML parsing for other projects' pyproject.toml
        data = _toml_loads(text, str(path))
        tool = data.get("tool")
        table = tool.get(TOOL) if isinstance(tool, dict) else None
        if table is None:
            if explicit:
                raise ConfigError(f"{path}: has no [tool.{TOOL}] table")
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.{TOOL} must be a table")
        return table
    return _toml_loads(text, str(path))


# --------------------------------------------------------------------------- validation


def _rule(ident: Any, where: str) -> str:
    from postfix_lint.rules import UnknownRule, resolve_code

    if not isinstance(ident, str):
        raise ConfigError(f"{where}: {ident!r} is not a rule code or name")
    try:
        return resolve_code(ident)
    except UnknownRule:
        raise ConfigError(f"{where}: unknown rule {ident!r} (allowed: a rule code or name from"
                          " 'postfix-lint --list-rules', such as PF101 or invalid-time)") from None


def _rule_list(value: Any, where: str, allow_all: bool = True) -> Tuple[str, ...]:
    from postfix_lint.rules import RULES

    if not isinstance(value, list):
        raise ConfigError(f"{where}: must be a list of rule codes or names, such as [\"PF101\", \"invalid-time\"]"
                          f" (got {_kind(value)})")
    out: List[str] = []
    for item in value:
        if allow_all and isinstance(item, str) and item.strip().upper() == "ALL":
            out.extend(RULES)
        else:
            out.append(_rule(item, where))
    return tuple(dict.fromkeys(out))


def _kind(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def parse_severity(value: Any, where: str) -> Severity:
    if isinstance(value, str):
        try:
            return Severity.parse(value)
        except ValueError:
            pass
    raise ConfigError(f"{where}: bad value {value!r} (allowed: {SEVERITIES})")


def parse_target_version(value: Any, where: str) -> str:
    """A target release as written (``X.Y`` or ``X.Y.Z``, stripped) once
    :func:`postfix_lint.postfix.profiles.parse_release` knows it; ConfigError (exit 2) otherwise,
    with the list of known releases."""
    from postfix_lint.postfix import profiles

    if isinstance(value, str):
        try:
            profiles.parse_release(value)
        except ValueError as exc:
            raise ConfigError(f"{where}: bad value {value!r}: {exc}") from None
        return value.strip()
    raise ConfigError(f"{where}: bad value {value!r} (allowed: a Postfix release as a string, X.Y or X.Y.Z,"
                      " such as \"3.7\" or \"3.7.11\")")


def _check_time(value: Any) -> Optional[str]:
    from postfix_lint.postfix.values import conv_time

    if isinstance(value, bool):
        return "a time, not a boolean"
    if isinstance(value, int):
        return None if value >= 0 else "a time must not be negative"
    if not isinstance(value, str):
        return f"a time, not {_kind(value)}"
    if not _TIME.fullmatch(value):
        return "a Postfix time: digits and one lower-case unit s, m, h, d or w, such as \"12h\" or \"1d\""
    if conv_time(value, "s").seconds is None:
        return "a Postfix time that fits its range"
    return None


def _check_type(name: str):
    def check(value: Any) -> Optional[str]:
        ok = {
            "int": lambda v: type(v) is int,
            "bool": lambda v: type(v) is bool,
            "str": lambda v: type(v) is str,
            "float": lambda v: type(v) in (int, float),
            "list": lambda v: type(v) is list and all(type(x) is str for x in v),
        }[name](value)
        if ok:
            return None
        what = {"int": "an integer", "bool": "true or false", "str": "a string", "float": "a number",
                "list": "a list of strings"}[name]
        return f"{what}, not {_kind(value)}"

    return check


#: Option type name (a rule module's ``OPTIONS`` values) -> checker returning
#: None when the value is acceptable, else what is allowed.
OPTION_TYPES = {
    "time": _check_time,
    "int": _check_type("int"),
    "bool": _check_type("bool"),
    "str": _check_type("str"),
    "float": _check_type("float"),
    "list": _check_type("list"),
}


def validate_option(module, option: str, value: Any, where: str) -> Any:
    """Check one rule option against the rule's ``OPTIONS``; return the value."""
    options = getattr(module, "OPTIONS", {}) or {}
    label = f"{module.CODE} ({module.NAME})"
    if option not in options:
        allowed = ", ".join(sorted(options)) or "none: this rule has no options"
        raise ConfigError(f"{where}: unknown option {option!r} for rule {label} (allowed: {allowed})")
    kind = options[option]
    checker = OPTION_TYPES.get(kind)
    if checker is None:  # a rule module bug, caught by the rule-meta tests
        raise ConfigError(f"{where}: rule {label} declares option {option!r} of unknown type {kind!r}")
    why = checker(value)
    if why is not None:
        raise ConfigError(f"{where}: bad value {value!r} for option {option!r} of rule {label}"
                          f" (allowed: {why})")
    return value


def _per_file_ignores(value: Any, where: str) -> Tuple[FileIgnore, ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be {KEYS['per-file-ignores']}, such as"
                          " {\"staging/*.cf\" = [\"PF207\"]} (got " + _kind(value) + ")")
    out = []
    for pattern, codes in value.items():
        if not pattern.strip():
            raise ConfigError(f"{where}: an empty glob (allowed: a glob such as \"**/main.cf\")")
        norm = pattern.replace(os.sep, "/")
        if norm.startswith("./"):
            norm = norm[2:]
        out.append(FileIgnore(pattern, _path_spec(norm), _rule_list(codes, f"{where}.{pattern!r}")))
    return tuple(out)


def _path_spec(pattern: str):
    """One per-file-ignores glob, compiled with pathspec (imported only when a configuration has such globs).

    .gitignore syntax: a pattern without "/" matches the file name in any
    directory, one with "/" is relative to the configuration file's directory,
    ``*`` and ``?`` stay within a path component, ``**`` crosses them, and a
    pattern that matches a directory matches every file under it.
    """
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([pattern])


def _rule_table(value: Any, where: str, what: str, idents: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """A table keyed by rule code or name -> {code: value}, rejecting a rule named twice;
    ``idents``, when given, receives code -> the key as the user wrote it (for messages)."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be {what} (got {_kind(value)})")
    out: Dict[str, Any] = {}
    seen: Dict[str, str] = {}
    for ident, item in value.items():
        code = _rule(ident, where)
        if code in out:
            raise ConfigError(f"{where}: rule {code} is given twice ({seen[code]!r} and {ident!r})")
        out[code] = item
        seen[code] = ident
    if idents is not None:
        idents.update(seen)
    return out


def config_from_table(table: Mapping[str, Any], path: Optional[Path]) -> Config:
    """Validate a postfix-lint table (already parsed from TOML)."""
    from postfix_lint.rules import RULES

    src = str(path) if path is not None else "configuration"
    if path is not None and path.name == PYPROJECT:
        prefix = f"tool.{TOOL}."
    else:
        prefix = ""
    unknown = [k for k in table if k not in KEYS]
    if unknown:
        raise ConfigError(f"{src}: unknown key {prefix + unknown[0]!r} (allowed: {', '.join(KEYS)})")

    def where(key: str) -> str:
        return f"{src}: {prefix}{key}"

    select = _rule_list(table["select"], where("select")) if "select" in table else None
    selection = Selection(
        select=select,
        extend_select=_rule_list(table.get("extend-select", []), where("extend-select")),
        ignore=_rule_list(table.get("ignore", []), where("ignore")),
    )
    idents: Dict[str, str] = {}  # code -> the key the user wrote, named in messages
    severity = {
        code: parse_severity(level, f"{where('severity')}.{idents[code]}")
        for code, level in _rule_table(table.get("severity", {}), where("severity"), KEYS["severity"],
                                       idents).items()
    }
    options: Dict[str, Dict[str, Any]] = {}
    idents.clear()
    for code, opts in _rule_table(table.get("rules", {}), where("rules"), KEYS["rules"], idents).items():
        module = RULES[code]
        w = f"{where('rules')}.{idents[code]}"
        if not isinstance(opts, dict):
            raise ConfigError(f"{w}: must be a table of options, such as"
                              f" [{prefix}rules.{idents[code]}] (got {_kind(opts)})")
        options[code] = {k: validate_option(module, k, v, f"{w}.{k}") for k, v in opts.items()}
    target = table.get("target-version")
    fail_on = table.get("fail-on")
    master = table.get("master-cf")
    if master is not None and (not isinstance(master, str) or not master):
        raise ConfigError(f"{where('master-cf')}: must be {KEYS['master-cf']} (got {_kind(master)})")
    return Config(
        master_cf=((path.parent if path is not None else Path.cwd()) / master) if master else None,
        path=path,
        selection=selection,
        severity=severity,
        per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {}), where("per-file-ignores")),
        options=options,
        target_version=parse_target_version(target, where("target-version")) if target is not None else None,
        fail_on=parse_severity(fail_on, where("fail-on")) if fail_on is not None else None,
    )


def load(path: Path, explicit: bool = False) -> Optional[Config]:
    """Read and validate one configuration file (None: a pyproject.toml without our table)."""
    text = _read_text(path)
    table = _table_of(path, text, explicit)
    if table is None:
        return None
    return config_from_table(table, path)


# --------------------------------------------------------------------------- discovery


class ConfigFinder:
    """Finds and caches the configuration file of each linted file (closest one above it, or --config)."""

    def __init__(self, explicit: Optional[str] = None, isolated: bool = False) -> None:
        self.isolated = isolated
        self.explicit: Optional[Config] = None
        if explicit is not None:
            path = Path(explicit)
            if not path.is_file():
                raise ConfigError(f"{explicit}: --config file not found")
            self.explicit = load(path.absolute(), explicit=True)
        self._dirs: Dict[Path, Optional[Config]] = {}

    def for_path(self, path: Optional[str]) -> Config:
        """The configuration of a linted file (``None``: standard input without a name)."""
        if self.explicit is not None:
            return self.explicit
        if self.isolated:
            return Config()
        start = Path(os.path.abspath(path)).parent if path else Path(os.path.abspath("."))
        return self._find(start) or Config()

    def _find(self, directory: Path) -> Optional[Config]:
        visited = []
        found: Optional[Config] = None
        d = directory
        while True:
            if d in self._dirs:
                found = self._dirs[d]
                break
            visited.append(d)
            found = self._here(d)
            if found is not None or d.parent == d:
                break
            d = d.parent
        for v in visited:
            self._dirs[v] = found
        return found

    @staticmethod
    def _here(d: Path) -> Optional[Config]:
        for name in (DOTFILE, PYPROJECT):
            candidate = d / name
            try:
                if not candidate.is_file():
                    continue
            except OSError:
                continue
            cfg = load(candidate)
            if cfg is not None:
                return cfg
        return None


def _relative(path: str, root: Path) -> str:
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, str(root))
    except ValueError:  # another drive on Windows
        rel = full
    if rel.startswith(".."):
        rel = full
    return rel.replace(os.sep, "/")


def matching_ignores(config: Config, path: Optional[str]) -> Dict[str, Tuple[str, ...]]:
    """per-file-ignores entries whose glob matches ``path``: pattern -> codes."""
    if not config.per_file_ignores or not path:
        return {}
    rel = _relative(path, config.root)
    return {fi.pattern: fi.codes for fi in config.per_file_ignores if fi.matches(rel)}


def effective(config: Config, overrides: Overrides, path: Optional[str]) -> Effective:
    """Combine a file's configuration with the command line, for one file."""
    from postfix_lint.settings import DEFAULT_TARGET_VERSION, Settings

    from postfix_lint.rules import RULES

    codes = frozenset(RULES)  # every rule runs unless deselected
    for layer in (config.selection, overrides.selection):
        codes = layer.apply(codes)
    ignored = matching_ignores(config, path)
    for pattern_codes in ignored.values():
        codes -= set(pattern_codes)
    settings = Settings(
        select=sorted(codes),
        severity=dict(config.severity),
        options={code: dict(opts) for code, opts in config.options.items()},
        target_version=overrides.target_version or config.target_version or DEFAULT_TARGET_VERSION,  # None: every release
    )
    fail_on = overrides.fail_on or config.fail_on or DEFAULT_FAIL_ON
    return Effective(settings, fail_on, config, ignored)


def overrides_from(select: Optional[Iterable[str]], extend_select: Iterable[str], ignore: Iterable[str],
                   target_version: Optional[str], fail_on: Optional[str]) -> Overrides:
    """Validate command-line settings (rule names, version, severity) into :class:`Overrides`."""
    from postfix_lint.rules import UnknownRule, resolve_codes

    try:
        selection = Selection(
            select=tuple(resolve_codes(select)) if select is not None else None,
            extend_select=tuple(resolve_codes(extend_select)),
            ignore=tuple(resolve_codes(ignore)),
        )
    except UnknownRule as exc:
        raise ConfigError(str(exc)) from None
    return Overrides(
        selection=selection,
        target_version=parse_target_version(target_version, "--target-version") if target_version is not None else None,
        fail_on=parse_severity(fail_on, "--fail-on") if fail_on else None,
    )
