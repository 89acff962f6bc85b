"""master.cf text -> :class:`MasterCf`: services with their 8 fields, ``-o`` settings and positions.

The Lark grammar ``grammar/master_cf.lark`` cuts the file into tokens
(lossless: the tokens give back the file byte for byte; each has its
1-based line and column on its physical line).  This module joins them into
logical lines as ``readllines()`` does (``src/util/readlline.c``: ignored
lines are transparent, a line that starts with whitespace continues the
previous one, its whitespace kept) and reads each logical line twice, as the
two Postfix programs that read master.cf do:

- ``postconf -M`` (``pcf_parse_master_entry()``, ``pcf_check_master_entry()``
  and ``pcf_normalize_daemon_args()`` in ``src/postconf/postconf_master.c``):
  fields are split with ``argv_splitq(" \\t\\r\\n", "{}")``, at least 8 are
  needed, then type, private/unprivileged/chroot, wakeup and process_limit
  are checked; the daemon options (the fields after the eighth that start
  with ``-``, up to the first that does not or ``--``) give the ``-o``
  settings, ``-o { name = value }`` normalised to ``name=value``.  The
  :class:`Service` records follow this reading (it is the one postconf uses
  for parameter names: ``pcf_register_service_parameters()``,
  ``pcf_register_user_parameters()``).
- ``master(8)`` (``get_master_ent()`` in ``src/master/master_ent.c``): the
  first 8 fields are split with ``mystrtok()`` (no ``{}`` grouping), a
  ``-`` takes the default, y/n flags and ``atoi()`` numbers that must start
  with a digit; the command arguments with ``mystrtokq()``, and a ``{``
  argument that ``extpar()`` cannot read is fatal.

Nothing raises for any input text: what Postfix refuses is recorded as
:class:`Finding` records (kind, span, Postfix's own message text, which
program prints it, whether that program exits), on the :class:`Service`
and on :class:`MasterCf`.  Text after a NUL byte on a logical line is
ignored, as Postfix's C strings do.

It replaces the older ``postfix_lint.mastercf`` reader, whose public names
are all here with the same behaviour: :meth:`MasterCf.commands`, ``names``,
``scopes``, ``defines``, ``problems``, ``is_default``, :attr:`Service.params`,
:func:`split_braced`, :func:`default` and :func:`for_settings`.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Sequence, Tuple

__all__ = [
    "Span", "Field", "Option", "Finding", "Service", "MasterCf", "Token",
    "parse", "parse_bytes", "tokens", "default", "for_settings", "split_braced",
    "TYPES", "FIELD_NAMES", "GRAMMAR",
]

GRAMMAR = "master_cf.lark"

#: PCF_MASTER_BLANKS / master_blanks: what separates master.cf fields.
BLANKS = " \t\r\n"
#: ISSPACE(): whitespace for readllines(), extpar() and split_nameval().
_SPACE = " \t\n\v\f\r"
#: The service types Postfix 3.7 knows (pcf_valid_master_types; master_ent.c MASTER_XPORT_NAME_*).
TYPES = ("unix", "unix-dgram", "fifo", "inet", "pass")
#: The 8 fields of a service line, as master(5) names them.
FIELD_NAMES = ("service", "type", "private", "unpriv", "chroot", "wakeup", "maxproc", "command")
_MIN_FIELDS = 8
#: Option letters that take an argument in the daemons' GETOPT() strings
#: ("cdDi:lm:n:o:s:St:uvVz" in single_server.c; multi_server.c adds "r:").
_DAEMON_ARG_LETTERS = "imnorst"
#: postconf's names for fields 1-6 in its "invalid ... field" messages (PCF_MASTER_NAME_*).
_PCF_NAMES = {1: "type", 2: "private", 3: "unprivileged", 4: "chroot", 5: "wakeup", 6: "process_limit"}
#: master(8)'s names for fields 1-7 in its messages (get_master_ent()).
_MASTER_NAMES = {1: "transport type", 2: "private", 3: "unprivileged", 4: "chroot",
                 5: "wakeup_time", 6: "max_proc", 7: "command"}


class Span(NamedTuple):
    """Where a piece of text is: 1-based line and column; ``end_column`` is exclusive.

    A span inside a ``{ ... }`` group can cover several physical lines
    (``end_line > line``); an empty value has ``end == start``.
    """

    line: int
    column: int
    end_line: int
    end_column: int


class Field(NamedTuple):
    """One whitespace-separated field of a logical line, as Postfix splits it (braces kept)."""

    text: str
    span: Span


class Option(tuple):
    """One ``-o name=value`` setting: a ``(name, value)`` pair with positions.

    It is a 2-tuple, so it compares equal to ``("name", "value")`` and
    ``dict(service.options)`` works; ``name_span`` / ``value_span`` locate the
    name and the (trimmed) value, ``span`` the whole option from ``-o`` to the
    end of its value field, ``braced`` tells the ``-o { name = value }`` form.
    """

    name_span: Span
    value_span: Span
    span: Span
    braced: bool

    def __new__(cls, name: str, value: str, name_span: Span, value_span: Span, span: Span,
                braced: bool = False) -> "Option":
        self = tuple.__new__(cls, (name, value))
        self.name_span = name_span
        self.value_span = value_span
        self.span = span
        self.braced = braced
        return self

    def __getnewargs__(self):  # pickle and copy: rebuild with the positions
        return (self[0], self[1], self.name_span, self.value_span, self.span, self.braced)

    @property
    def name(self) -> str:
        return self[0]

    @property
    def value(self) -> str:
        return self[1]

    def __repr__(self) -> str:
        return f"Option({self[0]!r}, {self[1]!r}, {self.name_span}, {self.value_span})"


def printable(text: str) -> str:
    """What Postfix's logging makes of a message: each byte outside ASCII 0x20-0x7e becomes "?".

    (``msg_text()`` -> ``printable(..., '?')`` in ``src/util/msg_output.c``;
    bytes, not characters: "é" is "??".)
    """
    data = text.encode("utf-8", "surrogateescape")
    if all(32 <= b < 127 for b in data):
        return text
    return "".join(chr(b) if 32 <= b < 127 else "?" for b in data)


class Finding(NamedTuple):
    """Something a Postfix program says about master.cf while it reads it.

    ``kind``: a short key (``field-count``, ``type``, ``private``,
    ``unprivileged``, ``chroot``, ``wakeup``, ``process_limit``,
    ``missing-field``, ``missing-brace``, ``text-after-brace``,
    ``option-name``, ``option-equals``, ``option-value``, ``orphan``,
    ``nul``).  ``text``: the message exactly as ``program`` (``"postconf"``
    for ``postconf -M``, ``"master"`` for master(8), ``"daemon"`` for the
    service's program at its start, ``"postfix"`` for all) prints it after
    ``fatal:`` / ``warning:``, with the path given to :func:`parse` (after
    :func:`printable`, as Postfix logs it);
    ``fatal``: that program exits.  ``nul`` is the linter's own note
    (Postfix 3.7 is silent).
    """

    kind: str
    span: Span
    text: str
    program: str
    fatal: bool


def _finding(kind: str, span: Span, text: str, program: str, fatal: bool) -> Finding:
    return Finding(kind, span, printable(text), program, fatal)


@dataclass(frozen=True)
class Service:
    """One master.cf entry (a logical line).

    The first five fields keep the older reader's shape (``Service(name,
    type, command, line, options)``).  Missing fields are ``""``.  ``fields``
    are the entry split as ``postconf -M`` splits it, ``args`` the fields
    after the command, ``options`` the ``-o`` settings postconf reads (in
    order, repeats kept), ``findings`` what postconf and master(8) say
    about this entry, ``text`` the logical line as ``readllines()`` joins it.
    """

    name: str
    type: str
    command: str  # the eighth field: "smtp", "pipe", "local", ...
    line: int  # first physical line of the entry (0: a built-in default)
    options: Tuple[Option, ...] = ()
    private: str = ""
    unpriv: str = ""
    chroot: str = ""
    wakeup: str = ""
    maxproc: str = ""
    args: Tuple[str, ...] = ()
    fields: Tuple[Field, ...] = ()
    findings: Tuple[Finding, ...] = ()
    span: Optional[Span] = None
    text: str = ""
    #: the -o settings as the service's program reads them (see ``_Reader._daemon_options``):
    #: the same as ``options`` except for postconf's quirks ("-osyslog_name=x" is
    #: syslog_name for the daemon, "sysl" and "g_name" for postconf).
    daemon_options: Tuple[Option, ...] = ()

    @property
    def params(self) -> Dict[str, str]:
        """The -o settings, the last one winning (``dict_update()``)."""
        return dict(self.options)

    def field_span(self, name: str) -> Optional[Span]:
        """The span of field ``name`` (one of :data:`FIELD_NAMES`), None when the entry lacks it."""
        i = FIELD_NAMES.index(name)
        return self.fields[i].span if i < len(self.fields) else None

    @property
    def arg_fields(self) -> Tuple[Field, ...]:
        """The command arguments (fields 9 onwards) with their spans."""
        return self.fields[_MIN_FIELDS:]

    @property
    def usable(self) -> bool:
        """postconf names this service: 8 fields or more and a known type."""
        return len(self.fields) >= _MIN_FIELDS and self.type in TYPES

    def fatal(self, program: str = "postconf") -> List[Finding]:
        """The findings that make ``program`` ("postconf" or "master") exit."""
        return [f for f in self.findings if f.fatal and f.program in (program, "postfix")]


class Token(NamedTuple):
    """One grammar token: its terminal name, text and Lark's 1-based start/end positions."""

    type: str
    value: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class MasterCf:
    """The services of one master.cf (or Postfix's default set).

    ``services``: the entries postconf names (8+ fields, a known type), in
    file order; ``entries``: every logical line, broken ones too;
    ``findings``: every finding in file order (those of the entries and the
    file-level ones such as orphan continuation text); ``tokens``: the
    grammar's tokens, which give back the file (:meth:`unparse`).
    """

    services: Tuple[Service, ...] = ()
    #: (line, message) for entries postconf refuses ("bad field count" ...).
    problems: Tuple[Tuple[int, str], ...] = ()
    #: True when no master.cf was given and Debian's default services stand in.
    is_default: bool = False
    entries: Tuple[Service, ...] = ()
    findings: Tuple[Finding, ...] = ()
    tokens: Tuple[Token, ...] = field(default=(), repr=False)
    final_newline: bool = True
    path: str = "master.cf"

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

    def fatal(self, program: str = "postconf") -> List[Finding]:
        """The findings that make ``program`` ("postconf" or "master") exit, in file order.

        The program stops at the first; later ones are what it would say next.
        """
        return [f for f in self.findings if f.fatal and f.program in (program, "postfix")]

    def unparse(self) -> str:
        """The text the tokens came from, byte for byte (as decoded text)."""
        text = "".join(t.value for t in self.tokens)
        return text if self.final_newline else text[:-1]


# --------------------------------------------------------------------------- grammar


@functools.lru_cache(maxsize=None)
def lark():
    """The master.cf grammar as a Lark LALR instance (loaded once per process by ``read.grammar``)."""
    from postfix_lint.read import grammar

    return grammar.load(GRAMMAR, parser="lalr", lexer="basic", maybe_placeholders=False,
                        propagate_positions=False)


def tokens(source: str) -> Iterator[Token]:
    """The grammar's tokens of ``source`` (which must be empty or end with a newline)."""
    for t in lark().lex(source):
        yield Token(t.type, t.value, t.line, t.column, t.end_line, t.end_column)


# --------------------------------------------------------------------------- Postfix's splitting


def _split_offsets(text: str, separators: str = BLANKS, braces: bool = True,
                   start: int = 0, limit: Optional[int] = None) -> List[Tuple[int, int]]:
    """mystrtokq(sep, "{}") (or mystrtok() when ``braces`` is False): (start, end) of each field.

    ``limit``: stop after that many fields.
    """
    out: List[Tuple[int, int]] = []
    i, n = start, len(text)
    while limit is None or len(out) < limit:
        while i < n and text[i] in separators:
            i += 1
        if i >= n:
            break
        begin, level = i, 0
        while i < n:
            ch = text[i]
            if braces and ch == "{":
                level += 1
            elif braces and ch == "}" and level > 0:
                level -= 1
            elif level == 0 and ch in separators:
                break
            i += 1
        out.append((begin, i))
    return out


def split_braced(text: str, separators: str) -> List[str]:
    """Postfix's quoted splitting (argv_splitq, mystrtokq with "{}"): runs of
    ``separators`` split ``text``, except inside {...} groups, which stay whole."""
    return [text[a:b] for a, b in _split_offsets(text, separators)]


def _extpar(text: str, start: int, end: int) -> Tuple[int, int, Optional[str]]:
    """extpar(..., "{}", EXTPAR_FLAG_STRIP) on ``text[start:end]`` (which starts with "{").

    Returns (inner start, inner end, error or None); the inner text is
    trimmed of ISSPACE() whitespace.  Errors: ``missing '}' in "..."`` (the
    rest after "{" is used), ``syntax error after '}' in "..."`` (text after
    the group is dropped).
    """
    level, close = 0, -1
    for i in range(start, end):
        ch = text[i]
        if ch == "{":
            level += 1
        elif ch == "}":
            level -= 1
            if level == 0:
                close = i
                break
    whole = text[start:end]
    if close < 0:
        err: Optional[str] = f"missing '}}' in \"{whole}\""
        a, b = start + 1, end
    else:
        err = f"syntax error after '}}' in \"{whole}\"" if close + 1 != end else None
        a, b = start + 1, close
    while a < b and text[a] in _SPACE:
        a += 1
    while b > a and text[b - 1] in _SPACE:
        b -= 1
    return a, b, err


def _split_nameval(text: str, start: int, end: int):
    """split_nameval() on ``text[start:end]``: ((name start, end), (value start, end)) or an error text."""
    i = start
    while i < end and text[i] in _SPACE:
        i += 1
    if i >= end or text[i] == "=":
        return "missing attribute name"
    j = i
    while j < end and text[j] not in _SPACE and text[j] != "=":
        j += 1
    k = j
    while k < end and text[k] in _SPACE:
        k += 1
    if k >= end or text[k] != "=":
        return "missing '=' after attribute name"
    v = k + 1
    while v < end and text[v] in _SPACE:
        v += 1
    w = end
    while w > v and text[w - 1] in _SPACE:
        w -= 1
    return (i, j), (v, w)


def _c_quote(text: str, limit: Optional[int] = None) -> str:
    """printf("%.Ns") of decoded text: at most ``limit`` bytes, as Postfix counts them."""
    if limit is None:
        return text
    raw = text.encode("utf-8", "surrogateescape")[:limit]
    return raw.decode("utf-8", "surrogateescape")


def _atoi32(text: str) -> int:
    """atoi() on a digit-led string, as a 64-bit strtol() cast to int."""
    digits = 0
    for ch in text:
        if not ("0" <= ch <= "9"):
            break
        digits = min(digits * 10 + ord(ch) - 48, 2**63 - 1)
    return ((digits + 2**31) % 2**32) - 2**31


# --------------------------------------------------------------------------- one logical line


class _Logical:
    """A logical line: its text (readllines()' join) and a map back to physical positions."""

    def __init__(self, items: Sequence[Token]) -> None:
        self.items = items
        self.starts: List[int] = []
        offset = 0
        for t in items:
            self.starts.append(offset)
            offset += len(t.value)
        self.text = "".join(t.value for t in items)

    def pos(self, offset: int) -> Tuple[int, int]:
        if offset >= len(self.text):
            last = self.items[-1]
            return last.line, last.column + len(last.value)
        k = bisect.bisect_right(self.starts, offset) - 1
        t = self.items[k]
        return t.line, t.column + (offset - self.starts[k])

    def span(self, start: int, end: int) -> Span:
        if end <= start:  # empty: just after the character before it, on that character's line
            line, column = self.pos(start - 1) if start > 0 else self.pos(0)
            column += start > 0
            return Span(line, column, line, column)
        line, column = self.pos(start)
        end_line, end_column = self.pos(end - 1)
        return Span(line, column, end_line, end_column + 1)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def entry(self, logical: _Logical) -> Service:
        raw = logical.text
        findings: List[Finding] = []
        cut = raw.find("\x00")
        text = raw if cut < 0 else raw[:cut]
        first_line = logical.items[0].line
        if cut >= 0:
            findings.append(_finding(
                "nul", logical.span(cut, len(raw)),
                "NUL byte: Postfix ignores the rest of this logical line", "linter", False))
        line_span = logical.span(0, len(text.rstrip(_SPACE)) or len(text))

        # ---- postconf -M: argv_splitq(), pcf_check_master_entry()
        offsets = _split_offsets(text)
        fields = tuple(Field(text[a:b], logical.span(a, b)) for a, b in offsets)
        values = [f.text for f in fields] + [""] * max(0, _MIN_FIELDS - len(fields))
        if len(fields) < _MIN_FIELDS:
            findings.append(_finding(
                "field-count", line_span,
                f"file {self.path}: line {first_line}: bad field count", "postconf", True))
        else:
            bad = self._pcf_check(values)
            if bad is not None:
                i = bad
                findings.append(_finding(
                    _PCF_NAMES[i], fields[i].span,
                    f'invalid {_PCF_NAMES[i]} field "{values[i]}" in "{text}"', "postconf", True))

        options: List[Option] = []
        if len(fields) >= _MIN_FIELDS:
            options = self._options(text, offsets, logical, findings)

        # ---- master(8): get_master_ent()
        self.daemon_argv = None
        findings.extend(self._master(text, logical, first_line))
        daemon_options: List[Option] = []
        if self.daemon_argv is not None:  # master(8) accepts the line: the daemon reads its options
            daemon_options, daemon_findings = self._daemon_options(text, logical)
            findings.extend(daemon_findings)

        return Service(
            name=values[0], type=values[1], command=values[7], line=first_line,
            options=tuple(options), private=values[2], unpriv=values[3], chroot=values[4],
            wakeup=values[5], maxproc=values[6], args=tuple(f.text for f in fields[_MIN_FIELDS:]),
            fields=fields, findings=tuple(findings), span=logical.span(0, len(raw)), text=text,
            daemon_options=tuple(daemon_options),
        )

    @staticmethod
    def _pcf_check(values: List[str]) -> Optional[int]:
        """pcf_check_master_entry(): index of the first bad field among 1..6, or None."""
        if values[1] not in TYPES:
            return 1
        for i in (2, 3, 4):
            v = values[i]
            if len(v) != 1 or v not in "-yn":
                return i
        v = values[5]
        n = len(v) - 1 if v.endswith("?") else len(v)
        digits = len(v) - len(v.lstrip("0123456789"))
        if not (v[0] == "-" and n == 1) and digits != n:
            return 5
        v = values[6]
        if v != "-" and v.strip("0123456789") != "":
            return 6
        return None

    def _options(self, text, offsets, logical, findings) -> List[Option]:
        """pcf_normalize_daemon_args() then the -o collection of pcf_parse_master_entry()."""
        # args: [text, offset of text[0] in the logical line, end offset of the field]
        args = [[text[a:b], a, b] for a, b in offsets[_MIN_FIELDS:]]
        out: List[Option] = []
        i = 0
        while i < len(args):
            arg, at, end = args[i]
            if not arg.startswith("-") or arg == "--":
                break
            cut = arg.find("o", 2)
            if cut > 1:
                # "-stuffozz" becomes "-stuff" "-ozz" at the first "o" after the option letter
                args[i] = [arg[:cut], at, at + cut]
                args.insert(i + 1, ["-" + arg[cut:], at + cut - 1, end])
                arg = arg[:cut]
            if not arg.startswith("-o"):
                i += 1
                continue
            option_start = at
            if len(arg) > 2:
                vtext, vat, vend = arg[2:], at + 2, end
            elif i + 1 < len(args):
                i += 1
                vtext, vat, vend = args[i]
            else:
                break
            braced = vtext.startswith("{")
            a, b = vat, vat + len(vtext)
            if braced:
                a, b, err = _extpar(text, vat, vat + len(vtext))
                if err is not None:
                    kind = "missing-brace" if err.startswith("missing") else "text-after-brace"
                    findings.append(_finding(kind, logical.span(vat, vend), f"master.cf: {err}",
                                            "postconf", False))
            pair = _split_nameval(text, a, b)
            if isinstance(pair, str):
                if braced:
                    kind = "option-name" if pair == "missing attribute name" else "option-equals"
                    findings.append(_finding(kind, logical.span(vat, vend),
                                            f'master.cf: {pair}: "{text[a:b]}"', "postconf", False))
            else:
                (na, nb), (va, vb) = pair
                out.append(Option(text[na:nb], text[va:vb], logical.span(na, nb), logical.span(va, vb),
                                  logical.span(option_start, vend), braced))
            i += 1
        # the remaining arguments: text inside {} extracted, not converted to name=value
        for arg, at, end in args[i:]:
            if arg.startswith("{"):
                _, _, err = _extpar(text, at, end)
                if err is not None:
                    kind = "missing-brace" if err.startswith("missing") else "text-after-brace"
                    findings.append(_finding(kind, logical.span(at, end), f"master.cf: {err}",
                                            "postconf", False))
        return out

    def _master(self, text: str, logical: _Logical, line: int) -> List[Finding]:
        """get_master_ent(): the first fatal error master(8) reports for this entry, if any."""
        where = f"{self.path}: line {line}: "
        plain = _split_offsets(text, braces=False, limit=_MIN_FIELDS)
        if not plain:
            return []  # an entry with no text (a NUL at the start): master skips it
        end_of_line = len(text.rstrip(_SPACE))

        def missing(i: int) -> Finding:
            return _finding("missing-field", logical.span(end_of_line, end_of_line),
                           f'{where}missing "{_MASTER_NAMES[i]}" field', "master", True)

        def bad(i: int, value: str) -> Finding:
            a, b = plain[i]
            return _finding(_PCF_NAMES.get(i, FIELD_NAMES[i]), logical.span(a, b),
                           f'{where}field "{_MASTER_NAMES[i]}": bad value: "{value}"', "master", True)

        values = [text[a:b] for a, b in plain]
        if len(values) < 2:
            return [missing(1)]
        if values[1] == "-":
            a, b = plain[1]
            return [_finding("type", logical.span(a, b),
                            f'{where}field "{_MASTER_NAMES[1]}" has no default value', "master", True)]
        if values[1] not in TYPES:
            a, b = plain[1]
            return [_finding("type", logical.span(a, b), f"{where}bad transport type: {values[1]}",
                            "master", True)]
        for i in (2, 3, 4):
            if len(values) <= i:
                return [missing(i)]
            if values[i] not in ("-", "y", "n"):
                return [bad(i, values[i])]
            if i == 2 and values[1] == "inet" and values[2] != "n":
                a, b = plain[2]  # private defaults to y
                return [_finding("private", logical.span(a, b), f"{where}inet service cannot be private",
                                 "master", True)]
        for i in (5, 6):
            if len(values) <= i:
                return [missing(i)]
            v = values[i]
            if v != "-" and (not ("0" <= v[0] <= "9") or _atoi32(v) < 0):
                return [bad(i, v)]
        if len(values) <= 7:
            return [missing(7)]
        if values[7] == "-":
            a, b = plain[7]
            return [_finding("missing-field", logical.span(a, b),
                            f'{where}field "{_MASTER_NAMES[7]}" has no default value', "master", True)]
        argv: List[Tuple[int, int, int, bool]] = []  # (start, end) as the daemon gets it, field end, braced
        for a, b in _split_offsets(text, start=plain[7][1]):
            if text[a] == "{":
                ia, ib, err = _extpar(text, a, b)
                if err is not None:
                    kind = "missing-brace" if err.startswith("missing") else "text-after-brace"
                    return [_finding(kind, logical.span(a, b), f"{where}{err}", "master", True)]
                argv.append((ia, ib, b, True))
            else:
                argv.append((a, b, b, False))
        self.daemon_argv = argv
        return []

    def _daemon_options(self, text: str, logical: _Logical) -> Tuple[List[Option], List[Finding]]:
        """The -o settings the daemon itself reads from the arguments master(8) passes it.

        ``GETOPT(argc, argv, "...o:...")`` (POSIX mode: options end at the
        first non-option or ``--``) in ``single_server_main()`` and its
        siblings (``src/master/*_server.c``); each ``-o`` argument goes
        through ``split_nameval()``, and a failure is fatal:
        ``invalid "-o TEXT" option value: missing '=' after attribute name``
        (checked with error, cleanup, trivial-rewrite, pickup, smtp, qmgr).
        master(8) extracts only arguments that start with "{", so
        ``-o { a = b }`` gives the daemon ``a = b`` but ``-o{a=b}`` gives it
        the name ``{a``.
        """
        argv = self.daemon_argv
        options: List[Option] = []
        findings: List[Finding] = []
        i = 0
        while i < len(argv):
            a, b, field_end, _ = argv[i]
            arg = text[a:b]
            if arg == "--" or not arg.startswith("-") or arg == "-":
                break
            j = a + 1
            while j < b:
                letter = text[j]
                if letter in _DAEMON_ARG_LETTERS:
                    if j + 1 < b:
                        oa, ob, oend, braced = j + 1, b, field_end, False
                    elif i + 1 < len(argv):
                        i += 1
                        oa, ob, oend, braced = argv[i]
                    else:
                        break  # "option requires an argument"
                    if letter == "o":
                        pair = _split_nameval(text, oa, ob)
                        if isinstance(pair, str):
                            findings.append(_finding(
                                "option-value", logical.span(oa, ob),
                                f'invalid "-o {text[oa:ob]}" option value: {pair}', "daemon", True))
                        else:
                            (na, nb), (va, vb) = pair
                            options.append(Option(text[na:nb], text[va:vb], logical.span(na, nb),
                                                  logical.span(va, vb), logical.span(a, oend),
                                                  braced))
                    break
                j += 1
            i += 1
        return options, findings


# --------------------------------------------------------------------------- the file


def _legacy_problem(entry: Service) -> Optional[Tuple[int, str]]:
    """The older reader's (line, message) for an entry postconf refuses."""
    for f in entry.findings:
        if f.program != "postconf" or not f.fatal:
            continue
        if f.kind == "field-count":
            return entry.line, f"bad field count ({len(entry.fields)} < {_MIN_FIELDS})"
        i = FIELD_NAMES.index(f.kind) if f.kind in FIELD_NAMES else \
            next(k for k, v in _PCF_NAMES.items() if v == f.kind)
        return entry.line, f'invalid {f.kind} field "{entry.fields[i].text}"'
    return None


def parse(text: str, path: str = "master.cf") -> MasterCf:
    """Read decoded master.cf text (see the module doc).  Never raises for any text.

    ``path`` is the name used in Postfix's messages (``postconf -c DIR``
    prints ``DIR/master.cf``).
    """
    final_newline = text == "" or text.endswith("\n")
    source = text if final_newline else text + "\n"
    toks = tuple(tokens(source))
    reader = _Reader(path)
    entries: List[Service] = []
    findings: List[Finding] = []
    current: List[Token] = []
    orphan = False

    def flush() -> None:
        nonlocal orphan
        if not current:
            return
        logical = _Logical(current)
        if orphan:
            body = logical.text.split("\x00", 1)[0]
            shown = _c_quote(body, 30)
            # "%.30s%s" with "..." when the buffer (NUL bytes included: VSTRING_LEN) is longer
            more = "..." if len(logical.text.encode("utf-8", "surrogateescape")) > 30 else ""
            findings.append(_finding(
                "orphan", logical.span(0, len(logical.text)),
                f'{path}: logical line must not start with whitespace: "{shown}{more}"', "postfix", False))
        else:
            entry = reader.entry(logical)
            entries.append(entry)
            findings.extend(entry.findings)
        current.clear()
        orphan = False

    after_break = True
    for t in toks:
        if t.type in ("HEAD", "BREAK"):
            after_break = True
            continue
        if after_break:
            if t.type != "INDENT":
                flush()  # text in column 1: a new logical line
            elif not current:
                orphan = True  # continuation text before the first service line
        after_break = False
        current.append(t)
    flush()

    services = tuple(e for e in entries if e.usable)
    problems = tuple(p for p in (_legacy_problem(e) for e in entries) if p is not None)
    return MasterCf(services, problems, False, tuple(entries), tuple(findings), toks, final_newline, path)


def parse_bytes(data: bytes, path: str = "master.cf") -> MasterCf:
    """Read master.cf bytes: every byte survives through surrogateescape."""
    return parse(data.decode("utf-8", "surrogateescape"), path)


# --------------------------------------------------------------------------- defaults


_DEFAULT: Optional[MasterCf] = None


def _default_service_commands() -> Dict[str, str]:
    from postfix_lint.postfix import params
    return params.default_service_commands()


_DEFAULTS: Dict[Tuple[Tuple[str, str], ...], MasterCf] = {}


def _default_of(commands: Dict[str, str]) -> MasterCf:
    services = tuple(Service(name, "unix", command, 0) for name, command in commands.items())
    return MasterCf(services, (), True, services)


def default(profile=None) -> MasterCf:
    """Debian's default master.cf of ``profile``'s release, as far as main.cf names are concerned.

    Its delivery services (``profile.default_service_commands()``; without a
    profile, or for the union profile, ``params.default_service_commands()``,
    Debian 3.7's 13 services) are what ``postconf`` derives the per-transport
    names from when main.cf comes with the stock master.cf; Debian's 3.8+
    file has no pipe examples (``profiles.DEBIAN_PIPE_EXAMPLES``).  Its only
    ``-o`` setting (``syslog_name=postfix/$service_name``) refers to a
    built-in name.
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = _default_of(_default_service_commands())
    if profile is None:
        return _DEFAULT
    key = tuple(profile.default_service_commands().items())
    if key == tuple(_DEFAULT.commands()):
        return _DEFAULT
    hit = _DEFAULTS.get(key)
    if hit is None:
        hit = _DEFAULTS[key] = _default_of(dict(key))
    return hit


def for_settings(master_cf_text: Optional[str], profile=None) -> MasterCf:
    """The master.cf beside main.cf when there is one, else :func:`default` of ``profile``'s release."""
    if master_cf_text is None:
        return default(profile)
    return parse(master_cf_text)
