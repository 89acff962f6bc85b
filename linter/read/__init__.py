"""Reading: bytes of a main.cf -> a :class:`~postfix_lint.read.document.Document`.

``grammar`` loads the Lark grammars, ``main_cf`` joins physical lines into
logical ones as Postfix's ``readllines()`` does and splits ``name = value``,
``document`` holds the result with positions.  Nothing here judges a value.
"""
