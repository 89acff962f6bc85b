"""The one loader of the Lark grammars in ``grammar/`` (main_cf.lark, macro.lark, master_cf.lark), cached per process.

The grammar files ship as package data of ``postfix_lint.grammar`` in a wheel
and sit in the top-level ``grammar/`` folder of a source tree; Lark is
imported only when a grammar is first needed (it is most of a cold start).

The LALR tables of each grammar the linter loads (:data:`SHIPPED`) ship
too, in the generated module ``postfix_lint.read._grammar_tables`` (written
by ``scripts/gen_grammar_tables.py`` with Lark's own serialisation,
``Lark.memo_serialize``; plain data, no code of Lark's).  :func:`load` uses
them when they were made from the same grammar text, with the same options,
by the installed Lark version, through ``Lark.load``: no grammar analysis at
run time and nothing written anywhere.  Otherwise (a grammar edited in a
source tree, another Lark version) it builds the parser from the grammar
with Lark's own cache in the temporary directory, as Lark does.
"""

from __future__ import annotations

import functools
import os

#: The grammar loads the linter makes, as (file name, Lark options): the
#: ones whose tables ship (see scripts/gen_grammar_tables.py).  A load with
#: other options works too, from the grammar.
SHIPPED = (
    ("main_cf.lark", {"parser": "lalr", "lexer": "basic", "maybe_placeholders": False,
                      "propagate_positions": False}),
    ("macro.lark", {"start": "value", "parser": "lalr", "lexer": "contextual"}),
    ("master_cf.lark", {"parser": "lalr", "lexer": "basic", "maybe_placeholders": False,
                        "propagate_positions": False}),
)

#: (name, key(options)) -> "shipped" or "built": how each grammar of this process was loaded.
loaded_from: dict = {}


def path(name: str):
    """The grammar file ``name`` (a ``pathlib.Path``) in an installed wheel or in the source tree.

    Raises FileNotFoundError when it is in neither.
    """
    from pathlib import Path

    return Path(_find(name))


def _find(name: str) -> str:
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for candidate in (os.path.join(package, "grammar", name), os.path.join(os.path.dirname(package), "grammar", name)):
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(f"grammar file {name} not found next to {package}")


def key(options: dict) -> str:
    """The options of a load as the text that keys the shipped tables."""
    return repr(sorted(options.items()))


def digest(text: str) -> str:
    """SHA-256 (hex) of a grammar's text: shipped tables are used only for the text they were made from."""
    import hashlib  # Lark imports it anyway

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shipped_tables(name: str, options: dict, text: str, lark_version: str):
    """The serialised Lark instance shipped for this grammar text, options and Lark version, or None."""
    try:
        from postfix_lint.read import _grammar_tables as shipped
    except ImportError:  # pragma: no cover - a tree without the generated module
        return None
    entry = shipped.TABLES.get((name, key(options)))
    if entry is None or shipped.LARK_VERSION != lark_version or entry["sha256"] != digest(text):
        return None
    return entry["lark"]


@functools.lru_cache(maxsize=None)
def _load(name: str, options_key: str, **options):
    import lark  # imported lazily: it is most of the start-up cost

    with open(_find(name), encoding="utf-8") as f:
        text = f.read()
    tables = shipped_tables(name, options, text, lark.__version__)
    if tables is not None:
        loaded_from[name, options_key] = "shipped"
        return lark.Lark.load(tables)
    loaded_from[name, options_key] = "built"
    return lark.Lark(text, cache=True, **options)


def load(name: str, **options):
    """A ``Lark`` instance for grammar ``name`` with ``options``: from the shipped tables, else built.

    One instance per (name, options) per process.
    """
    return _load(name, key(options), **options)
