"""What the language server answers for an open master.cf, as lsprotocol types.

:class:`MasterDocument` is the master.cf counterpart of
:class:`postfix_lint.lsp.features.Document` (whose positions, diagnostics
and edits it shares): its problems are the CLI's for the same file
(``engine.run_master`` through :mod:`postfix_lint.lsp.core`, paired with
the main.cf beside it, the open buffer when that main.cf is open in the
editor, else Postfix's defaults); hover on a ``-o`` parameter name shows
what the main.cf hover shows, with the effective value as that service's
program sees it; hover on the first eight fields says what the field means
(master(5)) and, on the command, which program runs; document symbols are
one per service (its ``-o`` settings as children); completion offers
parameter names after ``-o`` and ``$``, the names the service's program
reads first; code actions are the "disable for this service / file"
suppression comments (master.cf has no fixes).
"""

from __future__ import annotations

import difflib
import re
from typing import List, Optional, Sequence

from lsprotocol import types as T

from postfix_lint.lsp import core
from postfix_lint.lsp.features import Document, param_markdown, param_names

#: master(5)'s fields, in the words of the hover.
FIELD_TEXT = {
    "service": ("Service name", "the socket name under the queue directory's `private/` or `public/`"
                " folder for `unix`, `unix-dgram`, `fifo` and `pass` services, or `[host:]port` for `inet`;"
                " main.cf names delivery services by it (`default_transport = smtp`, `relay:[host]`), and"
                " `-o` settings of this entry apply to it alone."),
    "type": ("Service type", ""),
    "private": ("Private", "`y` (the default, `-`): the socket is in `private/`, reachable by Postfix programs"
                " only; `n`: in `public/` (e.g. pickup, showq, which local users reach). `inet` services must"
                " be `n`."),
    "unpriv": ("Unprivileged", "`y` (the default, `-`): the program runs as `mail_owner`; `n`: as root"
                               " (local, pipe, virtual deliveries that need it)."),
    "chroot": ("Chroot", "`y`: the program runs chrooted to the queue directory; `n`: not. The default (`-`)"
                         " is `n` at `compatibility_level` 1 or higher (Postfix 3.0+), `y` below it."),
    "wakeup": ("Wake-up time", "seconds between wake-up events that master(8) sends the service (pickup 60,"
                               " qmgr 300); `0` or `-`: none; a trailing `?` sends them only once the service"
                               " has been used."),
    "maxproc": ("Process limit", "the most processes of this service at once; `-`: `default_process_limit`"
                                 " (100); `0`: no limit."),
    "command": ("Command", ""),
}

TYPE_TEXT = {
    "inet": "a TCP socket; the service name is `[host:]port`",
    "unix": "a UNIX-domain stream socket",
    "unix-dgram": "a UNIX-domain datagram socket (Postfix 3.4+, postlogd)",
    "fifo": "a named pipe (FIFO)",
    "pass": "a UNIX-domain socket over which master(8) passes already accepted connections"
            " (postscreen hands clients to smtpd)",
}

#: What each Postfix program does (its manual page's one-line summary, in the project's words).
PROGRAM_TEXT = {
    "smtpd": "the SMTP server: receives mail from the network",
    "smtp": "the SMTP client: delivers mail to other mail servers",
    "lmtp": "the LMTP client: delivers mail over LMTP (e.g. to Dovecot or Cyrus)",
    "qmgr": "the queue manager: schedules deliveries and retries of queued mail",
    "oqmgr": "the old queue manager (no preemptive scheduling)",
    "pickup": "picks up mail from the maildrop folder (sendmail, postdrop)",
    "cleanup": "canonicalises and enqueues messages (header and body checks, milters)",
    "trivial-rewrite": "address rewriting and resolving (the rewrite service)",
    "bounce": "delivery status reports: bounces, defers, traces",
    "flush": "the fast-flush service (ETRN, `postqueue -f`)",
    "proxymap": "the lookup table proxy",
    "verify": "address verification (`reject_unverified_*`)",
    "anvil": "connection and rate counters (`smtpd_client_*_rate_limit`)",
    "scache": "the shared connection cache",
    "tlsmgr": "the TLS session cache and random-number manager",
    "tlsproxy": "the TLS proxy (postscreen's STARTTLS, TLS connection reuse)",
    "showq": "lists the queue (`mailq`, `postqueue -p`)",
    "error": "a delivery agent that always fails (bounces or defers the mail)",
    "discard": "a delivery agent that discards mail",
    "local": "local delivery: aliases, .forward files, mailboxes",
    "virtual": "delivery to virtual mailboxes",
    "pipe": "delivery to an external command (its `argv=...` argument)",
    "postscreen": "the zombie blocker in front of smtpd",
    "dnsblog": "the DNS white/blacklist logger of postscreen",
    "postlogd": "logging to a file or stdout (`maillog_file`)",
    "spawn": "runs a non-Postfix program on a socket (e.g. a policy daemon)",
    "qmqpd": "the QMQP server",
    "master": "the Postfix master daemon itself",
}

_O_NAME = re.compile(r"(?:^|[ \t])-o[ \t]*(?:\{[ \t]*)?([A-Za-z0-9_.\-]*)$")


class MasterDocument(Document):
    """One open master.cf: its text, settings, the paired main.cf text, and the answers."""

    kind = "master.cf"

    def __init__(self, uri: str, path: Optional[str], text: str, version: Optional[int], settings,
                 encoding: str = "utf-16", main_text: Optional[str] = None) -> None:
        self.main_text = main_text
        super().__init__(uri, path or "master.cf", text, version, settings, encoding)

    def update(self, text: str, version: Optional[int]) -> None:
        super().update(text, version)
        self._main_doc = None

    def pair(self, main_text: Optional[str]) -> None:
        """Pair with another main.cf text (None: Postfix's defaults); recomputed when next asked."""
        self.main_text = main_text
        self.update(self.text, self.version)

    # -- the core's view -------------------------------------------------------
    @property
    def doc(self):
        if self._doc is None:
            self._doc = core.parse_master(self.text, self.path)
        return self._doc

    @property
    def main_doc(self):
        if self._main_doc is None and self.main_text is not None:
            self._main_doc = core.parse(self.main_text, core.main_cf_beside(self.path))
        return self._main_doc

    @property
    def problems(self) -> list:
        if self._problems is None:
            self._problems = core.lint_master(self.doc, self.settings, self.main_doc)
        return self._problems

    @property
    def entries(self) -> list:
        return []

    def service_at(self, line: int):
        """The master.cf entry (logical line, broken ones too) that covers physical ``line``."""
        for s in self.doc.entries:
            if s.span is not None and s.span.line <= line <= s.span.end_line:
                return s
        return None

    # -- hover -------------------------------------------------------------------
    def hover(self, pos: T.Position) -> Optional[T.Hover]:
        line, column = self.position(pos)
        service = self.service_at(line)
        if service is None:
            return None
        for option in service.options:
            if _inside(option.name_span, line, column):
                return self._option_hover(service, option)
        for i, f in enumerate(service.fields[:8]):
            if _inside(f.span, line, column):
                text = self._field_markdown(service, i, f.text)
                return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, text), self.range(core.Span(*f.span)))
        return None

    def _option_hover(self, service, option) -> Optional[T.Hover]:
        program = core.program_of(service)
        values, applied = core.service_values(self.doc, service, self.main_doc, self.settings)
        where = f"service `{service.name}/{service.type}`, program `{program}`"
        if option.name in applied:
            body = param_markdown(option.name, values, self.settings, source="-o")
            head = f"Set with `-o` for {where} only: the values below are what `{program}` of this service reads."
        else:
            body = param_markdown(option.name, values, self.settings)
            head = (f"`-o {option.name}` changes nothing for {where}: `{program}` does not read it"
                    " (the values below are main.cf's).")
        if body is None:
            return None
        text = head + "\n\n" + body
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, text), self.range(core.Span(*option.name_span)))

    def _field_markdown(self, service, index: int, value: str) -> str:
        from postfix_lint.read.master_cf import FIELD_NAMES

        name = FIELD_NAMES[index]
        title, text = FIELD_TEXT[name]
        if name == "type":
            text = TYPE_TEXT.get(value, "not a service type Postfix knows (inet, unix, unix-dgram, fifo, pass)")
        elif name == "command":
            program = core.program_of(service)
            what = PROGRAM_TEXT.get(program)
            text = f"runs the Postfix program `{program}`"
            text += f": {what}" if what else " (from `daemon_directory`)"
            text += f". Its `-o` settings apply to this service's `{program}` only."
            if program == "pipe" or program == "spawn":
                argv = next((a for a in service.args if a.startswith("argv=")), None)
                if argv:
                    text += f" External command: `{argv[5:][:120]}`."
        return f"**{title}** (master.cf field {index + 1}): `{value}`\n\n{text}"

    # -- completion --------------------------------------------------------------
    def completion(self, pos: T.Position) -> T.CompletionList:
        line, column = self.position(pos)
        lines = self.lines
        text = lines[line - 1] if line <= len(lines) else ""
        before = text[: column - 1]
        dollar = re.search(r"\$\{?\(?([A-Za-z0-9_.\-]*)$", before)
        if dollar is not None:
            return T.CompletionList(is_incomplete=False, items=self._name_items(dollar.group(1)))
        m = _O_NAME.search(before)
        if m is None:
            return T.CompletionList(is_incomplete=False, items=[])
        service = self.service_at(line)
        program = core.program_of(service) if service is not None and service.command else None
        return T.CompletionList(is_incomplete=False, items=self._option_items(m.group(1), program))

    def _option_items(self, prefix: str, program: Optional[str]) -> List[T.CompletionItem]:
        """Parameter names for ``-o`` in the main.cf completion's order (prefix, close, contains),
        those ``program`` reads (or global ones) first; at most 200."""
        names = param_names(self.settings)
        if prefix:
            starts = [n for n in names if n.startswith(prefix)]
            contains = [n for n in names if prefix in n and not n.startswith(prefix)]
            close = difflib.get_close_matches(prefix, names, n=10, cutoff=0.6)
            names = list(dict.fromkeys(starts + close + contains))
        infos = [(n, core.param_info(n)) for n in names]
        if program:
            read = [(n, p) for n, p in infos if p is not None and (p.is_global or program in p.readers)]
            infos = read + [(n, p) for n, p in infos if not (p is not None and (p.is_global or program in p.readers))]
        items = []
        for i, (n, p) in enumerate(infos[:200]):
            detail = f"{p.type}, default {p.default!r}" if p else None
            if program and p is not None and not (p.is_global or program in p.readers):
                detail = f"{detail}; not read by {program}"
            items.append(T.CompletionItem(label=n, kind=T.CompletionItemKind.Property, detail=detail,
                                          sort_text=f"{i:04d}", filter_text=n))
        return items

    # -- code actions --------------------------------------------------------------
    def code_actions(self, rng: T.Range, only: Optional[Sequence[str]] = None,
                     lazy_fix_all: bool = False) -> List[T.CodeAction]:
        """The suppression comments for the problems in ``rng`` (master.cf has no fixes)."""
        if only and not any(k.startswith("quickfix") for k in only):
            return []
        start, end = self.position(rng.start), self.position(rng.end)
        out: List[T.CodeAction] = []
        for p in self.problems:
            span = core.problem_span(p)
            if (span.end_line, span.end_column) < start or (span.line, span.column) > end:
                continue
            out.extend(self._disable_actions(p, self._diagnostic(p)))
        return out

    def _disable_actions(self, p, diag) -> List[T.CodeAction]:
        lines = self.lines
        newline = "\r\n" if lines and lines[0].endswith("\r") else "\n"
        out = []
        service = self.service_at(p.line)
        if service is not None and service.span is not None:
            # above the service line: disable-next-line covers it and its continuation lines
            at = core.Span(service.span.line, 1, service.span.line, 1)
            comment = core.suppression_comment("disable-next-line", p.code)
            out.append(T.CodeAction(title=f"Disable {p.code} for this service", kind=T.CodeActionKind.QuickFix,
                                    diagnostics=[diag], edit=self._edit([(at, comment + newline)])))
        comment = core.suppression_comment("disable-file", p.code)
        out.append(T.CodeAction(title=f"Disable {p.code} for this file", kind=T.CodeActionKind.QuickFix,
                                diagnostics=[diag], edit=self._edit([(core.Span(1, 1, 1, 1), comment + newline)])))
        return out

    def has_safe_fixes(self) -> bool:
        return False

    def fix_all(self) -> Optional[T.WorkspaceEdit]:
        return None

    # -- navigation and symbols ------------------------------------------------------
    def definition(self, pos: T.Position) -> Optional[T.Location]:
        return None

    def references(self, pos: T.Position, include_declaration: bool = True) -> List[T.Location]:
        return []

    def symbols(self) -> List[T.DocumentSymbol]:
        out = []
        for s in self.doc.entries:
            if s.span is None or not s.fields:
                continue
            head = s.fields[0].span
            children = [T.DocumentSymbol(name=o.name or "(empty name)", kind=T.SymbolKind.Property,
                                         range=self.range(core.Span(*o.span)),
                                         selection_range=self.range(core.Span(*o.name_span)),
                                         detail=o.value[:80])
                        for o in s.options]
            out.append(T.DocumentSymbol(
                name=f"{s.name}/{s.type}" if s.type else s.name, kind=T.SymbolKind.Module,
                range=self.range(core.Span(*s.span)), selection_range=self.range(core.Span(*head)),
                detail=core.program_of(s) if s.command else "", children=children or None))
        return out

    def inlay_hints(self, rng: T.Range) -> List[T.InlayHint]:
        return []


def _inside(span, line: int, column: int) -> bool:
    return (span[0], span[1]) <= (line, column) <= (span[2], span[3])
