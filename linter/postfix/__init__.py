"""Postfix semantics as pure functions and data, at the bottom of the package.

Nothing here reads files, knows a Document or a rule: the modules model what
Postfix itself does (string helpers, value conversion, ``$`` expansion, the
parameter database, the queue manager's retry schedule), each citing the
Postfix C function or document it follows.  Everything above may import it.
"""
