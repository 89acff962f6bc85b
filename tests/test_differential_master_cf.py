"""master.cf findings against the real ``postconf -n`` (Postfix 3.7.11) on every corpus-master pair.

For each master.cf of ``../shared/corpus-master`` (MANIFEST.tsv) with its
paired main.cf (an empty main.cf when it has none), the multiset of
postconf's ``DIR/master.cf: unused parameter: NAME=`` and ``DIR/master.cf:
undefined parameter: NAME`` warnings equals the linter's PF310 / PF311
findings, and postconf exits iff the linter predicts it: a postconf fatal
finding of the master.cf reader, a macro error postconf hits, or a main.cf
line without ``=`` (PF001; templated main.cf files).  One documented
exception, as in test_differential_postconf.py: postconf checks
``inet_protocols`` itself, which no rule does.  When the paired main.cf
makes postconf exit before it reads master.cf, the master.cf is compared
again with an empty main.cf, so its warnings are still checked.

Reproduce the README figures with::

    .venv/bin/python tests/test_differential_master_cf.py
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from conftest import ROOT  # noqa: E402
from helpers import lint  # noqa: E402

from postfix_lint.analyse import names  # noqa: E402
from postfix_lint.read import master_cf  # noqa: E402
from postfix_lint.read.main_cf import parse  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus-master"
WARN = re.compile(r"^warning: DIR/master\.cf: (unused|undefined) parameter: ([^=]*)")


def pairs():
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8") as fh:
        return [(r["file"], r["paired_main_cf"]) for r in csv.DictReader(fh, delimiter="\t")]


def _text(rel: str) -> str:
    return (CORPUS / rel).read_bytes().decode("utf-8", "surrogateescape") if rel else ""


def compare(master_rel: str, main_rel: str, main_text=None):
    """(agrees, postconf's (kind, name) counter, the linter's, postconf fatal, predicted fatal)."""
    import oracle

    master_text = _text(master_rel)
    main_text = _text(main_rel) if main_text is None else main_text
    _values, messages = oracle.postconf_n(main_text, master_text)
    theirs = Counter(m.groups() for m in map(WARN.match, messages) if m)
    fatal = [m for m in messages if m.startswith("fatal:")]
    master = master_cf.parse(master_text, "DIR/master.cf")
    doc = parse(main_text, "DIR/main.cf")
    a = names.analyse(doc, master, _definitions(master))
    mine = _mine(a)
    main_fatal = bool(lint(main_text, "PF001"))
    predicted = bool(master.fatal("postconf") or a.postconf_fatal or main_fatal)
    if fatal and not predicted and all("unknown inet_protocols value" in m for m in fatal):
        predicted = True  # the documented exception
        main_fatal = True
    if main_fatal and fatal:
        again = compare(master_rel, main_rel, "")
        return again[0], again[1], again[2], True, True
    if fatal or predicted:
        return bool(fatal) == predicted, theirs, mine, bool(fatal), predicted
    return theirs == mine, theirs, mine, False, False


def _mine(a) -> Counter:
    """The linter's master.cf warnings as postconf prints them: once per entry of a shared scope."""
    rep = a.master_repeats
    mine: Counter = Counter()
    for s, o in a.master_unused:
        mine[("unused", o.name)] += rep.get((s.name, s.type), 1)
    for u in a.master_undefined:
        mine[("undefined", u.name)] += rep.get((u.service.name, u.service.type), 1)
    return mine


def _require():
    import oracle

    if not pairs():
        pytest.skip("../shared/corpus-master is absent")
    if not oracle.postfix_available():
        pytest.skip("Postfix not installed: apt-get install postfix")


@pytest.mark.parametrize("master_rel,main_rel", pairs() or [pytest.param("", "", marks=pytest.mark.skip(
    reason="../shared/corpus-master is absent"))])
def test_master_cf_warnings_agree_with_postconf(master_rel, main_rel):
    _require()
    ok, theirs, mine, fatal, predicted = compare(master_rel, main_rel)
    assert ok, (theirs, mine, fatal, predicted)


# --------------------------------------------------------------------------- random pairs

#: -o names: built-in, per-transport (with the "dovecot" pipe service), user-defined, misspelt.
_NAMES = ["smtp_helo_name", "smtpd_client_restrictions", "syslog_name", "smtpd_restriction_classes",
          "dovecot_destination_recipient_limit", "relay_destination_concurrency_limit", "a", "b", "cls",
          "smtpd_bind_address", "mua_client_restrictions", "my_ldap_server_host", "virtual_alias_maps"]
_VALUES = ["x", "$a", "${b}", "$main_only", "$nowhere", "${a?$b}", "${nowhere:x}", "$myhostname",
           "cls", "permit, $cls", "ldap:my_ldap", "$mua_client_restrictions", ""]


def random_case(rng):
    """(main.cf, master.cf): a few services with random -o settings, and main.cf names they may use."""
    main = [n for n in ("main_only = 1", "a = 2", "cls = permit", "used = $a $b") if rng.random() < 0.5]
    lines = ["dovecot unix - n n - - pipe argv=/bin/true"]
    for i in range(rng.randint(1, 4)):
        kind = rng.choice(["smtp inet n - y - - smtpd", f"s{i} unix - - n - - smtp", f"r{i} unix - - n - - pipe"])
        opts = []
        for _ in range(rng.randint(0, 4)):
            name, value = rng.choice(_NAMES), rng.choice(_VALUES)
            opts.append(f"-o {{ {name} = {value} }}" if rng.random() < 0.2 else f"-o {name}={value}")
        lines.append(kind + ("\n  " + "\n  ".join(opts) if opts else ""))
    return "\n".join(main) + ("\n" if main else ""), "\n".join(lines) + "\n"


RANDOM_SEEDS = range(5)
RANDOM_CASES = 40


def _definitions(master):
    """Name definitions of the installed release's profile (the oracle's release)."""
    from helpers import installed_release

    from postfix_lint.analyse.definitions import Definitions
    from postfix_lint.postfix import profiles

    return Definitions(master, profiles.profile(installed_release()))


def compare_texts(main_text: str, master_text: str):
    import oracle

    _values, messages = oracle.postconf_n(main_text, master_text)
    theirs = Counter(m.groups() for m in map(WARN.match, messages) if m)
    fatal = any(m.startswith("fatal:") for m in messages)
    master = master_cf.parse(master_text, "DIR/master.cf")
    a = names.analyse(parse(main_text, "DIR/main.cf"), master, _definitions(master))
    mine = _mine(a)
    predicted = bool(master.fatal("postconf") or a.postconf_fatal)
    if fatal or predicted:  # postconf stops before its warnings
        return fatal == predicted, theirs, mine
    return theirs == mine, theirs, mine


def random_results(seed: int):
    import random

    rng = random.Random(seed)
    cases = [random_case(rng) for _ in range(RANDOM_CASES)]
    with ThreadPoolExecutor(2) as pool:
        return cases, list(pool.map(lambda c: compare_texts(*c), cases))


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_pairs_agree_with_postconf(seed):
    _require()
    cases, results = random_results(seed)
    bad = [(case, r[1], r[2]) for case, r in zip(cases, results) if not r[0]]
    assert not bad, bad[:3]
    assert sum(sum(r[1].values()) for r in results) > RANDOM_CASES  # not trivial: many warnings compared


def figures():
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda p: compare(*p), pairs()))
    randoms = [r for seed in RANDOM_SEEDS for r in random_results(seed)[1]]
    return {"files": len(results), "agree": sum(r[0] for r in results),
            "warnings": sum(sum(r[1].values()) for r in results), "fatal": sum(r[3] for r in results),
            "random": len(randoms), "random_agree": sum(r[0] for r in randoms),
            "random_warnings": sum(sum(r[1].values()) for r in randoms),
            "typed": len(TYPED_SAMPLE), "typed_agree": sum(r[3] == r[4] for r in typed_agreement())}


# --------------------------------------------------------------------------- typed -o against the daemons

#: (daemon, -o name=value, main.cf): typed overrides, each started with the real daemon.
TYPED_SAMPLE = [
    ("qmgr", "queue_run_delay=15M", ""),
    ("qmgr", "queue_run_delay=15m", ""),
    ("qmgr", "queue_run_delay=$minimal_backoff_time", ""),
    ("qmgr", "queue_run_delay=$minimal_backoff_time", "minimal_backoff_time = 10m\n"),
    ("qmgr", "maximal_queue_lifetime=5days", ""),
    ("qmgr", "maximal_queue_lifetime=101d", ""),
    ("qmgr", "qmgr_message_active_limit=lots", ""),
    ("qmgr", "qmgr_message_active_limit=20000", ""),
    ("qmgr", "minimal_backoff_time=$x", "x = 2h\n"),
    ("smtpd", "smtpd_sasl_auth_enable=true", ""),
    ("smtpd", "smtpd_sasl_auth_enable=YES", ""),
    ("smtpd", "smtpd_recipient_limit=1e3", ""),
    ("smtpd", "smtpd_recipient_limit=1000", ""),
    ("smtpd", "smtpd_timeout=300x", ""),
    ("smtp", "smtp_connect_timeout=0", ""),
    ("smtp", "smtp_connect_timeout=30S", ""),
    ("smtp", "smtp_helo_timeout=$smtp_connect_timeout", ""),
    ("cleanup", "header_size_limit=big", ""),
    ("cleanup", "header_size_limit=102400", ""),
    ("smtpd", "queue_run_delay=15M", ""),  # smtpd does not read it: no exit
]


def typed_agreement():
    """[(daemon, option, main.cf, daemon exits, the linter says error)] for :data:`TYPED_SAMPLE`."""
    import oracle

    from postfix_lint.engine import is_value_rule
    from postfix_lint.rules import RULES

    value_codes = [c for c in RULES if is_value_rule(c)]

    def one(case):
        daemon, option, main = case
        verdict = oracle.daemon_verdict(main, daemon, args=("-o", option))
        found = lint_master_text(f"svc unix - - n - - {daemon} -o {option}\n", main, value_codes)
        return daemon, option, main, not verdict.accepted, any(p.severity.name == "ERROR" for p in found)

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, TYPED_SAMPLE))


def lint_master_text(master: str, main: str, codes):
    from postfix_lint.engine import lint_master_bytes
    from postfix_lint.settings import Settings

    from helpers import installed_release

    # the installed Postfix is the oracle: judge the files as its release
    return lint_master_bytes(master.encode(), "master.cf",
                             Settings(select=list(codes), target_version=installed_release()), main)


def test_typed_overrides_agree_with_the_daemons():
    _require()
    results = typed_agreement()
    assert [r for r in results if r[3] != r[4]] == []
    assert sum(r[3] for r in results) >= 8  # both outcomes are exercised


def readme_table(f) -> str:
    """The README's master.cf figures table, from :func:`figures`."""
    pct = lambda a, b: f"{100.0 * a / b:.0f} %" if b else "n/a"  # noqa: E731
    return "\n".join([
        "| comparison | cases | agreeing |",
        "|---|---|---|",
        "| master.cf `unused`/`undefined parameter` warnings and postconf exits, corpus pairs"
        f" (`../shared/corpus-master`) | {f['files']} master.cf files ({f['warnings']} warnings,"
        f" {f['fatal']} postconf exits) | {f['agree']}/{f['files']} ({pct(f['agree'], f['files'])}) |",
        f"| the same, random main.cf/master.cf pairs | {f['random']} pairs ({f['random_warnings']} warnings)"
        f" | {f['random_agree']}/{f['random']} ({pct(f['random_agree'], f['random'])}) |",
        f"| typed `-o` verdicts vs the real daemon started with that `-o` | {f['typed']} overrides"
        f" (qmgr, smtpd, smtp, cleanup) | {f['typed_agree']}/{f['typed']} ({pct(f['typed_agree'], f['typed'])}) |",
    ])


def test_readme_states_the_measured_figures():
    _require()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_table(figures()) in text


if __name__ == "__main__":
    measured = figures()
    print(measured)
    print(readme_table(measured))
