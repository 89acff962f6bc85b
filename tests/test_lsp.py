"""The language server end to end, through pytest-lsp (a real LSP client over stdio).

The server runs as ``python -m postfix_lint server``; the broken main.cf in
tests/data/lsp has a non-ASCII value before a problem, so the columns show
the negotiated position encoding.  Skips when pytest-lsp or pygls is absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed (pip install -e '.[test]')")
pytest.importorskip("pygls", reason="pygls is not installed (the lsp extra)")
from lsprotocol import types as T  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

DATA = Path(__file__).parent / "data" / "lsp" / "main.cf"
SERVER = [sys.executable, "-m", "postfix_lint", "server"]

#: (0-based line, UTF-16 character, code, severity) of every diagnostic of DATA
EXPECTED_UTF16 = {
    (0, 0, "PF203", T.DiagnosticSeverity.Warning),
    (0, 0, "PF204", T.DiagnosticSeverity.Information),  # bounce_queue_lifetime unset: advice
    (0, 31, "PF106", T.DiagnosticSeverity.Warning),  # after "é😀": 2 code points, 3 UTF-16 units
    (1, 25, "PF103", T.DiagnosticSeverity.Warning),
    (2, 18, "PF101", T.DiagnosticSeverity.Error),
    (3, 25, "PF105", T.DiagnosticSeverity.Warning),
    (3, 25, "PF207", T.DiagnosticSeverity.Information),
}


def _caps(encodings=None, pull=False) -> T.ClientCapabilities:
    return T.ClientCapabilities(
        general=T.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=T.TextDocumentClientCapabilities(
            diagnostic=T.DiagnosticClientCapabilities() if pull else None,
            publish_diagnostics=T.PublishDiagnosticsClientCapabilities(),
        ),
        workspace=T.WorkspaceClientCapabilities(
            did_change_watched_files=T.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)),
    )


def _open(client: LanguageClient, path: Path, text: str = None) -> str:
    uri = path.resolve().as_uri()
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(
        uri=uri, language_id="pfmain", version=1, text=text if text is not None else path.read_text("utf-8"))))
    return uri


async def _diagnostics(client: LanguageClient, uri: str):
    import asyncio

    await asyncio.wait_for(client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30)
    return client.diagnostics[uri]


def _key(d):
    return (d.range.start.line, d.range.start.character, d.code, d.severity)


def _accept_registrations(lsp_client: LanguageClient) -> list:
    registered = []

    @lsp_client.feature(T.CLIENT_REGISTER_CAPABILITY)
    def register(params: T.RegistrationParams):
        registered.extend(r.method for r in params.registrations)

    return registered


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    _accept_registrations(lsp_client)
    await lsp_client.initialize_session(T.InitializeParams(
        capabilities=_caps(), initialization_options={"debounceMs": 0, "inlayHints": True}))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_push_diagnostics_utf16(client: LanguageClient):
    uri = _open(client, DATA)
    diags = await _diagnostics(client, uri)
    assert {_key(d) for d in diags} == EXPECTED_UTF16
    for d in diags:
        assert d.source == "postfix-lint"
        assert d.code_description.href.startswith(
            "https://github.com/postfix-lint/postfix-lint/blob/main/docs/rules.md#" + d.code.lower() + "-")
    # the same findings as the CLI's (codes and lines)
    out = subprocess.run([sys.executable, "-m", "postfix_lint", "--format", "json", "--isolated", str(DATA)],
                         capture_output=True, text=True).stdout
    import json

    cli = {(p["line"] - 1, p["code"]) for p in json.loads(out)["problems"]}
    assert {(d.range.start.line, d.code) for d in diags} == cli


@pytest.mark.asyncio
async def test_change_and_close(client: LanguageClient):
    uri = _open(client, DATA)
    await _diagnostics(client, uri)
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        T.VersionedTextDocumentIdentifier(uri=uri, version=2),
        [T.TextDocumentContentChangeWholeDocument(text="queue_run_delay = 15M\n")]))
    diags = await _diagnostics(client, uri)
    got = {(d.code, d.range.start.line, d.range.start.character) for d in diags}
    assert ("PF101", 0, 18) in got and not any(code == "PF106" for code, _, _ in got)


@pytest.mark.asyncio
async def test_hover_completion_actions_navigation(client: LanguageClient):
    text = ("maximal_queue_lifetime = 3\ndelay_warning_time = $maximal_queue_lifetime\n"
            "maximal_backoff_time = 1h30m\nmydistination = example.com\nqueue_run_delay = 15M\n")
    uri = _open(client, DATA.parent / "virtual.cf", text)
    await _diagnostics(client, uri)
    doc = T.TextDocumentIdentifier(uri)
    # hover on a name: type, default, unit, readers, the effective value per program
    h = await client.text_document_hover_async(T.HoverParams(doc, T.Position(0, 3)))
    assert "**maximal_queue_lifetime** (time" in h.contents.value
    assert "default unit: `d`" in h.contents.value and "qmgr: `3` = 259200 s" in h.contents.value
    assert "Retry schedule" in h.contents.value  # none here: 15M makes qmgr exit
    assert "no schedule: queue_run_delay = 15M makes qmgr exit" in h.contents.value
    h = await client.text_document_hover_async(T.HoverParams(doc, T.Position(2, 3)))
    assert "**maximal_backoff_time**" in h.contents.value
    # hover on $name inside a value: that parameter, as each reader expands it
    h = await client.text_document_hover_async(T.HoverParams(doc, T.Position(1, 24)))
    assert "**maximal_queue_lifetime**" in h.contents.value
    h = await client.text_document_hover_async(T.HoverParams(doc, T.Position(1, 3)))
    assert "cleanup: `3` = 10800 s (3 hours)" in h.contents.value  # 3 in delay_warning_time's unit, h
    # hover on a time value: how Postfix reads it
    h = await client.text_document_hover_async(T.HoverParams(doc, T.Position(2, 24)))
    assert "3600 s (1 hour)" in h.contents.value and "Postfix ignores `30m`" in h.contents.value
    # completion with did-you-mean ordering
    c = await client.text_document_completion_async(T.CompletionParams(doc, T.Position(3, 13)))
    labels = [i.label for i in c.items]
    assert labels[0] == "mydestination"
    c = await client.text_document_completion_async(T.CompletionParams(doc, T.Position(1, 25)))
    assert "maximal_queue_lifetime" in [i.label for i in c.items]
    # code actions: the rule's fix (unsafe marked), disable for the line and the file
    acts = await client.text_document_code_action_async(T.CodeActionParams(
        doc, T.Range(T.Position(4, 18), T.Position(4, 21)), T.CodeActionContext(diagnostics=[])))
    titles = [a.title for a in acts]
    assert "Lower-case the unit: 15M -> 15m (unsafe: changes what Postfix reads)" in titles
    assert "Disable PF101 for this line" in titles and "Disable PF101 for this file" in titles
    line_action = next(a for a in acts if a.title == "Disable PF101 for this line")
    edit = line_action.edit.document_changes[0].edits[0]
    assert edit.new_text == "# postfix-lint: disable-next-line=PF101\n" and edit.range.start == T.Position(4, 0)
    # a problem about an unset parameter (PF204, reported at line 1 of a file whose line 1 is
    # a comment) has no line to disable: only "for this file"
    acts = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(_open(client, DATA.parent / "comment-first.cf",
                                       "# retry\nqueue_run_delay = 300s\n")),
        T.Range(T.Position(0, 0), T.Position(0, 0)), T.CodeActionContext(diagnostics=[])))
    assert "Disable PF204 for this file" in [a.title for a in acts]
    assert "Disable PF204 for this line" not in [a.title for a in acts]
    # fix-all applies safe fixes only: PF105's 3 -> 3d is refused here (it changes delay_warning_time)
    acts = await client.text_document_code_action_async(T.CodeActionParams(
        doc, T.Range(T.Position(0, 0), T.Position(0, 0)),
        T.CodeActionContext(diagnostics=[], only=[T.CodeActionKind.SourceFixAll])))
    assert not acts
    # go to definition / references of $name
    loc = await client.text_document_definition_async(T.DefinitionParams(doc, T.Position(1, 24)))
    assert loc.range.start == T.Position(0, 0)
    refs = await client.text_document_references_async(T.ReferenceParams(
        text_document=doc, position=T.Position(0, 2), context=T.ReferenceContext(include_declaration=True)))
    assert sorted((r.range.start.line, r.range.start.character) for r in refs) == [(0, 0), (1, 22)]
    syms = await client.text_document_document_symbol_async(T.DocumentSymbolParams(doc))
    assert [s.name for s in syms] == ["maximal_queue_lifetime", "delay_warning_time", "maximal_backoff_time",
                                      "mydistination", "queue_run_delay"]
    hints = await client.text_document_inlay_hint_async(T.InlayHintParams(
        doc, T.Range(T.Position(0, 0), T.Position(5, 0))))
    assert [(h.position.line, h.label) for h in hints] == [(0, "= 259200 s (3 days)"), (1, "= 10800 s (3 hours)"),
                                                                 (2, "= 3600 s (1 hour)")]


@pytest.mark.asyncio
async def test_fix_all_safe(client: LanguageClient):
    text = "maximal_queue_lifetime = 3\r\nfoo = 1\r\n# keep\r\nfoo = 1\r\n"
    uri = _open(client, DATA.parent / "fixall.cf", text)
    await _diagnostics(client, uri)
    acts = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), T.Range(T.Position(0, 0), T.Position(0, 0)),
        T.CodeActionContext(diagnostics=[], only=[T.CodeActionKind.SourceFixAll])))
    (act,) = acts
    (edit,) = act.edit.document_changes[0].edits
    assert edit.new_text == "maximal_queue_lifetime = 3d\r\n# keep\r\nfoo = 1\r\n"


@pytest.mark.asyncio
async def test_config_reload(client: LanguageClient, tmp_path):
    cf = tmp_path / "main.cf"
    cf.write_text("queue_run_delay = 15M\nmaximal_backoff_time = 1h30m\n")
    uri = _open(client, cf)
    assert {d.code for d in await _diagnostics(client, uri)} >= {"PF101", "PF103"}
    cfg = tmp_path / ".postfix-lint.toml"
    cfg.write_text('ignore = ["PF103"]\n')
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(
        [T.FileEvent(cfg.as_uri(), T.FileChangeType.Created)]))
    diags = await _diagnostics(client, uri)
    assert "PF103" not in {d.code for d in diags} and "PF101" in {d.code for d in diags}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def utf8_pull_client(lsp_client: LanguageClient):
    _accept_registrations(lsp_client)
    result = await lsp_client.initialize_session(T.InitializeParams(capabilities=_caps(["utf-8", "utf-16"], pull=True)))
    assert result.capabilities.position_encoding == "utf-8"
    assert result.capabilities.diagnostic_provider is not None
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_pull_diagnostics_utf8(utf8_pull_client: LanguageClient):
    client = utf8_pull_client
    uri = _open(client, DATA)
    report = await client.text_document_diagnostic_async(T.DocumentDiagnosticParams(T.TextDocumentIdentifier(uri)))
    got = {(d.range.start.line, d.range.start.character, d.code) for d in report.items}
    assert (0, 34, "PF106") in got  # "é" is 2 bytes, "😀" 4
    assert client.diagnostics.get(uri) is None  # a pulling client gets no pushes


def test_plain_cli_never_imports_pygls(tmp_path):
    code = ("import sys; from postfix_lint.cli import main; rc = main(['--fix', '--diff', %r]);"
            " main(['-q', %r]); print(sorted(m for m in sys.modules if m.split('.')[0] in"
            " ('pygls', 'lsprotocol', 'cattrs')))" % (str(DATA), str(DATA)))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


@pytest.mark.asyncio
async def test_config_reload_on_save_without_watchers(client: LanguageClient, tmp_path):
    cf = tmp_path / "main.cf"
    cf.write_text("maximal_backoff_time = 1h30m\n")
    uri = _open(client, cf)
    assert "PF103" in {d.code for d in await _diagnostics(client, uri)}
    (tmp_path / "pyproject.toml").write_text('[tool.postfix-lint]\nignore = ["time-trailing-text"]\n')
    client.text_document_did_save(T.DidSaveTextDocumentParams(T.TextDocumentIdentifier(uri)))
    assert "PF103" not in {d.code for d in await _diagnostics(client, uri)}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def slow_client(lsp_client: LanguageClient):
    _accept_registrations(lsp_client)
    await lsp_client.initialize_session(T.InitializeParams(capabilities=_caps(),
                                                           initialization_options={"debounceMs": 300}))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_changes_are_debounced(slow_client: LanguageClient):
    client = slow_client
    uri = _open(client, DATA.parent / "typing.cf", "queue_run_delay = 1\n")
    await _diagnostics(client, uri)  # didOpen: at once
    for v, text in enumerate(["queue_run_delay = 1", "queue_run_delay = 15", "queue_run_delay = 15M"], 2):
        client.text_document_did_change(T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(uri=uri, version=v),
            [T.TextDocumentContentChangeWholeDocument(text=text + "\n")]))
    import asyncio

    diags = await _diagnostics(client, uri)  # the first publish after the changes is of the last version
    assert "PF101" in {d.code for d in diags}
    with pytest.raises(asyncio.TimeoutError):  # and no other publish follows
        await asyncio.wait_for(client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 0.8)


def test_server_without_pygls_says_how_to_install_it():
    code = ("import sys; sys.modules['pygls'] = None; from postfix_lint.cli import main;"
            " raise SystemExit(main(['server']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 2 and "pip install 'postfix-lint[lsp]'" in proc.stderr


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def resolving_client(lsp_client: LanguageClient):
    _accept_registrations(lsp_client)
    caps = _caps()
    caps.text_document.code_action = T.CodeActionClientCapabilities(
        resolve_support=T.ClientCodeActionResolveOptions(properties=["edit"]))
    await lsp_client.initialize_session(T.InitializeParams(capabilities=caps))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_fix_all_resolved_when_picked(resolving_client: LanguageClient):
    client = resolving_client
    uri = _open(client, DATA.parent / "resolve.cf", "maximal_queue_lifetime = 3\n")
    await _diagnostics(client, uri)
    acts = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), T.Range(T.Position(0, 0), T.Position(0, 0)),
        T.CodeActionContext(diagnostics=[], only=[T.CodeActionKind.SourceFixAll])))
    (act,) = acts
    assert act.edit is None  # computed only when picked
    act = await client.code_action_resolve_async(act)
    (edit,) = act.edit.document_changes[0].edits
    assert edit.new_text == "maximal_queue_lifetime = 3d\n"


def test_completion_of_fixed_words_in_process():
    """Values where the set of words is known: booleans here (the words table fills in the rest)."""
    from postfix_lint.lsp import core
    from postfix_lint.lsp.features import Document

    doc = Document("file:///x/main.cf", "/x/main.cf", "disable_vrfy_command = y\n", 1, core.default_settings())
    assert [i.label for i in doc.completion(T.Position(0, 24)).items] == ["yes"]
    assert [i.label for i in doc.completion(T.Position(0, 23)).items] == ["yes", "no"]


def test_completion_of_words_follows_the_target_release():
    """milter_default_action gains "shutdown" in 3.7.20 (value-changes.tsv); TLS levels come from words.py."""
    from postfix_lint.lsp import core

    assert "shutdown" not in core.fixed_words("milter_default_action", "3.7.11")
    assert "shutdown" in core.fixed_words("milter_default_action", "3.7.20")
    assert {"may", "encrypt", "dane"} <= set(core.fixed_words("smtp_tls_security_level", "3.10"))
