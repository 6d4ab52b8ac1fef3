"""Packaging: a non-editable install ships every package and data file the code needs."""

from __future__ import annotations

import tomllib

from conftest import ROOT


def test_every_package_directory_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = set()
    for top, directory in (("policyversions", "src"), ("policyversions_cli", "cli")):
        for init in (ROOT / directory / top).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / directory).parts
            found.add(".".join(parts))
    assert found == listed


def test_schemas_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["policyversions"]
    schemas = sorted(p.name for p in (ROOT / "src" / "policyversions" / "schemas").iterdir())
    assert "schemas/*.rng" in patterns
    assert schemas and all(name.endswith(".rng") for name in schemas)
