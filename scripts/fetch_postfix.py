#!/usr/bin/env python3
"""Fetch Debian's Postfix packages of several releases and unpack them as test oracles.

Usage::

    python3 scripts/fetch_postfix.py [--cache DIR] [--suite SUITE]... [--refresh] [--list]

The differential tests (``tests/releases.py``) compare postfix-lint with the
real ``postconf`` and daemons of several Postfix releases.  Only Debian's
package registry is used: for each suite below the script resolves the
binary package ``postfix`` and the shared libraries it needs (apt's own
resolver, run with a private sources list, lists directory and cache, and an
empty dpkg status, so the host's apt configuration and package database are
neither used nor changed), downloads the ``.deb`` files with
``apt-get download`` and unpacks them with ``dpkg-deb -x`` into
``DIR/postfix-<upstream version>/root``.  Nothing is installed, no
maintainer script runs, and nothing is written inside the repository.

======================  =====================  ==============================
suite                   Postfix (2026-11)      how it runs on the host
======================  =====================  ==============================
bullseye                3.5.25                 host libc, own libssl1.1, ...
bookworm                3.7.11                 host libc (skipped on Debian 12
                                               when the system Postfix is it)
bookworm-backports      3.10.3                 host libc (bookworm libraries)
trixie                  3.10.13                own libc on Debian 12
sid                     3.11.7                 own libc
======================  =====================  ==============================

How a tree runs (written to ``release.json`` beside ``root``):

- ``"loader": null`` -- the release's libc6 is not newer than the host's: the
  host's dynamic loader runs it with ``LD_LIBRARY_PATH`` = the tree's
  ``usr/lib/postfix`` and library directories.  The tree then holds only the
  packages the host does not have installed under the same name (libc6,
  zlib1g, ... stay the host's; bullseye's libssl1.1 and libicu67 come from
  the tree).  ``LD_LIBRARY_PATH`` wins over the binaries' RUNPATH
  ``/usr/lib/postfix``, so the host's Postfix libraries are never mixed in.
- ``"loader": PATH`` -- the release needs a newer glibc than the host has:
  every library package is unpacked, libc6 included, and programs are started
  through the tree's own ``ld-linux`` with ``--library-path`` (no chroot,
  paths stay those of the host, no root needed to run).

Measured (2 cores, Debian 12 host, 2026-11-30): all four suites from scratch
in 20-25 s (apt-get update 1-4 s and download 2-8 s per suite; about 200 MB
of trees plus 80 MB of package lists); a complete cache costs 0.2 s.  In a
Debian 13 (trixie) chroot with trixie's Postfix installed: bullseye,
bookworm and bookworm-backports run with the host's libc, sid with its own,
37 s in all.  Works as non-root too when the cache directory is writable.

The cache directory is ``$POSTFIX_LINT_ORACLES`` or
``/var/cache/postfix-lint``.  A suite whose tree is complete is not fetched
again (no network) unless ``--refresh`` is given.  Exit status: 0 when every
requested suite has a working tree, 1 otherwise (each failure is reported; the
trees that work are kept and usable).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

#: suite -> extra suites its dependencies may come from (a backports suite
#: needs its base suite).
SUITES: Dict[str, Tuple[str, ...]] = {
    "bullseye": (),
    "bookworm": (),
    "bookworm-backports": ("bookworm",),
    "trixie": (),
    "sid": (),
}
DEFAULT_CACHE = "/var/cache/postfix-lint"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
#: Packages of the dependency closure that a stand-alone postconf or daemon
#: never needs (services, maintainer-script tools).
NOT_NEEDED = re.compile(r"^(systemd(-.*)?|libsystemd-shared|init-system-helpers|netbase|debconf|adduser|cpio"
                        r"|e2fsprogs|ssl-cert|openssl|perl.*|dpkg|lsb-base|sensible-utils|gcc-\d+-base"
                        r"|libc-gconv-modules-extra|usrmerge|lib.*-perl|.*-doc)$")
#: Debian's archive keys (debian-archive-keyring; .pgp is the newer file name).
#: The removed keys are listed too, for an old suite on a newer host.
KEYRINGS = ("/usr/share/keyrings/debian-archive-keyring.gpg", "/usr/share/keyrings/debian-archive-keyring.pgp",
            "/usr/share/keyrings/debian-archive-removed-keys.gpg",
            "/usr/share/keyrings/debian-archive-removed-keys.pgp")


def log(msg: str) -> None:
    print(f"fetch_postfix: {msg}", file=sys.stderr, flush=True)


def cache_dir(arg: Optional[str] = None) -> Path:
    return Path(arg or os.environ.get("POSTFIX_LINT_ORACLES") or DEFAULT_CACHE)


def host_codename() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("VERSION_CODENAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return ""


def mirror() -> str:
    """The Debian mirror the host already uses (``POSTFIX_LINT_MIRROR`` overrides)."""
    env = os.environ.get("POSTFIX_LINT_MIRROR")
    if env:
        return env.rstrip("/")
    texts = []
    for path in ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*"))]:
        try:
            texts.append(Path(path).read_text(errors="replace"))
        except OSError:
            continue
    for text in texts:
        for m in re.finditer(r"(?:^deb(?:\s+\[[^\]]*\])?\s+|^URIs:\s*)(\S+)", text, re.M):
            uri = m.group(1).rstrip("/")
            if uri.endswith("/debian") and not uri.startswith("cdrom:"):
                return uri
    return DEFAULT_MIRROR


def dpkg_installed() -> Dict[str, str]:
    """{package name (without :arch): version} installed on the host."""
    out = subprocess.run(["dpkg-query", "-W", "-f", "${binary:Package}\t${Version}\t${db:Status-Status}\n"],
                         capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        name, version, status = (line.split("\t") + ["", ""])[:3]
        if status == "installed":
            found[name.split(":")[0]] = version
    return found


def version_gt(a: str, b: str) -> bool:
    return subprocess.run(["dpkg", "--compare-versions", a, "gt", b]).returncode == 0


def upstream(version: str) -> str:
    """'3.10.13-0+deb13u1' -> '3.10.13' (epoch and Debian revision dropped)."""
    v = version.split(":", 1)[-1]
    return v.rsplit("-", 1)[0] if "-" in v else v


class Apt:
    """apt-get / apt-cache with a private configuration under ``base``."""

    def __init__(self, base: Path, suite: str) -> None:
        self.base = base
        self.suite = suite
        self.lists = base / "lists"
        (self.lists / "partial").mkdir(parents=True, exist_ok=True)
        (base / "cache" / "archives" / "partial").mkdir(parents=True, exist_ok=True)
        (base / "etc").mkdir(parents=True, exist_ok=True)
        self.sources = base / "etc" / f"{suite}.list"
        keyrings = ",".join(k for k in KEYRINGS if Path(k).exists())
        signed = f" [signed-by={keyrings}]" if keyrings else ""
        lines = [f"deb{signed} {mirror()} {s} main\n" for s in (suite, *SUITES[suite])]
        self.sources.write_text("".join(lines))
        self.status = base / "etc" / "status-empty"
        self.status.write_text("")

    def opts(self) -> List[str]:
        o = {
            "Dir::Etc::sourcelist": str(self.sources),
            "Dir::Etc::sourceparts": str(self.base / "etc" / "no-parts"),
            "Dir::Etc::preferences": str(self.base / "etc" / "no-preferences"),
            "Dir::Etc::preferencesparts": str(self.base / "etc" / "no-parts"),
            "Dir::State::Lists": str(self.lists),
            "Dir::State::status": str(self.status),
            "Dir::Cache": str(self.base / "cache"),
            "Dir::Cache::pkgcache": "",
            "Dir::Cache::srcpkgcache": "",
            "APT::Get::List-Cleanup": "0",
            "APT::Sandbox::User": "root",
            "APT::Install-Recommends": "0",
            "Debug::NoLocking": "1",
            "Acquire::Retries": "3",
            # The registry may serve a frozen snapshot whose Release files are past
            # their Valid-Until date (sid's, here); signatures are still checked.
            "Acquire::Check-Valid-Until": "false",
            "Acquire::Check-Date": "false",
        }
        return [x for k, v in o.items() for x in ("-o", f"{k}={v}")]

    def run(self, tool: str, *args: str, cwd: Optional[Path] = None) -> subprocess.CompletedProcess:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", LC_ALL="C")
        return subprocess.run([tool, *self.opts(), *args], capture_output=True, text=True, cwd=cwd, env=env,
                              stdin=subprocess.DEVNULL)

    def update(self) -> None:
        p = self.run("apt-get", "-q", "update")
        if p.returncode != 0 or re.search(r"^(E:|W: (GPG|The repository|Failed))", p.stderr, re.M):
            raise RuntimeError(f"apt-get update for {self.suite} failed:\n{p.stdout[-2000:]}{p.stderr[-2000:]}")

    def closure(self) -> List[Tuple[str, str]]:
        """[(package, version)] apt would install for ``postfix`` from the suite on an empty system."""
        p = self.run("apt-get", "-s", "-q", "-t", self.suite, "install", "postfix")
        if p.returncode != 0:
            raise RuntimeError(f"cannot resolve postfix in {self.suite}:\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
        pkgs = re.findall(r"^Inst (\S+) \((\S+) ", p.stdout, re.M)
        if not any(name == "postfix" for name, _ in pkgs):
            raise RuntimeError(f"postfix not in the resolution for {self.suite}:\n{p.stdout[-2000:]}")
        return pkgs

    def download(self, pkgs: Sequence[Tuple[str, str]], dest: Path) -> List[Path]:
        dest.mkdir(parents=True, exist_ok=True)
        p = self.run("apt-get", "-q", "download", *[f"{n}={v}" for n, v in pkgs], cwd=dest)
        if p.returncode != 0:
            raise RuntimeError(f"apt-get download failed:\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
        debs = sorted(dest.glob("*.deb"))
        if len(debs) != len(pkgs):
            raise RuntimeError(f"expected {len(pkgs)} .deb files, got {len(debs)} in {dest}")
        return debs


def library_dirs(root: Path) -> List[Path]:
    """Directories of the unpacked tree to search for shared libraries, Postfix's first."""
    dirs = [root / "usr" / "lib" / "postfix"]
    for pattern in ("usr/lib/*-linux-gnu*", "lib/*-linux-gnu*", "usr/lib", "lib"):
        for d in sorted(root.glob(pattern)):
            if d.is_dir() and not d.is_symlink() and d not in dirs:
                dirs.append(d)
    return [d for d in dirs if d.is_dir()]


def find_loader(root: Path) -> Optional[Path]:
    for pattern in ("usr/lib/*-linux-gnu*/ld-linux*.so.*", "lib/*-linux-gnu*/ld-linux*.so.*",
                    "usr/lib64/ld-linux*.so.*", "lib64/ld-linux*.so.*"):
        for p in sorted(root.glob(pattern)):
            if p.exists():
                return p
    return None


def command(tree: Path, info: dict, program: str) -> List[str]:
    """argv prefix that runs ``program`` (a path inside the tree, e.g. usr/sbin/postconf)."""
    path = str(tree / "root" / program)
    if info.get("loader"):
        return [info["loader"], "--library-path", ":".join(info["library_path"]), path]
    return [path]


def environment(info: dict) -> Dict[str, str]:
    env = dict(os.environ)
    if not info.get("loader"):
        env["LD_LIBRARY_PATH"] = ":".join(info["library_path"])
    return env


def check_tree(tree: Path) -> Optional[dict]:
    """release.json of a complete tree whose postconf runs and reports its version, else None."""
    meta = tree / "release.json"
    if not meta.is_file():
        return None
    try:
        info = json.loads(meta.read_text())
        p = subprocess.run(command(tree, info, "usr/sbin/postconf") + ["-d", "-h", "mail_version"],
                           capture_output=True, text=True, env=environment(info), timeout=30,
                           stdin=subprocess.DEVNULL)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    if p.returncode != 0 or p.stdout.strip() != info.get("version"):
        return None
    return info


def existing(cache: Path, suite: str) -> Optional[Path]:
    for meta in sorted(cache.glob("postfix-*/release.json")):
        try:
            if json.loads(meta.read_text()).get("suite") == suite and check_tree(meta.parent):
                return meta.parent
        except (OSError, ValueError):
            continue
    return None


def fetch(cache: Path, suite: str, refresh: bool = False) -> Path:
    """Make ``cache/postfix-<version>`` for ``suite``; returns the tree."""
    if not refresh:
        tree = existing(cache, suite)
        if tree is not None:
            log(f"{suite}: {tree} is complete (use --refresh to fetch again)")
            return tree
    t0 = time.monotonic()
    apt = Apt(cache / "apt", suite)
    apt.update()
    t_update = time.monotonic() - t0
    pkgs = apt.closure()
    pf_version = dict(pkgs)["postfix"]
    version = upstream(pf_version)
    release_libc = dict(pkgs).get("libc6", "")
    host = dpkg_installed()
    own_libc = bool(release_libc) and version_gt(release_libc, host.get("libc6", "0"))
    keep = [(n, v) for n, v in pkgs if n == "postfix" or not NOT_NEEDED.search(n)]
    if not own_libc:  # the host's libraries win; only what the host lacks comes from the suite
        keep = [(n, v) for n, v in keep if n == "postfix" or n not in host]
    tree = cache / f"postfix-{version}"
    work = Path(tempfile.mkdtemp(prefix=f".postfix-{version}.", dir=cache))
    try:
        debs = apt.download(keep, work / "debs")
        t_download = time.monotonic() - t0 - t_update
        root = work / "root"
        root.mkdir()
        for deb in debs:
            p = subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"dpkg-deb -x {deb.name}: {p.stderr}")
        loader = find_loader(root) if own_libc else None
        if own_libc and loader is None:
            raise RuntimeError(f"{suite}: libc6 unpacked but no ld-linux found")
        final_root = tree / "root"
        info = {
            "version": version,
            "debian_version": pf_version,
            "suite": suite,
            "libc6": release_libc,
            "host_libc6": host.get("libc6", ""),
            "loader": str(final_root / loader.relative_to(root)) if loader else None,
            "library_path": [str(final_root / d.relative_to(root)) for d in library_dirs(root)],
            "packages": [f"{n}={v}" for n, v in keep],
            "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        shutil.rmtree(work / "debs")
        if tree.exists():
            shutil.rmtree(tree)
        tree.mkdir(parents=True)
        root.rename(final_root)
        (tree / "release.json").write_text(json.dumps(info, indent=1) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if check_tree(tree) is None:
        raise RuntimeError(f"{tree}: postconf does not run or does not report {version}")
    log(f"{suite}: Postfix {version} in {tree} ({len(keep)} packages; apt-get update {t_update:.0f}s,"
        f" download {t_download:.0f}s, total {time.monotonic() - t0:.0f}s;"
        f" {'own libc ' + release_libc if own_libc else 'host libc'})")
    return tree


def system_postfix() -> Optional[str]:
    postconf = shutil.which("postconf")
    if not postconf:
        return None
    p = subprocess.run([postconf, "-d", "-h", "mail_version"], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    return p.stdout.strip() if p.returncode == 0 else None


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", help=f"cache directory (default $POSTFIX_LINT_ORACLES or {DEFAULT_CACHE})")
    ap.add_argument("--suite", action="append", choices=sorted(SUITES),
                    help="fetch only this suite (repeatable); default: every suite except the host's own"
                         " when its Postfix is installed")
    ap.add_argument("--refresh", action="store_true", help="fetch again even when a tree is complete")
    ap.add_argument("--list", action="store_true", help="only list the complete trees")
    args = ap.parse_args(argv)
    cache = cache_dir(args.cache)
    if args.list:
        for meta in sorted(cache.glob("postfix-*/release.json")):
            ok = check_tree(meta.parent) is not None
            print(f"{meta.parent}\t{'ok' if ok else 'BROKEN'}")
        return 0
    suites = args.suite or list(SUITES)
    if not args.suite and system_postfix() and host_codename() in suites:
        log(f"{host_codename()}: skipped, the system Postfix {system_postfix()} is that suite's")
        suites.remove(host_codename())
    cache.mkdir(parents=True, exist_ok=True)
    failed = 0
    t0 = time.monotonic()
    for suite in suites:
        try:
            fetch(cache, suite, args.refresh)
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            failed += 1
            log(f"{suite}: FAILED: {e}")
    log(f"done in {time.monotonic() - t0:.0f}s, {len(suites) - failed} of {len(suites)} suites ready in {cache}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
