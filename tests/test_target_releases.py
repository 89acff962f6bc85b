"""Every version-dependent rule follows the target release (issue 10), held to the shared per-release tables.

For every release with a parameter table in ``../shared/reference/versions/``,
with ``target_version`` set to it (as ``X.Y.Z`` and, for the newest table of
a line, as ``X.Y``): a main.cf that sets every built-in name of that release
gets no PF110/PF114, and one that sets the names only later releases have
gets exactly one of them on every line.  Then the cases of the issue, tried
as a new user would, through the command line.
"""

from __future__ import annotations

import csv
from typing import Dict, List, Set

import pytest
from conftest import REFERENCE, SHARED_REASON, shared_present
from helpers import lint

from postfix_lint.cli import main
from postfix_lint.postfix import params, profiles
from postfix_lint.problem import Severity

VERSIONS = REFERENCE / "versions"
NAME_RULES = ("PF110", "PF114")


def _table(release: str) -> Dict[str, str]:
    """{name: default} of postfix-<release>-parameters.tsv."""
    with open(VERSIONS / f"postfix-{release}-parameters.tsv", newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {row["name"]: row["default"] for row in rows}


def _targets(release: str) -> List[str]:
    """How a user names this table's release: X.Y.Z, and X.Y when it is the newest of its line."""
    out = [release]
    if release in profiles.KNOWN_RELEASES:
        out.append(profiles.parse_release(release).line)
    return out


def _params():
    if not shared_present():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=SHARED_REASON), id="no-shared")]
    return [pytest.param(table, target, id=target) for table in profiles.TABLES for target in _targets(table)]


def _main_cf(values: Dict[str, str]) -> str:
    # one line per name; a default with a newline cannot occur (the tables are one line per row)
    return "".join(f"{name} = {value}\n" for name, value in sorted(values.items()))


#: The master.cf every table's 212 service-derived rows come from (versions/README.md): Debian
#: 3.7.11's, whose delivery services include the pipe examples that Debian's 3.8+ file lacks.
TABLE_MASTER_CF = "".join(f"{service} unix - n n - - {command}\n"
                          for service, command in params.default_service_commands().items())


@pytest.mark.parametrize("table, target", _params())
def test_every_built_in_name_of_the_release_is_known(table, target):
    names = _table(table)
    found = lint(_main_cf(names), *NAME_RULES, target_version=target, master_cf=TABLE_MASTER_CF)
    assert found == [], [(p.code, p.message) for p in found[:5]]
    # with the release's own default master.cf (no master.cf beside main.cf) the same holds for every
    # name but the pipe examples' (Debian's 3.8+ master.cf has none): exactly those are unknown there
    found = lint(_main_cf(names), *NAME_RULES, target_version=target)
    pipe = {n for n in names if n.startswith(tuple(s + "_" for s in profiles.DEBIAN_PIPE_EXAMPLES))}
    ordered = sorted(names)  # _main_cf's line order
    assert {ordered[p.line - 1] for p in found} == (pipe if profiles.parse_release(target).at_least("3.8")
                                                          else set())


@pytest.mark.parametrize("table, target", _params())
def test_names_only_later_releases_have_are_reported_on_every_line(table, target):
    mine: Set[str] = set(_table(table))
    later: Dict[str, str] = {}
    for other in profiles.TABLES[profiles.TABLES.index(table) + 1:]:
        for name, default in _table(other).items():
            if name not in mine:
                later.setdefault(name, default)
    if table == profiles.TABLES[-1]:
        assert not later
        return
    assert later, f"no release after {table} adds a name"
    text = _main_cf(later)
    found = lint(text, *NAME_RULES, target_version=target)
    per_line: Dict[int, List[str]] = {}
    for p in found:
        per_line.setdefault(p.line, []).append(p.code)
    assert sorted(per_line) == list(range(1, len(later) + 1))
    assert all(codes == ["PF114"] for codes in per_line.values()), per_line
    # with PF114 turned off, PF110 takes every line whose name no other value refers to as $name
    # (postconf counts a referenced name as a used user-defined parameter: smtpd_tls_enable_rpk
    # is the default of tlsproxy_tls_enable_rpk)
    alone = {p.line for p in lint(text, "PF110", target_version=target)}
    referenced = {i for i, name in enumerate(sorted(later), 1)
                  if any("$" + name in v or "${" + name in v for v in later.values())}
    assert alone == set(range(1, len(later) + 1)) - referenced


# -- tried as a new user would (issue 10) ---------------------------------------------------------------


def _cli(capsys, tmp_path, text: str, *argv: str):
    path = tmp_path / "main.cf"
    path.write_bytes(text.encode("utf-8"))
    rc = main([str(path), "--isolated", "--format", "concise", *argv])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_a_3_10_name_at_target_3_10_passes_the_hook(capsys, tmp_path):
    rc, out, _ = _cli(capsys, tmp_path, "smtp_tlsrpt_enable = yes\n", "--target-version", "3.10",
                      "--select", "PF110,PF114")
    assert (rc, out) == (0, "")
    rc, out, _ = _cli(capsys, tmp_path, "smtp_tlsrpt_enable = yes\n", "--target-version", "3.7",
                      "--select", "PF110,PF114")
    assert rc == 1 and "PF114" in out and "was added in Postfix 3.10" in out


def test_a_patch_release_is_accepted_and_backports_are_known(capsys, tmp_path):
    text = "smtpd_forbid_unauth_pipelining = yes\nsmtpd_forbid_bare_newline = yes\n"
    rc, out, err = _cli(capsys, tmp_path, text, "--target-version", "3.6.20", "--select", "PF110,PF114")
    assert (rc, out, err) == (0, "", "")
    rc, out, _ = _cli(capsys, tmp_path, text, "--target-version", "3.6.9", "--select", "PF110,PF114")
    lines = out.splitlines()
    assert len(lines) == 2 and all("PF114" in line for line in lines)
    assert "Postfix 3.6.10" in lines[0] and "Postfix 3.6.13" in lines[1]  # the 3.6 branch's backports


def test_a_future_release_is_a_usage_error(capsys, tmp_path):
    rc, out, err = _cli(capsys, tmp_path, "myhostname = a\n", "--target-version", "3.13")
    assert rc == 2 and out == "" and "known releases are 3.5 (3.5.0 to 3.5.27)" in err


def test_named_functions_at_3_11_and_3_10(capsys, tmp_path):
    text = "myhostname = ${domain_to_ascii{b\u00fccher.example}}\n"
    assert _cli(capsys, tmp_path, text, "--target-version", "3.11", "--select", "PF113")[:2] == (0, "")
    rc, out, _ = _cli(capsys, tmp_path, text, "--target-version", "3.10", "--select", "PF113")
    assert rc == 1 and "PF113 error" in out and "attribute name syntax error" in out


def test_service_name_is_not_read_only_in_3_11_6():
    assert lint("service_name = x\n", "PF111", target_version="3.11.6") == []
    assert lint("service_name = x\n", "PF111", target_version="3.11.2") == []
    assert len(lint("service_name = x\n", "PF111", target_version="3.11.1")) == 1
    assert len(lint("service_name = x\n", "PF111", target_version="3.12")) == 1
    assert len(lint("process_name = x\n", "PF111", target_version="3.11.6")) == 1
    [p] = lint("service_name = x\n", "PF111")  # no target: says where it holds
    assert "in Postfix 3.5 - 3.11.1, 3.12 and later" in p.message


def test_nul_byte_wording_per_release():
    text = "myhostname = abc\0def\n"
    [old] = lint(text, "PF006", target_version="3.8")
    [new] = lint(text, "PF006", target_version="3.9")
    assert old.message == "NUL byte in a logical line: Postfix 3.8 silently ignores the rest of the line"
    assert new.message == ("NUL byte in a logical line: Postfix 3.9 ignores the rest of the line and warns"
                           ' ".../main.cf, line 1: text after null byte may be ignored"')
    [cont] = lint("mydomain = a\n  b\0c\n", "PF006", target_version="3.10.13")
    assert '"...' + '/main.cf, line 1-2: text after null byte may be ignored"' in cont.message


def test_inline_comment_names_the_3_8_postconf_warning():
    text = "queue_run_delay = 5m # five minutes\n"
    [old] = lint(text, "PF106", target_version="3.7")
    [new] = lint(text, "PF106", target_version="3.8")
    assert "postconf" not in old.message
    assert new.message.endswith('; Postfix 3.8 postconf warns "#comment after other text is not allowed"')


def test_deprecation_quoting_per_release():
    text = "smtpd_use_tls = yes\n"
    [m37] = lint(text, "PF115", target_version="3.7.11")
    [m39] = lint(text, "PF115", target_version="3.9")
    assert m37.severity == Severity.INFO and m39.severity == Severity.WARNING
    assert 'support for parameter "smtpd_use_tls" will be removed' in m37.message
    assert m39.message.endswith('instead, specify "smtpd_tls_security_level"')


def test_no_target_knows_every_release_and_says_which_releases():
    text = "smtp_tlsrpt_enable = yes\npostscreen_blacklist_action = drop\n"
    found = lint(text, "PF110", "PF114")
    assert [(p.line, p.code, p.severity) for p in found] == [(1, "PF114", Severity.INFO)]
    assert "3.10 and later" in found[0].message


def test_did_you_mean_uses_the_release_names():
    [p] = lint("smtp_tlsrpt_enabel = yes\n", "PF110", target_version="3.10")
    assert 'did you mean "smtp_tlsrpt_enable"?' in p.message
    [p] = lint("smtp_tlsrpt_enabel = yes\n", "PF110", target_version="3.7")
    assert "smtp_tlsrpt_enable" not in p.message.split("(postconf")[0]


def test_suggestions_are_bounded_per_file():
    text = "".join(f"mydestinatio{i:05d} = x\n" for i in range(3000))
    found = lint(text, "PF110", target_version="3.7")
    assert len(found) == 3000
    assert sum("did you mean" in p.message for p in found) <= 200
