"""The Postfix 3.7.11 parameter database: names, types, defaults, bounds, readers.

The data lives in the generated module ``postfix_lint.postfix._params_data`` (see
``scripts/gen_params.py``); it is imported the first time a function here
needs it, so ``import postfix_lint.postfix.params`` costs nothing; no other module reads it.  Lookups are O(1)
afterwards; :class:`Param` objects are built on first request and cached.

Bounds follow Postfix exactly: the source tables use 0 for "no limit" and the
checks are ``min && v < min`` / ``max && v > max``; here "no limit" is
``None``.  For ``str``/``raw``/``str_fn`` parameters the bounds are string
lengths in bytes.

Typed-value checks are in :mod:`postfix_lint.postfix.values`.
"""

from __future__ import annotations

from postfix_lint.postfix.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing, dataclasses, collections.abc cost ~20 ms to import: not at run time
    from typing import Dict, FrozenSet, Iterable, Mapping, Optional, Tuple, Union

__all__ = [
    "Param", "get", "names", "per_transport", "dbms_param", "default_services",
    "read_order", "global_order", "programs", "suggest", "version_tuple", "legacy_names", "POSTFIX_VERSION",
    "transport_pattern", "database_pattern", "dbms_suffixes", "DBMS_TYPES",
]

#: Database types whose client settings may live in main.cf (3.7: no mongodb).
DBMS_TYPES = ("ldap", "mysql", "pgsql", "sqlite", "memcache")

POSTFIX_VERSION = "3.7.11"

_FLAG_GLOBAL, _FLAG_READ_ONLY, _FLAG_HOST_SPECIFIC = 1, 2, 4


class Param(Record):
    """One parameter as Postfix 3.7.11 defines it (a frozen :class:`~postfix_lint.postfix.record.Record`).

    Fields:

    - ``name``; ``type``: 'time', 'bool', 'nbool', 'int', 'nint', 'long',
      'str', 'raw' or 'str_fn'
    - ``default``: raw (unexpanded) default as ``postconf -d`` shows it;
      see ``host_specific``
    - ``unit``: default time unit letter ('s', 'm', 'h', 'd', 'w') for time
      parameters, else None
    - ``min``, ``max``: bounds (string length in bytes for str/raw/str_fn);
      None = no limit (Postfix's 0)
    - ``readers``: programs whose start-up tables (or lazy per-transport
      reads) read it; global parameters have only ``is_global``
    - ``is_global``: read by mail_params_init() in every program (and by
      ``postfix check``), so ``$name`` resolves to its default everywhere
    - ``since``: version that introduced it ('2.1'), None when older/unknown
    - ``read_only``: process_id, process_name, service_name (Postfix sets
      them; assignments are ignored)
    - ``origin``: 'builtin', 'builtin-adhoc', 'builtin-install', 'service'
      (derived from a master.cf service name) or 'dbms'
    - ``host_specific``: the default is computed at run time or depends on
      the host (myhostname, mydomain, mynetworks, process_id, process_name)
    """

    _FIELDS = __slots__ = ("name", "type", "default", "unit", "min", "max", "readers", "is_global",
                           "since", "read_only", "origin", "host_specific")

    def __init__(self, name: str, type: str, default: str, unit: Optional[str],
                 min: Optional[int], max: Optional[int], readers: Tuple[str, ...],
                 is_global: bool, since: Optional[str], read_only: bool, origin: str,
                 host_specific: bool = False) -> None:
        self._set((name, type, default, unit, min, max, readers, is_global, since, read_only, origin,
                   host_specific))


_data = None
_objs = {}  # name -> Param
_names = None  # frozenset of names, built on first use
_orders = {}  # program -> read order
_by_length = None  # the NameIndex of names(), for suggest()
_suffixes = None  # "_" + every per-transport suffix, for per_transport()


def _load():
    global _data
    if _data is None:
        from postfix_lint.postfix import _params_data
        _data = _params_data
    return _data


def _make(name: str, row) -> Param:
    typ, default, unit, lo, hi, readers, since, flags, origin = row
    return Param(name, typ, default, unit, lo, hi, readers, bool(flags & _FLAG_GLOBAL), since,
                 bool(flags & _FLAG_READ_ONLY), origin, bool(flags & _FLAG_HOST_SPECIFIC))


def get(name: str) -> Optional[Param]:
    """The built-in parameter ``name`` (case-sensitive), or None."""
    p = _objs.get(name)
    if p is None:
        row = (_data or _load()).PARAMS.get(name)
        if row is None:
            return None
        p = _objs[name] = _make(name, row)
    return p


def names() -> FrozenSet[str]:
    """Every built-in name of Postfix 3.7.11 (``postconf -d`` with Debian's master.cf): 1043."""
    global _names
    if _names is None:
        _names = frozenset(_load().PARAMS)
    return _names


def origin(name: str) -> Optional[str]:
    """``get(name).origin`` without building the :class:`Param` (None if not built in)."""
    row = (_data or _load()).PARAMS.get(name)
    return None if row is None else row[8]


def legacy_names() -> Tuple[str, ...]:
    """Old names postconf still knows (``pcf_legacy_str_table``); not in :func:`names`.

    ``postconf -n`` prints them and does not call them unused (observed with
    virtual_maps and fallback_relay); no 3.7 daemon reads them.
    """
    return _load().LEGACY


def default_services() -> Tuple[str, ...]:
    """Services of Debian's default master.cf that postconf derives names from.

    These are the services behind the ``origin == 'service'`` names:
    bsmtp, error, ifmail, lmtp, local, maildrop, mailman, relay, retry,
    scalemail-backend, smtp, uucp, virtual.
    """
    return tuple(s for s, _ in _load().DEFAULT_SERVICES)


def default_service_commands() -> Dict[str, str]:
    """{service: command} for :func:`default_services` (``relay`` -> ``smtp``)."""
    return dict(_load().DEFAULT_SERVICES)


def per_transport(name: str, services: "Union[Iterable[str], Mapping[str, str], None]" = None) -> Optional[Param]:
    """The definition of a ``<service>_<suffix>`` name, e.g. ``relay_destination_rate_delay``.

    ``services``:
    - None: Debian's default master.cf services (:func:`default_services`);
      like postconf, a pattern only applies to a service whose command reads
      it (``<service>_time_limit`` to pipe/spawn, the others to
      local/error/virtual/smtp/lmtp/pipe).  For these the result equals
      ``get(name)``.
    - a mapping {service name: command}: the same command rule;
    - an iterable of service names: any listed service (command unknown).

    Returns None when no pattern matches a listed service.  Built-in names
    that merely look like patterns (``local_destination_concurrency_limit``)
    are returned as pattern-derived definitions too.
    """
    global _suffixes
    data = _data or _load()
    if services is None:
        row = data.PARAMS.get(name)
        if row is not None and row[8] == "service":
            return get(name)
    if _suffixes is None:
        _suffixes = tuple("_" + pattern[0] for pattern in data.TRANSPORT_PATTERNS)
    if not name.endswith(_suffixes):  # most names: no pattern can match (one C call)
        return None
    from collections.abc import Mapping

    if services is None:
        commands = dict(data.DEFAULT_SERVICES)
    elif isinstance(services, Mapping):
        commands = services
    else:
        commands = None
        services = frozenset(services)
    for suffix, typ, unit, lo, hi, default, readers, registered, since in data.TRANSPORT_PATTERNS:
        cut = _cut(name, suffix)
        if cut <= 0:
            continue
        service = name[:cut]
        if commands is not None:
            command = commands.get(service)
            if command is None or command not in registered:
                continue
        elif service not in services:
            continue
        return Param(name, typ, default, unit, lo, hi, readers, False, since, False, "service", False)
    return None


def dbms_param(name: str, tables: Iterable[Tuple[str, str]]) -> Optional[Param]:
    """Legacy main.cf-style database client settings: ``<table>_<suffix>``.

    ``tables`` are (dbtype, name) pairs from references such as
    ``ldap:ldapsource`` -> ('ldap', 'ldapsource'), which makes
    ``ldapsource_server_host`` etc. meaningful.
    """
    data = _data or _load()
    for dbtype, table in tables:
        prefix = table + "_"
        if not name.startswith(prefix):
            continue
        suffix = name[len(prefix):]
        for kind, sfx, typ, lo, hi, default in data.DBMS_PATTERNS:
            if kind == dbtype and sfx == suffix:
                return Param(name, typ, default, None, lo, hi, ("dict_" + dbtype,), False, None,
                             False, "dbms", False)
    return None


def _cut(name: str, suffix: str) -> int:
    """Where ``_suffix`` starts when ``name`` is ``<prefix>_<suffix>`` with a non-empty prefix, else 0.

    The one pattern matcher for per-transport and database client names.
    """
    cut = len(name) - len(suffix) - 1
    if cut > 0 and name[cut] == "_" and name.endswith(suffix):
        return cut
    return 0


def transport_pattern(name: str) -> "Optional[Tuple[str, str, Tuple[str, ...]]]":
    """(service, suffix, commands that read it) when ``name`` has the shape of a per-transport parameter."""
    for suffix, _typ, _unit, _lo, _hi, _default, _readers, registered, _since in _load().TRANSPORT_PATTERNS:
        cut = _cut(name, suffix)
        if cut:
            return name[:cut], suffix, registered
    return None


def database_pattern(name: str) -> "Optional[Tuple[str, str, list]]":
    """(table, suffix, [database types]) when ``name`` ends like a legacy database client setting.

    The longest matching suffix wins; every type that has it is listed.
    """
    if not _dbms_by_suffix:
        for kind, suffix, *_ in _load().DBMS_PATTERNS:
            _dbms_by_suffix.setdefault(suffix, []).append(kind)
    # the first '_' after a non-empty prefix that starts a known suffix gives the longest one
    cut = name.find("_", 1)
    while cut > 0:
        kinds = _dbms_by_suffix.get(name[cut + 1:])
        if kinds is not None:
            return name[:cut], name[cut + 1:], list(kinds)
        cut = name.find("_", cut + 1)
    return None


_dbms_by_suffix: "Dict[str, List[str]]" = {}  # client setting suffix -> database types, in table order


_dbms_suffixes = {}  # database type -> its client setting suffixes


def dbms_suffixes(db_type: str) -> "Tuple[str, ...]":
    """The ``<table>_<suffix>`` suffixes of database type ``db_type`` (``ldap``: server_host, ...)."""
    if not _dbms_suffixes:
        for kind, suffix, *_ in _load().DBMS_PATTERNS:
            _dbms_suffixes[kind] = _dbms_suffixes.get(kind, ()) + (suffix,)
    return _dbms_suffixes.get(db_type, ())


_ALIASES = {"nqmgr": "qmgr"}


def programs() -> Tuple[str, ...]:
    """Programs :func:`read_order` knows the tables of."""
    return tuple(sorted(_load().READ_ORDER))


def global_order() -> Tuple[str, ...]:
    """The parameters mail_params_init() reads, in order (the start of every :func:`read_order`)."""
    return _load().GLOBAL_ORDER


def read_order(program: str) -> Tuple[str, ...]:
    """The parameters ``program`` reads at start-up, in evaluation order.

    First the global ones of ``mail_params_init()`` (in its real order), then
    the program's own tables in the order its ``main()`` passes them to the
    ``*_server_main()`` skeleton, each table in source order.  E.g. qmgr:
    globals, then its int, str, bool and time tables (reference section 3.4).

    A daemon's dictionary holds a parameter's default only after reading it
    (reference section 2.4), so ``$name`` inside the parameter at position i
    sees defaults only of names before i.  Not included: read-only names
    (process_name, service_name are set before the tables; process_id at the
    end of mail_params_init()), libtls parameters (read only when TLS is
    turned on) and per-transport names (read lazily).  A program without
    known tables (e.g. 'postconf', 'discard') gets the global part only.
    """
    program = _ALIASES.get(program, program)
    hit = _orders.get(program)
    if hit is None:
        data = _data or _load()
        hit = data.GLOBAL_ORDER + data.READ_ORDER.get(program, ())
        _orders[program] = hit
    return hit


def suggest(name: str) -> Optional[str]:
    """Did-you-mean for an unknown name: 'mydistination' -> 'mydestination'."""
    known = names()
    if name in known:
        return None
    lower = name.lower()
    if lower in known:
        return lower
    global _by_length
    if _by_length is None:
        from postfix_lint.postfix.nearest import NameIndex

        _by_length = NameIndex(known)
    size = len(lower)
    slack = max(2, size // 6)
    return _by_length.close_match(lower, range(size - slack, size + slack + 1), 0.8)


def version_tuple(v: str) -> Tuple[int, ...]:
    """'3.7.6' -> (3, 7, 6); '2.10' -> (2, 10); '3.8-20220101' -> (3, 8)."""
    out = []
    for part in v.strip().split("."):
        digits = ""
        for ch in part:
            if "0" <= ch <= "9":
                digits += ch
            else:
                break
        if not digits:
            break
        out.append(int(digits))
        if len(digits) != len(part):
            break
    return tuple(out)
