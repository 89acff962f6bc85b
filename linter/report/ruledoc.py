"""Rule documentation, rendered from each rule module's docstring (the single source).

``--explain``, ``docs/rules.md`` (``scripts/gen_rule_docs.py``), the
README's rule table and the SARIF ``rules[]`` all come from here.  A rule
docstring is a one-line summary, then these ``## `` headings in order:
What it does, Why it matters, Example, Use instead, References; plus
Options (anywhere after the summary) when the rule has ``OPTIONS``.
"""

from __future__ import annotations

import inspect
import re
from typing import Dict, Iterable, List, Sequence, Tuple

from postfix_lint.report.settings_toml import toml_value

REQUIRED = ("What it does", "Why it matters", "Example", "Use instead", "References")
OPTIONS_HEADING = "Options"
REPOSITORY = "https://github.com/postfix-lint/postfix-lint"
RULES_DOC = f"{REPOSITORY}/blob/main/docs/rules.md"
_HEADING = re.compile(r"^## (.+?)\s*$")


def docstring(module) -> str:
    return inspect.getdoc(module) or ""


def summary(module) -> str:
    doc = docstring(module).strip()
    return doc.splitlines()[0].strip() if doc else ""


def sections(module) -> List[Tuple[str, str]]:
    """[(heading, body)] in order; the text before the first heading has heading ''."""
    out: List[Tuple[str, List[str]]] = [("", [])]
    for line in docstring(module).splitlines():
        m = _HEADING.match(line)
        if m:
            out.append((m.group(1), []))
        else:
            out[-1][1].append(line)
    return [(h, "\n".join(body).strip("\n")) for h, body in out]


def section(module, heading: str) -> str:
    for h, body in sections(module):
        if h == heading:
            return body
    return ""


def anchor(module) -> str:
    """The GitHub anchor of the rule's heading in docs/rules.md."""
    return f"{module.CODE}-{module.NAME}".lower()


def help_uri(module) -> str:
    return f"{RULES_DOC}#{anchor(module)}"


def _default_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def options_summary(module) -> List[str]:
    """['threshold (time, default 1d)', ...]"""
    opts = getattr(module, "OPTIONS", {}) or {}
    defaults = getattr(module, "DEFAULTS", {}) or {}
    return [f"{name} ({kind}, default {_default_text(defaults.get(name))})" for name, kind in opts.items()]


def config_snippet(module) -> str:
    """The pyproject.toml table that sets the rule's options to their defaults."""
    lines = [f"[tool.postfix-lint.rules.{module.NAME}]"]
    for name in getattr(module, "OPTIONS", {}) or {}:
        lines.append(f"{name} = {toml_value(module.DEFAULTS[name])}")
    return "\n".join(lines)


#: Every rule runs unless the configuration deselects it.
_ENABLED_TEXT = "enabled by default"


_LITERAL = re.compile(r"``([^`]+?)``")


def terminal(text: str) -> str:
    """Docstring text for a terminal: reStructuredText literals ````x```` become ``'x'``."""
    return _LITERAL.sub(lambda m: f"'{m.group(1)}'", text)


def explain(module) -> str:
    """What ``postfix-lint --explain RULE`` prints (plain text: no reStructuredText markup)."""
    head = f"{module.CODE} {module.NAME} (default severity: {module.SEVERITY}; {_ENABLED_TEXT})"
    opts = options_summary(module)
    extra = f"\nOptions: {'; '.join(opts)}\n" if opts else ""
    return f"{head}\n{extra}\n{terminal(docstring(module))}\n"


def explain_ident(ident: str) -> str:
    """:func:`explain` for a rule code or name; raises ``rules.UnknownRule``."""
    from postfix_lint.rules import RULES, resolve_code

    return explain(RULES[resolve_code(ident)])


def rule_list() -> str:
    """What ``postfix-lint --list-rules`` prints: code, name, severity and summary, one rule a line."""
    return "".join(f"{m.CODE}  {m.NAME:<40} {str(m.SEVERITY):<8} {terminal(summary(m))}\n" for m in all_rules())


def rule_list_json() -> str:
    """``postfix-lint --list-rules --format json``: a JSON array of ``{"code", "name", "severity",
    "summary", "help_uri"}`` objects, one per rule, in code order (the same rules as :func:`rule_list`)."""
    import json

    return json.dumps([{"code": m.CODE, "name": m.NAME, "severity": str(m.SEVERITY), "summary": summary(m),
                        "help_uri": help_uri(m)}
                       for m in all_rules()], indent=2) + "\n"


def _markdown_body(body: str) -> str:
    """Indented blocks become fenced code blocks (main.cf examples keep their own indentation)."""
    lines = body.splitlines()
    out: List[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        prev_blank = not out or not out[-1].strip()
        if line.startswith("    ") and prev_blank:
            block = []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                block.append(lines[i][4:])
                i += 1
            while block and not block[-1].strip():
                block.pop()
                i -= 1
            out += ["```", *block, "```"]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def rule_markdown(module) -> str:
    """One rule's section of docs/rules.md."""
    parts = [f"## {module.CODE} {module.NAME}", ""]
    intro = sections(module)[0][1]
    parts += [_markdown_body(intro), ""]
    parts += [f"Code `{module.CODE}`, name `{module.NAME}`; default severity **{module.SEVERITY}**;"
              f" {_ENABLED_TEXT}.", ""]
    for heading, body in sections(module)[1:]:
        parts += [f"### {heading}", "", _markdown_body(body), ""]
        if heading == OPTIONS_HEADING:
            parts += ["Set in pyproject.toml (or, without the `tool.postfix-lint.` prefix, in"
                      " `.postfix-lint.toml`); these are the defaults:", "",
                      "```toml", config_snippet(module), "```", ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def short_table(modules: Iterable) -> str:
    """The README's table: code, name, severity, summary, each code linking to its documentation."""
    rows = ["| code | name | severity | what it reports |", "|---|---|---|---|"]
    for m in modules:
        rows.append(f"| [{m.CODE}](docs/rules.md#{anchor(m)}) | {m.NAME} | {m.SEVERITY} | {_cell(summary(m))} |")
    return "\n".join(rows) + "\n"


def catalogue(modules: Sequence) -> str:
    """The whole of docs/rules.md."""
    parts = [
        "# Rules",
        "",
        "<!-- Generated by scripts/gen_rule_docs.py from the rule docstrings in linter/rules/."
        " Do not edit: edit the docstring and run the script. -->",
        "",
        "Every rule has a code and a name; both work everywhere a rule is named: `--select`,"
        " `--ignore`, `--explain`, the configuration file and suppression comments."
        " `postfix-lint --explain RULE` prints the same text in a terminal.",
        "",
        "| code | name | severity | what it reports |",
        "|---|---|---|---|",
    ]
    for m in modules:
        parts.append(f"| [{m.CODE}](#{anchor(m)}) | {m.NAME} | {m.SEVERITY} | {_cell(summary(m))} |")
    parts.append("")
    for m in modules:
        parts.append(rule_markdown(m))
    return "\n".join(parts).rstrip("\n") + "\n"


def all_rules() -> List:
    from postfix_lint.rules import RULES

    return list(RULES.values())


def full_description(module) -> str:
    """The 'What it does' section as one paragraph (SARIF fullDescription)."""
    text = section(module, "What it does") or summary(module)
    return " ".join(text.split())


def markers() -> Dict[str, str]:
    return {"start": "<!-- rules-table:start (generated by scripts/gen_rule_docs.py) -->",
            "end": "<!-- rules-table:end -->"}
