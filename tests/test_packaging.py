"""Packaging: the wheel ships every module and data file, and an installed package is typed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from conftest import ROOT


def _source_files() -> set[str]:
    files = set()
    for top, directory in (("policyversions", "src"), ("policyversions_cli", "cli")):
        base = ROOT / directory
        for path in (base / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                files.add(path.relative_to(base).as_posix())
    return files


def test_the_wheel_holds_every_module_and_data_file(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if ".dist-info/" not in name}
    expected = _source_files()
    assert "policyversions/py.typed" in expected
    assert "policyversions/formats/schemas/policy-1.rng" in expected
    assert shipped == expected


def test_a_client_project_type_checks_against_the_installed_package(tmp_path: Path) -> None:
    client = tmp_path / "client.py"
    client.write_text(
        textwrap.dedent(
            """\
            import policyversions as pv

            def title(path: str) -> str:
                p: pv.Policy = pv.load(path)
                changes: pv.PolicyDiff = pv.diff(p, p)
                kinds: list[str] = [change.kind for change in changes]
                return p.title + str(len(changes)) + ",".join(kinds)
            """
        ),
        encoding="utf-8",
    )
    wrong = tmp_path / "wrong.py"
    wrong.write_text("import policyversions as pv\nn: int = pv.load('x.txt')\n", encoding="utf-8")
    # Run from the client's folder, so that only the installed package (not src/ by path or
    # our mypy configuration) can tell mypy what policyversions is.
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    good = subprocess.run([*command, "client.py"], cwd=tmp_path, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run([*command, "wrong.py"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 1
    assert 'Incompatible types in assignment (expression has type "Policy"' in bad.stdout
