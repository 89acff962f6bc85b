#!/usr/bin/env python3
"""Regenerate docs/rules.md and the README's rule table from the rule docstrings.

    python scripts/gen_rule_docs.py          # rewrite the files
    python scripts/gen_rule_docs.py --check  # exit 1 if they are out of date

The rule docstrings in linter/rules/ are the single source; tests/test_docs.py
fails when the generated text is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES_MD = ROOT / "docs" / "rules.md"
README = ROOT / "README.md"


def _import():
    sys.path.insert(0, str(ROOT))
    from postfix_lint.report import ruledoc

    return ruledoc


def rules_md() -> str:
    ruledoc = _import()
    return ruledoc.catalogue(ruledoc.all_rules())


def readme_with_table(readme: str) -> str:
    """The README with the text between the rule-table markers regenerated."""
    ruledoc = _import()
    marks = ruledoc.markers()
    start = readme.find(marks["start"])
    end = readme.find(marks["end"])
    if start < 0 or end < start:
        raise SystemExit(f"{README}: rule table markers not found ({marks['start']} ... {marks['end']})")
    head = readme[: start + len(marks["start"])]
    return head + "\n" + ruledoc.short_table(ruledoc.all_rules()) + readme[end:]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the files are current")
    args = ap.parse_args(argv)
    wanted = {RULES_MD: rules_md(), README: readme_with_table(README.read_text(encoding="utf-8"))}
    stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run python scripts/gen_rule_docs.py", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(wanted[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
