"""Problem formatters (text, concise, json, sarif, github, gitlab, statistics): pure functions from results to text.

Every formatter takes ``results`` (``[(path, [Problem])]``, one pair per
linted file, problems sorted) and keyword options; it ignores the options it
does not use:

``sources``
    ``{path: text}``, the decoded text of each file (source excerpts in
    ``text``, stable fingerprints in ``sarif`` and ``gitlab``);
``color``
    ANSI colours (``text``, and ``concise`` for callers that want it); the
    CLI decides, from the terminal, NO_COLOR and FORCE_COLOR, and never
    colours ``concise``, which editors parse;
``excerpts``, ``summary``
    the source line with a caret under the column, and a closing summary
    line (``text`` on a terminal);
``root``
    the directory relative artifact paths are computed against (``sarif``,
    ``gitlab``); default: paths are used as given;
``targets``
    the target release of each result (``target-version`` as configured,
    None: every release), named by the ``text`` summary.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from postfix_lint.problem import Problem, Severity

Results = Sequence[Tuple[str, List[Problem]]]

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}


def clean(text: str) -> str:
    """Printable text: control characters and undecodable bytes become visible escapes.

    Messages quote file content; a terminal must not receive its escape
    sequences, and one problem must stay one line.
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # surrogateescape: an undecodable byte
            out.append(f"\\x{o - 0xDC00:02x}")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F:
            out.append(f"\\x{o:02x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _utf8_safe(text: str) -> str:
    """Undecodable bytes (lone surrogates) as escapes; everything else unchanged."""
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return text
    return "".join(f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF
                   else (f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c) for c in text)


def line(path: str, p: Problem) -> str:
    """The one-line form editors and CI parse: ``PATH:LINE:COL: CODE severity: message``."""
    return f"{clean(path)}:{p.line}:{p.column}: {p.code} {p.severity}: {clean(p.message)}"


def _line_coloured(path: str, p: Problem) -> str:
    colour = _COLOURS.get(p.severity, _BOLD)
    return (f"{_BOLD}{clean(path)}{_RESET}:{p.line}:{p.column}: {colour}{p.code}{_RESET}"
            f" {colour}{p.severity}{_RESET}: {clean(p.message)}")


def concise(results: Results, *, color: bool = False, **_: Any) -> str:
    render = _line_coloured if color else line
    return "".join(render(path, p) + "\n" for path, problems in results for p in problems)


def _display(ch: str) -> str:
    if ch == "\t":
        return "\t"
    return clean(ch)


def excerpt(source_line: str, p: Problem, color: bool = False, gutter: int = 0) -> str:
    """The source line and a caret line under the problem's columns (tabs kept for alignment).

    ``gutter`` is the width of the line-number column (at least the number's).
    """
    shown = [_display(ch) for ch in source_line]
    start = min(max(p.column - 1, 0), len(shown))
    if p.end_line == p.line and p.end_column > p.column:
        end = min(p.end_column - 1, len(shown))
    else:
        end = start + 1
    end = max(end, start + 1)
    pad = "".join("\t" if s == "\t" else " " * len(s) for s in shown[:start])
    width = sum(len(s) if s != "\t" else 1 for s in shown[start:end]) or 1
    marks = "^" + "~" * (width - 1)
    number = str(p.line).rjust(gutter)
    gutter = " " * len(number)
    if color:
        colour = _COLOURS.get(p.severity, _BOLD)
        marks = f"{colour}{marks}{_RESET}"
        return f"{_DIM}{number} |{_RESET} {''.join(shown)}\n{_DIM}{gutter} |{_RESET} {pad}{marks}\n"
    return f"{number} | {''.join(shown)}\n{gutter} | {pad}{marks}\n"


def summary_line(results: Results, targets: Optional[Sequence[Optional[str]]] = None) -> str:
    """'3 problems (1 error, 2 warnings) in 2 files' / 'no problems in 1 file', then the profile(s) used:
    '; judged as Postfix 3.7.22 (target-version 3.7)'."""
    return _summary(results) + _profiles_note(targets)


def _profiles_note(targets: Optional[Sequence[Optional[str]]]) -> str:
    if not targets:
        return "\n"
    from postfix_lint.postfix.profiles import describe_target

    labels = list(dict.fromkeys(describe_target(t) for t in targets))
    return f"; judged as {' / '.join(labels)}\n"


def _summary(results: Results) -> str:
    files = len(results)
    counts = {s: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    for _, problems in results:
        for p in problems:
            counts[p.severity] = counts.get(p.severity, 0) + 1
    total = sum(counts.values())
    where = f"in {files} file{'s' if files != 1 else ''}"
    if not total:
        return f"no problems {where}"
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return f"{total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) {where}"


def text(results: Results, *, sources: Optional[Mapping[str, str]] = None, color: bool = False,
         excerpts: bool = False, summary: bool = False, targets: Optional[Sequence[Optional[str]]] = None,
         **_: Any) -> str:
    """Default format: problem lines; on a terminal also source excerpts and a summary."""
    out: List[str] = []
    for path, problems in results:
        lines = sources[path].split("\n") if excerpts and sources and path in sources else None
        width = len(str(max((p.line for p in problems), default=1)))
        for p in problems:
            out.append((_line_coloured if color else line)(path, p) + "\n")
            # A zero-width problem (a parameter that is not set, reported at 1:1) has no text to show.
            zero_width = p.end_line == p.line and p.end_column <= p.column
            if lines is not None and 1 <= p.line <= len(lines) and not zero_width:
                out.append(excerpt(lines[p.line - 1].rstrip("\r"), p, color, width))
    if summary:
        if out and excerpts:
            out.append("\n")
        out.append(summary_line(results, targets))
    return "".join(out)


# --------------------------------------------------------------------------- JSON


def problem_dict(path: str, p: Problem) -> dict:
    return {
        "path": _utf8_safe(path),
        "line": p.line,
        "column": p.column,
        "end_line": p.end_line,
        "end_column": p.end_column,
        "code": p.code,
        "rule": p.rule,
        "severity": str(p.severity),
        "message": _utf8_safe(p.message),
    }


def as_json(results: Results, **_: Any) -> str:
    import json

    problems = [problem_dict(path, p) for path, ps in results for p in ps]
    return json.dumps({"problems": problems}, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- fingerprints and paths


def _relative(path: str, root: Optional[str]) -> str:
    import os

    if root is not None and os.path.isabs(path):
        rel = os.path.relpath(path, root)
        if not rel.startswith(".."):
            path = rel
    return path.replace(os.sep, "/")


def fingerprints(path: str, problems: Iterable[Problem], source: Optional[str]) -> List[str]:
    """One stable hash per problem: rule, path and the flagged line's text, not its number.

    Moving a line does not change its fingerprint; identical keys are told
    apart by their order of occurrence.
    """
    import hashlib

    lines = source.split("\n") if source is not None else None
    seen: Dict[str, int] = {}
    out = []
    for p in problems:
        if lines is not None and 1 <= p.line <= len(lines):
            content = " ".join(lines[p.line - 1].split())
        else:
            content = f"line {p.line}"
        key = f"{p.code}\0{path}\0{content}"
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(hashlib.sha256(f"{key}\0{n}".encode("utf-8", "surrogateescape")).hexdigest()[:32])
    return out


# --------------------------------------------------------------------------- SARIF

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif_rule(module) -> dict:
    from postfix_lint.report import ruledoc

    return {
        "id": module.CODE,
        "name": module.NAME,
        "shortDescription": {"text": ruledoc.summary(module)},
        "fullDescription": {"text": ruledoc.full_description(module)},
        "help": {"text": ruledoc.docstring(module), "markdown": ruledoc.rule_markdown(module)},
        "helpUri": ruledoc.help_uri(module),
        "defaultConfiguration": {
            "level": SARIF_LEVELS[module.SEVERITY],
            "enabled": True,  # every rule runs unless the configuration deselects it
        },
        "properties": {"tags": ["postfix", "main.cf"]},
    }


def sarif(results: Results, *, sources: Optional[Mapping[str, str]] = None, root: Optional[str] = None,
          **_: Any) -> str:
    """SARIF 2.1.0: one run, the complete rule catalogue, one result per problem."""
    import json
    from urllib.parse import quote

    from postfix_lint import __version__
    from postfix_lint.report import ruledoc
    from postfix_lint.rules import RULES

    modules = list(RULES.values())
    index = {m.CODE: i for i, m in enumerate(modules)}
    out_results = []
    for path, problems in results:
        rel = _relative(path, root)
        artifact = {"uri": quote(_utf8_safe(rel), safe="/"), "uriBaseId": "%SRCROOT%"}
        if rel.startswith("/"):  # outside the working directory: an absolute file URI
            artifact = {"uri": "file://" + quote(_utf8_safe(rel), safe="/")}
        prints = fingerprints(rel, problems, (sources or {}).get(path))
        for p, fp in zip(problems, prints):
            result = {
                "ruleId": p.code,
                "level": SARIF_LEVELS.get(p.severity, "warning"),
                "message": {"text": _utf8_safe(p.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": p.line,
                            "startColumn": p.column,
                            "endLine": max(p.end_line, p.line),
                            "endColumn": max(p.end_column, 1),
                        },
                    },
                }],
                "partialFingerprints": {"postfixLint/v1": fp},
            }
            if p.code in index:
                result["ruleIndex"] = index[p.code]
            out_results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "postfix-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": ruledoc.REPOSITORY,
                "rules": [sarif_rule(m) for m in modules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": out_results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- GitHub Actions

GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github_data(text: str) -> str:
    """Escape a workflow command's message (after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Escape a workflow command property value (``file=``, ``title=``...)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results: Results, **_: Any) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per problem."""
    out = []
    for path, problems in results:
        for p in problems:
            props = ",".join([
                f"file={github_property(_utf8_safe(path))}",
                f"line={p.line}",
                f"col={p.column}",
                f"endLine={max(p.end_line, p.line)}",
                f"endColumn={max(p.end_column, 1)}",
                f"title={github_property(p.code)}",
            ])
            message = github_data(_utf8_safe(p.message))
            out.append(f"::{GITHUB_LEVELS.get(p.severity, 'warning')} {props}::{message}\n")
    return "".join(out)


# --------------------------------------------------------------------------- GitLab code quality

GITLAB_SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def gitlab(results: Results, *, sources: Optional[Mapping[str, str]] = None, root: Optional[str] = None,
           **_: Any) -> str:
    """GitLab code quality report (a JSON array of Code Climate issues)."""
    import json

    issues = []
    for path, problems in results:
        rel = _utf8_safe(_relative(path, root))
        for p, fp in zip(problems, fingerprints(rel, problems, (sources or {}).get(path))):
            issues.append({
                "type": "issue",
                "check_name": p.code,
                "description": _utf8_safe(p.message),
                "categories": ["Bug Risk"],
                "severity": GITLAB_SEVERITIES.get(p.severity, "major"),
                "fingerprint": fp,
                "location": {
                    "path": rel,
                    "positions": {
                        "begin": {"line": p.line, "column": p.column},
                        "end": {"line": max(p.end_line, p.line), "column": max(p.end_column, 1)},
                    },
                },
            })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- --statistics


def statistics_rows(results: Results) -> List[Tuple[str, str, str, int]]:
    """[(code, rule, severity, count)], most frequent first."""
    counts: Dict[Tuple[str, str, str], int] = {}
    for _, problems in results:
        for p in problems:
            key = (p.code, p.rule, str(p.severity))
            counts[key] = counts.get(key, 0) + 1
    return sorted(((c, r, s, n) for (c, r, s), n in counts.items()), key=lambda row: (-row[3], row[0]))


def statistics(results: Results, *, color: bool = False, **_: Any) -> str:
    rows = statistics_rows(results)
    if not rows:
        return ""
    width = max(len(str(n)) for *_, n in rows)
    name_w = max(len(r) for _, r, _, _ in rows)
    out = []
    for code, rule, severity, n in rows:
        sev = severity
        if color:
            colour = _COLOURS.get(Severity.parse(severity), _BOLD)
            sev = f"{colour}{severity}{_RESET}"
        out.append(f"{n:>{width}}  {code}  {rule:<{name_w}}  {sev}".rstrip() + "\n")
    return "".join(out)


def statistics_json(results: Results, **_: Any) -> str:
    import json

    rows = [{"code": c, "rule": r, "severity": s, "count": n} for c, r, s, n in statistics_rows(results)]
    return json.dumps({"statistics": rows}, indent=2) + "\n"


FORMATTERS = {"text": text, "concise": concise, "json": as_json, "sarif": sarif, "github": github,
              "gitlab": gitlab}
