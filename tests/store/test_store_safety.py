"""A secretary never loses a revision: atomic writes, serialised writers, killed writers,
and verify finding every changed, truncated or missing file."""

from __future__ import annotations

import datetime
import hashlib
import json
import multiprocessing
import os
import random
import signal
import stat
import time
from pathlib import Path

import pytest

import policyversions as pv
from policyversions.store import ChangeSummary, ConflictError, IntegrityError, Repository, files
from policyversions.store.files import WriterLock, write_atomic
from policyversions.store.repository import LOCK_NAME, text_key

FORK = multiprocessing.get_context("fork")
P = "kommun/policy"
DAY = datetime.date(2020, 1, 1)


def text_for(label: str) -> pv.Policy:
    """A small policy whose text is unique to *label*."""
    body = [
        pv.Section(
            f"Avsnitt {label}",
            [
                pv.Paragraph(f"Denna policy gäller version {label} för alla anställda."),
                pv.CommitmentList(
                    [pv.Commitment(f"Du ska följa regel {label} nummer {n}") for n in (1, 2)],
                    lead_in="Du ska",
                ),
            ],
        )
    ]
    return pv.Policy("Policy", pv.assign_positional_ids(body))


def decision_for(day: int, item: int = 1) -> pv.Decision:
    date = DAY + datetime.timedelta(days=day)
    return pv.Decision(organ=pv.Organ("KF"), year=date.year, date=date, item=item)


# -- concurrency ----------------------------------------------------------------------------------


def _writer(root: str, policy_id: str, worker: int, count: int) -> None:
    repo = Repository.open(root)
    for k in range(count):
        repo.record(policy_id, text_for(f"w{worker}k{k}"), decision_for(0, worker * 100 + k + 1))


def test_concurrent_writers_into_one_policy_and_into_several(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "repo")
    jobs = [(P, worker) for worker in range(4)] + [("own/a", 10), ("own/b", 11)]
    processes = [
        FORK.Process(target=_writer, args=(str(repo.root), policy_id, worker, 4))
        for policy_id, worker in jobs
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [process.exitcode for process in processes] == [0] * len(processes)
    log = repo.log(P)
    assert [r.number for r in log] == list(range(1, 17))
    assert sorted(r.decision.item or 0 for r in log) == sorted(
        w * 100 + k + 1 for w in range(4) for k in range(4)
    )
    assert [len(repo.log(p)) for p in ("own/a", "own/b")] == [4, 4]
    report = repo.verify()
    assert report.ok, report.problems
    assert report.revisions == 24
    assert report.orphans == ()
    # Every revision reads back as the text its writer recorded.
    for revision in log:
        item = revision.decision.item or 0
        label = f"w{item // 100}k{item % 100 - 1}"
        assert text_key(repo.read(revision)) == text_key(text_for(label))


def test_a_writer_waiting_too_long_gets_a_conflict_and_writes_nothing(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "repo")
    repo.lock_timeout = 0.2
    with WriterLock(repo.root / LOCK_NAME):
        started = time.monotonic()
        with pytest.raises(ConflictError, match="another writer has held the repository lock"):
            repo.record(P, text_for("a"), decision_for(0))
        assert time.monotonic() - started >= 0.2
    assert repo.policies() == []
    assert repo.record(P, text_for("a"), decision_for(0)).number == 1


# -- killed writers -------------------------------------------------------------------------------


def _recorder(root: str) -> None:
    repo = Repository.open(root)
    step = len(repo.log(P)) if P in repo.policies() else 0
    while True:
        repo.record(P, text_for(f"s{step}"), decision_for(step))
        step += 1


def test_writers_killed_at_random_moments_leave_a_valid_prefix(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "repo")
    chance = random.Random(20261126)
    previous = 0
    for delay in (0.0, 0.005, 0.01, 0.02, 0.04, 0.07, 0.1, 0.15):
        process = FORK.Process(target=_recorder, args=(str(repo.root),))
        process.start()
        time.sleep(delay + chance.uniform(0, 0.02))
        assert process.pid is not None
        os.kill(process.pid, signal.SIGKILL)
        process.join(10)
        assert process.exitcode == -signal.SIGKILL
        reopened = Repository.open(repo.root)
        report = reopened.verify()
        assert report.ok, report.problems
        log = reopened.log(P) if P in reopened.policies() else []
        assert [r.number for r in log] == list(range(1, len(log) + 1))
        assert len(log) >= previous
        previous = len(log)
        for step, revision in enumerate(log):
            assert text_key(reopened.read(revision)) == text_key(text_for(f"s{step}"))
            assert revision.decision == decision_for(step)
    assert previous > 0, "no writer ever finished a revision"


def test_a_crash_before_the_index_is_replaced_leaves_an_orphan_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repository.init(tmp_path / "repo")
    repo.record(P, text_for("a"), decision_for(0))
    real = files.write_atomic

    def crash_on_index(path: Path, data: bytes) -> None:
        if path.name == "index.json":
            raise KeyboardInterrupt  # the writer dies between the two writes
        real(path, data)

    monkeypatch.setattr("policyversions.store.recording.write_atomic", crash_on_index)
    with pytest.raises(KeyboardInterrupt):
        repo.record(P, text_for("b"), decision_for(1))
    monkeypatch.undo()
    reopened = Repository.open(repo.root)
    assert len(reopened.log(P)) == 1
    report = reopened.verify()
    assert report.ok
    assert [Path(o).name for o in report.orphans] == ["0002-KF-2020-01-02-1.xml"]
    # The next writer takes the number (and the orphan's file name) over.
    revision = reopened.record(P, text_for("c"), decision_for(1))
    assert revision.number == 2
    assert text_key(reopened.read(revision)) == text_key(text_for("c"))
    assert reopened.verify().orphans == ()


def test_write_atomic_replaces_whole_files_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_repeal_reads_the_latest_text_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repository.init(tmp_path / "repo")
    repo.record(P, text_for("a"), decision_for(0))
    other = Repository.open(repo.root)
    enter = WriterLock.__enter__
    pending = [True]

    def another_writer_first(lock: WriterLock) -> WriterLock:
        if pending:  # just before the repeal takes the lock, another writer records
            pending.clear()
            other.record(P, text_for("b"), decision_for(1))
        return enter(lock)

    monkeypatch.setattr(WriterLock, "__enter__", another_writer_first)
    repeal = repo.repeal(P, "Upphävd KF 2020-03-01 § 9")
    assert not pending
    assert repeal.number == 3
    assert text_key(repo.read(repeal)) == text_key(text_for("b"))
    assert repeal.changes == ChangeSummary()


def test_a_failing_directory_sync_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fsync = os.fsync

    def failing_for_directories(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(5, "Input/output error")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_for_directories)
    with pytest.raises(pv.StoreError, match="cannot sync the directory: Input/output error"):
        write_atomic(tmp_path / "file.json", b"one")
    with pytest.raises(pv.StoreError, match="cannot sync the directory"):
        Repository.init(tmp_path / "repo")


# -- verify -------------------------------------------------------------------------------------


@pytest.fixture
def three(tmp_path: Path) -> Repository:
    repo = Repository.init(tmp_path / "repo")
    for step in range(3):
        repo.record(P, text_for(f"s{step}"), decision_for(step))
    repo.record("other", text_for("x"), decision_for(0))
    return repo


def _file(repo: Repository, number: int) -> Path:
    return repo.policy_dir(P) / repo.log(P)[number - 1].file


def test_verify_is_clean_on_a_fresh_repository(three: Repository) -> None:
    report = three.verify(deep=True)
    assert report.ok
    assert (report.policies, report.revisions, report.problems, report.orphans) == (2, 4, (), ())


def test_verify_finds_a_flipped_byte(three: Repository) -> None:
    path = _file(three, 2)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = three.verify()
    assert not report.ok
    assert [(p.policy_id, p.number, p.kind) for p in report.problems] == [(P, 2, "changed")]
    assert "SHA-256" in str(report.problems[0])
    with pytest.raises(IntegrityError, match=r"revision kommun/policy@2 does not match"):
        three.read(three.log(P)[1])


def test_verify_finds_truncated_and_missing_files(three: Repository) -> None:
    path = _file(three, 1)
    path.write_bytes(path.read_bytes()[:-10])
    _file(three, 3).unlink()
    report = three.verify()
    assert [(p.number, p.kind) for p in report.problems] == [(1, "changed"), (3, "missing")]
    with pytest.raises(IntegrityError, match="unreadable"):
        three.read(three.log(P)[2])


def test_a_writer_never_builds_on_a_corrupted_revision(three: Repository) -> None:
    path = _file(three, 3)
    path.write_bytes(path.read_bytes().replace(b"s2", b"s9"))
    index = (three.policy_dir(P) / "index.json").read_bytes()
    with pytest.raises(IntegrityError):
        Repository.open(three.root).record(P, text_for("s3"), decision_for(3))
    assert (three.policy_dir(P) / "index.json").read_bytes() == index


def test_verify_reports_a_corrupt_index(three: Repository) -> None:
    (three.policy_dir(P) / "index.json").write_text('{"format": "policyversions-index", ')
    report = three.verify()
    assert [(p.policy_id, p.kind) for p in report.problems] == [(P, "unreadable")]
    assert "corrupt index" in report.problems[0].message


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("warnings", "one warning", "warnings must be a list of texts"),
        ("warnings", [1], "warnings must be a list of texts"),
        ("note", ["a"], "note must be text or null"),
        ("decisions", {}, "decisions must be a list"),
        ("decisions", [], "decisions must hold the decision the revision is recorded under"),
        ("chain", "abc", "chain must be 64 lowercase hex digits"),
        ("forced", "false", "forced must be true or false"),
        ("late", 0, "late must be true or false"),
    ],
)
def test_a_mistyped_index_field_is_a_corrupt_entry(
    three: Repository, field: str, value: object, message: str
) -> None:
    index_path = three.policy_dir(P) / "index.json"
    data = json.loads(index_path.read_text())
    data["revisions"][1][field] = value
    index_path.write_text(json.dumps(data))
    with pytest.raises(pv.StoreError, match=f"corrupt index entry: {message}.*revision entry 2"):
        Repository.open(three.root).log(P)


def test_verify_deep_reads_every_revision(three: Repository) -> None:
    index_path = three.policy_dir(P) / "index.json"
    path = _file(three, 2)
    garbage = b"<policy>not ours</policy>"
    path.write_bytes(garbage)
    data = json.loads(index_path.read_text())
    data["revisions"][1]["sha256"] = hashlib.sha256(garbage).hexdigest()
    index_path.write_text(json.dumps(data))
    # The file's hash matches what the edited index says, but the chain and head do not.
    report = three.verify()
    assert [(p.number, p.kind) for p in report.problems] == [(2, "index"), (None, "index")]
    report = three.verify(deep=True)
    assert [(p.number, p.kind) for p in report.problems] == [
        (2, "index"),
        (None, "index"),
        (2, "invalid"),
    ]


def test_verify_lists_orphans_without_failing(three: Repository) -> None:
    stray = three.policy_dir(P) / ".0004-KF.xml.abc.tmp"
    stray.write_bytes(b"half")
    unnamed = three.policy_dir(P) / "0004-KF-2020-01-04-1.xml"  # killed before the index
    unnamed.write_bytes(b"<x/>")
    astray = three.root / "policies" / "not_an_id"
    astray.mkdir()
    (astray / "notes.txt").write_bytes(b"x")
    report = three.verify()
    assert report.ok
    assert sorted(Path(o).name for o in report.orphans) == [
        ".0004-KF.xml.abc.tmp",
        "0004-KF-2020-01-04-1.xml",
        "notes.txt",
    ]


def test_verify_reports_revision_files_without_an_index(three: Repository) -> None:
    lonely = three.root / "policies" / "new-policy"
    lonely.mkdir()
    (lonely / "0001-KF-2020-01-01-1.xml").write_bytes(b"<x/>")
    report = three.verify()
    assert [(p.policy_id, p.kind) for p in report.problems] == [("new-policy", "missing")]
    assert "policyversions repair new-policy" in report.problems[0].message


@pytest.mark.parametrize(
    "name",
    ["x\x00.xml", "a\nb.xml", "../../etc/passwd.xml", "..\\..\\x.xml", " .xml", "0001-KF.xml/"],
)
def test_a_hostile_file_name_in_the_index_is_refused_in_one_line(
    three: Repository, name: str
) -> None:
    index_path = three.policy_dir(P) / "index.json"
    data = json.loads(index_path.read_text())
    data["revisions"][0]["file"] = name
    index_path.write_text(json.dumps(data))
    report = three.verify()
    assert [(p.policy_id, p.number, p.kind) for p in report.problems] == [(P, None, "unreadable")]
    assert "bad revision file name" in report.problems[0].message
    assert "\n" not in str(report.problems[0]) and "\x00" not in str(report.problems[0])
    reopened = Repository.open(three.root)
    with pytest.raises(pv.StoreError, match="bad revision file name") as caught:
        reopened.log(P)
    assert "\n" not in str(caught.value)
