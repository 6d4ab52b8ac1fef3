"""The revision store: layout, recording, id carry-over, refusals, history, refs, discovery."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

import attrs
import pytest

import policyversions as pv
from conftest import CORPUS, SEED
from policyversions.store import (
    MARKER,
    RefusedError,
    Repository,
    StoreError,
    find_root,
    parse_ref,
    parse_rev,
)
from policyversions.store.repository import text_key

P = "kommun/it-policy"


def policy(*sections: tuple[str, list[str]], title: str = "IT-policy") -> pv.Policy:
    """A policy of sections, each holding one commitment list with the given items."""
    body = [
        pv.Section(
            heading, [pv.CommitmentList([pv.Commitment(t) for t in items], lead_in="Du ska")]
        )
        for heading, items in sections
    ]
    return pv.Policy(title, pv.assign_positional_ids(body))


BASE = (
    ("Säkerhet", [
        "använda starka lösenord för alla system",
        "låsa datorn när du lämnar arbetsplatsen",
        "rapportera incidenter till IT-avdelningen samma dag",
    ]),
    ("Utrustning", [
        "vårda den utrustning kommunen lånar ut",
        "inte installera program utan tillstånd",
    ]),
)  # fmt: skip


def ids_by_text(p: pv.Policy) -> dict[str, str]:
    """Map each leaf text to its id."""
    return {node.text: node.id for node in p.walk() if isinstance(node, pv.Commitment)}


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository.init(tmp_path / "repo")


# -- init and open ------------------------------------------------------------------------------


def test_init_makes_a_plain_documented_layout(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "a" / "b")
    root = tmp_path / "a" / "b"
    assert repo.root == root
    assert json.loads((root / MARKER).read_text()) == {
        "format": "policyversions-repository",
        "version": 1,
    }
    assert "index.json" in (root / "README.txt").read_text()
    assert (root / "policies").is_dir()
    assert repo.policies() == []
    assert Repository.open(root).root == root


def test_init_refuses_an_existing_repository(repo: Repository) -> None:
    with pytest.raises(StoreError, match="already a policyversions repository"):
        Repository.init(repo.root)


def test_open_refuses_a_directory_that_is_no_repository(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=f"not a policyversions repository: no {MARKER}"):
        Repository.open(tmp_path)
    (tmp_path / MARKER).write_text('{"format": "something-else"}')
    with pytest.raises(StoreError, match="marker"):
        Repository.open(tmp_path)
    (tmp_path / MARKER).write_text('{"format": "policyversions-repository", "version": 2}')
    with pytest.raises(StoreError, match="unsupported repository version 2"):
        Repository.open(tmp_path)
    (tmp_path / MARKER).write_text("{")
    with pytest.raises(StoreError, match="cannot read the repository marker"):
        Repository.open(tmp_path)


# -- recording -----------------------------------------------------------------------------------


def test_first_revision_is_stored_as_canonical_xml_with_its_hash(repo: Repository) -> None:
    text = policy(*BASE)
    revision = repo.record(P, text, "Antagen KF 2020-03-02 § 12", "2020-04-01")
    assert revision.number == 1
    assert revision.ref == f"{P}@1"
    assert revision.effective == datetime.date(2020, 4, 1)
    assert revision.in_force_from == datetime.date(2020, 4, 1)
    assert revision.file == "0001-KF-2020-03-02-12.xml"
    path = repo.root / "policies" / "kommun" / "it-policy" / revision.file
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == revision.sha256
    stored = repo.read(revision)
    assert data == pv.to_xml(stored)
    assert stored == attrs.evolve(text, decisions=(revision.decision,))
    assert revision.changes.added == tuple(node.id for node in text.walk())
    assert repo.policies() == [P]
    assert repo.log(P) == [revision]


def test_record_accepts_a_decision_value_and_reads_it_back_from_the_index(
    repo: Repository,
) -> None:
    decision = pv.parse_decision(
        "Fastställd av kommunstyrelsen den 4 maj 2010, § 87 (Dnr KS 2010/0123)"
    )
    revision = repo.record(P, policy(*BASE), decision)
    assert revision.decision == decision
    assert Repository.open(repo.root).log(P)[0] == revision


def test_unchanged_reworded_and_moved_nodes_keep_their_ids(repo: Repository) -> None:
    first = repo.read(repo.record(P, policy(*BASE), "KF 2020-03-02 § 12"))
    old_ids = ids_by_text(first)
    security, equipment = BASE[0][1], BASE[1][1]
    edited = policy(
        ("Informationssäkerhet", [
            security[1],
            "använda starka och unika lösenord för alla system",  # reworded
            security[2],
            equipment[0],  # moved from the other section
            "kryptera bärbara datorer",  # new
        ]),
        ("Utrustning", [equipment[1]]),
    )  # fmt: skip
    revision = repo.record(P, edited, "KF 2021-03-01 § 7")
    second = repo.read(revision)
    new_ids = ids_by_text(second)
    assert new_ids[security[1]] == old_ids[security[1]]
    assert new_ids["använda starka och unika lösenord för alla system"] == old_ids[security[0]]
    assert new_ids[equipment[0]] == old_ids[equipment[0]]
    fresh = new_ids["kryptera bärbara datorer"]
    assert fresh not in {node.id for node in first.walk()}
    assert fresh.startswith("sec_1__list_1__point_")
    changes = revision.changes
    assert changes.added == (fresh,)
    assert old_ids[security[0]] in changes.changed
    assert "sec_1" in changes.changed  # the heading
    assert old_ids[equipment[0]] in changes.moved
    assert changes.removed == ()


def test_a_move_within_its_list_or_among_sections_is_a_move_as_diff_reports_it(
    repo: Repository,
) -> None:
    first = repo.read(repo.record(P, policy(*BASE), "KF 2020-03-02 § 12"))
    security = BASE[0][1]
    reordered = policy(BASE[1], ("Säkerhet", [security[2], security[0], security[1]]))
    revision = repo.record(P, reordered, "KF 2021-03-01 § 7")
    ids = ids_by_text(first)
    # The LIS keeps sec_1 (or sec_2) and points 1, 2 in place: one section and one point moved.
    diffed = pv.diff(first, repo.read(revision))
    assert set(revision.changes.moved) == {
        change.new_id for change in diffed.changes if change.kind in ("moved", "section_moved")
    }
    assert ids[security[2]] in revision.changes.moved
    assert len(revision.changes.moved) == 2
    assert revision.changes.changed == revision.changes.added == revision.changes.removed == ()
    versions = repo.node_history(P, ids[security[2]])
    assert [(v.revision.number, v.change) for v in versions] == [(1, "added"), (2, "moved")]


def test_a_new_node_never_gets_the_id_of_a_removed_one(repo: Repository) -> None:
    repo.record(P, policy(*BASE), "KF 2020-03-02 § 12")
    removed = policy(("Säkerhet", BASE[0][1][:2]), BASE[1])
    second = repo.record(P, removed, "KF 2021-03-01 § 7")
    assert second.changes.removed == ("sec_1__list_1__point_3",)
    # Positionally this item would be sec_1__list_1__point_3 again.
    added = policy(("Säkerhet", [*BASE[0][1][:2], "en helt ny regel om molntjänster"]), BASE[1])
    third = repo.record(P, added, "KF 2022-03-01 § 9")
    assert third.changes.added == ("sec_1__list_1__point_4",)
    assert "sec_1__list_1__point_3" not in {node.id for node in repo.read(third).walk()}


def test_split_keeps_the_id_on_the_first_part_and_merge_keeps_one_old_id(
    repo: Repository,
) -> None:
    long_item = (
        "föra dialog med medarbetarna om verksamhetens mål och följa upp resultaten "
        "tillsammans med dem varje kvartal"
    )
    items = ["låsa datorn när du lämnar arbetsplatsen", long_item, "vårda utrustningen väl"]
    first = repo.read(repo.record(P, policy(("Ledarskap", items)), "KF 2020-03-02 § 12"))
    old = ids_by_text(first)
    split_parts = [
        "föra dialog med medarbetarna om verksamhetens mål",
        "följa upp resultaten tillsammans med dem varje kvartal",
    ]
    split = policy(("Ledarskap", [items[0], *split_parts, items[2]]))
    second = repo.read(repo.record(P, split, "KF 2021-03-01 § 7"))
    new = ids_by_text(second)
    assert new[split_parts[0]] == old[long_item]
    assert new[split_parts[1]] not in {node.id for node in first.walk()}
    merged_text = "låsa datorn när du lämnar arbetsplatsen och vårda utrustningen väl"
    merged = policy(("Ledarskap", [merged_text, *split_parts]))
    third = repo.read(repo.record(P, merged, "KF 2022-03-01 § 9"))
    assert ids_by_text(third)[merged_text] in (old[items[0]], old[items[2]])


# -- refusals ------------------------------------------------------------------------------------


def test_text_key_ignores_ids_and_decisions_only() -> None:
    base = policy(*BASE)
    renamed = pv.Policy(
        base.title,
        [attrs.evolve(section, id=f"x{n}") for n, section in enumerate(base.body)],
        decisions=[pv.parse_decision("KF 2020-03-02 § 12")],
    )
    assert text_key(renamed) == text_key(base)
    security, equipment = BASE
    moved_over = policy(
        ("Säkerhet", [*security[1], equipment[1][0]]), ("Utrustning", equipment[1][1:])
    )
    numbered = attrs.evolve(
        base, body=(attrs.evolve(base.body[0], children=(
            attrs.evolve(base.body[0].children[0], style="number"),  # type: ignore[union-attr]
        )), base.body[1])
    )  # fmt: skip
    others = [
        policy(*BASE, title="Annan titel"),
        policy(BASE[1], BASE[0]),
        moved_over,
        numbered,
        attrs.evolve(base, metadata=pv.Metadata(owner="IT-chefen")),
    ]
    keys = {text_key(other) for other in others}
    assert len(keys) == len(others) and text_key(base) not in keys


def test_an_identical_text_is_refused_unless_forced(repo: Repository) -> None:
    repo.record(P, policy(*BASE), "KF 2020-03-02 § 12")
    # The same text with other ids and other decisions is still the same text.
    same = attrs.evolve(
        policy(*BASE),
        decisions=(pv.parse_decision("KF 2021-03-01 § 7"),),
    )
    with pytest.raises(RefusedError, match=r"identical to revision 1 .*--force"):
        repo.record(P, same, "KF 2021-03-01 § 7")
    assert len(repo.log(P)) == 1
    forced = repo.record(P, same, "KF 2021-03-01 § 7", force=True)
    assert forced.number == 2
    assert forced.forced
    assert forced.changes.touched() == set()


def test_a_decision_dated_before_the_latest_is_refused_unless_late(repo: Repository) -> None:
    repo.record(P, policy(*BASE), "KF 2020-03-02 § 12")
    older = policy(("Säkerhet", BASE[0][1][:1]))
    with pytest.raises(RefusedError, match=r"dated before the latest decision, KF 2020-03-02"):
        repo.record(P, older, "KF 2019-01-01 § 3")
    with pytest.raises(RefusedError, match="dated before"):
        repo.record(P, older, "KF 2019-01-01 § 3", force=True)
    late = repo.record(P, older, "KF 2019-01-01 § 3", late=True)
    assert late.late
    assert late.number == 2
    # A decision of the same day as the latest is not late.
    assert repo.record(P, policy(*BASE), "KF 2020-03-02 § 13").number == 3


def test_a_decision_already_recorded_is_refused_unless_forced(repo: Repository) -> None:
    repo.record(P, policy(*BASE), "KF 2020-03-02 § 12")
    other = policy(("Säkerhet", BASE[0][1][:1]))
    with pytest.raises(RefusedError, match="already has a revision recorded under"):
        repo.record(P, other, "Reviderad KF 2020-03-02 § 12")
    assert repo.record(P, other, "KF 2020-03-02 § 12", force=True).number == 2


def test_a_text_naming_a_later_decision_is_refused_naming_both(repo: Repository) -> None:
    cited = pv.parse_decision("Antagen KF 2021-05-14 § 40")
    text = attrs.evolve(policy(*BASE), decisions=(cited,))
    with pytest.raises(RefusedError) as error:
        repo.record(P, text, "KS 2020-03-02 § 12")
    message = str(error.value)
    assert "Antagen KF 2021-05-14 § 40" in message
    assert "KS 2020-03-02 § 12" in message
    assert repo.policies() == []
    revision = repo.record(P, text, "KS 2020-03-02 § 12", force=True)
    assert revision.forced
    assert [str(d) for d in repo.read(revision).decisions] == [
        "KS 2020-03-02 § 12",
        "Antagen KF 2021-05-14 § 40",
    ]


def test_a_text_naming_another_decision_on_the_same_day_is_refused(repo: Repository) -> None:
    text = attrs.evolve(policy(*BASE), decisions=(pv.parse_decision("KF 2020-03-02 § 40"),))
    with pytest.raises(RefusedError, match="names the decision KF 2020-03-02 § 40"):
        repo.record(P, text, "KF 2020-03-02 § 12")


def test_a_text_naming_only_an_earlier_decision_is_recorded_with_a_warning(
    repo: Repository,
) -> None:
    cited = pv.parse_decision("Antagen KF 2018-05-14 § 40")
    text = attrs.evolve(policy(*BASE), decisions=(cited,))
    revision = repo.record(P, text, "KS 2020-03-02 § 12")
    assert not revision.forced
    assert len(revision.warnings) == 1
    assert "stale header" in revision.warnings[0]
    assert "Antagen KF 2018-05-14 § 40" in revision.warnings[0]
    assert "KS 2020-03-02 § 12" in revision.warnings[0]
    assert Repository.open(repo.root).log(P)[0].warnings == revision.warnings  # in the index
    with pytest.raises(RefusedError, match=r"stale header.*\(refused: --strict\)"):
        repo.record(P, attrs.evolve(text, title="Ny"), "KS 2021-03-01 § 2", strict=True)
    assert len(repo.log(P)) == 1
    assert [str(d) for d in repo.read(revision).decisions] == [
        "Antagen KF 2018-05-14 § 40",
        "KS 2020-03-02 § 12",
    ]


def test_a_text_citing_the_same_decision_completes_it(repo: Repository) -> None:
    cited = pv.parse_decision("Reviderad KF 2007-06-18 § 118 (Dnr KS 2007/12)")
    text = attrs.evolve(policy(*BASE), decisions=(cited,))
    revision = repo.record(P, text, "KF-2007-06-18-118")
    assert revision.decision == cited
    assert repo.read(revision).decisions == (cited,)


def test_a_text_carrying_decisions_already_in_the_history_is_accepted(repo: Repository) -> None:
    first = repo.read(repo.record(P, policy(*BASE), "Antagen KF 2020-03-02 § 12"))
    edited = attrs.evolve(policy(("Säkerhet", BASE[0][1][:2])), decisions=first.decisions)
    revision = repo.record(P, edited, "Reviderad KF 2021-03-01 § 7")
    assert [str(d) for d in repo.read(revision).decisions] == [
        "Antagen KF 2020-03-02 § 12",
        "Reviderad KF 2021-03-01 § 7",
    ]


def test_the_stored_text_carries_the_decision_history(repo: Repository) -> None:
    repo.record(P, policy(*BASE), "Antagen KF 2020-03-02 § 12")
    revision = repo.record(P, policy(("Säkerhet", BASE[0][1][:2])), "Reviderad KF 2021-03-01 § 7")
    assert [str(d) for d in repo.read(revision).decisions] == [
        "Antagen KF 2020-03-02 § 12",
        "Reviderad KF 2021-03-01 § 7",
    ]


def stored_decisions(repo: Repository, revision: pv.Revision) -> list[str]:
    """The decisions the revision's file itself holds (not the history reading gives)."""
    path = repo.policy_dir(revision.policy_id) / revision.file
    return [str(d) for d in pv.from_xml(path.read_bytes()).decisions]


def numbered(count: int) -> list[pv.Policy]:
    """*count* texts, each differing from the one before in one commitment."""
    return [
        policy(("Säkerhet", [*BASE[0][1], f"följa rutin nummer {n} för säkerhetskopior"]))
        for n in range(1, count + 1)
    ]


def test_revision_files_do_not_grow_with_the_history(repo: Repository) -> None:
    days = [datetime.date(2020, 1, 6) + datetime.timedelta(weeks=n) for n in range(20)]
    decisions = [f"KS {day.isoformat()} § {n}" for n, day in enumerate(days, start=1)]
    revisions = [repo.record(P, t, d) for t, d in zip(numbered(20), decisions, strict=True)]
    for revision in revisions:
        assert stored_decisions(repo, revision) == [str(revision.decision)]
    sizes = [(repo.policy_dir(P) / r.file).stat().st_size for r in revisions]
    assert max(sizes) - min(sizes) < 100  # one more digit in a number at most, no decisions
    for reader in (repo, Repository.open(repo.root)):
        assert [str(d) for d in reader.policy(P, 20).decisions] == decisions
        assert [str(d) for d in reader.policy(P, 7).decisions] == decisions[:7]
        by_ref = reader.policy(*pv.parse_ref(f"{P}@KS-2020-01-13-2"))
        assert [str(d) for d in by_ref.decisions] == decisions[:2]
        assert [str(d) for d in pv.load_argument(f"{P}@20", repo=repo.root).decisions] == (
            decisions
        )
    assert repo.verify(deep=True).ok


def test_a_late_registration_keeps_every_decision_recorded_before_and_after_it(
    repo: Repository,
) -> None:
    repo.record(P, numbered(4)[0], "Antagen KF 2018-02-05 § 3")
    repo.record(P, numbered(4)[1], "Reviderad KF 2021-03-01 § 7")
    late = repo.record(
        P, numbered(4)[2], "Reviderad KS 2019-05-13 § 40", "2021-07-01", late=True
    )
    last = repo.record(P, numbered(4)[3], "Reviderad KF 2022-06-20 § 5")
    assert stored_decisions(repo, late) == ["Reviderad KS 2019-05-13 § 40, gäller från 2021-07-01"]
    history = {n: [str(d) for d in repo.policy(P, n).decisions] for n in (1, 2, 3, 4)}
    assert history == {
        1: ["Antagen KF 2018-02-05 § 3"],
        2: ["Antagen KF 2018-02-05 § 3", "Reviderad KF 2021-03-01 § 7"],
        # Oldest first by the date each took effect: the late act took effect last.
        3: [
            "Antagen KF 2018-02-05 § 3",
            "Reviderad KF 2021-03-01 § 7",
            "Reviderad KS 2019-05-13 § 40, gäller från 2021-07-01",
        ],
        4: [
            "Antagen KF 2018-02-05 § 3",
            "Reviderad KF 2021-03-01 § 7",
            "Reviderad KS 2019-05-13 § 40, gäller från 2021-07-01",
            "Reviderad KF 2022-06-20 § 5",
        ],
    }
    assert repo.policy(P, "2021-08-01").decision == late.decision
    assert repo.policy(P, "2021-06-01").decision == repo.log(P)[1].decision
    assert repo.policy(P).decision == last.decision
    assert late.warnings == ()


def test_a_late_registration_in_force_before_texts_it_includes_is_warned(
    repo: Repository,
) -> None:
    repo.record(P, numbered(2)[0], "Antagen KF 2018-02-05 § 3")
    repo.record(P, numbered(2)[1], "Reviderad KF 2021-03-01 § 7")
    with pytest.raises(RefusedError, match="--strict"):
        repo.record(P, numbered(3)[2], "KS 2019-05-13 § 40", late=True, strict=True)
    late = repo.record(P, numbered(3)[2], "KS 2019-05-13 § 40", late=True)
    assert "before revision 2" in late.warnings[0]
    assert "--effective" in late.warnings[0]


def test_a_decision_only_the_text_cites_is_kept_in_later_revisions(repo: Repository) -> None:
    cited = pv.parse_decision("Antagen KF 2018-05-14 § 40 (Dnr KS 2018/12)")
    first = repo.record(P, attrs.evolve(numbered(2)[0], decisions=(cited,)), "KS 2020-03-02 § 12")
    second = repo.record(P, numbered(2)[1], "Reviderad KS 2021-03-01 § 7")
    assert stored_decisions(repo, first) == [str(cited), "KS 2020-03-02 § 12"]
    # The history holds the cited decision: the second file need not.
    assert stored_decisions(repo, second) == ["Reviderad KS 2021-03-01 § 7"]
    assert [str(d) for d in repo.read(second).decisions] == [
        str(cited),
        "KS 2020-03-02 § 12",
        "Reviderad KS 2021-03-01 § 7",
    ]
    # A text citing it again without its Dnr is not refused, and the Dnr survives.
    again = attrs.evolve(numbered(3)[2], decisions=(attrs.evolve(cited, case_number=None),))
    third = repo.record(P, again, "Reviderad KS 2022-03-07 § 9")
    assert third.warnings and "stale header" in third.warnings[0]
    assert stored_decisions(repo, third) == ["Reviderad KS 2022-03-07 § 9"]
    assert repo.read(third).decisions[0] == cited


def test_a_text_citing_a_decision_with_more_said_completes_it(repo: Repository) -> None:
    repo.record(P, numbered(2)[0], "KS 2020-03-02 § 12")
    cited = pv.parse_decision("Antagen KS 2020-03-02 § 12 (Dnr KS 2020/5)")
    second = repo.record(
        P, attrs.evolve(numbered(2)[1], decisions=(cited,)), "Reviderad KS 2021-03-01 § 7"
    )
    assert stored_decisions(repo, second) == [str(cited), "Reviderad KS 2021-03-01 § 7"]
    assert repo.read(second).decisions[0] == cited
    assert repo.policy(P, 1).decisions == (pv.parse_decision("KS 2020-03-02 § 12"),)


def test_two_case_numbers_for_one_decision_are_a_conflict_naming_both(
    repo: Repository,
) -> None:
    cited = pv.parse_decision("Antagen KF 2018-05-14 § 40 (Dnr KS 2018/12)")
    repo.record(P, attrs.evolve(numbered(2)[0], decisions=(cited,)), "KS 2020-03-02 § 12")
    other = attrs.evolve(cited, case_number="KS 2018/99")
    text = attrs.evolve(numbered(2)[1], decisions=(other,))
    with pytest.raises(RefusedError) as error:
        repo.record(P, text, "Reviderad KS 2021-03-01 § 7", force=True)
    message = str(error.value)
    assert "KS 2018/12" in message and "KS 2018/99" in message and "case numbers" in message
    assert len(repo.log(P)) == 1
    # The history is still whole: the refused record left nothing behind.
    assert repo.record(P, numbered(2)[1], "Reviderad KS 2021-03-01 § 7").number == 2
    assert repo.read(repo.latest(P)).decisions[0] == cited


def test_three_acts_of_one_year_are_three_decisions(repo: Repository) -> None:
    acts = [
        "Reviderad Regeringen 2025 (SFS 2025:480), gäller från 2025-07-01",
        "Reviderad Regeringen 2025 (SFS 2025:654), gäller från 2025-10-01",
        "Reviderad Regeringen 2025 (SFS 2025:700), gäller från 2026-01-01",
    ]
    for text, act in zip(numbered(3), acts, strict=True):
        repo.record(P, text, act)
    revisions = repo.log(P)
    assert [r.file for r in revisions] == [
        "0001-regeringen-2025-SFS-2025-480.xml",
        "0002-regeringen-2025-SFS-2025-654.xml",
        "0003-regeringen-2025-SFS-2025-700.xml",
    ]
    assert [str(d) for d in repo.policy(P).decisions] == acts
    assert repo.revision(P, "regeringen-2025-SFS-2025-654").number == 2
    assert repo.revision(P, "Regeringen 2025 (SFS 2025:480)").number == 1
    with pytest.raises(StoreError, match="fits the decisions of several revisions"):
        repo.revision(P, "Regeringen 2025")
    with pytest.raises(RefusedError, match="could be"):
        repo.record(P, policy(BASE[0]), "Regeringen 2025", force=True)
    with pytest.raises(RefusedError, match="already has a revision recorded under"):
        repo.record(P, policy(BASE[0]), "Regeringen 2025 (SFS 2025:654)")


def test_a_text_carrying_its_whole_history_stores_only_the_new_decision(
    repo: Repository,
) -> None:
    for n, text in enumerate(numbered(5), start=1):
        repo.record(P, text, f"KS 2020-0{n}-02 § {n}")
    repealed = repo.repeal(P, "KF 2021-01-25 § 3")
    assert len(repo.policy(P, 5).decisions) == 5  # what repeal recorded as the text's own
    assert stored_decisions(repo, repealed) == ["Upphävd KF 2021-01-25 § 3"]
    assert [str(d) for d in repo.read(repealed).decisions][-2:] == [
        "KS 2020-05-02 § 5",
        "Upphävd KF 2021-01-25 § 3",
    ]
    assert len(repo.read(repealed).decisions) == 6


def test_a_decision_recorded_again_by_force_is_read_once_in_its_last_form(
    repo: Repository,
) -> None:
    repo.record(P, numbered(2)[0], "KF 2020-03-02 § 12")
    again = repo.record(
        P, numbered(2)[1], "Reviderad KF 2020-03-02 § 12 (Dnr KS 2020/5)", force=True
    )
    assert [str(d) for d in repo.read(again).decisions] == [
        "Reviderad KF 2020-03-02 § 12 (Dnr KS 2020/5)"
    ]


def test_the_index_is_parsed_again_only_when_its_file_changes(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyversions.store import revision as revision_module

    repo.record(P, numbered(3)[0], "KF 2020-03-02 § 12")
    parsed: list[str] = []
    original = revision_module.PolicyIndex.from_bytes

    def counting(*args: object, **kwargs: object) -> revision_module.PolicyIndex:
        parsed.append("parsed")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(revision_module.PolicyIndex, "from_bytes", counting)
    repo.record(P, numbered(3)[1], "KF 2020-04-06 § 13")  # writes the index it keeps
    assert [r.number for r in repo.log(P)] == [1, 2]
    repo.latest(P)
    assert parsed == []
    other = Repository.open(repo.root)
    assert len(other.log(P)) == 2
    assert parsed == ["parsed"]
    assert len(other.log(P)) == 2
    assert parsed == ["parsed"]
    repo.record(P, numbered(3)[2], "KF 2020-05-04 § 14")  # another writer replaces it
    assert [r.number for r in other.log(P)] == [1, 2, 3]
    assert parsed == ["parsed", "parsed"]
    assert other.log(P) == repo.log(P)


def test_bad_arguments_are_refused(repo: Repository) -> None:
    with pytest.raises(pv.DecisionError):
        repo.record(P, policy(*BASE), "KF 2007-02-30 § 1")
    with pytest.raises(StoreError, match=r"effective date \(--effective\) must be a date"):
        repo.record(P, policy(*BASE), "KF 2020-03-02 § 12", "1 april")
    with pytest.raises(StoreError, match="expected a Policy"):
        repo.record(P, "text", "KF 2020-03-02 § 12")  # type: ignore[arg-type]
    assert repo.policies() == []


@pytest.mark.parametrize("bad", ["../x", "/etc", "a//b", "A", "a/./b", ""])
def test_path_traversal_is_refused_everywhere(repo: Repository, bad: str) -> None:
    before = sorted(p.relative_to(repo.root.parent) for p in repo.root.parent.rglob("*"))
    with pytest.raises(StoreError, match="policy id"):
        repo.record(bad, policy(*BASE), "KF 2020-03-02 § 12")
    with pytest.raises(StoreError, match="policy id"):
        repo.log(bad)
    with pytest.raises(StoreError, match="policy id"):
        repo.resolve(f"{bad}@1")
    after = sorted(p.relative_to(repo.root.parent) for p in repo.root.parent.rglob("*"))
    assert [p for p in after if p.name != ".lock"] == [p for p in before if p.name != ".lock"]


# -- history ------------------------------------------------------------------------------------


@pytest.fixture
def history(repo: Repository) -> Repository:
    """Three revisions (the second effective later than decided), then a repeal."""
    repo.record(P, policy(*BASE), "Antagen KF 2010-01-25 § 3")
    repo.record(
        P,
        policy(("Säkerhet", [*BASE[0][1], "kryptera bärbara datorer"]), BASE[1]),
        "Reviderad KF 2015-06-15 § 80",
        effective="2015-09-01",
    )
    repo.record(
        P,
        policy(
            (
                "Säkerhet",
                ["använda starka och unika lösenord", *BASE[0][1][1:], "kryptera bärbara datorer"],
            ),
            BASE[1],
        ),
        "Reviderad KS 2018-02-05 § 12",
    )
    repo.repeal(P, "Upphävd KF 2021-11-29 § 201")
    return repo


def test_log_lists_revisions_in_order(history: Repository) -> None:
    log = history.log(P)
    assert [r.number for r in log] == [1, 2, 3, 4]
    assert [r.decision.slug for r in log] == [
        "KF-2010-01-25-3",
        "KF-2015-06-15-80",
        "KS-2018-02-05-12",
        "KF-2021-11-29-201",
    ]
    assert log[3].repeals
    assert log[3].changes.touched() == set()
    assert all(r.recorded.tzinfo is not None for r in log)
    assert log[0].recorded <= log[-1].recorded


@pytest.mark.parametrize(
    ("ref", "number"),
    [
        (2, 2),
        ("2", 2),
        ("KF-2015-06-15-80", 2),
        ("Reviderad KF 2015-06-15 § 80", 2),
        ("KF § 80/2015", 2),
        (pv.parse_decision("KS 2018-02-05 § 12"), 3),
        ("2015-08-31", 1),
        ("2015-09-01", 2),
        (datetime.date(2020, 1, 1), 3),
        (None, 4),
    ],
)
def test_revision_by_number_decision_or_date(history: Repository, ref: object, number: int) -> None:
    assert history.revision(P, ref).number == number  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (5, "has no revision 5 (it has 1 to 4)"),
        (
            "KF-2016-01-01-1",
            "no revision of 'kommun/it-policy' was recorded under KF 2016-01-01 § 1",
        ),
        ("2009-12-31", "no revision of 'kommun/it-policy' was in force on 2009-12-31"),
        ("2022-01-01", "was in force on 2022-01-01"),
        ("2007-02-30", "impossible date"),
        ("nonsense here", "cannot read revision"),
    ],
)
def test_unknown_revisions_are_clear_errors(history: Repository, ref: object, message: str) -> None:
    with pytest.raises(StoreError) as error:
        history.revision(P, ref)  # type: ignore[arg-type]
    assert message in str(error.value)


def test_at_uses_effective_dates_and_ends_at_a_repeal(history: Repository) -> None:
    def number(day: str) -> int | None:
        found = history.at(P, day)
        return None if found is None else found.number

    assert number("2010-01-24") is None
    assert number("2010-01-25") == 1
    assert number("2015-06-15") == 1  # decided, but effective only from 1 September
    assert number("2015-09-01") == 2
    assert number("2018-02-05") == 3
    assert number("2021-11-28") == 3
    assert number("2021-11-29") is None
    assert history.at(P, datetime.date(2030, 1, 1)) is None


def test_a_late_revision_is_in_force_by_its_date(repo: Repository) -> None:
    repo.record(P, policy(*BASE), "KF 2010-01-25 § 3")
    repo.record(P, policy(BASE[0]), "KF 2015-06-15 § 80")
    late = repo.record(P, policy(BASE[1]), "KF 2012-05-01 § 9", late=True)
    found = repo.at(P, "2013-01-01")
    assert found == late
    assert repo.at(P, "2016-01-01") == repo.log(P)[1]


def test_blame_names_who_introduced_and_last_changed_each_node(history: Repository) -> None:
    entries = {e.node_id: e for e in history.blame(P)}
    assert entries["sec_1__list_1__point_1"].introduced.number == 1
    assert entries["sec_1__list_1__point_1"].changed.number == 3
    assert entries["sec_1__list_1__point_1"].text == "använda starka och unika lösenord"
    assert entries["sec_1__list_1__point_4"].introduced.number == 2
    assert entries["sec_1__list_1__point_4"].changed.number == 2
    assert entries["sec_2__list_1__point_2"].changed.number == 1
    assert entries["sec_1"].depth == 0
    assert entries["sec_1__list_1__point_1"].depth == 2
    at_two = {e.node_id: e for e in history.blame(P, 2)}
    assert at_two["sec_1__list_1__point_1"].changed.number == 1
    assert at_two["sec_1__list_1__point_1"].text == BASE[0][1][0]
    first = history.blame(P, "KF-2010-01-25-3")
    assert [e.node_id for e in first] == [n.id for n in history.policy(P, 1).walk()]
    assert entries["sec_1__list_1__point_1"].to_dict()["changed"] == {
        "revision": 3,
        "decision": "Reviderad KS 2018-02-05 § 12",
        "slug": "KS-2018-02-05-12",
        "decided": "2018-02-05",
        "in_force_from": "2018-02-05",
    }
    assert entries["sec_1__list_1__point_1"].to_dict()["moved"] is None


def test_editorial_changes_do_not_count_as_changes_in_blame(repo: Repository) -> None:
    repo.record(P, policy(*BASE), "KF 2010-01-25 § 3")
    punctuated = policy(
        ("Säkerhet", ["Använda starka lösenord, för alla system.", *BASE[0][1][1:]]), BASE[1]
    )
    revision = repo.record(P, punctuated, "KF 2011-01-25 § 3")
    assert revision.changes.editorial == ("sec_1__list_1__point_1",)
    assert revision.changes.changed == ()
    entry = {e.node_id: e for e in repo.blame(P)}["sec_1__list_1__point_1"]
    assert entry.changed.number == 1


def test_node_history_gives_the_text_where_it_changed(history: Repository) -> None:
    versions = history.node_history(P, "sec_1__list_1__point_1")
    assert [(v.revision.number, v.change, v.text) for v in versions] == [
        (1, "added", BASE[0][1][0]),
        (3, "changed", "använda starka och unika lösenord"),
    ]
    with pytest.raises(StoreError, match="no node 'sec_9' in the history"):
        history.node_history(P, "sec_9")


def test_node_history_shows_removal(repo: Repository) -> None:
    repo.record(P, policy(*BASE), "KF 2010-01-25 § 3")
    repo.record(P, policy(BASE[0]), "KF 2011-01-25 § 3")
    versions = repo.node_history(P, "sec_2__list_1__point_1")
    assert [(v.revision.number, v.change, v.text) for v in versions] == [
        (1, "added", BASE[1][1][0]),
        (2, "removed", None),
    ]


def test_repeal_needs_a_repealing_decision(history: Repository) -> None:
    with pytest.raises(StoreError, match="does not repeal"):
        history.repeal(P, "Antagen KF 2022-01-01 § 1")


def test_unknown_policy_is_a_clear_error(repo: Repository) -> None:
    with pytest.raises(StoreError, match="no policy 'nope' in the repository"):
        repo.log("nope")


# -- refs, discovery, loading -------------------------------------------------------------------


def test_parse_ref_and_rev() -> None:
    assert parse_ref("a/b") == ("a/b", None)
    assert parse_ref("a/b@3") == ("a/b", 3)
    assert parse_ref("a@2020-01-31") == ("a", datetime.date(2020, 1, 31))
    assert parse_ref("a@KF-2007-06-18-118")[1] == pv.parse_decision("KF 2007-06-18 § 118")
    assert parse_rev("KF 2007-06-18 § 118") == pv.parse_decision("KF-2007-06-18-118")
    with pytest.raises(StoreError, match="missing revision after '@'"):
        parse_ref("a@")
    with pytest.raises(StoreError, match="start at 1"):
        parse_rev("0")
    with pytest.raises(StoreError, match="policy id"):
        parse_ref("../etc@1")


def test_find_root_explicit_environment_and_upwards(repo: Repository, tmp_path: Path) -> None:
    deep = repo.root / "policies" / "x" / "y"
    deep.mkdir(parents=True)
    assert find_root(start=deep, environ={}) == repo.root
    assert find_root(repo.root, environ={}) == repo.root
    assert find_root(start=tmp_path, environ={"POLICYVERSIONS_REPO": str(repo.root)}) == repo.root
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(StoreError, match="no policyversions repository here or in any parent"):
        find_root(start=elsewhere, environ={})
    with pytest.raises(StoreError, match="from POLICYVERSIONS_REPO"):
        find_root(start=repo.root, environ={"POLICYVERSIONS_REPO": str(elsewhere)})
    with pytest.raises(StoreError, match="not a policyversions repository"):
        find_root(elsewhere, start=repo.root, environ={})


def test_load_argument_reads_a_file_or_a_ref(history: Repository, tmp_path: Path) -> None:
    assert pv.load_argument(str(SEED)) == pv.load(SEED)
    loaded = pv.load_argument(f"{P}@2", repo=history.root)
    assert loaded == history.policy(P, 2)
    assert pv.load_argument(f"{P}@2015-09-01", start=history.root, environ={}) == loaded
    with pytest.raises(pv.InputError, match="no such file"):
        pv.load_argument(str(tmp_path / "missing.md"))
    with pytest.raises(StoreError, match="no such file, and no policyversions repository"):
        pv.load_argument("some-policy", start=tmp_path, environ={})


def test_policies_lists_nested_ids(repo: Repository) -> None:
    for policy_id in ["b", "a/x", "a", "a/x/y"]:
        repo.record(policy_id, policy(*BASE), "KF 2010-01-25 § 3")
    assert repo.policies() == ["a", "a/x", "a/x/y", "b"]
    stray = repo.root / "policies" / "index.json"  # no policy id: "."
    stray.write_bytes((repo.policy_dir("a") / "index.json").read_bytes())
    (repo.root / "policies" / "Not.An-Id").mkdir()
    (repo.root / "policies" / "Not.An-Id" / "index.json").write_bytes(stray.read_bytes())
    assert repo.policies() == ["a", "a/x", "a/x/y", "b"]
    for policy_id in repo.policies():
        repo.log(policy_id)


# -- a real history ------------------------------------------------------------------------------


def test_contributor_covenant_history(repo: Repository) -> None:
    names = ["en-1.4", "en-2.0", "en-2.1"]
    texts = [pv.load(CORPUS / "contributor-covenant" / f"{name}.md") for name in names]
    decisions = [
        "Antagen KS 2016-03-01 § 1",
        "Reviderad KS 2020-03-02 § 2",
        "Reviderad KS 2022-03-07 § 3",
    ]
    revisions = [repo.record("cc/en", t, d) for t, d in zip(texts, decisions, strict=True)]
    assert repo.verify().ok
    for revision, text in zip(revisions, texts, strict=True):
        assert text_key(repo.read(revision)) == text_key(text)
    # The pledge paragraph was reworded in both revisions and kept its id.
    history = repo.node_history("cc/en", "sec_1__para_1")
    assert [(v.revision.number, v.change) for v in history] == [
        (1, "added"),
        (2, "changed"),
        (3, "changed"),
    ]
    assert history[-1].text is not None and "caste, color" in history[-1].text
    blame = repo.blame("cc/en")
    assert {e.introduced.number for e in blame} == {1, 2}
    assert len(blame) == sum(1 for _ in repo.policy("cc/en").walk())


def entry_lines(index: bytes) -> list[bytes]:
    """The revision entries of an index file as the store lays it out, one a line."""
    return [
        line.strip().removesuffix(b"]}").removesuffix(b",")
        for line in index.splitlines()
        if line.lstrip().startswith(b'{"number"')
    ]


def test_recording_keeps_the_index_lines_already_written(repo: Repository) -> None:
    texts = numbered(3)
    repo.record(P, texts[0], "KF 2020-03-02 § 12")
    repo.record(P, texts[1], "KF 2020-04-06 § 13")
    path = repo.policy_dir(P) / "index.json"
    before = path.read_bytes()
    Repository.open(repo.root).record(P, texts[2], "KF 2020-05-04 § 14")
    after = entry_lines(path.read_bytes())
    assert len(after) == 3
    assert after[:2] == entry_lines(before)  # a fresh object copies the lines it read
    assert [r.number for r in Repository.open(repo.root).log(P)] == [1, 2, 3]


def test_a_hand_edited_index_is_refused_until_repaired(repo: Repository) -> None:
    texts = numbered(3)
    repo.record(P, texts[0], "KF 2020-03-02 § 12")
    repo.record(P, texts[1], "KF 2020-04-06 § 13")
    path = repo.policy_dir(P) / "index.json"
    data = json.loads(path.read_bytes())
    # The same entries, laid out by hand: readable, but no longer the bytes the head seals.
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    fresh = Repository.open(repo.root)
    assert [r.number for r in fresh.log(P)] == [1, 2]
    with pytest.raises(StoreError, match=r"does not match its head.*policyversions repair"):
        fresh.record(P, texts[2], "KF 2020-05-04 § 14")
    assert not fresh.verify().ok
    report = fresh.repair(P)
    assert report.written and report.restored == () and report.kept is not None
    assert json.loads(Path(report.kept).read_bytes()) == data  # the replaced index is kept
    fresh.record(P, texts[2], "KF 2020-05-04 § 14")
    written = json.loads(path.read_bytes())
    assert written["revisions"][:2] == data["revisions"]  # times recorded and all kept
    assert [r.number for r in Repository.open(repo.root).log(P)] == [1, 2, 3]
    assert len(entry_lines(path.read_bytes())) == 3  # one entry a line again
    assert fresh.verify(deep=True).ok
