"""The linter, with ``--target-version`` set to a release, against that release's real Postfix.

For every Postfix release tests/releases.py finds (the system's, plus the
Debian packages scripts/fetch_postfix.py unpacked: 3.5.25, 3.7.11, 3.10.3,
3.10.13, 3.11.7 when this was written), with ``target_version`` = the
release's exact version:

- **corpus** (../shared/corpus/files, 189 main.cf), like
  tests/test_differential_postconf.py does for the system's Postfix:
  (a) the parameters and values of ``postconf -n`` equal the linter's name
  analysis; (b) PF110 names = "unused parameter" warnings; (c) PF112 names =
  "undefined parameter" warnings; (d) from 3.9 on, PF115 names = the
  ``support for parameter ... will be removed`` / ``has been removed``
  warnings, and each PF115 message quotes postconf's text exactly; before
  3.9 postconf has no such warning; (e) from 3.8 on, as many PF106 as
  postconf's ``#comment after other text is not allowed`` warnings.  Files on which postconf exits: the
  linter predicts it (PF001 on the line for a missing ``=``, a predicted
  postconf exit for a macro error), and does not predict an exit otherwise;
- **default master.cf**: the linter's built-in services are those of the
  release's own ``master.cf.dist`` (Debian's 3.10+ file lost the pipe
  services maildrop, uucp, ifmail, bsmtp, scalemail-backend, mailman);
- **typed values** (tests/data/typed_pairs.tsv) and the **time vectors**
  (../shared/reference/time-vectors*.tsv) re-judged live by the release's
  daemons (verdict, fatal text, converted value) against the linter's verdict.

The expectation is the true one (the linter says what that release says),
and every release must agree 100 %.  PF115 findings of severity info
("deprecated from Postfix 3.11 on", for an earlier target) are advice about a
later release: they must name no parameter the target's postconf warns
about; the warnings are compared with postconf's.  3.11+ postconf ends a
file's deprecation warnings with one ``See .../DEPRECATION_README.html``
line, which each PF115 warning quotes.  ``python tests/test_differential_releases.py``
prints the disagreements per release and the README figures
(``--readme``).  The one place the linter is asked is :func:`linter_view` /
:func:`linter_typed` / :func:`linter_time` / :func:`linter_default_master`.

A release that is not available here skips, saying how to fetch it.
"""

from __future__ import annotations

import csv
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

import releases  # noqa: E402
from conftest import CORPUS, REFERENCE, SHARED_REASON, corpus_files, require_corpus  # noqa: E402

from helpers import postconf_n  # noqa: E402

from postfix_lint.read import master_cf as mastercf  # noqa: E402
from postfix_lint.analyse.context import Context  # noqa: E402
from postfix_lint.engine import Settings, run  # noqa: E402
from postfix_lint.problem import Severity  # noqa: E402
from postfix_lint.read.main_cf import parse_bytes  # noqa: E402

UNUSED = re.compile(r"^warning: DIR/main\.cf: unused parameter: ([^=]*)=")
UNDEFINED = re.compile(r"^warning: DIR/main\.cf: undefined parameter: (.*)$")
DEPRECATED = re.compile(r'^warning: DIR/main\.cf: (support for parameter "?([^" ]+)"? (?:will be|has been) removed;'
                        r" instead, .*)$")
COMMENT = re.compile(r"^warning: DIR/main\.cf: #comment after other text is not allowed: (.*)\.\.\.$")
MISSING_EQUALS = re.compile(r"^fatal: DIR/main\.cf, line (\d+): missing '=' after attribute name")
#: postconf checks inet_protocols itself; no linter rule does (see test_differential_postconf).
INET_PROTOCOLS_EXCEPTION = "090_i-MSCP_imscp_configs-debian-postfix-main.cf"
DELIVERY = {"local", "error", "virtual", "smtp", "lmtp", "pipe", "spawn"}
TRAILER = "warning: See https://www.postfix.org/DEPRECATION_README.html for details"
#: What both sides say about a name the release does not have (the harness's typed_value raises KeyError).
NOT_A_PARAMETER = "(not a parameter of this release)"


def _param(r: releases.Release):
    return pytest.param(r, id=r.version)


def _slots():
    """One parameter per Debian suite: the Release, or a skip saying how to get it."""
    found = releases.available()
    out = []
    seen = set()
    for suite, expected in releases.SUITES:
        r = releases.by_suite(suite)
        if r is None and suite == "bookworm":
            r = found.get(expected)  # e.g. the system's 3.7.11 when the host calls itself otherwise
        if r is not None and r.version not in seen:
            seen.add(r.version)
            out.append(_param(r))
        elif r is None:
            out.append(pytest.param(None, id=f"{suite}-absent",
                                    marks=pytest.mark.skip(reason=releases.skip_reason(suite))))
    for r in found.values():  # e.g. a system Postfix of another suite
        if r.version not in seen:
            seen.add(r.version)
            out.append(_param(r))
    return out


SLOTS = _slots()


# ---------------------------------------------------------------------------
# The linter's side: the one place to make release-aware


def linter_settings(release: releases.Release, master_text: Optional[str]) -> Settings:
    """Target = the release (its line X.Y when the profiles do not know that patch yet)."""
    return Settings(master_cf=master_text, target_version=releases.linter_target(release.version))


def linter_view(data: bytes, name: str, master_text: Optional[str], release: releases.Release):
    """(name analysis, problems) of the linter for ``data`` with the target set to ``release``.

    The analysis is the one the rules share (Context.names), so it follows
    the target as the rules do.
    """
    doc = parse_bytes(data, name)
    settings = linter_settings(release, master_text)
    problems = run(doc, settings)
    return Context(doc, settings).names, problems


def linter_default_master(release: releases.Release):
    """The master.cf the linter assumes when main.cf has none beside it."""
    return Context(parse_bytes(b"", "main.cf"), linter_settings(release, None)).master


# ---------------------------------------------------------------------------
# Corpus


@dataclass
class Outcome:
    name: str
    release: str
    values: Dict[str, str]
    messages: List[str]
    analysis: object
    problems: list
    unused: Set[str] = field(default_factory=set)
    undefined: Set[str] = field(default_factory=set)
    deprecated: Dict[str, str] = field(default_factory=dict)  # name -> postconf's text
    lines: List[str] = field(default_factory=list)  # the main.cf lines

    def __post_init__(self) -> None:
        self.unused = {m.group(1) for m in map(UNUSED.match, self.messages) if m}
        self.undefined = {m.group(1) for m in map(UNDEFINED.match, self.messages) if m}
        self.deprecated = {m.group(2): m.group(1) for m in map(DEPRECATED.match, self.messages) if m}

    @property
    def fatal(self) -> Optional[str]:
        return next((m for m in self.messages if m.startswith(("fatal:", "panic:"))), None)

    def codes(self, code: str) -> list:
        return [p for p in self.problems if p.code == code]


def _printable(name: str) -> str:
    """What msg_warn() makes of a name: every byte outside printable ASCII becomes "?"."""
    return "".join(chr(b) if 0x20 <= b <= 0x7E else "?" for b in name.encode("utf-8", "surrogateescape"))


def _one(release: releases.Release, name: str, data: bytes) -> Outcome:
    text = data.decode("utf-8", "surrogateescape")
    values, messages = release.postconf_n(text)
    analysis, problems = linter_view(data, name, None, release)
    return Outcome(name, release.version, values, messages, analysis, problems, lines=text.splitlines())


@functools.lru_cache(maxsize=None)
def corpus_outcomes(version: str) -> Dict[str, Outcome]:
    release = releases.available()[version]
    files = corpus_files()
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda f: _one(release, f.name, f.read_bytes()), files))
    return {o.name: o for o in outcomes}


def _pf115_name(problem) -> str:
    return problem.message.split(" ", 1)[0]


def compare(o: Outcome, release: releases.Release) -> List[str]:
    """Every disagreement between the linter and the release's postconf for one file (empty: none)."""
    out = []
    a = o.analysis
    if o.fatal is not None:
        m = MISSING_EQUALS.match(o.fatal)
        if m:
            lines = [p.line for p in o.codes("PF001")][:1]
            if lines != [int(m.group(1))]:
                out.append(f"exit: postconf exits ({o.fatal}); linter PF001 lines {lines}")
        elif o.fatal.endswith("macro processing error"):
            if not a.postconf_fatal:
                out.append(f"exit: postconf exits ({o.fatal}); the linter does not predict it")
        elif not (o.name == INET_PROTOCOLS_EXCEPTION and "inet_protocols" in o.fatal):
            out.append(f"exit: postconf exits ({o.fatal}); no linter expectation for this kind of exit")
        return out
    if a.postconf_fatal:
        out.append(f"exit: the linter predicts a postconf exit ({a.postconf_fatal[:1]}), postconf runs to the end")
    mine = postconf_n(a)
    for key in sorted(set(mine) | set(o.values)):
        if mine.get(key) != o.values.get(key):
            out.append(f"value {key}: linter {mine.get(key)!r} postconf {o.values.get(key)!r}")
    pf110 = {_printable(e.name) for e in a.unused}
    # every unused name is reported once: PF110, or PF114 for a name a later release has
    reported = len(o.codes("PF110")) + len(o.codes("PF114"))
    if reported != len(a.unused):
        out.append(f"PF110-count: PF110/PF114 reported {reported} times for {len(a.unused)} unused names")
    if pf110 != o.unused:
        out.append(f"unused: linter only {sorted(pf110 - o.unused)}, postconf only {sorted(o.unused - pf110)}")
    pf112 = {_printable(u.name) for u in a.undefined}
    if pf112 != o.undefined:
        out.append(f"undefined: linter only {sorted(pf112 - o.undefined)},"
                   f" postconf only {sorted(o.undefined - pf112)}")
    later = {_pf115_name(p) for p in o.codes("PF115") if p.severity == Severity.INFO}
    if later & set(o.deprecated):
        out.append(f"deprecated-later: PF115 says only a later release warns, but postconf {release.version}"
                   f" warns about {sorted(later & set(o.deprecated))}")
    trailers = sum(m == TRAILER for m in o.messages)
    if trailers != (1 if release.key >= (3, 11) and o.deprecated else 0):
        out.append(f"deprecated-trailer: postconf printed {trailers} DEPRECATION_README lines"
                   f" for {len(o.deprecated)} deprecation warnings")
    if release.key >= (3, 9):
        pf115 = {_pf115_name(p): p.message for p in o.codes("PF115") if p.severity == Severity.WARNING}
        if set(pf115) != set(o.deprecated):
            out.append(f"deprecated: linter only {sorted(set(pf115) - set(o.deprecated))},"
                       f" postconf only {sorted(set(o.deprecated) - set(pf115))}")
        for n in sorted(set(pf115) & set(o.deprecated)):
            if o.deprecated[n] not in pf115[n]:
                out.append(f"deprecated-text {n}: PF115 does not quote postconf's {o.deprecated[n]!r}: {pf115[n]!r}")
            if trailers and TRAILER[len("warning: "):] not in pf115[n]:
                out.append(f"deprecated-text {n}: PF115 does not quote postconf's DEPRECATION_README line")
    elif o.deprecated:
        out.append(f"deprecated: postconf {release.version} printed deprecation warnings: {sorted(o.deprecated)}")
    comments = {m.group(1) for m in map(COMMENT.match, o.messages) if m}
    if release.key >= (3, 8):
        pf106 = {_comment_shown(o.lines[p.line - 1]) for p in o.codes("PF106") if 0 < p.line <= len(o.lines)}
        if pf106 != comments:
            out.append(f"comment: '#comment after other text': linter only {sorted(pf106 - comments)},"
                       f" postconf only {sorted(comments - pf106)}")
    elif comments:
        out.append(f"comment: postconf {release.version} printed '#comment after other text': {sorted(comments)}")
    return out


def _comment_shown(line: str) -> str:
    """How postconf 3.8+ shows the comment on a main.cf line: ``%s %.20s`` of the ``#`` token and the
    text after it (mystrtok(), each byte outside printable ASCII as "?").  postconf repeats the warning
    for every value that expands to the commented one, so texts, not counts, are compared."""
    m = re.search(r"[ \t,]#", line)
    if not m:
        return line
    comment = line[m.start() + 1:]
    token = comment.split()[0]
    rest = comment[len(token):].lstrip(" \t\r\n,").rstrip()
    shown = "".join(chr(b) if 0x20 <= b <= 0x7E else "?" for b in rest.encode("utf-8", "surrogateescape")[:20])
    return f"{token} {shown}"


@pytest.mark.parametrize("release", SLOTS)
def test_corpus_agrees_with_release_postconf(release):
    """Every corpus file, postconf -n of ``release`` against the linter targeting ``release``."""
    require_corpus()
    outcomes = corpus_outcomes(release.version)
    assert len(outcomes) == len(corpus_files()) >= 150
    # the comparison is not vacuous: postconf printed values and warnings
    assert sum(len(o.values) for o in outcomes.values()) > 5000
    assert sum(len(o.unused) for o in outcomes.values()) > 50
    bad = {n: d for n, o in outcomes.items() for d in [compare(o, release)] if d}
    assert not bad, (f"{len(bad)} of {len(outcomes)} files disagree with Postfix {release.version}; first:\n"
                     + "\n".join(f"{n}: {d[:3]}" for n, d in list(bad.items())[:5]))


@pytest.mark.parametrize("release", SLOTS)
def test_default_master_cf_is_the_releases(release):
    """The linter's default delivery services are those of the release's own master.cf.dist."""
    text = release.default_master_cf()
    if not text:
        pytest.skip(f"Postfix {release.version} ships no master.cf.dist")
    theirs = sorted((s, c) for s, c in mastercf.parse(text).commands() if c in DELIVERY)
    mine = sorted(linter_default_master(release).commands())
    assert mine == theirs


@functools.lru_cache(maxsize=None)
def edge_disagreements(release: releases.Release) -> Dict[str, object]:
    """tests/test_differential_postconf.py's edge cases (own master.cf files) against ``release``'s postconf.

    A case on which postconf exits (3.5: ``<level`` is a macro error) agrees when the linter predicts the exit.
    """
    import test_differential_postconf as d

    bad: Dict[str, object] = {}
    for case, main, master in d.EDGE_CASES:
        o = d._one(case, main.encode("utf-8", "surrogateescape"), master, release.version)
        if o.fatal is not None:
            if not (o.fatal.endswith("macro processing error") and o.analysis.postconf_fatal):
                bad[case] = o.fatal
            continue
        diffs = d._compare(o)
        if diffs:
            bad[case] = diffs
    return bad


@pytest.mark.parametrize("release", SLOTS)
def test_edge_cases_agree_with_release_postconf(release):
    import test_differential_postconf as d

    bad = edge_disagreements(release)
    assert not bad, f"{len(bad)} of {len(d.EDGE_CASES)} edge cases disagree with Postfix {release.version}: {bad}"


# ---------------------------------------------------------------------------
# Typed values and time vectors, re-judged by each release's daemons


def linter_typed(param: str, value: str, daemon: str, release: releases.Release):
    """(fatal message or None, converted value as text) the linter predicts for ``release``."""
    import test_differential_typed

    return test_differential_typed.linter_verdict(param, value, daemon, releases.linter_target(release.version),
                                                  unknown=NOT_A_PARAMETER)


def _typed_rows():
    import test_differential_typed

    return test_differential_typed.ROWS


def _judge(release: releases.Release, param: str, value: str, daemon: str) -> Tuple[str, str]:
    """(verdict, fatal text or converted value) of ``release``'s daemon (pf_accepts.sh's shape)."""
    text = f"{param} = {value}\n"
    v = release.daemon_verdict(text, daemon)
    if not v.accepted:
        return "REJECT", v.fatal
    try:
        got = release.typed_value(text, param, daemon)
    except KeyError:
        return "ACCEPT", NOT_A_PARAMETER
    if got is None:  # the library rejects what the daemon accepted: report it, do not guess
        return "ACCEPT", "(library: rejected)"
    return "ACCEPT", ("yes" if got else "no") if isinstance(got, bool) else str(got)


@functools.lru_cache(maxsize=None)
def typed_disagreements(release: releases.Release) -> List[tuple]:
    import test_differential_typed

    rows = _typed_rows()
    printable = test_differential_typed._printable

    def one(row):
        param, value, daemon = row[0], row[1], row[2]
        if not release.has_program(daemon):
            return (param, value, daemon, f"no {daemon} in {release.version}", None)
        verdict, got = _judge(release, param, value, daemon)
        message, converted = linter_typed(param, value, daemon, release)
        mine = ("ACCEPT", converted) if message is None else ("REJECT", "fatal: " + printable(message))
        return None if mine == (verdict, got) else (param, value, daemon, (verdict, got), mine)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return [d for d in pool.map(one, rows) if d]


@pytest.mark.parametrize("release", SLOTS)
def test_typed_values_agree_with_release_daemons(release):
    rows = _typed_rows()
    assert len(rows) >= 300
    diffs = typed_disagreements(release)
    assert not diffs, (f"{len(diffs)} of {len(rows)} typed values: (param, value, daemon, Postfix"
                       f" {release.version}, linter): {diffs[:8]}")


def _time_rows() -> List[Tuple[str, str]]:
    single = REFERENCE / "time-vectors.tsv"
    by_param = REFERENCE / "time-vectors-by-param.tsv"
    rows = []
    if not (single.is_file() and by_param.is_file()):
        return rows
    unescape = lambda v: v.replace("\\t", "\t").replace("\\r", "\r")  # noqa: E731
    with single.open(newline="") as fh:
        rows += [("queue_run_delay", unescape(r["value"]))
                 for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    with by_param.open(newline="") as fh:
        rows += [(r["parameter"], unescape(r["value"]))
                 for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return rows


def linter_time(param: str, value: str, release: releases.Release):
    """(verdict, seconds or None, linter's error rule codes) for ``param = value`` with the target ``release``."""
    from postfix_lint.problem import Severity
    from postfix_lint.read.main_cf import parse

    import test_time_vectors

    program = test_time_vectors.DAEMON.get(param, "qmgr")
    doc = parse(test_time_vectors.PRELUDE + f"{param} = {value}\n")
    settings = Settings(select=["PF101", "PF102", "PF206"], target_version=releases.linter_target(release.version))
    setting = Context(doc, settings).resolver.time(param, program)
    errors = sorted({p.code for p in run(doc, settings) if p.severity == Severity.ERROR})
    verdict = "REJECT" if setting.fatal else "ACCEPT"
    return verdict, (None if setting.fatal else setting.seconds), errors


@functools.lru_cache(maxsize=None)
def time_disagreements(release: releases.Release) -> List[tuple]:
    import test_time_vectors

    def one(row):
        param, value = row
        program = test_time_vectors.DAEMON.get(param, "qmgr")
        text = test_time_vectors.PRELUDE + f"{param} = {value}\n"
        v = release.daemon_verdict(text, program)
        theirs = ("ACCEPT", release.typed_value(text, param, program)) if v.accepted else ("REJECT", None)
        # (the time-vector parameters exist in every release 3.5 - 3.12)
        verdict, seconds, errors = linter_time(param, value, release)
        problems = []
        if (verdict, seconds) != theirs:
            problems.append(f"linter {(verdict, seconds)} Postfix {theirs} {v.fatal or ''}".strip())
        if bool(errors) != (theirs[0] == "REJECT"):
            problems.append(f"linter error rules {errors} but Postfix {theirs[0]}")
        return (param, value, problems) if problems else None

    with ThreadPoolExecutor(max_workers=4) as pool:
        return [d for d in pool.map(one, _time_rows()) if d]


@pytest.mark.parametrize("release", SLOTS)
def test_time_vectors_agree_with_release_daemons(release):
    rows = _time_rows()
    if not rows:
        pytest.skip(SHARED_REASON)
    assert len(rows) == 72 + 4 * 24
    diffs = time_disagreements(release)
    assert not diffs, f"{len(diffs)} of {len(rows)} time values disagree with Postfix {release.version}: {diffs[:8]}"


# ---------------------------------------------------------------------------
# The per-release figures in the README ("Postfix versions")

README_HEADER = ("| Postfix | corpus files compared | postconf -n values | unused (PF110/PF114) | undefined (PF112)"
                 " | deprecated (PF115) | #comment (PF106) | typed values | time vectors | edge cases |")


def figures(release: releases.Release) -> Dict[str, Tuple[int, int]]:
    """{comparison: (agreeing, total)} for ``release``; "total" counts what postconf (or the daemon) says,
    "agreeing" what the linter says the same way, minus anything the linter says that postconf does not."""
    import test_differential_postconf as d

    outcomes = corpus_outcomes(release.version)
    ran = [o for o in outcomes.values() if o.fatal is None]
    out: Dict[str, Tuple[int, int]] = {}
    exits = [o for o in outcomes.values() if o.fatal is not None and o.name != INET_PROTOCOLS_EXCEPTION]
    out["files"] = (len(ran), len(outcomes))
    out["exits"] = (sum(not compare(o, release) for o in exits), len(outcomes) - len(ran))
    pairs = agree = 0
    sums = {"unused": [0, 0], "undefined": [0, 0], "deprecated": [0, 0], "comment": [0, 0]}

    def add(kind, mine, theirs):
        sums[kind][0] += len(mine & theirs) - len(mine - theirs)
        sums[kind][1] += len(theirs)

    for o in ran:
        a = o.analysis
        mine = postconf_n(a)
        keys = set(mine) | set(o.values)
        pairs += len(keys)
        agree += sum(mine.get(k) == o.values.get(k) for k in keys)
        add("unused", {_printable(e.name) for e in a.unused}, o.unused)
        add("undefined", {_printable(u.name) for u in a.undefined}, o.undefined)
        warned = {_pf115_name(p): p.message for p in o.codes("PF115") if p.severity == Severity.WARNING}
        quoted = {n for n, m in warned.items() if n in o.deprecated and o.deprecated[n] in m}
        add("deprecated", quoted | (set(warned) - set(o.deprecated)), set(o.deprecated))
        comments = {m.group(1) for m in map(COMMENT.match, o.messages) if m}
        shown = {_comment_shown(o.lines[p.line - 1]) for p in o.codes("PF106") if 0 < p.line <= len(o.lines)}
        add("comment", shown if release.key >= (3, 8) else set(), comments)
    out["values"] = (agree, pairs)
    out.update({k: (v[0], v[1]) for k, v in sums.items()})
    rows, times = len(_typed_rows()), len(_time_rows())
    out["typed"] = (rows - len(typed_disagreements(release)), rows)
    out["time"] = (times - len(time_disagreements(release)), times)
    edges = len(d.EDGE_CASES)
    out["edge"] = (edges - len(edge_disagreements(release)), edges)
    return out


def readme_row(release: releases.Release) -> str:
    """The README table row of ``release`` (the header is :data:`README_HEADER`)."""
    f = figures(release)

    def ratio(key, since=None):
        if since is not None and release.key < since:
            return f"none printed ({f[key][1]})" if f[key][1] else "not printed"
        return f"{f[key][0]}/{f[key][1]}"

    predicted, exits = f["exits"]
    return (f"| {release.version} | {f['files'][0]} of {f['files'][1]} (postconf exits on {exits}: {predicted}"
            f" predicted, {exits - predicted} exception) | {ratio('values')} | {ratio('unused')} | {ratio('undefined')}"
            f" | {ratio('deprecated', (3, 9))} | {ratio('comment', (3, 8))} | {ratio('typed')} | {ratio('time')}"
            f" | {ratio('edge')} |")


@pytest.mark.parametrize("release", SLOTS)
def test_readme_states_the_per_release_figures(release):
    """README "Postfix versions": the measured row of every available release (all agreeing)."""
    require_corpus()
    if not _time_rows():
        pytest.skip(SHARED_REASON)
    from conftest import ROOT

    row = readme_row(release)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_HEADER in text
    assert row in text, f"README.md 'Postfix versions' figures are stale; expected the row:\n{row}"


# ---------------------------------------------------------------------------
# The disagreement report for the integrator


def _tally(bad: Dict[str, List[str]]) -> Tuple[Dict[str, int], Dict[str, int]]:
    """({kind: count}, {"kind side name": files}) over the disagreements of many files."""
    import ast

    kinds: Dict[str, int] = {}
    names_: Dict[str, int] = {}
    for items in bad.values():
        for item in items:
            head = item.split(":")[0]
            kind = head.split(" ")[0]
            kinds[kind] = kinds.get(kind, 0) + 1
            m = re.match(r"^(unused|undefined|deprecated): linter only (\[.*?\]), postconf only (\[.*\])$", item)
            keys = []
            if m:
                keys += [f"{kind}: linter only {n}" for n in ast.literal_eval(m.group(2))]
                keys += [f"{kind}: postconf only {n}" for n in ast.literal_eval(m.group(3))]
            elif kind in ("value", "deprecated-text"):
                keys.append(f"{kind}: {head.split(' ', 1)[1]}")
            for k in keys:
                names_[k] = names_.get(k, 0) + 1
    return kinds, names_


def report(limit: int = 4) -> str:
    """Per release: how many inputs disagree, by kind, the most frequent names, a few examples."""
    lines = []
    for version, release in releases.available().items():
        lines.append(f"## Postfix {version} ({release.suite}{', system' if release.is_system else ''})")
        if CORPUS.is_dir():
            outcomes = corpus_outcomes(version)
            bad = {n: d for n, o in outcomes.items() for d in [compare(o, release)] if d}
            kinds, counted = _tally(bad)
            lines.append(f"corpus: {len(bad)} of {len(outcomes)} files disagree; items by kind: {kinds}")
            top = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:3 * limit]
            lines += [f"  {v:3d} files  {k}" for k, v in top]
            for n, d in list(bad.items())[:limit]:
                lines.append(f"  e.g. {n}: {d[:2]}")
            other: Dict[str, int] = {}
            for o in outcomes.values():
                for m in o.messages:
                    if not (UNUSED.match(m) or UNDEFINED.match(m) or DEPRECATED.match(m) or COMMENT.match(m) or m == TRAILER):
                        shape = re.sub(r'"[^"]*"', '"..."', re.sub(r"line \d+(-\d+)?", "line N", m))[:70]
                        other[shape] = other.get(shape, 0) + 1
            if other:
                lines.append("postconf messages not compared (message start: count): "
                             + "; ".join(f"{k!r}: {v}" for k, v in sorted(other.items(), key=lambda kv: -kv[1])[:6]))
        mine = sorted(linter_default_master(release).commands())
        theirs = sorted((s, c) for s, c in mastercf.parse(release.default_master_cf()).commands() if c in DELIVERY)
        if mine != theirs:
            lines.append(f"default master.cf: linter only {sorted(set(mine) - set(theirs))},"
                         f" Postfix only {sorted(set(theirs) - set(mine))}")
        t = typed_disagreements(release)
        lines.append(f"typed values: {len(t)} of {len(_typed_rows())} disagree")
        lines += [f"  {d}" for d in t[:2 * limit]]
        tv = time_disagreements(release)
        lines.append(f"time vectors: {len(tv)} of {len(_time_rows())} disagree")
        lines += [f"  {d}" for d in tv[:limit]]
    return "\n".join(lines)


if __name__ == "__main__":  # the disagreements; with --readme the README table of the available releases
    if sys.argv[1:] == ["--readme"]:
        print(README_HEADER)
        print("|" + "---|" * README_HEADER.count(" | ") + "---|")
        for r in releases.available().values():
            print(readme_row(r))
    else:
        print(report(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
