"""Postfix release profiles, 3.5 to the 3.12 snapshot, to the patch level: what each release knows.

A :class:`Profile` answers, for one release, what its ``postconf`` and
daemons know: the parameter database (names, types, defaults, units,
bounds, readers, availability per branch with backports), postconf's
deprecation table and exact warning text, the read-only names, the ``$``
language (``<level`` operators from 3.6, named functions from 3.11, the
parse-error messages), the compatibility_level syntax and current level,
the lexer's NUL warning (3.9), postconf's ``#comment`` warning (3.8) and
the start-up fatals each release added.  :func:`union_profile` is the
"no target given" view: a name any supported release reads is known, and
:func:`releases_where` says for which releases a fact holds, so a finding
can name them.

Releases are parsed by :func:`parse_release`: ``X.Y`` is the newest patch
of that line known here, ``X.Y.Z`` any patch from X.Y.0 up to it, ``3.12``
the development snapshot postfix-3.12-20260821.  A release between two
parameter tables is the table at or above it with the patch-level changes
after it undone (``value-changes.tsv``) and the names backported after it
removed (``backports.tsv``).

Sources: the tables in ``../shared/reference/versions/`` (read from each
release's source and checked with its built ``postconf``; their README
describes them) and ``../shared/reference/postfix-versions.md`` for the
behaviour rows; the generated data is ``postfix_lint.postfix._profiles_data``
(``scripts/gen_profiles.py``), imported on first use only, so importing
this module costs no data.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time: not at run time
    from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Tuple, Union

from postfix_lint.postfix.params import Param
from postfix_lint.postfix.record import Record

__all__ = [
    "TABLES", "KNOWN_LINES", "KNOWN_RELEASES", "Release", "parse_release", "closest_release", "profile",
    "union_profile",
    "Profile", "UnionProfile", "Deprecation", "ExpansionRule", "StartupCheck", "ValueSetChange",
    "releases_where", "describe_releases", "availability", "describe_target", "in_every_release",
]

#: Releases with a parameter table, oldest first (``postfix-<release>-parameters.tsv``).
TABLES = ("3.5.27", "3.6.20", "3.7.11", "3.7.22", "3.8.20", "3.9.14", "3.10.13", "3.11.6",
          "3.12-20260821")
#: Release lines, oldest first.
KNOWN_LINES = ("3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12")
#: The newest release of each line known here (what ``X.Y`` means), oldest first.
KNOWN_RELEASES = ("3.5.27", "3.6.20", "3.7.22", "3.8.20", "3.9.14", "3.10.13", "3.11.6", "3.12-20260821")
_SNAPSHOT_LINE, _SNAPSHOT = "3.12", "20260821"

_FLAG_GLOBAL, _FLAG_READ_ONLY, _FLAG_HOST_SPECIFIC = 1, 2, 4
_FIELDS = ("type", "default", "unit", "min", "max", "readers", "since", "flags", "origin")
_DEPRECATION_README = "See https://www.postfix.org/DEPRECATION_README.html for details"
#: The pipe(8) example services of Debian's ``master.cf.dist`` (maildrop, uucp, ifmail, bsmtp,
#: scalemail-backend, mailman).  Debian's packages through the 3.7 line ship them enabled; from
#: 3.8.1-1 on they are commented out like in upstream's ``conf/master.cf`` (debian/changelog,
#: Debian bug #1033346).  Checked on the packages: 3.5.25 and 3.7.11 have them; 3.10.3, 3.10.13
#: and 3.11.7 do not.  They decide which ``<service>_<suffix>`` names the stock master.cf derives.
DEBIAN_PIPE_EXAMPLES = ("bsmtp", "ifmail", "maildrop", "mailman", "scalemail-backend", "uucp")
_DEBIAN_PIPE_EXAMPLES_UNTIL = "3.8"  # the first line without them


# -- releases -------------------------------------------------------------------

class Release:
    """One Postfix release: ``3.7.11``, or the snapshot ``3.12-20260821`` (immutable, ordered).

    ``major``, ``minor``; ``patch`` (None for the snapshot, which sorts before
    3.12.0); ``line`` ('3.7'); ``table``: the parameter table at or above it
    in its line, which the profile starts from; ``is_table``: it is one.
    """

    __slots__ = ("major", "minor", "patch", "_key")

    def __init__(self, major: int, minor: int, patch: Optional[int]) -> None:
        object.__setattr__(self, "major", major)
        object.__setattr__(self, "minor", minor)
        object.__setattr__(self, "patch", patch)
        object.__setattr__(self, "_key", (major, minor, -1 if patch is None else patch))

    def __setattr__(self, key, value):
        raise AttributeError("Release is immutable")

    @property
    def line(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def key(self) -> Tuple[int, int, int]:
        """(major, minor, patch); the snapshot has patch -1."""
        return self._key

    def __str__(self) -> str:
        if self.patch is None:
            return f"{self.line}-{_SNAPSHOT}"
        return f"{self.line}.{self.patch}"

    def __repr__(self) -> str:
        return f"Release({str(self)!r})"

    def __eq__(self, other):
        return other.__class__ is Release and self._key == other._key

    def __lt__(self, other):
        return self._key < other._key

    def __le__(self, other):
        return self._key <= other._key

    def __gt__(self, other):
        return self._key > other._key

    def __ge__(self, other):
        return self._key >= other._key

    def __hash__(self):
        return hash(self._key)

    def __reduce__(self):
        return (Release, (self.major, self.minor, self.patch))

    @property
    def table(self) -> str:
        for t in TABLES:
            r = _table_release(t)
            if r.line == self.line and r >= self:
                return t
        raise AssertionError(f"no table for {self}")  # parse_release() guarantees one

    @property
    def is_table(self) -> bool:
        return str(self) in TABLES

    @property
    def is_newest_of_line(self) -> bool:
        return str(self) in KNOWN_RELEASES

    def at_least(self, line: str) -> bool:
        """Release line at least ``line`` ('3.9'); the 3.12 snapshot counts as 3.12."""
        major, minor = line.split(".")
        return (self.major, self.minor) >= (int(major), int(minor))


_TABLE_RELEASES: Dict[str, Release] = {}


def _table_release(text: str) -> Release:
    hit = _TABLE_RELEASES.get(text)
    if hit is None:
        head, _, snap = text.partition("-")
        parts = [int(p) for p in head.split(".")]
        hit = _TABLE_RELEASES[text] = Release(parts[0], parts[1], None if snap else parts[2])
    return hit


def _known_list() -> str:
    out = []
    for newest in KNOWN_RELEASES:
        r = _table_release(newest)
        if r.patch is None:
            out.append(f"{r.line} (the development snapshot {newest})")
        else:
            out.append(f"{r.line} ({r.line}.0 to {newest})")
    return ", ".join(out)


def parse_release(text: Union[str, Release]) -> Release:
    """``'3.6'`` -> Release 3.6.20 (newest known patch), ``'3.6.13'`` -> 3.6.13, ``'3.12'`` -> the snapshot.

    Accepts ``X.Y``, ``X.Y.Z`` (Z from 0 to the newest known patch of the
    line) and ``3.12-20260821``; surrounding whitespace is ignored.  Raises
    ValueError for anything else: a number with a leading zero (``3.07``,
    ``3.7.011``: Postfix never writes one), a future release (3.13, 3.11.7),
    and ``3.12.Z`` (3.12 is known only as the snapshot, ``3.12`` or
    ``3.12-20260821``, which the message says); the message lists the known
    releases.
    """
    if isinstance(text, Release):
        return text
    s = text.strip() if isinstance(text, str) else ""
    parts = s.split(".")
    ok = 2 <= len(parts) <= 3 and all(p.isdigit() and p.isascii() and (p == "0" or p[0] != "0") for p in parts)
    if s == f"{_SNAPSHOT_LINE}-{_SNAPSHOT}":
        return _table_release(s)
    if ok:
        line = f"{int(parts[0])}.{int(parts[1])}"
        if line in KNOWN_LINES:
            newest = _table_release(KNOWN_RELEASES[KNOWN_LINES.index(line)])
            if len(parts) == 2:
                return newest
            if newest.patch is not None and int(parts[2]) <= newest.patch:
                return Release(newest.major, newest.minor, int(parts[2]))
            if newest.patch is None:
                raise ValueError(f"unknown Postfix release {text!r}: {line} is known only as the snapshot"
                                 f" {line}-{_SNAPSHOT} (no {line}.Z release yet), give {line!r} for it;"
                                 f" known releases are {_known_list()}")
    raise ValueError(f"unknown Postfix release {text!r}: known releases are {_known_list()};"
                     " give X.Y (the newest known patch of that line) or X.Y.Z")


def closest_release(version: str) -> Optional[Release]:
    """For an installed Postfix's ``mail_version`` (oracle tests): the profile to compare with.

    A known release gives itself; a patch newer than the newest known of a
    known line (sid's 3.11.7) gives that line's newest known patch, which a
    caller must report as an approximation.  None for an unknown line.
    """
    try:
        return parse_release(version)
    except ValueError:
        pass
    parts = version.strip().split("-")[0].split(".")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        line = f"{int(parts[0])}.{int(parts[1])}"
        if line in KNOWN_LINES and line != _SNAPSHOT_LINE:
            return parse_release(line)
    return None


# -- data -----------------------------------------------------------------------------

_data = None


def _key(text: str) -> Tuple[int, int, int]:
    """A well-formed release string of the data ('3.6.10') -> (3, 6, 10), without validation."""
    major, minor, patch = text.split(".")
    return (int(major), int(minor), int(patch))


_PARSED = None


def _parsed():
    """(backports as (name, line, first key)), (patch changes as (key, name, line, field, before), newest first)."""
    global _PARSED
    if _PARSED is None:
        data = _load()
        backports = tuple((name, line, _key(first)) for name, firsts in data.BACKPORTS.items()
                          for line, first in firsts)
        changes = tuple(sorted(((_key(c[2]),) + c[:2] + c[3:] for c in data.PATCH_CHANGES),
                               key=lambda c: c[0], reverse=True))
        _PARSED = (backports, changes)
    return _PARSED


def _load():
    global _data
    if _data is None:
        from postfix_lint.postfix import _profiles_data
        if _profiles_data.TABLES != TABLES:  # pragma: no cover - guarded by tests
            raise ImportError("_profiles_data.TABLES differs from profiles.TABLES: regenerate")
        _data = _profiles_data
    return _data


# -- small records -----------------------------------------------------------------------

class Deprecation(Record):
    """One entry of postconf's deprecation table (``pcf_depr_param_info``, src/postconf/postconf_unused.c, 3.9+).

    ``name``; ``deprecated_in`` ('3.9', '3.11', '3.12'); ``replacements``:
    parameter names postconf suggests (empty for "do not specify");
    ``alternative``: the text after "instead, " verbatim; ``known``: the
    release's postconf knows the name (built-in or legacy), so it prints the
    quoted "will be removed" form; ``release``: the release whose table this is.
    """

    _FIELDS = __slots__ = ("name", "deprecated_in", "replacements", "alternative", "known", "release")

    def message(self, config_directory: str = "/etc/postfix", file: str = "main.cf",
                known: Optional[bool] = None) -> str:
        """The line postconf prints after ``postconf: warning: `` (postconf_unused.c).

        ``known`` overrides :attr:`known`: a name that main.cf references as
        ``$name`` counts as known too, which switches to the quoted form.
        ``file`` is 'master.cf' for a ``-o`` setting.
        """
        if self.known if known is None else known:
            return (f'{config_directory}/{file}: support for parameter "{self.name}" will be removed;'
                    f" instead, {self.alternative}")
        return (f"{config_directory}/{file}: support for parameter {self.name} has been removed;"
                f" instead, {self.alternative}")


class ExpansionRule(Record):
    """One ``$`` language item of one release (expansion.tsv, src/util/mac_expand.c).

    ``item`` ('compatibility_level operators'); ``syntax``; ``status``:
    'yes', 'error' (parse error: postconf and daemons end with "macro
    processing error"), 'fatal', 'warning' or 'behaviour'; ``message``: the
    warning's shape with ``<placeholders>`` ('' for 'yes'); ``notes``.
    """

    _FIELDS = __slots__ = ("item", "syntax", "status", "message", "notes")


class StartupCheck(Record):
    """A configuration-dependent fatal a release added (postfix-versions.md section 3.6).

    ``since`` ('3.8'), ``program``, ``message`` (shape), ``trigger``.
    """

    _FIELDS = __slots__ = ("since", "program", "message", "trigger")


class ValueSetChange(Record):
    """Words a parameter accepts from a patch release on (value-changes.tsv, kind value-set).

    ``name``, ``first`` (Release), ``words`` (tuple), ``applied``: the
    profile's release has them; ``text``: what changed, with the old
    release's behaviour for the new words.
    """

    _FIELDS = __slots__ = ("name", "first", "words", "applied", "text")


#: postfix-versions.md section 3.6: new msg_fatal() calls that depend on configuration.
_STARTUP_CHECKS = (
    ("3.6", "postscreen", "bad postscreen_denylist_action value: <value>", "renamed parameter"),
    ("3.6", "smtpd", "smtpd_sasl_mechanism_filter discards all mechanisms in '<list>'",
     "when SASL is activated for a session, not at process start"),
    ("3.6", "smtp", "bad network port: <port> for destination: <destination>",
     "port 0 or >= 65536 after known_tcp_ports mapping; per destination at delivery time"),
    ("3.6", "all", 'malformed compatibility level syntax: "<value>"', "compatibility_level"),
    ("3.7", "smtp", "smtp_connect_addr: malformed smtp_bind_address parameter: <value>",
     "unbalanced [ in *_bind_address / *_bind_address6; at connection time"),
    ("3.8", "smtpd", "<function>: bad IPv4/IPv6 address prefix length: <n>",
     "smtpd_client_ipv4_prefix_length / smtpd_client_ipv6_prefix_length out of range"),
    ("3.9", "cleanup",
     "do not specify both disable_mime_input_processing=yes and force_mime_input_conversion=yes", ""),
    ("3.11", "cleanup", "bad non_empty_end_of_header_action value: '<value>'", ""),
    ("3.11", "all", "invalid non-Berkeley-DB migration level: '<value>'", "non_bdb_migration_level"),
)

#: postfix-versions.md section 3.5: check_legacy_defaults() (src/global/mail_params.c):
#: (level below which, added in release line, names whose legacy default is used when unset).
_LEGACY_DEFAULTS = (
    ("1", "3.0", ("append_dot_mydomain", "smtputf8_enable", "smtpd_relay_restrictions")),
    ("2", "3.0", ("relay_domains", "fast_flush_domains", "mynetworks_style")),
    ("3.6", "3.6", ("smtp_tls_fingerprint_digest", "smtpd_tls_fingerprint_digest", "lmtp_tls_fingerprint_digest",
                    "smtpd_relay_before_recipient_restrictions", "respectful_logging")),
    ("3.11", "3.11", ("smtp_tls_security_level", "smtp_tlsrpt_skip_reused_handshakes",
                      "tlsproxy_client_security_level")),
)

_NAMED_FUNCTIONS = ("domain_to_ascii", "domain_to_utf8")


# -- profiles -------------------------------------------------------------------------------

_profiles: Dict[Tuple[int, int, int], "Profile"] = {}
_profiles_by_text: Dict[str, "Profile"] = {}


def profile(release: Union[str, Release]) -> "Profile":
    """The :class:`Profile` of ``release`` (a string as :func:`parse_release` takes, or a Release); cached."""
    hit = _profiles_by_text.get(release) if isinstance(release, str) else None
    if hit is not None:
        return hit
    r = parse_release(release)
    hit = _profiles.get(r.key)
    if hit is None:
        hit = _profiles[r.key] = Profile(r)
    if isinstance(release, str):
        _profiles_by_text[release] = hit  # the rules ask for the same few texts per finding
    return hit


class Profile:
    """What one Postfix release knows.  Build with :func:`profile`; every method is O(1) or cached.

    Parameter methods mirror ``postfix_lint.postfix.params`` (``get`` is
    :meth:`param`) so a profile can stand in for it.
    """

    def __init__(self, release: Release) -> None:
        self.release = release
        self.table = release.table
        self._bit = 1 << TABLES.index(self.table)
        self._objs: Dict[str, Optional[Param]] = {}
        self._names: Optional[FrozenSet[str]] = None
        self._prepared = False

    def __repr__(self) -> str:
        return f"Profile({str(self.release)!r})"

    # -- patch level ---------------------------------------------------------
    def _prepare(self):
        """Backports absent at this patch, and the changes to undo (newest first)."""
        if self._prepared:
            return _data
        data = _load()
        r, line = self.release, self.release.line
        backports, changes = _parsed()
        absent = {name for name, b, key in backports if b == line and r.key < key}
        table_key = _table_release(self.table).key
        undo: Dict[str, List[tuple]] = {}
        for key, name, branch, field, before in changes:  # newest first
            if branch == line and r.key < key <= table_key:
                undo.setdefault(name, []).append((field, before))
        if not r.is_table:
            undo.setdefault("mail_version", []).append(("default", str(r)))
        self._absent = frozenset(absent)
        self._undo = undo
        self._prepared = True
        return data

    def _record(self, name: str) -> Optional[tuple]:
        data = self._prepare()
        variants = data.PARAMS.get(name)
        if variants is None or name in self._absent:
            return None
        if variants[0].__class__ is str:  # the same record in every table
            rec = variants
        else:
            bit = self._bit
            for i in range(0, len(variants), 2):
                if variants[i] & bit:
                    rec = variants[i + 1]
                    break
            else:
                return None
        changes = self._undo.get(name)
        if changes:
            rec = list(rec)
            for field, before in changes:
                if field == "record":
                    rec = list(before)
                else:
                    rec[_FIELDS.index(field)] = before
            rec = tuple(rec)
        return rec

    # -- the parameter database (params.py counterparts) -------------------------
    def param(self, name: str) -> Optional[Param]:
        """The built-in parameter ``name`` of this release (like ``params.get``), or None."""
        p = self._objs.get(name)
        if p is None:
            rec = self._record(name)
            if rec is None:
                return None  # not cached: a huge file of unknown names must not grow a cache
            typ, default, unit, lo, hi, readers, since, flags, origin = rec
            p = self._objs[name] = Param(name, typ, default, unit, lo, hi, readers, bool(flags & _FLAG_GLOBAL),
                                         since, bool(flags & _FLAG_READ_ONLY), origin,
                                         bool(flags & _FLAG_HOST_SPECIFIC))
        return p

    get = param

    def has(self, name: str) -> bool:
        """``name`` is a built-in of this release, at the patch level (backports count from their release)."""
        return self._record(name) is not None

    __contains__ = has

    def names(self) -> FrozenSet[str]:
        """Every built-in name (``postconf -d`` with Debian's master.cf, like ``params.names()``)."""
        if self._names is None:
            data = self._prepare()
            bit, absent = self._bit, self._absent
            out = []
            for name, variants in data.PARAMS.items():
                if variants[0].__class__ is str:
                    if name not in absent:
                        out.append(name)
                    continue
                for i in range(0, len(variants), 2):
                    if variants[i] & bit:
                        if name not in absent:
                            out.append(name)
                        break
            self._names = frozenset(out)
        return self._names

    def origin(self, name: str) -> Optional[str]:
        rec = self._record(name)
        return None if rec is None else rec[8]

    def legacy_names(self) -> Tuple[str, ...]:
        """postconf's legacy names in this release: not built in, but referenced by a default.

        ``postconf -n`` prints them and does not call them unused; no daemon reads them.
        """
        data = _load()
        return tuple(n for n, m in data.LEGACY.items() if m & self._bit)

    def is_legacy(self, name: str) -> bool:
        return bool(_load().LEGACY.get(name, 0) & self._bit)

    def per_transport(self, name: str, services=None) -> Optional[Param]:
        """As ``params.per_transport``: the service-derived suffixes did not change 3.5 - 3.12.

        (postconf_service.c and the qmgr/pipe/spawn readers are the same in
        every table: the 212 service-derived rows are identical.)
        """
        from postfix_lint.postfix import params as _params

        return _params.per_transport(name, services)

    def default_service_commands(self) -> Dict[str, str]:
        """{service: command} of the delivery services in Debian's default master.cf of this release.

        ``params.default_service_commands()`` (13 services) through 3.7; from
        3.8 without the pipe examples :data:`DEBIAN_PIPE_EXAMPLES` (7 services:
        error, lmtp, local, relay, retry, smtp, virtual).  The union profile
        (no target) keeps all 13: a name some release's default knows is known.
        """
        from postfix_lint.postfix import params as _params

        full = _params.default_service_commands()
        if self.release is None or not self.release.at_least(_DEBIAN_PIPE_EXAMPLES_UNTIL):
            return full
        return {s: c for s, c in full.items() if s not in DEBIAN_PIPE_EXAMPLES}

    def absent_because(self, name: str) -> Optional[Tuple[str, Optional[Release], Tuple[Tuple[Release, Release], ...]]]:
        """Why a name this release lacks is still a Postfix name: (reason, first_later, ranges).

        reason 'added-later' when a newer release has it (PF114's "too new";
        ``first_later`` is the first such release: 3.6.10 for
        smtpd_forbid_unauth_pipelining at 3.6.9), else 'removed' (only older
        releases have it: tls_legacy_public_key_fingerprints at 3.11;
        ``first_later`` None).  ``ranges`` are :func:`availability`'s.  None
        when this release has the name or no known release does.
        """
        if self.has(name):
            return None
        ranges = availability(name)
        if not ranges:
            return None
        later = [first for first, _ in ranges if first > self.release]
        if later:
            return ("added-later", min(later), ranges)
        return ("removed", None, ranges)

    def since(self, name: str) -> Optional[str]:
        """Since when this release's branch has ``name``: the backport release of the branch
        ('3.6.10' for smtpd_forbid_unauth_pipelining in 3.6.x) or postconf(5)'s version.

        None when the release does not have the name or the manual gives no version.
        """
        if not self.has(name):
            return None
        firsts = dict(_load().BACKPORTS.get(name, ()))
        first = firsts.get(self.release.line)
        if first is not None and not first.endswith(".0"):
            return first
        rec = self._record(name)
        return rec[6]

    def read_only_names(self) -> FrozenSet[str]:
        """Names whose assignment postconf answers with ``read-only parameter assignment``.

        process_id, process_name, service_name; not service_name in 3.11.2 - 3.11.6.
        """
        return frozenset(n for n in ("process_id", "process_name", "service_name") if self.is_read_only(n))

    def is_read_only(self, name: str) -> bool:
        rec = self._record(name)
        return rec is not None and bool(rec[7] & _FLAG_READ_ONLY)

    def global_names(self) -> FrozenSet[str]:
        """Names mail_params_init() reads in every program (``$name`` resolves to them everywhere)."""
        return frozenset(n for n in self.names() if self._record(n)[7] & _FLAG_GLOBAL)

    @property
    def read_order_exact(self) -> bool:
        """:meth:`read_order` is exact only for 3.7.11 (the only release with source-table line numbers)."""
        return str(self.release) == "3.7.11"

    def read_order(self, program: str) -> Tuple[str, ...]:
        """The parameters ``program`` reads at start-up, in order (``params.read_order``).

        Exact for 3.7.11.  For other releases an approximation: 3.7.11's order
        restricted to the names this release has, then its other global names,
        then the program's other names (sorted), because the per-release tables
        carry no source line numbers.
        """
        from postfix_lint.postfix import params as _params

        base = _params.read_order(program)
        if self.read_order_exact:
            return base
        names = self.names()
        order = [n for n in base if n in names]
        seen = set(order)
        extra_global = sorted(n for n in self.global_names() if n not in seen
                              and not self.is_read_only(n) and n not in ("config_directory",))
        program = {"nqmgr": "qmgr"}.get(program, program)
        extra_own = sorted(n for n in names if n not in seen and n not in extra_global
                           and program in self._record(n)[5] and self._record(n)[8] == "builtin")
        n_global = sum(1 for n in order if self._record(n)[7] & _FLAG_GLOBAL)
        return tuple(order[:n_global] + extra_global + order[n_global:] + extra_own)

    def suggest(self, name: str) -> Optional[str]:
        """Did-you-mean across this release's names (the rule of ``params.suggest``)."""
        return _suggest(name, self.names(), self)

    # -- patch-level value sets -------------------------------------------------------
    def value_set_changes(self, name: str) -> Tuple[ValueSetChange, ...]:
        """Patch-level additions to the words ``name`` accepts in this release's branch."""
        out = []
        for n, branch, first, words, text in _load().VALUE_SET_CHANGES:
            if n == name and branch == self.release.line:
                f = parse_release(first)
                out.append(ValueSetChange(n, f, words, self.release >= f, text))
        return tuple(out)

    def words_added_later(self, name: str) -> Dict[str, Release]:
        """{word: first release of this branch that accepts it} for words this release rejects.

        E.g. 3.7.11, milter_default_action -> {'shutdown': Release('3.7.20')}.
        """
        return {w: c.first for c in self.value_set_changes(name) if not c.applied for w in c.words}

    # -- deprecations (postconf_unused.c) ------------------------------------------------
    @property
    def has_deprecation_table(self) -> bool:
        """3.9+: postconf warns about deprecated names; ``postconf -q`` silences these and "unused"."""
        return self.release.at_least("3.9")

    @property
    def deprecations_sorted(self) -> bool:
        """3.11+: one file's deprecation warnings are printed sorted by name (before: hash order)."""
        return self.release.at_least("3.11")

    @property
    def deprecation_trailer(self) -> Optional[str]:
        """3.11+: the line postconf prints after a file's deprecation warnings, else None."""
        return _DEPRECATION_README if self.release.at_least("3.11") else None

    def deprecation(self, name: str) -> Optional[Deprecation]:
        """This release's deprecation entry for ``name`` (None before 3.9, or not deprecated).

        Entries compiled out in this release (tls_eecdh_auto_curves,
        tls_ffdhe_auto_groups: ``#if 0`` in 3.11/3.12) are None.
        """
        entry = _load().DEPRECATIONS.get(name)
        if entry is None:
            return None
        since, repl, alt, in_mask, known_mask, off_mask = entry
        if not in_mask & self._bit or off_mask & self._bit:
            return None
        return Deprecation(name, since, repl, alt, bool(known_mask & self._bit), str(self.release))

    def deprecations(self) -> Dict[str, Deprecation]:
        """Every active entry of this release's table, by name."""
        out = {}
        for name in _load().DEPRECATIONS:
            d = self.deprecation(name)
            if d is not None:
                out[name] = d
        return out

    def deprecated_later(self, name: str) -> Optional[Deprecation]:
        """For a name this release does not deprecate: the entry of the first later release that does.

        E.g. 3.7, smtpd_use_tls -> the 3.9.14 entry; 3.9, virtual_maps -> the
        3.11.6 entry.  Its ``release`` says which release prints it.
        """
        if self.deprecation(name) is not None:
            return None
        for t in TABLES:
            if _table_release(t) > self.release:
                d = profile(t).deprecation(name)
                if d is not None:
                    return d
        return None

    # -- $ expansion (mac_expand.c) ---------------------------------------------------------
    def expansion(self, item: str) -> ExpansionRule:
        """The rule for one expansion.tsv item in this release; KeyError for an unknown item."""
        syntax, rows = _load().EXPANSION[item]
        for mask, status, shape, notes in rows:
            if mask & self._bit:
                return ExpansionRule(item, syntax, status, shape, notes)
        raise KeyError(item)  # pragma: no cover - the generator checks coverage

    def expansion_items(self) -> Tuple[str, ...]:
        return tuple(_load().EXPANSION)

    @property
    def level_operators(self) -> bool:
        """``<level <=level ==level !=level >=level >level`` exist (3.6+; a parse error in 3.5)."""
        return self.expansion("compatibility_level operators").status == "yes"

    @property
    def named_functions(self) -> FrozenSet[str]:
        """``${name{text}}`` functions: domain_to_ascii, domain_to_utf8 from 3.11, none before."""
        rule = self.expansion("named functions domain_to_ascii, domain_to_utf8")
        return frozenset(_NAMED_FUNCTIONS) if rule.status == "yes" else frozenset()

    @property
    def operator_suffixes(self) -> Tuple[str, ...]:
        """Relational operator suffixes registered by mail_params_init() and postconf
        (compat_level_relop_register()): ('level',) from 3.6, () in 3.5."""
        return ("level",) if self.level_operators else ()

    @property
    def postconf_x_reexpands(self) -> bool:
        """``postconf -x`` re-expands the value of raw parameters (up to 3.10; 3.11's dont_parse hook)."""
        return not self.release.at_least("3.11")

    # -- compatibility_level (src/global/mail_params.c, compat_level.c) ----------------------------
    @property
    def compat_level_syntax(self) -> str:
        """'integer' (3.5.0 - 3.5.10), 'integer-dotted' (3.5.11+: atoi of the part before the first dot)
        or 'release' (3.6+: ``major[.minor[.patch]]``)."""
        if self.release.at_least("3.6"):
            return "release"
        return "integer-dotted" if self.release >= Release(3, 5, 11) else "integer"

    @property
    def current_compat_level(self) -> str:
        """The LAST compatibility level (src/global/mail_params.h): '2', '3.6' (3.6 - 3.10), '3.11' (3.11+)."""
        if self.release.at_least("3.11"):
            return "3.11"
        return "3.6" if self.release.at_least("3.6") else "2"

    def check_compat_level(self, value: str) -> Optional[str]:
        """The fatal message every program gives for ``compatibility_level = value``, or None if accepted.

        ``value`` is the expanded value.  3.6+: ``malformed compatibility level
        syntax: "<value>"`` unless decimal ``major[.minor[.patch]]``.  3.5:
        ``bad numerical configuration: compatibility_level = <value>`` unless
        an int (strtol rules); from 3.5.11 a value with a dot is accepted when
        the part before the dot is one (a dotted value whose head is not a
        number is not judged: None).
        """
        syntax = self.compat_level_syntax
        if syntax == "release":
            parts = value.split(".")
            if 1 <= len(parts) <= 3 and all(p and p.isdigit() and p.isascii() for p in parts):
                return None
            return f'malformed compatibility level syntax: "{value}"'
        if syntax == "integer-dotted" and "." in value:
            return None
        if _c_int(value) is not None:
            return None
        return f"bad numerical configuration: compatibility_level = {value}"

    def compat_level_key(self, value: str) -> Optional[Tuple[int, ...]]:
        """A comparable key for an accepted level ((3, 6) for '3.6'; 3.5: (int,)), None if rejected."""
        if self.check_compat_level(value) is not None:
            return None
        if self.compat_level_syntax == "release":
            parts = [int(p) for p in value.split(".")]
            return tuple(parts + [0] * (3 - len(parts)))
        head = value.split(".")[0] if "." in value else value
        n = _c_int(head)
        return None if n is None else (n,)

    def legacy_default_rules(self) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
        """(level, names): below ``level`` these parameters keep their legacy default when unset
        and daemons log ``using backwards-compatible default setting NAME=VALUE``.
        Only the thresholds this release has (3.6 from 3.6, 3.11 from 3.11, TLS builds)."""
        return tuple((level, tuple(n for n in names if self.has(n) or n == "fast_flush_domains"))
                     for level, line, names in _LEGACY_DEFAULTS if self.release.at_least(line))

    # -- lexer, comments, start-up -------------------------------------------------------------
    @property
    def nul_byte_warns(self) -> bool:
        """3.9+ readllines() warns ``<path>, line N: text after null byte may be ignored`` (``line N-M``
        for a multi-line logical line), once per logical line; 3.5 - 3.8 are silent.  All truncate."""
        return self.release.at_least("3.9")

    @property
    def nul_byte_message(self) -> Optional[str]:
        return "<path>, line <n>: text after null byte may be ignored" if self.nul_byte_warns else None

    @property
    def postconf_warns_inline_comment(self) -> bool:
        """3.8+ postconf warns for every main.cf value with a word starting with ``#``
        (pcf_register_dbms_parameters()); 3.5 - 3.7 postconf is silent."""
        return self.release.at_least("3.8")

    @property
    def inline_comment_messages(self) -> Dict[str, str]:
        """Message shapes: 'postconf' (3.8+ only) and 'daemon' (match lists: mynetworks and friends)."""
        if self.release.at_least("3.8"):
            return {"postconf": "<config_directory>/main.cf: #comment after other text is not allowed: <text>...",
                    "daemon": "<name>: #comment after other text is not allowed: <text>..."}
        return {"daemon": "<name>: comment at end of line is not supported: <text>"}

    def startup_checks(self) -> Tuple[StartupCheck, ...]:
        """The configuration-dependent fatals added since 3.6 that this release has."""
        return tuple(StartupCheck(*c) for c in _STARTUP_CHECKS if self.release.at_least(c[0]))

    def restriction_status(self, name: str) -> Optional[Tuple[str, str]]:
        """(status, message) for the restrictions smtpd_check.c warns about, else None.

        status 'deprecated' (works, warns) up to 3.8; 'removed' from 3.9
        (``reject_server_error()``: 451 4.3.5 for every affected request).
        """
        old = {"check_relay_domains": "reject_unauth_destination",
               "reject_maps_rbl": "reject_rbl_client domain.tld"}
        if name in old or name == "permit_naked_ip_address":
            use = old.get(name, "permit_mynetworks")
            if self.release.at_least("3.9"):
                return ("removed", f'support for restriction "{name}" has been removed in Postfix 3.9;'
                                   f' instead, specify "{use}"')
            if name == "permit_naked_ip_address":
                return ("deprecated", "restriction permit_naked_ip_address is deprecated. Use <...>")
            return ("deprecated", f'support for restriction "{name}" will be removed from Postfix;'
                                  f' use "{use}" instead')
        if name == "permit_mx_backup" and self.release.at_least("3.9"):
            return ("deprecated", 'support for restriction "permit_mx_backup" will be removed from Postfix;'
                                  ' instead, specify "relay_domains"')
        return None


def _c_int(value: str) -> Optional[int]:
    """strtol(value, &end, 10) consuming all of a non-empty value, within 32 bits (mail_conf_int.c)."""
    s = value.lstrip(" \t\n\v\f\r")
    body = s[1:] if s[:1] in ("+", "-") else s
    if not body or not (body.isdigit() and body.isascii()):
        return None
    n = int(s)
    return n if -(1 << 31) <= n < (1 << 31) else None


def _suggest(name: str, known: FrozenSet[str], owner: "Profile") -> Optional[str]:
    if name in known:
        return None
    lower = name.lower()
    if lower in known:
        return lower
    index = owner.__dict__.get("_by_length")
    if index is None:
        from postfix_lint.postfix.nearest import NameIndex

        index = owner._by_length = NameIndex(known)
    size = len(lower)
    slack = max(2, size // 6)
    return index.close_match(lower, range(size - slack, size + slack + 1), 0.8)


# -- no target: the union ----------------------------------------------------------------------

class UnionProfile(Profile):
    """"No target given": every name some supported release reads is known.

    :meth:`param` is the newest table's definition of a name; facts that
    differ between releases are conservative (read-only only where every
    release agrees; the ``$`` language accepts what any release accepts):
    ask :func:`releases_where` / :func:`availability` which releases a
    finding holds for.  Behaviour that has no safe union (postconf's
    deprecation output, compatibility_level syntax, the NUL and ``#``
    warnings, expansion messages) raises TypeError: a rule must ask
    :func:`releases_where` instead.
    """

    def __init__(self) -> None:
        self.release = None
        self.table = None
        self._bit = (1 << len(TABLES)) - 1
        self._objs = {}
        self._names = None
        self._prepared = False

    def __repr__(self) -> str:
        return "UnionProfile()"

    def _prepare(self):
        if not self._prepared:
            _load()
            self._absent = frozenset()
            self._undo = {}
            self._prepared = True
        return _data

    def _record(self, name: str) -> Optional[tuple]:
        variants = self._prepare().PARAMS.get(name)
        if variants is None:
            return None
        if variants[0].__class__ is str:
            return variants
        best, best_mask = None, 0
        for i in range(0, len(variants), 2):
            if variants[i] > best_mask:  # higher bits = newer tables
                best_mask, best = variants[i], variants[i + 1]
        if best is not None and name in ("process_id", "process_name", "service_name"):
            # read-only where every release agrees only (service_name: not in 3.11.2 - 3.11.6)
            ro = all(profile(t).is_read_only(name) for t in TABLES)
            best = best[:7] + ((best[7] | _FLAG_READ_ONLY) if ro else (best[7] & ~_FLAG_READ_ONLY),) + best[8:]
        return best

    def legacy_names(self) -> Tuple[str, ...]:
        return tuple(_load().LEGACY)

    def is_legacy(self, name: str) -> bool:
        return name in _load().LEGACY and not self.has(name)

    def since(self, name: str) -> Optional[str]:
        rec = self._record(name)
        return None if rec is None else rec[6]

    @property
    def read_order_exact(self) -> bool:
        return False

    def read_order(self, program: str) -> Tuple[str, ...]:
        return profile(KNOWN_RELEASES[-1]).read_order(program)

    def deprecation(self, name: str) -> Optional[Deprecation]:
        """The newest release's entry (see :func:`releases_where` for where it holds)."""
        for t in reversed(TABLES):
            d = profile(t).deprecation(name)
            if d is not None:
                return d
        return None

    def deprecated_later(self, name: str) -> Optional[Deprecation]:
        return None

    def value_set_changes(self, name: str) -> Tuple[ValueSetChange, ...]:
        return ()

    def _unsupported(self, what: str):
        raise TypeError(f"{what} depends on the release: ask profile(release) or releases_where()")

    has_deprecation_table = deprecations_sorted = deprecation_trailer = property(
        lambda self: self._unsupported("postconf's deprecation behaviour"))
    # The $ language: permissive, what any release accepts (a feature only some
    # releases have is a release-dependent finding: ask releases_where()).
    level_operators = property(lambda self: True)
    named_functions = property(lambda self: frozenset(_NAMED_FUNCTIONS))
    postconf_x_reexpands = property(lambda self: self._unsupported("postconf -x"))
    compat_level_syntax = current_compat_level = property(
        lambda self: self._unsupported("compatibility_level"))
    nul_byte_warns = nul_byte_message = postconf_warns_inline_comment = inline_comment_messages = property(
        lambda self: self._unsupported("the lexer/postconf behaviour"))

    def expansion(self, item: str) -> ExpansionRule:
        self._unsupported("a $ language message")


_union: Optional[UnionProfile] = None


def union_profile() -> UnionProfile:
    """The profile for "no target given" (cached)."""
    global _union
    if _union is None:
        _union = UnionProfile()
    return _union


# -- which releases -----------------------------------------------------------------------------

def _boundaries() -> Tuple[Tuple[Release, Release], ...]:
    """Segments (first, last) of releases between which no fact in the tables changes, oldest first."""
    data = _load()
    starts: Dict[str, set] = {line: {0} for line in KNOWN_LINES if line != _SNAPSHOT_LINE}
    for firsts in data.BACKPORTS.values():
        for line, first in firsts:
            starts[line].add(parse_release(first).patch)
    for c in data.PATCH_CHANGES:
        starts[c[1]].add(parse_release(c[2]).patch)
    for c in data.VALUE_SET_CHANGES:
        starts[c[1]].add(parse_release(c[2]).patch)
    starts["3.5"].add(11)  # compatibility_level: dotted values accepted (value-changes.tsv)
    for t in TABLES:
        r = _table_release(t)
        if r.patch is not None and not r.is_newest_of_line:
            starts[r.line].add(r.patch + 1)  # the next table starts (mail_release_date, since)
    out = []
    for newest in KNOWN_RELEASES:
        last = _table_release(newest)
        if last.patch is None:
            out.append((last, last))
            continue
        points = sorted(starts[last.line])
        for i, p in enumerate(points):
            end = points[i + 1] - 1 if i + 1 < len(points) else last.patch
            out.append((Release(last.major, last.minor, p), Release(last.major, last.minor, end)))
    return tuple(out)


_SEGMENTS = None


def releases_where(predicate: Callable[[Profile], bool]) -> Tuple[Tuple[Release, Release], ...]:
    """The ranges (first, last) of known releases whose profile satisfies ``predicate``, oldest first.

    Exact at the patch level: the predicate is asked once per stretch of
    releases between which the tables change nothing.  Adjacent stretches
    merge across lines (3.9.0 .. 3.12 snapshot is one range).
    """
    global _SEGMENTS
    if _SEGMENTS is None:
        _SEGMENTS = _boundaries()
    ranges: List[List[Release]] = []
    prev_ok = False
    for first, last in _SEGMENTS:
        ok = bool(predicate(profile(first)))
        if ok and prev_ok:
            ranges[-1][1] = last
        elif ok:
            ranges.append([first, last])
        prev_ok = ok
    return tuple((a, b) for a, b in ranges)


def describe_releases(ranges: Iterable[Tuple[Release, Release]]) -> str:
    """'3.5.20 - 3.5.27, 3.6.10 - 3.6.20, 3.9 and later' style text for :func:`releases_where` ranges.

    A start at x.y.0 is written x.y; an end at a line's newest known patch
    is written as that line; an end at the newest known release is "and later".
    """
    out = []
    newest = _table_release(KNOWN_RELEASES[-1])
    for first, last in ranges:
        a = first.line if first.patch == 0 or first.patch is None else str(first)
        if last == newest:
            out.append("every known release" if first == Release(3, 5, 0) else f"{a} and later")
        elif first.line == last.line:
            whole = first.patch == 0 and last.is_newest_of_line
            out.append(first.line if whole else str(first) if first == last else f"{first} - {last}")
        else:
            out.append(f"{a} - {last.line if last.is_newest_of_line else last}")
    return ", ".join(out) if out else "no known release"


def in_every_release(name: str) -> bool:
    """The built-in ``name`` exists in every known release, 3.5.0 to the snapshot (O(1), no profile built):
    the same record in every table, no backport and no patch-level record change."""
    data = _load()
    variants = data.PARAMS.get(name)
    if variants is None or name in data.BACKPORTS:
        return False
    if variants[0].__class__ is not str:  # per-table records: every table's bit must be there
        mask = 0
        for i in range(0, len(variants), 2):
            mask |= variants[i]
        if mask != (1 << len(TABLES)) - 1:
            return False
    return not any(c[0] == name and c[3] == "record" for c in data.PATCH_CHANGES)


def availability(name: str) -> Tuple[Tuple[Release, Release], ...]:
    """The releases that have the built-in ``name`` (:func:`releases_where` of ``has``)."""
    return releases_where(lambda p: p.has(name))


def describe_target(target: Optional[str]) -> str:
    """Which profile a ``target-version`` setting selects, for people: 'Postfix 3.7.22 (target-version 3.7)',
    'Postfix 3.7.11', 'every Postfix release 3.5 - 3.12 (no target-version)' for None.  ValueError as
    :func:`parse_release`."""
    if not target:
        return f"every Postfix release {KNOWN_LINES[0]} - {KNOWN_LINES[-1]} (no target-version)"
    release = parse_release(target)
    return f"Postfix {release}" + ("" if str(release) == target.strip() else f" (target-version {target.strip()})")
