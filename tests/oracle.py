"""Ask a real Postfix (the installed one, or an unpacked release) what it makes of a main.cf.

The project's differential tests use this to compare the linter with the real
thing.  Four questions:

- :func:`daemon_verdict`: does daemon D start with this main.cf?  Runs
  ``/usr/lib/postfix/sbin/D -S -V`` once on a throw-away config + queue
  directory.  ``-S`` takes the (dummy) request on stdin, so no master,
  sockets or locks are involved; ``-V`` copies the log to stderr.  A daemon
  evaluates ``mail_params_init()`` and its own parameter tables before it
  serves the request, so a bad value ends in ``fatal:`` and exit status 1.
- :func:`time_seconds` / :func:`typed_value`: the seconds (number, boolean)
  Postfix computes for a time (int, long, bool) parameter,
  through ctypes on ``libpostfix-global.so`` (``mail_conf_read()``, then the
  program's tables up to the parameter in the program's own order, then
  ``get_mail_conf_time()``; bounds off), so ``$refs`` resolve as in the daemon.
- :func:`read_messages`: the main.cf parsing messages (``overriding earlier
  entry``, ``missing '='`` ...).  A daemon logs these before ``-V`` takes
  effect, i.e. to syslog only, so they are recovered with the same library
  code (``mail_conf_suck()``) with logging to stderr.
- :func:`postconf_n`: ``postconf -c DIR -n`` (values and warnings).

Which Postfix: every function takes ``install=`` (an :class:`Install`);
the default is the system's Postfix (/usr/sbin/postconf, /usr/lib/postfix).
``tests/releases.py`` makes Installs for the releases that
``scripts/fetch_postfix.py`` unpacked; such a tree runs with the host's
dynamic loader and ``LD_LIBRARY_PATH``, or, when it needs a newer glibc,
through its own ``ld-linux`` (``Install.loader``).

Speed: one daemon run costs a few milliseconds.  The ctypes calls go to a
long-lived helper process per calling thread that forks once per request
(``msg_fatal()`` exits the process, so every request needs a fresh one);
callers may use a thread pool.

Harness details that matter:

- main.cf is written verbatim; settings the harness needs are given as
  ``-o`` options (``queue_directory``, ``data_directory``, and
  ``virtual_mailbox_base`` for virtual) and a few neutral defaults are
  *appended* when the text does not set them (see ``HARNESS_DEFAULTS``), so
  the caller's line numbers are unchanged;
- main.cf is back-dated: ``dict_load_file_xt()`` re-reads a file modified in
  the last second, repeating every parse warning;
- after the tables some daemons block on an internal service that does not
  exist here (smtpd opens ``proxy:`` maps through proxymap in its pre-jail
  init; it would retry for minutes).  ``warning: connect #N to subsystem``
  is taken as "initialised, now waiting": the daemon is stopped and the
  configuration counts as accepted, as is a timeout without a fatal error;
- messages caused by the dummy request itself are dropped (``ARTIFACTS``).
"""

from __future__ import annotations

import atexit
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # time_seconds() needs postfix_lint.postfix.params
    sys.path.insert(0, str(ROOT))

LIBDIR = Path("/usr/lib/postfix")
SBIN = LIBDIR / "sbin"
POSTCONF = shutil.which("postconf") or "/usr/sbin/postconf"
QUEUE_SUBDIRS = ("active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming",
                 "maildrop", "pid", "private", "public", "saved", "trace")
#: Trigger servers read one byte from the request stream; "X" is ignored by qmgr/pickup.
TRIGGER_DAEMONS = frozenset({"qmgr", "oqmgr", "nqmgr", "pickup"})
#: Appended to main.cf when the text does not set them (as pf_accepts.sh does):
#: no IPv6 probing, no compatibility-level warnings, a valid host name.
HARNESS_DEFAULTS = (
    ("compatibility_level", "3.6"),
    ("inet_interfaces", "loopback-only"),
    ("inet_protocols", "ipv4"),
    ("myhostname", "test.invalid"),
    ("mydestination", ""),
)
#: "initialised, now blocked on an internal service": stop waiting.
EARLY_STOP = re.compile(rb"warning: connect #\d+ to subsystem ")
#: msg_fatal()/msg_panic() log first, then sleep a second before exiting:
#: a complete fatal/panic line is the verdict, no need to wait.
FATAL_LINE = re.compile(rb"(?:^|\n)[^\n]*: (?:fatal|panic): [^\n]*\n")
#: Messages caused by the harness (dummy request, missing services), not by main.cf.
ARTIFACTS = re.compile(
    r"^(panic: vstream_fflush_some: read-only stream"
    r"|fatal: read: "
    r"|warning: (malformed request|premature end-of-input|read: |getpeername: "
    r"|cannot examine read buffer|connect #\d+ to subsystem |end-of-input while reading request)"
    r"|fatal: missing user= attribute"  # spawn without its master.cf arguments
    r"|warning: dict_nis_init: NIS domain name not set)"  # local(8) on a host without NIS
)
#: Stand-alone mode (-S) is not available: postlogd is a datagram server.
UNSUPPORTED = frozenset({"postlogd", "master"})
_MSG = re.compile(r"^[^:\s]*: ((?:fatal|panic|warning|error): .*)$")
_NAME_AT_START = re.compile(r"^([^ \t\v\f\r=#][^ \t\v\f\r=]*)[ \t\v\f\r]*=", re.M)


@dataclass(frozen=True)
class Install:
    """Where one Postfix release's programs and libraries are, and how to start them.

    ``root`` is the prefix of ``usr/sbin/postconf`` and ``usr/lib/postfix``
    (``/`` for the system's Postfix).  ``loader``: the tree's own
    ``ld-linux-*.so`` when its programs need a newer glibc than the host's
    (they are then started as ``loader --library-path P program``); otherwise
    None, and ``library_path`` goes into ``LD_LIBRARY_PATH`` (it wins over the
    binaries' RUNPATH ``/usr/lib/postfix``).
    """

    root: Path = Path("/")
    loader: Optional[str] = None
    library_path: Tuple[str, ...] = ()
    label: str = "system"

    @property
    def libdir(self) -> Path:
        return self.root / "usr" / "lib" / "postfix"

    @property
    def sbin(self) -> Path:
        return self.libdir / "sbin"

    @property
    def postconf_path(self) -> str:
        if self.root == Path("/"):
            return POSTCONF
        return str(self.root / "usr" / "sbin" / "postconf")

    def argv(self, program: str) -> List[str]:
        """argv prefix that runs ``program`` (an absolute path) with this release's libraries."""
        if self.loader:
            return [self.loader, "--library-path", ":".join(self.library_path), program]
        return [program]

    def env(self, base: Optional[Dict[str, str]] = None) -> Dict[str, str]:
        env = dict(os.environ if base is None else base)
        if self.library_path and not self.loader:
            env["LD_LIBRARY_PATH"] = ":".join(self.library_path)
        return env

    def available(self) -> bool:
        """The daemons, libraries and postconf are there."""
        return ((self.sbin / "qmgr").exists() and (self.libdir / "libpostfix-global.so").exists()
                and (self.libdir / "libpostfix-util.so").exists() and Path(self.postconf_path).exists())


#: Set to a version ("3.10.13") to make that unpacked tree of scripts/fetch_postfix.py the
#: "installed" Postfix of every system test (SYSTEM): simulates a host with that release, e.g. Debian 13.
SYSTEM_RELEASE_ENV = "POSTFIX_LINT_SYSTEM_RELEASE"


def _system_install() -> Install:
    """The host's Postfix, or the tree named by ``$POSTFIX_LINT_SYSTEM_RELEASE`` in
    ``$POSTFIX_LINT_ORACLES`` (default /var/cache/postfix-lint); a missing tree is an unavailable Install."""
    version = os.environ.get(SYSTEM_RELEASE_ENV, "").strip()
    if not version:
        return Install()
    base = Path(os.environ.get("POSTFIX_LINT_ORACLES") or "/var/cache/postfix-lint") / f"postfix-{version}"
    try:
        info = json.loads((base / "release.json").read_text())
        return Install(root=base / "root", loader=info.get("loader"),
                       library_path=tuple(info.get("library_path", ())), label=f"{info['suite']}:{version}")
    except (OSError, ValueError, KeyError, TypeError):
        return Install(root=base / "root", label=f"missing:{version}")


HOST = Install()
SYSTEM = _system_install()


def postfix_available(install: Optional[Install] = None) -> bool:
    """Postfix's daemons, libraries and postconf are installed here."""
    return (install or SYSTEM).available()


@dataclass
class Verdict:
    """What a daemon made of a main.cf.

    ``fatal`` keeps Postfix's severity word: ``fatal: parameter
    queue_run_delay: bad time value or unit: 15M``; ``warnings`` likewise
    (``warning: ...``), main.cf parsing warnings first.
    """

    accepted: bool
    fatal: Optional[str] = None
    warnings: List[str] = field(default_factory=list)
    #: how the run ended: 'exit N', 'timeout' or 'waiting for a service'
    ended: str = ""
    #: everything the daemon logged (stderr), for debugging
    log: str = ""


# -- throw-away instances ---------------------------------------------------

def _set_names(text: str) -> set:
    return set(_NAME_AT_START.findall(text))


def _backdate(path: Path) -> None:
    t = time.time() - 60
    os.utime(path, (t, t))


class _Instance:
    """A temporary config + queue directory; removed on exit from ``with``."""

    def __init__(self, main_cf_text: str, master_cf_text: str = "", defaults: bool = True,
                 queue: bool = True) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="pflint-oracle."))
        os.chmod(self.base, 0o755)  # daemons drop to mail_owner for some files
        self.conf = self.base / "conf"
        self.queue = self.base / "queue"
        self.data = self.base / "data"
        self.conf.mkdir()
        if queue:
            self.data.mkdir()
            for d in QUEUE_SUBDIRS:
                (self.queue / d).mkdir(parents=True)
            _chown_postfix(self.queue, self.data)
        text = main_cf_text
        if defaults:
            present = _set_names(text)
            extra = "".join(f"{k} = {v}\n".replace(" = \n", " =\n") for k, v in HARNESS_DEFAULTS
                            if k not in present)
            if extra:
                if text and not text.endswith("\n"):
                    text += "\n"
                text += extra
        main = self.conf / "main.cf"
        main.write_bytes(text.encode("utf-8", "surrogateescape"))
        master = self.conf / "master.cf"
        master.write_bytes(master_cf_text.encode("utf-8", "surrogateescape"))
        _backdate(main)
        _backdate(master)

    def __enter__(self) -> "_Instance":
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


_postfix_ids: Optional[Tuple[int, int]] = None


def _chown_postfix(*paths: Path) -> None:
    global _postfix_ids
    if os.geteuid() != 0:
        return
    if _postfix_ids is None:
        import pwd

        try:
            pw = pwd.getpwnam("postfix")
            _postfix_ids = (pw.pw_uid, pw.pw_gid)
        except KeyError:
            _postfix_ids = (-1, -1)
    if _postfix_ids[0] < 0:
        return
    for top in paths:
        for root, dirs, files in os.walk(top):
            os.chown(root, *_postfix_ids)


def _messages(text: str) -> List[str]:
    out = []
    for line in text.splitlines():
        m = _MSG.match(line)
        if m:
            out.append(m.group(1))
    return out


# -- daemons ------------------------------------------------------------------

def _run(argv: List[str], env: Dict[str, str], stdin: bytes, timeout: float) -> Tuple[str, str]:
    """Run a daemon; return (stderr text, how it ended)."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    try:
        if stdin:
            proc.stdin.write(stdin)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    fd = proc.stderr.fileno()
    buf = b""
    ended = ""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            ended = "timeout"
            break
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            ended = "timeout"
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buf += chunk
        if EARLY_STOP.search(buf):
            ended = "waiting for a service"
            break
        if FATAL_LINE.search(buf):
            ended = "fatal"  # stopped during msg_fatal()'s one-second sleep
            break
    if ended:
        proc.kill()
    rc = proc.wait()
    proc.stderr.close()
    return buf.replace(b"\0", b"").decode("utf-8", "surrogateescape"), ended or f"exit {rc}"


def daemon_verdict(main_cf_text: str, daemon: str, timeout: float = 8,
                   install: Optional[Install] = None, args: Tuple[str, ...] = ()) -> Verdict:
    """Start ``daemon`` once on ``main_cf_text``; did it accept the configuration?

    ``args``: more command arguments, e.g. ``("-o", "queue_run_delay=15M")``
    as a master.cf service passes them.
    """
    install = install or SYSTEM
    if daemon in UNSUPPORTED or not (install.sbin / daemon).exists():
        raise ValueError(f"{daemon} cannot be run stand-alone by this harness")
    with _Instance(main_cf_text) as inst:
        argv = install.argv(str(install.sbin / daemon)) + [
            "-S", "-V", "-o", f"queue_directory={inst.queue}", "-o", f"data_directory={inst.data}"]
        if daemon == "virtual":
            argv += ["-o", f"virtual_mailbox_base={inst.base}"]
        argv += list(args)
        env = install.env()
        env["MAIL_CONFIG"] = str(inst.conf)
        env.pop("MAIL_VERBOSE", None)
        env.pop("MAIL_DEBUG", None)
        stdin = b"X" if daemon in TRIGGER_DAEMONS else b""
        parse = _worker(install).request({"op": "read", "conf": str(inst.conf)})
        parse_msgs = _messages(parse.get("err", ""))
        if parse.get("rc") != 0:
            # The daemon runs the same mail_conf_suck() first and dies the
            # same way, but logs only to syslog (and sleeps a second).
            fatal = next((m for m in parse_msgs if m.startswith(("fatal:", "panic:"))),
                         f"main.cf parsing failed: {parse.get('err', '').strip()}")
            return Verdict(False, fatal, [m for m in parse_msgs if m.startswith("warning:")],
                           "main.cf parsing failed", parse.get("err", ""))
        log, ended = _run(argv, env, stdin, timeout)
    every = _messages(log)
    msgs = [m for m in every if not ARTIFACTS.match(m)]
    fatal = next((m for m in msgs if m.startswith(("fatal:", "panic:"))), None)
    harness_death = any(m.startswith(("fatal:", "panic:")) for m in every if ARTIFACTS.match(m))
    if fatal is None and ended not in ("exit 0", "timeout", "waiting for a service") and not harness_death:
        fatal = f"{ended}: {log.strip()}"
    warnings = [m for m in parse_msgs if m.startswith("warning:")]
    warnings += [m for m in msgs if m.startswith("warning:")]
    return Verdict(fatal is None, fatal, warnings, ended, log)


def daemon_trace(main_cf_text: str, daemon: str, timeout: float = 8,
                 install: Optional[Install] = None) -> List[str]:
    """Parameter names in the order ``daemon`` first looks them up (``-v -v`` log)."""
    install = install or SYSTEM
    with _Instance(main_cf_text) as inst:
        argv = install.argv(str(install.sbin / daemon)) + [
            "-S", "-V", "-v", "-v", "-o", f"queue_directory={inst.queue}", "-o", f"data_directory={inst.data}"]
        if daemon == "virtual":
            argv += ["-o", f"virtual_mailbox_base={inst.base}"]
        env = install.env()
        env["MAIL_CONFIG"] = str(inst.conf)
        log, _ = _run(argv, env, b"X" if daemon in TRIGGER_DAEMONS else b"", timeout)
    seen: Dict[str, None] = {}
    for m in re.finditer(r"dict_lookup: (\S+) = ", log):
        seen.setdefault(m.group(1), None)
    return list(seen)


# -- ctypes helper --------------------------------------------------------------

_WORKER_SRC = r'''
import ctypes, json, os, re, sys
FATAL = re.compile(rb"(?:^|\n)[^\n]*: (?:fatal|panic): [^\n]*\n")
LIBDIR = sys.argv[2]
util = ctypes.CDLL(LIBDIR + "/libpostfix-util.so", mode=ctypes.RTLD_GLOBAL)
glob = ctypes.CDLL(LIBDIR + "/libpostfix-global.so", mode=ctypes.RTLD_GLOBAL)
# msg_vstream_init(name, VSTREAM_ERR): VSTREAM_ERR is &vstream_fstd[2]; the
# array holds 3 VSTREAMs, so its symbol size / 3 is sizeof(VSTREAM).
fstd = ctypes.c_char.in_dll(util, "vstream_fstd")
size = int(sys.argv[1])
util.msg_vstream_init.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
util.msg_vstream_init(b"pflint", ctypes.addressof(fstd) + 2 * (size // 3))
S, L, I = ctypes.c_char_p, ctypes.c_long, ctypes.c_int
F = {}
for fn, args, res in (("get_mail_conf_int", [S, I, I, I], I), ("get_mail_conf_long", [S, L, L, L], L),
                      ("get_mail_conf_nint", [S, S, I, I], I), ("get_mail_conf_bool", [S, I], I),
                      ("get_mail_conf_nbool", [S, S], I), ("get_mail_conf_str", [S, S, I, I], ctypes.c_void_p),
                      ("get_mail_conf_raw", [S, S, I, I], ctypes.c_void_p),
                      ("get_mail_conf_time", [S, S, I, I], I)):
    f = getattr(glob, fn); f.argtypes = args; f.restype = res; F[fn] = f

def step(kind, name, default):
    n = name.encode("utf-8", "surrogateescape"); d = default.encode("utf-8", "surrogateescape")
    if kind == "int": return F["get_mail_conf_int"](n, int(default), 0, 0)
    if kind == "long": return F["get_mail_conf_long"](n, int(default), 0, 0)
    if kind == "nint": return F["get_mail_conf_nint"](n, d, 0, 0)
    if kind == "bool": return F["get_mail_conf_bool"](n, 1 if default.lower() == "yes" else 0)
    if kind == "nbool": return F["get_mail_conf_nbool"](n, d)
    if kind in ("str", "str_fn"): return F["get_mail_conf_str"](n, d, 0, 0)
    if kind == "raw": return F["get_mail_conf_raw"](n, d, 0, 0)
    if kind == "time": return F["get_mail_conf_time"](n, d, 0, 0)

def child(req, wout):
    os.environ["MAIL_CONFIG"] = req["conf"]
    if req["op"] == "read":
        glob.mail_conf_suck()
        os._exit(0)
    glob.mail_conf_read()
    for kind, name, default in req.get("steps", ()):
        step(kind, name, default)
    result = step(req.get("kind", "time"), req["param"], req["default"])
    os.write(wout, str(result).encode())
    os._exit(0)

for line in sys.stdin:
    req = json.loads(line)
    rout, wout = os.pipe(); rerr, werr = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rout); os.close(rerr)
        os.dup2(werr, 2)
        devnull = os.open(os.devnull, os.O_RDONLY); os.dup2(devnull, 0)
        try:
            child(req, wout)
        finally:
            os._exit(3)
    os.close(wout); os.close(werr)
    err = b""
    killed = False
    while True:
        chunk = os.read(rerr, 65536)
        if not chunk: break
        err += chunk
        if FATAL.search(err):  # msg_fatal() sleeps 1 s before exit(1): don't wait
            os.kill(pid, 9)
            killed = True
    out = b""
    while True:
        chunk = os.read(rout, 65536)
        if not chunk: break
        out += chunk
    os.close(rout); os.close(rerr)
    _, status = os.waitpid(pid, 0)
    rc = 1 if killed else (os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
    sys.stdout.write(json.dumps({"rc": rc, "out": out.decode("utf-8", "surrogateescape"),
                                 "err": err.replace(b"\0", b"").decode("utf-8", "surrogateescape")}) + "\n")
    sys.stdout.flush()
'''


def _elf_symbol_size(path: Path, symbol: bytes) -> Optional[int]:
    """st_size of ``symbol`` in the .dynsym of a little-endian ELF64 shared object, None if absent."""
    import struct

    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, sh_type, _f, _a, offset, size, link, _i, _al, entsize in sections:
        if sh_type != 11 or not entsize:  # SHT_DYNSYM
            continue
        stroff = sections[link][4]
        for k in range(size // entsize):
            st_name, _info, _other, _shndx, _value, st_size = struct.unpack_from("<IBBHQQ", data, offset + k * entsize)
            end = data.index(b"\0", stroff + st_name)
            if data[stroff + st_name:end] == symbol:
                return st_size
    return None


def _fstd_size(libdir: Path = LIBDIR) -> int:
    """sizeof(vstream_fstd) from the dynamic symbol table (0x3F0 on Debian 3.7.11 amd64, 0x3D8 on 3.5.25).

    Read from the ELF file itself (no binutils needed); ``nm -DS`` for other formats.
    """
    lib = libdir / "libpostfix-util.so"
    try:
        size = _elf_symbol_size(lib, b"vstream_fstd")
        if size:
            return size
    except (OSError, ValueError, IndexError):
        pass
    try:
        out = subprocess.run(["nm", "-DS", str(lib)], capture_output=True, text=True, timeout=10).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[3] == "vstream_fstd":
                return int(parts[1], 16)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    raise RuntimeError(f"cannot find sizeof(vstream_fstd) in {lib}")


class _Worker:
    """The ctypes helper process for one Install.

    For a tree with its own loader, the host's Python runs under that loader
    and glibc (newer than the host's, so backwards compatible for Python).
    """

    _sizes: Dict[Path, int] = {}

    def __init__(self, install: Install) -> None:
        size = _Worker._sizes.get(install.libdir)
        if size is None:
            size = _Worker._sizes[install.libdir] = _fstd_size(install.libdir)
        python = os.path.realpath(sys.executable)
        argv = install.argv(python) + ["-E", "-S", "-c", _WORKER_SRC, str(size), str(install.libdir)]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     encoding="utf-8", errors="surrogateescape", env=install.env())
        _workers.append(self)

    def request(self, req: dict) -> dict:
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("oracle ctypes helper died")
        return json.loads(line)

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.SubprocessError):
            self.proc.kill()


_local = threading.local()
_workers: List[_Worker] = []


def _worker(install: Optional[Install] = None) -> _Worker:
    install = install or SYSTEM
    workers = getattr(_local, "workers", None)
    if workers is None:
        workers = _local.workers = {}
    w = workers.get(install)
    if w is None or w.proc.poll() is not None:
        w = workers[install] = _Worker(install)
    return w


@atexit.register
def _stop_workers() -> None:
    for w in _workers:
        w.close()


def read_messages(main_cf_text: str, install: Optional[Install] = None) -> Tuple[bool, List[str]]:
    """(parsed, messages) of main.cf parsing alone (``mail_conf_suck()``).

    ``parsed`` is False on a fatal error such as ``missing '=' after
    attribute name``; messages keep their severity word.
    """
    with _Instance(main_cf_text, defaults=False, queue=False) as inst:
        res = _worker(install).request({"op": "read", "conf": str(inst.conf)})
    return res["rc"] == 0, _messages(res["err"])


def typed_value(main_cf_text: str, param: str, program: str = "qmgr", install: Optional[Install] = None,
                defaults: Optional[Dict[str, str]] = None):
    """The value Postfix's own code computes for ``param`` as ``program`` reads it.

    time: seconds; int/nint/long: the number; bool/nbool: True/False.
    None when Postfix rejects the value, or when the program would die
    earlier (main.cf syntax, a global parameter, or an earlier parameter of
    its tables that does not convert).  Range checks are off for the
    program's own tables (only conversion is judged); global parameters keep
    mail_params_init()'s bounds.  ``main_cf_text`` is used verbatim.
    The parameter's type, default and the program's read order come from
    postfix_lint.params (the 3.7 model) also for another ``install``:
    conversion code is identical in 3.5 - 3.12.  ``defaults`` ({name: raw
    default}, that release's ``postconf -d``) replaces the model's defaults,
    and the program's earlier parameters that the release does not have are
    skipped: a 3.6+ default such as ``${{$compatibility_level} <level {3.6}
    ...}`` would be a macro error in 3.5's library.
    """
    from postfix_lint.postfix import params

    p = params.get(param) or params.per_transport(param)
    if p is None:
        raise ValueError(f"unknown parameter {param}")
    kind = p.type
    if kind not in ("time", "int", "nint", "long", "bool", "nbool"):
        raise ValueError(f"{param} is a {kind} parameter")
    default = p.default if defaults is None else defaults.get(param, p.default)
    if kind == "int" and not _is_number(default):
        kind = "nint"  # same conversion; takes the default as a string
    if kind in ("bool", "nbool") and default not in ("yes", "no"):
        kind = "nbool"
    order = params.read_order(program)
    globals_ = set(params.global_order())
    steps = []
    for name in order:
        if name == param:
            break
        if name in globals_:
            continue
        q = params.get(name)
        if q is None:
            continue
        q_default = q.default
        if defaults is not None:
            if name not in defaults:
                continue
            q_default = defaults[name]
        if q.type in ("int", "long") and not _is_number(q_default):
            continue
        steps.append((q.type, name, q_default))
    with _Instance(main_cf_text, defaults=False, queue=False) as inst:
        res = _worker(install).request({"op": "eval", "conf": str(inst.conf), "steps": steps,
                                 "param": param, "kind": kind, "default": default})
    if res["rc"] != 0:
        return None
    value = int(res["out"])
    return bool(value) if kind in ("bool", "nbool") else value


def time_seconds(main_cf_text: str, param: str, program: str = "qmgr",
                 install: Optional[Install] = None) -> Optional[int]:
    """Seconds Postfix's own code computes for time parameter ``param`` in ``program``.

    See :func:`typed_value` (None: rejected, or the program dies earlier).
    """
    from postfix_lint.postfix import params

    p = params.get(param) or params.per_transport(param)
    if p is None or p.type != "time":
        raise ValueError(f"{param} is not a known time parameter")
    return typed_value(main_cf_text, param, program, install)


def _is_number(text: str) -> bool:
    return text.lstrip("-").isdigit()


# -- postconf -------------------------------------------------------------------

def default_master_cf(install: Optional[Install] = None) -> str:
    """Debian's default master.cf (the services behind the built-in service-derived names)."""
    install = install or SYSTEM
    paths = [install.root / "usr/share/postfix/master.cf.dist"]
    if install.root == Path("/"):
        paths.append(Path("/etc/postfix/master.cf"))
    for path in paths:
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="surrogateescape")
    return ""


def postconf_run(main_cf_text: str, master_cf_text: Optional[str] = None, args: Sequence[str] = ("-n",),
                 install: Optional[Install] = None) -> Tuple[str, str, int]:
    """``postconf -c DIR ARGS...`` on a throw-away config directory: (stdout, stderr, exit status).

    ``master_cf_text`` None means the release's own default master.cf
    (Debian's ``master.cf.dist``).  Both files are written verbatim; the
    temporary directory is written as ``DIR`` in stdout and stderr.
    """
    install = install or SYSTEM
    if master_cf_text is None:
        master_cf_text = default_master_cf(install)
    with _Instance(main_cf_text, master_cf_text, defaults=False, queue=False) as inst:
        env = {k: v for k, v in install.env().items() if k != "MAIL_CONFIG"}
        proc = subprocess.run(install.argv(install.postconf_path) + ["-c", str(inst.conf), *args],
                              capture_output=True, env=env, timeout=30, stdin=subprocess.DEVNULL)
        conf_dir = str(inst.conf)
    out = proc.stdout.decode("utf-8", "surrogateescape").replace(conf_dir, "DIR")
    err = proc.stderr.decode("utf-8", "surrogateescape").replace(conf_dir, "DIR")
    return out, err, proc.returncode


def postconf_n(main_cf_text: str, master_cf_text: Optional[str] = None,
               install: Optional[Install] = None) -> Tuple[Dict[str, str], List[str]]:
    """``postconf -c DIR -n``: ({name: raw value}, [messages]).

    ``master_cf_text`` None means Debian's default master.cf.  Messages keep
    their severity word (``warning: .../main.cf: unused parameter: x=y``,
    ``fatal: ...``); on a fatal error the dict holds what was printed before.
    main.cf is used verbatim (no harness defaults).  The temporary directory
    is written as ``DIR`` in messages, and the ``config_directory = DIR``
    line that ``-c`` causes is left out.
    """
    out, err, _ = postconf_run(main_cf_text, master_cf_text, ("-n",), install)
    values: Dict[str, str] = {}
    for line in out.splitlines():
        if " = " in line:
            name, _, value = line.partition(" = ")
        elif line.endswith(" ="):
            name, value = line[:-2], ""
        else:
            continue
        values[name] = value
    if values.get("config_directory") == "DIR":
        del values["config_directory"]  # printed because of -c DIR
    return values, _messages(err)
