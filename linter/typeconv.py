"""Postfix's typed-value checks for non-time parameters, exactly (reference section 3.2).

All functions take the *expanded* value: what ``mail_conf_lookup_eval()``
returns after ``$name`` expansion (raw parameters are not expanded).

- bool/nbool (``src/global/mail_conf_bool.c``, ``mail_conf_nbool.c``):
  ``strcasecmp()`` with "yes" or "no", nothing else;
- int/nint (``mail_conf_int.c``, ``mail_conf_nint.c``): ``strtol(s, &end, 10)``
  must consume the whole non-empty string and fit in a 32-bit int; long
  (``mail_conf_long.c``): the same in 64 bits.  Leading C-locale whitespace
  and one sign are accepted, trailing anything is not;
- bounds: ``min && v < min``, ``max && v > max`` (0 = no limit); for
  str/raw/str_fn they are string lengths in bytes.

Verified against the installed 3.7.11 libraries (``tests/data/typed_pairs.tsv``).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

    from postfix_lint.params import Param

from postfix_lint.convert import C_SPACE, strtol

__all__ = ["conv_bool", "conv_int", "check_typed", "C_SPACE"]

#: isspace() in the C locale: what strtol() skips before the number.


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

    Time parameters are delegated to :func:`postfix_lint.convert.conv_time`
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
        from postfix_lint.convert import conv_time

        seconds = conv_time(value, param.unit or "s").seconds
        if seconds is None:
            return f"parameter {name}: bad time value or unit: {value}"
        if lo and seconds < lo:
            return f"invalid {name}: {seconds} (min {lo})"
        if hi and seconds > hi:
            return f"invalid {name}: {seconds} (max {hi})"
        return None
    raise ValueError(f"unknown parameter type {typ!r} for {name}")
