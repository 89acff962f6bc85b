"""What the language server answers, per open document, as lsprotocol types.

:class:`Document` holds one open main.cf: its text, the settings found for
its path (the CLI's configuration discovery), and, computed once per
version, the parsed document, the problems and the effective values.  Its
methods answer diagnostics, hover, completion, code actions, definitions,
references, symbols and inlay hints; :mod:`postfix_lint.lsp.server` only wires
them to pygls.  Every call into the linter core goes through
:mod:`postfix_lint.lsp.core`.

Positions: the core counts 1-based columns in code points of the line; LSP
counts 0-based characters in the negotiated position encoding ("utf-16" by
default, "utf-8" or "utf-32" when the client offers them).  :func:`to_lsp`
and :func:`from_lsp` convert.
"""

from __future__ import annotations

import difflib
import re
from typing import Dict, List, Optional, Sequence, Tuple

from lsprotocol import types as T

from postfix_lint import fixers
from postfix_lint.lsp import core

SOURCE = "postfix-lint"
FIX_ALL_TITLE = "postfix-lint: apply all safe fixes"
_SEVERITY = {"error": T.DiagnosticSeverity.Error, "warning": T.DiagnosticSeverity.Warning,
             "info": T.DiagnosticSeverity.Information}
_NAME_CHARS = re.compile(r"[A-Za-z0-9_.\-]*")


# --------------------------------------------------------------------------- positions


def _units(text: str, encoding: str) -> int:
    if encoding == T.PositionEncodingKind.Utf32 or encoding == "utf-32":
        return len(text)
    if encoding == T.PositionEncodingKind.Utf8 or encoding == "utf-8":
        return len(text.encode("utf-8", "surrogateescape"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def to_lsp(lines: Sequence[str], line: int, column: int, encoding: str) -> T.Position:
    """Core (1-based line, 1-based code-point column) -> LSP position."""
    if line < 1:
        return T.Position(0, 0)
    if line > len(lines):
        return T.Position(len(lines), 0)
    text = lines[line - 1]
    if text.endswith("\r"):
        text = text[:-1]
    return T.Position(line - 1, _units(text[: max(column - 1, 0)], encoding))


def from_lsp(lines: Sequence[str], pos: T.Position, encoding: str) -> Tuple[int, int]:
    """LSP position -> core (1-based line, 1-based code-point column)."""
    if pos.line >= len(lines):
        return len(lines) + 1, 1
    text = lines[pos.line]
    want = pos.character
    if encoding in (T.PositionEncodingKind.Utf32, "utf-32"):
        return pos.line + 1, min(want, len(text)) + 1
    units = 0
    for i, c in enumerate(text):
        if units >= want:
            return pos.line + 1, i + 1
        units += _units(c, encoding)
    return pos.line + 1, len(text) + 1


def to_range(lines: Sequence[str], span: core.Span, encoding: str) -> T.Range:
    return T.Range(to_lsp(lines, span.line, span.column, encoding),
                   to_lsp(lines, span.end_line, span.end_column, encoding))


def _inside(span: core.Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


# --------------------------------------------------------------------------- one document


class Document:
    """One open main.cf and what the server knows about it (recomputed per version)."""

    def __init__(self, uri: str, path: Optional[str], text: str, version: Optional[int], settings,
                 encoding: str = "utf-16") -> None:
        self.uri = uri
        self.path = path or "main.cf"
        self.settings = settings
        self.encoding = encoding
        self.update(text, version)

    def update(self, text: str, version: Optional[int]) -> None:
        self.text = text
        self.version = version
        self._doc = None
        self._problems = None
        self._values = None
        self._entries = None

    # -- the core's view, computed when first asked for ------------------------
    @property
    def doc(self):
        if self._doc is None:
            self._doc = core.parse(self.text, self.path)
        return self._doc

    @property
    def problems(self) -> list:
        if self._problems is None:
            self._problems = core.lint_document(self.doc, self.settings)
        return self._problems

    @property
    def values(self) -> core.Values:
        if self._values is None:
            self._values = core.Values(self.doc, self.settings)
        return self._values

    @property
    def entries(self) -> List[core.EntryInfo]:
        if self._entries is None:
            self._entries = core.entries(self.doc)
        return self._entries

    @property
    def lines(self) -> List[str]:
        return self.text.split("\n")

    def range(self, span: core.Span) -> T.Range:
        return to_range(self.lines, span, self.encoding)

    def position(self, pos: T.Position) -> Tuple[int, int]:
        return from_lsp(self.lines, pos, self.encoding)

    # -- diagnostics -------------------------------------------------------------
    def diagnostics(self) -> List[T.Diagnostic]:
        lines = self.lines
        out = []
        for p in self.problems:
            url = core.rule_url(p.code)
            out.append(T.Diagnostic(
                range=to_range(lines, core.problem_span(p), self.encoding),
                message=p.message,
                severity=_SEVERITY.get(str(p.severity), T.DiagnosticSeverity.Warning),
                code=p.code,
                code_description=T.CodeDescription(href=url) if url else None,
                source=SOURCE,
            ))
        return out

    # -- where is the cursor -----------------------------------------------------
    def entry_at(self, line: int, column: int) -> Optional[core.EntryInfo]:
        for info in self.entries:
            if info.first_line <= line <= info.last_line:
                return info
        return None

    def reference_at(self, line: int, column: int) -> Optional[Tuple[str, core.Span]]:
        info = self.entry_at(line, column)
        if info is None:
            return None
        for name, span in core.references(info):
            if _inside(span, line, column):
                return name, span
        return None

    # -- hover ---------------------------------------------------------------------
    def hover(self, pos: T.Position) -> Optional[T.Hover]:
        line, column = self.position(pos)
        ref = self.reference_at(line, column)
        if ref is not None:
            return self._hover(ref[0], ref[1])
        info = self.entry_at(line, column)
        if info is None:
            return None
        if _inside(info.name_span, line, column):
            return self._hover(info.name, info.name_span)
        if _inside(info.value_span, line, column):
            p = core.param_info(info.name)
            if p is not None and p.type == "time":
                return self._time_hover(info, p)
        return None

    def _hover(self, name: str, span: core.Span) -> Optional[T.Hover]:
        text = param_markdown(name, self.values, self.settings)
        if text is None:
            return None
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, text), self.range(span))

    def _time_hover(self, info: core.EntryInfo, p: core.ParamInfo) -> T.Hover:
        parts = [f"**{info.name}** = `{info.value}`"]
        for r in self.values.readings(info.name):
            if r.expanded is None:
                parts.append(f"- {r.program}: expansion fails ({r.error})")
                continue
            seconds, reason, trailing = core.time_value(r.expanded, p.unit or "s")
            if seconds is None:
                parts.append(f"- {r.program}: `{r.expanded}` is rejected: {reason or 'bad time value'}"
                             f" ({r.program} exits)")
            else:
                note = ""
                if trailing.strip(" \t"):
                    used = r.expanded[: len(r.expanded) - len(trailing)]
                    note = f"; read as `{used}`, Postfix ignores `{trailing}`"
                parts.append(f"- {r.program}: {core.seconds_text(seconds)}{note}")
        parts.append(f"\nDefault unit: `{p.unit or 's'}`")
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, "\n".join(parts)), self.range(info.value_span))

    # -- completion ------------------------------------------------------------------
    def completion(self, pos: T.Position) -> T.CompletionList:
        line, column = self.position(pos)
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        before = text[: column - 1]
        items: List[T.CompletionItem] = []
        dollar = re.search(r"\$\{?\(?([A-Za-z0-9_.\-]*)$", before)
        if dollar is not None:
            items = self._name_items(dollar.group(1))
        elif "=" not in before and not before[:1].isspace() and not before.lstrip().startswith("#"):
            items = self._name_items(before.strip())
        elif "=" in before and not before[:1].isspace():
            name = before.split("=", 1)[0].strip()
            words = core.fixed_words(name, getattr(self.settings, "target_version", None)) or []
            prefix = re.search(r"[A-Za-z0-9_\-]*$", before).group(0)
            items = [T.CompletionItem(label=w, kind=T.CompletionItemKind.EnumMember, detail=f"{name} value")
                     for w in words if w.startswith(prefix)]
        return T.CompletionList(is_incomplete=False, items=items)

    def _name_items(self, prefix: str) -> List[T.CompletionItem]:
        names = param_names(self.settings)
        if prefix:
            starts = [n for n in names if n.startswith(prefix)]
            contains = [n for n in names if prefix in n and not n.startswith(prefix)]
            close = difflib.get_close_matches(prefix, names, n=10, cutoff=0.6)
            ordered = list(dict.fromkeys(starts + close + contains))
        else:
            ordered = names
        items = []
        for i, n in enumerate(ordered[:200]):
            p = core.param_info(n)
            detail = f"{p.type}, default {p.default!r}" if p else None
            items.append(T.CompletionItem(label=n, kind=T.CompletionItemKind.Property, detail=detail,
                                          sort_text=f"{i:04d}", filter_text=n))
        return items

    # -- code actions ------------------------------------------------------------------
    def code_actions(self, rng: T.Range, only: Optional[Sequence[str]] = None,
                     lazy_fix_all: bool = False) -> List[T.CodeAction]:
        """Quick fixes for the problems in ``rng`` and the safe fix-all.

        ``lazy_fix_all``: the client resolves code actions (codeAction/resolve),
        so the fix-all's edit (a lint per pass and an effective-value check per
        fix) is computed only when the user picks it: see :meth:`resolve_fix_all`.
        """
        want_quick = not only or any(k.startswith("quickfix") for k in only)
        want_all = not only or any(k.startswith("source.fixAll") or k == "source" for k in only)
        out: List[T.CodeAction] = []
        if want_quick:
            start = self.position(rng.start)
            end = self.position(rng.end)
            for p in self.problems:
                span = core.problem_span(p)
                if (span.end_line, span.end_column) < start or (span.line, span.column) > end:
                    continue
                diag = self._diagnostic(p)
                fix = fixers.fix_for(self.doc, p)
                if fix is not None:
                    title = fix.title if fix.safe else f"{fix.title} (unsafe: changes what Postfix reads)"
                    out.append(T.CodeAction(
                        title=title, kind=T.CodeActionKind.QuickFix, diagnostics=[diag],
                        is_preferred=fix.safe, edit=self._edit([(e.span, e.text) for e in fix.edits])))
                out.extend(self._disable_actions(p, diag))
        if want_all:
            if lazy_fix_all:
                if self.has_safe_fixes():
                    out.append(T.CodeAction(title=FIX_ALL_TITLE, kind=T.CodeActionKind.SourceFixAll,
                                            data={"uri": self.uri, "version": self.version}))
            else:
                fixed = self.fix_all()
                if fixed is not None:
                    out.append(T.CodeAction(title=FIX_ALL_TITLE, kind=T.CodeActionKind.SourceFixAll, edit=fixed))
        return out

    def has_safe_fixes(self) -> bool:
        from postfix_lint import fixes

        return any(fix.safe for _, fix in fixes.fixes_for(self.doc, self.problems))

    def resolve_fix_all(self, action: T.CodeAction) -> T.CodeAction:
        action.edit = self.fix_all()
        return action

    def _diagnostic(self, p) -> T.Diagnostic:
        return T.Diagnostic(range=self.range(core.problem_span(p)), message=p.message, code=p.code,
                            severity=_SEVERITY.get(str(p.severity)), source=SOURCE)

    def _disable_actions(self, p, diag) -> List[T.CodeAction]:
        """Suppression comments (linter/suppress.py): above the problem's logical line, and at the top."""
        lines = self.lines
        target = self.entry_at(p.line, p.column)
        newline = "\r\n" if lines and lines[0].endswith("\r") else "\n"
        out = []
        if target is not None:
            # disable-next-line covers the next line that is not blank or a comment,
            # and its continuation lines: the logical line the problem is on.
            comment = core.suppression_comment("disable-next-line", p.code)
            at = core.Span(target.first_line, 1, target.first_line, 1)
            out.append(T.CodeAction(title=f"Disable {p.code} for this line", kind=T.CodeActionKind.QuickFix,
                                    diagnostics=[diag], edit=self._edit([(at, comment + newline)])))
        file_comment = core.suppression_comment("disable-file", p.code)
        out.append(T.CodeAction(title=f"Disable {p.code} for this file", kind=T.CodeActionKind.QuickFix,
                                diagnostics=[diag],
                                edit=self._edit([(core.Span(1, 1, 1, 1), file_comment + newline)])))
        return out

    def _edit(self, edits: Sequence[Tuple[core.Span, str]]) -> T.WorkspaceEdit:
        text_edits = [T.TextEdit(self.range(span), new) for span, new in edits]
        return T.WorkspaceEdit(document_changes=[T.TextDocumentEdit(
            T.OptionalVersionedTextDocumentIdentifier(self.uri, self.version), text_edits)])

    def fix_all(self) -> Optional[T.WorkspaceEdit]:
        """One edit that applies every safe fix (checked: no effective value changes), or None."""
        from postfix_lint import fixes

        if not self.has_safe_fixes():
            return None  # the common case, cheap: nothing to do
        result = fixes.fix_text(self.text, self.path, self.settings, unsafe=False,
                                lint=(self.doc, self.problems))
        if result.text == self.text:
            return None
        lines = self.lines
        end = core.Span(len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 1)
        whole = core.Span(1, 1, end.line, end.column)
        return self._edit([(whole, result.text)])

    # -- navigation ------------------------------------------------------------------------
    def name_at(self, line: int, column: int) -> Optional[str]:
        """The parameter named at (line, column): a ``$name`` reference, or an entry's name; else None."""
        ref = self.reference_at(line, column)
        if ref:
            return ref[0]
        info = self.entry_at(line, column)
        if info is not None and _inside(info.name_span, line, column):
            return info.name
        return None

    def definition(self, pos: T.Position) -> Optional[T.Location]:
        name = self.name_at(*self.position(pos))
        if name is None:
            return None
        winner = core.last_entries(self.doc).get(name)
        if winner is None:
            return None
        return T.Location(self.uri, self.range(winner.name_span))

    def references(self, pos: T.Position, include_declaration: bool = True) -> List[T.Location]:
        name = self.name_at(*self.position(pos))
        if name is None:
            return []
        out = []
        for info in self.entries:
            if include_declaration and info.name == name:
                out.append(T.Location(self.uri, self.range(info.name_span)))
            for n, span in core.references(info):
                if n == name:
                    out.append(T.Location(self.uri, self.range(span)))
        return out

    def symbols(self) -> List[T.DocumentSymbol]:
        out = []
        for info in self.entries:
            whole = core.Span(info.name_span.line, info.name_span.column,
                              info.value_span.end_line, info.value_span.end_column)
            out.append(T.DocumentSymbol(name=info.name or "(empty name)", kind=T.SymbolKind.Property,
                                        range=self.range(whole), selection_range=self.range(info.name_span),
                                        detail=info.value[:80]))
        return out

    def inlay_hints(self, rng: T.Range) -> List[T.InlayHint]:
        first, last = rng.start.line + 1, rng.end.line + 1
        out = []
        for info in self.entries:
            if info.last_line < first or info.first_line > last:
                continue
            p = core.param_info(info.name)
            if p is None or p.type != "time":
                continue
            r = self.values.reading(info.name)
            if r.seconds is None:
                continue
            pos = to_lsp(self.lines, info.value_span.end_line, info.value_span.end_column, self.encoding)
            out.append(T.InlayHint(position=pos, label=f"= {core.seconds_text(r.seconds)}", padding_left=True,
                                   kind=T.InlayHintKind.Type))
        return out


def param_names(settings) -> List[str]:
    target = getattr(settings, "target_version", None)
    key = target or ""
    hit = _NAMES.get(key)
    if hit is None:
        hit = _NAMES[key] = core.param_names(target)
    return hit


_NAMES: Dict[str, List[str]] = {}


def param_markdown(name: str, values: core.Values, settings=None, source: str = "main.cf") -> Optional[str]:
    """Hover text of a parameter: type, default, unit, range, since, readers, effective values.

    ``source``: where a value that is not the default was set ("main.cf", or "-o" for a master.cf override).
    """
    p = core.param_info(name)
    if p is None:
        guess = core.suggest(name)
        if guess:
            return f"**{name}**: not a Postfix parameter; did you mean `{guess}`?"
        return f"**{name}**: not a Postfix parameter (no program reads it)"
    lines = [f"**{name}** ({p.type}{', read-only' if p.read_only else ''})", ""]
    lines.append(f"- default: `{p.default}`" if p.default else "- default: empty")
    if p.unit:
        lines.append(f"- default unit: `{p.unit}`")
    if p.min is not None or p.max is not None:
        what = " bytes" if p.type in ("str", "raw", "str_fn") else ""
        lo = p.min if p.min is not None else "-"
        hi = p.max if p.max is not None else "-"
        lines.append(f"- valid range: {lo} .. {hi}{what}")
    if p.since:
        target = getattr(settings, "target_version", None)
        note = ""
        if target and core.version_newer(p.since, target):
            note = f": **not in Postfix {target}**, the target release"
        lines.append(f"- since Postfix {p.since}{note}")
    readers = values.readers(name)
    lines.append(f"- read by: {', '.join(readers)}" + (" (every program)" if p.is_global else ""))
    lines.append("")
    lines.append("Effective value:")
    for r in values.readings(name):
        src = "default" if r.is_default else source
        if r.expanded is None:
            lines.append(f"- {r.program}: `{r.raw}` fails: {r.error}")
            continue
        shown = r.expanded if len(r.expanded) <= 200 else r.expanded[:200] + "..."
        extra = f" = {core.seconds_text(r.seconds)}" if r.seconds is not None else ""
        lines.append(f"- {r.program}: `{shown}`{extra} ({src})")
    if name in core.RETRY_PARAMETERS:
        lines.append("")
        lines.append("Retry schedule (a message whose every attempt fails): " + core.retry_summary(values))
    return "\n".join(lines)
