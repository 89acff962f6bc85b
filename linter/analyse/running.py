"""Which Postfix programs will run with this main.cf and master.cf: the basis of every "error or info" choice.

A fatal value is an error only when a program that runs will exit.  Programs
that are not master.cf services (the ``postfix`` command, ``postconf``,
``sendmail``, ``*`` = every program) always run.  A daemon runs when a
master.cf service has it as its command (the eighth field; with no
master.cf beside main.cf, the services of Postfix's stock master.cf).  A
delivery agent (local, virtual, smtp, lmtp, pipe, error, discard) runs only
when a transport in use names one of its services: ``default_transport``,
``relay_transport``, ``local_transport`` when mydestination is not empty,
``virtual_transport`` when virtual_mailbox_domains is not empty (qmgr's
address classes, ``src/trivial-rewrite/resolve.c``).  Transport tables
(``transport_maps``, ``sender_dependent_default_transport_maps``) cannot be
read, so when one is set every delivery service in master.cf counts as in
use; a transport whose service is not in master.cf counts as the program of
the same name.  When a value cannot be expanded, it counts as in use too:
every doubt keeps the error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, Optional, Tuple

from postfix_lint.read.master_cf import MasterCf

__all__ = ["Usage", "usage", "DELIVERY_AGENTS", "STOCK_SERVICES"]

#: Programs that master(8) runs as delivery agents for the queue manager.
DELIVERY_AGENTS = frozenset({"local", "virtual", "smtp", "lmtp", "pipe", "error", "discard"})

#: (service, command) of Postfix's stock master.cf (``conf/master.cf``, services not commented out).
STOCK_SERVICES: Tuple[Tuple[str, str], ...] = (
    ("smtp", "smtpd"), ("pickup", "pickup"), ("cleanup", "cleanup"), ("qmgr", "qmgr"),
    ("tlsmgr", "tlsmgr"), ("rewrite", "trivial-rewrite"), ("bounce", "bounce"), ("defer", "bounce"),
    ("trace", "bounce"), ("verify", "verify"), ("flush", "flush"), ("proxymap", "proxymap"),
    ("proxywrite", "proxymap"), ("smtp", "smtp"), ("relay", "smtp"), ("showq", "showq"),
    ("error", "error"), ("retry", "error"), ("discard", "discard"), ("local", "local"),
    ("virtual", "virtual"), ("lmtp", "lmtp"), ("anvil", "anvil"), ("scache", "scache"),
    ("postlog", "postlogd"), ("maildrop", "pipe"), ("uucp", "pipe"), ("ifmail", "pipe"),
    ("bsmtp", "pipe"), ("scalemail-backend", "pipe"), ("mailman", "pipe"),
)

#: Programs that run whatever master.cf says (commands, not services).
_ALWAYS = frozenset({"*", "postfix", "postconf", "sendmail", "postdrop", "postqueue", "postsuper",
                     "postmap", "postalias", "postcat", "postkick", "postlock", "postlog", "master"})

#: Transport parameters: (name, the parameter whose non-empty value puts the transport in use).
_TRANSPORTS = (("default_transport", None), ("relay_transport", None),
               ("local_transport", "mydestination"), ("virtual_transport", "virtual_mailbox_domains"))
_TABLES = ("transport_maps", "sender_dependent_default_transport_maps")


@dataclass(frozen=True)
class Usage:
    """The programs that run, and why a delivery agent does not."""

    commands: FrozenSet[str]  # every master.cf command (daemons master may start)
    agents: FrozenSet[str]  # delivery-agent commands some transport in use reaches
    transports: Tuple[Tuple[str, str], ...]  # (parameter, transport name) in use
    all_agents: bool  # a transport table is set: every delivery service may be used
    default_master: bool

    def runs(self, program: str) -> bool:
        """Whether ``program`` will run (a command, a daemon in master.cf, a delivery agent in use).

        A name that is neither a known daemon nor a known command counts as running.
        """
        if program in _ALWAYS:
            return True
        if program in DELIVERY_AGENTS:
            return program in self.agents
        if program in _DAEMONS:
            return program in self.commands
        return True

    def any_runs(self, programs: Iterable[str]) -> bool:
        return any(self.runs(p) for p in programs)

    def why_not(self, program: str) -> str:
        """A short reason ``program`` does not run (for an info message)."""
        if program in DELIVERY_AGENTS and program in self.commands:
            used = ", ".join(f"{n} = {_service_name(t)}" + (":..." if ":" in t else "") for n, t in self.transports)
            return f"no transport in use reaches {program}(8) ({used})"
        where = "Postfix's default master.cf" if self.default_master else "master.cf"
        return f"{where} has no service that runs {program}(8)"


#: Daemons that run only when a master.cf service starts them.
_DAEMONS = frozenset({"smtpd", "pickup", "cleanup", "qmgr", "oqmgr", "tlsmgr", "trivial-rewrite", "bounce",
                      "verify", "flush", "proxymap", "showq", "anvil", "scache", "postlogd", "postscreen",
                      "tlsproxy", "dnsblog", "spawn", "qmqpd"}) | DELIVERY_AGENTS


def _service_name(transport: str) -> str:
    """``lmtp:127.0.0.1:2003`` -> ``lmtp``; ``local:$myhostname`` -> ``local`` (the nexthop is dropped)."""
    return transport.strip().split(":", 1)[0].strip()


def usage(values: Dict[str, Optional[str]], master: MasterCf) -> Usage:
    """The :class:`Usage` for the expanded main.cf values ``values`` (name -> value, None = unknown).

    ``values`` must hold the transport parameters, mydestination,
    virtual_mailbox_domains and the transport tables (their effective
    values, defaults included).
    """
    if master.is_default:  # the release's stock services: Debian's 3.8+ file has no pipe examples
        present = set(master.names())
        services = tuple((s, c) for s, c in STOCK_SERVICES if c != "pipe" or s in present)
    else:
        services = tuple(master.commands())
    commands = frozenset(c for _, c in services)
    by_service: Dict[str, set] = {}
    for service, command in services:
        by_service.setdefault(service, set()).add(command)
    transports = []
    for name, gate in _TRANSPORTS:
        value = values.get(name)
        if gate is not None:
            gate_value = values.get(gate)
            if gate_value is not None and not gate_value.strip(" \t,"):
                continue
        if value is None:  # cannot be expanded: every delivery agent may be used
            return Usage(commands, commands & DELIVERY_AGENTS, tuple(transports), True, master.is_default)
        transports.append((name, value))
    all_agents = any((values.get(t) is None) or values.get(t, "").strip() for t in _TABLES)
    if all_agents:
        agents = commands & DELIVERY_AGENTS
    else:
        agents = set()
        for _name, value in transports:
            service = _service_name(value)
            agents |= by_service.get(service, {service})
        agents = frozenset(a for a in agents if a in DELIVERY_AGENTS and a in commands)
    return Usage(commands, frozenset(agents), tuple(transports), all_agents, master.is_default)
