"""One Context per linted file: every per-file fact the rules read, computed once, with typed accessors.

The engine makes a :class:`Context` for each document and passes it to every
enabled rule.  Each fact is a cached property, computed the first time a rule
asks: the master.cf services, the parameter definitions (master.cf taken into
account), the effective values per reading program (the resolver), postconf's
name walk, the time settings, the retry model and the typed-value verdicts.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, FrozenSet, List, Optional, Tuple

from postfix_lint.read import master_cf
from postfix_lint.analyse import names as _names
from postfix_lint.analyse import retry as _retry
from postfix_lint.analyse import running as _running
from postfix_lint.analyse import typed as _typed
from postfix_lint.postfix import profiles
from postfix_lint.analyse.definitions import Definitions
from postfix_lint.analyse.resolver import Resolver, TimeSetting
from postfix_lint.read.document import Document, Entry

if TYPE_CHECKING:  # settings sits above the rules, which import this module
    from postfix_lint.settings import Settings


class Context:
    """Everything a rule may look at for one main.cf (and the master.cf beside it)."""

    def __init__(self, doc: Document, settings: "Settings", enabled: Optional[FrozenSet[str]] = None,
                 master_doc: "Optional[master_cf.MasterCf]" = None) -> None:
        self.doc = doc
        self.settings = settings
        self._enabled = enabled
        #: the master.cf being linted (``doc`` is then the main.cf paired with it); None: linting main.cf
        self.master_doc = master_doc

    @property
    def linting(self) -> str:
        """Which file the rules report on: "main.cf" or "master.cf"."""
        return "main.cf" if self.master_doc is None else "master.cf"

    @property
    def target_version(self) -> Optional[str]:
        """The Postfix release the file is judged against as configured ("3.7", "3.7.11"), or None."""
        return self.settings.target_version

    @functools.cached_property
    def target_name(self) -> Optional[str]:
        """The target as messages name it: 'Postfix 3.7' for X.Y, 'Postfix 3.7.11' for X.Y.Z, 'Postfix 3.12'
        for the snapshot; None without a target."""
        release = self.release
        if release is None:
            return None
        given = self.settings.target_version.strip()
        return f"Postfix {release.line if given.count('.') == 1 else release}"

    @functools.cached_property
    def release(self) -> "Optional[profiles.Release]":
        """The configured Postfix release (``X.Y`` = newest known patch of that line), or None.

        None means no target was configured: the file is judged against every
        supported release (3.5 - 3.12) at once, see :attr:`profile`.
        """
        target = self.settings.target_version
        return profiles.parse_release(target) if target else None

    @functools.cached_property
    def profile(self) -> "profiles.Profile":
        """The release profile: names, types, defaults, deprecations, ``$`` language of :attr:`release`.

        Without a target it is the union profile: a name any supported release
        reads is known; behaviours with no single answer raise TypeError there,
        so rules ask ``profiles.releases_where`` instead.
        """
        release = self.release
        return profiles.profile(release) if release is not None else profiles.union_profile()

    @functools.cached_property
    def enabled(self) -> FrozenSet[str]:
        """The rule codes enabled in this run (so a rule can leave a case to another one)."""
        return self._enabled if self._enabled is not None else self.settings.codes

    @functools.cached_property
    def master(self) -> master_cf.MasterCf:
        """The master.cf being linted, else the one paired with main.cf, else Debian's default one of the target release."""
        if self.master_doc is not None:
            return self.master_doc
        return master_cf.for_settings(self.settings.master_cf, self.profile)

    @functools.cached_property
    def definitions(self) -> Definitions:
        """What each parameter name is, with this file's master.cf services."""
        return Definitions(self.master, self.profile)

    @functools.cached_property
    def resolver(self) -> Resolver:
        """Effective values as each Postfix program reads them."""
        return Resolver(self.doc, self.definitions, getattr(self.settings, "service_program", None))

    @functools.cached_property
    def names(self) -> _names.Analysis:
        """postconf's unused/undefined name walk over main.cf and master.cf."""
        return _names.analyse(self.doc, self.master, self.definitions)

    @functools.cached_property
    def time_settings(self) -> List[Tuple[Entry, List[TimeSetting]]]:
        """[(entry, [TimeSetting per reading program])] for the time parameters set in main.cf."""
        res = self.resolver
        out = []
        for name, entry in self.doc.last().items():
            p = res.param(name)
            if p is not None and p.type == "time":
                out.append((entry, res.time_all_readers(name)))
        return out

    @functools.cached_property
    def retry_model(self) -> Optional[_retry.Model]:
        """qmgr's retry schedule for this file, or None when a retry parameter is fatal."""
        return _retry.model(self.resolver)

    @functools.cached_property
    def typed_verdicts(self) -> List[_typed.Verdict]:
        """The typed (bool, number, string length) values some reader rejects, in file order."""
        return _typed.verdicts(self.doc, self.resolver, self.names)

    @functools.cached_property
    def usage(self) -> _running.Usage:
        """Which programs will run: master.cf's services and the transports in use (:mod:`~postfix_lint.analyse.running`)."""
        res = self.resolver
        names = [n for n, _ in _running._TRANSPORTS] + [g for _, g in _running._TRANSPORTS if g] + \
            list(_running._TABLES)
        values = {}
        for name in names:
            values[name] = res.setting(name, "qmgr" if name.endswith("transport") else None).expanded
        return _running.usage(values, self.master)
