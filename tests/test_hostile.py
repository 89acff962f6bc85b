"""Hostile and odd inputs: a clear problem or a clean exit-2 message, never a traceback or a hang.

A linter runs unattended (pre-commit, CI, an editor on save) over whatever
bytes it is given.  Every case here runs the real command line in a child
process with a timeout, so a hang fails the test instead of blocking CI, and
checks the exit status, the problems (``--format json``) and that standard
error holds no traceback.  The in-process cases at the end pin the limits
that keep expansion and input size bounded.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import struct
import subprocess
import sys
import threading
import time
import zlib

import pytest

from conftest import ROOT

TIMEOUT = 120  # seconds; generous for a loaded CI machine, but a hang still fails


def run_cli(*args, stdin=None, timeout=TIMEOUT, prefix=()):
    """Run ``python -m postfix_lint ARGS``; never a traceback on stderr."""
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "postfix_lint", *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True, timeout=timeout, cwd=ROOT,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-3000:]
    return proc


def lint_json(path, *args, **kw):
    """(exit status, [problem dicts], stderr) of ``--select ALL --format json``."""
    proc = run_cli("--isolated", "--select", "ALL", "--format", "json", *args, path, **kw)
    problems = json.loads(proc.stdout)["problems"] if proc.stdout else []
    return proc.returncode, problems, proc.stderr.decode("utf-8", "replace")


def codes(problems):
    return {p["code"] for p in problems}


def png_bytes() -> bytes:
    """A valid 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff")) + chunk(b"IEND", b""))


def chain(n: int) -> bytes:
    """p0 = 300s, p1 = $p0, ... p<n> = $p<n-1>, queue_run_delay = $p<n>."""
    lines = [b"p0 = 300s"] + [b"p%d = $p%d" % (i, i - 1) for i in range(1, n + 1)]
    return b"\n".join(lines + [b"queue_run_delay = $p%d" % n]) + b"\n"


def bomb(levels: int) -> bytes:
    """a_0 = 1s, a_n = $a_(n-1)$a_(n-1): 2**levels characters if expanded."""
    lines = [b"a_0 = 1s"] + [b"a_%d = $a_%d$a_%d" % (i, i - 1, i - 1) for i in range(1, levels + 1)]
    return b"\n".join(lines + [b"queue_run_delay = $a_%d" % levels]) + b"\n"


_rng = random.Random(20240606)
RANDOM_BYTES = bytes(_rng.getrandbits(8) for _ in range(200_000))
DEEP = 10_000

# name -> (file bytes, exit status, codes that must be reported, codes that must not be)
CASES = {
    "empty": (b"", 1, {"PF204"}, {"PF001", "PF002", "PF003", "PF006"}),
    "only-comments": (b"# a comment\n   # an indented one\n\n\t\n#no newline at the end", 1, {"PF204"},
                      {"PF001", "PF002", "PF003"}),
    "random-bytes": (RANDOM_BYTES, 1, {"PF001", "PF006"}, set()),
    "nul-bytes": (b"\x00" * 4096, 1, {"PF006"}, set()),
    "nul-in-values": (b"queue_run_delay = 5\x00m\nmyhostname = a\x00b\n", 1, {"PF006"}, set()),
    "png": (png_bytes(), 1, {"PF001"}, set()),
    "invalid-utf8": (b"my\xffname = \xfe\xc3\x28 v\nqueue_run_delay = 5\xe2\x82m\n\xc3 = 1\n", 1,
                     {"PF101"}, {"PF001", "PF002"}),
    "utf16-bom": ("\ufeffqueue_run_delay = 300s\nmyhostname = x\n".encode("utf-16"), 1,
                  {"PF001", "PF006"}, set()),
    "utf8-bom": ("\ufeffqueue_run_delay = 300s\n".encode("utf-8"), 1, {"PF005"}, set()),
    "cr-only": (b"queue_run_delay = 300s\rminimal_backoff_time = 300s\rmyhostname = x\r", 1,
                {"PF007", "PF103"}, set()),
    "crlf": (b"queue_run_delay = 300s\r\n  \r\nmyhostname = x\r\n", 1, set(), {"PF001", "PF101"}),
    "self-reference": (b"queue_run_delay = $queue_run_delay\nmyhostname = $myhostname\n", 1, {"PF206"}, set()),
    "two-cycle": (b"queue_run_delay = $minimal_backoff_time\nminimal_backoff_time = $queue_run_delay\n", 1,
                  {"PF206"}, set()),
    "chain-150": (chain(150), 1, {"PF206"}, set()),  # Postfix: "unreasonable macro call nesting"
    "chain-99": (chain(99), 1, set(), {"PF206", "PF101"}),  # within Postfix's limit of 100
    "expansion-bomb-40": (bomb(40), 1, {"PF206"}, set()),
    "curly-10000-deep": (b"queue_run_delay = " + b"${x?" * DEEP + b"1s" + b"}" * DEEP + b"\n", 1, set(), set()),
    "curly-10000-unclosed": (b"queue_run_delay = " + b"${" * DEEP + b"\n", 1, {"PF206"}, set()),
    "relational-10000-deep": (b"queue_run_delay = " + b"${{" * DEEP + b"x" + b"}=={x}}" * DEEP + b"\n",
                              1, set(), set()),
    "name-100000": (b"n" * 100_000 + b" = 1\n" + b"n" * 100_000 + b" = 2\n" + b"m" * 100_000 + b"\n", 1,
                    {"PF010", "PF001"}, set()),
    "many-dollars-10mb": (b"queue_run_delay = " + b"$x" * 5_000_000 + b"\n", 1, {"PF206"}, set()),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file(name, tmp_path):
    data, status, must, must_not = CASES[name]
    path = tmp_path / "main.cf"
    path.write_bytes(data)
    rc, problems, err = lint_json(path)
    assert rc == status, err
    assert err == ""
    found = codes(problems)
    assert must <= found, found
    assert not (must_not & found), found
    for p in problems:
        assert p["line"] >= 1 and p["column"] >= 1 and p["message"]


def test_expansion_problems_name_the_cause(tmp_path):
    cases = {
        "chain-150": (chain(150), "unreasonable macro call nesting"),
        "two-cycle": (CASES["two-cycle"][0], "unreasonable macro call nesting"),
        "bomb": (bomb(40), "expansion is longer than"),
        "dollars": (CASES["many-dollars-10mb"][0], 'more than 100000 "$" in one value'),
    }
    for name, (data, text) in cases.items():
        path = tmp_path / f"{name}.cf"
        path.write_bytes(data)
        _, problems, _ = lint_json(path, "--select", "PF206")
        assert any(text in p["message"] for p in problems), (name, problems)


def test_ten_megabyte_single_line(tmp_path):
    path = tmp_path / "main.cf"
    for line in (b"myhostname = " + b"x" * 10_000_000, b"x" * 10_000_000,
                 b"queue_run_delay = " + b"9" * 10_000_000 + b"\n"):
        path.write_bytes(line)
        start = time.monotonic()
        rc, problems, err = lint_json(path)
        assert rc == 1 and err == ""
        assert time.monotonic() - start < 60
        assert codes(problems) <= {"PF001", "PF101", "PF102", "PF204"}


def test_two_hundred_thousand_lines(tmp_path):
    lines = []
    for i in range(50_000):
        lines += [b"# parameter %d" % i, b"param_%d = $param_%d ${myhostname}" % (i, max(i - 1, 0)),
                  b"    continued %d" % i, b""]
    path = tmp_path / "main.cf"
    path.write_bytes(b"\n".join(lines) + b"\n")
    rc, problems, err = lint_json(path)
    assert rc == 1 and err == ""
    assert "PF204" in codes(problems)
    assert not {p["code"] for p in problems if p["code"].startswith("PF0")}  # no syntax problem


# --------------------------------------------------------------------------
# Paths that are not a readable regular file: exit 2, one line on stderr


def refused(path, *more, prefix=()):
    proc = run_cli(path, *more, prefix=prefix, timeout=60)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    lines = err.splitlines()
    assert lines and all(line.startswith("postfix-lint: ") for line in lines), err
    return err


def test_directory(tmp_path):
    assert "is a directory" in refused(tmp_path)


def test_missing_file(tmp_path):
    assert "no such file" in refused(tmp_path / "nope" / "main.cf")


def test_fifo_does_not_block(tmp_path):
    fifo = tmp_path / "main.cf"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(fifo)


def test_device_is_not_read(tmp_path):
    assert "not a regular file" in refused("/dev/zero")


def test_symlink_loop(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert "symbolic links" in refused(tmp_path / "a")


def test_dangling_symlink(tmp_path):
    (tmp_path / "main.cf").symlink_to(tmp_path / "gone")
    assert "no such file" in refused(tmp_path / "main.cf")


def _without_read_permission():
    """A command prefix under which a mode-0 file is unreadable, even for root."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv(1) is not installed: cannot drop CAP_DAC_OVERRIDE")
    # Root without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH obeys file modes, and
    # can still run the interpreter under /root (unlike runuser -u nobody).
    caps = "-dac_override,-dac_read_search"
    return (setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}")


def test_unreadable_file(tmp_path):
    path = tmp_path / "main.cf"
    path.write_bytes(b"queue_run_delay = 300s\n")
    path.chmod(0)
    prefix = _without_read_permission()
    try:
        err = refused(path, prefix=prefix)
    finally:
        path.chmod(0o644)
    assert f"postfix-lint: error: {path}: permission denied" in err


def test_unreadable_and_good_files_together(tmp_path):
    bad = tmp_path / "secret" / "main.cf"
    bad.parent.mkdir()
    bad.write_bytes(b"queue_run_delay = 300s\n")
    bad.chmod(0)
    good = tmp_path / "main.cf"
    good.write_bytes(b"queue_run_delay = 15M\n")
    prefix = _without_read_permission()
    try:
        proc = run_cli(bad, good, prefix=prefix)
    finally:
        bad.chmod(0o644)
    assert proc.returncode == 2
    assert b"permission denied" in proc.stderr
    assert b"PF101" in proc.stdout  # the readable file is still checked


def test_binary_on_standard_input():
    proc = run_cli("--select", "ALL", "-", stdin=RANDOM_BYTES)
    assert proc.returncode == 1
    assert b"<stdin>:" in proc.stdout


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github", "gitlab"])
def test_every_format_survives_hostile_bytes(tmp_path, fmt):
    path = tmp_path / "main.cf"
    path.write_bytes(RANDOM_BYTES[:20_000] + CASES["invalid-utf8"][0] + CASES["nul-in-values"][0])
    proc = run_cli("--isolated", "--select", "ALL", "--format", fmt, path)
    assert proc.returncode == 1
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(proc.stdout)


def test_file_that_changes_while_being_read(tmp_path):
    """A writer rewrites the file in place (truncate, then write) while it is linted."""
    path = tmp_path / "main.cf"
    versions = [b"", b"queue_run_delay = 300s\n" * 2000, RANDOM_BYTES, b"queue_run_delay = 15M\n",
                b"x" * 3_000_000]
    path.write_bytes(versions[1])
    stop = threading.Event()

    def writer():
        i = 0
        while not stop.is_set():
            with open(path, "r+b") as fh:
                fh.truncate(0)
                data = versions[i % len(versions)]
                for k in range(0, len(data), 65536):  # in pieces, so readers see partial files
                    fh.write(data[k : k + 65536])
                    fh.flush()
            i += 1

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        for _ in range(8):
            proc = run_cli("--isolated", path)
            assert proc.returncode in (0, 1), proc.stderr
    finally:
        stop.set()
        thread.join()


# --------------------------------------------------------------------------
# The linter never writes to the files it lints (nor beside them)


def snapshot(directory):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(directory.iterdir())}


def test_files_are_never_modified(tmp_path):
    for name, (data, *_) in CASES.items():
        if len(data) < 1_000_000:
            (tmp_path / f"{name}.cf").write_bytes(data)
    (tmp_path / "main.cf").write_bytes(b"queue_run_delay = 15M\nmaximal_backoff_time = 1h30m\n")
    (tmp_path / "master.cf").write_bytes(b"smtp inet n - y - - smtpd\n")
    for p in tmp_path.iterdir():
        os.utime(p, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))  # a fixed past time
    before = snapshot(tmp_path)
    paths = sorted(str(p) for p in tmp_path.iterdir())
    for fmt in ("text", "json", "sarif"):
        run_cli("--select", "ALL", "--format", fmt, *paths)
    run_cli("--statistics", *paths)
    run_cli("schedule", tmp_path / "main.cf")
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------
# Limits that keep expansion bounded, in process


def test_many_dollars_are_refused_before_tokenising():
    from postfix_lint.postfix import macro

    value = "$x" * (macro.MAX_DOLLARS + 1)
    start = time.perf_counter()
    with pytest.raises(macro.ExpansionError) as info:
        macro.expand(value, {}.get)
    assert info.value.kind == "size"
    with pytest.raises(macro.MacroSyntaxError):
        macro.references(value)
    # ... also when the long value is looked up through a reference
    with pytest.raises(macro.ExpansionError) as info:
        macro.expand("$big", {"big": value}.get)
    assert info.value.kind == "size" and info.value.name == "big"
    assert time.perf_counter() - start < 5
    # at the limit the value is still expanded
    assert macro.expand("${x}" * (macro.MAX_DOLLARS // 4), {"x": "X"}.get) == "X" * (macro.MAX_DOLLARS // 4)


@pytest.mark.parametrize("digits", ["9" * 5000, "0" * 5000 + "1", "9" * 10_000_000])
def test_huge_numbers_are_out_of_range_not_a_crash(digits):
    """int() refuses more than 4300 digits (and is slow below that): never reach it."""
    from postfix_lint.postfix import macro
    from postfix_lint.postfix.values import conv_time, strtol

    start = time.perf_counter()
    big = len(digits.lstrip("0")) > 19
    value, end, had_digits, overflow = strtol(digits + "s")
    assert (end, had_digits, overflow) == (len(digits), True, big)
    assert strtol("-" + digits)[3] is big
    assert (conv_time(digits + "s", "s").seconds is None) is big
    relational = "${{%s}=={1}?{yes}:{no}}" % digits
    level = "${{%s.7} <level {3.6}?{yes}:{no}}" % digits
    if big:
        for value in (relational, level):
            with pytest.raises(macro.ExpansionError) as info:
                macro.expand(value, {}.get)
            assert info.value.kind in ("syntax", "size")  # 10 MB: longer than the output cap
    else:
        assert macro.expand(relational, {}.get) == "yes"
        assert macro.expand(level, {}.get) == "yes"  # 1.7 < 3.6
    assert time.perf_counter() - start < 10


# --------------------------------------------------------------------------
# Input size: refused before it can exhaust memory


def test_oversized_file_is_refused_at_once(tmp_path):
    from postfix_lint.cli.files import MAX_BYTES

    path = tmp_path / "main.cf"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no disk space, no time
    start = time.monotonic()
    assert "file too large" in refused(path)
    assert time.monotonic() - start < 30


def test_oversized_standard_input_is_refused():
    from postfix_lint.cli.files import MAX_BYTES

    proc = run_cli("-", stdin=b"# x\n" * (MAX_BYTES // 4 + 1))
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("postfix-lint: error: <stdin>: input too large")


def test_file_that_grows_past_the_limit_after_stat(tmp_path, monkeypatch):
    from postfix_lint.cli import files as cli

    path = tmp_path / "main.cf"
    path.write_bytes(b"a = 1\n" * 100)
    monkeypatch.setattr(cli, "MAX_BYTES", 64)  # the stat() saw less than is read
    real_stat = os.stat
    monkeypatch.setattr(cli.os, "stat", lambda p, *a, **k: os.stat_result((*real_stat(p)[:6], 10, *real_stat(p)[7:])))
    with pytest.raises(cli.InputError, match="file too large"):
        cli.read_input(str(path))


def test_path_swapped_for_a_fifo_after_stat_does_not_block(tmp_path, monkeypatch):
    from postfix_lint.cli import files as cli

    regular, fifo = tmp_path / "regular", tmp_path / "main.cf"
    regular.write_bytes(b"a = 1\n")
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(cli.os, "stat", lambda p, *a, **k: real_stat(regular))  # stat() sees a file
    with pytest.raises(cli.InputError, match="not a regular file"):
        cli.read_input(str(fifo))
