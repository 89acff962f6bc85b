"""Postfix's string helpers, one home each: whitespace sets, strtol(), mystrtok(), extpar(), quoting.

Every function follows a libc or ``src/util`` routine that the readers and
the rules need to reproduce exactly: what counts as whitespace (``ISSPACE()``
vs ``CHARS_SPACE``), how ``strtol()`` reads a number, how ``mystrtok()``
splits a list, how ``extpar()`` opens ``{...}``.  Pure functions on ``str``.
"""

from __future__ import annotations

import re
from typing import List, Tuple

#: Postfix's ISSPACE(): ``isascii(c) && isspace(c)`` in the C locale, which is also
#: what strtol() skips.  Python's str.isspace() and str.strip() also accept
#: non-ASCII and \x1c-\x1f, so never use them for Postfix text.
ISSPACE = " \t\n\v\f\r"
#: CHARS_SPACE (``src/util/stringops.h``): the separators of mystrtok() word lists
#: and of ``$`` expression operands.
CHARS_SPACE = " \t\r\n"
#: mystrtok() separators for ``smtpd_restriction_classes`` and database table lists.
LIST_SEPARATORS = ", \t\r\n"

LONG_MAX = 9223372036854775807
_DIGITS = re.compile(r"[0-9]*")


def strtol(s: str) -> Tuple[int, int, bool, bool]:
    """``strtol(s, &end, 10)`` in glibc's C locale: (value, end index, had digits, overflow).

    Leading ``ISSPACE`` and one sign are skipped; without digits ``end`` is 0
    (``end = s``).  ``overflow`` is ERANGE (the value does not fit a 64-bit long).
    """
    n = len(s)
    i = 0
    while i < n and s[i] in ISSPACE:
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    start = i
    i = _DIGITS.match(s, i).end()
    if i == start:
        return 0, 0, False, False  # no conversion: end = s
    significant = s[start:i].lstrip("0")
    # More digits than LONG_MAX has is ERANGE whatever they are; int() of a
    # long run is slow and refuses more than 4300 digits (ValueError).
    value = LONG_MAX + 2 if len(significant) > len(str(LONG_MAX)) else int(significant or "0")
    if neg:
        value = -value
    overflow = value > LONG_MAX or value < -LONG_MAX - 1
    return value, i, True, overflow


def mystrtok(text: str, separators: str = CHARS_SPACE) -> List[str]:
    """``mystrtok(&text, separators)`` until it returns NULL: the non-empty words, in order."""
    out, word = [], []
    for ch in text:
        if ch in separators:
            if word:
                out.append("".join(word))
                word = []
        else:
            word.append(ch)
    if word:
        out.append("".join(word))
    return out


def find_word(value: str, word: str, separators: str = LIST_SEPARATORS, start: int = 0) -> int:
    """Offset of ``word`` as a whole mystrtok() word of ``value`` at or after ``start``, or -1."""
    while True:
        at = value.find(word, start)
        if at < 0:
            return -1
        end = at + len(word)
        if (at == 0 or value[at - 1] in separators) and (end == len(value) or value[end] in separators):
            return at
        start = at + 1


def extpar(text: str) -> str:
    """``extpar(&text, "{}", EXTPAR_FLAG_NONE)``: the inside of a leading ``{...}``, untrimmed.

    Text after the closing brace (Postfix's "syntax error after '}'") is
    dropped; without a closing brace ("missing '}'") the rest is returned.
    """
    level = 0
    for i, ch in enumerate(text):
        if ch == "{":
            level += 1
        elif ch == "}":
            level -= 1
            if level == 0:
                return text[1:i]
    return text[1:]


def normalise(value: str) -> str:
    """``pcf_print_line()``: runs of SP, TAB, CR, LF become one space; ends trimmed."""
    return " ".join(mystrtok(value, CHARS_SPACE))


def quote(text: str, limit: int = 60) -> str:
    """``text`` for a message: CR, TAB and LF shown as ``\\r``, ``\\t``, ``\\n``; longer than
    ``limit`` characters, cut and marked with ``...``."""
    text = text.replace("\r", "\\r").replace("\t", "\\t").replace("\n", "\\n")
    if len(text) > limit:
        text = text[:limit] + "..."
    return text
