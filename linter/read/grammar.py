"""The one loader of the Lark grammars in ``grammar/`` (main_cf.lark, macro.lark, master_cf.lark), cached per process.

The grammar files ship as package data of ``postfix_lint.grammar`` in a wheel
and sit in the top-level ``grammar/`` folder of a source tree; Lark is
imported only when a grammar is first needed (it is most of a cold start).
"""

from __future__ import annotations

import functools
from pathlib import Path


def path(name: str) -> Path:
    """The grammar file ``name`` in an installed wheel or in the source tree.

    Raises FileNotFoundError when it is in neither.
    """
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "grammar" / name, package.parent / "grammar" / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"grammar file {name} not found next to {package}")


@functools.lru_cache(maxsize=None)
def load(name: str, **options):
    """A ``Lark`` instance for grammar ``name`` with ``options`` (LALR tables from Lark's cache)."""
    from lark import Lark  # imported lazily: it is most of the start-up cost

    return Lark(path(name).read_text(encoding="utf-8"), cache=True, **options)
