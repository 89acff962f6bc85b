"""The fix engine shared by ``postfix-lint --fix`` and the language server.

:func:`apply_edits` applies non-overlapping edits to a text and keeps every
other character as it was (CRLF line ends, comments, the layout of
continuation lines).  :func:`values_of` reads every effective value of a
document the way each Postfix program reads it (after ``$`` expansion, time
values converted to seconds) and :func:`fix_text` applies fixes pass after
pass, checking that a *safe* fix keeps all of them: a safe fix is refused
when re-reading the fixed file gives any parameter another value in any
program that reads it.  Unsafe fixes are applied only when asked and may
change the values of the definitions they edit (that is their point), but
never another one the file sets (:func:`clobbered`: a rename onto a name
already set, an un-indented assignment that repeats one).

:func:`write_atomically` replaces a file through a temporary file in the
same directory and ``os.replace()``, keeping the file's mode; a symbolic
link is replaced only when ``follow_symlinks`` is given (then its target is
written), never silently.  Everything except :func:`write_atomically` is
pure.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from postfix_lint import fixers
from postfix_lint.lsp import core
from postfix_lint.lsp.core import Edit, Fix, Span

MAX_PASSES = 10


class OverlapError(ValueError):
    """Two edits touch the same text."""


def _line_starts(text: str) -> List[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def _offset(starts: List[int], text: str, line: int, column: int) -> int:
    """String offset of (line, column); positions past the end clamp to it."""
    if line < 1:
        return 0
    if line > len(starts):
        return len(text)
    base = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(text)
    return min(base + max(column - 1, 0), end + (1 if line < len(starts) and column > end - base + 1 else 0))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The text with every edit applied; raises :class:`OverlapError` if two overlap.

    Spans are 1-based (line, column) pairs, end exclusive, columns in code
    points of the line; a span may end at column 1 of the next line to take
    a newline with it.
    """
    starts = _line_starts(text)
    ranges = []
    for e in edits:
        a = _offset(starts, text, e.span.line, e.span.column)
        b = _offset(starts, text, e.span.end_line, e.span.end_column)
        if b < a:
            raise OverlapError(f"edit ends before it starts: {e.span}")
        ranges.append((a, b, e.text))
    ranges.sort(key=lambda r: (r[0], r[1]))
    for (a1, b1, _), (a2, b2, _) in zip(ranges, ranges[1:]):
        if a2 < b1 or (a2 == a1 and b2 == b1 == a1):
            raise OverlapError("overlapping edits")
    out = []
    pos = 0
    for a, b, new in ranges:
        out.append(text[pos:a])
        out.append(new)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _overlaps(fix: Fix, taken: List[Tuple[Span, ...]]) -> bool:
    def key(s: Span):
        return (s.line, s.column), (s.end_line, s.end_column)

    for e in fix.edits:
        a, b = key(e.span)
        for spans in taken:
            for s in spans:
                c, d = key(s)
                if a < d and c < b or a == c:
                    return True
    return False


# --------------------------------------------------------------------------- values


def values_of(text: str, path: str = "main.cf", settings=None) -> Dict[Tuple[str, str], object]:
    """(parameter, program) -> what the program uses, for every parameter whose value
    can depend on the file: those set in it and the built-ins whose default refers
    to another parameter.  Time values are compared in seconds."""
    doc = core.parse(text, path)
    vals = core.Values(doc, settings)
    names = set(core.last_entries(doc))
    names.update(core.defaults_with_macros())
    out = {}
    for name in sorted(names):
        for prog in vals.readers(name):
            out[(name, prog)] = vals.typed(name, prog)
    return out


def same_values(before: str, after: str, path: str = "main.cf", settings=None) -> List[str]:
    """The differences between two versions' effective values (empty: none), as text."""
    a, b = values_of(before, path, settings), values_of(after, path, settings)
    diffs = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            diffs.append(f"{key[0]} in {key[1]}: {a.get(key)!r} -> {b.get(key)!r}")
    return diffs


# --------------------------------------------------------------------------- fixing


def clobbered(base: str, before: str, after: str, fix: Fix) -> List[str]:
    """The names set in ``before`` whose written value ``after`` changes although ``fix`` (edits in
    ``base``'s coordinates) edits none of their definitions: what an unsafe fix would destroy.  A name
    the fix removes from the file is not counted."""
    lines = {line for e in fix.edits for line in range(e.span[0], e.span[2] + 1)}
    # the definitions on the edited lines, in base and in before (an earlier fix of the pass may have
    # renamed one; the unsafe fixes keep the line count)
    touched = {i.name for text in (base, before) for i in core.entries(core.parse(text))
               if any(i.first_line <= n <= i.last_line for n in lines)}
    old = core.last_entries(core.parse(before))
    new = core.last_entries(core.parse(after))
    return sorted(name for name, info in old.items()
                  if name not in touched and name in new and new[name].value != info.value)


@dataclass
class Result:
    text: str
    applied: List[Fix] = field(default_factory=list)
    refused: List[Tuple[Fix, str]] = field(default_factory=list)  # safe fixes that would change a value


def fixes_for(doc, problems, unsafe: bool = False) -> List[Tuple[object, Fix]]:
    out = []
    for p in problems:
        fix = fixers.fix_for(doc, p)
        if fix is not None and (fix.safe or unsafe):
            out.append((p, fix))
    return out


def fix_text(text: str, path: str = "main.cf", settings=None, unsafe: bool = False,
             lint=None) -> Result:
    """Apply the problems' fixes, pass after pass, until none applies.

    Safe fixes are kept only if the file's effective values stay the same
    (checked one fix at a time against the text before it); unsafe ones only
    when ``unsafe``.  ``lint``: the (document, problems) of ``text`` if already known.
    """
    result = Result(text)
    refused_keys = set()
    for n in range(MAX_PASSES):
        doc, problems = lint if (n == 0 and lint is not None) else core.lint(result.text, path, settings)
        candidates = fixes_for(doc, problems, unsafe)
        taken: List[Tuple[Span, ...]] = []
        chosen: List[Fix] = []
        current = result.text
        base_values = None
        for p, fix in candidates:
            key = (fix.title, fix.edits)
            if key in refused_keys or _overlaps(fix, taken):
                continue
            try:
                trial = apply_edits(result.text, [e for f in chosen + [fix] for e in f.edits])
            except OverlapError:
                continue
            if fix.safe:
                if base_values is None:
                    base_values = values_of(current, path, settings)
                after = values_of(trial, path, settings)
                changed = [k for k in set(base_values) | set(after) if base_values.get(k) != after.get(k)]
                if changed:
                    refused_keys.add(key)
                    name, prog = sorted(changed)[0]
                    result.refused.append((fix, f"it would change {name} in {prog}"))
                    continue
                base_values = after
            else:
                lost = clobbered(result.text, current, trial, fix)
                if lost:  # it would replace a setting it does not edit
                    refused_keys.add(key)
                    result.refused.append((fix, f"it would replace the setting of {lost[0]}"))
                    continue
                base_values = None  # an unsafe fix changes values on purpose: compare from here on
            chosen.append(fix)
            taken.append(tuple(e.span for e in fix.edits))
            current = trial
        if not chosen or current == result.text:
            break
        result.text = current
        result.applied.extend(chosen)
    return result


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff of two versions (``a/PATH`` and ``b/PATH``), empty when equal."""
    if before == after:
        return ""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"a/{path}", f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomically(path: str, data: bytes, follow_symlinks: bool = False, read_only: bool = False) -> str:
    """Replace ``path``'s content by ``data``: a temporary file in the same directory,
    fsync, ``os.replace()``; the mode is kept.  Returns the path written.

    A symbolic link is refused (``ValueError``) unless ``follow_symlinks``:
    then its final target is replaced and the link stays.  A file the user
    may not write (mode 0444, as editors treat it) is refused (``ValueError``)
    unless ``read_only``.  A file with several hard links is rewritten in
    place (truncated, written, fsync'ed: not atomic), so that every link
    keeps seeing the same file instead of one of them becoming a copy.
    """
    target = path
    if os.path.islink(path):
        if not follow_symlinks:
            raise ValueError(f"{path}: is a symbolic link; not written (--fix-symlinks writes its target)")
        target = os.path.realpath(path)
    st = os.stat(target)
    if not read_only and (not os.access(target, os.W_OK) or not st.st_mode & 0o222):  # root too
        raise ValueError(f"{path}: is read-only; not written (--fix-read-only writes it anyway)")
    if st.st_nlink > 1:
        mode = stat.S_IMODE(st.st_mode)
        if read_only and not mode & stat.S_IWUSR:
            os.chmod(target, mode | stat.S_IWUSR)
        try:
            with open(target, "r+b") as fh:
                fh.write(data)
                fh.truncate()
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            if stat.S_IMODE(os.stat(target).st_mode) != mode:
                os.chmod(target, mode)
        return target
    directory = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".postfix-lint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except (PermissionError, AttributeError):
            pass
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
