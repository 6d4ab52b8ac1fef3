"""The diff as a careful clerk reads it, on real revisions: repeated text is not a move, many
identical items stay in place, force is read in context, and every change counts once.

What a careful reader sees between the real pairs is written down in
``../shared/READINGS.md``; each pair the model can express is held to it here.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policyversions as pv
from conftest import CORPUS, SEED
from edit_strategies import distinct_policies
from policyversions.model import (
    Block,
    Commitment,
    CommitmentList,
    ListStyle,
    Paragraph,
    Policy,
    Section,
    assign_positional_ids,
    walk_blocks,
)
from policyversions.render.summary import render_summary
from strategies import policies

MOVES = ("moved", "section_moved")


def _seed() -> Policy:
    return pv.load(SEED)


def _with_body(policy: Policy, body: list[Block]) -> Policy:
    return Policy(policy.title, assign_positional_ids(body), policy.metadata, policy.decisions)


# --- repeated text is not a move ------------------------------------------------------------


@pytest.mark.parametrize("where", [0, 1, 2, 3, 4])
def test_an_added_section_repeating_a_list_is_one_addition(where: int) -> None:
    seed = _seed()
    duty = seed.body[3]
    assert isinstance(duty, Section)
    duties = duty.children[-1]
    assert isinstance(duties, CommitmentList) and duties.lead_in == "Du ska som ledare"
    repeated = Section(
        "Chefens åtaganden",
        [Paragraph("Som chef i kommunen gäller följande."), attrs.evolve(duties, id="")],
    )
    body = list(seed.body)
    body.insert(where, repeated)
    new = _with_body(seed, body)
    changes = pv.diff(seed, new)
    assert [(c.kind, c.node) for c in changes] == [("added", "section")]
    assert changes.changes[0].new_text == "Chefens åtaganden"
    assert pv.apply(seed, changes) == new


def test_a_repeated_list_within_a_section_is_one_addition() -> None:
    seed = _seed()
    values = seed.body[2]
    assert isinstance(values, Section)
    kept = values.children[-1]
    assert isinstance(kept, CommitmentList)
    children = [*values.children[:-1], attrs.evolve(kept, id=""), attrs.evolve(kept, id="")]
    new = _with_body(seed, [*seed.body[:2], Section(values.heading, children), *seed.body[3:]])
    changes = pv.diff(seed, new)
    assert [(c.kind, c.node) for c in changes] == [("added", "list")]


# --- many identical items -------------------------------------------------------------------


def _statute(texts: list[str]) -> Policy:
    return Policy("Lag", assign_positional_ids([CommitmentList([Commitment(t) for t in texts])]))


@pytest.mark.parametrize("size", [3, 1000])
def test_identical_items_keep_their_place(size: int) -> None:
    old = _statute(["Upphävd."] * size)
    inserted = pv.diff(old, _statute(["Ny."] + ["Upphävd."] * size))
    assert [(c.kind, c.new_text) for c in inserted] == [("added", "Ny.")]
    middle = _statute(["Upphävd."] * (size // 2) + ["Ny."] + ["Upphävd."] * (size - size // 2))
    assert [c.kind for c in pv.diff(old, middle)] == ["added"]
    fewer = pv.diff(old, _statute(["Upphävd."] * (size - 1)))
    assert [c.kind for c in fewer] == ["removed"]


def test_shifted_near_identical_items_are_a_removal_and_an_addition() -> None:
    old = _statute([f"Upphävd genom lag {number}." for number in range(40)])
    new = _statute([f"Upphävd genom lag {number}." for number in range(1, 41)])
    changes = pv.diff(old, new)
    assert [(c.kind, c.old_text or c.new_text) for c in changes] == [
        ("removed", "Upphävd genom lag 0."),
        ("added", "Upphävd genom lag 40."),
    ]


# --- force in context -----------------------------------------------------------------------


def _lists(policy: Policy) -> list[CommitmentList]:
    return [node for node in walk_blocks(policy.body) if isinstance(node, CommitmentList)]


def test_an_obligation_moved_under_an_aspirational_lead_in_is_weakened() -> None:
    seed = _seed()
    values, duty = seed.body[2], seed.body[3]
    assert isinstance(values, Section) and isinstance(duty, Section)
    wishes, duties = values.children[-1], duty.children[-1]
    assert isinstance(wishes, CommitmentList) and isinstance(duties, CommitmentList)
    assert wishes.lead_in == "Kommunen vill att du som ledare"
    item = duties.items[0]
    new = _with_body(
        seed,
        [
            *seed.body[:2],
            attrs.evolve(
                values,
                children=(*values.children[:-1], attrs.evolve(wishes, items=(*wishes.items, item))),
            ),
            attrs.evolve(
                duty, children=(*duty.children[:-1], attrs.evolve(duties, items=duties.items[1:]))
            ),
        ],
    )
    changes = pv.diff(seed, new)
    assert [c.kind for c in changes] == ["moved"]
    strength = changes.changes[0].strength
    assert strength is not None and (strength.change, strength.words) == (
        "weakened",
        "ska → vill att",
    )
    assert "1 åtagande har flyttats, varav 1 försvagats (ska → vill att)." in render_summary(
        changes.summary(), "sv"
    )
    back = pv.diff(new, seed)
    assert back.changes[0].strength is not None
    assert back.changes[0].strength.change == "strengthened"


def test_a_lead_in_from_ska_to_bor_weakens_every_item_under_it() -> None:
    seed = _seed()
    duty = seed.body[3]
    assert isinstance(duty, Section)
    duties = duty.children[-1]
    assert isinstance(duties, CommitmentList)
    softer = attrs.evolve(duties, lead_in="Du bör som ledare")
    new = attrs.evolve(
        seed, body=(*seed.body[:3], attrs.evolve(duty, children=(*duty.children[:-1], softer)))
    )
    changes = pv.diff(seed, new)
    assert [c.kind for c in changes] == ["lead_in_changed"]
    strength = changes.changes[0].strength
    assert strength is not None and strength.words == "ska → bör"
    assert strength.new_points == len(duties.items) == 6
    summary = changes.summary()
    assert summary.points_weakened == 6 and summary.total == 1
    assert "6 åtaganden försvagade genom ändrad inledning (ska → bör)." in render_summary(
        summary, "sv"
    )
    assert "6 commitments weakened" in render_summary(summary, "en")
    assert pv.apply(seed, changes) == new


def test_a_rewording_under_a_weakened_lead_in_is_not_weakened_twice() -> None:
    seed = _seed()
    duty = seed.body[3]
    assert isinstance(duty, Section)
    duties = duty.children[-1]
    assert isinstance(duties, CommitmentList)
    first = attrs.evolve(duties.items[0], text=duties.items[0].text + " alltid")
    softer = attrs.evolve(duties, lead_in="Du bör som ledare", items=(first, *duties.items[1:]))
    new = attrs.evolve(
        seed, body=(*seed.body[:3], attrs.evolve(duty, children=(*duty.children[:-1], softer)))
    )
    changes = pv.diff(seed, new)
    assert sorted(c.kind for c in changes) == ["lead_in_changed", "reworded"]
    assert [c.kind for c in changes.summary().weakened] == ["lead_in_changed"]


# --- one change, one count ------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(distinct_policies(), st.data())
def test_a_moved_and_reworded_item_counts_once(old: Policy, data: st.DataObject) -> None:
    sections = [block for block in old.body if isinstance(block, Section)]
    source, target = data.draw(st.permutations(range(len(sections))))[:2]
    lists = [s.children[-1] for s in sections]
    assert all(isinstance(found, CommitmentList) for found in lists)
    item = lists[source].items[0]  # type: ignore[union-attr]
    if len(lists[source].items) < 2:  # type: ignore[union-attr]
        return
    moved = attrs.evolve(item, text=item.text + " och uppföljning")
    body: list[Block] = []
    for number, section in enumerate(sections):
        found = lists[number]
        assert isinstance(found, CommitmentList)
        items = list(found.items)
        if number == source:
            items = items[1:]
        if number == target:
            items.append(moved)
        body.append(
            attrs.evolve(
                section, children=(*section.children[:-1], attrs.evolve(found, items=items))
            )
        )
    new = _with_body(old, body)
    changes = pv.diff(old, new)
    assert [c.kind for c in changes] == ["moved"] and changes.changes[0].is_reworded
    summary = changes.summary()
    assert summary.total == 1
    assert dict(summary.actions) == {("commitment", "moved_reworded"): 1}
    assert render_summary(summary, "sv") == "1 åtagande har flyttats och omformulerats."


def test_a_renamed_real_section_is_one_rename() -> None:
    seed = _seed()
    values = seed.body[2]
    assert isinstance(values, Section)
    new = attrs.evolve(
        seed,
        body=(
            *seed.body[:2],
            attrs.evolve(values, heading="Värdegrund för ledare"),
            *seed.body[3:],
        ),
    )
    changes = pv.diff(seed, new)
    assert [(c.kind, c.node) for c in changes] == [("section_renamed", "section")]
    assert changes.summary().total == 1


# --- the real pairs of READINGS.md ----------------------------------------------------------


def test_sfs_2008_975_gains_one_provision_and_nothing_else() -> None:
    old = pv.load(CORPUS / "sfs-2008-975" / "2025-07-01.md")
    new = pv.load(CORPUS / "sfs-2008-975" / "2025-10-01.md")
    changes = [c for c in pv.diff(old, new) if c.node != "policy"]
    assert [(c.kind, c.node) for c in changes] == [("added", "section")]
    (provision,) = changes[0].new_content
    assert isinstance(provision, Section) and provision.title == "4 §"
    lists = [child for child in provision.children if isinstance(child, CommitmentList)]
    assert len(lists) == 1 and len(lists[0].items) == 7
    assert lists[0].lead_in is not None and lists[0].lead_in.startswith(
        "Socialnämnden har rätt att hos en arbetslöshetskassa ta del av följande uppgifter"
    )
    closing = provision.children[-1]
    assert isinstance(closing, Paragraph) and closing.text.endswith("Förordning (2024:1362).")


def test_contributor_covenant_2_0_to_2_1_is_two_rewordings_and_the_metadata() -> None:
    old = pv.load(CORPUS / "contributor-covenant" / "en-2.0.md")
    new = pv.load(CORPUS / "contributor-covenant" / "en-2.1.md")
    changes = pv.diff(old, new)
    assert [(c.kind, c.node) for c in changes] == [
        ("metadata_changed", "policy"),
        ("reworded", "paragraph"),
        ("reworded", "paragraph"),
    ]
    pledge, attribution = changes.changes[1], changes.changes[2]
    assert [text for op, text in pledge.ops if op == "insert"] == ["caste, color, "]
    assert pledge.new_trail == ("Our Pledge",)
    assert "version 2.1" in (attribution.new_text or "")
    assert "version 2.0" in (attribution.old_text or "")
    assert changes.changes[0].new_metadata is not None


def _row_names(changes: pv.ChangeSet, kind: str) -> list[str]:
    """The first cell of every row a *kind* change touches (the new text, else the old)."""
    return [
        ((c.new_text or c.old_text or "").split(" | ")[0])
        for c in changes
        if c.kind == kind and c.node == "row"
    ]


def test_subprocessors_2024_to_2025_reads_as_two_tables_under_two_new_headings() -> None:
    old = pv.load(CORPUS / "github-subprocessors" / "2024-06-03.md")
    new = pv.load(CORPUS / "github-subprocessors" / "2025-05-28.md")
    changes = pv.diff(old, new)
    added_sections = [c.new_text for c in changes if c.kind == "added" and c.node == "section"]
    assert added_sections == ["Third Party Subprocessors", "GitHub Subsidiaries"]
    # The one table stays one table (under the first new heading), the subsidiaries move out.
    assert [(c.kind, c.node) for c in changes if c.node == "table"] == [("moved", "table")]
    subsidiaries = [
        c.old_text.split(" | ")[0]
        for c in changes
        if c.kind == "moved" and c.node == "row" and c.new_trail == ("GitHub Subsidiaries",)
        and c.old_text
    ]
    assert subsidiaries == [
        "GitHub Australia Pty Ltd",
        "GitHub BV",
        "GitHub Canada ULC",
        "GitHub Germany GmbH",
        "GitHub India Pty Ltd",
        "Npm, Inc.",
        "Semmle Inc.",
    ]
    renamed = {
        (c.old_text, c.new_text)
        for c in changes
        if c.kind == "reworded" and c.node == "cell" and c.old_ids[0].endswith("cell_1")
    }
    assert renamed == {
        ("Amazon Web Services (AWS)", "Amazon Web Services Inc (AWS)"),
        ("Azure (Microsoft)", "Microsoft (Azure)"),
        ("Azure Cognitive Services", "Microsoft (Azure)"),
        ("NexMo (aka Vonage)", "NexMo Inc (aka Vonage)"),
        ("Npm, Inc.", "npm Inc"),
        ("Semmle Inc.", "Semmle Inc"),
    }
    assert _row_names(changes, "added") == ["Anthropic PBC", "OpenAI"]
    assert _row_names(changes, "removed") == []
    (join,) = [c for c in changes if c.kind == "merged"]
    assert join.node == "row" and len(join.old_ids) == 2
    assert (join.new_text or "").startswith("Twilio (SendGrid)")
    # Nothing else: no row of the old table is lost, none of the new one comes from nowhere.
    assert {c.kind for c in changes} == {"added", "moved", "reworded", "merged"}


def test_subprocessors_2025_to_2026_is_eight_rows_added_one_removed() -> None:
    old = pv.load(CORPUS / "github-subprocessors" / "2025-05-28.md")
    new = pv.load(CORPUS / "github-subprocessors" / "2026-03-11.md")
    changes = pv.diff(old, new)
    assert _row_names(changes, "added") == [
        "Elasticsearch, Inc.",
        "Fireworks AI",
        "FullStory, Inc.",
        "Hewlett-Packard Limited",
        "LambdaTest",
        "Oracle America, Inc.",
        "Tines Automation Inc.",
        "xAI",
    ]
    assert _row_names(changes, "removed") == ["VividCortex"]
    assert not [c for c in changes if c.kind in MOVES]
    # The whitespace-only padding of the subsidiaries table is no change; the one cell that
    # does change is real in the source (a location added to the Microsoft (Azure) row).
    (cell,) = [c for c in changes if c.node == "cell"]
    assert cell.kind == "reworded" and "Canada" in (cell.new_text or "")
    assert "Canada" not in (cell.old_text or "")
    (metadata,) = [c for c in changes if c.node == "policy"]
    assert "topics" in (metadata.old_text or "") and metadata.new_text is None


def test_a_section_told_by_its_own_subheading_keeps_its_place() -> None:
    """Two sections share a heading; one holds a subsection whose heading occurs once. A copy
    of the other added after both is the addition, not the section holding the subsection."""
    body: list[Block] = [
        Paragraph("ledare"),
        Section("ledare", []),
        Section("ledare", [Section("Uppföljning", [])]),
    ]
    old = Policy("T", assign_positional_ids(body))
    new = Policy("T", assign_positional_ids([*body, Section("ledare", [])]))
    changes = pv.diff(old, new)
    assert [(c.kind, c.new_id) for c in changes] == [("added", "sec_3")]


def test_a_copy_of_a_section_added_first_leaves_its_identical_twin_in_place() -> None:
    """Every text is the same word; only the whole of each section (list style, one extra
    point) tells them apart. A copy of the second added in front is the addition."""

    def section(style: ListStyle, extra: bool) -> Section:
        items = [Commitment("ledare"), Commitment("ledare"), *([Commitment("0")] if extra else [])]
        return Section(
            "ledare",
            [Paragraph("ledare"), CommitmentList(items, style=style), Paragraph("ledare")],
        )

    old = Policy("T", assign_positional_ids([section("bullet", False), section("number", True)]))
    new = Policy(
        "T",
        assign_positional_ids(
            [section("number", True), section("bullet", False), section("number", True)]
        ),
    )
    changes = pv.diff(old, new)
    assert [(c.kind, c.new_id) for c in changes] == [("added", "sec_1")]


# --- properties: repeated subtrees ----------------------------------------------------------


def _copy(block: Block) -> Block:
    """*block* without ids (the copy gets its own)."""
    return assign_positional_ids([block])[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.data())
def test_repeating_any_subtree_never_moves_an_unchanged_node(
    policy: Policy, data: st.DataObject
) -> None:
    if not policy.body:
        return
    original = data.draw(st.sampled_from(policy.body))
    body = list(policy.body)
    body.insert(data.draw(st.integers(0, len(body))), _copy(original))
    new = _with_body(policy, body)
    changes = pv.diff(policy, new)
    assert pv.apply(policy, changes) == new
    assert pv.apply(new, changes.inverted()) == policy
    assert not [c for c in changes if c.kind in MOVES]
    assert {c.kind for c in changes} <= {"added"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(distinct_policies(), st.data())
def test_repeating_a_distinct_subtree_is_exactly_one_addition(
    policy: Policy, data: st.DataObject
) -> None:
    original = data.draw(st.sampled_from(policy.body))
    body = list(policy.body)
    body.insert(data.draw(st.integers(0, len(body))), _copy(original))
    changes = pv.diff(policy, _with_body(policy, body))
    assert [(c.kind, c.node) for c in changes] == [("added", "section")]
