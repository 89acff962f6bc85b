"""Postfix's ``$`` expansion language, as each Postfix release 3.5 - 3.12 parses and evaluates it.

This follows ``src/util/mac_parse.c`` (tokenisation), ``src/util/mac_expand.c``
(``mac_expand()``, ``mac_expand_callback()``, the relational operators) and
``dict_eval()`` in ``src/util/dict.c``, which daemons use to read a parameter:
``mac_expand(..., MAC_EXP_FLAG_RECURSE, ...)``, where any ``MAC_PARSE_ERROR``
is fatal and undefined names silently expand to nothing.

* :func:`expand` evaluates a value like a daemon does.
* :func:`references` lists the names a value refers to, the way
  ``MAC_EXP_FLAG_SCAN`` does: every branch of ``?``/``:`` is visited and looked-up
  values are not expanded.  It raises :class:`MacroSyntaxError` for the errors
  Postfix reports on that walk (see ``references`` for the details).

Things that look odd but are Postfix's behaviour:

* The nesting counter counts *callbacks*, and literal text is a callback too:
  ``p1 = $p2`` ... ``p101 = 300s`` fails with ``unreasonable macro call
  nesting: "300s"``, while ``p101 =`` (empty) is accepted.
* The operands of ``${{a} OP {b}}`` are expanded by a fresh ``mac_expand()``
  whose nesting counter starts again at 0.  A cycle through an operand
  (``a = ${{$a}=={}}``) therefore never meets the limit: Postfix recurses until
  it crashes with a stack overflow (SIGSEGV, measured).  :func:`expand` reports
  it as a ``nesting`` error.
* An error does not undo earlier work, and the first error wins: ``$x$`` first
  expands ``$x`` (which may fail in its own way), then fails on the bare ``$``.

The language differs between releases (``../shared/reference/versions/expansion.tsv``);
a :class:`Dialect` says which release's rules apply, and every entry point
takes one (``dialect=``; the default is 3.6 - 3.10's, :data:`DIALECT_3_6`):

* ``<level`` and the other compatibility-level operators exist from 3.6
  (``compat_level_relop_register()``); in 3.5 the suffix is text where
  ``{`` is expected: ``"{expression}" expected at: "...{a} <>>>level ..."``;
* the named functions ``${domain_to_ascii{text}}`` and
  ``${domain_to_utf8{text}}`` exist from 3.11 (``src/util/mac_midna.c``,
  registered by ``mail_params_init()`` and postconf): before, ``{`` after a
  name is an ``attribute name syntax error``; from 3.11 an unregistered name
  is ``unknown function "NAME" at"...>>>NAME{ARG}"`` and text after the call
  is ``unexpected input at: "...ARG}>>>TEXT"``.  The argument is expanded
  and trimmed; the IDNA conversion of a non-ASCII argument is approximated
  with Python's ``idna`` codec (ICU's UTS 46 in Postfix), and a conversion
  failure is not reported.

How it is built:

* The top level of every string that is expanded as a whole (the value, and
  each looked-up value) is tokenised by the Lark grammar ``grammar/macro.lark``.
* ``mac_expand_callback()`` then interprets each ``${...}`` body by hand, and
  calls ``mac_parse()`` again on parts of that body (``?``/``:`` results,
  relational operands).  Those parts are tokenised by :func:`_scan` instead,
  with a precomputed bracket-matching table: re-running a Lark parse on each
  nested part would re-read every nested bracket at each level, quadratic time
  for ``${x?{${x?{...}}}}`` or ``${{${{...}=={}}}=={}}`` nested thousands deep.
  ``tests/test_macro.py`` checks that both tokenisers agree on arbitrary text.
* The evaluator never recurses in Python: the steps are generators driven by an
  explicit stack (:meth:`_Machine._run`), so nesting depth is bounded only by
  memory (relational operands may nest without limit in Postfix too).
* Hostile input stays bounded: the expansion of a looked-up value is memoised
  per (value, nesting level), every output buffer is capped at ``max_size``,
  and the total work is capped at ``_WORK_FACTOR * max_size`` steps.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterator

from postfix_lint.postfix.text import CHARS_SPACE, strtol

__all__ = ["MacroSyntaxError", "ExpansionError", "has_macros", "references", "check_syntax", "expand", "scan",
           "Dialect", "DIALECT_3_5", "DIALECT_3_6", "DIALECT_3_11", "dialect_for"]

MAX_NESTING = 100  # mac_expand_callback(): "if (mc->level++ > 100)"
_WORK_FACTOR = 8  # steps allowed per character of max_size
#: A value with more "$" than this is not expanded (an ExpansionError of kind
#: "size"): each "$" costs microseconds here, so a 10 MB line of "$x" would
#: keep the linter busy for minutes.  Real values have a handful.
MAX_DOLLARS = 100_000


_NAME_RE = re.compile(r"[A-Za-z0-9_]*")
_OP_CHARS_RE = re.compile(r"[<>!=?+\-*/~&|%]*")  # strspn(cp, "<>!=?+-*/~&|%")
_BRACKETS_RE = re.compile(r"[{}()]")
_OPERATORS = ("==", "!=", "<", "<=", ">=", ">")
# MAC_EXP_OP_STR_ANY, including its stray quotes: it prints
# "==" or "!="" or "<"" or "<="" or ">="" or ">"
_OP_EXPECTED = '"==" or "!="' + "".join(f'" or "{op}"' for op in _OPERATORS[2:])
_ALNUM_RE = re.compile(r"[A-Za-z0-9]*")  # ISALNUM() run after an operator
#: Operator suffixes every Postfix 3.6+ program registers (compat_level_relop_register()
#: in src/global/compat_level.c): ``${{$compatibility_level} <level {3.6} ? ...}``
#: compares compatibility levels; the built-in defaults of e.g. relay_domains use it.
_SUFFIXES = ("level",)
_FUNCTIONS = ("domain_to_ascii", "domain_to_utf8")


class Dialect:
    """The ``$`` language of one release: ``operator_suffixes`` (('level',) from 3.6, () in 3.5) and
    ``named_functions`` (domain_to_ascii, domain_to_utf8 from 3.11; empty before).  Immutable."""

    __slots__ = ("operator_suffixes", "named_functions")

    def __init__(self, operator_suffixes=_SUFFIXES, named_functions=()) -> None:
        object.__setattr__(self, "operator_suffixes", tuple(operator_suffixes))
        object.__setattr__(self, "named_functions", frozenset(named_functions))

    def __setattr__(self, key, value):
        raise AttributeError("Dialect is immutable")

    def __eq__(self, other):
        return (other.__class__ is Dialect and self.operator_suffixes == other.operator_suffixes
                and self.named_functions == other.named_functions)

    def __hash__(self):
        return hash((self.operator_suffixes, self.named_functions))

    def __repr__(self):
        return f"Dialect({self.operator_suffixes!r}, {sorted(self.named_functions)!r})"


#: Postfix 3.5: no operator suffixes, no named functions.
DIALECT_3_5 = Dialect((), ())
#: Postfix 3.6 - 3.10: ``<level`` and friends.
DIALECT_3_6 = Dialect(_SUFFIXES, ())
#: Postfix 3.11 and later: also ``${domain_to_ascii{...}}`` and ``${domain_to_utf8{...}}``.
DIALECT_3_11 = Dialect(_SUFFIXES, _FUNCTIONS)


def dialect_for(profile) -> Dialect:
    """The dialect of a release profile (anything with ``operator_suffixes`` and ``named_functions``)."""
    suffixes, functions = tuple(profile.operator_suffixes), frozenset(profile.named_functions)
    for known in (DIALECT_3_6, DIALECT_3_11, DIALECT_3_5):
        if known.operator_suffixes == suffixes and known.named_functions == functions:
            return known
    return Dialect(suffixes, functions)
_LONG_MAX = (1 << 63) - 1  # LP64
_LONG_DIGITS = len(str(_LONG_MAX))


class MacroSyntaxError(Exception):
    """A syntax error that Postfix reports while parsing a value.

    ``message`` is Postfix's warning text (without ``warning:``); ``offset`` is
    the 0-based index in the value where the problem is (best effort).
    """

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class ExpansionError(Exception):
    """An expansion that Postfix would refuse (``macro processing error``).

    ``kind`` is ``"syntax"`` (a warning listed under :class:`MacroSyntaxError`,
    or the fatal ``mac_exp_eval: bad conversion``), ``"nesting"`` (the
    100-level limit, or endless recursion) or ``"size"`` (the output or the
    work exceeded the ``max_size`` budget of :func:`expand`; Postfix has no
    such limit).  ``name`` is the parameter whose value was being expanded
    when it failed (``None`` for the value given to :func:`expand`), and
    ``offset`` the index in that value.
    """

    def __init__(self, kind: str, message: str, name: str | None = None, offset: int = 0) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.name = name
        self.offset = offset


def has_macros(value: str) -> bool:
    """Whether ``value`` may need expansion at all (the fast path)."""
    return "$" in value


def references(value: str, dialect: Dialect = DIALECT_3_6) -> list[tuple[str, int]]:
    """Every parameter name ``value`` refers to, with the offset of the name.

    Names are listed in the order Postfix looks them up with
    ``MAC_EXP_FLAG_SCAN``: ``$x``, ``${x}``, ``$(x)``, ``${x?...}``, ``${x:...}``
    and the names inside ``?``/``:`` results and relational operands, all
    branches included.  ``${ }`` and ``${?x}`` look up the empty name ``""``,
    as Postfix does.

    Raises :class:`MacroSyntaxError` for ``mac_parse()`` errors (empty name,
    truncated reference) and ``mac_expand_callback()`` errors (bad name
    characters, bad operator, unbalanced ``{}``, junk after an operand, more
    than 100 levels of nesting written inside the value).  Errors that depend
    on other parameters' values (cycles, long chains, numeric overflow in a
    comparison) are found by :func:`expand` only.
    """
    if "$" not in value:
        return []
    machine = _Machine(None, scan=True, dialect=dialect)
    try:
        machine.run(value)
    except ExpansionError as exc:
        raise MacroSyntaxError(exc.message, exc.offset) from None
    return machine.refs


def check_syntax(value: str, dialect: Dialect = DIALECT_3_6) -> MacroSyntaxError | None:
    """The error :func:`references` would raise for ``value``, or ``None``."""
    try:
        references(value, dialect)
    except MacroSyntaxError as exc:
        return exc
    return None


def expand(value: str, lookup: Callable[[str], str | None], *, max_size: int = 1 << 20,
           dialect: Dialect = DIALECT_3_6) -> str:
    """Expand ``value`` as ``dict_eval(..., RECURSIVE)`` does in a daemon.

    ``lookup(name)`` returns a parameter's raw value, or ``None`` when it is
    undefined (which expands to nothing).  Looked-up values are expanded in
    turn.  Raises :class:`ExpansionError` where Postfix fails (or, for
    ``kind="size"``, where the result or the work would exceed ``max_size``).
    """
    if "$" not in value:
        return value
    return _Machine(lookup, max_size=max_size, dialect=dialect).run(value)


# ---------------------------------------------------------------------------
# Tokenisation (mac_parse)

# Token tuples: (_LIT, offset, text) with "$$" already turned into "$" and
# adjacent text merged (one MAC_PARSE_LITERAL callback); (_EXPR, start, end) for
# the body of $name / ${...} / $(...) (one MAC_PARSE_EXPR callback); and the
# two errors after which mac_parse() stops: (_EMPTY, offset of "$") for a "$"
# without a name and for "${}" / "$()", and (_TRUNCATED, offset of "$").
_LIT, _EXPR, _EMPTY, _TRUNCATED = range(4)


def _lark():
    """The LALR parser for grammar/macro.lark, built on first use."""
    from postfix_lint.read import grammar  # the one grammar loader (it imports nothing of the package)

    return grammar.load("macro.lark", start="value", parser="lalr", lexer="contextual")


def _lark_tokens(text: str) -> list[tuple]:
    """Tokenise a whole string with the Lark grammar."""
    tokens: list[tuple] = []
    items = _lark().parse(text).children
    literal: list[str] = []
    literal_at = 0
    for i, item in enumerate(items):
        kind = getattr(item, "type", None)
        if kind in ("LITERAL", "DOLLARS"):
            if not literal:
                literal_at = item.start_pos
            literal.append("$" if kind == "DOLLARS" else str(item))
            continue
        if literal:
            tokens.append((_LIT, literal_at, "".join(literal)))
            literal = []
        if kind == "NAME_REF":
            tokens.append((_EXPR, item.start_pos + 1, item.end_pos))
        elif kind == "EMPTY_NAME":
            tokens.append((_EMPTY, item.start_pos))
            return tokens
        else:  # a subtree whose first child is the CURLY_OPEN / PAREN_OPEN token
            start = _start_pos(item)
            if item.data == "truncated":
                tokens.append((_TRUNCATED, start))
                return tokens
            end = _start_pos(items[i + 1]) if i + 1 < len(items) else len(text)
            if end - start == 3:  # "${}" or "$()"
                tokens.append((_EMPTY, start))
                return tokens
            tokens.append((_EXPR, start + 2, end - 1))
    if literal:
        tokens.append((_LIT, literal_at, "".join(literal)))
    return tokens


def _start_pos(item) -> int:
    """Where a top-level item (a Token, or a subtree led by one) starts."""
    return item.children[0].start_pos if hasattr(item, "children") else item.start_pos


class _Source:
    """A string that mac_parse() sees as a whole, plus what is derived from it."""

    __slots__ = ("text", "_tokens", "_match")

    def __init__(self, text: str) -> None:
        self.text = text
        self._tokens: list[tuple] | None = None
        self._match: dict[int, int] | None = None

    def tokens(self, start: int, end: int) -> Iterator[tuple] | list[tuple]:
        """mac_parse() tokens of text[start:end]."""
        if start == 0 and end == len(self.text):
            if self._tokens is None:
                text = self.text
                self._tokens = _lark_tokens(text) if "$" in text else [(_LIT, 0, text)] if text else []
            return self._tokens
        return _scan(self, start, end)

    def close(self, pos: int, end: int) -> int:
        """Index of the bracket closing the one at ``pos``, or -1 if none before ``end``.

        Plain counting of that bracket type only, as both mac_parse() and
        mac_exp_extract_curly_payload() do.
        """
        if self._match is None:
            match: dict[int, int] = {}
            stacks: dict[str, list[int]] = {"{": [], "(": []}
            for m in _BRACKETS_RE.finditer(self.text):
                ch, at = m.group(), m.start()
                if ch in stacks:
                    stacks[ch].append(at)
                else:
                    stack = stacks["{" if ch == "}" else "("]
                    if stack:
                        match[stack.pop()] = at
            self._match = match
        close = self._match.get(pos, -1)
        return close if close < end else -1


@functools.lru_cache(maxsize=4096)
def _source(text: str) -> _Source:
    return _Source(text)


def _scan(src: _Source, start: int, end: int) -> Iterator[tuple]:
    """mac_parse() tokens of src.text[start:end], without Lark (see module doc)."""
    text = src.text
    literal: list[str] = []
    literal_at = start
    i = start
    while i < end:
        dollar = text.find("$", i, end)
        if dollar < 0:
            dollar = end
        if dollar > i:
            if not literal:
                literal_at = i
            literal.append(text[i:dollar])
            i = dollar
            continue
        nxt = text[i + 1] if i + 1 < end else ""
        if nxt == "$":
            if not literal:
                literal_at = i
            literal.append("$")
            i += 2
            continue
        if literal:
            yield (_LIT, literal_at, "".join(literal))
            literal = []
        if nxt in ("{", "("):
            close = src.close(i + 1, end)
            if close < 0:
                yield (_TRUNCATED, i)
                return
            if close == i + 2:  # "${}" or "$()"
                yield (_EMPTY, i)
                return
            yield (_EXPR, i + 2, close)
            i = close + 1
        else:
            name_end = _NAME_RE.match(text, i + 1, end).end()
            if name_end == i + 1:
                yield (_EMPTY, i)
                return
            yield (_EXPR, i + 1, name_end)
            i = name_end
    if literal:
        yield (_LIT, literal_at, "".join(literal))


# ---------------------------------------------------------------------------
# Evaluation (mac_expand, mac_expand_callback)


class _Buffer:
    """An output VSTRING with the size cap."""

    __slots__ = ("parts", "size", "machine")

    def __init__(self, machine: "_Machine") -> None:
        self.parts: list[str] = []
        self.size = 0
        self.machine = machine

    def append(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)
            self.machine.spend(len(text))
            if self.size > self.machine.max_size:
                limit = self.machine.max_size
                raise self.machine.error("size", f"expansion is longer than {limit} characters", 0)

    def value(self) -> str:
        return "".join(self.parts)


class _Machine:
    """One mac_expand() call: expansion (lookup given) or scan (``scan=True``)."""

    def __init__(self, lookup, *, scan: bool = False, max_size: int = 1 << 20,
                 dialect: Dialect = DIALECT_3_6) -> None:
        self.lookup = lookup
        self.suffixes = dialect.operator_suffixes
        self.functions = dialect.named_functions
        self.scan = scan
        self.max_size = max_size
        self.work_left = _WORK_FACTOR * max_size
        self.refs: list[tuple[str, int]] = []
        self.names: list[str] = []  # parameters whose values are being expanded
        self.values: dict[str, str | None] = {}  # lookup() results
        self.memo: dict[tuple[str, int], str] = {}  # (value, level) -> expansion
        self.active: set[tuple[str, int]] = set()

    # -- driver ------------------------------------------------------------

    def run(self, value: str) -> str:
        out = _Buffer(self)
        src = _source(value)
        self._run(self._parse(src, 0, len(value), 0, out))
        return out.value()

    @staticmethod
    def _run(gen) -> None:
        """Run a step generator without Python recursion.

        A step yields a sub-step (another generator) to have it run to
        completion; the sub-step's return value is sent back as the value of
        the ``yield``.
        """
        stack = [gen]
        value = None
        while stack:
            try:
                sub = stack[-1].send(value)
            except StopIteration as stop:
                stack.pop()
                value = stop.value
            else:
                stack.append(sub)
                value = None

    def spend(self, units: int) -> None:
        self.work_left -= units
        if self.work_left < 0:
            raise self.error("size", f"expansion needs more than {_WORK_FACTOR * self.max_size} steps", 0)

    def error(self, kind: str, message: str, offset: int) -> ExpansionError:
        return ExpansionError(kind, message, self.names[-1] if self.names else None, offset)

    def _nesting(self, buf: str, offset: int) -> ExpansionError:
        return self.error("nesting", f'unreasonable macro call nesting: "{buf}"', offset)

    # -- mac_parse() -------------------------------------------------------

    def _parse(self, src: _Source, start: int, end: int, level: int, out: _Buffer):
        if start == 0 and end == len(src.text) and src.text.count("$") > MAX_DOLLARS:
            raise self.error("size", f'more than {MAX_DOLLARS} "$" in one value', 0)
        for token in src.tokens(start, end):
            kind = token[0]
            self.spend(1)
            if kind == _LIT:
                if level > MAX_NESTING:
                    raise self._nesting(token[2], token[1])
                if not self.scan:
                    out.append(token[2])
            elif kind == _EXPR:
                yield self._callback(src, token[1], token[2], level, out)
            elif kind == _EMPTY:
                raise self.error("syntax", f'empty macro name: "{src.text[start:end]}"', token[1])
            else:
                raise self.error("syntax", f'truncated macro reference: "{src.text[start:end]}"', token[1])

    # -- mac_expand_callback() for one ${...} body -------------------------

    def _callback(self, src: _Source, start: int, end: int, level: int, out: _Buffer):
        text = src.text
        if level > MAX_NESTING:
            raise self._nesting(text[start:end], start)
        level += 1
        cp = _skip_space(text, start, end)
        name = None
        if cp < end and text[cp] == "{":  # relational expression
            value, cp = yield self._relational(src, cp, end)
            ch = ""
            if cp < end:
                ch = text[cp]
                if ch not in "?:":
                    raise self.error("syntax", f'"?" or ":" expected at: "...}}>>>{text[cp:end][:20]}"', cp)
                cp += 1
        else:  # named parameter: [A-Za-z0-9_]*, whitespace, then "?", ":" or the end
            name_at = cp
            cp = _NAME_RE.match(text, cp, end).end()
            name = text[name_at:cp]
            after = _skip_space(text, cp, end)
            if after == end:
                ch = ""
            elif self.functions and text[after] == "{":  # 3.11+: ${name{argument}}
                yield self._function(src, start, name_at, name, after, end, level, out)
                return
            elif text[after] in "?:":
                ch = text[after]
                cp = after + 1
            else:
                raise self.error(
                    "syntax", f'attribute name syntax error at: "...{text[start:cp]}>>>{text[cp:end][:20]}"', cp
                )
            value = self._lookup(name, name_at)

        if ch == "?":
            res_start, res_end, cp = self._operand(src, cp, end)
            if value or self.scan:
                yield self._parse(src, res_start, res_end, level, out)
            if cp == end:
                return
            if text[cp] != ":":
                raise self.error(
                    "syntax", f'":" expected at: "...{text[res_start:res_end]}}}>>>{text[cp:end][:20]}"', cp
                )
            cp += 1
            ch = ":"
        if ch == ":":
            res_start, res_end, cp = self._operand(src, cp, end)
            if not value or self.scan:
                yield self._parse(src, res_start, res_end, level, out)
            if cp != end:
                raise self.error(
                    "syntax", f'unexpected input at: "...{text[res_start:res_end]}}}>>>{text[cp:end][:20]}"', cp
                )
        elif value and not self.scan:  # MAC_EXP_FLAG_RECURSE
            yield self._expand_value(value, level, out, name)

    def _function(self, src: _Source, start: int, name_at: int, name: str, at: int, end: int, level: int,
                  out: _Buffer):
        """A 3.11+ named function call ``name{argument}`` (mac_expand.c with mac_midna.c's functions)."""
        text = src.text
        if name not in self.functions:
            raise self.error("syntax", f'unknown function "{name}" at"...>>>{text[name_at:end]}"', name_at)
        arg_start, arg_end, cp = self._curly_payload(src, at, end)
        if cp != end:
            raise self.error(
                "syntax", f'unexpected input at: "...{text[arg_start:arg_end]}}}>>>{text[cp:end][:20]}"', cp)
        buf = _Buffer(self)
        yield self._parse(src, arg_start, arg_end, level, buf)
        if not self.scan:
            out.append(_idna(name, buf.value().strip(" \t\r\n")))

    def _operand(self, src: _Source, cp: int, end: int) -> tuple[int, int, int]:
        """A ?/: result: ``{payload}`` (whitespace around it ignored) or the rest.

        Returns (start, end, position after it).
        """
        at = _skip_space(src.text, cp, end)
        if at < end and src.text[at] == "{":
            return self._curly_payload(src, at, end)
        return cp, end, end

    def _curly_payload(self, src: _Source, at: int, end: int) -> tuple[int, int, int]:
        """mac_exp_extract_curly_payload(): the text inside the braces at ``at``."""
        close = src.close(at, end)
        if close < 0:
            raise self.error("syntax", f'unbalanced {{}} in attribute expression: "{src.text[at:end]}"', at)
        return at + 1, close, _skip_space(src.text, close + 1, end)

    def _lookup(self, name: str, offset: int) -> str | None:
        if self.scan:
            self.refs.append((name, offset))
            return None
        if name not in self.values:
            self.values[name] = self.lookup(name)
        return self.values[name]

    def _expand_value(self, value: str, level: int, out: _Buffer, name: str | None):
        """mac_parse() of the value of ``name`` (or of a relational result).

        Memoised per nesting level: the result depends on nothing else.
        """
        key = (value, level)
        done = self.memo.get(key)
        if done is None:
            if key in self.active:
                # Only a relational operand restarts the level count, so this
                # is a loop through one; Postfix recurses until it crashes.
                raise self.error(
                    "nesting",
                    f'endless macro recursion through a relational operand: "{name}"'
                    " (Postfix crashes with a stack overflow)",
                    0,
                )
            self.active.add(key)
            if name is not None:
                self.names.append(name)
            buf = _Buffer(self)
            yield self._parse(_source(value), 0, len(value), level, buf)
            if name is not None:
                self.names.pop()
            self.active.discard(key)
            done = self.memo[key] = buf.value()
        out.append(done)

    # -- mac_exp_parse_relational() ----------------------------------------

    def _relational(self, src: _Source, cp: int, end: int):
        """The value ("true", "" or, when scanning, None) and the position after it."""
        text = src.text
        left_start, left_end, cp = self._curly_payload(src, cp, end)
        op_len = _OP_CHARS_RE.match(text, cp, end).end() - cp
        op = text[cp : cp + op_len]
        if op not in _OPERATORS:
            left = text[left_start:left_end]
            raise self.error("syntax", f'{_OP_EXPECTED} expected at: "...{left}}}>>>{text[cp:end][:20]}"', cp)
        cp += op_len
        suffix = ""
        # "<level": a custom operator (3.6+; in 3.5 the suffix is where "{" is expected)
        if self.suffixes and cp < end and text[cp].isascii() and text[cp].isalnum():
            suffix_end = _ALNUM_RE.match(text, cp, end).end()
            suffix = text[cp:suffix_end]
            if suffix not in self.suffixes:
                raise self.error("syntax", f'bad operator suffix at: "...{op}>>>{suffix}"', cp)
            cp = suffix_end
        at = _skip_space(text, cp, end)
        if at == end or text[at] != "{":
            left = text[left_start:left_end]
            raise self.error(
                "syntax", f'"{{expression}}" expected at: "...{{{left}}} {op}>>>{text[cp:end][:20]}"', cp
            )
        right_start, right_end, cp = self._curly_payload(src, at, end)
        # Each operand gets a fresh mac_expand(): the nesting level restarts at 0.
        left_buf, right_buf = _Buffer(self), _Buffer(self)
        yield self._parse(src, left_start, left_end, 0, left_buf)
        yield self._parse(src, right_start, right_end, 0, right_buf)
        if self.scan:
            return None, cp
        compare = _compare_levels if suffix else _compare
        return ("true" if compare(self, left_buf.value(), op, right_buf.value()) else ""), cp


def _idna(function: str, argument: str) -> str:
    """domain_to_ascii / domain_to_utf8 (mac_midna.c): an all-ASCII (resp. non-ASCII) argument is kept;
    otherwise Python's IDNA 2003 codec stands in for ICU, and a failure keeps the argument."""
    try:
        if function == "domain_to_ascii" and not argument.isascii():
            return argument.encode("idna").decode("ascii")
        if function == "domain_to_utf8" and argument.isascii() and "xn--" in argument.lower():
            return argument.encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        pass
    return argument


def _compare(machine: _Machine, left: str, op: str, right: str) -> bool:
    """mac_exp_eval(): numeric if both sides are all digits, else strcmp()."""
    if left.isascii() and right.isascii() and left.isdigit() and right.isdigit():
        numbers = []
        for operand in (left, right):
            # More digits than LONG_MAX has are out of range; int() of a long run
            # is slow and refuses more than 4300 digits, leading zeros included.
            digits = operand.lstrip("0") or "0"
            if len(digits) > _LONG_DIGITS or int(digits) > _LONG_MAX:  # atol_or_die() -> msg_fatal()
                raise machine.error("syntax", f"mac_exp_eval: bad conversion: {operand}", 0)
            numbers.append(int(digits))
        delta = numbers[0] - numbers[1]
    else:
        delta = (left > right) - (left < right)
    return _outcome(op, delta)


def _compat_level(machine: _Machine, text: str) -> int:
    """compat_level_from_string(): "major[.minor[.patch]]" as one comparable number."""
    limits = (_LONG_MAX >> 20, 0x3FF, 0x3FF)
    result, rest = 0, text
    for i, limit in enumerate(limits):
        number, rest = _strtol(rest)
        if number is None or not 0 <= number <= limit or (rest and (rest[0] != "." or i == 2)):
            raise machine.error("syntax", f'malformed compatibility level syntax: "{text}"', 0)
        result |= number << (20 - 10 * i)
        if not rest:
            return result
        rest = rest[1:]
    raise machine.error("syntax", f'malformed compatibility level syntax: "{text}"', 0)  # pragma: no cover


def _strtol(text: str):
    """strtol(text, &end, 10) for compat_level_from_string(): (number or None, rest)."""
    number, end, had_digits, overflow = strtol(text)
    if not had_digits:
        return None, text
    return (None if overflow else number), text[end:]


def _compare_levels(machine: _Machine, left: str, op: str, right: str) -> bool:
    """compat_relop_eval(): a malformed level is a warning and a macro processing error."""
    delta = _compat_level(machine, left) - _compat_level(machine, right)
    return _outcome(op, delta)


def _outcome(op: str, delta: int) -> bool:
    if op == "==":
        return delta == 0
    if op == "!=":
        return delta != 0
    if op == "<":
        return delta < 0
    if op == "<=":
        return delta <= 0
    return delta >= 0 if op == ">=" else delta > 0


def _skip_space(text: str, cp: int, end: int) -> int:
    while cp < end and text[cp] in CHARS_SPACE:  # MAC_EXP_WHITESPACE
        cp += 1
    return cp


def scan(value: str, dialect: Dialect = DIALECT_3_6) -> "tuple[list[tuple[str, int]], MacroSyntaxError | None]":
    """The names ``mac_expand(MAC_EXP_FLAG_SCAN)`` visits, and the syntax error it stops at.

    Like :func:`references`, but the names found before a syntax error are
    kept: postconf handles them before it warns.  (name, offset of the name
    in ``value``) pairs, in order; the linter's own size budget is not an error.
    """
    if "$" not in value:
        return [], None
    machine = _Machine(None, scan=True, dialect=dialect)
    try:
        machine.run(value)
    except ExpansionError as exc:
        if exc.kind == "size":  # the linter's own budget, not a Postfix error
            return list(machine.refs), None
        return list(machine.refs), MacroSyntaxError(exc.message, exc.offset)
    return list(machine.refs), None
