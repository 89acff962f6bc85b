"""The rule registry: every rule module, by code and by name.

A rule module has ``CODE`` (``PF`` + 3 digits), ``NAME`` (kebab-case, the
flagged pattern), ``SEVERITY`` (default), ``OPTIONS``/``DEFAULTS`` (option
name -> type / default value), a docstring that is its user documentation,
and ``check(ctx, options) -> Iterator[Problem]``.
"""

from __future__ import annotations

from typing import Dict, Iterable, List

from postfix_lint.rules import (
    accidental_continuation,
    backoff_below_scan_interval,
    bounce_backscatter_risk,
    bounce_lifetime_exceeds_queue_lifetime,
    byte_order_mark,
    carriage_return,
    delay_warning_after_bounce,
    delay_warning_never_sent,
    delay_warning_under_an_hour,
    deprecated_parameter,
    duplicate_parameter,
    duplicate_service,
    first_retry_after_lifetime,
    implicit_time_unit,
    inapplicable_override,
    inline_comment,
    invalid_boolean,
    invalid_compatibility_level,
    invalid_number,
    invalid_string_length,
    invalid_time,
    invalid_word_value,
    late_bounce,
    legacy_compatibility_defaults,
    macro_syntax_error,
    master_field_syntax,
    master_syntax_warning,
    max_backoff_below_min,
    missing_equals,
    missing_name,
    missing_relay_restriction,
    missing_service,
    nul_byte,
    optional_table_type,
    orphan_continuation,
    parameter_too_new,
    read_only_parameter,
    reference_cycle,
    short_queue_lifetime,
    table_not_type_name,
    time_out_of_range,
    time_trailing_text,
    time_without_digits,
    too_few_delivery_attempts,
    undefined_override_reference,
    undefined_parameter_reference,
    undefined_restriction_class,
    unknown_parameter,
    unknown_restriction,
    unknown_table_type,
    unresolvable_reference,
    unused_override,
    unused_suppression,
)

_MODULES = (
    missing_equals,
    missing_name,
    orphan_continuation,
    accidental_continuation,
    byte_order_mark,
    nul_byte,
    carriage_return,
    duplicate_parameter,
    unused_suppression,
    invalid_time,
    time_out_of_range,
    time_trailing_text,
    time_without_digits,
    implicit_time_unit,
    inline_comment,
    backoff_below_scan_interval,
    max_backoff_below_min,
    bounce_lifetime_exceeds_queue_lifetime,
    bounce_backscatter_risk,
    delay_warning_never_sent,
    unresolvable_reference,
    short_queue_lifetime,
    too_few_delivery_attempts,
    late_bounce,
    first_retry_after_lifetime,
    delay_warning_after_bounce,
    unknown_parameter,
    read_only_parameter,
    undefined_parameter_reference,
    macro_syntax_error,
    parameter_too_new,
    deprecated_parameter,
    reference_cycle,
    invalid_boolean,
    invalid_number,
    invalid_string_length,
    invalid_word_value,
    invalid_compatibility_level,
    legacy_compatibility_defaults,
    table_not_type_name,
    unknown_table_type,
    optional_table_type,
    unknown_restriction,
    undefined_restriction_class,
    missing_relay_restriction,
    delay_warning_under_an_hour,
    master_field_syntax,
    master_syntax_warning,
    duplicate_service,
    missing_service,
    unused_override,
    inapplicable_override,
    undefined_override_reference,
)

RULES: Dict[str, object] = {m.CODE: m for m in sorted(_MODULES, key=lambda m: m.CODE)}
BY_NAME: Dict[str, object] = {m.NAME: m for m in _MODULES}


class UnknownRule(ValueError):
    pass


def resolve_code(ident: str) -> str:
    """'PF101' / 'pf101' / 'invalid-time' -> 'PF101'."""
    key = ident.strip()
    if key.upper() in RULES:
        return key.upper()
    if key in BY_NAME:
        return BY_NAME[key].CODE
    raise UnknownRule(f"unknown rule {ident!r} (see --list-rules)")


def resolve_codes(idents: Iterable[str]) -> List[str]:
    out: List[str] = []
    for ident in idents:
        if ident.strip().upper() == "ALL":
            out.extend(RULES)
        else:
            out.append(resolve_code(ident))
    return out
