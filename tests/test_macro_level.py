"""The 3.6+ ``level`` operator suffix of the ``$`` language (``<level``, ``==level`` ...).

Every Postfix program registers it (``compat_level_relop_register()``,
``src/global/compat_level.c``); several built-in defaults use it, e.g.
``relay_domains = ${{$compatibility_level} <level {2} ? {$mydestination} : {}}``.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from postfix_lint.postfix import macro, params

from conftest import postfix_installed

CASES = [
    # (value, compatibility_level, expansion or error message)
    ("${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}", "3.6", "sha256"),
    ("${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}", "2", "md5"),
    ("${{$compatibility_level} <level {2} ? {x} : {}}", "0", "x"),
    ("${{2} <level {10}}", "", "true"),  # numerically, not as strings
    ("${{3.6.1} >=level {3.6}}", "", "true"),
    ("${{3.6} ==level {3.6.0}}", "", "true"),
    ("${{1} !=level{1}}", "", ""),
    ("${{ 3. 6} ==level {3.6}?{yes}:{no}}", "", "yes"),  # strtol() skips the blanks
    ("${{3.a} <level {1}}", "", 'malformed compatibility level syntax: "3.a"'),
    ("${{3.6.1.2} <level {1}}", "", 'malformed compatibility level syntax: "3.6.1.2"'),
    ("${{1024} >level {3.1024}}", "", 'malformed compatibility level syntax: "3.1024"'),
    ("${{1} <lvl {1}}", "", 'bad operator suffix at: "...<>>>lvl"'),
    ("${{1} =~level {1}}", "", '"==" or "!="" or "<"" or "<="" or ">="" or ">" expected at: "...1}>>>=~level {1}"'),
]


def _expand(value, level):
    try:
        return macro.expand(value, {"compatibility_level": level}.get)
    except macro.ExpansionError as exc:
        return exc.message


@pytest.mark.parametrize("value, level, expected", CASES)
def test_level_operators(value, level, expected):
    assert _expand(value, level) == expected


def test_scan_sees_both_sides_and_checks_the_suffix():
    assert [n for n, _ in macro.references("${{$a} <=level {$b} ? {$c}}")] == ["a", "b", "c"]
    assert macro.check_syntax("${{1} >level {2}}") is None
    assert "bad operator suffix" in macro.check_syntax("${{1} >lev {2}}").message


def test_builtin_defaults_parse():
    # every default of Postfix 3.7.11 is valid in the language the linter speaks
    bad = {}
    for name in params.names():
        p = params.get(name)
        if p.type != "raw" and macro.check_syntax(p.default) is not None:
            bad[name] = p.default
    assert bad == {}


@pytest.mark.skipif(not postfix_installed(), reason="Postfix not installed: apt-get install postfix")
@pytest.mark.parametrize("value, level, expected", [c for c in CASES if c[1] == ""])
def test_level_operators_match_postconf_x(value, level, expected):
    with tempfile.TemporaryDirectory() as tmp:
        main = Path(tmp, "main.cf")
        main.write_text(f"smtpd_banner = {value}\n")
        past = time.time() - 60
        os.utime(main, (past, past))
        Path(tmp, "master.cf").write_text("")
        import oracle  # the installed Postfix, or the tree $POSTFIX_LINT_SYSTEM_RELEASE names

        install = oracle.SYSTEM
        out = subprocess.run(install.argv(install.postconf_path) + ["-c", tmp, "-x", "-h", "smtpd_banner"],
                             capture_output=True, text=True, env=install.env())
    if out.returncode == 0:
        assert out.stdout.strip() == expected
    else:
        assert f"warning: {expected}" in out.stderr
