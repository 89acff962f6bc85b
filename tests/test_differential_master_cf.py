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
    a = names.analyse(doc, master)
    mine = Counter([("unused", o.name) for _s, o in a.master_unused]
                   + [("undefined", u.name) for u in a.master_undefined])
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


def figures():
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda p: compare(*p), pairs()))
    warnings = sum(sum(r[1].values()) for r in results)
    return {"files": len(results), "agree": sum(r[0] for r in results), "warnings": warnings,
            "fatal": sum(r[3] for r in results)}


if __name__ == "__main__":
    print(figures())
