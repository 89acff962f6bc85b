""".ci/run, run for real with stand-in commands: what it installs and which test command it runs.

The script runs in a copy of the repository with a ``PATH`` of stubs
(``apt-get``, ``debconf-set-selections``, ``postconf``, ``python3``, and the
virtualenv's ``pip`` and ``python`` that ``python3 -m venv`` creates), each
of which logs its arguments.  Checked: Postfix is installed
non-interactively exactly when it is missing, and the commands run at the
end are the README's "Run the tests" command.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import textwrap

import pytest

from conftest import ROOT

LOGGER = textwrap.dedent("""\
    #!/bin/sh
    printf '%s' "$(basename "$0")" >> "$CI_LOG"
    for a in "$@"; do printf ' %s' "$a" >> "$CI_LOG"; done
    printf '\\n' >> "$CI_LOG"
    """)
# apt-get runs non-interactively and "installs" postconf; debconf-set-selections logs what it reads
APT_GET = LOGGER + textwrap.dedent("""\
    echo "  DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "$CI_LOG"
    if [ "$1" = install ]; then cp "$(dirname "$0")/.logger" "$(dirname "$0")/postconf"; fi
    """)
DEBCONF = LOGGER + 'sed "s/^/  /" >> "$CI_LOG"\n'
# python3 -m venv .venv: log, then create the virtualenv's pip and python (logging stubs too)
PYTHON3 = LOGGER + textwrap.dedent("""\
    if [ "$1 $2" = "-m venv" ]; then
        mkdir -p "$3/bin"
        cp "$0" "$3/bin/pip"; cp "$0" "$3/bin/python"
    fi
    """)


def readme_test_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("**Run the tests**", 1)[1]
    m = re.search(r"```sh\n(.+?)\n```", section, re.S)
    assert m, "README: no sh block after **Run the tests**"
    return next(line for line in m.group(1).splitlines() if line.strip() and not line.startswith("#"))


def run_ci(tmp_path, with_postfix: bool):
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", repo / ".ci" / "run")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / ".logger").write_text(LOGGER)
    (stubs / "apt-get").write_text(APT_GET)
    (stubs / "debconf-set-selections").write_text(DEBCONF)
    if with_postfix:
        (stubs / "postconf").write_text(LOGGER)
    (stubs / "python3").write_text(PYTHON3)
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    for tool in ("sh", "bash", "basename", "dirname", "mkdir", "cp", "cat", "env", "sed"):
        found = shutil.which(tool)
        if found and not (stubs / tool).exists():
            (stubs / tool).symlink_to(found)
    log = tmp_path / "log"
    env = {"PATH": str(stubs), "CI_LOG": str(log), "HOME": str(tmp_path)}
    proc = subprocess.run(["bash", str(repo / ".ci" / "run")], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return log.read_text().splitlines()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("with_postfix", [False, True], ids=["installs-postfix", "postfix-present"])
def test_ci_script(tmp_path, with_postfix):
    if with_postfix and not os.path.exists("/usr/lib/postfix/sbin/qmgr"):
        pytest.skip("the script also looks for /usr/lib/postfix/sbin/qmgr, absent here")
    calls = run_ci(tmp_path, with_postfix)
    installs = [c for c in calls if not c.startswith(("python", "pip", "postconf"))]
    # the stubs' PATH has no nvim or emacs: the editors the LSP tests drive are installed too, and
    # eglot when that Emacs cannot load it (the stub "emacs" is absent, so the check fails)
    editors = ["apt-get update -qq", "  DEBIAN_FRONTEND=noninteractive",
               "apt-get install -y -qq neovim emacs-nox", "  DEBIAN_FRONTEND=noninteractive",
               "apt-get install -y -qq elpa-eglot", "  DEBIAN_FRONTEND=noninteractive"]
    if with_postfix:
        assert installs == editors
    else:
        assert installs == [
            "debconf-set-selections", "  postfix postfix/main_mailer_type select No configuration",
            "apt-get update -qq", "  DEBIAN_FRONTEND=noninteractive",
            "apt-get install -y -qq postfix", "  DEBIAN_FRONTEND=noninteractive",
        ] + editors
    assert "postconf -d mail_version" in calls  # the oracle's version is printed in the log
    # the README's command, split at '&&', is what runs last (python3 -> .venv/bin/pip -> .venv/bin/python)
    expected = []
    for part in readme_test_command().split("&&"):
        argv = shlex.split(part)
        expected.append(" ".join([os.path.basename(argv[0])] + argv[1:]))
    assert calls[-len(expected):] == expected


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_ci_fetches_the_postfix_releases(tmp_path):
    """The per-release oracles (tests/releases.py) are unpacked before the tests run."""
    calls = run_ci(tmp_path, with_postfix=False)
    assert "python3 scripts/fetch_postfix.py" in calls
    assert calls.index("python3 scripts/fetch_postfix.py") < calls.index("python3 -m venv .venv")
    assert (ROOT / "scripts" / "fetch_postfix.py").is_file()
