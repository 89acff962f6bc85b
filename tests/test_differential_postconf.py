"""The linter against the real ``postconf -n`` of the installed Postfix, file by file.

The installed release (3.7.11 on Debian 12, 3.10.13 on Debian 13) is detected
by ``releases.system_version()`` and is the linter's ``target_version``; the
other releases are compared in tests/test_differential_releases.py.

For every corpus file (and a set of edge cases with their own master.cf):

(a) the parameters and values the linter reads equal what ``postconf -c DIR
    -n`` prints.  postconf prints only names it knows or finds used (the
    others are its "unused parameter" warnings), drops read-only names,
    collapses runs of SP/TAB/CR/LF into one space (``pcf_print_line()``) and
    adds ``config_directory = DIR`` for ``-c``, which the harness removes;
    the linter's side is helpers.postconf_n() of :class:`postfix_lint.analyse.names.Analysis`;
(b) the linter's unknown-parameter (PF110) names equal postconf's
    ``DIR/main.cf: unused parameter: NAME=...`` warnings;
(c) its undefined-parameter-reference (PF112) names equal postconf's
    ``DIR/main.cf: undefined parameter: NAME`` warnings.

Both sides get the same master.cf: a corpus file has none, so postconf gets
Debian's default (``/usr/share/postfix/master.cf.dist``) and the linter its
built-in default services (``test_default_master_cf_agrees`` checks they
agree).

Files on which postconf itself exits are compared with what the linter
reports instead (``FATAL_EXPECTATIONS``): a missing ``=`` is PF001 on the
same line, a macro processing error is PF113.  One is a documented
exception: postconf checks ``inet_protocols`` itself
(``unknown inet_protocols value``), which no linter rule does.

The tests skip, saying why, when ../shared (the corpus) is absent or Postfix
is not installed; CI (.ci/run) installs Postfix, so they always run there.

Reproduce the README figures with::

    .venv/bin/python tests/test_differential_postconf.py
"""

from __future__ import annotations

import functools
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from conftest import CORPUS, ROOT, corpus_files, no_shared_param, postfix_installed, require_corpus  # noqa: E402
from helpers import installed_release, postconf_n  # noqa: E402

from postfix_lint.read import master_cf as mastercf  # noqa: E402
from postfix_lint.analyse import names
from postfix_lint.analyse.context import Context  # noqa: E402
from postfix_lint.engine import Settings, run  # noqa: E402
from postfix_lint.analyse.definitions import Definitions  # noqa: E402
from postfix_lint.postfix import profiles  # noqa: E402
from postfix_lint.read.main_cf import parse_bytes  # noqa: E402

UNUSED = re.compile(r"^warning: DIR/main\.cf: unused parameter: ([^=]*)=")
UNDEFINED = re.compile(r"^warning: DIR/main\.cf: undefined parameter: (.*)$")
FATAL_LINE = re.compile(r"^fatal: DIR/main\.cf, line (\d+): missing '=' after attribute name")

#: Corpus files on which postconf exits, and why.  The value says what the
#: linter must report instead ("PF001@LINE": missing '=' on that line;
#: "PF113:NAME": a macro syntax error in NAME), or "exception: ..." for a
#: known, explained gap.
FATAL_EXPECTATIONS = {
    "082_gdewey_postfix-rspamd-gateway_configs-postfix-main.cf": "PF001@132",
    "155_PayungsakCNR_haproxyforgsuitandpostfix_main.cf": "PF001@3",
    "170_skulstadv_mailstack_files-postfix-main-main.cf": "PF001@36",
    "094_invokr_docker-mail_config-postfix-main.cf": "PF113:myhostname",
    "090_i-MSCP_imscp_configs-debian-postfix-main.cf": (
        "exception: postconf computes the host-specific defaults itself and exits on a bad inet_protocols"
        ' value ("{MTA_INET_PROTOCOLS}", an unfilled template); no linter rule checks that keyword list'),
}

#: Edge cases with a master.cf of their own (None: Debian's default).  Each
#: exercises one rule of postconf's name logic (linter/names.py).
MASTER_CUSTOM = (
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "  -o smtpd_client_restrictions=$my_client_checks\n"
    "  -o { smtpd_restriction_classes = local_class }\n"
    "  -o milter_macro_daemon_name=$local_only_name\n"
    "relay2    unix  -       -       y       -       -       smtp\n"
    "dovecot   unix  -       n       n       -       -       pipe\n"
    "  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -d ${recipient}\n"
    "slowlmtp  unix  -       -       n       -       -       lmtp -vo smtp_helo_name=$fromlocal\n"
    "  -oinet_protocols=ipv4\n"
    "10.0.0.1:2525 inet n   -       n       -       -       smtpd\n"
)
EDGE_CASES: List[Tuple[str, str, Optional[str]]] = [
    ("typos", "mydistination = a\nmyhostname = b\nsmtpd_banner = $myhostname $mydomian\n", None),
    ("user names via $ and classes",
     "smtpd_restriction_classes = cls1, cls2 $extra\ncls1 = permit\ncls2 = x\nextra = cls3\ncls3 = y\n"
     "zzz = $foo\nfoo = 1\nnocls_used = 2\n", None),
    ("undefined restriction class", "smtpd_restriction_classes = nocls\n", None),
    ("read-only", "process_id = 5\nprocess_name = x\nservice_name = y\nfoo = $process_id\n", None),
    ("raw parameters are not scanned", "smtpd_reject_footer = $foo\nmailbox_command = $bar\nfoo = 1\n", None),
    ("legacy names", "virtual_maps = hash:/x\nfallback_relay = a\nx = $authorized_verp_clients\n", None),
    ("database names",
     "alias_maps = ldap:foo, proxy:mysql:bar, {ldap:kk}, inline:{ldap:jj}\nfoo_server_host = x\nfoo_bogus = y\n"
     "bar_hosts = x\nkk_server_host = 1\njj_bind = no\n", None),
    ("database names through expansion",
     "alias_maps = ${mm}\nmm = ldap:qq\nqq_server_host = x\nvirtual_alias_maps = ldap:$nm\nnm = zz\n"
     "zz_server_host = x\nrelay_domains = ${myhostname?ldap:yy}\nyy_domain = 1\n", None),
    ("database names: not from user-defined values, not #ldap:, not ldap:.x",
     "foo = ldap:bar\nbar_server_host = x\ntransport_maps = hash:/a #ldap:kk ldap:k2\nkk_server_host = 1\n"
     "k2_server_host = 1\n"
     "canonical_maps = ldap:.dot\n.dot_server_host = 1\nsender_canonical_maps = ldap:{ww}\nww_server_host = 1\n",
     None),
    ("per-transport names, default master.cf",
     "relay_destination_rate_delay = 1s\nfoo_destination_rate_delay = 2s\nuucp_time_limit = 3\n"
     "smtp_time_limit = 4\nlocal_destination_concurrency_limit = 2\n", None),
    ("per-transport names, own master.cf",
     "relay_destination_rate_delay = 1s\nrelay2_destination_rate_delay = 1s\ndovecot_time_limit = 10\n"
     "dovecot_destination_recipient_limit = 1\nslowlmtp_destination_concurrency_limit = 2\n"
     "uucp_time_limit = 3\nsmtp_destination_rate_delay = 1\n10.0.0.1:2525_time_limit = 1\n", MASTER_CUSTOM),
    ("names used and defined in master.cf -o",
     "my_client_checks = permit_mynetworks\nlocal_only_name = x\nlocal_class = permit\nfromlocal = a\n"
     "unused_here = 1\nx = $smtpd_client_restrictions $inet_protocols $defined_nowhere\n", MASTER_CUSTOM),
    ("whitespace normalisation", "mynetworks = a    b\n\tc\nsmtpd_banner = x\t y\r\n  z\n", None),
    ("conditionals and relational operands",
     "smtpd_banner = ${a?{$b}:{$c}} ${{$d}=={$e}?{$f}} $$g\na = 1\nb = 2\n", None),
    ("compatibility level operator", "smtputf8_enable = ${{$compatibility_level} <level {1} ? {no} : {yes}}\n", None),
    ("macro error in an unknown name", "foo = $x$\nbar = ${y\n", None),
    ("empty names", "foo = ${ } ${?x}\nbar = $foo\n", None),
    ("non-ASCII names (postconf prints each such byte as ?)",
     "\ufeffmyhostname = x\nn\u00e9 = 1\nz = $n\u00e9x\n", None),
    ("postconf splits -oNAME=VALUE at each later o",  # "-osyslog_name=slow" is "-osysl" "-og_name=sl" "-ow"
     "smtpd_banner = $g_name $syslog_name_x\n", "slow unix - - n - - lmtp -osyslog_name=slow\n"),
]


@dataclass
class Outcome:
    """Both sides for one input."""

    name: str
    postconf_values: Dict[str, str]
    postconf_messages: List[str]
    analysis: names.Analysis
    problems: list
    unused: Set[str] = field(default_factory=set)
    undefined: Set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.unused = {m.group(1) for m in map(UNUSED.match, self.postconf_messages) if m}
        self.undefined = {m.group(1) for m in map(UNDEFINED.match, self.postconf_messages) if m}

    @property
    def fatal(self) -> Optional[str]:
        return next((m for m in self.postconf_messages if m.startswith(("fatal:", "panic:"))), None)

    def codes(self, code: str) -> List:
        return [p for p in self.problems if p.code == code]


def _require() -> None:
    require_corpus()
    if not postfix_installed():
        pytest.skip("Postfix not installed: apt-get install postfix (CI installs it; see .ci/run)")


def linter_settings(master_text: Optional[str], version: Optional[str] = None) -> Settings:
    """The linter targets the installed release (the one place: releases.system_version()), or ``version``."""
    import releases

    version = version or releases.system_version()
    if version is None:
        return Settings(master_cf=master_text)
    return Settings(master_cf=master_text, target_version=releases.linter_target(version))


def _one(name: str, data: bytes, master_text: Optional[str], version: Optional[str] = None) -> Outcome:
    """Both sides for one input: the installed Postfix, or the available release ``version``."""
    import oracle
    import releases

    text = data.decode("utf-8", "surrogateescape")
    install = releases.available()[version].install if version else None
    values, messages = oracle.postconf_n(text, master_text, install=install)
    doc = parse_bytes(data, name)
    settings = linter_settings(master_text, version)
    # the analysis the rules share (Context.names), so it follows the target as they do
    return Outcome(name, values, messages, Context(doc, settings).names, run(doc, settings))


@functools.lru_cache(maxsize=None)
def corpus_outcomes(version: Optional[str] = None) -> Dict[str, Outcome]:
    """Every corpus file against the installed Postfix (``version`` None) or an available release."""
    files = corpus_files()
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda f: _one(f.name, f.read_bytes(), None, version), files))
    return {o.name: o for o in outcomes}


@functools.lru_cache(maxsize=None)
def edge_outcomes() -> Dict[str, Outcome]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda c: _one(c[0], c[1].encode(), c[2]), EDGE_CASES))
    return {o.name: o for o in outcomes}


def _names() -> List[str]:
    return [f.name for f in corpus_files()]


def _compare(o: Outcome) -> List[str]:
    """Every disagreement between the linter and postconf for one input (empty: none)."""
    out = []
    mine = postconf_n(o.analysis)
    for key in sorted(set(mine) | set(o.postconf_values)):
        if mine.get(key) != o.postconf_values.get(key):
            out.append(f"value {key}: linter {mine.get(key)!r} postconf {o.postconf_values.get(key)!r}")
    pf110 = {_printable(e.name) for e in o.analysis.unused}
    # the rules report every one: PF110, or PF114 for a name a later release has (one finding per line)
    assert len(o.codes("PF110")) + len(o.codes("PF114")) == len(o.analysis.unused)
    if pf110 != o.unused:
        out.append(f"unused: linter only {sorted(pf110 - o.unused)}, postconf only {sorted(o.unused - pf110)}")
    pf112 = {_printable(u.name) for u in o.analysis.undefined}
    assert bool(o.codes("PF112")) == bool(o.analysis.undefined)  # (same-place repeats are reported once)
    if pf112 != o.undefined:
        out.append(f"undefined: linter only {sorted(pf112 - o.undefined)}, postconf only {sorted(o.undefined - pf112)}")
    return out


def _printable(name: str) -> str:
    """What msg_warn() makes of a name: every byte outside printable ASCII becomes "?"."""
    return "".join(chr(b) if 0x20 <= b <= 0x7E else "?" for b in name.encode("utf-8", "surrogateescape"))


def _name_of(problem) -> str:
    m = re.match(r'unknown parameter "(.*?)": ', problem.message)
    assert m, problem.message
    return m.group(1)


def _comparable(o: Outcome) -> bool:
    return o.fatal is None


# ---------------------------------------------------------------------------
# (a), (b), (c) for every corpus file


@pytest.mark.parametrize("name", [n for n in _names() if n not in FATAL_EXPECTATIONS] or [no_shared_param("")])
def test_corpus_file_agrees_with_postconf(name):
    _require()
    o = corpus_outcomes()[name]
    assert o.fatal is None, f"postconf exits on {name}: {o.fatal}"
    assert _compare(o) == []
    # the linter agrees that postconf runs to the end
    assert o.analysis.postconf_fatal == []


@pytest.mark.parametrize("name", sorted(FATAL_EXPECTATIONS))
def test_files_postconf_rejects(name):
    _require()
    o = corpus_outcomes()[name]
    assert o.fatal is not None, f"postconf no longer exits on {name}"
    expect = FATAL_EXPECTATIONS[name]
    if expect.startswith("PF001@"):
        line = int(expect.split("@")[1])
        assert FATAL_LINE.match(o.fatal).group(1) == str(line)
        assert [p.line for p in o.codes("PF001")][:1] == [line]
    elif expect.startswith("PF113:"):
        param = expect.split(":")[1]
        assert o.fatal.endswith("macro processing error")
        assert o.analysis.postconf_fatal, "the linter should predict that postconf exits"
        assert [p.message.split(" = ")[0] for p in o.codes("PF113")] == [param]
    else:
        assert expect.startswith("exception: ") and "inet_protocols" in o.fatal


def test_every_file_lints_without_a_crash():
    require_corpus()
    for f in corpus_files():
        run(parse_bytes(f.read_bytes(), f.name), Settings(target_version=installed_release()))


# ---------------------------------------------------------------------------
# Edge cases with their own master.cf


@pytest.mark.parametrize("case", [c[0] for c in EDGE_CASES])
def test_edge_case_agrees_with_postconf(case):
    if not postfix_installed():
        pytest.skip("Postfix not installed: apt-get install postfix (CI installs it; see .ci/run)")
    o = edge_outcomes()[case]
    if case == "compatibility level operator" and not profiles.profile(installed_release()).level_operators:
        # 3.5 has no <level operators: postconf exits on the macro error, and the linter says so
        assert o.fatal is not None and o.fatal.endswith("macro processing error"), o.fatal
        assert o.analysis.postconf_fatal
        return
    assert o.fatal is None, o.fatal
    assert _compare(o) == []


def test_edge_cases_are_not_trivial():
    # guards against a harness that silently compares nothing
    if not postfix_installed():
        pytest.skip("Postfix not installed: apt-get install postfix (CI installs it; see .ci/run)")
    outcomes = edge_outcomes()
    assert sum(len(o.unused) for o in outcomes.values()) >= 15
    assert sum(len(o.undefined) for o in outcomes.values()) >= 5
    # relay and uucp are not in this master.cf; its "smtp" is smtpd, not the smtp client; the
    # inet service runs smtpd, which has no per-service names; pipe gets every suffix
    assert outcomes["per-transport names, own master.cf"].unused == {
        "relay_destination_rate_delay", "uucp_time_limit", "smtp_destination_rate_delay",
        "10.0.0.1:2525_time_limit"}


def test_postconf_fatal_is_predicted():
    """Values postconf evaluates (e.g. for database names) kill it on a macro error; the linter knows which."""
    if not postfix_installed():
        pytest.skip("Postfix not installed: apt-get install postfix (CI installs it; see .ci/run)")
    cases = [
        ("mydestination = ${x\n", True),
        ("relay_destination_rate_delay = $x$\n", True),
        ("smtpd_restriction_classes = $x$\n", True),
        ("foo = $x$\n", False),  # unknown: a warning only
        ("virtual_maps = $x$\n", False),  # legacy names are not evaluated
        ("smtpd_reject_footer = $x$\n", False),  # raw: not even scanned
        ("mydestination = $mydestination\n", True),  # a cycle
    ]
    import oracle

    profile = profiles.profile(installed_release())
    for text, fatal in cases:
        values, messages = oracle.postconf_n(text)
        theirs = any(m.startswith("fatal:") for m in messages)
        master = mastercf.default(profile)
        mine = bool(names.analyse(parse_bytes(text.encode()), master, Definitions(master, profile)).postconf_fatal)
        assert (text, theirs) == (text, fatal)
        assert (text, mine) == (text, fatal)


def test_default_master_cf_agrees():
    """The linter's default services for the installed release are those of the master.cf postconf
    gets (Debian's master.cf.dist: with the pipe examples through 3.7, without them from 3.8)."""
    import oracle

    text = oracle.default_master_cf()
    if not text:
        pytest.skip("Postfix not installed: apt-get install postfix (no master.cf.dist)")
    parsed = mastercf.parse(text)
    default = mastercf.default(profiles.profile(installed_release()))
    delivery = {"local", "error", "virtual", "smtp", "lmtp", "pipe", "spawn"}
    assert sorted((s, c) for s, c in parsed.commands() if c in delivery) == sorted(default.commands())
    # its only -o setting is syslog_name, whose value refers to built-in names only (3.10+ Debian:
    # "${multi_instance_name?{$multi_instance_name}:{postfix}}/$service_name")
    options = [o for s in parsed.services for o in s.options]
    assert [n for n, _ in options] == ["syslog_name"]
    refs = set(re.findall(r"\$\{?([A-Za-z0-9_]+)", options[0][1]))
    profile = profiles.profile(installed_release())
    assert "service_name" in refs and all(profile.has(n) for n in refs)


# ---------------------------------------------------------------------------
# Random configurations: many small main.cf + master.cf pairs built from the
# constructs postconf's name logic cares about, each compared like a corpus file

_BUILTIN = ("mydestination", "alias_maps", "smtpd_banner", "relay_domains", "virtual_alias_maps",
            "smtpd_restriction_classes", "mailbox_command", "smtpd_reject_footer", "virtual_maps", "myhostname",
            "relay_destination_rate_delay", "proxy_read_maps", "transport_maps", "uucp_time_limit")
_USER = ("u1", "u2", "u3", "tbl_server_host", "tbl_bind", "db_hosts", "cls", "x_domain")
_MORE = ("zz", "foo_destination_rate_delay", "svc2_time_limit", "relay_recipient_limit", "foo_time_limit")


def random_case(rng) -> Tuple[str, Optional[str]]:
    """(main.cf, master.cf or None).

    Read-only names are left out on purpose: postconf deletes them while it
    walks its hash table, whose order is randomised per run, so a value that
    refers to one (``a = $process_name`` with ``process_name = ${x``) makes
    postconf exit on some runs and not on others (measured: 3 of 8).
    """
    def value() -> str:
        parts = []
        for _ in range(rng.randint(0, 4)):
            k = rng.random()
            n = rng.choice(_USER + _BUILTIN + ("undef1", "undef2"))
            if k < 0.3:
                parts.append("$" + n)
            elif k < 0.4:
                parts.append("${%s?{$%s}:{%s}}" % (n, rng.choice(_USER), rng.choice(["ldap:tbl", "x"])))
            elif k < 0.55:
                parts.append(rng.choice(["ldap:tbl", "proxy:mysql:db", "{ldap:tbl}", "ldap:$u1", "hash:/x",
                                         "pcre:{ldap:tbl}", "#ldap:tbl", "sqlite:x"]))
            elif k < 0.6:
                parts.append(rng.choice(["$", "${", "${x", "$(u1"]))
            else:
                parts.append(rng.choice(["a", "b,", "permit", ",", "\t"]))
        return " ".join(parts)

    main = "".join(f"{rng.choice(_BUILTIN + _USER + _MORE)} = {value()}\n" for _ in range(rng.randint(1, 8)))
    if rng.random() < 0.3:
        return main, None
    master = []
    for _ in range(rng.randint(1, 4)):
        line = (f"{rng.choice(['relay', 'foo', 'svc2', 'smtp', 'uucp'])} {rng.choice(['unix', 'inet'])}"
                f" - - n - - {rng.choice(['smtp', 'pipe', 'lmtp', 'smtpd', 'local', 'error', 'spawn'])}")
        for _ in range(rng.randint(0, 3)):
            name = rng.choice(_USER + ("smtpd_restriction_classes", "alias_maps", "smtpd_banner", "mailbox_command"))
            line += f"\n  -o {name}={value().replace(' ', ',') or 'x'}"
        master.append(line + "\n")
    return main, "".join(master)


RANDOM_SEEDS = (1, 2, 3)
RANDOM_CASES = 150


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_configurations_agree_with_postconf(seed):
    if not postfix_installed():
        pytest.skip("Postfix not installed: apt-get install postfix (CI installs it; see .ci/run)")
    import random

    rng = random.Random(seed)
    cases = [random_case(rng) for _ in range(RANDOM_CASES)]
    # a quarter of the cases make postconf exit, and msg_fatal() sleeps a second first
    with ThreadPoolExecutor(max_workers=32) as pool:
        outcomes = list(pool.map(lambda c: _one("random", c[0].encode(), c[1]), cases))
    bad = []
    for (main, master), o in zip(cases, outcomes):
        predicted_fatal = bool(o.analysis.postconf_fatal or o.analysis.master.problems)
        if (o.fatal is not None) != predicted_fatal:
            bad.append((main, master, o.fatal, o.analysis.postconf_fatal))
        elif o.fatal is None and _compare(o):
            bad.append((main, master, _compare(o)))
    assert bad == []
    assert sum(o.fatal is None for o in outcomes) > RANDOM_CASES // 2  # most cases are compared in full


# ---------------------------------------------------------------------------
# The figures in the README


#: The release the README's "Agreement with Postfix" figures are measured with (Debian 12's).
README_RELEASE = "3.7.11"


def figures(version: Optional[str] = None) -> Dict[str, int]:
    """The agreement figures over the corpus: the installed Postfix, or the available release ``version``."""
    outcomes = corpus_outcomes(version)
    compared = [o for o in outcomes.values() if _comparable(o)]
    pairs = agree = 0
    for o in compared:
        mine = postconf_n(o.analysis)
        keys = set(mine) | set(o.postconf_values)
        pairs += len(keys)
        agree += sum(mine.get(k) == o.postconf_values.get(k) for k in keys)
    unused = sum(len(o.unused) for o in compared)
    undefined = sum(len(o.undefined) for o in compared)
    unused_ok = sum(len(o.unused & {_printable(e.name) for e in o.analysis.unused}) for o in compared)
    undefined_ok = sum(len(o.undefined & {_printable(u.name) for u in o.analysis.undefined}) for o in compared)
    unused_extra = sum(len({_printable(e.name) for e in o.analysis.unused} - o.unused) for o in compared)
    undefined_extra = sum(len({_printable(u.name) for u in o.analysis.undefined} - o.undefined) for o in compared)
    return {
        "files": len(outcomes), "compared": len(compared), "postconf_exits": len(outcomes) - len(compared),
        "pairs": pairs, "pairs_agree": agree, "unused": unused, "unused_agree": unused_ok,
        "undefined": undefined, "undefined_agree": undefined_ok,
        "unused_linter_only": unused_extra, "undefined_linter_only": undefined_extra,
        "edge_cases": len(EDGE_CASES),
    }


def readme_line(f: Dict[str, int]) -> str:
    def pct(a, b):
        return f"{100 * a / b:.1f} %" if b else "n/a"

    return (f"| postconf -n (parameters and values) | {f['compared']} of {f['files']} files"
            f" ({f['postconf_exits']} make postconf exit) | {f['pairs_agree']}/{f['pairs']}"
            f" | {pct(f['pairs_agree'], f['pairs'])} |\n"
            f"| unknown-parameter (PF110) vs \"unused parameter\" | {f['compared']} files | {f['unused_agree']}/"
            f"{f['unused']} warnings, {f['unused_linter_only']} linter-only | {pct(f['unused_agree'], f['unused'])} |\n"
            f"| undefined-parameter-reference (PF112) vs \"undefined parameter\" | {f['compared']} files |"
            f" {f['undefined_agree']}/{f['undefined']} warnings, {f['undefined_linter_only']} linter-only"
            f" | {pct(f['undefined_agree'], f['undefined'])} |\n")


def test_readme_states_the_measured_figures():
    """The README's figures are Postfix 3.7.11's: the installed one on Debian 12, else the bookworm
    tree of scripts/fetch_postfix.py (tests/test_differential_releases.py checks every release's row)."""
    import releases

    require_corpus()
    if README_RELEASE not in releases.available():
        pytest.skip(f"the README figures are measured with Postfix {README_RELEASE}: {releases.skip_reason('bookworm')}")
    version = None if releases.system_version() == README_RELEASE else README_RELEASE
    f = figures(version)
    assert f["pairs"] > 5000 and f["unused"] > 50  # the comparison is not vacuous
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_line(f) in text, "README.md 'Agreement with Postfix' is stale; expected rows:\n" + readme_line(f)
    assert f"{len(EDGE_CASES)} edge cases with their own master.cf" in text
    assert f"{len(RANDOM_SEEDS) * RANDOM_CASES} random main.cf/master.cf pairs" in text


if __name__ == "__main__":  # print the figures and the README rows
    if not (CORPUS.is_dir() and postfix_installed()):
        raise SystemExit("needs ../shared/corpus and an installed Postfix")
    for key, value in figures().items():
        print(f"{key}: {value}")
    print(readme_line(figures()), end="")
    bad = {n: _compare(o) for n, o in corpus_outcomes().items() if _comparable(o) and _compare(o)}
    bad.update({n: _compare(o) for n, o in edge_outcomes().items() if _compare(o)})
    for n, diffs in bad.items():
        print(n, diffs)
