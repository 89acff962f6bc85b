"""The command line, and the only layer that does I/O: ``postfix-lint [lint] ...`` and ``postfix-lint schedule PATH``.

:func:`main` dispatches on the first argument: ``schedule`` runs
:mod:`postfix_lint.cli.schedule`, anything else lints
(:mod:`postfix_lint.cli.lint`).  Exit status: 0 clean, 1 a problem at or
above ``--fail-on`` (for ``schedule``: a fatal retry parameter), 2 a usage
error, a bad configuration file or a path that cannot be read.  Messages
on stderr have one style, ``postfix-lint: error: ...`` (or ``warning:``)
in both commands.  The console entry point is ``postfix_lint.cli:console``
(:func:`main`, then an immediate exit); :func:`main` itself returns.
"""

from __future__ import annotations

import sys
from typing import Optional, Sequence

from postfix_lint.cli.files import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, run_guarded

__all__ = ["main", "console", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE"]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run ``postfix-lint`` with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "schedule":
        from postfix_lint.cli.schedule import run

        return run_guarded(run, args[1:])
    if args and args[0] == "server":  # the language server (extra postfix-lint[lsp])
        from postfix_lint.lsp.start import run as server_run

        return server_run(args[1:])
    from postfix_lint.cli.lint import run

    return run_guarded(run, args)


def console() -> None:
    """The ``postfix-lint`` command: :func:`main`, then leave the process at once with its status.

    Once the output is flushed nothing is left to do, and a normal exit
    would spend a sixth of a cold run collecting garbage and tearing down
    some 200 modules: ``os._exit()`` skips that.  Only the console entry
    point does this (and ``python -m postfix_lint``); a caller of
    :func:`main` gets the status back.  When flushing fails (a closed
    pipe), the normal exit reports it as Python always does.
    """
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - let the interpreter's own exit deal with it
        raise SystemExit(status)
    import os

    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    console()
