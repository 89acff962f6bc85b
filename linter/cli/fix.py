"""``--fix``, ``--unsafe-fixes`` and ``--diff``: the CLI side of :mod:`postfix_lint.fixes`.

``--fix`` applies the safe fixes to each file and writes it atomically
(never when nothing changed); the lint that follows reports what is left.
``--unsafe-fixes`` also applies the fixes that change what Postfix reads.
``--diff`` prints a unified diff of what would change and writes nothing
(exit status 1 when there is a diff, 0 when not).  A path that is a
symbolic link is not written unless ``--fix-symlinks`` (then its target is
replaced and the link kept).  A read-only file is not written unless
``--fix-read-only``; a file with several hard links is rewritten in place
(every link keeps the new text).  Standard input: the fixed text goes to
standard output and the problems left in it to standard error (the exit
status is then as for a file: 1 when a problem at or above ``--fail-on`` is
left).
"""

from __future__ import annotations

import sys
from typing import Dict, Optional, Tuple


def run(args, jobs, read_input, InputError, stdin_texts: Optional[Dict[str, str]] = None) -> Tuple[int, bool]:
    """Fix every job; returns (number of files with a diff, io_error).

    ``stdin_texts``, when given, receives the fixed text of ``-`` (standard
    input, read only once) under the key ``"-"``, for the lint that follows.
    """
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
        if path == "-" and stdin_texts is not None:
            stdin_texts["-"] = result.text
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
            fixes.write_atomically(path, new, follow_symlinks=args.fix_symlinks,
                                   read_only=getattr(args, "fix_read_only", False))
        except (ValueError, OSError) as exc:
            print(f"postfix-lint: {exc}", file=sys.stderr)
            io_error = True
            continue
        n = len(result.applied)
        print(f"postfix-lint: {shown}: {n} fix{'es' if n != 1 else ''} applied", file=sys.stderr)
    return changed, io_error
