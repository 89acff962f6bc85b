"""docs/editors.md's recipes run in the real editors: Neovim's built-in LSP client, Emacs eglot, Emacs compile.

Each test takes the recipe from the documentation, runs the editor headless
or in batch on tests/data/lsp/main.cf (a non-ASCII value before a problem),
and compares every diagnostic's line, column and severity with the CLI's
findings converted to the editor's own column unit.  Skips with a reason
when the editor (or eglot, or pygls) is absent; .ci/run installs Debian's
neovim, emacs-nox and elpa-eglot.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from postfix_lint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EDITORS = ROOT / "docs" / "editors.md"
DATA = ROOT / "tests" / "data" / "lsp" / "main.cf"
BIN = str(Path(sys.executable).parent)  # the venv's bin: its postfix-lint is the one under test


def code_blocks(text: str, lang: str):
    return re.findall(r"^```" + lang + r"\n(.*?)^```", text, re.S | re.M)


def _block(lang: str, marker: str) -> str:
    (block,) = [b for b in code_blocks(EDITORS.read_text("utf-8"), lang) if marker in b]
    return block


def _env(tmp_path):
    env = dict(os.environ)
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env["HOME"] = str(tmp_path)  # no user configuration
    env.pop("GITHUB_ACTIONS", None)
    return env


def _cli_problems(path: Path, capsys):
    """[(line, code-point column, code, severity)] as the CLI reports them, 1-based."""
    main([str(path), "--isolated", "--format", "json", "--exit-zero"])
    return [(p["line"], p["column"], p["code"], p["severity"]) for p in json.loads(capsys.readouterr().out)["problems"]]


def _byte_column(path: Path, line: int, column: int) -> int:
    text = path.read_text("utf-8").split("\n")[line - 1]
    return len(text[: column - 1].encode("utf-8")) + 1


@pytest.fixture
def broken(tmp_path):
    d = tmp_path / "etc"
    d.mkdir()
    cf = d / "main.cf"
    cf.write_bytes(DATA.read_bytes())
    return cf


def _need_server():
    pytest.importorskip("pygls", reason="pygls is not installed (the lsp extra)")


# --------------------------------------------------------------------------- Neovim


NVIM = shutil.which("nvim")

#: a broken master.cf: qmgr exits on its -o value (error), an -o name smtpd does not read (warning),
#: after a non-ASCII comment argument so that the columns show the conversion
BROKEN_MASTER = ("# the queue manager\n"
                 "qmgr      unix  n       -       n       300     1       qmgr\n"
                 "  -o queue_run_delay=15M\n"
                 "smtp      inet  n       -       y       -       -       smtpd\n"
                 "  -o syslog_name=pöstfix/😀 -o smtp_tls_security_level=encrypt\n")


def _neovim_diagnostics(path: Path, tmp_path, expected: list, filetype: str) -> None:
    """Open ``path`` in headless Neovim with the docs' recipe; compare with ``expected`` (the CLI's)."""
    _need_server()
    init = tmp_path / "init.lua"
    out = tmp_path / "diags.txt"
    init.write_text(_block("lua", "postfix-lint\", \"server\"") + f"""
vim.api.nvim_create_autocmd("VimEnter", {{ callback = function()
  local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) >= {len(expected)} end, 50)
  local lines = {{ vim.bo.filetype }}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(lines, string.format("%d|%d|%s|%d", d.lnum, d.col, d.code or "?", d.severity))
  end
  vim.fn.writefile(lines, "{out}")
  vim.cmd("qall!")
end }})
""")
    proc = subprocess.run(["nvim", "--headless", "-n", "-i", "NONE", "-u", str(init), str(path)],
                          capture_output=True, text=True, timeout=90, env=_env(tmp_path),
                          stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert out.exists(), proc.stdout + proc.stderr
    got_filetype, *rows = out.read_text().splitlines()
    assert got_filetype == filetype
    sev = {"error": 1, "warning": 2, "info": 3}
    # Neovim keeps diagnostics in 0-based lines and 0-based *byte* columns (it converts
    # the server's UTF-16 positions), so the emoji line tests the conversion.
    want = sorted(f"{l - 1}|{_byte_column(path, l, c) - 1}|{code}|{sev[s]}" for l, c, code, s in expected)
    assert sorted(rows) == want


@pytest.mark.skipif(NVIM is None, reason="neovim is not installed (apt-get install neovim)")
def test_neovim_builtin_lsp(broken, tmp_path, capsys):
    _need_server()
    _neovim_diagnostics(broken, tmp_path, _cli_problems(broken, capsys), "pfmain")


@pytest.mark.skipif(NVIM is None, reason="neovim is not installed (apt-get install neovim)")
def test_neovim_builtin_lsp_master_cf(tmp_path, capsys):
    _need_server()
    d = tmp_path / "etc"
    d.mkdir()
    path = d / "master.cf"
    path.write_text(BROKEN_MASTER, "utf-8")
    expected = _cli_problems(path, capsys)
    # what the test is about: an error at qmgr's -o value, a warning after the emoji
    assert (3, 22, "PF101", "error") in expected
    assert (5, 31, "PF312", "warning") in expected  # code points; Neovim: byte 34 (0-based)
    _neovim_diagnostics(path, tmp_path, expected, "pfmaster")


# --------------------------------------------------------------------------- Emacs

EMACS = shutil.which("emacs")


def _emacs(tmp_path, script: str, timeout: int = 90):
    # -q, not -Q: no init file, but the site start-up that puts Debian's elpa-* packages on the load path
    f = tmp_path / "run.el"
    f.write_text(";;; run.el  -*- lexical-binding: t -*-\n" + script)
    return subprocess.run([EMACS, "--batch", "-q", "-l", str(f)], capture_output=True, text=True,
                          timeout=timeout, env=_env(tmp_path), stdin=subprocess.DEVNULL, cwd=tmp_path)


def _has_eglot() -> bool:
    if EMACS is None:
        return False
    p = subprocess.run([EMACS, "--batch", "-q", "--eval",
                        "(progn (package-initialize) (princ (if (locate-library \"eglot\") \"yes\" \"no\")))"],
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    return p.stdout.strip().endswith("yes")


@pytest.mark.skipif(EMACS is None, reason="emacs is not installed (apt-get install emacs-nox)")
def test_emacs_eglot(broken, tmp_path, capsys):
    _need_server()
    if not _has_eglot():
        pytest.skip("eglot is not available (Emacs 29 has it; Debian 12: apt-get install elpa-eglot)")
    expected = _cli_problems(broken, capsys)
    out = tmp_path / "diags.txt"
    recipe = _block("elisp", "eglot-server-programs")
    proc = _emacs(tmp_path, f"""
(package-initialize)
{recipe}
(find-file {json.dumps(str(broken))})
(unless (eq major-mode 'postfix-main-cf-mode) (error "mode: %s" major-mode))
(eglot-ensure)
(run-hooks 'post-command-hook)  ; eglot-ensure connects after the command that asked for it
(with-timeout (60 (error "no diagnostics"))
  (while (< (length (flymake-diagnostics)) {len(expected)})
    (accept-process-output nil 0.1)))
(let ((diags (flymake-diagnostics)))
 (with-temp-file {json.dumps(str(out))}
  (dolist (d diags)
    (let ((beg (flymake-diagnostic-beg d)))
      (insert (format "%d|%d|%s\\n"
                      (with-current-buffer (flymake-diagnostic-buffer d) (line-number-at-pos beg))
                      (with-current-buffer (flymake-diagnostic-buffer d)
                        (save-excursion (goto-char beg) (- (point) (line-beginning-position))))
                      (flymake-diagnostic-type d)))))))
(kill-emacs 0)
""")
    assert out.exists(), proc.stdout + proc.stderr
    rows = sorted(out.read_text().splitlines())
    kind = {"error": "eglot-error", "warning": "eglot-warning", "info": "eglot-note"}
    # Emacs counts characters: the code-point column of the CLI, 0-based.
    assert rows == sorted(f"{l}|{c - 1}|{kind[s]}" for l, c, _code, s in expected)


@pytest.mark.skipif(EMACS is None, reason="emacs is not installed (apt-get install emacs-nox)")
def test_emacs_compile_recipe_types(broken, tmp_path, capsys):
    """Emacs's own compilation-mode parses real output with the recipe: the type of each line."""
    main([str(broken), "--isolated", "--format", "concise", "--exit-zero"])
    concise = capsys.readouterr().out
    expected = _cli_problems(broken, capsys)
    log = tmp_path / "compile.log"
    log.write_text("-*- mode: compilation -*-\n" + concise)
    out = tmp_path / "types.txt"
    recipe = _block("elisp", "compilation-error-regexp-alist-alist")
    proc = _emacs(tmp_path, f"""
(require 'compile)
{recipe}
(setq compilation-error-regexp-alist '(postfix-lint))  ; only the recipe's pattern
(with-current-buffer (find-file-noselect {json.dumps(str(log))})
  (compilation-mode)
  (compilation--ensure-parse (point-max))
  (goto-char (point-min))
  (let (rows)
    (while (not (eobp))
      (let ((msg (get-text-property (line-beginning-position) 'compilation-message)))
        (when msg
          (let ((loc (compilation--message->loc msg)))
            (push (format "%d|%d|%d" (cadr loc) (car loc) (compilation--message->type msg)) rows))))
      (forward-line 1))
    (with-temp-file {json.dumps(str(out))} (insert (mapconcat #'identity (nreverse rows) "\\n")))))
(kill-emacs 0)
""")
    assert out.exists(), proc.stdout + proc.stderr
    # compilation-mode's types: 2 error, 1 warning, 0 info
    want = [f"{l}|{c}|{ {'error': 2, 'warning': 1, 'info': 0}[s] }" for l, c, _code, s in expected]
    assert out.read_text().splitlines() == want
    assert {"error", "warning", "info"} <= {s for *_, s in expected}


@pytest.mark.skipif(EMACS is None, reason="emacs is not installed (apt-get install emacs-nox)")
def test_emacs_flymake_recipe_runs(broken, tmp_path):
    """The Flymake back end, saved as its own file as the docs say, reports the problems."""
    recipe = tmp_path / "postfix-lint-flymake.el"
    recipe.write_text(_block("elisp", "flymake-diagnostic-functions"))
    assert recipe.read_text().startswith(";;;") and "lexical-binding: t" in recipe.read_text().splitlines()[0]
    out = tmp_path / "flymake.txt"
    proc = _emacs(tmp_path, f"""
(require 'flymake)
(load {json.dumps(str(recipe))})
(find-file {json.dumps(str(broken))})
(flymake-start)
(with-timeout (60 (error "no diagnostics"))
  (while (null (flymake-diagnostics))
    (accept-process-output nil 0.2)))
(let ((diags (flymake-diagnostics)))
  (with-temp-file {json.dumps(str(out))}
    (dolist (d diags)
      (insert (format "%s\\n" (flymake-diagnostic-type d))))))
(kill-emacs 0)
""")
    assert out.exists(), proc.stdout + proc.stderr
    types = out.read_text().split()
    assert {":error", ":warning", ":note"} <= set(types), types
