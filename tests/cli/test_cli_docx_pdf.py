"""Word and PDF on the command line: ``record POLICY new.docx`` then ``diff POLICY@1 POLICY@2``
end to end; ``--from`` for a file without its extension; tracked changes, scans and files that
are not what they say are one line on stderr, exit 1, and change nothing in the store."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import docxbuild as b
import policyversions as pv
from conftest import SEED
from policyversions_cli.main import main

P = "ledarpolicy"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _one_line_error(code: int, out: str, err: str) -> str:
    assert code == 1 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    return err


@pytest.fixture(scope="module")
def seed() -> pv.Policy:
    return pv.load(SEED, format="text")


@pytest.fixture
def revised(tmp_path: Path, seed: pv.Policy) -> Path:
    """The seed's next revision as a Word document: its lead-in *Du ska som ledare* weakened to
    *bör*, one commitment struck, the metadata table citing the new decision."""
    document = docx.Document(io.BytesIO(b.municipal_docx(seed)))
    for paragraph in document.paragraphs:
        if paragraph.text == "Du ska som ledare":
            paragraph.text = "Du bör som ledare"
        elif paragraph.text.startswith("se jämställdhet"):
            paragraph._p.getparent().remove(paragraph._p)
    for row in document.tables[0].rows:
        values = {"Beslutsdatum": "2024-05-20", "Paragraf": "§ 50"}
        if row.cells[0].text in values:
            row.cells[1].text = values[row.cells[0].text]
    path = tmp_path / "ny.docx"
    document.save(str(path))
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("POLICYVERSIONS_REPO", raising=False)
    root = tmp_path / "repo"
    assert run("init", str(root))[0] == 0
    monkeypatch.chdir(root)
    code, _, err = run("record", P, str(SEED), "--decision", "Reviderad KF 2007-06-18 § 118")
    assert code == 0, err
    return root


def _revisions() -> int:
    code, out, _ = run("log", P, "--json")
    assert code == 0
    return len(json.loads(out)["revisions"])


def test_record_a_word_revision_and_diff_it(repo: Path, revised: Path) -> None:
    code, out, err = run("record", P, str(revised), "--decision", "Reviderad KF 2024-05-20 § 50",
                         "--lang", "en")
    assert (code, err) == (0, "")
    assert out.startswith(f"recorded {P}@2: Reviderad KF 2024-05-20 § 50")
    code, out, err = run("diff", f"{P}@1", f"{P}@2", "--lang", "en", "--no-color")
    assert (code, err) == (0, "")
    assert "1 commitment was removed" in out
    assert "5 commitments weakened by a changed lead-in (ska →\n    bör)" in out
    assert "Du [-ska-]{+bör+} som ledare" in out
    assert "se jämställdhet som en naturlig del" in out


def test_tracked_changes_refused_then_accepted(repo: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Ledar- och medarbetarpolicy för Söderhamns kommun", style="Title")
    paragraph = document.add_paragraph("Policyn gäller ")
    b.track_insertion(paragraph, "alla ")
    paragraph.add_run("anställda.")
    path = tmp_path / "spårad.docx"
    path.write_bytes(b.save(document))
    decision = ("--decision", "Reviderad KF 2024-05-20 § 50")
    err = _one_line_error(*run("record", P, str(path), *decision))
    assert "1 tracked change not yet accepted or rejected" in err
    assert "--accept-changes" in err and f"{path}, paragraph 2" in err
    assert _revisions() == 1  # nothing recorded
    code, out, err = run("record", P, str(path), *decision, "--accept-changes")
    assert (code, err) == (0, "")
    assert _revisions() == 2
    code, out, _ = run("show", f"{P}@2", "--format", "json")
    assert "Policyn gäller alla anställda." in out


def test_pdf_and_from(tmp_path: Path, seed: pv.Policy) -> None:
    source = tmp_path / "policy.docx"
    source.write_bytes(b.municipal_docx(seed))
    (pdf,) = b.to_pdf([source], tmp_path)
    code, out, err = run("validate", str(pdf))
    assert (code, err) == (0, "")
    assert out.startswith(f"ok: {pdf}: {seed.title!r}")
    bare = tmp_path / "utan-ändelse"
    bare.write_bytes(pdf.read_bytes())
    assert run("validate", str(bare))[0] == 1  # no extension: the format must be named
    code, out, err = run("show", str(bare), "--from", "pdf", "--format", "json")
    assert (code, err) == (0, "")
    code, out, err = run("diff", str(source), str(pdf), "--lang", "en")  # Word and its print
    assert (code, err) == (0, "")
    assert out.endswith("No changes.\n")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("text.docx", b"Ledarpolicy\n", "not a Word document (.docx): not a ZIP package"),
        ("gammal.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "(.doc)"),
        ("falsk.pdf", b"Ledarpolicy\n", "not a PDF"),
        ("fel.docx", b"%PDF-1.7\n", "--from pdf"),
    ],
)
def test_files_that_are_not_what_they_say(
    repo: Path, tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for command in (("validate", str(path)), ("show", str(path)),
                    ("record", P, str(path), "--decision", "KF 2024-05-20 § 50")):
        err = _one_line_error(*run(*command))
        assert expected in err and str(path) in err
    assert _revisions() == 1


def test_a_scan_is_one_line(repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "skannad.pdf"
    path.write_bytes(b.scanned_pdf(pages=1))
    err = _one_line_error(*run("record", P, str(path), "--decision", "KF 2024-05-20 § 50"))
    assert err == (
        "error: no text layer; this looks scanned (1 page of images): run text recognition "
        f"(OCR) on it first ({path})\n"
    )
    assert _revisions() == 1
