"""Postfix's time conversion, bit for bit (``src/global/conv_time.c``).

``conv_time()`` runs on the *expanded* value::

    longval = strtol(s, &end, 10)          # C locale, base 10
    reject if s is empty, ERANGE, the number does not fit an int, or < 0
    unit = *end if *end else the parameter's default unit
    w/d/h/m: n must be < INT_MAX / seconds-per-unit; s: any int
    anything after the first unit character is ignored (since 3.1)

Consequences a linter must reproduce: ``1h30m`` is 3600, ``5ms`` is 300,
``days`` is 0 (no digits: strtol leaves ``end`` at the start), ``15M`` is
rejected (units are lower case only), `` 5s`` and ``+5s`` are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

INT_MAX = 2147483647
LONG_MAX = 9223372036854775807
#: isspace() in the C locale, which strtol() skips.
C_SPACE = " \t\n\v\f\r"
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
UNIT_WORDS = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}


@dataclass(frozen=True)
class TimeValue:
    """The outcome of converting one time value."""

    seconds: Optional[int]  # None: Postfix rejects the value ("bad time value or unit")
    number_end: int = 0  # index just after the digits (== start of the unit)
    unit: str = ""  # the unit letter used (explicit or default)
    explicit_unit: bool = False
    no_digits: bool = False  # "days", "s": accepted as 0
    trailing: str = ""  # text after the unit letter, silently ignored by Postfix
    reason: str = ""  # why it was rejected, in words


_DIGITS = re.compile(r"[0-9]*")


def strtol(s: str):
    """Return (value, end_index, had_digits, overflow) like glibc strtol(s, &end, 10)."""
    n = len(s)
    i = 0
    while i < n and s[i] in C_SPACE:
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


def conv_time(value: str, default_unit: str) -> TimeValue:
    """Convert like ``conv_time(value, &secs, default_unit)``."""
    if value == "":
        return TimeValue(None, reason="the value is empty")
    number, end, had_digits, overflow = strtol(value)
    if overflow or number > INT_MAX or number < -INT_MAX - 1:
        return TimeValue(None, end, reason="the number does not fit in a 32-bit int")
    if number < 0:
        return TimeValue(None, end, reason="negative values are not allowed")
    if end < len(value):
        unit, explicit = value[end], True
    else:
        unit, explicit = default_unit, False
    multiplier = UNIT_SECONDS.get(unit)
    if multiplier is None:
        if unit.isalpha() and unit.lower() in UNIT_SECONDS:
            why = f'unit "{unit}" is upper case; Postfix accepts only s, m, h, d, w'
        elif unit in ".,":
            why = "decimal numbers are not allowed"
        elif unit in C_SPACE:
            why = "no space is allowed between the number and its unit"
        elif not had_digits:
            why = "there is no number"
        else:
            why = f'"{unit}" is not a time unit (s, m, h, d, w)'
        return TimeValue(None, end, unit, explicit, not had_digits, reason=why)
    if multiplier > 1 and number >= INT_MAX // multiplier:
        return TimeValue(
            None, end, unit, explicit, not had_digits,
            reason=f"{number}{unit} overflows Postfix's 32-bit time (at most {INT_MAX // multiplier - 1}{unit})",
        )
    trailing = value[end + 1:] if explicit else ""
    return TimeValue(number * multiplier, end, unit, explicit, not had_digits, trailing)


def describe_seconds(seconds: int) -> str:
    """900 -> '15 minutes'; 93600 -> '1 day 2 hours'; 0 -> '0 seconds'."""
    if seconds == 0:
        return "0 seconds"
    parts = []
    rest = seconds
    for unit in ("w", "d", "h", "m", "s"):
        size = UNIT_SECONDS[unit]
        if rest >= size:
            count, rest = divmod(rest, size)
            word = UNIT_WORDS[unit]
            parts.append(f"{count} {word}{'s' if count != 1 else ''}")
    return " ".join(parts[:2]) if len(parts) <= 2 else " ".join(parts[:2]) + " ..."


def seconds_text(seconds: int) -> str:
    """'900 s (15 minutes)'."""
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds} s ({describe_seconds(seconds)})"
