"""PF116 reference-cycle: A ``$name`` reference that loops, or nests more than 100 deep."""

from __future__ import annotations

from helpers import messages, problems

CODE = "PF116"
BAD = 'mydestination = $myhostname, $mydestination\n'
GOOD = 'mydestination = $myhostname\n'


def test_bad_example_fires_at_its_position():
    found = problems(BAD, select=[CODE])
    assert found and found[0] == (1, 17, CODE)


def test_good_example_is_quiet():
    assert problems(GOOD, select=[CODE]) == []


def test_reference_cycles():
    text = "mydestination = $relay_domains\nrelay_domains = $mydestination\n"
    assert [p[0] for p in problems(text, select=["PF116"])] == [1, 2]
    [msg, _] = messages(text, "PF116")
    assert "unreasonable macro call nesting" in msg
    # a chain of 100 lookups is fine, one more is not
    chain = "".join(f"p{i} = $p{i + 1}\n" for i in range(1, 100)) + "p100 = x\n"
    assert problems("smtpd_banner = $p1\n" + chain, select=["PF116"]) == []
    chain = "".join(f"p{i} = $p{i + 1}\n" for i in range(1, 101)) + "p101 = x\n"
    assert problems("smtpd_banner = $p1\n" + chain, select=["PF116"]) == [(1, 16, "PF116")]
