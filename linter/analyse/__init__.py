"""Analysis: one Document (plus master.cf) -> the per-file facts the rules read, each computed once.

``context.Context`` owns them (effective values per reading program, the
name walk, master.cf services, time settings, the retry model, typed
verdicts); ``resolver`` evaluates values the way each daemon does,
``names`` reproduces postconf's unused/undefined walk.
"""
