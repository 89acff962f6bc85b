"""What the commands share at the edge of the process: reading inputs, messages, exit statuses.

Every byte postfix-lint reads from a path or standard input comes through
:func:`read_input` (no blocking on a FIFO, no following a loop, a size cap),
every message to stderr through :func:`error` / :func:`warning` (one style:
``postfix-lint: error: ...``), and each command runs inside
:func:`run_guarded` so that Ctrl-C and a closed pipe end it quietly.  This
package is the only one that does I/O.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Callable, List, Optional

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PROG = "postfix-lint"
#: Larger inputs are refused instead of exhausting memory: a lint needs about
#: nine times the file's size (a 39 MB, million-line file: 345 MB).
MAX_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """A path that cannot be linted; the message names the path and the reason."""


class UsageError(Exception):
    """A command line that cannot be run (exit status 2); the message says why."""


class Done(Exception):
    """``--help`` or ``--version`` has been printed: the command ends with ``status``."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


_ArgumentParser = None


def __getattr__(name: str):
    """``ArgumentParser``, made on first use: a plain ``postfix-lint FILE`` never imports argparse."""
    global _ArgumentParser
    if name != "ArgumentParser":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _ArgumentParser is None:
        import argparse

        class ArgumentParser(argparse.ArgumentParser):
            """argparse that raises instead of exiting: :class:`UsageError` for a bad command line, :class:`Done` after ``--help``."""

            def error(self, message: str):
                self.print_usage(sys.stderr)
                raise UsageError(message)

            def exit(self, status: int = 0, message: Optional[str] = None):
                if message:
                    sys.stderr.write(message)
                raise Done(status)

        ArgumentParser.__module__ = __name__
        _ArgumentParser = ArgumentParser
    return _ArgumentParser


def read_input(path: str, stdin=None) -> bytes:
    """The bytes of a regular file, or of standard input for ``-``; raises :class:`InputError`.

    Never blocks on a FIFO and never reads more than :data:`MAX_BYTES` + 1 bytes.
    """
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"<stdin>: input too large (more than {MAX_BYTES} bytes)")
        return data
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory (give the main.cf file itself)")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file")
    if st.st_size > MAX_BYTES:
        raise InputError(f"{path}: file too large ({st.st_size} bytes; limit {MAX_BYTES})")
    try:
        # O_NONBLOCK and fstat(): a path swapped for a FIFO after the stat()
        # above neither blocks the open nor gets read
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(f"{path}: not a regular file")
            data = fh.read(MAX_BYTES + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # it grew after the stat()
        raise InputError(f"{path}: file too large (more than {MAX_BYTES} bytes)")
    return data


def master_cf_beside(path: str) -> Optional[str]:
    """The text of the master.cf in the directory of a main.cf, or None if there is none to read.

    Read through :func:`read_input` (same FIFO and size guards); a master.cf
    that cannot be read is passed over as if absent.
    """
    candidate = os.path.join(os.path.dirname(path) or ".", "master.cf")
    if not os.path.lexists(candidate):
        return None
    try:
        return read_input(candidate).decode("utf-8", "surrogateescape")
    except InputError:
        return None


def error(message: str) -> int:
    """Print ``postfix-lint: error: MESSAGE`` on stderr; returns :data:`EXIT_USAGE`."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def warning(message: str) -> None:
    """Print ``postfix-lint: warning: MESSAGE`` on stderr."""
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def use_color(stream, environ=None) -> bool:
    """Colour on a terminal only; NO_COLOR (non-empty) disables it, FORCE_COLOR (non-empty) forces it."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return isatty(stream)


def write(out, text: str) -> None:
    """Write text; a terminal that is not UTF-8 gets backslash escapes instead of an exception."""
    if not text:
        return
    try:
        out.write(text)
    except UnicodeEncodeError:
        enc = getattr(out, "encoding", None) or "ascii"
        out.write(text.encode(enc, "backslashreplace").decode(enc))


def run_guarded(command: Callable[[List[str]], int], argv: List[str]) -> int:
    """Run a command's main; usage errors exit 2, Ctrl-C 130, a closed output pipe 0."""
    try:
        return command(argv)
    except UsageError as exc:
        return error(str(exc))
    except Done as done:
        return done.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output went to a closed pipe (e.g. `| head`): not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
