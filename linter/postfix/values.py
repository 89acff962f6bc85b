"""Postfix's conversion of parameter values, bit for bit: time, boolean, numbers, string lengths.

Time (``src/global/conv_time.c``): ``conv_time()`` runs on the *expanded* value::

    longval = strtol(s, &end, 10)          # C locale, base 10
    reject if s is empty, ERANGE, the number does not fit an int, or < 0
    unit = *end if *end else the parameter's default unit
    w/d/h/m: n must be < INT_MAX / seconds-per-unit; s: any int
    anything after the first unit character is ignored (since 3.1)

Consequences a linter must reproduce: ``1h30m`` is 3600, ``5ms`` is 300,
``days`` is 0 (no digits: strtol leaves ``end`` at the start), ``15M`` is
rejected (units are lower case only), `` 5s`` and ``+5s`` are accepted.

The other types (reference section 3.2), again on the expanded value (raw
parameters are not expanded): bool/nbool (``src/global/mail_conf_bool.c``,
``mail_conf_nbool.c``) are ``strcasecmp()`` with "yes" or "no", nothing else;
int/nint (``mail_conf_int.c``, ``mail_conf_nint.c``): ``strtol(s, &end, 10)``
must consume the whole non-empty string and fit in a 32-bit int; long
(``mail_conf_long.c``): the same in 64 bits; bounds are ``min && v < min``,
``max && v > max`` (0 = no limit), for str/raw/str_fn string lengths in bytes.
Verified against the installed 3.7.11 libraries (``tests/data/typed_pairs.tsv``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from postfix_lint.postfix.record import Record
from postfix_lint.postfix.text import ISSPACE, strtol

if TYPE_CHECKING:
    from postfix_lint.postfix.params import Param

__all__ = ["TimeValue", "conv_time", "conv_bool", "conv_int", "check_typed", "seconds_text",
           "describe_seconds", "UNIT_SECONDS", "UNIT_WORDS", "INT_MAX", "strtol"]

INT_MAX = 2147483647
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
UNIT_WORDS = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}


class TimeValue(Record):
    """The outcome of converting one time value (a frozen :class:`~postfix_lint.postfix.record.Record`)."""

    _FIELDS = ("seconds", "number_end", "unit", "explicit_unit", "no_digits", "trailing", "reason")
    __slots__ = _FIELDS
    seconds: Optional[int]  # None: Postfix rejects the value ("bad time value or unit")
    number_end: int  # index just after the digits (== start of the unit)
    unit: str  # the unit letter used (explicit or default)
    explicit_unit: bool
    no_digits: bool  # "days", "s": accepted as 0
    trailing: str  # text after the unit letter, silently ignored by Postfix
    reason: str  # why it was rejected, in words

    def __init__(self, seconds: Optional[int], number_end: int = 0, unit: str = "", explicit_unit: bool = False,
                 no_digits: bool = False, trailing: str = "", reason: str = "") -> None:
        self._set((seconds, number_end, unit, explicit_unit, no_digits, trailing, reason))


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
        elif unit in ISSPACE:
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

def conv_bool(value: str) -> Optional[bool]:
    """True for yes, False for no (ASCII case-insensitive), None otherwise."""
    if len(value) == 3:
        if value[0] in "yY" and value[1] in "eE" and value[2] in "sS":
            return True
    elif len(value) == 2:
        if value[0] in "nN" and value[1] in "oO":
            return False
    return None


def conv_int(value: str, bits: int = 32) -> Optional[int]:
    """The number Postfix reads from ``value``, or None when it rejects it.

    ``bits=32`` for int/nint parameters, ``bits=64`` for long ones.
    """
    number, end, had_digits, _ = strtol(value)
    if not had_digits or end != len(value):
        return None  # no digits (strtol converts nothing), or trailing text
    limit = 1 << (bits - 1)
    if number < -limit or number >= limit:
        return None  # ERANGE, or does not fit in an int
    return number


def _byte_length(value: str) -> int:
    return len(value.encode("utf-8", "surrogateescape"))


def check_typed(param: Param, value: str) -> Optional[str]:
    """Postfix's fatal message for ``param = value`` (expanded), or None if accepted.

    The text is what follows ``fatal: `` in the daemon's log, e.g.
    ``bad boolean configuration: NAME = VALUE``,
    ``bad numerical configuration: NAME = VALUE``,
    ``invalid NAME parameter value N < MIN``,
    ``bad string length L < MIN: NAME = VALUE`` (raw: ``(L < MIN)``).

    Time parameters are delegated to :func:`conv_time`
    (``parameter NAME: bad time value or unit: VALUE``,
    ``invalid NAME: N (min MIN)``).
    """
    name, typ, lo, hi = param.name, param.type, param.min, param.max
    if typ in ("bool", "nbool"):
        if conv_bool(value) is None:
            return f"bad boolean configuration: {name} = {value}"
        return None
    if typ in ("int", "nint", "long"):
        number = conv_int(value, 64 if typ == "long" else 32)
        if number is None:
            return f"bad numerical configuration: {name} = {value}"
        if lo and number < lo:
            return f"invalid {name} parameter value {number} < {lo}"
        if hi and number > hi:
            return f"invalid {name} parameter value {number} > {hi}"
        return None
    if typ in ("str", "str_fn", "raw"):
        length = _byte_length(value)
        if typ == "raw":
            if lo and length < lo:
                return f"bad string length ({length} < {lo}): {name} = {value}"
            if hi and length > hi:
                return f"bad string length ({length} > {hi}): {name} = {value}"
            return None
        if lo and length < lo:
            return f"bad string length {length} < {lo}: {name} = {value}"
        if hi and length > hi:
            return f"bad string length {length} > {hi}: {name} = {value}"
        return None
    if typ == "time":
        seconds = conv_time(value, param.unit or "s").seconds
        if seconds is None:
            return f"parameter {name}: bad time value or unit: {value}"
        if lo and seconds < lo:
            return f"invalid {name}: {seconds} (min {lo})"
        if hi and seconds > hi:
            return f"invalid {name}: {seconds} (max {hi})"
        return None
    raise ValueError(f"unknown parameter type {typ!r} for {name}")
