"""``postfix-lint server``: a language server for main.cf and master.cf over standard input/output.

Built on pygls and lsprotocol (the extra ``postfix-lint[lsp]``); the plain
CLI never imports this module.  Diagnostics are pushed on open, save and
change (debounced, ``initializationOptions.debounceMs``, default 150 ms),
or pulled (``textDocument/diagnostic``) by clients that support it, which
then get no pushes.  The configuration of each document is found the way
the CLI finds it (``.postfix-lint.toml`` / ``[tool.postfix-lint]`` in
``pyproject.toml``, closest above the file) and found again when the client
reports a change to one of those files or to a master.cf
(``workspace/didChangeWatchedFiles``) and when such a file is saved in the
editor, and, for clients without file watchers, whenever a main.cf is
saved.  ``initializationOptions.inlayHints: true`` turns on the inlay
hints (seconds after time values; off by default).  A document whose file
name is a master.cf's (the CLI's test, ``read.is_master_cf``) is served as
master.cf (:mod:`postfix_lint.lsp.master`), paired with the main.cf in the
same folder: its open buffer when it is open, else the file, else Postfix's
defaults; a main.cf is paired the same way with the master.cf beside it.  A
change to one (typed, saved, closed) lints its open partner again.  The
answers themselves are :mod:`postfix_lint.lsp.features`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import sys
from typing import Dict, List, Optional, Sequence

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from postfix_lint import __version__
from postfix_lint.lsp import core
from postfix_lint.lsp.features import Document
from postfix_lint.lsp.master import MasterDocument

log = logging.getLogger("postfix-lint.server")
WATCHED = ("**/.postfix-lint.toml", "**/pyproject.toml", "**/master.cf", "**/main.cf")


class PostfixLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("postfix-lint", __version__)
        self.docs: Dict[str, Document] = {}
        self.config = core.config_resolver()
        self.debounce = 0.15
        self.inlay = False
        self.pull = False
        self._timers: Dict[str, asyncio.TimerHandle] = {}

    # -- documents ---------------------------------------------------------------
    def encoding(self) -> str:
        try:
            enc = self.workspace.position_encoding
        except RuntimeError:
            enc = None
        return str(enc.value if hasattr(enc, "value") else (enc or "utf-16"))

    def settings(self, path: Optional[str], master_cf: bool = False):
        """The configuration found for ``path``; for a main.cf (``master_cf``), paired with its master.cf."""
        try:
            settings, _ = core.settings_for(self.config, path, master_cf=False)
        except core.ConfigProblem as exc:
            self.window_show_message(T.ShowMessageParams(T.MessageType.Error, f"postfix-lint: {exc}"))
            settings = core.default_settings()
        if master_cf and path:
            master = self.buffer(os.path.join(os.path.dirname(path) or ".", "master.cf"))
            if master is not None:
                settings = dataclasses.replace(settings, master_cf=master)
            else:
                settings = core.with_master_cf(settings, path)
        return settings

    def buffer(self, path: str) -> Optional[str]:
        """The text of the open document at ``path``, or None when it is not open."""
        want = os.path.abspath(path)
        for doc in self.docs.values():
            if doc.uri.startswith("file:") and os.path.abspath(doc.path) == want:
                return doc.text
        return None

    def main_text(self, master_path: Optional[str]) -> Optional[str]:
        """The main.cf paired with a master.cf: its open buffer, else the file beside, else None (defaults)."""
        if not master_path:
            return None
        main_path = core.main_cf_beside(master_path)
        text = self.buffer(main_path)
        return text if text is not None else core.read_beside(main_path)

    def configure(self, doc: Document) -> None:
        """Find ``doc``'s settings (and partner file) again; its answers are recomputed when next asked."""
        path = doc.path if doc.uri.startswith("file:") else None
        if isinstance(doc, MasterDocument):
            doc.settings = self.settings(path)
            doc.pair(self.main_text(path))
        else:
            doc.settings = self.settings(path, master_cf=True)
            doc.update(doc.text, doc.version)

    def open(self, uri: str, text: str, version: Optional[int]) -> Document:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if core.is_master_cf(path or uri):
            doc: Document = MasterDocument(uri, path, text, version, self.settings(path), self.encoding(),
                                           main_text=self.main_text(path))
        else:
            doc = Document(uri, path, text, version, self.settings(path, master_cf=True), self.encoding())
        self.docs[uri] = doc
        return doc

    def partners(self, doc: Document) -> List[Document]:
        """The open documents paired with ``doc``: the master.cf files beside a main.cf, the main.cf beside a master.cf."""
        if not doc.uri.startswith("file:"):
            return []
        folder = os.path.dirname(os.path.abspath(doc.path))
        out = []
        for other in self.docs.values():
            if other is doc or not other.uri.startswith("file:"):
                continue
            if os.path.dirname(os.path.abspath(other.path)) != folder:
                continue
            if isinstance(doc, MasterDocument):  # every main.cf-like file is paired with "master.cf"
                ok = os.path.basename(doc.path) == "master.cf" and not isinstance(other, MasterDocument)
            else:  # every master.cf is paired with "main.cf"
                ok = os.path.basename(doc.path) == "main.cf" and isinstance(other, MasterDocument)
            if ok:
                out.append(other)
        return out

    def refresh_partners(self, doc: Document, now: bool = False) -> None:
        """``doc`` changed: pair its open partners with its new text and lint them again."""
        partners = self.partners(doc)
        for other in partners:
            self.configure(other)
            if now:
                self.publish(other)
            else:
                self.schedule(other)
        if partners and self.pull:
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:  # the client may not support refresh
                log.debug("diagnostic refresh failed", exc_info=True)

    def publish(self, doc: Document) -> None:
        if self.pull:
            return
        self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
            uri=doc.uri, version=doc.version, diagnostics=doc.diagnostics()))

    def relint_all(self) -> None:
        """Configuration changed: find each document's settings again and lint it."""
        self.config = core.config_resolver()
        for doc in self.docs.values():
            self.configure(doc)
            self.publish(doc)
        if self.pull:
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:  # the client may not support refresh
                log.debug("diagnostic refresh failed", exc_info=True)

    def schedule(self, doc: Document) -> None:
        old = self._timers.pop(doc.uri, None)
        if old is not None:
            old.cancel()
        if self.debounce <= 0:
            self.publish(doc)
            return
        loop = asyncio.get_event_loop()

        def fire() -> None:
            self._timers.pop(doc.uri, None)
            if self.docs.get(doc.uri) is doc:
                self.publish(doc)

        self._timers[doc.uri] = loop.call_later(self.debounce, fire)


server = PostfixLintServer()


def _doc(ls: PostfixLintServer, uri: str) -> Optional[Document]:
    doc = ls.docs.get(uri)
    if doc is None:
        try:
            td = ls.workspace.get_text_document(uri)
        except Exception:
            return None
        doc = ls.open(uri, td.source, td.version)
    return doc


@server.feature(T.INITIALIZE)
def initialize(ls: PostfixLintServer, params: T.InitializeParams) -> None:
    opts = params.initialization_options or {}
    if isinstance(opts, dict):
        if "debounceMs" in opts:
            try:
                ls.debounce = max(0.0, float(opts["debounceMs"]) / 1000)
            except (TypeError, ValueError):
                pass
        ls.inlay = bool(opts.get("inlayHints", False))
    td = params.capabilities.text_document
    ls.pull = bool(td is not None and td.diagnostic is not None)


@server.feature(T.INITIALIZED)
def initialized(ls: PostfixLintServer, params: T.InitializedParams) -> None:
    ws = ls.client_capabilities.workspace
    dyn = ws is not None and ws.did_change_watched_files is not None and \
        bool(ws.did_change_watched_files.dynamic_registration)
    if dyn:
        ls.client_register_capability(T.RegistrationParams(registrations=[T.Registration(
            id="postfix-lint-config", method=T.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=T.DidChangeWatchedFilesRegistrationOptions(
                watchers=[T.FileSystemWatcher(glob_pattern=g) for g in WATCHED]))]))


@server.feature(T.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PostfixLintServer, params: T.DidOpenTextDocumentParams) -> None:
    td = params.text_document
    doc = ls.open(td.uri, td.text, td.version)
    ls.publish(doc)
    ls.refresh_partners(doc, now=True)  # its buffer now stands for the file


@server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PostfixLintServer, params: T.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    text = ls.workspace.get_text_document(uri).source  # pygls has applied the changes
    doc = ls.docs.get(uri)
    if doc is None:
        doc = ls.open(uri, text, params.text_document.version)
    else:
        doc.update(text, params.text_document.version)
    ls.schedule(doc)
    ls.refresh_partners(doc)


@server.feature(T.TEXT_DOCUMENT_DID_SAVE, T.SaveOptions(include_text=False))
def did_save(ls: PostfixLintServer, params: T.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    name = os.path.basename(to_fs_path(uri) or "") if uri.startswith("file:") else ""
    if name in core.CONFIG_FILE_NAMES:
        ls.relint_all()
        return
    doc = _doc(ls, uri)
    if doc is not None:
        old = ls._timers.pop(uri, None)
        if old is not None:
            old.cancel()
        # Clients without file watchers (Neovim 0.7) still pick up an edited
        # configuration file or master.cf on the next save of the main.cf.
        ls.config = core.config_resolver()
        ls.configure(doc)
        ls.publish(doc)
        ls.refresh_partners(doc, now=True)


@server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PostfixLintServer, params: T.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    closed = ls.docs.pop(uri, None)
    if closed is not None:
        ls.refresh_partners(closed, now=True)  # back to the file on disk
    timer = ls._timers.pop(uri, None)
    if timer is not None:
        timer.cancel()
    if not ls.pull:
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched(ls: PostfixLintServer, params: T.DidChangeWatchedFilesParams) -> None:
    ls.relint_all()


@server.feature(T.TEXT_DOCUMENT_DIAGNOSTIC,
                T.DiagnosticOptions(identifier="postfix-lint", inter_file_dependencies=False,
                                    workspace_diagnostics=False))
def pull_diagnostics(ls: PostfixLintServer, params: T.DocumentDiagnosticParams):
    doc = _doc(ls, params.text_document.uri)
    items = doc.diagnostics() if doc is not None else []
    return T.RelatedFullDocumentDiagnosticReport(items=items)


@server.feature(T.TEXT_DOCUMENT_HOVER)
def hover(ls: PostfixLintServer, params: T.HoverParams):
    doc = _doc(ls, params.text_document.uri)
    return doc.hover(params.position) if doc is not None else None


@server.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=["$", "{"]))
def completion(ls: PostfixLintServer, params: T.CompletionParams):
    doc = _doc(ls, params.text_document.uri)
    return doc.completion(params.position) if doc is not None else None


@server.feature(T.TEXT_DOCUMENT_CODE_ACTION,
                T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix, T.CodeActionKind.SourceFixAll],
                                    resolve_provider=True))
def code_action(ls: PostfixLintServer, params: T.CodeActionParams):
    doc = _doc(ls, params.text_document.uri)
    if doc is None:
        return None
    return doc.code_actions(params.range, params.context.only, lazy_fix_all=_resolves_edits(ls))


def _resolves_edits(ls: PostfixLintServer) -> bool:
    td = ls.client_capabilities.text_document
    ca = td.code_action if td is not None else None
    support = ca.resolve_support if ca is not None else None
    return bool(support is not None and "edit" in (support.properties or ()))


@server.feature(T.CODE_ACTION_RESOLVE)
def code_action_resolve(ls: PostfixLintServer, action: T.CodeAction) -> T.CodeAction:
    data = action.data if isinstance(action.data, dict) else {}
    doc = ls.docs.get(data.get("uri", ""))
    if doc is None or action.kind != T.CodeActionKind.SourceFixAll:
        return action
    return doc.resolve_fix_all(action)


@server.feature(T.TEXT_DOCUMENT_DEFINITION)
def definition(ls: PostfixLintServer, params: T.DefinitionParams):
    doc = _doc(ls, params.text_document.uri)
    return doc.definition(params.position) if doc is not None else None


@server.feature(T.TEXT_DOCUMENT_REFERENCES)
def references(ls: PostfixLintServer, params: T.ReferenceParams):
    doc = _doc(ls, params.text_document.uri)
    if doc is None:
        return None
    return doc.references(params.position, params.context.include_declaration)


@server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def symbols(ls: PostfixLintServer, params: T.DocumentSymbolParams):
    doc = _doc(ls, params.text_document.uri)
    return doc.symbols() if doc is not None else None


@server.feature(T.TEXT_DOCUMENT_INLAY_HINT)
def inlay_hint(ls: PostfixLintServer, params: T.InlayHintParams):
    if not ls.inlay:
        return []
    doc = _doc(ls, params.text_document.uri)
    return doc.inlay_hints(params.range) if doc is not None else None


def main(argv: Sequence[str] = ()) -> int:
    """``postfix-lint server [--stdio]``: serve one client on standard input/output."""
    args = [a for a in argv if a != "--stdio"]
    if args:
        if args[0] in ("-h", "--help"):
            print("usage: postfix-lint server [--stdio]\n\nA language server for Postfix main.cf over"
                  " standard input/output (needs the extra postfix-lint[lsp]).")
            return 0
        print(f"postfix-lint server: unknown argument {args[0]!r}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    server.start_io()
    return 0
