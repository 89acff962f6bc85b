"""What a Postfix program does with one parameter value: the shared result type of the value checks.

:mod:`postfix_lint.postfix.words`, :mod:`~postfix_lint.postfix.tables` and
:mod:`~postfix_lint.postfix.restrictions` return lists of :class:`Verdict`;
an empty list means every program that reads the value accepts it.  A verdict
says which programs react, when, and with Postfix's exact log text, so that
the rules can decide severity from which programs actually run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

__all__ = ["Verdict", "Release", "DEFAULT_RELEASE", "FATAL", "FAILS", "LOGS", "IGNORED", "INFO"]

#: A Postfix release as (major, minor, patch); a snapshot counts as patch 0.
Release = Tuple[int, int, int]
DEFAULT_RELEASE: Release = (3, 7, 11)

#: ``outcome`` values.
FATAL = "fatal"      # the program logs ``fatal: ...`` and exits
FAILS = "fails"      # no exit, but every use fails (mail deferred): e.g. an unknown map type
LOGS = "logs"        # the program logs a warning/error and goes on (often deferring mail: see ``effect``)
IGNORED = "ignored"  # silently ignored by Postfix (a typo that has no effect)
INFO = "info"        # accepted; advice only (e.g. an optional package is needed)


@dataclass(frozen=True)
class Verdict:
    """One finding about one parameter value.

    - ``name``: the parameter; ``word``: the offending word of the value, or
      None when the whole value is at fault;
    - ``outcome``: FATAL, FAILS, LOGS, IGNORED or INFO (see the module constants);
    - ``programs``: programs that react (``("*",)`` = every Postfix program,
      via mail_params_init());
    - ``when``: ``"start"`` (the program checks when it starts) or
      ``"first use"`` (per session, message, delivery, TLS handshake ...);
      ``when_detail`` says exactly when, from the reference table;
    - ``message``: Postfix's log line without the ``program[pid]:`` prefix,
      with its severity word (``fatal: Invalid TLS level "mayy"``);
    - ``effect``: what the mail system does as a result, in words;
    - ``allowed``: the words Postfix accepts here (for the user), and
      ``suggestion`` a did-you-mean among them, or None;
    - ``condition``: when the check applies only under a condition on other
      parameters (``"only when smtpd_sasl_auth_enable = yes"``), else "";
    - ``package``: a Debian package to install (INFO verdicts about map types).
    """

    name: str
    word: Optional[str]
    outcome: str
    programs: Tuple[str, ...]
    when: str
    message: str
    effect: str = ""
    allowed: Tuple[str, ...] = ()
    suggestion: Optional[str] = None
    when_detail: str = ""
    condition: str = ""
    package: str = ""

    @property
    def suggested_severity(self) -> str:
        """'error' (a program exits, or every use fails), 'warning' (logs and defers, or silently ignores) or 'info'.

        Assumes the programs run; the rules lower an error to info when no
        program in ``programs`` is in use.
        """
        if self.outcome in (FATAL, FAILS):
            return "error"
        if self.outcome in (LOGS, IGNORED):
            return "warning"
        return "info"
