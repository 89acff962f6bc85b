"""Reading: the bytes of a Postfix configuration file -> records with positions.

Each reader turns one file into records that keep every byte and the
line/column of every part, using the Lark grammars in ``grammar/`` and
Postfix's own line-joining and splitting rules (``readllines()``,
``split_nameval()``, ``mystrtokq()``); ``master_cf`` reads master.cf.
Nothing here judges a value beyond what Postfix itself refuses when it
reads the file.
"""
