"""Did-you-mean over a fixed set of names: difflib's answer, with a character-bag prefilter.

``difflib.get_close_matches(word, names, n=1, cutoff)`` computes, for every
name, ``quick_ratio()`` (a multiset intersection of characters, in Python) and
then ``ratio()`` for those that pass; over the ~1,000 Postfix parameter names
of a similar length that is about 0.5 ms a search.  :class:`NameIndex` keeps
each name's character bag as the bits of one int (bit ``(c, k)`` set when the
name has at least k+1 characters c), so that the intersection is
``(a & b).bit_count()``: the same number quick_ratio() computes, in one
operation.  Only names that pass the same ``real_quick_ratio()`` and
``quick_ratio()`` tests as in difflib go to ``SequenceMatcher.ratio()``, with
the word as the second sequence as in difflib, and the best (ratio, name)
wins as in ``heapq.nlargest(1, ...)``: the answer is difflib's.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Tuple


def _popcount(x: int) -> int:
    return bin(x).count("1")


try:
    (0).bit_count()
    _bits = int.bit_count
except AttributeError:  # Python < 3.10
    _bits = _popcount


class NameIndex:
    """The names of one set by length, each with its character bag as an int.

    ``names``: any iterable of str (duplicates are dropped).  Build once and
    keep (about 1 ms for 1,000 names).
    """

    __slots__ = ("_slot", "_stride", "_by_length")

    def __init__(self, names: Iterable[str]) -> None:
        unique = sorted(set(names))
        counts: Dict[str, int] = {}
        for n in unique:
            for ch in set(n):
                counts[ch] = max(counts.get(ch, 0), n.count(ch))
        #: bit offset of each character; a character of the word no name has is in no bag
        self._slot: Dict[str, int] = {}
        offset = 0
        for ch in sorted(counts):
            self._slot[ch] = offset
            offset += counts[ch]
        self._stride = counts
        groups: Dict[int, List[Tuple[str, int]]] = {}
        for n in unique:
            groups.setdefault(len(n), []).append((n, self._bag(n)))
        self._by_length: Dict[int, Tuple[Tuple[str, int], ...]] = {k: tuple(v) for k, v in groups.items()}

    def _bag(self, word: str) -> int:
        bag = 0
        slot, stride = self._slot, self._stride
        for ch in set(word):
            at = slot.get(ch)
            if at is not None:
                k = min(word.count(ch), stride[ch])  # a name has at most stride[ch] of ch
                bag |= ((1 << k) - 1) << at
        return bag

    def close_match(self, word: str, lengths: Iterable[int], cutoff: float) -> Optional[str]:
        """``difflib.get_close_matches(word, names, n=1, cutoff=cutoff)`` over the names whose length is in ``lengths``.

        ``names`` in the order of ``lengths`` then sorted, as a caller would
        list them; the order changes nothing (difflib keeps the best
        (ratio, name) pair).  Returns the name, or None.
        """
        from difflib import SequenceMatcher

        bag = self._bag(word)
        size = len(word)
        s = SequenceMatcher()
        s.set_seq2(word)
        passed: List[Tuple[float, str]] = []
        for k in lengths:
            group = self._by_length.get(k)
            if not group:
                continue
            total = size + k
            # real_quick_ratio(): 2 * min(la, lb) / (la + lb), as difflib computes it
            if (2.0 * min(size, k) / total if total else 1.0) < cutoff:
                continue
            for name, name_bag in group:
                # quick_ratio(): the multiset intersection of the characters
                quick = 2.0 * _bits(bag & name_bag) / total if total else 1.0
                if quick >= cutoff:
                    passed.append((quick, name))
        # ratio() <= quick_ratio() (same formula, matching characters are common ones): from the
        # highest bound down, stop when the bound is below the best ratio found
        passed.sort(reverse=True)
        best: Optional[Tuple[float, str]] = None
        for quick, name in passed:
            if best is not None and quick < best[0]:
                break
            s.set_seq1(name)
            score = s.ratio()
            if score >= cutoff and (best is None or (score, name) > best):
                best = (score, name)
        return best[1] if best else None
