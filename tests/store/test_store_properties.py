"""Properties of the store: what is recorded reads back, and node ids are never reused."""

from __future__ import annotations

import datetime
import re
import tempfile

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policyversions as pv
from decision_strategies import decisions
from edit_strategies import distinct_policies, edit, rebuild, revisions, to_draft
from policyversions.store import Repository
from policyversions.store.decisions import DecisionTable, same_decision
from policyversions.store.identity import _IdMaker
from policyversions.store.repository import text_key
from policyversions.store.revision import _decision as read_decision
from strategies import policies

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def on_day(day: int) -> pv.Decision:
    date = datetime.date(2000, 1, 1) + datetime.timedelta(days=day)
    return pv.Decision(organ=pv.Organ("KF"), year=date.year, date=date, item=day + 1)


@SETTINGS
@given(policies(), decisions())
def test_record_then_read_returns_the_policy_with_its_decision(
    policy: pv.Policy, decision: pv.Decision
) -> None:
    text = attrs.evolve(policy, decisions=())
    with tempfile.TemporaryDirectory() as directory:
        repo = Repository.init(directory)
        revision = repo.record("p", text, decision)
        assert repo.read(revision) == attrs.evolve(text, decisions=(decision,))
        assert Repository.open(directory).log("p") == [revision]


@SETTINGS
@given(revisions())
def test_a_second_revision_reads_back_equal_up_to_ids(pair: tuple[pv.Policy, pv.Policy]) -> None:
    old, new = pair
    with tempfile.TemporaryDirectory() as directory:
        repo = Repository.init(directory)
        first = repo.record("p", old, on_day(0), force=True)
        second = repo.record("p", new, on_day(1), force=True)
        stored = repo.read(second)
        assert text_key(stored) == text_key(new)
        assert on_day(1) in stored.decisions
        assert set(new.decisions) <= set(stored.decisions)
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
            revision = repo.record("p", text, on_day(day), force=True)
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


def slug_rule(a: pv.Decision, b: pv.Decision) -> bool:
    """:func:`same_decision` as documented: equal slugs, or, when one gives only a year, the
    same organ, year and item."""
    if a.slug == b.slug:
        return True
    if a.date is None or b.date is None:
        return (a.organ.slug, a.year, a.item) == (b.organ.slug, b.year, b.item)
    return False


@st.composite
def decision_pairs(draw: st.DrawFn) -> tuple[pv.Decision, pv.Decision]:
    """Two decisions, often citing the same one in other forms (year only, no action)."""
    first = draw(decisions())
    kind = draw(st.sampled_from(["any", "year-only", "other-form", "other-item"]))
    if kind == "any":
        return first, draw(decisions())
    if kind == "year-only":
        return first, attrs.evolve(first, date=None, action=None)
    if kind == "other-form":
        return first, attrs.evolve(first, case_number=None, action=pv.Action.REVISED)
    return first, attrs.evolve(first, item=(first.item or 0) + 1)


@settings(max_examples=300, deadline=None)
@given(decision_pairs())
def test_same_decision_keeps_its_documented_rule(pair: tuple[pv.Decision, pv.Decision]) -> None:
    a, b = pair
    assert same_decision(a, b) == same_decision(b, a) == slug_rule(a, b)
    table = DecisionTable([a])
    assert (b in table) == slug_rule(a, b)


@st.composite
def registrations(draw: st.DrawFn) -> list[int]:
    """Distinct decision days in recording order: mostly later and later, some registered
    late (before the latest one)."""
    return draw(st.lists(st.integers(0, 60), min_size=1, max_size=7, unique=True))


@SETTINGS
@given(registrations())
def test_a_revision_reads_back_with_the_decisions_recorded_up_to_it_and_dated_before(
    days: list[int],
) -> None:
    text = attrs.evolve(pv.Policy("P"), decisions=())
    with tempfile.TemporaryDirectory() as directory:
        repo = Repository.init(directory)
        for day in days:
            repo.record("p", text, on_day(day), force=True, late=True)
        fresh = Repository.open(directory)
        for number, day in enumerate(days, start=1):
            expected = [on_day(d) for d in sorted(days[:number]) if d <= day]
            assert list(fresh.policy("p", number).decisions) == expected
            assert list(repo.policy("p", number).decisions) == expected
            raw = (repo.policy_dir("p") / repo.log("p")[number - 1].file).read_bytes()
            assert pv.from_xml(raw).decisions == (on_day(day),)


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
