"""What one lint run is configured to do, and the one place that decides which rules run.

:class:`Settings` is filled by the command line and the configuration files
(:mod:`postfix_lint.config`) and read by the engine; :attr:`Settings.codes`
is the final set of enabled rule codes, from ``select`` (None: every
rule), ``extend_select`` and ``ignore``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, Mapping, Optional, Sequence, Tuple

from postfix_lint.problem import Severity
from postfix_lint.rules import RULES, resolve_codes

#: The Postfix release a main.cf is judged against when none is configured: None, every
#: supported release at once (the union profile, :func:`postfix_lint.postfix.profiles.union_profile`).
DEFAULT_TARGET_VERSION: Optional[str] = None


@dataclass
class Settings:
    """A run's configuration (CLI flags and config files fill it)."""

    select: Optional[Sequence[str]] = None  # rule codes or names, "ALL"; None = every rule
    ignore: Sequence[str] = ()
    extend_select: Sequence[str] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code -> severity
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # code -> {option: value}
    target_version: Optional[str] = DEFAULT_TARGET_VERSION  # "3.7", "3.7.11", "3.12"; None: every release
    master_cf: Optional[str] = None  # text of a master.cf beside main.cf, if any
    main_cf: Optional[str] = None  # text of the main.cf paired with a linted master.cf (None: Postfix defaults)
    #: (program, names): the main.cf is one a master.cf service's program sees (analyse/overrides.py),
    #: and ``names`` (its -o settings) are read by that program only; None: a plain main.cf
    service_program: Optional[Tuple[str, FrozenSet[str]]] = None

    @property
    def codes(self) -> FrozenSet[str]:
        """The enabled rule codes: ``select`` (every rule when None) plus ``extend_select``, minus ``ignore``.

        Raises :class:`postfix_lint.rules.UnknownRule` for an unknown code or name.
        """
        return enabled_codes(self.select, self.extend_select, self.ignore)

    def options_for(self, module) -> Dict[str, Any]:
        """A rule's options: its ``DEFAULTS`` updated with the configured values."""
        return rule_options(module, self)


def enabled_codes(select: Optional[Sequence[str]], extend_select: Sequence[str] = (),
                  ignore: Sequence[str] = ()) -> FrozenSet[str]:
    """The final set of enabled rule codes (see :attr:`Settings.codes`)."""
    codes = set(RULES) if select is None else set(resolve_codes(select))
    codes |= set(resolve_codes(extend_select))
    codes -= set(resolve_codes(ignore))
    return frozenset(codes)


def rule_options(module, settings: Settings) -> Dict[str, Any]:
    """``module.DEFAULTS`` updated with ``settings.options[module.CODE]``."""
    opts = dict(getattr(module, "DEFAULTS", {}))
    opts.update(settings.options.get(module.CODE, {}))
    return opts
