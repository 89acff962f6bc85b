"""Reading: bytes of a main.cf -> a :class:`~postfix_lint.read.document.Document`, of a master.cf -> ``MasterCf``.

``grammar`` loads the Lark grammars, ``main_cf`` joins physical lines into
logical ones as Postfix's ``readllines()`` does and splits ``name = value``,
``document`` holds the result with positions, ``master_cf`` reads master.cf;
:func:`is_master_cf` tells the two files apart by name.  Nothing here judges
a value.
"""

import os as _os
from typing import Optional as _Optional


def is_master_cf(name: _Optional[str]) -> bool:
    """Whether a path names a master.cf: ``master.cf``, or ending in ``-master.cf``/``_master.cf``/``.master.cf``;
    Postfix's shipped copies ``master.cf.dist`` and ``master.cf.proto`` too.

    The one test of the command line and the language server (a file name test only: the
    contents are not looked at).
    """
    base = _os.path.basename(name or "")
    base = base[:-5] if base.endswith(".dist") else base[:-6] if base.endswith(".proto") else base
    return base == "master.cf" or (base.endswith("master.cf") and base[-10:-9] in "-_.")
