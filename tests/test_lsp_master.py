"""The language server on master.cf, end to end through pytest-lsp (a real LSP client over stdio).

A document named master.cf gets the CLI's master.cf findings, paired with the
main.cf beside it (its open buffer when open); a change to either re-lints
the other; hover, symbols, completion and the disable actions.  Skips when
pytest-lsp or pygls is absent.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed (pip install -e '.[test]')")
pytest.importorskip("pygls", reason="pygls is not installed (the lsp extra)")
from lsprotocol import types as T  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

SERVER = [sys.executable, "-m", "postfix_lint", "server"]

#: a broken master.cf: qmgr's queue_run_delay makes it exit; $mua_* are set nowhere
BROKEN = ("# services\n"
          "qmgr      unix  n       -       n       300     1       qmgr\n"
          "  -o queue_run_delay=15M\n"
          "submission inet n       -       y       -       -       smtpd\n"
          "  -o smtpd_client_restrictions=$mua_client_restrictions\n"
          "relay     unix  -       -       n       -       -       smtp\n"
          "  -o smtp_connect_timeout=30s\n")
MUA = "mua_client_restrictions = permit_sasl_authenticated, reject\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(T.InitializeParams(
        capabilities=T.ClientCapabilities(text_document=T.TextDocumentClientCapabilities(
            publish_diagnostics=T.PublishDiagnosticsClientCapabilities())),
        initialization_options={"debounceMs": 0}))
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path, text: str) -> str:
    uri = path.resolve().as_uri()
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(
        uri=uri, language_id="postfix", version=1, text=text)))
    return uri


def _change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        T.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [T.TextDocumentContentChangeWholeDocument(text=text)]))


async def _until(client: LanguageClient, uri: str, test, timeout: float = 30.0):
    """The diagnostics of ``uri`` once ``test(codes)`` holds on a published set (fails on timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        diags = client.diagnostics.get(uri)
        if diags is not None and test({d.code for d in diags}):
            return diags
        left = deadline - time.monotonic()
        assert left > 0, f"no diagnostics for {uri} passed the test; last: {diags}"
        try:
            await asyncio.wait_for(client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), left)
        except asyncio.TimeoutError:
            pass


@pytest.mark.asyncio
async def test_master_cf_diagnostics_are_the_clis(client: LanguageClient, tmp_path):
    path = tmp_path / "master.cf"
    path.write_text(BROKEN)
    uri = _open(client, path, BROKEN)
    diags = await _until(client, uri, lambda codes: "PF101" in codes)
    by_code = {d.code: d for d in diags}
    pf101 = by_code["PF101"]
    assert (pf101.range.start.line, pf101.range.start.character) == (2, 21)  # "15M" after "  -o queue_run_delay="
    assert pf101.severity == T.DiagnosticSeverity.Error
    assert "qmgr will exit" in pf101.message and "smtp" not in pf101.message.split("; ")[-1]
    assert pf101.code_description.href.endswith("#pf101-invalid-time")
    pf311 = by_code["PF311"]
    assert (pf311.range.start.line, pf311.range.start.character, pf311.severity) == \
        (4, 32, T.DiagnosticSeverity.Warning)  # the name after "$"
    out = subprocess.run([sys.executable, "-m", "postfix_lint", "--format", "json", "--isolated", str(path)],
                         capture_output=True, text=True).stdout
    cli = sorted((p["line"] - 1, p["column"] - 1, p["code"]) for p in json.loads(out)["problems"])
    assert sorted((d.range.start.line, d.range.start.character, d.code) for d in diags) == cli


@pytest.mark.asyncio
async def test_paired_with_main_cf_file_then_buffer(client: LanguageClient, tmp_path):
    (tmp_path / "main.cf").write_text(MUA)
    master = _open(client, tmp_path / "master.cf", BROKEN)
    await _until(client, master, lambda codes: "PF101" in codes and "PF311" not in codes)  # the file on disk
    # the main.cf buffer (without the name) stands for the file once open
    main = _open(client, tmp_path / "main.cf", "# nothing yet\n")
    await _until(client, master, lambda codes: "PF311" in codes)
    _change(client, main, MUA, 2)
    await _until(client, master, lambda codes: "PF311" not in codes and "PF101" in codes)
    _change(client, main, "queue_run_delay = 1m\n", 3)
    await _until(client, master, lambda codes: "PF311" in codes)
    # closed: back to the file on disk
    client.text_document_did_close(T.DidCloseTextDocumentParams(T.TextDocumentIdentifier(main)))
    await _until(client, master, lambda codes: "PF311" not in codes)


@pytest.mark.asyncio
async def test_main_cf_is_relinted_when_its_master_cf_buffer_changes(client: LanguageClient, tmp_path):
    main = _open(client, tmp_path / "main.cf", "dovecot_destination_recipient_limit = 1\n")
    await _until(client, main, lambda codes: "PF110" in codes)  # no dovecot service: unknown name
    dovecot = "dovecot unix - n n - - pipe flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -f ${sender}\n"
    master = _open(client, tmp_path / "master.cf", "# empty\n")
    await _until(client, main, lambda codes: "PF110" in codes)
    _change(client, master, dovecot, 2)
    await _until(client, main, lambda codes: "PF110" not in codes)
    await _until(client, master, lambda codes: "PF303" not in codes)  # a fragment: not checked for services


@pytest.mark.asyncio
async def test_suppression_comment_in_master_cf(client: LanguageClient, tmp_path):
    uri = _open(client, tmp_path / "master.cf", BROKEN)
    diags = await _until(client, uri, lambda codes: "PF101" in codes)
    (pf101,) = [d for d in diags if d.code == "PF101"]
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), pf101.range, T.CodeActionContext(diagnostics=[pf101])))
    titles = {a.title: a for a in actions}
    assert set(titles) == {"Disable PF101 for this service", "Disable PF101 for this file"}
    (edit,) = titles["Disable PF101 for this service"].edit.document_changes[0].edits
    assert (edit.range.start.line, edit.range.start.character) == (1, 0)  # above the qmgr line
    text = BROKEN.split("\n")
    text.insert(edit.range.start.line, edit.new_text.rstrip("\n"))
    _change(client, uri, "\n".join(text), 2)
    await _until(client, uri, lambda codes: "PF101" not in codes and "PF090" not in codes and "PF311" in codes)


@pytest.mark.asyncio
async def test_hover_symbols_completion(client: LanguageClient, tmp_path):
    (tmp_path / "main.cf").write_text("queue_run_delay = 5m\n")
    uri = _open(client, tmp_path / "master.cf", BROKEN)
    await _until(client, uri, lambda codes: "PF101" in codes)

    async def hover(line, character):
        h = await client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(uri),
                                                                 T.Position(line, character)))
        return h.contents.value if h is not None else None

    text = await hover(2, 8)  # "queue_run_delay" of the qmgr -o
    assert "**queue_run_delay** (time)" in text and "program `qmgr`" in text
    assert "- qmgr: `15M` (-o)" in text and "smtp" not in text.split("Effective value:")[1].split("Retry")[0]
    text = await hover(6, 10)  # relay's -o smtp_connect_timeout: read by smtp, 30 s
    assert "- smtp: `30s` = 30 s (-o)" in text
    assert "Command" in await hover(1, 58) and "`qmgr`" in await hover(1, 58)
    assert "the queue manager" in await hover(1, 58)
    assert "a TCP socket" in await hover(3, 11)  # inet
    assert "Wake-up time" in await hover(1, 42)  # 300
    assert await hover(0, 3) is None  # a comment

    symbols = await client.text_document_document_symbol_async(
        T.DocumentSymbolParams(T.TextDocumentIdentifier(uri)))
    assert [(s.name, s.detail, [c.name for c in s.children or []]) for s in symbols] == [
        ("qmgr/unix", "qmgr", ["queue_run_delay"]),
        ("submission/inet", "smtpd", ["smtpd_client_restrictions"]),
        ("relay/unix", "smtp", ["smtp_connect_timeout"])]
    assert symbols[0].range.start.line == 1 and symbols[0].range.end.line == 2

    _change(client, uri, BROKEN + "  -o smtp_conn", 2)
    items = (await client.text_document_completion_async(T.CompletionParams(
        T.TextDocumentIdentifier(uri), T.Position(7, 14)))).items
    labels = [i.label for i in items]
    assert labels[0] == "smtp_connect_timeout" and "smtp_connection_cache_on_demand" in labels
    _change(client, uri, BROKEN + "  -o ", 3)
    items = (await client.text_document_completion_async(T.CompletionParams(
        T.TextDocumentIdentifier(uri), T.Position(7, 5)))).items
    readers = {i.label for i in items[:20]}
    assert "smtp_helo_name" in {i.label for i in items}
    assert not any(i.startswith("smtpd_") for i in readers)  # the relay's smtp reads smtp_*, not smtpd_*
    # not after "-o": no completion on a service field
    items = (await client.text_document_completion_async(T.CompletionParams(
        T.TextDocumentIdentifier(uri), T.Position(1, 3)))).items
    assert list(items) == []
    # an -o that the service's program does not read: said so, with main.cf's values
    _change(client, uri, BROKEN + "x inet n - y - - smtpd -o smtp_helo_name=foo\n", 4)
    text = await hover(7, 28)
    assert text.startswith("`-o smtp_helo_name` changes nothing for service `x/inet`, program `smtpd`")
    assert "- read by: smtp" in text and "(-o)" not in text
