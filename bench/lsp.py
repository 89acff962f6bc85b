"""Language-server figures (issue 13): per-edit diagnostics, hover, completion, server start.

In-process: one :class:`postfix_lint.lsp.features.Document` for Postfix's own
main.cf.dist (``/usr/share/postfix/main.cf.dist``, ~700 lines, or the path
given), edited one character per round (a new version each time, so nothing
is cached between rounds), timed with ``time.perf_counter``; the median of
the rounds.  Server start: ``postfix-lint server`` as a subprocess, from
spawning it to the first ``publishDiagnostics`` after ``initialize`` /
``initialized`` / ``didOpen`` (best of 5, cold imports each time).

Run: ``.venv/bin/python bench/lsp.py [PATH] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types as T

from postfix_lint.lsp import core
from postfix_lint.lsp.features import Document

DIST = "/usr/share/postfix/main.cf.dist"


def per_edit(text: str, rounds: int):
    settings = core.default_settings()
    doc = Document("file:///bench/main.cf", "/bench/main.cf", text, 0, settings)
    doc.diagnostics()  # warm: imports, Lark's parser, parameter tables
    times = []
    for i in range(rounds):
        edited = text + f"\n# edit {i}\n" + ("queue_run_delay = 15M\n" if i % 2 else "")
        t0 = time.perf_counter()
        doc.update(edited, i + 1)
        doc.diagnostics()
        times.append(time.perf_counter() - t0)
    return doc, times


def hover_and_completion(doc: Document, rounds: int):
    # a parameter that is set in the file and one that is read through $name
    lines = doc.text.split("\n")
    target = next(i for i, l in enumerate(lines) if l.startswith("smtpd_banner"))
    hov, comp = [], []
    for i in range(rounds):
        doc.update(doc.text + ("\n" if i % 2 else ""), 1000 + i)  # a new version: values recomputed
        doc.diagnostics()
        t0 = time.perf_counter()
        h = doc.hover(T.Position(target, 3))
        hov.append(time.perf_counter() - t0)
        assert h is not None
        t0 = time.perf_counter()
        c = doc.completion(T.Position(target, 5))  # after "smtpd"
        comp.append(time.perf_counter() - t0)
        assert c.items
    return hov, comp


def _message(obj) -> bytes:
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read(proc):
    headers = {}
    while True:
        line = proc.stdout.readline()
        if not line:
            raise EOFError("server closed its output")
        line = line.strip()
        if not line:
            break
        k, v = line.split(b":", 1)
        headers[k.strip().lower()] = v.strip()
    return json.loads(proc.stdout.read(int(headers[b"content-length"])))


def server_start(path: str) -> float:
    text = Path(path).read_text("utf-8", "surrogateescape")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "postfix_lint", "server"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        proc.stdin.write(_message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                   "params": {"processId": None, "rootUri": None, "capabilities": {}}}))
        proc.stdin.write(_message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        proc.stdin.write(_message({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": Path(path).resolve().as_uri(), "languageId": "pfmain", "version": 1,
                             "text": text}}}))
        proc.stdin.flush()
        while True:
            msg = _read(proc)
            if msg.get("method") == "textDocument/publishDiagnostics":
                return time.perf_counter() - t0
    finally:
        proc.kill()
        proc.wait()


def cold_import(module: str) -> float:
    """Best of 5: a fresh interpreter importing ``module``, minus ``python -c pass``."""
    def run(code):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t0

    return min(run(f"import {module}") for _ in range(5)) - min(run("pass") for _ in range(5))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=DIST)
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    text = Path(args.path).read_text("utf-8", "surrogateescape")
    n = text.count("\n")
    doc, edits = per_edit(text, args.rounds)
    hov, comp = hover_and_completion(doc, args.rounds)
    start = min(server_start(args.path) for _ in range(5))
    lsprotocol = cold_import("lsprotocol.types")
    pygls = cold_import("pygls.lsp.server")
    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(f"file: {args.path} ({n} lines), {args.rounds} rounds, Python {sys.version.split()[0]}")
    print(f"per-edit diagnostics (parse + lint + convert): median {ms(edits):.2f} ms  (target <= 10 ms)")
    print(f"hover on a parameter name:                     median {ms(hov):.2f} ms  (target <= 5 ms)")
    print(f"completion of a parameter name:                median {ms(comp):.2f} ms  (target <= 5 ms)")
    print(f"server start to first diagnostics:             best of 5 {start * 1000:.0f} ms")
    print(f"  of which importing lsprotocol.types:         {lsprotocol * 1000:.0f} ms;"
          f" pygls.lsp.server with it: {pygls * 1000:.0f} ms")


if __name__ == "__main__":
    main()
