"""PF112 undefined-parameter-reference: A ``$name`` reference to a parameter that is neither set nor built in."""

from __future__ import annotations

from helpers import lint, messages, one, problems, quiet

CODE = "PF112"
BAD = 'mydestination = localhost.$mydomian\n'
GOOD = 'mydestination = localhost.$mydomain\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 28, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_raw_parameters_are_not_scanned():
    # postconf does not look inside mailbox_command: $foo there does not use foo
    assert problems("mailbox_command = /bin/x $foo\nfoo = 1\n", select=["PF110", "PF112"]) == [(2, 1, "PF110")]


def test_undefined_reference_positions_and_forms():
    text = "smtpd_banner = $a ${b} $(c) ${d?x} ${e:y} ${{$f}=={1}} $$g ${myhostname}\n"
    found = problems(text, select=["PF112"])
    assert found == [(1, 17, "PF112"), (1, 21, "PF112"), (1, 26, "PF112"), (1, 31, "PF112"),
                     (1, 38, "PF112"), (1, 47, "PF112")]


def test_undefined_reference_is_quiet_for_set_builtin_and_master_cf_names():
    text = "smtpd_banner = $myhostname $mine $virtual_maps $from_master\nmine = 1\n"
    master = "smtp inet n - y - - smtpd\n  -o from_master=1\n"
    assert problems(text, select=["PF112"], master_cf=master) == []
    assert [p[2] for p in problems(text, select=["PF112"])] == ["PF112"]  # $from_master without that master.cf


def test_undefined_restriction_class():
    [msg] = messages("smtpd_restriction_classes = known, missing\nknown = permit\n", "PF112")
    assert 'restriction class "missing"' in msg
    assert problems("smtpd_restriction_classes = known, missing\nknown = permit\n", select=["PF112"]) == [
        (1, 36, "PF112")]


def test_undefined_reference_did_you_mean():
    [msg] = messages("mydestination = $myhostname, localhost.$mydomian\n", "PF112")
    assert 'did you mean "mydomain"?' in msg
    assert '(postconf: "undefined parameter: mydomian")' in msg


def test_documented_example_position():
    p = one("mydestination = $myhostname, localhost.$mydomian\n", "PF112")
    assert (p.line, p.column, p.end_column) == (1, 41, 49)
    assert p.message.startswith("$mydomian in mydestination is neither set")


def test_documented_use_instead():
    assert quiet("mydestination = $myhostname, localhost.$mydomain\n", "PF112")


def test_restriction_classes_through_a_reference_are_all_reported():
    # issue 9: postconf warns "undefined parameter: foo" and "... bar"; both findings are kept,
    # each at the $reference that lists them
    text = "smtpd_restriction_classes = $classes\nclasses = foo bar\nbounce_queue_lifetime = 0\n"
    found = lint(text, "PF112")
    assert [p.message.split('"')[1] for p in found] == ["foo", "bar"]
    assert [(p.line, p.column, p.end_line, p.end_column) for p in found] == [(1, 30, 1, 37)] * 2
    assert all('(postconf: "undefined parameter: ' in p.message for p in found)


def test_a_class_listed_twice_is_reported_at_each_word():
    found = lint("smtpd_restriction_classes = foo foo\n", "PF112")
    assert [(p.line, p.column) for p in found] == [(1, 29), (1, 33)]


def test_references_in_every_branch_count():
    found = lint("a = ${b?$zz}${c:$zz}\nb = 1\nmydestination = $a\n", "PF112")
    assert [(p.column, p.message[:3]) for p in found] == [(10, "$zz"), (15, "$c "), (18, "$zz")]
