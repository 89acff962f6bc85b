"""The fix engine (postfix_lint.fixes), the rules' fixes and the CLI's --fix, --unsafe-fixes, --diff.

The differential test applies every safe fix to every corpus file
(../shared/corpus, skipped when absent) and compares the effective value of
every Postfix parameter in every program that reads it before and after.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from postfix_lint import fixes
from postfix_lint.cli import main
from postfix_lint.lsp import core
from postfix_lint.lsp.core import Edit, Span

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "files"


# --------------------------------------------------------------------------- apply_edits


def test_apply_edits_keeps_everything_else_byte_exact():
    text = "a = 1\r\n# comment\r\nb = x\r\n  continued\r\nc = 3"
    out = fixes.apply_edits(text, [Edit(Span(1, 5, 1, 6), "2"), Edit(Span(4, 3, 4, 12), "more"),
                                   Edit(Span(5, 6, 5, 6), "d")])
    assert out == "a = 2\r\n# comment\r\nb = x\r\n  more\r\nc = 3d"


def test_apply_edits_whole_lines_and_overlaps():
    text = "a = 1\nb = 2\nc = 3\n"
    assert fixes.apply_edits(text, [Edit(Span(2, 1, 3, 1), "")]) == "a = 1\nc = 3\n"
    with pytest.raises(fixes.OverlapError):
        fixes.apply_edits(text, [Edit(Span(1, 1, 1, 4), "x"), Edit(Span(1, 3, 1, 5), "y")])
    assert fixes.apply_edits("", []) == ""


# --------------------------------------------------------------------------- the rules' fixes


def _fixed(text: str, unsafe: bool = False) -> fixes.Result:
    return fixes.fix_text(text, "main.cf", core.default_settings(), unsafe=unsafe)


def test_default_unit_is_safe_when_nothing_refers_to_it():
    r = _fixed("maximal_queue_lifetime = 3\n")
    assert r.text == "maximal_queue_lifetime = 3d\n" and not r.refused


def test_default_unit_is_refused_when_a_reference_would_change():
    text = "maximal_queue_lifetime = 3\ndelay_warning_time = $maximal_queue_lifetime\n"
    r = _fixed(text)
    assert r.text == text  # 3d would make delay_warning_time 3 days instead of 3 hours
    (fix, why), = r.refused
    assert fix.title.startswith("Write the unit") and "delay_warning_time" in why


def test_duplicate_with_the_same_value_is_removed_with_its_continuation():
    text = "mydestination = a,\n  b\n# keep me\nmydestination = a,\n  b\n"
    assert _fixed(text).text == "# keep me\nmydestination = a,\n  b\n"


def test_duplicate_with_another_value_is_unsafe():
    text = "mydestination = a\nmydestination = b\n"
    assert _fixed(text).text == text
    assert _fixed(text, unsafe=True).text == "mydestination = b\n"


def test_unused_suppression_is_deleted():
    text = "# postfix-lint: disable-next-line=PF101\nqueue_run_delay = 15s\n"
    assert _fixed(text).text == "queue_run_delay = 15s\n"
    text = "# postfix-lint: disable-next-line=PF103,PF101\nqueue_run_delay = 15M\n"
    assert _fixed(text).text == "# postfix-lint: disable-next-line=PF101\nqueue_run_delay = 15M\n"


def test_unsafe_fixes():
    text = ("\ufeffqueue_run_delay = 15M\nmaximal_backoff_time = 1h30m\nmydistination = example.com\n"
            "  myhostname = mail.example.com\n")
    assert _fixed(text).text == text  # none of these is safe
    r = _fixed(text, unsafe=True)
    assert r.text == ("queue_run_delay = 15m\nmaximal_backoff_time = 90m\nmydestination = example.com\n"
                      "myhostname = mail.example.com\n")
    assert all(not f.safe for f in r.applied)


# --------------------------------------------------------------------------- differential over the corpus


def _all_values(text: str):
    """Every built-in parameter and every name set in the file, in every program that reads it."""
    doc = core.parse(text)
    vals = core.Values(doc)
    names = set(core.param_names()) | set(core.last_entries(doc))
    return {(n, p): vals.typed(n, p) for n in names for p in vals.readers(n)}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there (the shared reference material)")
def test_safe_fixes_never_change_an_effective_value_over_the_corpus():
    files = sorted(CORPUS.iterdir())
    assert len(files) > 100
    changed = 0
    for f in files:
        text = core.decode(f.read_bytes())
        result = fixes.fix_text(text, str(f), core.default_settings())
        if result.text == text:
            continue
        changed += 1
        assert all(fix.safe for fix in result.applied)
        assert _all_values(text) == _all_values(result.text), f.name
    assert changed > 0  # the corpus has duplicates and the like: the test compared something


# --------------------------------------------------------------------------- the CLI


def _write(tmp_path, text, mode=0o640):
    p = tmp_path / "main.cf"
    p.write_bytes(text.encode())
    os.chmod(p, mode)
    return p


def test_cli_diff_writes_nothing(tmp_path, capsys):
    p = _write(tmp_path, "maximal_queue_lifetime = 3\r\n")
    before = p.stat()
    assert main(["--isolated", "--diff", str(p)]) == 1
    out = capsys.readouterr().out
    assert "-maximal_queue_lifetime = 3\r\n+maximal_queue_lifetime = 3d\r\n" in out
    assert p.read_bytes() == b"maximal_queue_lifetime = 3\r\n" and p.stat().st_mtime_ns == before.st_mtime_ns
    assert main(["--isolated", "--diff", str(_write(tmp_path, "queue_run_delay = 15s\n"))]) == 0


def test_cli_fix_is_atomic_keeps_mode_and_skips_unchanged(tmp_path, capsys):
    p = _write(tmp_path, "maximal_queue_lifetime = 3\nqueue_run_delay = 15M\n", 0o604)
    inode = p.stat().st_ino
    main(["--isolated", "--fix", "-q", str(p)])
    assert p.read_text() == "maximal_queue_lifetime = 3d\nqueue_run_delay = 15M\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o604
    assert p.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert [x.name for x in tmp_path.iterdir()] == ["main.cf"]  # no temporary file left
    stamp = p.stat().st_mtime_ns, p.stat().st_ino
    main(["--isolated", "--fix", "-q", str(p)])  # nothing safe left: not written
    assert (p.stat().st_mtime_ns, p.stat().st_ino) == stamp
    main(["--isolated", "--unsafe-fixes", "-q", str(p)])
    assert p.read_text() == "maximal_queue_lifetime = 3d\nqueue_run_delay = 15m\n"
    capsys.readouterr()


def test_cli_fix_refuses_a_symlink_unless_asked(tmp_path, capsys):
    p = _write(tmp_path, "maximal_queue_lifetime = 3\n")
    link = tmp_path / "link.cf"
    link.symlink_to(p.name)
    assert main(["--isolated", "--fix", "-q", str(link)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert p.read_text() == "maximal_queue_lifetime = 3\n"
    main(["--isolated", "--fix", "--fix-symlinks", "-q", str(link)])
    assert link.is_symlink() and p.read_text() == "maximal_queue_lifetime = 3d\n"


def test_cli_fix_stdin(tmp_path, capsys, monkeypatch):
    import io
    import sys

    fixable = b"maximal_queue_lifetime = 3\nqueue_run_delay = 15M\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(fixable)))
    # like --fix main.cf: the problems left (a fatal 15M, unsafe) give exit status 1 and are reported
    assert main(["--isolated", "--fix", "-"]) == 1
    cap = capsys.readouterr()
    assert cap.out == "maximal_queue_lifetime = 3d\nqueue_run_delay = 15M\n"  # only the fixed text
    assert "<stdin>:2:19: PF101 error" in cap.err and "PF105" not in cap.err
    clean = b"compatibility_level = 3.6\nmaximal_queue_lifetime = 5\nbounce_queue_lifetime = 0\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(clean)))
    assert main(["--isolated", "--fix", "--fail-on", "error", "-"]) == 0
    assert capsys.readouterr().out == clean.decode().replace("= 5\n", "= 5d\n")


def test_unsafe_rename_is_not_offered_when_the_suggested_name_is_set():
    # renaming my_hostname to myhostname would silently drop the real setting
    text = "compatibility_level = 3.6\nmyhostname = mx.example.org\nmy_hostname = y\n"
    assert _fixed(text, unsafe=True).text == text
    text = "compatibility_level = 3.6\nmy_hostname = y\n"
    assert _fixed(text, unsafe=True).text == "compatibility_level = 3.6\nmyhostname = y\n"


def test_unsafe_unindent_is_not_offered_when_the_glued_name_is_set():
    text = "myhostname = mx.example.org\nmydestination = example.com\n  myhostname = other.example\n"
    assert _fixed(text, unsafe=True).text == text
    text = "mydestination = example.com\n  myhostname = other.example\n"
    assert _fixed(text, unsafe=True).text == "mydestination = example.com\nmyhostname = other.example\n"


def test_cli_fix_refuses_a_read_only_file_unless_asked(tmp_path, capsys):
    p = _write(tmp_path, "maximal_queue_lifetime = 3\n", 0o444)
    assert main(["--isolated", "--fix", "-q", str(p)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert p.read_text() == "maximal_queue_lifetime = 3\n"
    main(["--isolated", "--fix", "--fix-read-only", "-q", str(p)])
    assert p.read_text() == "maximal_queue_lifetime = 3d\n" and stat.S_IMODE(p.stat().st_mode) == 0o444


def test_cli_fix_keeps_hard_links(tmp_path, capsys):
    p = _write(tmp_path, "maximal_queue_lifetime = 3\n")
    other = tmp_path / "copy.cf"
    os.link(p, other)
    main(["--isolated", "--fix", "-q", str(p)])
    assert p.read_text() == other.read_text() == "maximal_queue_lifetime = 3d\n"
    assert p.stat().st_ino == other.stat().st_ino and p.stat().st_nlink == 2
    capsys.readouterr()


def test_unsafe_fixes_never_replace_a_setting_they_do_not_edit():
    # two renames onto one name: the second would overwrite what the first wrote
    r = _fixed("compatibility_level = 3.6\nmy_hostname = x\nmyhostnam = y\n", unsafe=True)
    assert r.text == "compatibility_level = 3.6\nmyhostname = x\nmyhostnam = y\n"
    assert any("replace the setting of myhostname" in why for _, why in r.refused)
    # the engine's check, whatever a fixer offers
    fix = core.Fix("rename", (Edit(Span(2, 1, 2, 4), "my"),), False)
    before = "myname = a\nxxxname = b\n"
    assert fixes.clobbered(before, before, fixes.apply_edits(before, fix.edits), fix) == ["myname"]
    fix = core.Fix("value", (Edit(Span(1, 10, 1, 11), "c"),), False)
    assert fixes.clobbered(before, before, fixes.apply_edits(before, fix.edits), fix) == []
