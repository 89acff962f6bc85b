"""Every ```console example of the README is run, and its output compared with the text shown.

A console block holds one or more commands (lines starting with ``$ ``), each
followed by the output it prints.  The commands run with ``bash`` in the
repository's directory, in a pseudo-terminal (so the output is what a reader
at a terminal sees: source excerpts, summary line), with ``NO_COLOR=1`` and
the virtualenv's ``bin`` first on ``PATH``; the repository's absolute path
is removed from the output.  ``...`` elides: alone on a line it stands for
any number of lines (none included), inside a line for any text on that
line.  New blocks are picked up without changing this file.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import List, Tuple

import pytest

from conftest import ROOT

README = ROOT / "README.md"
ELISION = "..."


def console_examples(text: str) -> List[Tuple[int, str, List[str]]]:
    """[(README line number, command, expected output lines)] of every ```console block."""
    out: List[Tuple[int, str, List[str]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            if lines[i].startswith("$ "):
                out.append((i + 1, lines[i][2:], []))
            elif out:
                out[-1][2].append(lines[i])
            else:
                raise AssertionError(f"README.md:{i + 1}: a console block must start with '$ COMMAND'")
            i += 1
        i += 1
    return out


def expected_pattern(expected: List[str]) -> "re.Pattern[str]":
    """A regular expression for the expected lines with their ``...`` elisions."""
    parts = []
    for line in expected:
        if line.strip() == ELISION:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*".join(re.escape(piece) for piece in line.split(ELISION)) + r"\n")
    return re.compile("".join(parts))


def run_in_terminal(command: str, timeout: float = 120) -> str:
    """Output of ``bash -c command`` run in a pseudo-terminal at the repository's root."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "COLUMNS")}
    env.update(NO_COLOR="1", TERM="xterm",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]))
    master, slave = pty.openpty()
    proc = subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return text.replace(str(ROOT) + os.sep, "")


EXAMPLES = console_examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_console_examples():
    assert len(EXAMPLES) >= 3
    assert EXAMPLES[0][1] == "postfix-lint examples/broken/main.cf"  # the first thing a reader sees


@pytest.mark.parametrize("line, command, expected", EXAMPLES, ids=[f"README.md:{e[0]}" for e in EXAMPLES])
def test_console_example_is_the_real_output(line, command, expected):
    got = run_in_terminal(command)
    assert expected_pattern(expected).fullmatch(got), (
        f"README.md:{line}: `{command}` prints something else; it prints:\n{got}")


@pytest.mark.parametrize("expected, got, matches", [
    (["a", "...", "z"], "a\nz\n", True),
    (["a", "...", "z"], "a\nb\nc\nz\n", True),
    (["a", "...", "z"], "a\nb\n", False),
    (["a ... z"], "a long line z\n", True),
    (["a ... z"], "a\nz\n", False),  # an elision inside a line stays on that line
    (["a.b"], "axb\n", False),  # the rest is literal
])
def test_elision(expected, got, matches):
    assert bool(expected_pattern(expected).fullmatch(got)) is matches


def test_paths_named_by_the_readme_and_ci_exist():
    """Files of the repository that the README and .ci/run name (tests/..., examples/..., docs/...) exist."""
    for doc in (README, ROOT / ".ci" / "run"):
        text = doc.read_text(encoding="utf-8")
        for path in set(re.findall(r"(?<![\w/.-])((?:tests|examples|docs|scripts|bench|fuzz)/[\w./-]+\.\w+)", text)):
            assert (ROOT / path).exists(), f"{doc.name} names {path}, which does not exist"
