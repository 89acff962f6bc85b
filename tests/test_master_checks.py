"""linter/postfix/master_checks.py: master.cf checks, with the verdicts of master(8) 3.7.11.

The duplicate cases were run through master(8) with tests/data/master_oracle.sh
(``warning: duplicate master.cf entry ...`` or silence); the live test repeats
that when POSTFIX_LINT_MASTER_ORACLE=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from postfix_lint.postfix import master_checks as mk
from postfix_lint.problem import Severity
from postfix_lint.read import master_cf as mc

ROOT = Path(__file__).resolve().parents[1]

#: master.cf text -> master(8)'s duplicate warnings (recorded from master(8) 3.7.11).
DUPLICATES = {
    b"x unix - - n - - error\nx unix - - n - - error\n":
        ['duplicate master.cf entry for service "x" (private/x) -- using the last entry'],
    b"x unix - - n - - error\nx fifo - - n - - error\n": [],
    b"x unix - - n - - error\nx unix n - n - - error\n": [],
    b"x unix - - n - - error\nx unix-dgram - - n - - error\nx pass - - n - - error\nx pass - - n - - error\n":
        ['duplicate master.cf entry for service "x" (private/x) -- using the last entry'],
    b"smtp inet n - n - - error\n25 inet n - n - - error\n":
        ['duplicate master.cf entry for service "smtp" (25) -- using the last entry'],
    b"smtp inet n - n - - error\n127.0.0.1:smtp inet n - n - - error\nsmtp inet n - n - - error\n":
        ['duplicate master.cf entry for service "smtp" (25) -- using the last entry'],
}


def _dups(text: bytes):
    return [m.split(" (line ", 1)[0] for _, m, _ in mk.duplicate_services(mc.parse_bytes(text))]


def test_duplicates_as_master_sees_them():
    for text, expected in DUPLICATES.items():
        assert _dups(text) == expected, text
    (span, message, severity), = mk.duplicate_services(mc.parse("a unix - - n - - x\nb unix - - n - - x\n"
                                                                 "a unix y - n - - x\n"))
    assert span == mc.Span(1, 1, 1, 2) and severity == Severity.WARNING and "(line 3)" in message


@pytest.mark.skipif(os.environ.get("POSTFIX_LINT_MASTER_ORACLE") != "1" or os.geteuid() != 0
                    or not shutil.which("unshare"),
                    reason="runs master(8) as root in private namespaces: set POSTFIX_LINT_MASTER_ORACLE=1")
def test_duplicates_against_live_master():
    for text, expected in DUPLICATES.items():
        r = subprocess.run([str(ROOT / "tests" / "data" / "master_oracle.sh")], input=text,
                           capture_output=True, timeout=60)
        lines = r.stdout.decode().splitlines()
        assert [line[len("warning: "):] for line in lines if "duplicate master.cf entry" in line] == expected


def test_field_syntax_one_error_per_entry_quoting_both_programs():
    doc = mc.parse(" orphan\n"                            # discarded
                   "smtp inet n - y 5x - smtpd\n"        # postconf only
                   "x inet - - n - - error\n"            # master(8) only
                   "y unix - - n 5 yy error\n"           # both
                   "z unix - - n - - error -o { a b = c }\n", "DIR/master.cf")
    checks = mk.field_syntax(doc)
    assert [(c[0].line, c[2]) for c in checks] == [
        (1, Severity.WARNING), (2, Severity.ERROR), (3, Severity.ERROR), (4, Severity.ERROR), (5, Severity.WARNING),
        (5, Severity.ERROR)]
    assert 'must not start with whitespace: " orphan"' in checks[0][1] and checks[0][0] == mc.Span(1, 1, 1, 8)
    assert "master(8) itself accepts" in checks[1][1] and 'invalid wakeup field "5x"' in checks[1][1]
    assert "inet service cannot be private" in checks[2][1] and "postconf -M does not check" in checks[2][1]
    assert 'field "max_proc": bad value: "yy"' in checks[3][1] and 'invalid process_limit field "yy"' in checks[3][1]
    assert checks[3][0] == mc.Span(4, 16, 4, 18)
    assert "missing '=' after attribute name" in checks[4][1] and checks[4][1].startswith("postconf warns")
    assert checks[5][1] == ("the error program of service z/unix exits at start:"
                            " \"invalid \"-o a b = c\" option value: missing '=' after attribute name\"")


def test_field_syntax_is_silent_on_the_debian_default():
    path = Path("/usr/share/postfix/master.cf.dist")
    if not path.is_file():
        pytest.skip("Debian's master.cf.dist is absent")
    doc = mc.parse(path.read_text())
    assert mk.field_syntax(doc) == [] and mk.duplicate_services(doc) == [] and mk.missing_services(doc) == []
    assert mk.chroot_default(doc, "3.6") == []
    assert len(mk.chroot_default(doc, "0")) == sum(s.chroot == "-" for s in doc.services)


def test_missing_services():
    doc = mc.parse("smtp inet n - y - - smtpd\npickup unix n - y 60 1 pickup\n")
    names = [m.split('"')[1] for _, m, _ in mk.missing_services(doc)]
    assert "pickup" not in names and {"cleanup", "qmgr", "rewrite", "bounce"} <= set(names)
    moved = mk.missing_services(mc.parse("clean2 unix n - y - 0 cleanup\n"), {"cleanup_service_name": "clean2"})
    assert not any('"clean2"' in m for _, m, _ in moved)
