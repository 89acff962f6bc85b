"""smtpd restriction lists: names per release, restriction classes, the relay requirement.

From ``src/smtpd/smtpd_check.c`` (``smtpd_check_init()``, ``generic_checks()``)
and the installed 3.7.11 smtpd (tests/data/value_pairs.tsv):

- restriction names are compared case-insensitively; an unknown name, or a
  ``check_*_access`` without a ``type:name`` argument, is judged only when
  mail uses the list: smtpd logs ``warning: unknown smtpd restriction:
  "<name>"`` and answers ``451 4.3.5 Server configuration error``;
- 3.9 removed check_relay_domains, reject_maps_rbl and permit_naked_ip_address:
  every mail that reaches them gets the 451 (earlier releases only warn);
- every class listed in smtpd_restriction_classes needs a non-empty
  definition, else smtpd exits at start:
  ``fatal: restriction class `<name>' needs a definition``;
- at start, smtpd_relay_restrictions or (when that is empty)
  smtpd_recipient_restrictions must name one of reject_unauth_destination,
  defer_unauth_destination, reject, defer, defer_if_permit or
  check_relay_domains (a restriction class counts through its definition),
  else smtpd exits.  Its default is compatibility_level-dependent (empty
  below level 1), so an unset compatibility_level with no relay restriction
  is the classic "smtpd dies after the upgrade".

Functions take the *expanded* values.
"""

from __future__ import annotations

import re
from typing import Dict, List, Mapping, Optional, Sequence

from postfix_lint.postfix.verdict import DEFAULT_RELEASE, FATAL, INFO, LOGS, Release, Verdict

__all__ = ["RESTRICTIONS", "WITH_ARGUMENT", "REMOVED_IN_3_9", "known_restrictions", "split_restrictions",
           "check_restriction_list", "check_restriction_classes", "check_relay_requirement",
           "RELAY_REQUIRED"]

#: Restrictions that take the next word as argument (a table, a domain, a service, seconds).
WITH_ARGUMENT = frozenset({
    "check_client_access", "check_client_a_access", "check_client_mx_access", "check_client_ns_access",
    "check_reverse_client_hostname_access", "check_reverse_client_hostname_a_access",
    "check_reverse_client_hostname_mx_access", "check_reverse_client_hostname_ns_access",
    "check_helo_access", "check_helo_a_access", "check_helo_mx_access", "check_helo_ns_access",
    "check_sender_access", "check_sender_a_access", "check_sender_mx_access", "check_sender_ns_access",
    "check_recipient_access", "check_recipient_a_access", "check_recipient_mx_access",
    "check_recipient_ns_access", "check_etrn_access", "check_ccert_access", "check_sasl_access",
    "check_policy_service", "reject_rbl_client", "reject_rhsbl_client", "reject_rhsbl_reverse_client",
    "reject_rhsbl_helo", "reject_rhsbl_sender", "reject_rhsbl_recipient", "permit_dnswl_client",
    "permit_rhswl_client", "sleep",
})
#: Restriction names without argument that smtpd 3.7.11 knows.
_PLAIN = frozenset({
    "permit", "reject", "defer", "defer_if_permit", "defer_if_reject", "warn_if_reject",
    "reject_unauth_destination", "defer_unauth_destination", "permit_auth_destination",
    "permit_mynetworks", "permit_sasl_authenticated", "permit_tls_clientcerts",
    "permit_tls_all_clientcerts", "permit_inet_interfaces", "permit_mx_backup", "reject_unauth_pipelining",
    "reject_unknown_client_hostname", "reject_unknown_client", "reject_unknown_reverse_client_hostname",
    "reject_unknown_helo_hostname", "reject_unknown_hostname", "reject_invalid_helo_hostname",
    "reject_invalid_hostname", "reject_non_fqdn_helo_hostname", "reject_non_fqdn_hostname",
    "reject_unknown_sender_domain", "reject_unknown_recipient_domain", "reject_non_fqdn_sender",
    "reject_non_fqdn_recipient", "reject_unlisted_sender", "reject_unlisted_recipient",
    "reject_unverified_sender", "reject_unverified_recipient", "reject_multi_recipient_bounce",
    "reject_sender_login_mismatch", "reject_authenticated_sender_login_mismatch",
    "reject_known_sender_login_mismatch", "reject_unauthenticated_sender_login_mismatch",
    "reject_plaintext_session", "check_relay_domains", "reject_maps_rbl", "permit_naked_ip_address",
})
RESTRICTIONS = _PLAIN | WITH_ARGUMENT
REMOVED_IN_3_9 = {"check_relay_domains": "reject_unauth_destination",
                  "reject_maps_rbl": "reject_rbl_client domain-name",
                  "permit_naked_ip_address": "permit_mynetworks or permit_sasl_authenticated"}
#: The words that satisfy smtpd's relay requirement (smtpd_check.c).
RELAY_REQUIRED = ("reject_unauth_destination", "defer_unauth_destination", "reject", "defer",
                  "defer_if_permit", "check_relay_domains")
RELAY_MESSAGE = ("fatal: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at "
                 "least one working instance of: reject_unauth_destination, defer_unauth_destination, "
                 "reject, defer, defer_if_permit or check_relay_domains")
_SEP = re.compile(r"[,\s]+")


def known_restrictions(release: Release = DEFAULT_RELEASE) -> frozenset:
    """Restriction names smtpd ``release`` executes (3.9+ without the three removed ones)."""
    if release >= (3, 9, 0):
        return RESTRICTIONS - set(REMOVED_IN_3_9)
    return RESTRICTIONS


def split_restrictions(value: str) -> List[str]:
    """The words of a restriction list: commas and whitespace separate, ``{...}`` stays one word."""
    from postfix_lint.postfix.tables import split_tables

    return split_tables(value)


def check_restriction_list(name: str, value: str, release: Release = DEFAULT_RELEASE,
                           classes: Sequence[str] = ()) -> List[Verdict]:
    """Verdicts on the restriction list ``name = value``: unknown and removed restriction names.

    ``classes``: the names in smtpd_restriction_classes (they are valid
    words here).  Words with a colon are tables (tables.py judges them); the
    word after a restriction in :data:`WITH_ARGUMENT` is its argument.  Both
    outcomes are LOGS at first use: smtpd logs and answers 451 4.3.5.
    """
    out: List[Verdict] = []
    known = known_restrictions(release)
    class_set = set(classes)
    words = split_restrictions(value)
    effect = "every mail that reaches it gets 451 4.3.5 Server configuration error"
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        lower = word.lower()
        if word.startswith("{"):
            out.extend(_braced_verdicts(name, word, effect))
            continue
        if ":" in word:
            out.extend(_table_verdicts(name, word))
            continue
        if word in class_set:
            continue
        if lower in WITH_ARGUMENT:
            argument = words[index] if index < len(words) else None
            index += 1
            if lower.endswith("_access") and argument is not None and argument.startswith("{"):
                out.extend(_braced_verdicts(name, argument, effect))
                continue
            if lower.endswith("_access"):
                shown = argument if argument is not None else word  # smtpd names the restriction itself
                if argument is None or ":" not in argument:
                    out.append(Verdict(name, shown, LOGS, ("smtpd",), "first use",
                                       f'warning: restriction {lower}: bad argument "{shown}": need '
                                       f"maptype:mapname", effect, ("type:name",), None,
                                       "when mail reaches the restriction"))
                else:
                    out.extend(_table_verdicts(name, argument))
            continue
        if lower in known:
            continue
        if lower in REMOVED_IN_3_9:
            out.append(Verdict(name, word, LOGS, ("smtpd",), "first use",
                               f'warning: support for restriction "{lower}" has been removed in Postfix 3.9; '
                               f'instead, specify "{REMOVED_IN_3_9[lower]}"', effect,
                               (REMOVED_IN_3_9[lower],), REMOVED_IN_3_9[lower].split()[0],
                               "when mail reaches the restriction"))
            continue
        from difflib import get_close_matches

        near = get_close_matches(lower, sorted(known), n=1, cutoff=0.7)
        out.append(Verdict(name, word, LOGS, ("smtpd",), "first use",
                           f'warning: unknown smtpd restriction: "{word}"', effect, (),
                           near[0] if near else None, "when mail reaches the restriction"))
    return out


def _table_verdicts(name: str, entry: str) -> List[Verdict]:
    """A table in a restriction list: an unknown type fails every lookup (logged per use)."""
    from postfix_lint.postfix.tables import check_table_list

    out = []
    for v in check_table_list(name, entry, programs=("smtpd",)):
        if v.message.startswith("error: unsupported dictionary type: "):
            dict_type = v.message.rsplit(": ", 1)[1]
            out.append(Verdict(**{**v.__dict__, "when": "first use",
                                  "message": f"warning: {entry} is unavailable. unsupported dictionary type: "
                                             f"{dict_type}",
                                  "effect": "every mail that reaches it gets 451 4.3.5 <client>: ... "
                                            "Server configuration error",
                                  "when_detail": "when mail reaches the restriction (smtpd logs "
                                                 f"error: unsupported dictionary type: {dict_type} at start)"}))
        elif v.outcome != FATAL:
            out.append(v)
    return out


def _braced_verdicts(name: str, word: str, effect: str) -> List[Verdict]:
    """A ``{...}`` word in a restriction list: smtpd opens its content as a table (smtpd_check.c).

    Verified for smtpd_client_restrictions with 3.7.11: every braced table,
    ``{static:OK}`` as much as ``{hsah:/x}`` (also as the argument of
    check_client_access), logs ``check_domain_access: unexpected dictionary``
    and answers 451; ``{reject}`` (no table) is an unknown restriction.
    """
    inner = word[1:-1].strip(" \t\r\n,") if word.endswith("}") else word[1:]
    if ":" not in inner:
        return [Verdict(name, word, LOGS, ("smtpd",), "first use", f'warning: unknown smtpd restriction: "{word}"',
                        effect, (), None, "when mail reaches the restriction (smtpd warns at start: "
                        f"malformed map specification: '{word}')")]
    return [Verdict(name, word, LOGS, ("smtpd",), "first use",
                    f"warning: check_domain_access: unexpected dictionary: {word}", effect,
                    (inner,), inner, "when mail reaches the restriction (verified in smtpd_client_restrictions)")]


def check_restriction_classes(classes_value: str, definitions: Mapping[str, Optional[str]]) -> List[Verdict]:
    """smtpd's start-up check of smtpd_restriction_classes.

    ``definitions``: class name -> its expanded value (None = not set).  The
    first class without a non-empty definition makes smtpd exit; Postfix
    stops there, so at most one FATAL is returned first, the others follow
    as the same fatal (each would stop smtpd once the earlier one is fixed).
    """
    out = []
    for cls in split_restrictions(classes_value):
        if not (definitions.get(cls) or "").strip():
            out.append(Verdict("smtpd_restriction_classes", cls, FATAL, ("smtpd",), "start",
                               f"fatal: restriction class `{cls}' needs a definition",
                               "smtpd exits at start", (), None, "start"))
    return out


def check_relay_requirement(relay_restrictions: str, recipient_restrictions: str,
                            definitions: Optional[Mapping[str, Optional[str]]] = None) -> List[Verdict]:
    """smtpd's start-up relay check on the expanded smtpd_relay_restrictions / smtpd_recipient_restrictions.

    The caller expands smtpd_relay_restrictions with its
    compatibility_level-dependent default (empty below level 1).  A word
    counts when it is in :data:`RELAY_REQUIRED` (case-insensitive), or is a
    restriction class (``definitions``) whose definition contains one.
    """
    definitions = definitions or {}

    def working(value: str, depth: int = 0) -> bool:
        for word in split_restrictions(value):
            if word.lower() in RELAY_REQUIRED:
                return True
            if depth < 10 and definitions.get(word) and working(definitions[word] or "", depth + 1):
                return True
        return False

    if working(relay_restrictions) or working(recipient_restrictions):
        return []
    return [Verdict("smtpd_relay_restrictions", None, FATAL, ("smtpd",), "start", RELAY_MESSAGE,
                    "smtpd exits at every start", RELAY_REQUIRED, None, "start")]
