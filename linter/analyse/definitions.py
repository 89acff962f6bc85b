"""One answer to "what is this parameter": its Postfix definition, master.cf taken into account.

A name is built in (``postconf -d`` without the service-derived names),
legacy (old names postconf still knows), derived from a master.cf service
(``<service>_<suffix>`` for a service whose command reads that suffix,
``postconf_service.c``), or not a Postfix name.  With no master.cf beside
main.cf, Postfix's default master.cf services apply.  What is built in or
legacy is the release profile's answer (:mod:`postfix_lint.postfix.profiles`;
the union profile, every release 3.5 - 3.12, when no target is given).  The
resolver and the names walk both ask :meth:`Definitions.definition`.
"""

from __future__ import annotations

from typing import Dict, Optional

from postfix_lint.read import master_cf
from postfix_lint.read.master_cf import MasterCf
from postfix_lint.postfix import params, profiles

def builtin_names(profile: "Optional[profiles.Profile]" = None) -> frozenset:
    """Built-in names of ``profile`` (default: the union profile) that do not depend on master.cf."""
    profile = profile or profiles.union_profile()
    return frozenset(n for n in profile.names() if profile.origin(n) != "service")


def legacy_names(profile: "Optional[profiles.Profile]" = None) -> frozenset:
    """postconf's legacy names in ``profile`` (not built in there, referenced by a default)."""
    profile = profile or profiles.union_profile()
    return frozenset(n for n in profile.legacy_names() if profile.is_legacy(n))


class Definitions:
    """The parameter definitions of one main.cf run with ``master``'s services, in one release profile.

    ``profile``: a :class:`postfix_lint.postfix.profiles.Profile` (the
    target release); None means the union profile (no target: a name any
    release 3.5 - 3.12 has is known).
    """

    def __init__(self, master: MasterCf, profile: "Optional[profiles.Profile]" = None) -> None:
        self.master = master
        self.profile = profile or profiles.union_profile()
        self._service_params: Dict[str, Optional[params.Param]] = {}
        # a default master.cf other than Debian 3.7's (3.8+: no pipe examples): match its services
        self._default_commands = (dict(master.commands()) if master.is_default and master is not master_cf.default()
                                  else None)

    def service_param(self, name: str) -> Optional[params.Param]:
        """The per-transport definition ``name`` gets from a master.cf service, or None."""
        if self.master.is_default:
            # one endswith() for most names: not worth a cache entry per name of a huge file
            return params.per_transport(name, self._default_commands)
        if name in self._service_params:
            return self._service_params[name]
        hit = None
        for service, command in self.master.commands():
            if name.startswith(service + "_"):
                hit = params.per_transport(name, {service: command})
                if hit is not None:
                    break
        self._service_params[name] = hit
        return hit

    def kind(self, name: str) -> str:
        """'builtin', 'legacy', 'service' or '' (not a Postfix name with this master.cf)."""
        origin = self.profile.origin(name)  # one lookup: no name set is built for a cold start
        if origin is not None and origin != "service":
            return "builtin"
        if self.profile.is_legacy(name):
            return "legacy"
        if self.service_param(name) is not None:
            return "service"
        return ""

    def definition(self, name: str) -> Optional[params.Param]:
        """The definition of a known (built-in or service-derived) name, or None."""
        origin = self.profile.origin(name)
        if origin is not None and origin != "service":
            return self.profile.param(name)
        return self.service_param(name)

    def is_legacy(self, name: str) -> bool:
        return self.profile.is_legacy(name) and self.profile.origin(name) is None

    def is_known(self, name: str) -> bool:
        return bool(self.kind(name))
