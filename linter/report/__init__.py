"""Renderings for people and tools: pure functions from results to text, above the engine and config.

``formats`` prints problems (text, concise, json, sarif, github, gitlab,
statistics), ``ruledoc`` the rule documentation (``--explain``,
``--list-rules``, docs/rules.md), ``settings_toml`` the effective settings
(``--show-settings``) and the one TOML writer, ``schedule`` the retry
schedule of ``postfix-lint schedule``.  Nothing here reads files or prints:
the :mod:`postfix_lint.cli` package does.
"""
