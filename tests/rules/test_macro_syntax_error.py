"""PF113 macro-syntax-error: A ``$`` expression that Postfix cannot parse."""

from __future__ import annotations

from helpers import lint, messages, problems

from postfix_lint.problem import Severity

CODE = "PF113"
BAD = 'smtpd_banner = $myhostname ${mail_name\n'
GOOD = 'smtpd_banner = $myhostname ${mail_name}\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 28, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_macro_syntax_error_messages():
    [msg] = messages("myhostname = ${env[\"HOST\"]}\n", "PF113")
    assert "attribute name syntax error" in msg
    assert "every Postfix program" in msg and "macro processing error" in msg
    [msg] = messages("smtpd_banner = a$\n", "PF113")
    assert 'empty macro name: "a$"' in msg and "smtpd" in msg


def test_macro_syntax_error_in_untaken_branch():
    [msg] = messages("smtpd_banner = ${mail_name:{$}}\n", "PF113")
    assert "branch the current settings do not take" in msg


def test_macro_syntax_error_unknown_names_only_when_used():
    assert problems("foo = $x$\n", select=["PF113"]) == []  # nothing expands foo: PF110 reports it
    found = problems("foo = $x$\nsmtpd_banner = $foo\n", select=["PF113"])
    assert found == [(1, 9, "PF113")]
    assert "used by smtpd_banner" in messages("foo = $x$\nsmtpd_banner = $foo\n", "PF113")[0]


def test_macro_syntax_error_skips_raw_and_time_parameters():
    assert problems("mailbox_command = /x ${y\n", select=["PF113"]) == []
    # a time parameter that fails to expand is unresolvable-reference's (PF206)
    assert problems("queue_run_delay = ${x\n", select=["PF113"]) == []
    assert problems("queue_run_delay = ${x\n", select=["PF206"])


def test_compatibility_level_operator_is_valid():
    assert problems("smtputf8_enable = ${{$compatibility_level} <level {1} ? {no} : {yes}}\n",
                    select=["PF113", "PF120"], target_version="3.6") == []
    assert problems("smtputf8_enable = ${{$compatibility_level} <lvl {1} ? {no} : {yes}}\n",
                    select=["PF113"])


LEVEL = "smtputf8_enable = ${{$compatibility_level} <level {1} ? {no} : {yes}}\n"
IDNA = "myhostname = ${domain_to_ascii{b\u00fccher.example}}\n"


def test_level_operators_are_fatal_before_3_6_with_the_3_5_message():
    [p] = lint(LEVEL, "PF113", target_version="3.5.27")
    assert p.severity == Severity.ERROR
    assert '"{expression}" expected at: "...{$compatibility_level} <>>>level {1} ? {no} : {"' in p.message
    assert lint(LEVEL, "PF113", target_version="3.6.0") == []


def test_named_functions_exist_from_3_11():
    assert lint(IDNA, "PF113", target_version="3.11") == []
    assert lint(IDNA, "PF113", target_version="3.11.0") == []
    [p] = lint(IDNA, "PF113", target_version="3.10")
    assert p.severity == Severity.ERROR
    assert 'attribute name syntax error at: "...domain_to_ascii>>>{b\u00fccher.example}"' in p.message


def test_each_release_words_an_unknown_function_its_own_way():
    text = "myhostname = ${nosuchfn{x}}\n"
    [old] = lint(text, "PF113", target_version="3.10")
    [new] = lint(text, "PF113", target_version="3.11")
    assert 'attribute name syntax error at: "...nosuchfn>>>{x}"' in old.message
    assert 'unknown function "nosuchfn" at"...>>>nosuchfn{x}"' in new.message
    [after] = lint("myhostname = ${domain_to_ascii{x} y}\n", "PF113", target_version="3.12")
    assert 'unexpected input at: "...x}>>>y"' in after.message


def test_without_a_target_release_dependent_syntax_is_information_naming_the_releases():
    [p] = lint(IDNA, "PF113")
    assert p.severity == Severity.INFO and "Postfix 3.5 - 3.10 cannot parse it" in p.message
    [p] = lint(LEVEL, "PF113")
    assert p.severity == Severity.INFO and "Postfix 3.5 cannot parse it" in p.message
    [p] = lint("myhostname = ${nosuchfn{x}}\n", "PF113")  # every release rejects it
    assert p.severity == Severity.ERROR
