"""``--lenient`` on every command that reads a file: strict errors name the option; lenient
repairs print one warning line each on stderr and appear under "warnings" in JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import policyversions as pv
from policyversions_cli.main import main

BROKEN = b"# Policy\n\nK\xf6p av caf\xe9 \xc2\x9c och mer.\n"
CLEAN = "# Policy\n\nKöp av café och mer.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "trasig.md"
    path.write_bytes(BROKEN)
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "hel.md"
    path.write_text(CLEAN, encoding="utf-8")
    return path


def test_the_strict_error_is_one_line_naming_line_column_and_the_option(broken: Path) -> None:
    code, out, err = run("show", str(broken))
    assert code == 1
    assert out == ""
    assert err == (
        "error: not UTF-8: byte 0xf6 cannot be decoded; a lenient import (--lenient, "
        f"lenient=True) reads it as Windows-1252 ({broken}, line 3, column 2)\n"
    )


def test_lenient_prints_one_warning_line_per_repair(broken: Path) -> None:
    code, out, err = run("show", str(broken), "--lenient")
    assert code == 0, err
    assert "Köp av café och mer." in out
    assert err.splitlines() == [
        f"warning: byte 0xf6 is not UTF-8: read as Windows-1252 'ö' ({broken}, line 3, column 2)",
        f"warning: byte 0xe9 is not UTF-8: read as Windows-1252 'é' ({broken}, line 3, column 11)",
        "warning: control character U+009C is not allowed in policy text: removed "
        f"({broken}, line 3, column 13)",
    ]


def test_json_output_lists_the_warnings_and_still_reads_back(broken: Path) -> None:
    code, out, err = run("show", str(broken), "--format", "json", "--lenient")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["warnings"]) == 3
    assert data["warnings"][0].startswith("byte 0xf6 is not UTF-8")
    policy = pv.policy_from_dict(data)
    with pytest.warns(pv.RepairWarning):
        assert policy == pv.load(broken, lenient=True)


def test_json_output_has_no_warnings_key_without_repairs(clean: Path) -> None:
    code, out, _ = run("show", str(clean), "--format", "json", "--lenient")
    assert code == 0
    assert "warnings" not in json.loads(out)
    assert out == pv.policy_to_json(pv.load(clean)) + "\n"


def test_validate_export_and_diff_take_lenient(broken: Path, clean: Path, tmp_path: Path) -> None:
    code, out, err = run("validate", str(broken), "--lenient")
    assert code == 0 and out.startswith("ok: ") and err.count("warning: ") == 3
    assert run("validate", str(broken))[0] == 1

    target = tmp_path / "out.json"
    code, _, err = run("export", str(broken), "--format", "json", "-o", str(target), "--lenient")
    assert code == 0 and err.count("warning: ") == 3
    assert len(json.loads(target.read_text(encoding="utf-8"))["warnings"]) == 3

    code, out, err = run("diff", str(clean), str(broken), "--format", "json", "--lenient")
    assert code == 0, err
    assert len(json.loads(out)["warnings"]) == 3
    assert run("diff", str(clean), str(broken))[0] == 1


def test_record_takes_lenient(broken: Path, tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    assert run("init", str(repository))[0] == 0
    args = ["--repo", str(repository), "record", "test/policy", str(broken)]
    args += ["--decision", "Antagen KF 2020-01-01 § 1"]
    code, _, err = run(*args)
    assert code == 1 and "--lenient" in err
    code, out, err = run(*args, "--lenient")
    assert code == 0, err
    assert "test/policy@1: Antagen KF 2020-01-01 § 1" in out
    assert err.count("warning: ") == 3


def test_lenient_markdown_front_matter_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "sfs.md"
    path.write_text("---\nrubrik: Lag: om något\n---\n## 1 §\n\nA.\n\n## 2 §\n\nB.\n")
    code, _, err = run("show", str(path))
    assert code == 1
    assert err.startswith("error: malformed YAML front matter: mapping values are not allowed")
    assert err.endswith(f"({path}, line 2, column 12)\n")
    code, out, err = run("show", str(path), "--format", "json", "--lenient")
    assert code == 0
    assert json.loads(out)["title"] == "Lag: om något"
    assert err.count("\n") == 2 and "Traceback" not in err
