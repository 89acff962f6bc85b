"""PF112 undefined-parameter-reference: a $name or restriction class postconf calls undefined."""

from helpers import lint, one, quiet


def test_example_fires():
    p = one("mydestination = $myhostname, localhost.$mydomian\n", "PF112")
    assert (p.line, p.column, p.end_column) == (1, 41, 49)
    assert p.message.startswith("$mydomian in mydestination is neither set")


def test_use_instead_is_quiet():
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
