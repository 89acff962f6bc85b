"""Fixed-word parameter values, as each Postfix release judges them (``check_words``).

Every parameter that Postfix compares with a fixed list of words
(``../shared/reference/versions/enum-values.tsv``, read from the source of
3.5.27 - 3.12: the ``NAME_CODE``/``NAME_MASK`` tables, ``name_code()``,
``name_mask*()``, the ``strcasecmp()`` chains) plus compatibility_level's
syntax.  The word lists come from the generated
:mod:`postfix_lint.postfix._values_data`; this module adds what the library
code does with them:

- ``name_code()`` (one word): the whole value is looked up, case-insensitive
  unless the table is strict; ``src/util/name_code.c``;
- ``name_mask_delim_opt()`` (list of words): the value is split at commas and
  whitespace, every word must be in the table, and the failure is
  ``unknown <context> value "<word>" in "<value>"``; ``src/util/name_mask.c``;
- ``tls_protocol_mask()`` (``src/tls/tls_misc.c``): words split at comma,
  whitespace or colon, ``!`` excludes, 3.6+ ``>=V``/``<=V`` bounds.

All functions take the *expanded* value (after ``$name`` expansion) and a
release ``(major, minor, patch)``; the default is Debian 12's 3.7.11.  Boolean
parameters are :mod:`postfix_lint.postfix.values`' job and are not handled here.
"""

from __future__ import annotations

import re
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from postfix_lint.postfix._values_data import ROWS, VALUE_SETS
from postfix_lint.postfix.verdict import DEFAULT_RELEASE, FATAL, IGNORED, INFO, LOGS, Release, Verdict

__all__ = ["check_words", "allowed_words", "checked_names", "check_compatibility_level", "compatibility_defaults",
           "current_compatibility_level", "parse_release"]

#: name_mask()'s separators (CHARS_COMMA_SP: comma, blank, tab, CR, LF).
_MASK_SEP = re.compile(r"[,\s]+")
#: tls_protocol_mask()'s separators: also colon.
_PROTO_SEP = re.compile(r"[,:\s]+")
_FEEDBACK = re.compile(r"_destination_concurrency_(?:positive|negative)_feedback$")
_PREFIX_PROGRAMS = (("lmtp_", ("lmtp",)), ("smtpd_", ("smtpd",)), ("smtp_", ("smtp",)),
                    ("postscreen_", ("postscreen",)), ("tlsproxy_", ("tlsproxy",)))
#: Rows whose message names one fixed parameter whatever the name checked (enum-values notes).
_FIXED_MESSAGE_NAME = {"sender_canonical_classes", "recipient_canonical_classes", "virtual_mailbox_lock",
                       "lmtp_address_verify_target"}

_BY_NAME: Dict[str, dict] = {}
for _row in ROWS:
    for _n in _row["names"]:
        if not _n.startswith("<"):
            _BY_NAME[_n] = _row


def parse_release(text: str) -> Release:
    """'3.7.11' -> (3, 7, 11); '3.12-20260821' -> (3, 12, 0); '3.9' -> (3, 9, 0)."""
    m = re.match(r"^(\d+)\.(\d+)(?:\.(\d+))?", text)
    if not m:
        raise ValueError(f"not a Postfix release: {text!r}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def _row_for(name: str) -> Optional[dict]:
    row = _BY_NAME.get(name)
    if row is None and _FEEDBACK.search(name):
        row = _BY_NAME["default_destination_concurrency_positive_feedback"]
    return row


def checked_names() -> Tuple[str, ...]:
    """Every parameter name :func:`check_words` knows (not the per-transport feedback patterns)."""
    return tuple(sorted(_BY_NAME))


def _branch(release: Release) -> str:
    return f"{release[0]}.{release[1]}"


def _words_for(row: dict, name: str, release: Release) -> Optional[Tuple[str, ...]]:
    """The accepted words in ``release``, or None when the release has no such check.

    A branch's difference (relative to 3.7.11) applies from the patch release
    in VALUE_SETS when value-changes.tsv names one, else to the whole branch.
    """
    words = tuple(row["words"])
    branch = _branch(release)
    diff = row["differences"].get(branch)
    if diff is not None:
        if "*" in diff["absent"] or name in diff["absent"]:
            return None
        first = VALUE_SETS.get(name, {}).get(branch)
        if first is None or release >= parse_release(first):
            if diff["words"] is not None:
                words = tuple(diff["words"])
            words = tuple(w for w in words if w not in diff["remove"]) + tuple(diff["add"])
    return words or None


def allowed_words(name: str, release: Release = DEFAULT_RELEASE) -> Tuple[str, ...]:
    """The words Postfix ``release`` accepts for ``name`` (empty when it checks none)."""
    row = _row_for(name)
    if row is None:
        return ()
    return _words_for(row, name, release) or ()


def _programs(row: dict, name: str) -> Tuple[str, ...]:
    """The programs that read ``name`` itself (others see it only through a ``$name`` default)."""
    if _FEEDBACK.search(name):
        return ("qmgr", "oqmgr")
    for prefix, progs in _PREFIX_PROGRAMS:
        if name.startswith(prefix) and set(progs) & set(row["programs"]):
            return progs
    return tuple(row["programs"])


def _suggest(word: str, allowed: Sequence[str]) -> Optional[str]:
    choices = [w for w in allowed if w]
    lower = {w.lower(): w for w in choices}
    import difflib  # only when a word is wrong

    hit = difflib.get_close_matches(word.lower(), list(lower), n=1, cutoff=0.6)
    return lower[hit[0]] if hit else None


def _in(word: str, allowed: Sequence[str], case_insensitive: bool) -> bool:
    if case_insensitive:
        return word.lower() in {w.lower() for w in allowed}
    return word in allowed


#: Checks that the 3.7.11 daemons make at start although the source table says otherwise
#: (verified in tests/data/value_pairs.tsv): name -> programs that check at start.
_START_ANYWAY = {"postscreen_upstream_proxy_protocol": ("postscreen",), "notify_classes": ("smtpd",)}


def _when(row: dict) -> str:
    return "start" if row["when"].startswith("start") else "first use"


def _template(row: dict, name: str, index: int = 0) -> Tuple[str, str]:
    """(message template, effect) for ``name``: the row's text with the parameter name adjusted."""
    text = row["failure"][index]
    effect = ""
    m = re.search(r" \(([^()]*(?:\([^()]*\)[^()]*)*)\)$", text)
    if m:
        effect = m.group(1)
        text = text[:m.start()]
    if name not in _FIXED_MESSAGE_NAME and not _FEEDBACK.search(name):
        for other in row["names"]:
            if other != name and re.search(rf"\b{re.escape(other)}\b", text):
                text = re.sub(rf"\b{re.escape(other)}\b", name, text)
                break
    if effect.startswith(("lmtp_", "lmtp_... as lmtp")):
        effect = ""
    return text, effect


def _fill(template: str, value: str, word: str = "") -> str:
    return template.replace("<value>", value).replace("<word>", word)


def _verdict(row: dict, name: str, value: str, word: Optional[str], allowed: Sequence[str], *,
             index: int = 0, outcome: Optional[str] = None, when: Optional[str] = None,
             condition: str = "", effect: str = "", programs: Optional[Tuple[str, ...]] = None) -> Verdict:
    template, tail = _template(row, name, index)
    message = _fill(template, value, word or "")
    if outcome is None:
        outcome = FATAL if message.startswith("fatal:") else LOGS
    exits = outcome == FATAL
    return Verdict(
        name=name, word=word, outcome=outcome, programs=programs or _programs(row, name),
        when=when or _when(row), message=message,
        effect=effect or tail or ("the program exits" if exits else ""),
        allowed=tuple(w for w in allowed), suggestion=_suggest(word if word is not None else value, allowed),
        when_detail=row["when"], condition=condition)


# -- the checks ---------------------------------------------------------------------------

def check_compatibility_level(value: str, release: Release = DEFAULT_RELEASE) -> List[Verdict]:
    """compatibility_level's syntax (``mail_params.c``): every program and postconf exit on a bad one.

    3.6+: ``major[.minor[.patch]]`` of decimal numbers (``compat_level_from_string()``),
    else ``fatal: malformed compatibility level syntax: "<value>"``.  3.5: an
    integer (``get_mail_conf_int``); from 3.5.11 a value with a dot is mapped
    through ``atoi()`` (the digits before the first dot must still be a number).
    """
    row = _BY_NAME["compatibility_level"]
    programs = ("*",)
    if release >= (3, 6, 0):
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+){0,2}", value) and all(
                len(p.lstrip("0") or "0") <= 9 for p in value.split(".")):
            return []
        return [Verdict("compatibility_level", None, FATAL, programs, "start",
                        f'fatal: malformed compatibility level syntax: "{value}"',
                        "every Postfix program (and postconf) exits", when_detail=row["when"],
                        allowed=("major[.minor[.patch]]",))]
    from postfix_lint.postfix.values import conv_int

    text = value
    if release >= (3, 5, 11) and "." in value:
        text = value.split(".", 1)[0]
    if conv_int(text) is not None:
        return []
    return [Verdict("compatibility_level", None, FATAL, programs, "start",
                    f"fatal: bad numerical configuration: compatibility_level = {value}",
                    "every Postfix program (and postconf) exits", when_detail=row["when"],
                    allowed=("an integer",))]


#: check_legacy_defaults() (mail_params.c): below level L, these parameters, when not set, keep the
#: legacy default (reference postfix-versions.md section 3.5): (L, first release with the flag, names).
_LEGACY = (
    ((1,), (3, 0, 0), ("append_dot_mydomain", "smtputf8_enable", "smtpd_relay_restrictions",
                       "chroot (master.cf)")),
    ((2,), (3, 0, 0), ("relay_domains", "fast_flush_domains", "mynetworks_style")),
    ((3, 6), (3, 6, 0), ("smtp_tls_fingerprint_digest", "smtpd_tls_fingerprint_digest",
                         "lmtp_tls_fingerprint_digest", "smtpd_relay_before_recipient_restrictions",
                         "respectful_logging")),
    ((3, 11), (3, 11, 0), ("smtp_tls_security_level", "smtp_tlsrpt_skip_reused_handshakes",
                           "tlsproxy_client_security_level")),
)


def current_compatibility_level(release: Release = DEFAULT_RELEASE) -> str:
    """The release's LAST (current) compatibility level: 2 (3.5), 3.6 (3.6 - 3.10), 3.11 (3.11+)."""
    if release < (3, 6, 0):
        return "2"
    return "3.6" if release < (3, 11, 0) else "3.11"


def _level_tuple(value: str) -> Optional[Tuple[int, ...]]:
    if not re.fullmatch(r"[0-9]+(?:\.[0-9]+){0,2}", value):
        return None
    return tuple(int(p) for p in value.split("."))


def compatibility_defaults(value: Optional[str], release: Release = DEFAULT_RELEASE,
                           set_names=()) -> List[Verdict]:
    """INFO when compatibility_level (None = unset: level 0) is below the release's current level.

    Names the parameters that then keep their legacy defaults (those not in
    ``set_names``), as ``postfix start`` announces at every start ("Postfix is
    using backwards-compatible default settings"; 3.5/3.6: "is running with").
    A malformed value gives [] (check_compatibility_level's fatal).
    """
    level = (0,) if value is None else _level_tuple(value)
    if level is None:
        return []
    if release < (3, 6, 0):
        level = (level[0],)
    current = _level_tuple(current_compatibility_level(release))
    if level >= current:
        return []
    names = [n for threshold, since, group in _LEGACY if since <= release and level < threshold
             for n in group if n not in set(set_names)]
    if not names:
        return []
    wording = "is running with" if release < (3, 7, 0) else "is using"
    return [Verdict("compatibility_level", None, INFO, ("postfix",), "start",
                    f"Postfix {wording} backwards-compatible default settings",
                    "legacy defaults apply to: " + ", ".join(names), (current_compatibility_level(release),),
                    current_compatibility_level(release), "postfix start, and a log line each time a "
                    "legacy default is used")]


def _check_mask(row, name, value, words, *, sep=_MASK_SEP) -> List[Verdict]:
    ci = row["case_insensitive"]
    ignored = row["failure"][0].startswith("none")
    for word in filter(None, sep.split(value)):
        if not _in(word, words, ci):
            if ignored:
                return [Verdict(name, word, IGNORED, _programs(row, name), _when(row), "",
                                "the word is silently ignored", tuple(words), _suggest(word, words),
                                row["when"])]
            return [_verdict(row, name, value, word, words)]
    return []


def _check_one(row, name, value, words, release) -> List[Verdict]:
    ci = row["case_insensitive"]
    when_text = row["when"]
    if name in ("smtpd_tls_security_level", "postscreen_tls_security_level", "tlsproxy_tls_security_level") \
            and value.lower() in ("fingerprint", "verify", "secure"):
        return [Verdict(name, None, LOGS, _programs(row, name), "start",
                        f'warning: {name}: unsupported TLS level "{value}", using "encrypt"',
                        "the server acts as if the level were encrypt", tuple(words), None, when_text)]
    if _in(value, words, ci):
        return []
    if value == "" and ("empty" in when_text or "non-empty" in when_text or name in _EMPTY_OK):
        return []
    if value == "" and _min_length(name):
        return []  # "bad string length 0 < 1": PF122's verdict (postfix.values), earlier in the same program
    if name == "header_from_format" and release < (3, 7, 0):
        return [Verdict(name, None, FATAL, ("cleanup",), "start",
                        f"fatal: invalid setting: header_from_format = {value}", "cleanup exits",
                        tuple(words), _suggest(value, words), when_text)]
    if name == "milter_default_action":
        return [_verdict(row, name, value, None, words, outcome=LOGS, when="first use",
                         effect="only when a milter fails: the reply becomes 451 4.3.5 Server "
                                "configuration problem - try again later")]
    if name in ("smtpd_sasl_type", "smtp_sasl_type", "lmtp_sasl_type"):
        side = "server" if name == "smtpd_sasl_type" else "client"
        fatal = ("fatal: SASL per-process initialization failed" if side == "server"
                 else "fatal: SASL library initialization")
        enable = name.replace("_type", "_auth_enable")
        return [Verdict(name, None, FATAL, _programs(row, name), "start", fatal,
                        f"after warning: unsupported SASL {side} implementation: {value}",
                        tuple(words), _suggest(value, words), when_text, f"only when {enable} = yes")]
    condition = ""
    if name == "smtpd_tls_security_level":
        condition = "not when smtpd_tls_wrappermode = yes"
    elif name == "smtpd_proxy_options":
        condition = "only when smtpd_proxy_filter is set"
    return [_verdict(row, name, value, None, words, condition=condition)]


#: One-word checks where an empty value is a legal "off" (besides the when-column notes).
_EMPTY_OK = {"smtpd_upstream_proxy_protocol", "smtpd_tls_security_level", "postscreen_tls_security_level",
             "tlsproxy_tls_security_level"}


def _min_length(name: str) -> int:
    from postfix_lint.postfix import params

    p = params.get(name)
    return (p.min or 0) if p is not None and p.type in ("str", "raw", "str_fn") else 0


def _check_protocols(row, name, value, words, release) -> List[Verdict]:
    bounds = tuple(row["bound_words"]) if release >= (3, 6, 0) else ()
    for word in filter(None, _PROTO_SEP.split(value)):
        bare = word[1:] if word.startswith("!") else word
        if bounds and word[:2] in (">=", "<="):
            target = word[2:]
            if _in(target, bounds, True) or re.fullmatch(r"0[xX][0-9a-fA-F]+", target):
                continue
        elif _in(bare, words, True):
            continue
        effect = ("smtpd disables STARTTLS; smtp/lmtp abort every TLS session"
                  if "protocols" in name else "")
        suggestion = _suggest(bare, words)
        if bounds and word[:2] in (">=", "<="):  # a bad bound: the nearest bound of the same direction
            suggestion = _suggest(word, [word[:2] + b for b in bounds if b != "None"])
        if not bounds and word[:2] in (">=", "<=") and "protocols" in name:
            # a 3.6+ bound: the nearest word (">=TLSv1.2" -> "TLSv1.2") would change the protocols;
            # name the exclusions that mean the same before 3.6 instead
            suggestion = None
            same = _bound_as_exclusions(word, words)
            effect += ("; the >= and <= bounds are accepted from Postfix 3.6"
                       + (f', before it write "{same}" for the same protocols' if same else ""))
        message = (f'warning: Invalid TLS protocol list "{value}": disabling TLS support'
                   if name.startswith(("smtpd_", "tlsproxy_tls", "postscreen_")) else
                   f'warning: <host[addr]:port>: Invalid TLS protocol list "{value}": aborting TLS session')
        return [Verdict(name, word, LOGS, _programs(row, name), "first use", message, effect,
                        tuple(words) + tuple(f">={b}" for b in bounds) + tuple(f"<={b}" for b in bounds),
                        suggestion, row["when"])]
    return []


def _bound_as_exclusions(word: str, protocols: Sequence[str]) -> str:
    """A 3.6+ protocol bound as the equivalent older exclusion list (``tls_protocol_mask()``,
    ``src/tls/tls_misc.c``): ">=TLSv1.2" -> "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1"; "" when unknown.

    ``protocols``: the release's protocol words, oldest first."""
    order = [p for p in protocols if p]
    lower = [b.lower() for b in order]
    target = word[2:].lower()
    if target not in lower:
        return ""
    i = lower.index(target)
    excluded = order[:i] if word.startswith(">=") else order[i + 1:]
    return ", ".join(f"!{b}" for b in excluded)


def _check_hex_or_words(row, name, value, words) -> List[Verdict]:
    for word in filter(None, _MASK_SEP.split(value)):
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", word) or _in(word, words, True):
            continue
        return [_verdict(row, name, value, word, words, outcome=LOGS, when="first use")]
    return []


def _check_feedback(row, name, value) -> List[Verdict]:
    """qmgr's feedback syntax (``qmgr_feedback.c``): ``N`` or ``N/D``, D a number or "concurrency"."""
    number = r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+"
    m = re.fullmatch(rf"\s*({number})\s*(?:/\s*({number}|[A-Za-z_]+)\s*)?", value)
    if m and (m.group(2) is None or not m.group(2)[0].isalpha() or m.group(2).lower() == "concurrency"):
        return []
    return [Verdict(name, None, LOGS, ("qmgr", "oqmgr"), "first use",
                    f"warning: {name}: ignoring malformed or unreasonable feedback: {value}",
                    "the queue manager uses 1 instead", ("N", "N/D", "N/concurrency"), None, row["when"])]


def _check_tls_config_file(row, name, value) -> List[Verdict]:
    if value in ("default", "none") or value.startswith("/"):
        return []
    return [_verdict(row, name, value, None, ("default", "none", "/absolute/path"), outcome=LOGS,
                     when="first use", effect="TLS is disabled in every program that uses it")]


def _check_permissions(row, name, value, words) -> List[Verdict]:
    if value.lstrip("0") in words:
        return []
    return [_verdict(row, name, value, None, words, outcome=LOGS,
                     effect="the maillog file keeps its default permissions")]


def _check_requiretls(row, name, value, words) -> List[Verdict]:
    for word in filter(None, _MASK_SEP.split(value)):
        if ":" in word or _in(word, words, True):
            continue
        return [_verdict(row, name, value, word, words, outcome=LOGS, when="first use",
                         effect="the rest of the policy is ignored")]
    return []


def _check_milter_protocol(row, name, value, words) -> List[Verdict]:
    for word in filter(None, _MASK_SEP.split(value)):
        if not _in(word, words, True):
            return [_verdict(row, name, value, word, words, outcome=LOGS, when="first use",
                             effect="every milter connection fails and milter_default_action applies")]
    return []


def _check_sasl_options(row, name, value, words, context) -> List[Verdict]:
    dovecot = name.startswith("smtpd_") and context is not None and \
        context.get("smtpd_sasl_type", "cyrus") == "dovecot"
    for word in filter(None, _MASK_SEP.split(value)):
        if _in(word, words, dovecot):
            continue
        if dovecot:
            return [Verdict(name, word, FATAL, ("smtpd",), "first use",
                            f'fatal: unknown xsasl_dovecot_server_create value "{word}" in "{value}"',
                            "smtpd exits when SASL is first used", tuple(words), _suggest(word, words),
                            row["when"], "smtpd_sasl_type = dovecot")]
        return [_verdict(row, name, value, word, words, outcome=LOGS, when="first use",
                         effect="authentication fails")]
    return []


def check_words(name: str, value: str, release: Release = DEFAULT_RELEASE,
                context: Optional[Mapping[str, str]] = None) -> List[Verdict]:
    """Postfix ``release``'s verdicts on ``name = value`` (expanded); [] = accepted or not a word parameter.

    ``context``: optional expanded values of other parameters, for the few
    checks that depend on them (smtpd_sasl_type for the SASL security
    options); other conditions are reported in ``Verdict.condition``.
    Raises nothing for any string input.
    """
    if name == "compatibility_level":
        return check_compatibility_level(value, release)
    row = _row_for(name)
    if row is None:
        return []
    if value == "" and _min_length(name):
        return []  # "bad string length 0 < 1": PF122's verdict (postfix.values), before any word check
    found = _check(row, name, value, release, context)
    if name in _START_ANYWAY:
        found = _split_start(found, _START_ANYWAY[name])
    return found


def _split_start(found: List[Verdict], at_start: Tuple[str, ...]) -> List[Verdict]:
    out = []
    for v in found:
        rest = tuple(p for p in v.programs if p not in at_start)
        out.append(Verdict(**{**v.__dict__, "programs": tuple(p for p in v.programs if p in at_start)
                              or at_start, "when": "start"}))
        if rest and v.when != "start":
            out.append(Verdict(**{**v.__dict__, "programs": rest}))
    return out


def _check(row: dict, name: str, value: str, release: Release,
           context: Optional[Mapping[str, str]]) -> List[Verdict]:
    if name == "smtpd_forbid_bare_newline":
        first = VALUE_SETS[name].get(_branch(release))
        if first is not None and release < parse_release(first):
            return []  # a boolean there (or absent): PF120's job
    if _FEEDBACK.search(name):
        return _check_feedback(row, name, value)
    arity = row["arity"]
    if name == "tls_config_file":
        return _check_tls_config_file(row, name, value)
    words = _words_for(row, name, release)
    if words is None:
        return []
    if name == "maillog_file_permissions":
        return _check_permissions(row, name, value, words)
    if name.endswith("_requiretls_policy"):
        return _check_requiretls(row, name, value, words)
    if name == "milter_protocol":
        return _check_milter_protocol(row, name, value, words)
    if "_sasl_" in name and name.endswith("security_options"):
        return _check_sasl_options(row, name, value, words, context)
    if "separated by comma, whitespace or colon" in arity:
        return _check_protocols(row, name, value, words, release)
    if "0x hex masks" in arity:
        return _check_hex_or_words(row, name, value, words)
    if arity.startswith("exactly one word"):
        found = _check_mask(row, name, value, words)
        if found:
            return found
        if len([w for w in _MASK_SEP.split(value) if w]) != 1:
            return [_verdict(row, name, value, None, words, index=1)]
        return []
    if arity.startswith("list of words"):
        found = _check_mask(row, name, value, words)
        if found and found[0].outcome == FATAL and row["when"].startswith("first use"):
            found = [Verdict(**{**found[0].__dict__, "when": "first use"})]
        if found and name in ("smtp_tls_loglevel", "lmtp_tls_loglevel", "smtpd_tls_loglevel",
                              "tlsproxy_tls_loglevel", "tlsproxy_client_loglevel", "postscreen_tls_loglevel"):
            found = [Verdict(**{**found[0].__dict__, "outcome": LOGS, "when": "first use",
                                "effect": "no TLS logging"})]
        return found
    if arity == "one word":
        return _check_one(row, name, value, words, release)
    return []
