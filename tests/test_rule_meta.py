"""The rule registry and every rule's metadata and documentation, checked for all rules at once.

Per rule: CODE/NAME/SEVERITY, OPTIONS and DEFAULTS that agree, a docstring
with the sections ``--explain`` shows, and the docstring's ``## Example``
firing while its ``## Use instead`` stays quiet.  Docstrings show bytes that
cannot be printed with a notation (``<BOM>``, ``\\0``, ``␍``) that is turned
back into the bytes here; those are the stated exceptions.
"""

from __future__ import annotations

import re

import pytest

from postfix_lint.problem import Severity
from postfix_lint.rules import BY_NAME, RULES, UnknownRule, resolve_code, resolve_codes

from helpers import example, lint, lint_master

from postfix_lint.engine import is_master_rule

HEADINGS = ["What it does", "Why it matters", "Example", "Use instead", "References"]
OPTION_TYPES = {"time": str, "int": int, "float": float, "bool": bool, "str": str}
#: Rules whose "## Use instead" is prose, not a main.cf block.
PROSE_USE_INSTEAD = {"PF007"}  # carriage-return: "Save the file with Unix (LF) line endings."
#: Rules whose example needs another rule enabled: PF090 reports a directive for a rule that runs.
ALSO_SELECT = {"PF090": ("PF204",)}

CODES = sorted(RULES)


def _bytes(text: str) -> str:
    """The docstring notation for unprintable characters, back to the characters."""
    return text.replace("<BOM>", "\ufeff").replace("\\0", "\x00").replace("␍", "\r")


def _settings(text: str) -> dict:
    """A ``# target-version = "X"`` line in an example is the target_version setting."""
    m = re.search(r'^# target-version = "([^"]+)"$', text, re.M)
    return {"target_version": m.group(1)} if m else {}


_lint_main = lint


def test_registry_is_complete_and_consistent():
    assert len(RULES) == len(BY_NAME) == 53
    for code, module in RULES.items():
        assert re.fullmatch(r"PF\d{3}", code) and module.CODE == code
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", module.NAME), module.NAME
        assert BY_NAME[module.NAME] is module
        assert isinstance(module.SEVERITY, Severity)
        assert callable(module.check)
    assert not any(hasattr(m, "DEFAULT_ENABLED") for m in RULES.values())  # every rule runs by default


def test_codes_and_names_resolve():
    assert resolve_code("pf101") == "PF101" == resolve_code("invalid-time")
    assert resolve_codes(["ALL"]) == list(RULES)
    with pytest.raises(UnknownRule):
        resolve_code("PF999")


@pytest.mark.parametrize("code", CODES)
def test_options_and_defaults_agree(code):
    module = RULES[code]
    assert set(module.OPTIONS) == set(module.DEFAULTS)
    for name, kind in module.OPTIONS.items():
        assert isinstance(module.DEFAULTS[name], OPTION_TYPES[kind]), (name, kind)


@pytest.mark.parametrize("code", CODES)
def test_docstring_sections(code):
    module = RULES[code]
    doc = module.__doc__ or ""
    assert doc.strip().splitlines()[0].strip(), "a one-line summary first"
    found = re.findall(r"^## (.*)$", doc, re.M)
    assert [h for h in found if h != "Options"] == HEADINGS
    assert ("Options" in found) == bool(module.OPTIONS)
    for name in module.OPTIONS:
        assert re.search(rf"\b{name}\b", doc.split("## Options", 1)[-1].split("## ", 1)[0]), name
    for heading in found:
        body = doc.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
        assert body.strip(), f"section {heading!r} is empty"
    assert "https://" in doc.split("## References", 1)[1]


@pytest.mark.parametrize("code", CODES)
def test_example_fires_and_use_instead_is_quiet(code):
    module = RULES[code]
    bad = _bytes(example(module, "Example"))
    assert bad, "no indented main.cf block under ## Example"
    codes = (code, *ALSO_SELECT.get(code, ()))
    # a master.cf rule's examples are master.cf files, linted with Postfix's defaults for main.cf
    lint = lint_master if is_master_rule(module) else _lint_main
    assert [p for p in lint(bad, *codes, **_settings(bad)) if p.code == code], bad
    good = _bytes(example(module, "Use instead"))
    if code in PROSE_USE_INSTEAD:
        assert not good
        return
    assert good, "no indented main.cf block under ## Use instead"
    assert [p for p in lint(good, *codes, **_settings(good)) if p.code == code] == []
