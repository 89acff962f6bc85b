"""``--fix``, ``--unsafe-fixes`` and ``--diff``: the CLI side of :mod:`postfix_lint.fixes`.

``--fix`` applies the safe fixes to each file and writes it atomically
(never when nothing changed); the lint that follows reports what is left.
``--unsafe-fixes`` also applies the fixes that change what Postfix reads.
``--diff`` prints a unified diff of what would change and writes nothing
(exit status 1 when there is a diff, 0 when not).  A path that is a
symbolic link is not written unless ``--fix-symlinks`` (then its target is
replaced and the link kept).  Standard input: the fixed text goes to
standard output.
"""

from __future__ import annotations

import sys
from typing import List, Tuple


def run(args, jobs, read_input, InputError) -> Tuple[int, bool]:
    """Fix every job; returns (number of files with a diff, io_error)."""
    from postfix_lint import fixes
    from postfix_lint.lsp import core

    unsafe = bool(args.unsafe_fixes)
    changed = 0
    io_error = False
    for path, name, eff in jobs:
        shown = (name or "<stdin>") if path == "-" else path
        try:
            data = read_input(path)
        except InputError as exc:
            print(f"postfix-lint: {exc}", file=sys.stderr)
            io_error = True
            continue
        text = core.decode(data)
        settings = core.with_master_cf(eff.settings, shown if path == "-" else path)
        result = fixes.fix_text(text, shown, settings, unsafe=unsafe)
        for fix, why in result.refused:
            print(f"postfix-lint: {shown}: not applied: {fix.title} ({why})", file=sys.stderr)
        if result.text == text:
            if path == "-" and not args.diff:
                sys.stdout.write(text)
            continue
        changed += 1
        if args.diff:
            sys.stdout.write(fixes.unified_diff(text, result.text, shown))
            continue
        new = core.encode(result.text)
        if path == "-":
            sys.stdout.buffer.write(new)
            continue
        try:
            fixes.write_atomically(path, new, follow_symlinks=args.fix_symlinks)
        except (ValueError, OSError) as exc:
            print(f"postfix-lint: {exc}", file=sys.stderr)
            io_error = True
            continue
        n = len(result.applied)
        print(f"postfix-lint: {shown}: {n} fix{'es' if n != 1 else ''} applied", file=sys.stderr)
    return changed, io_error
