"""The effective settings of one file as TOML (``--show-settings``), and the one TOML writer.

:func:`toml_value` writes the few TOML values postfix-lint ever writes
(strings, booleans, numbers, flat lists); the rule documentation's
configuration snippets (:mod:`postfix_lint.report.ruledoc`) use it too, so
that what ``--show-settings`` prints and what docs/rules.md shows read back
the same.  Pure functions; the CLI prints.
"""

from __future__ import annotations

from typing import Any


def toml_str(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, control characters and lone surrogates as ``\\uXXXX``."""
    out = []
    for ch in text:
        if ch in "\\\"":
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """``true``, ``12``, ``"12h"``, ``["a", "b"]``: a bool, number, list or anything else as a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return toml_str(str(value))


def show_settings(eff, path: str) -> str:
    """The settings of one file (a ``config.Effective``), as a TOML document usable as .postfix-lint.toml."""
    from postfix_lint.engine import enabled_rules, rule_options
    from postfix_lint.rules import RULES

    s = eff.settings
    enabled = {m.CODE for m in enabled_rules(s)}
    lines = [
        f"# Effective settings for {path}",
        f"# configuration file: {eff.config.describe()}",
    ]
    for pattern, codes in eff.ignored_by_pattern.items():
        lines.append(f"# per-file-ignores {pattern!r} matches: {', '.join(codes)}")
    from postfix_lint.postfix.profiles import describe_target as profile_label

    if s.target_version:
        lines.append(f"target-version = {toml_str(s.target_version)}  # profile: {profile_label(s.target_version)}")
    else:
        lines.append(f"# target-version is not set: profile {profile_label(None)};"
                     " pin it (e.g. target-version = \"3.7\") to judge against one release")
    if getattr(eff.config, "master_cf", None):
        lines.append(f"master-cf = {toml_str(str(eff.config.master_cf))}")
    lines += [
        f"fail-on = {toml_str(str(eff.fail_on))}",
        "select = [",
    ]
    lines += [f"    {toml_str(c)},  # {RULES[c].NAME}" for c in sorted(enabled)]
    lines.append("]")
    off = [c for c in RULES if c not in enabled]
    if off:
        lines.append("# not selected: " + ", ".join(off))
    # only the severities the configuration sets: a configured severity applies to every finding of a
    # rule, while a rule's default may vary per finding (PF204 is info or warning), so printing the
    # defaults as settings would change the results of a file that uses this output as configuration
    lines += ["", "[severity]"]
    for code in sorted(enabled):
        module = RULES[code]
        if code in s.severity:
            level = s.severity[code]
            note = "" if level == module.SEVERITY else f" (default {module.SEVERITY})"
            lines.append(f"{code} = {toml_str(str(level))}  # {module.NAME}{note}")
        else:
            lines.append(f"# {code} = {toml_str(str(module.SEVERITY))}  # {module.NAME}: not set, the rule's default")
    for code in sorted(enabled):
        module = RULES[code]
        opts = rule_options(module, s)
        if not opts:
            continue
        lines += ["", f"[rules.{code}]  # {module.NAME}"]
        for name in sorted(opts):
            lines.append(f"{name} = {toml_value(opts[name])}")
    return "\n".join(lines) + "\n"
