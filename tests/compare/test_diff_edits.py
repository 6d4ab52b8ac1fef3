"""Single unambiguous edits are reported as what they were."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edit_strategies import distinct_policies, rebuild, to_draft
from policyversions.compare.differ import diff
from policyversions.compare.patch import apply
from policyversions.model import Policy
from policyversions.render.summary import render_summary

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _item_places(drafts: list) -> list[tuple[int, int]]:  # type: ignore[type-arg]
    return [(s, i) for s, section in enumerate(drafts) for i in range(len(section[2][1][4]))]


@SETTINGS
@given(distinct_policies(), st.data())
def test_one_reword_is_one_reworded_change(old: Policy, data: st.DataObject) -> None:
    drafts = to_draft(old.body)
    section, index = data.draw(st.sampled_from(_item_places(drafts)))
    words = drafts[section][2][1][4][index][0].split()
    position = data.draw(st.integers(0, len(words) - 1))
    words[position] = "förändrat"
    drafts[section][2][1][4][index][0] = " ".join(words)
    new = rebuild(old, drafts)
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["reworded"]
    change = result.changes[0]
    expected_id = f"sec_{section + 1}__list_1__point_{index + 1}"
    assert change.old_ids == (expected_id,) and change.new_ids == (expected_id,)
    assert ("insert", "förändrat") in change.ops
    assert change.classification == "substantive"
    assert apply(old, result) == new


@SETTINGS
@given(distinct_policies(), st.data())
def test_moving_an_item_to_another_section_is_one_move(old: Policy, data: st.DataObject) -> None:
    drafts = to_draft(old.body)
    section, index = data.draw(st.sampled_from(_item_places(drafts)))
    others = [s for s in range(len(drafts)) if s != section]
    target = data.draw(st.sampled_from(others))
    text = drafts[section][2][1][4].pop(index)
    if not drafts[section][2][1][4]:
        return  # a list that lost its only item disappears; not a single edit
    items = drafts[target][2][1][4]
    place = data.draw(st.integers(0, len(items)))
    items.insert(place, text)
    new = rebuild(old, drafts)
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["moved"]
    change = result.changes[0]
    assert change.old_id == f"sec_{section + 1}__list_1__point_{index + 1}"
    assert change.new_id == f"sec_{target + 1}__list_1__point_{place + 1}"
    assert change.old_parent == f"sec_{section + 1}__list_1"
    assert change.new_parent == f"sec_{target + 1}__list_1"
    assert change.old_trail == (old.body[section].heading,)  # type: ignore[union-attr]
    assert apply(old, result) == new


@SETTINGS
@given(distinct_policies(), st.data())
def test_ska_to_bor_is_weakened(old: Policy, data: st.DataObject) -> None:
    drafts = to_draft(old.body)
    section, index = data.draw(st.sampled_from(_item_places(drafts)))
    items = drafts[section][2][1][4]
    old_drafts = to_draft(old.body)
    old_drafts[section][2][1][4][index][0] = "ska " + items[index][0]
    old = rebuild(old, old_drafts)
    items[index][0] = "bör " + items[index][0]
    new = rebuild(old, drafts)
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["reworded"]
    strength = result.changes[0].strength
    assert strength is not None and strength.change == "weakened"
    assert strength.words == "ska → bör"
    assert "försvagats (ska → bör)" in render_summary(result.summary(), "sv")
    inverse = result.inverted().changes[0].strength
    assert inverse is not None and inverse.change == "strengthened"


@SETTINGS
@given(distinct_policies(), st.data())
def test_renamed_section_is_one_change(old: Policy, data: st.DataObject) -> None:
    drafts = to_draft(old.body)
    section = data.draw(st.integers(0, len(drafts) - 1))
    drafts[section][1] = "Helt ny rubrik"
    new = rebuild(old, drafts)
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["section_renamed"]
    assert result.changes[0].new_text == "Helt ny rubrik"


@SETTINGS
@given(distinct_policies(), st.data())
def test_split_and_merge_are_reported(old: Policy, data: st.DataObject) -> None:
    drafts = to_draft(old.body)
    section, index = data.draw(st.sampled_from(_item_places(drafts)))
    items = drafts[section][2][1][4]
    words = items[index][0].split()
    cut = len(words) // 2
    items[index : index + 1] = [
        [" ".join(words[:cut]), None, None],
        [" ".join(words[cut:]), None, None],
    ]
    new = rebuild(old, drafts)
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["split"]
    assert len(result.changes[0].new_ids) == 2
    assert result.changes[0].classification == "editorial"
    back = diff(new, old)
    assert [c.kind for c in back.changes] == ["merged"]
    assert apply(old, result) == new and apply(new, back) == old
