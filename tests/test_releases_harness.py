"""The per-release oracle harness (tests/releases.py) against documented facts of each release.

These do not involve the linter: they check that every release found by
``releases.available()`` runs, is the release it claims to be, and shows the
behaviour ../shared/reference/postfix-versions.md records for it (§2, §3.5,
§5.2), so a broken unpacked tree (wrong libraries, wrong loader) cannot pass
for an oracle.  A release that is absent skips, saying how to fetch it.
"""

from __future__ import annotations

import pytest

import releases
from test_differential_releases import SLOTS


def test_the_system_release_is_detected():
    version = releases.system_version()
    if version is None:
        pytest.skip("Postfix not installed: apt-get install postfix (CI installs it; see .ci/run)")
    assert releases.available()[version].is_system
    assert version.count(".") == 2 and all(p.isdigit() for p in version.split("."))


def test_releases_are_sorted_by_version():
    keys = [r.key for r in releases.available().values()]
    assert keys == sorted(keys)


@pytest.mark.parametrize("release", [p.values[0] if p.values[0] else None for p in SLOTS],
                         ids=[p.id for p in SLOTS])
def test_release_is_what_it_claims(release):
    if release is None:
        pytest.skip("release absent (see test_differential_releases for the reason)")
    out, err, rc = release.postconf("", None, ("-d", "-h", "mail_version"))
    assert (out.strip(), rc) == (release.version, 0), err
    assert len(release.defaults()) > 800  # every built-in parameter (3.5.27 has 819)


@pytest.mark.parametrize("release", [p.values[0] if p.values[0] else None for p in SLOTS],
                         ids=[p.id for p in SLOTS])
def test_daemons_judge_as_documented(release):
    if release is None:
        pytest.skip("release absent (see test_differential_releases for the reason)")
    # conv_time is the same in 3.5 - 3.12 (postfix-versions.md §3.7)
    v = release.daemon_accepts("queue_run_delay", "15M")
    assert v.fatal == "fatal: parameter queue_run_delay: bad time value or unit: 15M"
    assert release.daemon_accepts("queue_run_delay", "0").fatal == "fatal: invalid queue_run_delay: 0 (min 1)"
    assert release.daemon_accepts("queue_run_delay", "1h30m").accepted
    assert release.typed_value("queue_run_delay = 1h30m\n", "queue_run_delay") == 3600
    # compatibility_level syntax (§3.5)
    fatal = release.daemon_accepts("compatibility_level", "foo").fatal
    if release.key < (3, 6):
        assert fatal == "fatal: bad numerical configuration: compatibility_level = foo"
    else:
        assert fatal == 'fatal: malformed compatibility level syntax: "foo"'
    # non_empty_end_of_header_action is read by cleanup from 3.11 on (§3.6)
    v = release.daemon_accepts("non_empty_end_of_header_action", "bogus", "cleanup")
    if release.key < (3, 11):
        assert v.accepted, v.fatal
    else:
        assert v.fatal == "fatal: bad non_empty_end_of_header_action value: 'bogus'"


@pytest.mark.parametrize("release", [p.values[0] if p.values[0] else None for p in SLOTS],
                         ids=[p.id for p in SLOTS])
def test_postconf_warnings_as_documented(release):
    if release is None:
        pytest.skip("release absent (see test_differential_releases for the reason)")
    values, messages = release.postconf_n("smtpd_use_tls = yes\nfoo = 1\nvirtual_maps = hash:/x\n")
    assert values == {"smtpd_use_tls": "yes", "virtual_maps": "hash:/x"}
    assert "warning: DIR/main.cf: unused parameter: foo=1" in messages
    deprecation = ('warning: DIR/main.cf: support for parameter "smtpd_use_tls" will be removed;'
                   ' instead, specify "smtpd_tls_security_level"')
    assert (deprecation in messages) == (release.key >= (3, 9))  # §2.1
    renamed = ('warning: DIR/main.cf: support for parameter "virtual_maps" will be removed;'
               ' instead, specify "virtual_alias_maps"')
    assert (renamed in messages) == (release.key >= (3, 11))
    trailer = "warning: See https://www.postfix.org/DEPRECATION_README.html for details"
    assert (trailer in messages) == (release.key >= (3, 11))
