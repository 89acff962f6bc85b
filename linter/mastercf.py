"""The parts of master.cf that decide which main.cf names Postfix knows.

``postconf`` derives parameter names from master.cf (reference section 6):

- service names: a service run by a delivery agent makes
  ``<service>_destination_concurrency_limit`` & co. valid
  (``pcf_register_service_parameters()``, ``src/postconf/postconf_service.c``:
  the service name is the first field, the command the eighth);
- ``-o name=value`` overrides: ``$name`` references in their values count as
  uses of main.cf parameters, and a name set with ``-o`` is defined for
  ``$name`` references in main.cf (``pcf_register_user_parameters()``,
  ``src/postconf/postconf_user.c``).

master.cf is read with the same logical-line rules as main.cf
(``readllines()``: comment and blank lines are skipped anywhere, a line that
starts with whitespace continues the previous one).  Fields are separated by
whitespace; ``{ ... }`` groups text that contains whitespace
(``argv_splitq()``).  The daemon options are the fields after the eighth that
start with ``-``, up to the first that does not or ``--``; ``-o`` takes the
next field (or the rest of ``-oname=value``), and ``-o { name = value }`` is
normalised to ``name=value`` (``pcf_normalize_daemon_args()`` in
``src/postconf/postconf_master.c``).  postconf exits on an entry with fewer
than 8 fields or a bad type; those entries are listed in
:attr:`MasterCf.problems` and skipped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Tuple

__all__ = ["Service", "MasterCf", "parse", "default", "TYPES"]

#: PCF_MASTER_BLANKS: what separates master.cf fields.
BLANKS = " \t\r\n"
#: ISSPACE() for readllines(): what makes a line a continuation line.
_SPACE = " \t\n\v\f\r"
#: The service types postconf accepts (pcf_valid_master_types).
TYPES = ("unix", "unix-dgram", "fifo", "inet", "pass")
_MIN_FIELDS = 8


@dataclass(frozen=True)
class Service:
    """One master.cf entry."""

    name: str
    type: str
    command: str  # the eighth field: "smtp", "pipe", "local", ...
    line: int  # first physical line of the entry (0: a built-in default)
    options: Tuple[Tuple[str, str], ...] = ()  # -o name=value, in order

    @property
    def params(self) -> Dict[str, str]:
        """The -o settings, the last one winning (``dict_update()``)."""
        return dict(self.options)


@dataclass(frozen=True)
class MasterCf:
    """The services of one master.cf (or Postfix's default set)."""

    services: Tuple[Service, ...] = ()
    #: (line, message) for entries postconf refuses ("bad field count" ...).
    problems: Tuple[Tuple[int, str], ...] = ()
    #: True when no master.cf was given and Debian's default services stand in.
    is_default: bool = False

    def commands(self) -> List[Tuple[str, str]]:
        """(service name, command) of every entry, in file order (names may repeat)."""
        return [(s.name, s.command) for s in self.services]

    def names(self) -> List[str]:
        return list(dict.fromkeys(s.name for s in self.services))

    def scopes(self) -> List[Service]:
        """One parameter name space per service name and type, as postconf builds them.

        Entries with the same name and type ("relay/unix" twice) share one
        name space: their -o settings are merged, later ones winning.
        """
        merged: Dict[Tuple[str, str], List] = {}
        for s in self.services:
            key = (s.name, s.type)
            if key not in merged:
                merged[key] = [s, []]
            merged[key][1].extend(s.options)
        return [Service(first.name, first.type, first.command, first.line, tuple(options))
                for first, options in merged.values()]

    def defines(self, name: str) -> bool:
        """Whether some service sets ``name`` with ``-o``."""
        return name in self._option_names

    @functools.cached_property
    def _option_names(self) -> FrozenSet[str]:
        return frozenset(n for s in self.services for n, _ in s.options)


def _logical_lines(text: str) -> List[Tuple[int, str]]:
    """readllines(): (first physical line, joined text) of each logical line."""
    out: List[Tuple[int, str]] = []
    current: Optional[List] = None
    for number, physical in enumerate(text.split("\n"), 1):
        stripped = physical.lstrip(_SPACE)
        if not stripped or stripped.startswith("#"):
            continue  # blank or comment: ignored everywhere, also between continuation lines
        if physical[0] in _SPACE:
            if current is not None:
                current[1].append(physical)
            # else: "logical line must not start with whitespace"; postconf discards it
            continue
        if current is not None:
            out.append((current[0], "".join(current[1])))
        current = [number, [physical]]
    if current is not None:
        out.append((current[0], "".join(current[1])))
    return out


def _split(text: str) -> List[str]:
    """argv_splitq(text, BLANKS, "{}"): fields, with {...} groups kept whole (braces included)."""
    return split_braced(text, BLANKS)


def split_braced(text: str, separators: str) -> List[str]:
    """Postfix's quoted splitting (argv_splitq, mystrtokq with "{}"): runs of
    ``separators`` split ``text``, except inside {...} groups, which stay whole."""
    out: List[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in separators:
            i += 1
        if i >= n:
            return out
        start, level = i, 0
        while i < n:
            ch = text[i]
            if ch == "{":
                level += 1
            elif ch == "}" and level > 0:
                level -= 1
            elif level == 0 and ch in separators:
                break
            i += 1
        out.append(text[start:i])


def _extract(text: str) -> str:
    """extpar(..., EXTPAR_FLAG_STRIP): the text inside a leading {...}, trimmed."""
    if not text.startswith("{"):
        return text
    level = 0
    for i, ch in enumerate(text):
        if ch == "{":
            level += 1
        elif ch == "}":
            level -= 1
            if level == 0:
                return text[1:i].strip(BLANKS)
    return text[1:].strip(BLANKS)  # "missing '}'": postconf warns and uses the rest


def _split_nameval(text: str) -> Optional[Tuple[str, str]]:
    """split_nameval(): (name, value) or None when there is no name or no '='."""
    s = text.lstrip(_SPACE)
    i = 0
    while i < len(s) and s[i] not in _SPACE and s[i] != "=":
        i += 1
    if i == 0:
        return None
    name = s[:i]
    rest = s[i:].lstrip(_SPACE)
    if not rest.startswith("="):
        return None
    return name, rest[1:].strip(_SPACE)


def _options(fields: List[str]) -> List[Tuple[str, str]]:
    """The -o name=value settings among the daemon options (fields 8 onwards)."""
    out: List[Tuple[str, str]] = []
    args = list(fields[_MIN_FIELDS:])
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-") or arg == "--":
            break
        # pcf_normalize_daemon_args(): "-stuffozz" becomes "-stuff" "-ozz" at the first "o"
        # after the option letter -- also inside "-oname=value" ("-osyslog_name=x" is
        # "-osysl" "-og_name=x"; postconf really reads it that way).
        cut = arg.find("o", 2)
        if cut > 1:
            args[i] = arg[:cut]
            args.insert(i + 1, "-" + arg[cut:])
            arg = args[i]
        if len(arg) < 2 or arg[1] != "o":
            i += 1
            continue
        if len(arg) > 2:
            value = arg[2:]  # -oname=value
        elif i + 1 < len(args):
            i += 1
            value = args[i]
        else:
            break
        if value.startswith("{"):
            value = _extract(value)
        pair = _split_nameval(value)
        if pair is not None:
            out.append(pair)
        i += 1
    return out


def parse(text: str) -> MasterCf:
    """Read master.cf text the way postconf does (see the module doc)."""
    services: List[Service] = []
    problems: List[Tuple[int, str]] = []
    for line, logical in _logical_lines(text):
        fields = _split(logical)
        if len(fields) < _MIN_FIELDS:
            problems.append((line, f"bad field count ({len(fields)} < {_MIN_FIELDS})"))
            continue
        if fields[1] not in TYPES:
            problems.append((line, f'invalid type field "{fields[1]}"'))
            continue
        services.append(Service(fields[0], fields[1], fields[7], line, tuple(_options(fields))))
    return MasterCf(tuple(services), tuple(problems), False)


_DEFAULT: Optional[MasterCf] = None
_DEFAULTS: Dict[Tuple[Tuple[str, str], ...], MasterCf] = {}


def default(profile=None) -> MasterCf:
    """Debian's default master.cf of ``profile``'s release, as far as main.cf names are concerned.

    Its delivery services (``profile.default_service_commands()``; without a
    profile, or for the union profile, :func:`postfix_lint.postfix.params.default_service_commands`,
    Debian 3.7's 13 services) are what ``postconf`` derives the per-transport
    names from when main.cf comes with the stock master.cf; Debian's 3.8+
    file has no pipe examples (``profiles.DEBIAN_PIPE_EXAMPLES``).  Its only
    ``-o`` setting (``syslog_name=postfix/$service_name``) refers to a built-in name.
    """
    global _DEFAULT
    if _DEFAULT is None:
        from postfix_lint.postfix import params

        _DEFAULT = MasterCf(
            tuple(Service(name, "unix", command, 0) for name, command in params.default_service_commands().items()),
            (),
            True,
        )
    if profile is None:
        return _DEFAULT
    key = tuple(profile.default_service_commands().items())
    if key == tuple(_DEFAULT.commands()):
        return _DEFAULT
    hit = _DEFAULTS.get(key)
    if hit is None:
        hit = _DEFAULTS[key] = MasterCf(tuple(Service(n, "unix", c, 0) for n, c in key), (), True)
    return hit


def for_settings(master_cf_text: Optional[str], profile=None) -> MasterCf:
    """The master.cf beside main.cf when there is one, else :func:`default` of ``profile``'s release."""
    if master_cf_text is None:
        return default(profile)
    return parse(master_cf_text)
