"""The thin CLI: commands, output formats, one-line errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import policyversions as pv
from conftest import CORPUS, SEED
from policyversions_cli.main import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert pv.__version__ in out


def test_show_outline_of_the_seed() -> None:
    code, out, err = run("show", str(SEED))
    assert code == 0, err
    assert out == pv.render_outline(pv.load(SEED))


def test_show_json_parses_and_matches_the_library() -> None:
    code, out, _ = run("show", str(SEED), "--format", "json")
    assert code == 0
    assert json.loads(out) == pv.policy_to_dict(pv.load(SEED))


def test_show_xml_round_trips(tmp_path: Path) -> None:
    code, out, _ = run("show", str(CORPUS / "sfs-2008-975" / "2025-10-01.md"), "--format", "xml")
    assert code == 0
    target = tmp_path / "out.xml"
    target.write_text(out, encoding="utf-8")
    assert pv.load(target) == pv.load(CORPUS / "sfs-2008-975" / "2025-10-01.md")


def test_validate_reports_ok() -> None:
    code, out, _ = run("validate", str(SEED))
    assert code == 0
    assert out.startswith("ok: ")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.txt", "error: empty input ("),
        (b"<policy", "broken.xml", "error: "),
        (b"Titel\n\xff\xfe\n", "bad.txt", "error: not UTF-8"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_status_1(
    tmp_path: Path, content: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    for command in ("show", "validate"):
        code, out, err = run(command, str(path))
        assert code == 1
        assert out == ""
        assert err.startswith(message)
        assert err.count("\n") == 1, err
        assert "Traceback" not in err
        assert str(path) in err


def test_missing_file_is_bad_input() -> None:
    code, _, err = run("show", "no/such/file.md")
    assert code == 1
    assert err == "error: no such file (no/such/file.md)\n"


def test_bad_usage_exits_2() -> None:
    assert run("show")[0] == 2
    assert run("show", str(SEED), "--format", "pdf")[0] == 2
    assert run("frobnicate")[0] == 2


def test_decision_prints_canonical_form() -> None:
    code, out, _ = run("decision", "Antagen av kommunfullmäktige 2005-03-21, § 34")
    assert code == 0
    assert out == "Antagen KF 2005-03-21 § 34\n"


def test_decision_json() -> None:
    code, out, _ = run("decision", "--json", "Reviderad KF 2007-06-18 § 118")
    assert code == 0
    data = json.loads(out)
    assert data == pv.parse_decision("Reviderad KF 2007-06-18 § 118").to_dict()
    assert data["item"] == 118


def test_decision_error_is_one_line() -> None:
    code, out, err = run("decision", "Reviderad KF 2007-02-30 § 118")
    assert code == 1
    assert out == ""
    assert err.startswith("error: ")
    assert "2007-02-30" in err
    assert err.count("\n") == 1


SFS_OLD = str(CORPUS / "sfs-2008-975" / "2025-07-01.md")
SFS_NEW = str(CORPUS / "sfs-2008-975" / "2025-10-01.md")


def test_diff_text_starts_with_the_summary_and_is_plain_when_piped() -> None:
    code, out, err = run("diff", SFS_OLD, SFS_NEW)
    assert code == 0, err
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines.index("Sammanfattning") < lines.index("Ändringar (1)")
    assert "1 avsnitt har lagts till." in out
    assert "{+4 §+}" in out


def test_diff_in_english_with_colour_marks_insertions_with_underline() -> None:
    code, out, _ = run("diff", SFS_OLD, SFS_NEW, "--lang", "en", "--color")
    assert code == 0
    assert "1 section was added." in out
    assert "\x1b[32;4m" in out  # green and underlined: never colour alone


def test_diff_no_color_env_is_respected_even_when_asked_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run("diff", SFS_OLD, SFS_NEW)
    assert code == 0
    assert "\x1b[" not in out


def test_diff_json_round_trips_and_applies() -> None:
    code, out, _ = run("diff", SFS_OLD, SFS_NEW, "--format", "json")
    assert code == 0
    changes = pv.PolicyDiff.from_json(out)
    assert pv.apply(pv.load(SFS_OLD), changes) == pv.load(SFS_NEW)


def test_diff_across_formats_of_the_same_text_is_empty(tmp_path: Path) -> None:
    xml = tmp_path / "seed.xml"
    xml.write_bytes(pv.to_xml(pv.load(SEED)))
    code, out, _ = run("diff", str(SEED), str(xml), "--format", "json")
    assert code == 0
    assert pv.PolicyDiff.from_json(out).is_empty


def test_diff_bad_input_is_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    code, out, err = run("diff", SFS_OLD, str(empty))
    assert code == 1
    assert out == ""
    assert err.startswith("error: empty input")
    assert err.count("\n") == 1
