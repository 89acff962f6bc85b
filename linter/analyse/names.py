"""Which main.cf names Postfix knows: postconf's "unused" and "undefined" logic.

``postconf`` (any mode that reads main.cf, e.g. ``postconf -n``) warns
``unused parameter: NAME=VALUE`` for a main.cf name that is in none of these
(``src/postconf/postconf_unused.c``):

1. the built-in names, including the legacy names that only appear in
   defaults such as ``virtual_alias_maps = $virtual_maps``
   (``postconf_builtin.c``);
2. the names derived from master.cf services run by a delivery agent,
   ``<service>_destination_concurrency_limit`` and the like
   (``postconf_service.c``; see :mod:`postfix_lint.read.master_cf`);
3. user-defined names that have a ``name = value`` entry **and** are used
   (``postconf_user.c``):

   - referenced as ``$name`` (any branch of ``${x?...}``/``${x:...}``) in the
     value of any main.cf entry -- also an unused one -- except read-only and
     "raw" parameters, whose values postconf does not scan; or in a master.cf
     ``-o`` value;
   - listed in ``smtpd_restriction_classes`` (after ``$`` expansion against
     main.cf alone) in main.cf or in a master.cf ``-o``;
   - a legacy database client setting ``<table>_<suffix>`` for a table named
     ``ldap:<table>`` (``mysql:``, ``pgsql:``, ``sqlite:``, ``memcache:``) in
     the value of a built-in or service-derived parameter set in main.cf or
     with ``-o``, after postconf's ``-x``-style expansion of that value
     (``postconf_dbms.c``).

The same walk warns ``undefined parameter: NAME`` for each ``$NAME`` (and
each restriction class name) that is neither set in main.cf, nor set with
``-o`` in master.cf, nor a known name (1, 2).  Database client names never
get that warning.  Read-only names (``process_id``, ``process_name``,
``service_name``) get ``read-only parameter assignment`` and are dropped.

Measured differences from the Postfix 3.7 source comments, all checked with
the installed ``postconf`` (``tests/test_differential_postconf.py``):
database names are registered only from the values of built-in and
service-derived parameters (not from user-defined ones), ``#`` is not a
comment there (3.5 - 3.7: the word is skipped; 3.8+: postconf warns and stops
looking in that value, measured with 3.10 and 3.11), and an inline table
``pcre:{...}`` is searched too.
postconf also scans the defaults of unset parameters; the names those
defaults refer to are all built-in or legacy names, so that step can never
make a user-defined name valid (``tests/test_name_rules.py`` checks this).

One thing cannot be reproduced: postconf deletes read-only entries as its
walk over a hash table meets them, and the table order is randomised per
run.  A value that refers to a read-only name set in main.cf (``a =
$process_name`` with ``process_name = ${x``) makes postconf exit on some
runs only (measured: 3 runs of 8).  The walk here drops read-only entries
first, which is what the daemons see.

:func:`analyse` runs the walk once per document, with the release profile of
its :class:`~postfix_lint.analyse.definitions.Definitions` (the names, the
read-only and legacy names and the ``$`` dialect of the target release, or
of every release 3.5 - 3.12 at once); the name rules (PF110-PF113) read the
result.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set, Tuple

from postfix_lint.analyse.definitions import Definitions
from postfix_lint.read.master_cf import MasterCf, Option, Service, split_braced
from postfix_lint.postfix import macro, params
from postfix_lint.postfix.macro import scan
from postfix_lint.postfix.text import LIST_SEPARATORS as _SEPARATORS
from postfix_lint.postfix.text import extpar, find_word, mystrtok
from postfix_lint.read.document import Document, Entry

__all__ = ["Analysis", "Use", "Undefined", "MasterUndefined", "analyse", "scan", "DBMS_TYPES", "RESTRICTION_CLASSES"]

RESTRICTION_CLASSES = "smtpd_restriction_classes"
DBMS_TYPES = params.DBMS_TYPES


# A Use per entry that refers to a user-defined name; without a __dict__
# (Python >= 3.10) a million-line file takes 10 MB less.
_SLOTS = {"slots": True} if sys.version_info >= (3, 10) else {}


@dataclass(frozen=True, **_SLOTS)
class Use:
    """Why a user-defined name counts as used (the first reason found)."""

    how: str  # "reference", "restriction class", "database", "master.cf"
    entry: Optional[Entry] = None  # the main.cf entry whose value uses it
    service: str = ""  # the master.cf service, for uses in master.cf
    detail: str = ""  # e.g. "ldap:mytable"


@dataclass(frozen=True)
class Undefined:
    """A ``$name`` (or restriction class name) postconf calls undefined."""

    name: str
    entry: Entry  # the main.cf entry whose value holds the reference
    offset: int  # where the name (or the $reference that produced it) starts in entry.value
    how: str = "reference"  # or "restriction class"
    length: int = 0  # characters from offset; 0: len(name), at least 1


@dataclass(frozen=True)
class MasterUndefined:
    """A ``$name`` (or restriction class name) in a master.cf ``-o`` value that postconf calls undefined.

    postconf prints ``DIR/master.cf: undefined parameter: NAME`` for it
    (``pcf_flag_user_parameter()`` with the service's local scope).
    ``option``: the ``-o`` setting (with its spans) whose value holds it;
    ``offset``: where the reference starts in the value (-1: unknown).
    """

    name: str
    service: Service
    option: Option
    offset: int = -1
    how: str = "reference"


@dataclass
class Analysis:
    """The outcome of postconf's name walk over one main.cf (+ master.cf)."""

    doc: Document
    master: MasterCf
    used: Dict[str, Use] = field(default_factory=dict)  # user-defined names that count as used
    undefined: List[Undefined] = field(default_factory=list)
    read_only: List[Entry] = field(default_factory=list)
    unused: List[Entry] = field(default_factory=list)
    #: name -> the macro syntax error in its value (a MacroSyntaxError)
    syntax_errors: Dict[str, macro.MacroSyntaxError] = field(default_factory=dict)
    #: Why ``postconf`` itself would exit (macro processing error while it
    #: evaluates a value); empty when it runs to the end.
    postconf_fatal: List[str] = field(default_factory=list)
    definitions: Optional[Definitions] = field(default=None, repr=False)
    #: master.cf: the ``$name`` references in -o values that resolve nowhere
    master_undefined: List[MasterUndefined] = field(default_factory=list)
    #: master.cf: (service scope, option) for each -o name postconf calls
    #: ``master.cf: unused parameter`` (``pcf_flag_unused_master_parameters()``)
    master_unused: List[Tuple[Service, Option]] = field(default_factory=list)
    #: (service, type) -> how many times postconf prints each warning of that scope: entries with
    #: the same name and type share one -o dictionary, and every entry from the first one with
    #: -o settings on walks it again (``pcf_parse_master_entry()`` reuses the registered dictionary)
    master_repeats: Dict[Tuple[str, str], int] = field(default_factory=dict)
    #: names that only master.cf -o sets, referenced from main.cf: postconf registers them globally
    _global_from_master: Set[str] = field(default_factory=set, repr=False)
    #: (service, type) -> the -o names that scope's own values use (its ``valid_names``)
    _local_used: Dict[Tuple[str, str], Set[str]] = field(default_factory=dict, repr=False)
    _dropped: Set[str] = field(default_factory=set, repr=False)  # read-only names, deleted like postconf does

    def __post_init__(self) -> None:
        if self.definitions is None:
            self.definitions = Definitions(self.master)
        self.dialect = macro.dialect_for(self.definitions.profile)
        release = self.definitions.profile.release
        #: 3.8+ postconf stops looking for database names at a word that starts with "#" (after its
        #: "#comment after other text" warning); 3.5 - 3.7 skip that word and go on.  No target: go on
        #: (a name some release registers is not unknown).
        self.comment_ends_dbms_scan = release is not None and release.at_least("3.8")

    # -- what postconf knows: see postfix_lint.analyse.definitions --------
    def kind(self, name: str) -> str:
        """'builtin', 'legacy', 'service' or '' (not a Postfix name with this master.cf)."""
        return self.definitions.kind(name)

    def param(self, name: str) -> Optional[params.Param]:
        """The definition of a known (built-in or service-derived) name."""
        return self.definitions.definition(name)

    def is_known(self, name: str) -> bool:
        return self.definitions.is_known(name)

    def is_used(self, name: str) -> bool:
        """Known, or user-defined and used: what ``postconf -n`` prints."""
        return self.is_known(name) or name in self.used


class _Walker:
    """pcf_register_user_parameters() for main.cf plus the master.cf -o scopes."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        self.main = analysis.doc.last()

    # pcf_flag_user_parameter()
    def flag(self, name: str, local: Optional[Service], use: Use, dbms: bool = False,
             undefined: Optional[Callable[[], Optional[Undefined]]] = None) -> None:
        supplied = False
        if local is not None and name in local.params:
            supplied = True
            self.a._local_used.setdefault((local.name, local.type), set()).add(name)
        elif name in self.main and name not in self.a._dropped:
            supplied = True
            if not self.a.is_known(name):
                self.a.used.setdefault(name, use)
        if local is None and self.a.master.defines(name):
            supplied = True
            self.a._global_from_master.add(name)
        if not supplied and not dbms and not self.a.is_known(name) and undefined is not None:
            found = undefined()
            if isinstance(found, MasterUndefined):
                self.a.master_undefined.append(found)
            elif found is not None:
                self.a.undefined.append(found)

    def run(self) -> None:
        a = self.a
        self.restriction_classes(None)  # evaluated before anything is dropped
        # postconf deletes read-only entries as its (hash-ordered) walk meets them; doing it
        # first means a $process_name elsewhere always sees the built-in value, as it mostly
        # does in postconf and always does in the daemons
        for name, entry in self.main.items():
            p = a.param(name) if a.kind(name) == "builtin" else None
            if p is not None and p.read_only:
                a.read_only.append(entry)
                a._dropped.add(name)
        for name, entry in self.main.items():
            if name in a._dropped:
                continue
            kind = a.kind(name)
            p = a.param(name) if kind in ("builtin", "service") else None
            if p is not None and p.type == "raw":
                continue
            self.scan_value(entry.value, None, entry)
            if kind in ("builtin", "service"):
                self.databases(entry.value, None, entry)
        for service in a.master.scopes():
            if not service.options:
                continue
            self.restriction_classes(service)
            last = {o.name: o for o in service.options}
            for name, value in service.params.items():
                p = a.param(name)
                if p is not None and (p.read_only or p.type == "raw"):
                    continue
                self.scan_value(value, service, None, last[name])
                if p is not None:
                    self.databases(value, service, None)
        dropped = a._dropped
        a.unused = [e for n, e in self.main.items() if n not in dropped and not a.is_used(n)]
        if not a.master.is_default:
            for s in a.master.services:
                key = (s.name, s.type)
                if s.options or key in a.master_repeats:
                    a.master_repeats[key] = a.master_repeats.get(key, 0) + 1
            for service in a.master.scopes():
                local = a._local_used.get((service.name, service.type), set())
                last = {o.name: o for o in service.options}
                for name, option in last.items():
                    if a.is_used(name) or name in a._global_from_master or name in local:
                        continue
                    a.master_unused.append((service, option))

    def scan_value(self, value: str, local: Optional[Service], entry: Optional[Entry],
                   option: Optional[Option] = None) -> None:
        refs, error = scan(value, self.a.dialect)
        use = Use("reference", entry) if entry is not None else Use("master.cf", None, local.name if local else "")
        for ref, offset in refs:
            if entry is not None:
                make = lambda r=ref, o=offset: Undefined(r, entry, o)
            elif local is not None and option is not None:
                make = lambda r=ref, o=offset: MasterUndefined(r, local, option, o)
            else:
                make = None
            self.flag(ref, local, use, undefined=make)
        if error is not None and entry is not None:
            self.a.syntax_errors.setdefault(entry.name, error)

    def restriction_classes(self, local: Optional[Service]) -> None:
        """smtpd_restriction_classes, expanded against its own name space only (dict_eval)."""
        if local is None:
            entry = self.main.get(RESTRICTION_CLASSES)
            if entry is None:
                return
            value = entry.value
            space = {n: e.value for n, e in self.main.items()}
        else:
            if RESTRICTION_CLASSES not in local.params:
                return
            entry = None
            value = local.params[RESTRICTION_CLASSES]
            space = local.params
        try:
            expanded = macro.expand(value, space.get, dialect=self.a.dialect)
        except macro.ExpansionError as exc:
            if exc.kind != "size":
                where = "main.cf" if local is None else f"master.cf service {local.name}"
                self.a.postconf_fatal.append(
                    f"{RESTRICTION_CLASSES} in {where}: {exc.message}: dictionary mail_dict: macro processing error")
            return
        use = Use("restriction class", entry, local.name if local else "")
        after: Dict[str, int] = {}  # name -> where to look for its next literal occurrence
        made: Set[Tuple[str, int]] = set()
        for name in mystrtok(expanded, _SEPARATORS):
            make = None
            if local is not None:
                option = next(o for o in reversed(local.options) if o.name == RESTRICTION_CLASSES)
                make = lambda n=name, o=option: MasterUndefined(n, local, o, -1, "restriction class")
            if entry is not None:
                at, length = _class_position(entry.value, name, space, after.get(name, 0), self.a.dialect)
                after[name] = at + length
                if (name, at) not in made:  # a name listed twice through one $reference: one finding
                    made.add((name, at))
                    make = lambda n=name, o=at, k=length: Undefined(n, entry, o, "restriction class", k)
            self.flag(name, local, use, undefined=make)

    def databases(self, value: str, local: Optional[Service], entry: Optional[Entry]) -> None:
        """pcf_register_dbms_parameters(): expand like postconf -x, then look for ldap:name & co."""
        if "$" in value:
            try:
                value = macro.expand(value, self.lookup_x(local), dialect=self.a.dialect)
            except macro.ExpansionError as exc:
                if exc.kind != "size":
                    name = entry.name if entry is not None else f"-o in service {local.name}"
                    self.a.postconf_fatal.append(f"{name}: {exc.message}: macro processing error")
                return
        self.database_names(value, local, entry)

    def database_names(self, text: str, local: Optional[Service], entry: Optional[Entry]) -> None:
        for token in split_braced(text, _SEPARATORS):  # mystrtokq(text, ", \t\r\n", "{}")
            if token.startswith("{"):
                self.database_names(extpar(token), local, entry)
                continue
            if token.startswith("#") and self.a.comment_ends_dbms_scan:
                return
            db_type, prefix = token, None
            while ":" in db_type:
                db_type, prefix = db_type.split(":", 1)
                if db_type != "proxy":
                    break
                db_type, prefix = prefix, None
            if prefix is None or prefix.startswith(("/", ".")):
                continue  # no table name, or a client configuration file
            if prefix.startswith("{"):
                self.database_names(extpar(prefix), local, entry)
                continue
            if db_type not in DBMS_TYPES:
                continue
            use = Use("database", entry, local.name if local else "", f"{db_type}:{prefix}")
            for suffix in params.dbms_suffixes(db_type):
                self.flag(f"{prefix}_{suffix}", local, use, dbms=True)

    def lookup_x(self, local: Optional[Service]):
        """pcf_lookup_parameter_value(PCF_SHOW_EVAL): -o, then main.cf, then the default."""
        main = self.main
        a = self.a

        def lookup(name: str) -> Optional[str]:
            if local is not None and name in local.params:
                return local.params[name]
            entry = main.get(name)
            if entry is not None and name not in a._dropped:
                return entry.value
            p = a.param(name)
            if p is not None:
                return p.default
            if a.definitions.is_legacy(name):
                return ""
            return None

        return lookup


def _class_position(value: str, name: str, space: Dict[str, str], start: int = 0,
                    dialect: macro.Dialect = macro.DIALECT_3_6) -> Tuple[int, int]:
    """(offset, length) in ``value`` of a restriction class ``name``: the word itself (from
    ``start`` on), or the ``$reference`` whose expansion lists it, or else the whole value."""
    at = find_word(value, name, _SEPARATORS, start)
    if at >= 0:
        return at, len(name)
    refs, _error = scan(value, dialect)
    for ref, offset in refs:
        text = space.get(ref)
        if text is None:
            continue
        try:
            words = mystrtok(macro.expand(text, space.get, dialect=dialect), _SEPARATORS)
        except macro.ExpansionError:
            continue
        if name in words:
            return offset, max(len(ref), 1)
    return 0, len(value)


def analyse(doc: Document, master: MasterCf, definitions: Optional[Definitions] = None) -> Analysis:
    """Run postconf's name walk over ``doc`` with ``master``'s services and -o settings."""
    analysis = Analysis(doc, master, definitions=definitions)
    _Walker(analysis).run()
    return analysis
