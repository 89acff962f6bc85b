"""Public helpers the rule modules share: positions, message phrases and per-rule views of the Context.

``time`` (time parameters as each reader sees them), ``retry`` (the retry
model's figures), ``typed`` (typed-value verdicts in words), ``naming``
(parameter readers and name patterns), ``messages`` (quoting, program lists,
durations), ``syntax`` (the reader's own findings).
"""
