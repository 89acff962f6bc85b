"""Run the installed smtpd for one SMTP session (builds on tests/oracle.py's throw-away instances).

``oracle.daemon_verdict()`` judges start-up: run as root, ``smtpd -S`` is in
stand-alone mode (``SMTPD_STAND_ALONE``: the client is the local user, as with
``sendmail -bs``) and skips every restriction and milter.  Run as the
``postfix`` user (``mail_owner``) with a socket pair as stdin/stdout, smtpd
treats the stream as an ordinary client from localhost[127.0.0.1]: client
restrictions (with ``smtpd_delay_reject = no``) and milters run at CONNECT,
without the other Postfix services (no trivial-rewrite is needed before RCPT).

:func:`smtpd_session` returns the server's replies and the messages it logged.
Needs root (to switch to the postfix user) and ``setpriv`` (util-linux).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from typing import List

import oracle

#: smtpd opens proxy:unix:passwd.byname (local_recipient_maps) through proxymap,
#: which does not run here; without it smtpd would wait for minutes.
SMTPD_BASE = "local_recipient_maps =\n"


def session_available() -> bool:
    """Postfix is installed, we are root and can become the postfix user."""
    if not oracle.postfix_available() or os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    try:
        import pwd

        pwd.getpwnam("postfix")
    except KeyError:
        return False
    return True


@dataclass
class Session:
    """An SMTP session: ``replies`` (server lines), ``messages`` (logged, with severity word)."""

    replies: List[str] = field(default_factory=list)
    messages: List[str] = field(default_factory=list)
    log: str = ""


def smtpd_session(main_cf_text: str, commands=("EHLO client.example", "QUIT"), timeout: float = 6) -> Session:
    """One session with smtpd on ``SMTPD_BASE + main_cf_text``: read the greeting, send ``commands``."""
    with oracle._Instance(SMTPD_BASE + main_cf_text) as inst:
        os.chmod(inst.conf, 0o755)
        argv = ["setpriv", "--reuid=postfix", "--regid=postfix", "--init-groups",
                str(oracle.SBIN / "smtpd"), "-S", "-V",
                "-o", f"queue_directory={inst.queue}", "-o", f"data_directory={inst.data}"]
        env = dict(os.environ, MAIL_CONFIG=str(inst.conf))
        env.pop("MAIL_VERBOSE", None)
        env.pop("MAIL_DEBUG", None)
        ours, theirs = socket.socketpair()
        proc = subprocess.Popen(argv, stdin=theirs, stdout=theirs, stderr=subprocess.PIPE, env=env)
        theirs.close()
        ours.settimeout(timeout)
        out = b""
        deadline = time.monotonic() + timeout
        try:
            out += ours.recv(65536)  # greeting (or the reply that replaces it)
            for command in commands:
                ours.sendall(command.encode() + b"\r\n")
                time.sleep(0.05)
            ours.shutdown(socket.SHUT_WR)
            while time.monotonic() < deadline:
                chunk = ours.recv(65536)
                if not chunk:
                    break
                out += chunk
        except OSError:
            pass
        finally:
            ours.close()
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        err = proc.stderr.read().decode("utf-8", "surrogateescape")
        proc.stderr.close()
    return Session(out.decode("utf-8", "replace").splitlines(), oracle._messages(err), err)
