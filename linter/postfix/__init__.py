"""Postfix semantics as pure functions: no documents, no rules."""
