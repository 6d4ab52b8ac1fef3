"""Properties of the store: what is recorded reads back, and node ids are never reused."""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policyversions as pv
from decision_strategies import decisions
from edit_strategies import distinct_policies, edit, rebuild, revisions, to_draft
from policyversions.store import Repository
from policyversions.store.decisions import (
    DecisionHistory,
    adds_to,
    check_effective,
    disagreements,
    pinned_together,
    same_decision,
)
from policyversions.store.identity import _IdMaker
from policyversions.store.repository import text_key
from policyversions.store.revision import _decision as read_decision
from strategies import policies

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def plausible(policy: pv.Policy) -> pv.Policy:
    """*policy* without what the store refuses in a text's decisions (each refusal is tested
    apart): effective dates it finds implausible (random decisions take effect any day from
    year 1 to 9999), and a decision that a number pins to an earlier one it contradicts (one
    act number, two organs)."""

    def fix(decision: pv.Decision) -> pv.Decision:
        try:
            check_effective(decision, "the test", retroactive=True)
        except pv.RefusedError:
            return attrs.evolve(decision, effective=None)
        return decision

    kept: list[pv.Decision] = []
    for decision in map(fix, policy.decisions):
        if not any(pinned_together(k, decision) and disagreements(k, decision) for k in kept):
            kept.append(decision)
    return attrs.evolve(policy, decisions=kept)


def on_day(day: int) -> pv.Decision:
    date = datetime.date(2000, 1, 1) + datetime.timedelta(days=day)
    return pv.Decision(organ=pv.Organ("KF"), year=date.year, date=date, item=day + 1)


@SETTINGS
@given(policies(), decisions())
def test_record_then_read_returns_the_policy_with_its_decision(
    policy: pv.Policy, decision: pv.Decision
) -> None:
    text = attrs.evolve(policy, decisions=())
    try:
        check_effective(decision, "the test", retroactive=True)
    except pv.RefusedError:
        decision = attrs.evolve(decision, effective=None)  # implausible: refused (tested apart)
    with tempfile.TemporaryDirectory() as directory:
        repo = Repository.init(directory)
        revision = repo.record("p", text, decision, retroactive=True)
        assert repo.read(revision) == attrs.evolve(text, decisions=(decision,))
        assert Repository.open(directory).log("p") == [revision]
        assert revision.retroactive == (
            decision.effective is not None
            and decision.effective < (decision.date or datetime.date(decision.year, 1, 1))
        )


@SETTINGS
@given(revisions())
def test_a_second_revision_reads_back_equal_up_to_ids(pair: tuple[pv.Policy, pv.Policy]) -> None:
    old, new = plausible(pair[0]), plausible(pair[1])
    with tempfile.TemporaryDirectory() as directory:
        repo = Repository.init(directory)
        first = repo.record("p", old, on_day(0), force=True)
        second = repo.record("p", new, on_day(1), force=True)
        stored = repo.read(second)
        assert text_key(stored) == text_key(new)
        assert on_day(1) in stored.decisions
        for cited in new.decisions:  # each decision the text cites is there, with all it says
            assert any(same_decision(cited, d) and not adds_to(d, cited) for d in stored.decisions)
        old_ids = {node.id for node in repo.read(first).walk()}
        new_ids = {node.id for node in stored.walk()}
        assert set(second.changes.added) == new_ids - old_ids
        assert set(second.changes.removed) == old_ids - new_ids


@st.composite
def edit_sequences(draw: st.DrawFn) -> list[pv.Policy]:
    """A policy and 1-6 later texts, each 1-3 random edits after the one before."""
    start = draw(st.one_of(distinct_policies(), policies()))
    drafts = to_draft(start.body)
    texts = [start]
    for _ in range(draw(st.integers(1, 6))):
        for _ in range(draw(st.integers(1, 3))):
            edit(drafts, draw)
        texts.append(rebuild(start, drafts))
    return texts


@SETTINGS
@given(edit_sequences())
def test_node_ids_are_never_reused(texts: list[pv.Policy]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        repo = Repository.init(directory)
        ever: set[str] = set()
        previous: set[str] = set()
        first_seen: dict[str, int] = {}
        for day, text in enumerate(texts):
            # The decisions a text cites are not what this test is about (see below).
            revision = repo.record("p", attrs.evolve(text, decisions=()), on_day(day), force=True)
            stored = repo.read(revision)
            assert text_key(stored) == text_key(text)
            ids = {node.id for node in stored.walk()}
            added = ids - previous
            assert added.isdisjoint(ever), "an id came back after it was removed"
            assert set(revision.changes.added) == added
            assert set(revision.changes.removed) == previous - ids
            for node_id in added:
                first_seen[node_id] = revision.number
            ever |= ids
            previous = ids
        blame = repo.blame("p")
        assert {entry.node_id: entry.introduced.number for entry in blame} == {
            node_id: first_seen[node_id] for node_id in previous
        }
        assert all(entry.changed.number >= entry.introduced.number for entry in blame)
        assert repo.verify().ok


def identity_rule(a: pv.Decision, b: pv.Decision) -> bool:
    """:func:`same_decision` as documented: the same organ (as in its slug) and year, and no
    disagreement among what both state of date, item, act number and case number."""
    if (a.organ.slug, a.year) != (b.organ.slug, b.year):
        return False
    for field in ("date", "item", "act_number", "case_number"):
        first, second = getattr(a, field), getattr(b, field)
        if first is not None and second is not None and first != second:
            return False
    return True


@st.composite
def decision_pairs(draw: st.DrawFn) -> tuple[pv.Decision, pv.Decision]:
    """Two decisions, often citing the same one in other forms (year only, no action, no
    Dnr), or one of the same year differing in one number."""
    first = draw(decisions())
    kind = draw(
        st.sampled_from(["any", "year-only", "other-form", "other-item", "other-act", "other-case"])
    )
    if kind == "any":
        return first, draw(decisions())
    if kind == "year-only":
        return first, attrs.evolve(first, date=None, action=None, effective=None)
    if kind == "other-form":
        return first, attrs.evolve(first, case_number=None, action=pv.Action.REVISED)
    if kind == "other-act":
        return first, attrs.evolve(
            first, act_number=f"SFS {first.year:04d}:{draw(st.integers(1, 9))}"
        )
    if kind == "other-case":
        return first, attrs.evolve(first, case_number=f"KS {draw(st.integers(1, 9))}")
    return first, attrs.evolve(first, item=(first.item or 0) + 1)


@settings(max_examples=300, deadline=None)
@given(decision_pairs())
def test_same_decision_keeps_its_documented_rule(pair: tuple[pv.Decision, pv.Decision]) -> None:
    a, b = pair
    assert same_decision(a, b) == same_decision(b, a) == identity_rule(a, b)
    history = DecisionHistory()
    history.add(a, "a")
    assert bool(history.find(b)) == identity_rule(a, b)
    # Two decisions of one history never share a slug.
    if not identity_rule(a, b) and a.slug == b.slug:
        assert not (a.pinned or b.pinned) or a.act_number == b.act_number


def _decision(day: int, act: int | None, dnr: int | None) -> pv.Decision:
    date = datetime.date(2000, 1, 1) + datetime.timedelta(days=day)
    return pv.Decision(
        organ=pv.Organ(name="Regeringen"),
        year=date.year,
        date=date,
        act_number=None if act is None else f"SFS {date.year}:{act}",
        case_number=None if dnr is None else f"KS {date.year}/{dnr}",
    )


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, pv.Decision, tuple[pv.Decision, ...]]]:
    """A sequence of records, late records (decided before the latest, in force later) and at
    most one repeal at the end; each record under a distinct act of its day, its text citing
    some earlier decisions, sometimes without their Dnr, sometimes adding one."""
    count = draw(st.integers(1, 6))
    days = draw(st.lists(st.integers(0, 400), min_size=count, max_size=count, unique=True))
    result: list[tuple[str, pv.Decision, tuple[pv.Decision, ...]]] = []
    given: list[pv.Decision] = []
    for number, day in enumerate(days, start=1):
        decision = _decision(day, number, draw(st.none() | st.integers(1, 99)))
        cited = tuple(
            attrs.evolve(earlier, case_number=None) if draw(st.booleans()) else earlier
            for earlier in given
            if draw(st.booleans())
        )
        result.append(("record", decision, cited))
        given.append(decision)
    if draw(st.booleans()):
        last = max(days) + 1
        result.append(
            ("repeal", attrs.evolve(_decision(last, 99, None), action=pv.Action.REPEALED), ())
        )
    return result


@SETTINGS
@given(operations())
def test_any_sequence_of_records_late_records_and_repeal_keeps_every_decision(
    steps: list[tuple[str, pv.Decision, tuple[pv.Decision, ...]]],
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        repo = Repository.init(directory)
        recorded: list[pv.Decision] = []
        latest_in_force = datetime.date.min
        for number, (kind, decision, cited) in enumerate(steps, start=1):
            day = decision.date
            assert day is not None
            late = bool(recorded) and any(day < (d.date or day) for d in recorded)
            # A late act takes effect after everything recorded before it.
            effective = max(day, latest_in_force + datetime.timedelta(days=1))
            latest_in_force = effective
            if kind == "repeal":
                repo.repeal("p", decision, effective, late=late, retroactive=False)
            else:
                text = pv.Policy(f"Version {number}", decisions=cited)
                repo.record("p", text, decision, effective, late=late, force=True)
            recorded.append(attrs.evolve(decision, effective=effective))
            for reader in (repo, Repository.open(directory)):
                for n in range(1, number + 1):
                    history = reader.policy("p", n).decisions
                    for expected in recorded[:n]:
                        # Every decision ever recorded up to n is there, with all it said.
                        assert expected in history, (n, expected, history)
                    assert len(history) == n
        assert repo.verify(deep=True).ok


@settings(max_examples=200, deadline=None)
@given(decisions())
def test_an_index_reads_decisions_as_from_dict_does(decision: pv.Decision) -> None:
    data = decision.to_dict()
    assert read_decision(data) == pv.Decision.from_dict(data) == decision


@pytest.mark.parametrize(
    "change",
    [
        {"date": "20200302"},
        {"date": "2020-02-30"},
        {"action": "beslutad-kanske"},
        {"organ": "Kommunfullmäktige"},
        {"organ": {"abbreviation": "KF", "name": None, "extra": 1}},
        {"year": None},
        {"item": 0},
        {"extra": True},
    ],
)
def test_an_index_reads_odd_or_wrong_decisions_as_from_dict_does(change: dict[str, object]) -> None:
    data = {**pv.parse_decision("Reviderad KF 2020-03-02 § 12").to_dict(), **change}
    try:
        expected: object = pv.Decision.from_dict(data)
    except pv.DecisionError as error:
        with pytest.raises(pv.DecisionError) as raised:
            read_decision(data)
        assert str(raised.value) == str(error)
    else:
        assert read_decision(data) == expected


def counters_by_rule(used: set[str]) -> dict[tuple[str, str], int]:
    """The id counters as documented: for ``<parent>__<prefix>_<n>`` (parent before the last
    ``__``), one more than the highest *n* per (parent, prefix)."""
    counters: dict[tuple[str, str], int] = {}
    for node_id in used:
        parent, _, last = node_id.rpartition("__")
        found = re.fullmatch(r"([a-z][a-z0-9]*)_([0-9]+)", last)
        if found is not None:
            key = (parent, found[1])
            counters[key] = max(counters.get(key, 1), int(found[2]) + 1)
    return counters


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text("ab1_\n", max_size=12), max_size=12))
def test_fresh_id_counters_follow_the_rule(used: set[str]) -> None:
    assert _IdMaker(set(used))._counters() == counters_by_rule(used)


def _small_repository(root: Path) -> Repository:
    repo = Repository.init(root)
    body = pv.assign_positional_ids(
        [pv.Section("Omfattning", [pv.Paragraph("Policyn gäller alla anställda i kommunen.")])]
    )
    first = pv.Policy("Policy", body, decisions=[pv.parse_decision("KS 2019-01-14 § 2 (Dnr 9)")])
    repo.record("p", first, "Antagen KF 2019-02-18 § 9", "2019-03-01", note="Första")
    second = attrs.evolve(first, title="Policy för alla", decisions=())
    repo.record("p", second, "Reviderad Regeringen 2020 (SFS 2020:12)")
    return repo


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "repo"
    _small_repository(root)
    return root


def _stored_files(root: Path) -> list[Path]:
    """Every file the store keeps for the policy: its revisions, index and head."""
    return sorted(path for path in (root / "policies" / "p").iterdir() if path.is_file())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_verify_finds_any_single_byte_change_in_revisions_index_and_head(
    pristine: Path, data: st.DataObject
) -> None:
    files = _stored_files(pristine)
    assert sorted(path.name for path in files)[-2:] == ["head.json", "index.json"]
    chosen = data.draw(st.sampled_from(files), label="file")
    raw = chosen.read_bytes()
    position = data.draw(st.integers(0, len(raw) - 1), label="position")
    new = data.draw(st.integers(0, 255).filter(lambda b: b != raw[position]), label="byte")
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "repo"
        shutil.copytree(pristine, root)
        target = root / "policies" / "p" / chosen.name
        target.write_bytes(raw[:position] + bytes([new]) + raw[position + 1 :])
        for deep in (False, True):
            report = Repository.open(root).verify(deep=deep)
            assert not report.ok, (chosen.name, position, new)
            assert all(problem.policy_id == "p" for problem in report.problems)


def test_the_pristine_repository_verifies(pristine: Path) -> None:
    assert Repository.open(pristine).verify(deep=True).ok
