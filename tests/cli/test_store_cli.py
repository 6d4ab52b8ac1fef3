"""The store's commands: init, record, log, show and diff of refs, blame, history, verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import policyversions as pv
from conftest import CORPUS
from policyversions_cli.main import main

CC = CORPUS / "contributor-covenant"
P = "cc/en"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository holding three revisions of the Contributor Covenant, found from the cwd."""
    monkeypatch.delenv("POLICYVERSIONS_REPO", raising=False)
    root = tmp_path / "repo"
    code, out, err = run("init", str(root))
    assert (code, err) == (0, "")
    assert out == f"initialised an empty policyversions repository in {root}\n"
    monkeypatch.chdir(root)
    for name, decision, extra in [
        ("en-1.4", "Antagen KS 2016-03-01 § 1", []),
        ("en-2.0", "Reviderad KS 2020-03-02 § 2", ["--effective", "2020-04-01"]),
        ("en-2.1", "Reviderad KS 2022-03-07 § 3", []),
    ]:
        code, out, err = run("record", P, str(CC / f"{name}.md"), "--decision", decision, *extra)
        assert code == 0, err
        assert out.startswith(f"recorded {P}@")
    return root


def test_record_reports_the_revision_and_its_changes(repo: Path) -> None:
    source = CC / "sv-1.4.md"
    code, out, _ = run("record", "cc/sv", str(source), "--decision", "KS 2016-03-01 § 4")
    assert code == 0
    nodes = sum(1 for _ in pv.load(source).walk())
    # In the language of the text recorded, unless --lang says otherwise.
    assert out == (
        f"registrerade cc/sv@1: KS 2016-03-01 § 4 "
        f"({nodes} nya, 0 ändrade, 0 redaktionella, 0 flyttade, 0 borttagna)\n"
    )
    code, out, _ = run(
        "record", "cc/sv2", str(source), "--decision", "KS 2016-03-01 § 4", "--lang", "en"
    )
    assert out == (
        f"recorded cc/sv2@1: KS 2016-03-01 § 4 "
        f"({nodes} added, 0 changed, 0 editorial, 0 moved, 0 removed)\n"
    )


def test_record_warns_of_a_stale_header_and_strict_refuses_it(repo: Path) -> None:
    seed = CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt"  # Reviderad KF 2007-06-18 § 118
    code, out, err = run(
        "record", "sod", str(seed), "--decision", "KF 2012-02-20 § 9", "--strict"
    )
    assert (code, out) == (1, "")
    assert err.startswith("error: stale header? ") and err.count("\n") == 1
    assert "(refused: --strict)" in err
    code, out, err = run("record", "sod", str(seed), "--decision", "KF 2012-02-20 § 9")
    assert code == 0
    assert out.startswith("registrerade sod@1: KF 2012-02-20 § 9 ")
    assert err == (
        "warning: stale header? the text's decision line names Reviderad KF 2007-06-18 § 118 "
        "(an earlier decision), not KF 2012-02-20 § 9: recorded under KF 2012-02-20 § 9\n"
    )


def test_log_lists_revisions_with_headers_status_dates_and_as_json(repo: Path) -> None:
    code, out, _ = run("log", P, "--on", "2021-01-01")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{P}: Contributor Covenant Code of Conduct"
    assert lines[2].split() == ["No.", "Decision", "Status", "From", "Until", "Recorded", "Changes"]
    assert lines[3].split()[:8] == [
        "1", "Antagen", "KS", "2016-03-01", "§", "1", "superseded", "2016-03-01"
    ]
    assert lines[4].split()[6:9] == ["in", "force", "2020-04-01"]  # from its effective date
    assert lines[4].split()[9] == "2022-03-06"
    assert lines[5].split()[6:10] == ["not", "yet", "in", "force"]
    code, out, _ = run("log", P, "--lang", "sv", "--on", "2023-01-01")
    lines = out.splitlines()
    assert lines[2].split()[:6] == ["Nr", "Beslut", "Status", "Från", "Till", "Registrerad"]
    assert [line.split()[6] for line in lines[3:6]] == ["ersatt", "ersatt", "i"]
    code, out, _ = run("log", P, "--json", "--on", "2021-01-01")
    data = json.loads(out)
    assert data["policy"] == P
    assert [r["number"] for r in data["revisions"]] == [1, 2, 3]
    assert [(r["status"], r["from"], r["until"]) for r in data["revisions"]] == [
        ("superseded", "2016-03-01", "2020-03-31"),
        ("in_force", "2020-04-01", "2022-03-06"),
        ("not_yet", "2022-03-07", None),
    ]
    stored = pv.Repository.open(repo).log(P)
    for entry, revision in zip(data["revisions"], stored, strict=True):
        assert {k: v for k, v in entry.items() if k not in ("status", "from", "until")} == (
            revision.to_dict()
        )
    assert data["revisions"][1]["effective"] == "2020-04-01"


def test_log_shows_the_note_and_a_repeal(repo: Path) -> None:
    code, _, err = run(
        "repeal", P, "--decision", "KF 2024-01-01 § 9", "--effective", "2024-07-01",
        "--note", "Ersatt av kommunens egen uppförandekod",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, _ = run("log", P, "--lang", "sv", "--on", "2025-01-01")
    lines = out.splitlines()
    assert lines[5].split()[6:9] == ["upphävd", "2022-03-07", "2024-06-30"]
    assert lines[6].split()[:7] == ["4", "Upphävd", "KF", "2024-01-01", "§", "9", "upphävande"]
    assert lines[6].split()[7:9] == ["2024-07-01", "–"]
    assert lines[7].strip() == "anteckning: Ersatt av kommunens egen uppförandekod"
    code, out, _ = run("log", P, "--on", "2024-03-01")
    assert "not yet in force" in out.splitlines()[6]
    assert "in force" in out.splitlines()[5] and "2024-06-30" in out.splitlines()[5]


def test_show_accepts_refs_by_number_date_and_decision(repo: Path) -> None:
    expected = pv.render_outline(pv.Repository.open(repo).policy(P, 2))
    for ref in (f"{P}@2", f"{P}@2021-01-01", f"{P}@KS-2020-03-02-2", f"{P}@KS 2020-03-02 § 2"):
        code, out, err = run("show", ref)
        assert (code, err) == (0, ""), ref
        assert out == expected
    code, out, _ = run("show", P, "--format", "xml")
    assert pv.from_xml(out.encode()) == pv.Repository.open(repo).policy(P)


def test_diff_between_refs_and_files(repo: Path) -> None:
    code, out, err = run("diff", f"{P}@1", f"{P}@2", "--format", "json")
    assert code == 0, err
    stored = pv.Repository.open(repo)
    assert pv.PolicyDiff.from_json(out) == pv.diff(stored.policy(P, 1), stored.policy(P, 2))
    code, out, err = run("diff", str(CC / "en-2.1.md"), P, "--format", "json")
    assert code == 0, err
    changes = pv.PolicyDiff.from_json(out)
    assert not [c for c in changes.changes if c.kind in ("added", "removed", "reworded")]


def test_blame_and_history(repo: Path) -> None:
    code, out, _ = run("blame", P)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Introduced", "Changed", "Moved", "Node", "Text"]
    pledge = next(line for line in lines if " sec_1__para_1 " in line)
    assert pledge.split()[:4] == ["1", "3", "–", "sec_1__para_1"]
    legend = lines[lines.index("Revisions named above:") + 1 :]
    assert [line.split()[0] for line in legend] == ["1", "2", "3"]
    assert legend[1].endswith("in force from 2020-04-01")
    code, out, _ = run("blame", P, "--lang", "sv")
    assert out.splitlines()[0].split() == ["Infört", "Ändrat", "Flyttat", "Nod", "Text"]
    code, out, _ = run("blame", f"{P}@2", "--json")
    entries = json.loads(out)
    pledge_entry = next(e for e in entries if e["id"] == "sec_1__para_1")
    assert pledge_entry["changed"] == {
        "revision": 2,
        "decision": "Reviderad KS 2020-03-02 § 2",
        "slug": "KS-2020-03-02-2",
        "decided": "2020-03-02",
        "in_force_from": "2020-04-01",
    }
    code, out, _ = run("history", P, "sec_1__para_1")
    lines = out.splitlines()
    assert lines[0] == f"{P}, sec_1__para_1"
    assert lines[2].split() == ["No.", "Decision", "Change", "From", "Until", "Text"]
    assert [line.split()[6:9] for line in lines[3:6]] == [
        ["added", "2016-03-01", "2020-03-31"],
        ["changed", "2020-04-01", "2022-03-06"],
        ["changed", "2022-03-07", "–"],
    ]
    code, out, _ = run("history", P, "sec_1__para_1", "--json")
    data = json.loads(out)
    assert [(v["change"], v["from"], v["until"]) for v in data["versions"]] == [
        ("added", "2016-03-01", "2020-03-31"),
        ("changed", "2020-04-01", "2022-03-06"),
        ("changed", "2022-03-07", None),
    ]
    code, out, _ = run("history", P, "sec_1__para_1", "--lang", "sv")
    assert out.splitlines()[3].split()[6] == "tillagd"


def test_blame_tells_a_move_from_a_change(repo: Path, tmp_path: Path) -> None:
    text = pv.load(CC / "en-2.1.md")
    first, second, *rest = text.body
    moved = tmp_path / "moved.xml"
    moved.write_bytes(pv.to_xml(pv.Policy(text.title, (second, first, *rest), text.metadata)))
    code, _, err = run("record", P, str(moved), "--decision", "Reviderad KS 2023-03-06 § 4")
    assert code == 0, err
    code, out, _ = run("blame", P, "--json")
    entries = {e["id"]: e for e in json.loads(out)}
    moved_entry = next(e for e in entries.values() if e["moved"] is not None)
    assert moved_entry["moved"]["revision"] == 4
    assert moved_entry["changed"]["revision"] != 4  # moved, not changed


def test_verify_ok_then_exit_1_after_tampering(repo: Path) -> None:
    code, out, _ = run("verify")
    assert (code, out) == (0, "ok: 1 policies, 3 revisions verified\n")
    revision = pv.Repository.open(repo).log(P)[1]
    path = repo / "policies" / "cc" / "en" / revision.file
    path.write_bytes(path.read_bytes().replace(b"pledge", b"PLEDGE", 1))
    code, out, err = run("verify")
    assert code == 1
    assert err.startswith(f"error: changed: {P}@2: SHA-256 is ")
    code, _, err = run("show", f"{P}@2")
    assert code == 1
    assert "does not match its recorded SHA-256" in err


def test_repository_option_and_environment(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("log", P)[0] == 1
    assert run("--repo", str(repo), "log", P)[0] == 0
    assert run("log", P, env={"POLICYVERSIONS_REPO": str(repo)})[0] == 0
    code, _, err = run("--repo", str(tmp_path), "policies")
    assert code == 1
    assert err == f"error: not a policyversions repository: no policyversions.json ({tmp_path})\n"
    nested = repo / "policies" / "cc"
    monkeypatch.chdir(nested)
    code, out, _ = run("policies", "--on", "2023-01-01")
    assert code == 0
    assert out.splitlines()[0].split() == [
        "Policy", "Status", "Latest", "decision", "From", "Revisions", "Title"
    ]
    assert out.splitlines()[1].split() == [
        P, "in", "force", "Reviderad", "KS", "2022-03-07", "§", "3", "2022-03-07", "3",
        "Contributor", "Covenant", "Code", "of", "Conduct",
    ]  # fmt: skip
    code, out, _ = run("policies", "--json", "--on", "2023-01-01")
    (item,) = json.loads(out)
    assert (item["policy"], item["status"], item["revisions"]) == (P, "in_force", 3)
    assert item["latest"]["decision"] == "Reviderad KS 2022-03-07 § 3"
    assert item["title"] == "Contributor Covenant Code of Conduct"


@pytest.mark.parametrize("bad", ["../x", "/etc", "a//b", "A", "a/./b"])
def test_bad_policy_ids_are_one_line_errors(repo: Path, bad: str) -> None:
    code, out, err = run("record", bad, str(CC / "en-1.4.md"), "--decision", "KS 2030-01-01 § 1")
    assert code == 1
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "policy id" in err


def test_refusals_are_one_line_errors(repo: Path) -> None:
    code, _, err = run("record", P, str(CC / "en-2.1.md"), "--decision", "KS 2023-01-01 § 1")
    assert code == 1
    assert "identical to revision 3" in err and err.count("\n") == 1
    code, _, err = run("record", P, str(CC / "en-1.4.md"), "--decision", "KS 2019-01-01 § 1")
    assert "dated before the latest decision" in err and "--late" in err
    code, out, _ = run(
        "record", P, str(CC / "en-1.4.md"), "--decision", "KS 2019-01-01 § 1", "--late"
    )
    assert code == 0 and out.startswith(f"recorded {P}@4")
    assert "--force" not in err and "=True" not in err
    code, out, _ = run(
        "record", P, str(CC / "en-1.4.md"), "--decision", "KS 2023-01-01 § 1", "--force"
    )
    assert code == 0 and out.startswith(f"recorded {P}@5")


def test_repeal_leaves_nothing_in_force(repo: Path) -> None:
    code, out, _ = run("repeal", P, "--decision", "KF 2024-01-01 § 9")
    assert (code, out) == (0, f"recorded {P}@4: Upphävd KF 2024-01-01 § 9\n")
    assert "upphävd" in run("log", P, "--lang", "sv")[1].splitlines()[5]
    code, _, err = run("show", f"{P}@2024-06-01")
    assert code == 1
    assert err == f"error: no revision of '{P}' was in force on 2024-06-01\n"
    assert run("show", f"{P}@2023-06-01")[0] == 0


def test_init_twice_and_missing_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYVERSIONS_REPO", raising=False)
    monkeypatch.chdir(tmp_path)
    assert run("init")[0] == 0
    code, _, err = run("init", ".")
    assert code == 1
    assert "already a policyversions repository" in err
    code, _, err = run("--repo", str(tmp_path / "none"), "show", "x@1")
    assert code == 1
    assert "no such file, and not a policyversions repository" in err


def test_validate_and_export_read_refs_too(repo: Path) -> None:
    stored = pv.Repository.open(repo).policy(P, 2)
    code, out, err = run("export", f"{P}@2", "--format", "xml")
    assert (code, err) == (0, "")
    assert out.encode("utf-8") == pv.to_xml(stored)
    code, out, _ = run("export", f"{P}@2", "--format", "akn")
    assert code == 0 and "<akomaNtoso" in out
    code, out, _ = run("validate", f"{P}@2")
    assert code == 0 and out.startswith(f"ok: {P}@2: ")
    code, _, err = run("export", f"{P}@9", "--format", "xml")
    assert code == 1 and err.startswith("error: ") and "9" in err
