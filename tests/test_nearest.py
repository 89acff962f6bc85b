"""The did-you-mean index gives difflib's answer (issue 14).

``postfix_lint.postfix.nearest.NameIndex.close_match`` replaces
``difflib.get_close_matches(word, names, n=1, cutoff)`` in
``params.suggest`` and ``Profile.suggest``: checked here against difflib on
every unknown name of the corpus, on seeded random typos of real names and
on random strings.
"""

from __future__ import annotations

import difflib
import random
import re
import string

import pytest

from conftest import CORPUS, SHARED_REASON, shared_present
from postfix_lint.postfix import params, profiles
from postfix_lint.postfix.nearest import NameIndex


def reference(word, known, cutoff=0.8):
    """The code params.suggest() had before the index: difflib over the names of a similar length."""
    if word in known:
        return None
    lower = word.lower()
    if lower in known:
        return lower
    size = len(lower)
    slack = max(2, size // 6)
    candidates = [n for n in sorted(known) if size - slack <= len(n) <= size + slack]
    hit = difflib.get_close_matches(lower, candidates, n=1, cutoff=cutoff)
    return hit[0] if hit else None


def typos(names, count, seed=14):
    rnd = random.Random(seed)
    alphabet = string.ascii_lowercase + "_0123456789"
    out = []
    for _ in range(count):
        w = list(rnd.choice(names))
        for _ in range(rnd.randint(1, 4)):
            op = rnd.randrange(4)
            i = rnd.randrange(len(w) + 1)
            if op == 0:
                w.insert(i, rnd.choice(alphabet))
            elif op == 1 and i < len(w):
                del w[i]
            elif op == 2 and i < len(w):
                w[i] = rnd.choice(alphabet)
            elif i + 1 < len(w):
                w[i], w[i + 1] = w[i + 1], w[i]
        out.append("".join(w))
    return out


def test_typos_and_random_words_match_difflib():
    known = params.names()
    names = sorted(known)
    words = typos(names, 3000)
    rnd = random.Random(7)
    words += ["".join(rnd.choice("aeiou_rstlnm" + "xyz") for _ in range(rnd.randint(1, 40))) for _ in range(500)]
    words += ["", "a", "Mydistination", "MYHOSTNAME", "ççç_ü", "x" * 200, "smtpd_tls_cert_file" * 3]
    for w in words:
        assert params.suggest(w) == reference(w, known), w
    assert sum(params.suggest(w) is not None for w in words) > 1000  # the typos do find names


def test_profile_suggest_matches_difflib():
    for release in ("3.5", "3.12"):
        p = profiles.profile(release)
        known = p.names()
        for w in typos(sorted(known), 500, seed=len(release)):
            assert p.suggest(w) == reference(w, known), (release, w)


@pytest.mark.skipif(not shared_present(), reason=SHARED_REASON)
def test_corpus_unknown_names_match_difflib():
    known = params.names()
    unknown = set()
    for path in sorted(CORPUS.iterdir()):
        for line in path.read_text(errors="replace").splitlines():
            m = re.match(r"([A-Za-z0-9_.-]+)\s*=", line)
            if m and m.group(1) not in known:
                unknown.add(m.group(1))
    assert unknown
    for w in sorted(unknown):
        assert params.suggest(w) == reference(w, known), w


def test_index_order_and_cutoff():
    index = NameIndex(["abcd", "abce", "abcf", "zzzz"])
    # equal ratios: difflib's nlargest keeps the greatest name
    assert index.close_match("abcx", [4], 0.7) == difflib.get_close_matches("abcx", ["abcd", "abce", "abcf"], 1, 0.7)[0]
    assert index.close_match("qqqq", [4], 0.6) is None
    assert index.close_match("abcd", [3, 5], 0.6) is None  # no name of those lengths
