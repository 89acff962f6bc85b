#!/usr/bin/env python3
"""Generate ``linter/postfix/_profiles_data.py``: the Postfix 3.5 - 3.12 release profiles.

Usage::

    python scripts/gen_profiles.py [VERSIONS_DIR] [-o OUTPUT] [--check]

VERSIONS_DIR defaults to ``../shared/reference/versions`` beside the
repository and must hold ``postfix-<release>-parameters.tsv`` for every
release in :data:`TABLES`, ``backports.tsv``, ``value-changes.tsv``,
``deprecations.tsv`` and ``expansion.tsv`` (its README describes them).
OUTPUT defaults to ``linter/postfix/_profiles_data.py``; ``-o -`` writes to
stdout.  ``--check`` writes nothing and exits 1 when OUTPUT differs from what
the tables give (stale data), 0 when it is current.  The output is
deterministic.

What is stored (one table keyed by name, never one copy per release):

- ``PARAMS[name] = (mask, record, mask, record, ...)``: each distinct record
  with the bit mask of the :data:`TABLES` whose ``postconf -d`` has it (bit i
  = ``TABLES[i]``).  ``record`` is the 9-tuple of ``postfix_lint.postfix.params``:
  (type, default, unit, min, max, readers, since, flags, origin).  A name
  with the same record in every table (most of them) is stored as the bare
  record (its first item is a str, a mask is an int).
- ``PATCH_CHANGES``: what changed *inside* a branch after x.y.0, as
  (name, branch, first_patch_release, field, value_before).  A release x.y.z
  is the branch's table release at or above it with every change of
  (x.y.z, table] undone, newest first.  Backported names
  (``backports.tsv``) are absent before their first release of the branch.
- ``VALUE_SET_CHANGES``: accepted words added in a patch release
  (milter_default_action ``shutdown`` from 3.7.20, ...).  The full word lists
  are enum-values.tsv's business (a separate generator); these rows are only
  what a patch-level profile needs.
- ``DEPRECATIONS``, ``EXPANSION``, ``LEGACY``: postconf's deprecation table,
  the ``$`` language per release and postconf's legacy names.

The generator refuses tables it does not understand (an unknown
``value-changes.tsv`` shape, a change whose "after" value is not in the
table), and it checks itself: undoing 3.7's changes after 3.7.11 on the
3.7.22 table must give the 3.7.11 table.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the 3.7.11 generator's table reading and record conventions (one place for both generators)
from gen_params import FLAG_GLOBAL, FLAG_HOST_SPECIFIC, FLAG_READ_ONLY, TYPES, bound, read_tsv  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_VERSIONS = ROOT.parent / "shared" / "reference" / "versions"
DEFAULT_OUTPUT = ROOT / "linter" / "postfix" / "_profiles_data.py"

#: The releases with a parameter table, oldest first.  Must equal
#: ``postfix_lint.postfix.profiles.TABLES`` (tests/test_profiles.py checks).
TABLES = ("3.5.27", "3.6.20", "3.7.11", "3.7.22", "3.8.20", "3.9.14", "3.10.13", "3.11.6",
          "3.12-20260821")
BRANCH_COLUMNS = ("3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11")

#: ``$name`` references in defaults that are not parameters: local(8)
#: delivery attributes, the rbl reply template attributes
#: (``default_rbl_reply``) and the 3.11 named function ``domain_to_ascii``.
#: Every other referenced non-built-in name is in postconf's legacy table
#: (reproduces ``pcf_legacy_str_table`` of 3.7.11 exactly).
NOT_PARAMETERS = frozenset({"extension", "home", "rbl_class", "rbl_code", "rbl_domain",
                            "rbl_reason", "rbl_what", "domain_to_ascii", "domain_to_utf8"})

#: Defaults that name the build itself and change with every patch release
#: (and process_id, a PID): not undone by PATCH_CHANGES; a profile between
#: two tables sets mail_version itself and keeps the table's mail_release_date.
RELEASE_STAMPED = frozenset({"mail_version", "mail_release_date", "process_id"})

_REF = re.compile(r"\$(?:\{|\()?([A-Za-z0-9_]+)")


def version_key(text: str):
    """'3.10.13' -> (3, 10, 13); '3.12-20260821' (a snapshot before 3.12.0) -> (3, 12, -1)."""
    head, _, snap = text.partition("-")
    parts = [int(p) for p in head.split(".")]
    if snap:
        parts.append(-1)
    return tuple(parts)


def branch_of(text: str) -> str:
    return ".".join(text.partition("-")[0].split(".")[:2])


def record(r) -> tuple:
    """One row of a parameter table -> the params.Param 9-tuple (same rules as gen_params.py)."""
    name, typ = r["name"], r["type"]
    if typ not in TYPES:
        raise SystemExit(f"{name}: unknown type {typ!r}")
    read_by = [p for p in r["read_by"].split(",") if p]
    readers = tuple(p for p in read_by if p not in ("global", "(runtime)"))
    flags = 0
    # mail_params_init() tables ('global'); config_directory is entered by
    # mail_conf_suck() in every program.  debugger_command is 'global' in
    # read_by (install_table.h) but no mail_params_init() table reads it.
    if ("global" in read_by and r["origin"] != "builtin-install") or name == "config_directory":
        flags |= FLAG_GLOBAL
    if r["origin"] == "builtin-adhoc":
        flags |= FLAG_READ_ONLY
    if "HOST-SPECIFIC" in r["notes"] or "RUN-TIME" in r["notes"]:
        flags |= FLAG_HOST_SPECIFIC
    unit = r["default_unit"] or None
    if typ == "time" and unit is None:
        raise SystemExit(f"{name}: time parameter without a default unit")
    return (typ, r["default"], unit, bound(r["min"]), bound(r["max"]), readers, r["since"] or None,
            flags, r["origin"])


FIELDS = ("type", "default", "unit", "min", "max", "readers", "since", "flags", "origin")


def _parse_bounds(text: str):
    m = re.fullmatch(r"min (\d+) max (\d+)", text.strip())
    if not m:
        raise SystemExit(f"value-changes.tsv: cannot read bounds {text!r}")
    return bound(m.group(1)), bound(m.group(2))


def parse_change(row):
    """A value-changes.tsv row -> list of (field, before, after) ('after' None = not checkable)."""
    kind, what = row["kind"], row["what_changed"]
    out = []
    if kind == "default":
        m = re.fullmatch(r"default '(.*)' -> '(.*)'", what)
        if m:
            return [("default", m.group(1), m.group(2))]
        m = re.fullmatch(r"default gains (.+)", what)
        if m:
            return [("default-gains", tuple(m.group(1).split()), None)]
    elif kind == "bounds":
        m = re.fullmatch(r"bounds (min \d+ max \d+) -> (min \d+ max \d+)(?: \(.*\))?", what)
        if m:
            (b0, b1), (a0, a1) = _parse_bounds(m.group(1)), _parse_bounds(m.group(2))
            return [("min", b0, a0), ("max", b1, a1)]
    elif kind == "type,bounds":
        m = re.fullmatch(r"type (\w+) -> (\w+); bounds (min \d+ max \d+) -> (min \d+ max \d+)", what)
        if m:
            (b0, b1), (a0, a1) = _parse_bounds(m.group(3)), _parse_bounds(m.group(4))
            return [("type", m.group(1), m.group(2)), ("min", b0, a0), ("max", b1, a1)]
    if not out:
        raise SystemExit(f"value-changes.tsv: cannot read {row['name']} {row['first_patch_release']}"
                         f" {kind}: {what!r}")
    return out


def parse_value_set(row):
    """A value-set row -> (added words, ) or None for compatibility_level (syntax, see profiles)."""
    name, what = row["name"], row["what_changed"]
    if name == "compatibility_level":
        return None
    m = re.search(r"\(added: ([^)]+)\)", what)
    if m:
        return tuple(w.strip() for w in m.group(1).split(","))
    m = re.fullmatch(r"the value is now checked against the words ([\w,]+) \(before: a bool, yes/no\)", what)
    if m:
        return tuple(w for w in m.group(1).split(",") if w not in ("yes", "no"))
    raise SystemExit(f"value-changes.tsv: cannot read the value-set change {name} {row['first_patch_release']}")


def build(ref: Path) -> str:
    files = sorted(ref.glob("postfix-*-parameters.tsv"),
                   key=lambda p: version_key(p.name[len("postfix-"):-len("-parameters.tsv")]))
    found = tuple(p.name[len("postfix-"):-len("-parameters.tsv")] for p in files)
    if found != TABLES:
        raise SystemExit(f"parameter tables {found} differ from TABLES {TABLES}: update TABLES here and"
                         " in postfix_lint.postfix.profiles")
    tables = {t: {r["name"]: r for r in read_tsv(ref / f"postfix-{t}-parameters.tsv")} for t in TABLES}
    recs = {t: {n: record(r) for n, r in rows.items()} for t, rows in tables.items()}

    # -- one table keyed by name ------------------------------------------
    all_names = sorted(set().union(*recs.values()))
    params = {}
    for name in all_names:
        variants = {}
        for i, t in enumerate(TABLES):
            rec = recs[t].get(name)
            if rec is not None:
                variants[rec] = variants.get(rec, 0) | (1 << i)
        if list(variants.values()) == [(1 << len(TABLES)) - 1]:
            params[name] = next(iter(variants))  # the same record in every table
            continue
        flat = []
        for rec, mask in sorted(variants.items(), key=lambda kv: (kv[1] & -kv[1])):
            flat += [mask, rec]
        params[name] = tuple(flat)

    # -- legacy names: referenced by a default, not built in ----------------
    legacy = {}
    for i, t in enumerate(TABLES):
        refs = set()
        for r in tables[t].values():
            refs.update(_REF.findall(r["default"]))
        for name in refs - set(tables[t]) - NOT_PARAMETERS:
            legacy[name] = legacy.get(name, 0) | (1 << i)

    # -- backports -------------------------------------------------------------
    backports = {}
    for r in read_tsv(ref / "backports.tsv"):
        firsts = {}
        for b in BRANCH_COLUMNS:
            first = r[b].strip()
            if first:
                if branch_of(first) != b:
                    raise SystemExit(f"backports.tsv: {r['name']} {b}: {first!r} is not in branch {b}")
                firsts[b] = first
        backports[r["name"]] = firsts
        for i, t in enumerate(TABLES):
            b = branch_of(t)
            present = r["name"] in tables[t]
            if b in BRANCH_COLUMNS:
                first = firsts.get(b)
                expect = first is not None and version_key(first) <= version_key(t)
            else:
                expect = r["in_3.12_snapshot"].strip() == "yes"
            if present != expect:
                raise SystemExit(f"backports.tsv disagrees with the {t} table about {r['name']}")

    # -- patch-level changes -------------------------------------------------
    rows = read_tsv(ref / "value-changes.tsv")
    value_sets = []
    raw_changes = []  # (name, branch, first, field, before, after)
    status_rows = {}
    for r in rows:
        name, b, first, kind = r["name"], r["branch"], r["first_patch_release"], r["kind"]
        if branch_of(first) != b:
            raise SystemExit(f"value-changes.tsv: {name}: {first} is not in branch {b}")
        if kind == "value-set":
            words = parse_value_set(r)
            if words is not None:
                value_sets.append((name, b, first, words, r["what_changed"]))
            elif first != "3.5.11":
                raise SystemExit("value-changes.tsv: compatibility_level row changed; update profiles.py")
            continue
        if kind == "status":
            status_rows[(name, first)] = r
            continue
        for field, before, after in parse_change(r):
            raw_changes.append((name, b, first, field, before, after))
    if set(status_rows) != {("service_name", "3.11.1"), ("service_name", "3.11.2")}:
        raise SystemExit(f"value-changes.tsv: unexpected status rows {sorted(status_rows)}; update the generator")

    branch_tables = {}
    for t in TABLES:
        branch_tables.setdefault(branch_of(t), []).append(t)

    def table_at_or_above(release: str):
        for t in branch_tables.get(branch_of(release), ()):
            if version_key(t) >= version_key(release):
                return t
        raise SystemExit(f"no parameter table at or above {release}")

    # Compute every change's complete "before" value by undoing the changes
    # of a branch newest first, starting from the table at or above them.
    changes = []
    by_table = {}
    for c in raw_changes:
        by_table.setdefault(table_at_or_above(c[2]), []).append(c)
    for t, cs in sorted(by_table.items(), key=lambda kv: version_key(kv[0])):
        state = {}
        for name, b, first, field, before, after in sorted(cs, key=lambda c: version_key(c[2]), reverse=True):
            rec = recs[t].get(name)
            if rec is None:
                raise SystemExit(f"value-changes.tsv: {name} is not in the {t} table")
            if field == "default-gains":
                current = state.get((name, "default"), rec[1])
                words = current.split()
                missing = [w for w in before if w not in words]
                if missing:
                    raise SystemExit(f"value-changes.tsv: {name} {first}: {missing} not in the {t} default")
                before_value = " ".join(w for w in words if w not in before)
                field = "default"
            else:
                current = state.get((name, field), rec[FIELDS.index(field)])
                if current != after:
                    raise SystemExit(f"value-changes.tsv: {name} {first} {field}: after {after!r}"
                                     f" but the {t} table (after later changes undone) has {current!r}")
                before_value = before
            state[(name, field)] = before_value
            changes.append((name, b, first, field, before_value))

    # service_name in 3.11 (value-changes.tsv 'status' rows): 3.11.0 is 3.10
    # (read-only ad-hoc); 3.11.1 makes it a global parameter but postconf
    # keeps the read-only entry; 3.11.2 drops that entry (the 3.11.6 table).
    sn6 = recs["3.11.6"]["service_name"]
    if sn6[7] & FLAG_READ_ONLY or sn6[8] != "builtin":
        raise SystemExit("3.11.6 table: service_name is expected to be a regular built-in")
    changes.append(("service_name", "3.11", "3.11.2", "flags", sn6[7] | FLAG_READ_ONLY))
    changes.append(("service_name", "3.11", "3.11.1", "record", recs["3.10.13"]["service_name"]))
    changes.sort(key=lambda c: (version_key(c[2]), c[0], c[3]))

    # Self-check: 3.7.22 with the changes after 3.7.11 undone is the 3.7.11 table.
    derived = dict(recs["3.7.22"])
    for name, b, first, field, before in sorted(changes, key=lambda c: version_key(c[2]), reverse=True):
        if b == "3.7" and version_key(first) > version_key("3.7.11"):
            rec = list(derived[name])
            if field == "record":
                rec = list(before)
            else:
                rec[FIELDS.index(field)] = before
            derived[name] = tuple(rec)
    for name in derived:
        if name not in RELEASE_STAMPED and derived[name] != recs["3.7.11"].get(name):
            raise SystemExit(f"self-check: 3.7.22 undone to 3.7.11 gives {derived[name]} for {name},"
                             f" the 3.7.11 table has {recs['3.7.11'].get(name)}")

    # -- deprecations ------------------------------------------------------------
    depr = {}
    for r in read_tsv(ref / "deprecations.tsv"):
        i = TABLES.index(r["release"])
        name = r["name"]
        entry = depr.setdefault(name, {"in": r["deprecated_in"], "repl": tuple(r["replacement"].split()),
                                       "alt": r["alternative_text"], "table": 0, "known": 0, "off": 0})
        if (entry["in"], entry["alt"]) != (r["deprecated_in"], r["alternative_text"]):
            raise SystemExit(f"deprecations.tsv: {name} changes its entry between releases")
        entry["table"] |= 1 << i
        if r["known_to_postconf_by_default"] == "yes":
            entry["known"] |= 1 << i
            if name not in tables[r["release"]] and not (legacy.get(name, 0) >> i) & 1:
                raise SystemExit(f"deprecations.tsv: {name} known to {r['release']} postconf, but neither"
                                 " built in nor a legacy name here")
        elif name in tables[r["release"]] or (legacy.get(name, 0) >> i) & 1:
            raise SystemExit(f"deprecations.tsv: {name} unknown to {r['release']} postconf, but known here")
        if r["verified_with_built_postconf"].startswith("n/a (compiled out)"):
            entry["off"] |= 1 << i
    deprecations = {n: (e["in"], e["repl"], e["alt"], e["table"], e["known"], e["off"])
                    for n, e in sorted(depr.items())}

    # -- $ expansion ---------------------------------------------------------------
    expansion = {}
    for r in read_tsv(ref / "expansion.tsv"):
        b = branch_of(r["release"])
        mask = 0
        for i, t in enumerate(TABLES):
            if branch_of(t) == b:
                mask |= 1 << i
        if not mask:
            raise SystemExit(f"expansion.tsv: release {r['release']} has no parameter table")
        item = expansion.setdefault(r["item"], {"syntax": r["syntax"], "rows": {}})
        key = (r["status"], r["message_shape"], r["notes"])
        item["rows"][key] = item["rows"].get(key, 0) | mask
    for name, item in expansion.items():
        covered = 0
        for m in item["rows"].values():
            covered |= m
        if covered != (1 << len(TABLES)) - 1:
            raise SystemExit(f"expansion.tsv: item {name!r} does not cover every release")
    expansion_out = {name: (item["syntax"],
                            tuple((m, s, shape, notes) for (s, shape, notes), m
                                  in sorted(item["rows"].items(), key=lambda kv: kv[1] & -kv[1])))
                     for name, item in expansion.items()}

    # -- write -------------------------------------------------------------------------
    out = io.StringIO()
    w = out.write
    w("# generated by scripts/gen_profiles.py from ../shared/reference/versions, do not edit\n")
    w(f"# {len(params)} names over {len(TABLES)} releases; see the generator's docstring for the layout.\n")
    w(f"TABLES = {TABLES!r}\n")
    w("# PARAMS[name] = (mask, record, mask, record, ...), bit i of mask = TABLES[i]; or the bare record if in every table\n")
    w("# record = (type, default, unit, min, max, readers, since, flags, origin) as in postfix_lint.postfix.params\n")
    w("PARAMS = {\n")
    for name in all_names:
        w(f"    {name!r}: {params[name]!r},\n")
    w("}\n")
    w("# postconf's legacy names (referenced by a default, not built in): name -> mask of TABLES\n")
    w("LEGACY = {\n")
    for name in sorted(legacy):
        w(f"    {name!r}: {legacy[name]},\n")
    w("}\n")
    w("# backports.tsv: name -> ((branch, first release of that branch), ...)\n")
    w("BACKPORTS = {\n")
    for name in sorted(backports):
        w(f"    {name!r}: {tuple(sorted(backports[name].items(), key=lambda kv: version_key(kv[0])))!r},\n")
    w("}\n")
    w("# changes inside a branch: (name, branch, first_patch_release, field, value_before)\n")
    w("# field: a record field, or 'record' (the whole record before)\n")
    w("PATCH_CHANGES = (\n")
    for c in changes:
        w(f"    {c!r},\n")
    w(")\n")
    w("# accepted words added in a patch release: (name, branch, first_patch_release, words_added, what_changed)\n")
    w("VALUE_SET_CHANGES = (\n")
    for v in value_sets:
        w(f"    {v!r},\n")
    w(")\n")
    w("# postconf's deprecation table: name -> (deprecated_in, replacements, alternative_text,\n")
    w("#   mask in table, mask known to postconf, mask compiled out)\n")
    w("DEPRECATIONS = {\n")
    for name, d in deprecations.items():
        w(f"    {name!r}: {d!r},\n")
    w("}\n")
    w("# $ expansion: item -> (syntax, ((mask, status, message_shape, notes), ...))\n")
    w("EXPANSION = {\n")
    for name, e in expansion_out.items():
        w(f"    {name!r}: {e!r},\n")
    w("}\n")
    return out.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("versions", nargs="?", default=str(DEFAULT_VERSIONS),
                    help="directory with the per-release TSV files (default: %(default)s)")
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT),
                    help="output file, or - for stdout (default: %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if OUTPUT is not what the tables give (stale), write nothing")
    args = ap.parse_args(argv)
    text = build(Path(args.versions))
    if args.check:
        try:
            current = Path(args.output).read_text(encoding="utf-8")
        except OSError as exc:
            print(f"{args.output}: {exc.strerror}", file=sys.stderr)
            return 1
        if current != text:
            print(f"{args.output} is stale: run python scripts/gen_profiles.py", file=sys.stderr)
            return 1
        return 0
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
