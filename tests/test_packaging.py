"""The source folder ``linter/`` installs as the import package ``postfix_lint``.

pyproject.toml maps each package folder to its dotted name by hand (setuptools'
``package-dir``), so a new sub-package that is not listed there would be
missing from the wheel; this test names it.
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_folder_is_listed():
    config = _config()
    expected = {
        "postfix_lint" + "".join("." + part for part in init.parent.relative_to(ROOT / "linter").parts)
        for init in (ROOT / "linter").rglob("__init__.py")
    }
    listed = set(config["packages"]) - {"postfix_lint.grammar"}
    assert expected == listed, f"add to / remove from [tool.setuptools] packages: {sorted(expected ^ listed)}"
    for name in expected:
        folder = "linter" + name[len("postfix_lint"):].replace(".", "/")
        assert config["package-dir"].get(name) == folder, f"package-dir lacks {name!r} = {folder!r}"


def test_import_name_is_not_linter():
    import postfix_lint

    assert Path(postfix_lint.__file__).resolve().parent == ROOT / "linter"
    assert "linter" not in sys.modules
