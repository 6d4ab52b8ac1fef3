"""The public API: every name each package promises is importable, lazily and typed alike."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

import pytest

from conftest import ROOT

PACKAGES = [
    "policyversions",
    "policyversions.importers",
    "policyversions.formats",
    "policyversions.compare",
    "policyversions.render",
    "policyversions.model",
    "policyversions.store",
    "policyversions.publish",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_every_public_name_resolves(name: str) -> None:
    package = importlib.import_module(name)
    for public in package.__all__:
        assert getattr(package, public) is not None, public
        assert public in dir(package)
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


@pytest.mark.parametrize("name", PACKAGES)
def test_type_checkers_see_the_same_names_as_run_time(name: str) -> None:
    package = importlib.import_module(name)
    path = ROOT / "src" / (name.replace(".", "/") + "/__init__.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    declared = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    missing = sorted(set(package.__all__) - declared - {"__version__"})
    assert not missing, f"in __all__ of {name} but never imported for type checkers: {missing}"


def test_the_public_diff_function_is_not_shadowed_by_a_room() -> None:
    import policyversions as pv
    import policyversions.compare.changes  # loads a room before the function

    assert callable(pv.diff)
    policy = pv.loads("Titel\n\nEtt stycke.\n", "text")
    assert len(pv.diff(policy, policy)) == 0


def test_importing_the_package_imports_no_room() -> None:
    code = (
        "import sys, policyversions\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('policyversions.'))\n"
        "heavy = [m for m in ('lxml', 'yaml', 'diff_match_patch') if m in sys.modules]\n"
        "print(loaded, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['policyversions._lazy', 'policyversions.errors'] []"


def test_a_policy_diff_is_a_sized_iterable_of_changes() -> None:
    import policyversions as pv

    old = pv.loads("Titel\n\nEtt stycke.\n\nEtt annat stycke.\n", "text")
    new = pv.loads("Titel\n\nEtt stycke, ändrat.\n", "text")
    changes = pv.diff(old, new)
    assert len(changes) == len(changes.changes) == 2
    assert list(changes) == list(changes.changes)
    assert {change.kind for change in changes} == {"reworded", "removed"}
    assert not pv.diff(old, old) and changes
