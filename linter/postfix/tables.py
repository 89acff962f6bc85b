"""Lists of lookup tables (``*_maps``, ``*_checks``, ``*_filter`` ...): what a reader does with each entry.

``maps_create()`` (``src/global/maps.c``) splits the value at commas and
whitespace (``{...}`` groups stay whole; empty entries are skipped) and opens
every entry with ``dict_open()`` (``src/util/dict_open.c``):

- an entry that is not ``type:name`` (no colon, empty type or empty name) is
  fatal for the reader at once:
  ``fatal: open dictionary: expecting "type:name" form instead of "<entry>"``;
  the classic cause is an indented line after the list, which main.cf glues
  onto the value (``virtual_alias_maps = hash:/etc/postfix/valias`` followed
  by ``  smtpd_tls_auth_only = yes``);
- a type this build does not know logs ``error: unsupported dictionary type:
  <type>`` and opens a stand-in table whose every lookup fails (the mail is
  deferred: smtpd answers ``451 4.3.0``, or ``451 4.3.5`` in a restriction);
- on Debian, pcre, ldap, mysql, pgsql, lmdb, cdb and sqlite are loaded from
  ``/etc/postfix/dynamicmaps.cf`` and need a package (postfix-pcre, ...);
  without it they behave exactly like an unknown type.

``TABLE_LISTS`` names the parameters that Postfix 3.7.11 opens this way,
with the programs that open them at start; every entry was confirmed by
starting that daemon with the value ``notatypename`` (scripts/gen_value_pairs.py,
tests/data/value_pairs.tsv).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from postfix_lint.postfix.verdict import DEFAULT_RELEASE, FAILS, FATAL, INFO, Release, Verdict

__all__ = ["TABLE_LISTS", "CONDITIONAL_TABLE_LISTS", "BUILTIN_TYPES", "DEBIAN_PACKAGES", "split_tables",
           "check_table_list", "is_table_list"]

#: Parameter -> programs that open it at start (Postfix 3.7.11, verified with the daemons).
TABLE_LISTS: Dict[str, Tuple[str, ...]] = {
    "address_verify_sender_dependent_default_transport_maps": ('trivial-rewrite',),
    "address_verify_sender_dependent_relayhost_maps": ('trivial-rewrite',),
    "address_verify_transport_maps": ('trivial-rewrite',),
    "alias_maps": ('local',),
    "body_checks": ('cleanup',),
    "canonical_maps": ('cleanup', 'smtpd'),
    "header_checks": ('cleanup',),
    "lmtp_body_checks": ('lmtp',),
    "lmtp_delivery_status_filter": ('lmtp',),
    "lmtp_discard_lhlo_keyword_address_maps": ('lmtp',),
    "lmtp_dns_reply_filter": ('lmtp',),
    "lmtp_generic_maps": ('lmtp',),
    "lmtp_header_checks": ('lmtp',),
    "lmtp_mime_header_checks": ('lmtp',),
    "lmtp_nested_header_checks": ('lmtp',),
    "lmtp_pix_workaround_maps": ('lmtp',),
    "lmtp_reply_filter": ('lmtp',),
    "lmtp_tls_per_site": ('lmtp',),
    "lmtp_tls_policy_maps": ('lmtp',),
    "local_delivery_status_filter": ('local',),
    "local_recipient_maps": ('smtpd',),
    "milter_header_checks": ('cleanup',),
    "mime_header_checks": ('cleanup',),
    "nested_header_checks": ('cleanup',),
    "postscreen_command_filter": ('postscreen',),
    "postscreen_discard_ehlo_keyword_address_maps": ('postscreen',),
    "postscreen_dnsbl_reply_map": ('postscreen',),
    "postscreen_reject_footer_maps": ('postscreen',),
    "rbl_reply_maps": ('smtpd',),
    "recipient_bcc_maps": ('cleanup',),
    "recipient_canonical_maps": ('cleanup', 'smtpd'),
    "relay_clientcerts": ('smtpd',),
    "relay_recipient_maps": ('smtpd',),
    "relocated_maps": ('trivial-rewrite',),
    "sender_bcc_maps": ('cleanup',),
    "sender_canonical_maps": ('cleanup', 'smtpd'),
    "sender_dependent_default_transport_maps": ('trivial-rewrite',),
    "sender_dependent_relayhost_maps": ('trivial-rewrite',),
    "smtp_body_checks": ('smtp',),
    "smtp_delivery_status_filter": ('smtp',),
    "smtp_discard_ehlo_keyword_address_maps": ('smtp',),
    "smtp_dns_reply_filter": ('smtp',),
    "smtp_generic_maps": ('smtp',),
    "smtp_header_checks": ('smtp',),
    "smtp_mime_header_checks": ('smtp',),
    "smtp_nested_header_checks": ('smtp',),
    "smtp_pix_workaround_maps": ('smtp',),
    "smtp_reply_filter": ('smtp',),
    "smtp_tls_per_site": ('smtp',),
    "smtp_tls_policy_maps": ('smtp',),
    "smtpd_command_filter": ('smtpd',),
    "smtpd_discard_ehlo_keyword_address_maps": ('postscreen', 'smtpd'),
    "smtpd_dns_reply_filter": ('smtpd',),
    "smtpd_milter_maps": ('smtpd',),
    "smtpd_reject_footer_maps": ('smtpd',),
    "smtpd_sender_login_maps": ('smtpd',),
    "transport_maps": ('trivial-rewrite',),
    "virtual_alias_maps": ('cleanup', 'smtpd'),
    "virtual_delivery_status_filter": ('virtual',),
    "virtual_gid_maps": ('virtual',),
    "virtual_mailbox_maps": ('smtpd', 'virtual'),
    "virtual_uid_maps": ('virtual',),
}

#: Opened at start only under a condition: parameter -> (programs, condition).
CONDITIONAL_TABLE_LISTS: Dict[str, Tuple[Tuple[str, ...], str]] = {
    "smtp_sasl_password_maps": (("smtp",), "only when smtp_sasl_auth_enable = yes"),
    "lmtp_sasl_password_maps": (("lmtp",), "only when lmtp_sasl_auth_enable = yes"),
}

#: Map types compiled into Debian's 3.7.11 (``postconf -m`` without optional packages).
BUILTIN_TYPES = frozenset({"btree", "cidr", "environ", "fail", "hash", "inline", "internal", "memcache",
                           "nis", "pipemap", "proxy", "randmap", "regexp", "socketmap", "static", "tcp",
                           "texthash", "unionmap", "unix"})
#: Map types Debian builds as plugins (``/etc/postfix/dynamicmaps.cf.d``): type -> package.
DEBIAN_PACKAGES = {"pcre": "postfix-pcre", "ldap": "postfix-ldap", "mysql": "postfix-mysql",
                   "pgsql": "postfix-pgsql", "lmdb": "postfix-lmdb", "cdb": "postfix-cdb",
                   "sqlite": "postfix-sqlite"}

#: Map types only some supported releases know: type -> the first release whose dict_open() table has
#: it (``src/util/dict_open.c``; postconf(5) and postfix-versions.md section 3.1: mongodb from 3.9).
#: They are build options (a plugin package where the distribution builds one), so a release that
#: knows the type gets no verdict; an older one logs "unsupported dictionary type" like any typo.
TYPES_SINCE: Dict[str, Release] = {"mongodb": (3, 9, 0)}

_SEPARATORS = ", \t\r\n"


def is_table_list(name: str) -> bool:
    """Postfix opens every entry of ``name`` as a lookup table."""
    return name in TABLE_LISTS or name in CONDITIONAL_TABLE_LISTS


def split_tables(value: str) -> List[str]:
    """maps_create()'s entries: split at commas/whitespace, ``{...}`` groups whole, no empty entries.

    A whole entry in braces is *not* unwrapped: ``{static:ok}`` is the type
    ``{static`` (verified: ``error: unsupported dictionary type: {static``).
    """
    out: List[str] = []
    i, n = 0, len(value)
    while True:
        while i < n and value[i] in _SEPARATORS:
            i += 1
        if i >= n:
            break
        start, level = i, 0
        while i < n:
            ch = value[i]
            if ch == "{":
                level += 1
            elif ch == "}" and level > 0:
                level -= 1
            elif level == 0 and ch in _SEPARATORS:
                break
            i += 1
        out.append(value[start:i])
    return out


def _type_name(entry: str) -> Optional[Tuple[str, str]]:
    dict_type, colon, dict_name = entry.partition(":")
    if not colon or not dict_type or not dict_name:
        return None
    return dict_type, dict_name


#: Table types that open other tables: ``proxy:type:name`` (proxymap opens ``type:name``,
#: ``src/util/dict_proxy.c``), ``unionmap:{type:name, ...}`` and ``pipemap:{...}`` (the reader opens
#: each, ``dict_union.c``, ``dict_pipe.c``).
_WRAPPERS = ("proxy", "unionmap", "pipemap")


def _types_in(entry: str, opener: Optional[str]) -> List[Tuple[str, Optional[str]]]:
    """The table types ``entry`` opens, with the program that opens each when it is not the reader
    (``proxymap`` inside ``proxy:``): [(type, opener)], the entry's own type first."""
    dict_type, _, rest = entry.partition(":")
    out: List[Tuple[str, Optional[str]]] = [(dict_type, opener)]
    if dict_type == "proxy" and _type_name(rest) is not None:
        out.extend(_types_in(rest, "proxymap"))
    elif dict_type in ("unionmap", "pipemap") and rest.startswith("{") and rest.endswith("}"):
        for part in split_tables(rest[1:-1]):
            if _type_name(part) is not None:
                out.extend(_types_in(part, opener))
    return out


def check_table_list(name: str, value: str, release: Release = DEFAULT_RELEASE,
                     programs: Optional[Tuple[str, ...]] = None,
                     known_types: Optional[frozenset] = None) -> List[Verdict]:
    """Verdicts on ``name = value`` (expanded) for a list of lookup tables; [] = every entry opens.

    ``programs`` defaults to the readers in :data:`TABLE_LISTS`;
    ``known_types`` to Debian's built-in types plus its optional ones (which
    get an INFO naming the package).  Stops at the first fatal entry, as
    maps_create() does.  ``release`` decides the types of :data:`TYPES_SINCE`
    (the messages are the same in 3.5 - 3.12).
    """
    condition = ""
    if programs is None:
        if name in TABLE_LISTS:
            programs = TABLE_LISTS[name]
        elif name in CONDITIONAL_TABLE_LISTS:
            programs, condition = CONDITIONAL_TABLE_LISTS[name]
        else:
            programs = ()
    builtin = BUILTIN_TYPES if known_types is None else known_types
    entries = split_tables(value)
    out: List[Verdict] = []
    if not entries and name in CONDITIONAL_TABLE_LISTS and name.endswith("_sasl_password_maps"):
        return [Verdict(name, None, FATAL, programs, "start",
                        f"fatal: specify a password table via the `{name}' configuration parameter",
                        "the SMTP/LMTP client exits at start", ("type:name",), None, "start", condition)]
    for index, entry in enumerate(entries):
        pair = _type_name(entry)
        if pair is None:
            rest = entries[index + 1:index + 2]
            glued = bool(rest and rest[0] == "=") or "=" in entry
            effect = ("every reader exits at start; this looks like a parameter assignment glued onto the "
                      "list by an indented (continued) line" if glued else "every reader exits at start")
            out.append(Verdict(name, entry, FATAL, programs, "start",
                               f'fatal: open dictionary: expecting "type:name" form instead of "{entry}"',
                               effect, ("type:name",), None, "start", condition))
            return out
        for dict_type, opener in _types_in(entry, None):
            if dict_type in builtin or (dict_type in TYPES_SINCE and tuple(release) >= TYPES_SINCE[dict_type]):
                continue
            who = programs if opener is None else (opener,)
            if dict_type in DEBIAN_PACKAGES:
                package = DEBIAN_PACKAGES[dict_type]
                out.append(Verdict(name, entry, INFO, who, "start",
                                   f"error: unsupported dictionary type: {dict_type}",
                                   f"the map type {dict_type} needs the Debian package {package}; without it "
                                   f"every lookup fails and the mail is deferred", (), None, "start", condition,
                                   package))
                continue
            if opener is not None:
                continue  # an unknown type inside proxy: proxymap's reaction is not verified here
            from difflib import get_close_matches

            near = get_close_matches(dict_type, sorted(builtin | set(DEBIAN_PACKAGES)), n=1, cutoff=0.6)
            out.append(Verdict(name, entry, FAILS, programs, "start",
                               f"error: unsupported dictionary type: {dict_type}",
                               "no program exits, but every lookup in this table fails and the mail is deferred "
                               "(smtpd: 451 4.3.0 temporary lookup failure, 451 4.3.5 in restrictions)",
                               tuple(sorted(builtin)), near[0] if near else None, "start", condition))
    return out
