"""The real Postfix releases this machine can run, as oracles for the differential tests.

Two sources:

- the system's Postfix (``postconf -d -h mail_version``; Debian 12 has
  3.7.11, Debian 13 3.10.13), which ``.ci/run`` installs with apt;
- the trees ``scripts/fetch_postfix.py`` unpacked from Debian's packages into
  ``$POSTFIX_LINT_ORACLES`` (default ``/var/cache/postfix-lint``):
  ``postfix-<version>/root`` plus ``release.json``, which says how the tree
  runs (see tests/oracle.py, :class:`oracle.Install`).

Shapes::

    available() -> {"3.7.11": Release, "3.11.7": Release, ...}   # sorted by version
    r = available()["3.11.7"]
    r.version, r.suite, r.line          # "3.11.7", "sid", "3.11"
    r.postconf(main_cf_text, master_cf_text=None, args=("-n",)) -> (stdout, stderr, rc)
    r.postconf_n(main_cf_text, master_cf_text=None) -> ({name: value}, [messages])
    r.daemon_accepts(param, value, program=None) -> oracle.Verdict
    r.daemon_verdict(main_cf_text, program) -> oracle.Verdict
    r.typed_value(main_cf_text, param, program="qmgr") -> seconds / number / bool / None
    system_version() -> "3.7.11" or None        # the one place that detects the installed release
    linter_target("3.11.7") -> "3.11"            # the target-version postfix-lint is run with

Every run uses a throw-away config directory (``postconf -c DIR``;
daemons with ``MAIL_CONFIG``), exactly as tests/oracle.py does for the
system's Postfix; messages write that directory as ``DIR``.  A test that
needs a release which is not here skips with :func:`skip_reason`.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import oracle  # noqa: E402

sys.path.insert(0, str(HERE.parent / "scripts"))
import fetch_postfix  # noqa: E402  (the one place that knows where the trees are unpacked)

sys.path.remove(str(HERE.parent / "scripts"))
#: The Debian suites scripts/fetch_postfix.py knows, oldest first, with the
#: Postfix each had when this was written (the registry may have moved on).
SUITES = (
    ("bullseye", "3.5.25"),
    ("bookworm", "3.7.11"),
    ("bookworm-backports", "3.10.3"),
    ("trixie", "3.10.13"),
    ("sid", "3.11.7"),
)
FETCH_HINT = "python3 scripts/fetch_postfix.py (.ci/run does this)"


def cache_dir() -> Path:
    return fetch_postfix.cache_dir()


def version_key(version: str) -> Tuple[int, ...]:
    """'3.10.13' -> (3, 10, 13): release order (string order puts 3.10 before 3.5)."""
    out = []
    for part in version.split("."):
        digits = "".join(c for c in part if c.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


@dataclass(frozen=True)
class Release:
    """One runnable Postfix release."""

    version: str  # mail_version, e.g. "3.10.13"
    suite: str  # Debian suite it came from ("system" for the installed package if unknown)
    install: oracle.Install

    @property
    def line(self) -> str:
        """'3.10.13' -> '3.10'."""
        return ".".join(self.version.split(".")[:2])

    @property
    def key(self) -> Tuple[int, ...]:
        return version_key(self.version)

    @property
    def is_system(self) -> bool:
        """The "installed" Postfix of the system tests (oracle.SYSTEM)."""
        return self.install == oracle.SYSTEM

    def postconf(self, main_cf_text: str, master_cf_text: Optional[str] = None,
                 args: Sequence[str] = ("-n",)) -> Tuple[str, str, int]:
        """``postconf -c DIR ARGS`` on a throw-away directory (master.cf None: the release's default)."""
        return oracle.postconf_run(main_cf_text, master_cf_text, args, install=self.install)

    def postconf_n(self, main_cf_text: str, master_cf_text: Optional[str] = None):
        """({name: raw value}, [messages]) of ``postconf -n``; see oracle.postconf_n."""
        return oracle.postconf_n(main_cf_text, master_cf_text, install=self.install)

    def default_master_cf(self) -> str:
        return oracle.default_master_cf(self.install)

    def daemon_verdict(self, main_cf_text: str, program: str, timeout: float = 8) -> "oracle.Verdict":
        """Start ``program`` stand-alone once on ``main_cf_text`` (harness defaults appended)."""
        return oracle.daemon_verdict(main_cf_text, program, timeout, install=self.install)

    def daemon_accepts(self, param: str, value: str, program: Optional[str] = None) -> "oracle.Verdict":
        """Does ``program`` start with ``param = value``?  As ``../shared/oracle/pf_accepts.sh``:
        default program qmgr (cleanup for delay_warning_time)."""
        if program is None:
            program = "cleanup" if param == "delay_warning_time" else "qmgr"
        return self.daemon_verdict(f"{param} = {value}\n", program)

    def typed_value(self, main_cf_text: str, param: str, program: str = "qmgr"):
        """The value this release's library computes (see oracle.typed_value), with this release's defaults.

        Raises KeyError when ``param`` is not a built-in parameter of this release.
        """
        defaults = self.defaults()
        if param not in defaults:
            raise KeyError(f"{param} is not a parameter of Postfix {self.version}")
        return oracle.typed_value(main_cf_text, param, program, install=self.install, defaults=defaults)

    def defaults(self) -> Dict[str, str]:
        """{name: raw default} of ``postconf -d`` (built-ins and the default master.cf's service names)."""
        return _defaults(self.install)

    def has_program(self, program: str) -> bool:
        return (self.install.sbin / program).exists()


@functools.lru_cache(maxsize=None)
def _defaults(install: oracle.Install) -> Dict[str, str]:
    out, _, _ = oracle.postconf_run("", None, ("-d",), install=install)
    found = {}
    for line in out.splitlines():
        name, sep, value = line.partition(" =")
        if sep:
            found[name] = value[1:] if value.startswith(" ") else value
    return found


def _mail_version(install: oracle.Install) -> Optional[str]:
    try:
        p = subprocess.run(install.argv(install.postconf_path) + ["-d", "-h", "mail_version"],
                           capture_output=True, text=True, env=install.env(), timeout=30,
                           stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return p.stdout.strip() if p.returncode == 0 and p.stdout.strip() else None


@functools.lru_cache(maxsize=None)
def system_version() -> Optional[str]:
    """The installed Postfix's version (``postconf -d -h mail_version``), None when there is none.

    The one place that says which release the system-Postfix differential
    tests compare against (3.7.11 on Debian 12, 3.10.13 on Debian 13).
    """
    if not oracle.SYSTEM.available():
        return None
    return _mail_version(oracle.SYSTEM)


def linter_target(version: str) -> str:
    """The ``target_version`` postfix-lint gets for a real release ``version``.

    The release itself when postfix-lint's profiles know it (``3.7.11``);
    otherwise its line ``X.Y`` (the newest patch the profiles know), e.g.
    sid's 3.11.7 is newer than the tables' 3.11.6.
    """
    try:
        from postfix_lint.postfix import profiles
    except ImportError:  # a linter without release profiles
        return version
    try:
        profiles.parse_release(version)
        return version
    except ValueError:
        return ".".join(version.split(".")[:2])


def _host_codename() -> str:
    return fetch_postfix.host_codename() or "system"


def _trees() -> List[Release]:
    found = []
    for meta in sorted(cache_dir().glob("postfix-*/release.json")):
        try:
            info = json.loads(meta.read_text())
            install = oracle.Install(root=meta.parent / "root", loader=info.get("loader"),
                                     library_path=tuple(info.get("library_path", ())),
                                     label=f"{info['suite']}:{info['version']}")
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if install.available() and _mail_version(install) == info["version"]:
            found.append(Release(info["version"], info["suite"], install))
    return found


@functools.lru_cache(maxsize=None)
def available() -> Dict[str, Release]:
    """{version: Release} of every runnable Postfix here, oldest first.

    The system's Postfix wins over an unpacked tree of the same version.
    """
    found: Dict[str, Release] = {}
    version = system_version()
    if version and oracle.SYSTEM.root == Path("/"):
        found[version] = Release(version, _host_codename(), oracle.SYSTEM)
    elif oracle.HOST.available():  # $POSTFIX_LINT_SYSTEM_RELEASE: the host's Postfix is still an oracle
        host = _mail_version(oracle.HOST)
        if host:
            found[host] = Release(host, _host_codename(), oracle.HOST)
    for r in _trees():
        if r.install.root == oracle.SYSTEM.root:
            r = Release(r.version, r.suite, oracle.SYSTEM)  # the same Install object: is_system
        found.setdefault(r.version, r)
    return dict(sorted(found.items(), key=lambda kv: version_key(kv[0])))


def system() -> Optional[Release]:
    version = system_version()
    return available().get(version) if version else None


def by_suite(suite: str) -> Optional[Release]:
    for r in available().values():
        if r.suite == suite:
            return r
    return None


def skip_reason(suite: str) -> str:
    expected = dict(SUITES).get(suite, "?")
    return (f"Postfix from Debian {suite} (was {expected}) is not available here:"
            f" not the system's Postfix and not unpacked in {cache_dir()}; run {FETCH_HINT}")


if __name__ == "__main__":  # list what is available
    for v, r in available().items():
        where = "system" if r.is_system else str(r.install.root)
        how = f"loader {r.install.loader}" if r.install.loader else "host loader"
        print(f"{v}\t{r.suite}\t{where}\t{how}")
