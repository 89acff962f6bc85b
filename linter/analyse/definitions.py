"""One answer to "what is this parameter": its Postfix definition, master.cf taken into account.

A name is built in (``postconf -d`` without the service-derived names),
legacy (old names postconf still knows), derived from a master.cf service
(``<service>_<suffix>`` for a service whose command reads that suffix,
``postconf_service.c``), or not a Postfix name.  With no master.cf beside
main.cf, Postfix's default master.cf services apply.  The resolver and the
names walk both ask :meth:`Definitions.definition`.
"""

from __future__ import annotations

from typing import Dict, Optional

from postfix_lint.read.master_cf import MasterCf
from postfix_lint.postfix import params

_BUILTIN: Optional[frozenset] = None
_LEGACY: Optional[frozenset] = None


def builtin_names() -> frozenset:
    """Built-in names that do not depend on master.cf."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = frozenset(n for n in params.names() if params.origin(n) != "service")
    return _BUILTIN


def legacy_names() -> frozenset:
    global _LEGACY
    if _LEGACY is None:
        _LEGACY = frozenset(params.legacy_names())
    return _LEGACY


class Definitions:
    """The parameter definitions of one main.cf run with ``master``'s services."""

    def __init__(self, master: MasterCf) -> None:
        self.master = master
        self._service_params: Dict[str, Optional[params.Param]] = {}

    def service_param(self, name: str) -> Optional[params.Param]:
        """The per-transport definition ``name`` gets from a master.cf service, or None."""
        if self.master.is_default:
            # one endswith() for most names: not worth a cache entry per name of a huge file
            return params.per_transport(name)
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
        if name in builtin_names():
            return "builtin"
        if name in legacy_names():
            return "legacy"
        if self.service_param(name) is not None:
            return "service"
        return ""

    def definition(self, name: str) -> Optional[params.Param]:
        """The definition of a known (built-in or service-derived) name, or None."""
        if name in builtin_names():
            return params.get(name)
        return self.service_param(name)

    def is_known(self, name: str) -> bool:
        return bool(self.kind(name))
