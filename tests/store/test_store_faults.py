"""Faults a repository meets in the wild, each one line, a non-zero exit and nothing lost: a
deleted, corrupt, hand-edited or rolled-back index, a forged entry, symbolic links, special files,
unreadable folders, a full disk, an oversized revision. None needs root: CI runs as root, so an
unreadable folder is simulated by ``os.scandir`` raising ``PermissionError``, a full disk by
``os.fsync`` raising ``ENOSPC``."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import policyversions as pv
from policyversions.store import Repository, StoreError
from policyversions.store.repair import RESTORED_WARNING
from policyversions_cli.main import main

P = "kommun/policy"
DEC = "KF 2023-01-09 § 1"


def text_for(label: str, *decisions: str) -> pv.Policy:
    body = [
        pv.Section(
            f"Avsnitt {label}",
            [pv.Paragraph(f"Denna policy gäller version {label} för alla anställda.")],
        )
    ]
    return pv.Policy(
        "Policy",
        pv.assign_positional_ids(body),
        decisions=[pv.parse_decision(d) for d in decisions],
    )


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    """Three revisions: the second effective later than decided, the third citing the
    adoption with its Dnr; a note on the first."""
    repo = Repository.init(tmp_path / "repo")
    repo.record(P, text_for("a"), "Antagen KF 2020-03-02 § 12", note="Första versionen")
    repo.record(P, text_for("b"), "Reviderad KF 2021-03-01 § 7", "2021-04-01")
    repo.record(
        P,
        text_for("c", "Antagen KF 2020-03-02 § 12 (Dnr KS 2020/4)", "Reviderad KF 2022-02-07 § 3"),
        "Reviderad KF 2022-02-07 § 3",
    )
    return repo


def cli(repo: Repository, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--repo", str(repo.root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def one_line_error(err: str) -> None:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def snapshot(repo: Repository) -> dict[str, bytes]:
    return {
        str(path.relative_to(repo.root)): path.read_bytes()
        for path in sorted(repo.root.rglob("*"))
        if path.is_file() and not path.is_symlink() and path.name != ".lock"
    }


def histories(repo: Repository) -> list[tuple[str, ...]]:
    return [tuple(str(d) for d in repo.read(r).decisions) for r in repo.log(P)]


# -- the index ----------------------------------------------------------------------------------


def test_a_deleted_index_refuses_to_record_and_repair_restores_it(repo: Repository) -> None:
    before = histories(repo)
    log = repo.log(P)
    index = repo.policy_dir(P) / "index.json"
    index.unlink()
    files = snapshot(repo)
    code, out, err = cli(repo, "record", P, str(_source(repo.root.parent)), "--decision", DEC)
    assert (code, out) == (1, "")
    one_line_error(err)
    assert "index of 'kommun/policy' is missing" in err and f"policyversions repair {P}" in err
    assert snapshot(repo) == files  # revision 0001 was not overwritten: nothing changed
    code, _, err = cli(repo, "log", P)
    assert code == 1 and "repair" in err
    code, _, err = cli(repo, "verify")
    assert code == 1 and "missing: kommun/policy: the index is missing" in err
    code, out, err = cli(repo, "repair", P)
    assert (code, err) == (0, "")
    assert out.startswith(f"repaired {P}: 3 revisions in the index\n")
    assert "revision(s) 1, 2, 3 rebuilt from their files alone" in out
    fresh = Repository.open(repo.root)
    assert histories(fresh) == before
    restored = fresh.log(P)
    assert [r.decision for r in restored] == [r.decision for r in log]
    assert [r.changes for r in restored] == [r.changes for r in log]
    assert [r.warnings for r in restored] == [(RESTORED_WARNING,)] * 3
    assert fresh.verify(deep=True).ok
    assert fresh.record(P, text_for("d"), "KF 2023-01-09 § 1").number == 4


def test_a_corrupt_index_refuses_to_record_and_is_kept_when_repaired(repo: Repository) -> None:
    before = histories(repo)
    log = repo.log(P)
    index = repo.policy_dir(P) / "index.json"
    damaged = index.read_bytes()[:-40]
    index.write_bytes(damaged)
    with pytest.raises(StoreError, match=r"corrupt index.*policyversions repair kommun/policy"):
        Repository.open(repo.root).record(P, text_for("d"), "KF 2023-01-09 § 1")
    assert index.read_bytes() == damaged
    report = Repository.open(repo.root).verify()
    assert [(p.kind, p.number) for p in report.problems] == [("unreadable", None)]
    repaired = Repository.open(repo.root).repair(P)
    assert repaired.written and repaired.restored == (1, 2, 3)
    assert repaired.kept is not None and Path(repaired.kept).read_bytes() == damaged
    fresh = Repository.open(repo.root)
    assert histories(fresh) == before
    assert [r.decision for r in fresh.log(P)] == [r.decision for r in log]
    assert fresh.verify(deep=True).ok  # the kept index is an orphan, not a problem
    assert fresh.verify().orphans == (repaired.kept,)


def test_a_sound_index_is_left_alone_by_repair(repo: Repository) -> None:
    files = snapshot(repo)
    report = repo.repair(P)
    assert (report.written, report.revisions, report.restored) == (False, 3, ())
    assert snapshot(repo) == files
    code, out, _ = cli(repo, "repair", P)
    assert (code, out) == (0, f"ok: {P}: the index is sound (3 revisions)\n")


def _edit_index(repo: Repository, change: object) -> None:
    path = repo.policy_dir(P) / "index.json"
    data = json.loads(path.read_bytes())
    change(data)  # type: ignore[operator]
    lines = [
        json.dumps(entry, ensure_ascii=False, separators=(", ", ": "))
        for entry in data["revisions"]
    ]
    head, _, _ = path.read_bytes().partition(b'\n "revisions": [\n  ')
    path.write_bytes(head + b'\n "revisions": [\n  ' + ",\n  ".join(lines).encode() + b"]}\n")


def test_a_dropped_last_revision_is_caught_and_restored(repo: Repository) -> None:
    before = histories(repo)
    _edit_index(repo, lambda data: data["revisions"].pop())
    fresh = Repository.open(repo.root)
    assert len(fresh.log(P)) == 2  # reading alone cannot tell
    for deep in (False, True):
        report = fresh.verify(deep=deep)
        assert [(p.kind, p.number) for p in report.problems] == [("index", None)]
        assert "the head seals 3 revisions but the index holds 2" in report.problems[0].message
    with pytest.raises(StoreError, match="head seals 3 revisions, the index holds 2"):
        fresh.record(P, text_for("d"), "KF 2023-01-09 § 1")
    report = fresh.repair(P)
    assert report.written and report.restored == (3,)  # 1 and 2 kept their times and notes
    assert histories(fresh) == before
    assert fresh.log(P)[0].note == "Första versionen"
    assert fresh.verify(deep=True).ok


def test_a_forged_decision_and_a_repointed_file_break_the_chain(repo: Repository) -> None:
    original = (repo.policy_dir(P) / "index.json").read_bytes()

    def forge(data: dict[str, list[dict[str, object]]]) -> None:
        entry = data["revisions"][1]
        forged = pv.parse_decision("Reviderad KF 2021-03-01 § 8, gäller från 2021-04-01")
        entry["decision"] = str(forged)
        entry["decision_data"] = forged.to_dict()
        entry["decisions"] = [forged.to_dict()]

    _edit_index(repo, forge)
    for deep in (False, True):
        kinds = [(p.kind, p.number) for p in Repository.open(repo.root).verify(deep=deep).problems]
        assert ("index", 2) in kinds
    assert ("invalid", 2) in [
        (p.kind, p.number) for p in Repository.open(repo.root).verify(deep=True).problems
    ]
    (repo.policy_dir(P) / "index.json").write_bytes(original)
    assert Repository.open(repo.root).verify(deep=True).ok

    def repoint(data: dict[str, list[dict[str, object]]]) -> None:
        first, second = data["revisions"][0], data["revisions"][1]
        second["file"], second["sha256"] = first["file"], first["sha256"]

    _edit_index(repo, repoint)
    report = Repository.open(repo.root).verify()
    messages = [p.message for p in report.problems if p.number == 2]
    assert any("the file of another revision" in m for m in messages)
    assert any("already named by revision 1" in m for m in messages)
    assert any("hash chain breaks" in m for m in messages)


def test_a_changed_effective_date_is_caught(repo: Repository) -> None:
    def change(data: dict[str, list[dict[str, object]]]) -> None:
        entry = data["revisions"][1]
        data_ = dict(entry["decision_data"])  # type: ignore[call-overload]
        data_["effective"] = "2021-03-15"
        entry["decision_data"] = data_
        entry["decisions"] = [data_]
        entry["effective"] = "2021-03-15"

    _edit_index(repo, change)
    problems = Repository.open(repo.root).verify().problems
    assert ("index", 2) in [(p.kind, p.number) for p in problems]


def test_a_missing_head_is_reported_and_refuses_to_record(repo: Repository) -> None:
    (repo.policy_dir(P) / "head.json").unlink()
    report = repo.verify()
    assert [(p.kind, p.number) for p in report.problems] == [("index", None)]
    assert "has no head" in report.problems[0].message
    with pytest.raises(StoreError, match=r"has no head \(head.json\)"):
        Repository.open(repo.root).record(P, text_for("d"), "KF 2023-01-09 § 1")
    assert repo.repair(P).written
    assert repo.verify(deep=True).ok


def test_a_record_interrupted_before_the_head_is_a_note_and_the_next_record_goes_on(
    repo: Repository,
) -> None:
    head = repo.policy_dir(P) / "head.json"
    old_head = head.read_bytes()
    repo.record(P, text_for("d"), "KF 2023-01-09 § 1")
    head.write_bytes(old_head)  # as if killed after writing the index, before the head
    report = Repository.open(repo.root).verify()
    assert report.ok and len(report.notes) == 1 and "one revision behind" in report.notes[0]
    Repository.open(repo.root).record(P, text_for("e"), "KF 2024-01-08 § 1")
    assert Repository.open(repo.root).verify(deep=True) == Repository.open(repo.root).verify(
        deep=True
    )
    assert Repository.open(repo.root).verify(deep=True).ok
    assert Repository.open(repo.root).verify().notes == ()


def test_an_index_of_version_1_is_upgraded_by_repair(repo: Repository) -> None:
    recorded = [r.recorded for r in repo.log(P)]
    path = repo.policy_dir(P) / "index.json"
    data = json.loads(path.read_bytes())
    data["version"] = 1
    for entry in data["revisions"]:
        for key in ("decisions", "title", "language", "retroactive", "note", "chain"):
            del entry[key]
        entry["notes"] = entry.pop("warnings")
    path.write_text(json.dumps(data, ensure_ascii=False))
    with pytest.raises(StoreError, match=r"version 1.*policyversions repair kommun/policy"):
        Repository.open(repo.root).log(P)
    report = Repository.open(repo.root).repair(P)
    assert report.written and report.restored == ()
    fresh = Repository.open(repo.root)
    assert [r.recorded for r in fresh.log(P)] == recorded  # kept from the old index
    assert fresh.verify(deep=True).ok


def test_repair_refuses_a_gap_in_the_revision_files(repo: Repository) -> None:
    (repo.policy_dir(P) / repo.log(P)[1].file).unlink()
    (repo.policy_dir(P) / "index.json").unlink()
    code, _, err = cli(repo, "repair", P)
    assert code == 1
    one_line_error(err)
    assert "revision file 2 of 'kommun/policy' is missing" in err


# -- links, special files, unreadable folders ----------------------------------------------------


def test_a_symlinked_policy_folder_is_refused_and_reported(
    repo: Repository, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo.root / "policies" / "elsewhere").symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match="a symbolic link, refused"):
        repo.record("elsewhere", text_for("x"), "KF 2020-03-02 § 12")
    with pytest.raises(StoreError, match="a symbolic link, refused"):
        repo.log("elsewhere")
    assert list(outside.iterdir()) == []  # nothing written outside the repository
    report = repo.verify()
    assert [(p.kind, Path(p.path).name) for p in report.problems] == [("symlink", "elsewhere")]
    code, _, err = cli(repo, "verify")
    assert code == 1 and "symlink: " in err


def test_a_symlinked_policy_folder_inside_is_refused_too(repo: Repository) -> None:
    real = repo.policy_dir(P)
    alias = repo.root / "policies" / "alias"
    alias.symlink_to(real, target_is_directory=True)
    files = snapshot(repo)
    with pytest.raises(StoreError, match="symbolic link"):
        repo.record("alias", text_for("d"), "KF 2023-01-09 § 1")
    assert snapshot(repo) == files


def test_a_symlinked_lock_file_is_refused(repo: Repository, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("do not touch")
    lock = repo.root / ".lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(target)
    with pytest.raises(StoreError, match=r"lock file.*symbolic link"):
        repo.record(P, text_for("d"), "KF 2023-01-09 § 1")
    assert target.read_text() == "do not touch"
    assert len(repo.log(P)) == 3
    code, _, err = cli(repo, "record", P, str(_source(tmp_path)), "--decision", DEC)
    assert code == 1
    one_line_error(err)


def _source(tmp_path: Path) -> Path:
    path = tmp_path / "next.xml"
    path.write_bytes(pv.to_xml(text_for("d")))
    return path


def test_a_symlinked_revision_file_or_index_is_reported(repo: Repository) -> None:
    revision = repo.policy_dir(P) / repo.log(P)[0].file
    copy = revision.with_name("copy.bin")
    copy.write_bytes(revision.read_bytes())
    revision.unlink()
    revision.symlink_to(copy)
    report = Repository.open(repo.root).verify()
    assert ("symlink", revision.name) in [(p.kind, Path(p.path).name) for p in report.problems]
    assert not report.ok
    with pytest.raises(pv.IntegrityError, match="symbolic link"):
        Repository.open(repo.root).read(repo.log(P)[0])


def test_a_fifo_index_is_reported_without_blocking(repo: Repository) -> None:
    index = repo.policy_dir(P) / "index.json"
    index.unlink()
    os.mkfifo(index)
    report = Repository.open(repo.root).verify()
    kinds = [(p.kind, Path(p.path).name) for p in report.problems]
    assert ("unreadable", "index.json") in kinds
    assert any("a FIFO" in p.message for p in report.problems)
    with pytest.raises(StoreError, match="a FIFO, not a regular file"):
        Repository.open(repo.root).log(P)
    with pytest.raises(StoreError, match="a FIFO"):
        Repository.open(repo.root).record(P, text_for("d"), "KF 2023-01-09 § 1")


def test_an_unreadable_folder_is_reported_never_ok(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    scandir = os.scandir
    locked = str(repo.policy_dir(P))

    def refusing(path: object = ".") -> object:
        if str(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", locked)
        return scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", refusing)
    report = repo.verify()
    assert not report.ok
    assert [(p.kind, p.path) for p in report.problems] == [("unreadable", locked)]
    assert "Permission denied" in report.problems[0].message
    code, out, err = cli(repo, "verify")
    assert code == 1 and "unreadable" in err and "ok:" not in out


def test_a_policy_folder_replaced_by_a_file_is_refused(repo: Repository) -> None:
    other = repo.root / "policies" / "other"
    other.write_text("not a folder")
    with pytest.raises(StoreError, match="a file where a folder should be"):
        repo.record("other", text_for("x"), "KF 2020-03-02 § 12")
    assert other.read_text() == "not a folder"


# -- full disk, oversized revisions -------------------------------------------------------------


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


@pytest.mark.parametrize("command", ["export", "diff"])
def test_a_full_disk_on_output_is_one_line_and_the_old_file_stays(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "result"
    target.write_bytes(b"the old file")
    args = (
        ["export", f"{P}@2", "--format", "akn", "-o", str(target)]
        if command == "export"
        else ["diff", f"{P}@1", f"{P}@2", "--format", "html", "-o", str(target)]
    )
    _full_disk(monkeypatch)
    code, out, err = cli(repo, *args)
    assert (code, out) == (1, "")
    one_line_error(err)
    assert "No space left on device" in err and str(target) in err
    assert target.read_bytes() == b"the old file"
    assert sorted(p.name for p in out_dir.iterdir()) == ["result"]  # no temporary file left
    monkeypatch.undo()
    code, _, err = cli(repo, *args)
    assert (code, err) == (0, "")
    assert target.read_bytes() != b"the old file"


def test_a_full_disk_while_recording_changes_nothing(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = snapshot(repo)
    _full_disk(monkeypatch)
    code, out, err = cli(
        repo, "record", P, str(_source(tmp_path)), "--decision", "KF 2023-01-09 § 1"
    )
    assert (code, out) == (1, "")
    one_line_error(err)
    assert "No space left on device" in err
    monkeypatch.undo()
    assert snapshot(repo) == files
    assert Repository.open(repo.root).verify(deep=True).ok


def test_an_oversized_revision_is_refused_before_anything_is_written(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyversions.store import recording

    files = snapshot(repo)
    monkeypatch.setattr(recording, "MAX_XML_BYTES", 200)
    code, out, err = cli(
        repo, "record", P, str(_source(tmp_path)), "--decision", "KF 2023-01-09 § 1"
    )
    assert (code, out) == (1, "")
    one_line_error(err)
    assert "over the limit of 200 bytes that reading allows" in err
    assert snapshot(repo) == files


def test_the_limit_is_the_one_reading_enforces() -> None:
    from policyversions.formats import policyxml
    from policyversions.store import recording

    assert recording.MAX_XML_BYTES == policyxml.MAX_XML_BYTES == 20 * 1024 * 1024


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["log", P], ["export", P, "--format", "akn"]])
def test_a_full_standard_output_is_one_line(repo: Repository, command: list[str]) -> None:
    import subprocess
    import sys

    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from policyversions_cli.main import main; main()",
                "--repo",
                str(repo.root),
                *command,
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    err = done.stderr.decode()
    assert done.returncode == 1
    one_line_error(err)
    assert err == "error: cannot write the output: No space left on device (standard output)\n"


def test_a_first_record_killed_before_its_index_records_nothing_and_starts_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyversions.store import recording

    repo = Repository.init(tmp_path / "repo")
    write_atomic = recording.write_atomic

    def killed_at_the_index(path: Path, data: bytes) -> None:
        if path.name == "index.json":
            raise KeyboardInterrupt  # as a writer killed between the revision and the index
        write_atomic(path, data)

    monkeypatch.setattr(recording, "write_atomic", killed_at_the_index)
    with pytest.raises(KeyboardInterrupt):
        repo.record("ny", text_for("a"), "KF 2020-03-02 § 12")
    monkeypatch.undo()
    folder = repo.root / "policies" / "ny"
    assert sorted(p.name for p in folder.iterdir()) == ["0001-KF-2020-03-02-12.xml", "head.json"]
    report = Repository.open(repo.root).verify()
    assert report.ok and "first record was interrupted" in report.notes[0]
    assert report.orphans == (str(folder / "0001-KF-2020-03-02-12.xml"),)
    assert Repository.open(repo.root).policies() == []  # nothing was recorded
    fresh = Repository.open(repo.root)
    assert fresh.record("ny", text_for("b"), "KF 2020-03-02 § 12").number == 1
    assert fresh.verify(deep=True).ok and fresh.policies() == ["ny"]
    assert fresh.policy("ny").title == "Policy" and len(fresh.log("ny")) == 1
