"""Suppression comments: every form, continuation lines, and the PF090 unused-suppression report."""

from __future__ import annotations

import pytest

from postfix_lint.engine import Settings, lint_text
from postfix_lint.problem import Severity

# Rules that need nothing but the text: PF010 duplicate-parameter (reported
# at the overridden name), PF001 missing-equals, PF106 inline-comment.
DUP = "myhostname = a\nmyhostname = b\n"


def found(text, select=("PF010", "PF001", "PF106", "PF090"), **kw):
    """[(line, column, code)] of the problems left after suppression."""
    return [(p.line, p.column, p.code) for p in lint_text(text, "main.cf", Settings(select=list(select), **kw))]


def pf090(text, **kw):
    return [(p.line, p.column, p.message) for p in lint_text(text, "main.cf", Settings(select=["PF010", "PF001", "PF106", "PF090"], **kw))
            if p.code == "PF090"]


def test_baseline_without_directives():
    assert found(DUP) == [(1, 1, "PF010")]


# --------------------------------------------------------------------------- disable-next-line


@pytest.mark.parametrize("ident", ["PF010", "pf010", "duplicate-parameter"])
def test_disable_next_line_by_code_or_name(ident):
    assert found(f"# postfix-lint: disable-next-line={ident}\n" + DUP) == []


def test_disable_next_line_with_reason_and_spacing():
    text = "#postfix-lint:disable-next-line = PF001 , PF010 -- kept for the old relay\n" + DUP
    assert found(text) == [(1, 35, "PF090")]  # PF010 silenced; PF001 was not needed
    assert found("#postfix-lint:disable-next-line = PF010  --why\n" + DUP) == []


def test_disable_next_line_only_covers_the_next_logical_line():
    text = "# postfix-lint: disable-next-line=PF010\nmyhostname = a\nmyhostname = b\nmyhostname = c\n"
    assert found(text) == [(3, 1, "PF010")]


def test_disable_next_line_skips_blank_and_comment_lines_and_stacks():
    text = ("# postfix-lint: disable-next-line=PF010 -- one\n\n# a note\n"
            "# postfix-lint: disable-next-line=PF001 -- two\n"
            "myhostname = a\nbroken line\nmyhostname = b\n")
    # line 5 (PF010) is covered by the first directive; PF001 on line 6 is not covered
    assert found(text) == [(4, 35, "PF090"), (6, 1, "PF001")]


def test_disable_next_line_covers_the_continuation_lines_of_the_logical_line():
    text = "# postfix-lint: disable-next-line=PF106\nmydestination = a,\n  b # c\nx = y # z\n"
    assert found(text) == [(4, 7, "PF106")]


def test_directive_between_continuation_lines():
    text = "mydestination = a,\n  b,\n# postfix-lint: disable-next-line=inline-comment\n  c # d\nx = 1\n"
    assert found(text) == []
    # the directive covers what follows it, not the lines above
    text = "mydestination = a # b\n  c,\n# postfix-lint: disable-next-line=inline-comment\n  d\n"
    assert found(text) == [(1, 19, "PF106"), (3, 35, "PF090")]


def test_indented_directive_is_a_comment_too():
    assert found("mydestination = a,\n    # postfix-lint: disable-next-line=PF106\n  c # d\n") == []


def test_crlf_file():
    assert found("# postfix-lint: disable-next-line=PF010 -- crlf\r\nmyhostname = a\r\nmyhostname = b\r\n",
                 select=("PF010", "PF090")) == []


# --------------------------------------------------------------------------- ranges and file


def test_disable_enable_range():
    text = ("# postfix-lint: disable=PF010\n" + DUP + "# postfix-lint: enable=PF010\n"
            "smtpd_banner = a\nsmtpd_banner = b\n")
    assert found(text) == [(5, 1, "PF010")]


def test_disable_without_enable_runs_to_the_end_of_the_file():
    assert found("a = 1\n# postfix-lint: disable=PF010,PF001\n" + DUP + "oops\n") == []


def test_disable_on_line_1_covers_problems_reported_at_line_1():
    # problems about unset parameters are reported at 1:1
    text = "queue_run_delay = 300s\n"
    assert [c for _, _, c in found(text, select=("PF204",))] == ["PF204"]
    assert found("# postfix-lint: disable=PF204\n" + text, select=("PF204", "PF090")) == []


@pytest.mark.parametrize("where", ["top", "bottom"])
def test_disable_file_anywhere(where):
    directive = "# postfix-lint: disable-file=duplicate-parameter\n"
    text = directive + DUP + DUP if where == "top" else DUP + DUP + directive
    assert found(text) == []


# --------------------------------------------------------------------------- PF090


def test_unused_next_line_is_reported_at_the_rule_it_names():
    text = "# postfix-lint: disable-next-line=PF001,PF010\n" + DUP
    assert pf090(text) == [(1, 35, "unused suppression: no PF001 (missing-equals) problem on line 2")]


def test_unused_next_line_over_a_continued_value():
    text = "# postfix-lint: disable-next-line=PF010\nmydestination = a,\n  b,\n\n  c\nx = 1\n"
    assert pf090(text) == [(1, 35, "unused suppression: no PF010 (duplicate-parameter) problem on lines 2-5"
                                   " (the next logical line)")]


def test_next_line_at_end_of_file():
    assert pf090("a = 1\n# postfix-lint: disable-next-line=PF010\n\n") == [
        (2, 1, "unused suppression: no line follows this comment")]


def test_unused_range_and_file():
    text = ("# postfix-lint: disable-file=PF001\n# postfix-lint: disable=PF010\na = 1\n"
            "# postfix-lint: enable=PF010\n")
    assert pf090(text) == [
        (1, 30, "unused suppression: no PF001 (missing-equals) problem in this file"),
        (2, 25, "unused suppression: no PF010 (duplicate-parameter) problem on lines 2-4"),
    ]


def test_enable_without_disable_and_double_disable():
    text = "# postfix-lint: enable=PF010\n# postfix-lint: disable=PF010\n# postfix-lint: disable=PF010\n" + DUP
    assert pf090(text) == [
        (1, 24, "enable=PF010 has no disable=PF010 above it"),
        (3, 25, "PF010 is already disabled since line 2"),
    ]
    assert found(text, select=("PF010",)) == []


@pytest.mark.parametrize("comment, message", [
    ("# postfix-lint: disable-line=PF010", "unknown suppression action 'disable-line' (allowed: disable-next-line,"
                                           " disable, enable, disable-file); main.cf has no end-of-line comments"),
    ("# postfix-lint: disable-next-line", "'disable-next-line' must name the rules it applies to"),
    ("# postfix-lint: disable-file", "'disable-file' must name the rules it applies to"),
    ("# postfix-lint: disable-next-line=", "bad rule list in suppression comment"),
    ("# postfix-lint: disable-next-line=PF010 PF001", "bad rule list in suppression comment"),
    ("# postfix-lint: disable-next-line=PF010,,PF001", "bad rule list in suppression comment"),
    ("# postfix-lint: -- why", "suppression comment not understood"),
    ("# postfix-lint: disable-next-line PF010", "must name the rules it applies to"),
])
def test_malformed_directives_are_reported(comment, message):
    (hit,) = pf090(comment + "\n" + DUP)
    assert hit[0] == 1 and hit[1] == 1 and message in hit[2], hit
    # ... and suppress nothing
    assert (2, 1, "PF010") in found(comment + "\n" + DUP)


def test_unknown_rule_is_reported_and_the_known_ones_still_work():
    text = "# postfix-lint: disable-next-line=PF010,no-such-rule\n" + DUP
    assert pf090(text) == [(1, 41, "unknown rule 'no-such-rule' in suppression comment (see --list-rules)")]
    assert [c for _, _, c in found(text)] == ["PF090"]


def test_directive_after_a_value_is_part_of_the_value():
    text = "myhostname = a # postfix-lint: disable-next-line=PF010\nmyhostname = b\n"
    assert pf090(text) == [(1, 16, "this suppression comment is part of the value (main.cf has no end-of-line"
                                   " comments); put it on a line of its own above the parameter, as"
                                   " '# postfix-lint: disable-next-line=CODE'")]


def test_ordinary_comments_mentioning_the_tool_are_not_directives():
    assert pf090("# checked by postfix-lint in CI\n# postfix-lintian: x\n" + DUP) == []


def test_pf090_can_be_suppressed_and_unused_pf090_directives_are_reported():
    text = "# postfix-lint: disable-file=PF090\n# postfix-lint: disable-next-line=PF001\n" + DUP
    assert found(text) == [(3, 1, "PF010")]
    assert pf090("# postfix-lint: disable-file=unused-suppression\n" + DUP) == [
        (1, 30, "unused suppression: no PF090 (unused-suppression) problem in this file")]


def test_not_reported_when_pf090_is_not_enabled_but_suppression_still_works():
    text = "# postfix-lint: disable-next-line=PF010,nope\n" + DUP + "# postfix-lint: disable-line=x\n"
    assert found(text, select=("PF010",)) == []


def test_rules_not_enabled_are_not_reported_as_unused():
    # the same file may be linted with another selection elsewhere
    text = "# postfix-lint: disable-next-line=PF204\n" + DUP
    assert found(text, select=("PF010", "PF090")) == [(2, 1, "PF010")]


def test_pf090_severity_can_be_overridden():
    problems = lint_text("# postfix-lint: disable-file=PF001\na = 1\n", "main.cf",
                         Settings(select=["PF001", "PF090"], severity={"PF090": Severity.ERROR}))
    assert [(p.code, p.severity, p.rule) for p in problems] == [("PF090", Severity.ERROR, "unused-suppression")]


def test_suppression_works_through_the_cli_and_counts_for_the_exit_status(write, capsys):
    from postfix_lint.cli import main

    path = write("# postfix-lint: disable-next-line=PF010\n" + DUP)
    assert main([str(path), "--isolated", "--select", "PF010,PF090"]) == 0
    path = write("# postfix-lint: disable-next-line=PF001\n" + DUP)
    assert main([str(path), "--isolated", "--select", "PF001,PF010,PF090"]) == 1
    out = capsys.readouterr().out
    assert f"{path}:1:35: PF090 warning: unused suppression" in out


# --------------------------------------------------------------------------- master.cf


def master(text, select=("PF101", "PF090", "PF310")):
    """[(line, column, code)] left after suppression in ``text`` read as master.cf."""
    from postfix_lint.engine import lint_master_bytes

    return [(p.line, p.column, p.code) for p in lint_master_bytes(text.encode(), "master.cf",
                                                                   Settings(select=list(select)))]


QMGR = "qmgr unix n - n 300 1 qmgr\n  -o queue_run_delay=15M\n"
SMTP = "x unix - - n - - smtp -o smtp_connect_timeout=5x\n"


def test_master_cf_baseline():
    assert master(QMGR + SMTP) == [(2, 22, "PF101"), (3, 47, "PF101")]


@pytest.mark.parametrize("directive", ["# postfix-lint: disable-next-line=PF101 -- on purpose\n",
                                       "  # postfix-lint: disable-next-line=invalid-time\n"])
def test_master_cf_disable_next_line_covers_the_whole_service(directive):
    assert master(directive + QMGR + SMTP) == [(4, 47, "PF101")]


def test_master_cf_directive_between_continuation_lines():
    text = "qmgr unix n - n 300 1 qmgr\n# postfix-lint: disable-next-line=PF101\n  -o queue_run_delay=15M\n"
    assert master(text + SMTP) == [(4, 47, "PF101")]


def test_master_cf_disable_enable_and_file():
    text = "# postfix-lint: disable=PF101\n" + QMGR + "# postfix-lint: enable=PF101\n" + SMTP
    assert master(text) == [(5, 47, "PF101")]
    assert master("# postfix-lint: disable-file=PF101\n" + QMGR + SMTP) == []


def test_master_cf_unused_and_misplaced_directives_are_pf090():
    text = "# postfix-lint: disable-next-line=PF101,PF310\n" + QMGR
    assert master(text) == [(1, 41, "PF090")]  # PF101 used, PF310 suppresses nothing
    # after the fields, "#..." is command arguments to Postfix, not a comment
    [(line, column, code)] = master("x unix - - n - - smtp # postfix-lint: disable-next-line=PF310\n")
    assert (line, column, code) == (1, 23, "PF090")
    # with PF090 off, nothing is reported about directives
    assert master("# postfix-lint: disable-next-line=PF310\n" + QMGR, ("PF101",)) == [(3, 22, "PF101")]
