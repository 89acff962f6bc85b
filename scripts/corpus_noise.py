"""Measure postfix-lint's noise on a folder of real main.cf files: files exiting 1, findings per rule and severity.

Runs ``postfix-lint --format json FILE`` once per file, with default
settings, from an empty working directory (no configuration file applies),
and prints a Markdown summary.  Usage::

    python scripts/corpus_noise.py ../shared/corpus/files
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def measure(folder: Path):
    exits = collections.Counter()
    findings = collections.Counter()
    files = sorted(p for p in folder.iterdir() if p.is_file())
    with tempfile.TemporaryDirectory() as empty:
        for path in files:
            run = subprocess.run([sys.executable, "-m", "postfix_lint", "--format", "json", str(path.resolve())],
                                 capture_output=True, text=True, cwd=empty)
            exits[run.returncode] += 1
            for p in json.loads(run.stdout or '{"problems": []}')["problems"]:
                findings[(p["code"], p["severity"])] += 1
    return len(files), exits, findings


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "../shared/corpus/files")
    total, exits, findings = measure(folder)
    print(f"files: {total}; exiting 1: {exits[1]}; exiting 0: {exits[0]}")
    for (code, severity), n in sorted(findings.items()):
        print(f"{code} {severity} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
