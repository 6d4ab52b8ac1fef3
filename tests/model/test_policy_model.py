"""The model room: the policy tree's rules, text normalisation and positional ids."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyversions.errors import ModelError
from policyversions.model import (
    Commitment,
    CommitmentList,
    Metadata,
    Paragraph,
    Policy,
    Section,
    assign_positional_ids,
    normalize,
    walk_blocks,
)
from strategies import policies


def test_text_is_normalised_on_construction() -> None:
    assert Paragraph("  Ledar-  och\n medarbetarpolicy ").text == "Ledar- och medarbetarpolicy"
    assert Paragraph("A\u0308").text == "\u00c4"  # NFC


def test_control_characters_are_refused_not_dropped() -> None:
    with pytest.raises(ModelError, match="U\\+0001"):
        Paragraph("a\x01b")
    with pytest.raises(ModelError, match="U\\+001B"):
        Section("Rubrik\x1b")


def test_empty_texts_and_lists_are_refused() -> None:
    with pytest.raises(ModelError):
        Paragraph("   ")
    with pytest.raises(ModelError, match="at least one commitment"):
        CommitmentList([])
    with pytest.raises(ModelError, match="list style"):
        CommitmentList([Commitment("a")], style="roman")  # type: ignore[arg-type]


def test_containers_refuse_what_they_cannot_hold() -> None:
    with pytest.raises(ModelError, match="cannot hold Commitment"):
        Section("S", [Commitment("a")])  # type: ignore[list-item]
    with pytest.raises(ModelError, match="not text"):
        Section("S", "text")  # type: ignore[arg-type]


def test_a_policy_needs_unique_ids_on_every_node() -> None:
    with pytest.raises(ModelError, match="needs an id"):
        Policy("T", [Paragraph("a")])
    with pytest.raises(ModelError, match="duplicate node id 'para_1'"):
        Policy("T", [Paragraph("a", id="para_1"), Paragraph("b", id="para_1")])
    with pytest.raises(ModelError, match="invalid node id"):
        Paragraph("a", id="Para-1")


def test_positional_ids_count_each_kind_per_container() -> None:
    body = assign_positional_ids(
        [
            Paragraph("p"),
            Section("S", [Paragraph("q"), CommitmentList([Commitment("c"), Commitment("d")])]),
            Section("T", [Section("U", [Paragraph("r")])]),
        ]
    )
    ids = [node.id for node in walk_blocks(body)]
    assert ids == [
        "para_1",
        "sec_1",
        "sec_1__para_1",
        "sec_1__list_1",
        "sec_1__list_1__point_1",
        "sec_1__list_1__point_2",
        "sec_2",
        "sec_2__sec_1",
        "sec_2__sec_1__para_1",
    ]


def test_walk_find_and_latest_decision() -> None:
    policy = Policy("T", assign_positional_ids([Section("S", [Paragraph("p")])]))
    assert [node.id for node in policy.walk()] == ["sec_1", "sec_1__para_1"]
    assert policy.find("sec_1__para_1") == Paragraph("p", id="sec_1__para_1")
    assert policy.find("sec_9") is None
    assert policy.decision is None


def test_metadata_keeps_extra_in_order_and_refuses_repeated_keys() -> None:
    metadata = Metadata(valid_from=datetime.date(2020, 1, 1), extra={"b": "2", "a": "1"})
    assert metadata.extra == (("b", "2"), ("a", "1"))
    assert metadata.get("a") == "1" and metadata.get("c") is None
    with pytest.raises(ModelError, match="unique"):
        Metadata(extra=[("a", "1"), ("a", "2")])
    with pytest.raises(ModelError, match="expected a date"):
        Metadata(valid_from="2020-01-01")  # type: ignore[arg-type]


@given(st.text())
def test_normal_text_is_a_fixed_point(text: str) -> None:
    try:
        once = normalize(text)
    except ModelError:
        return
    assert normalize(once) == once


@given(policies())
def test_positional_ids_are_idempotent_and_keep_the_texts(policy: Policy) -> None:
    again = assign_positional_ids(policy.body)
    assert assign_positional_ids(again) == again
    texts = [type(node).__name__ for node in walk_blocks(policy.body)]
    assert [type(node).__name__ for node in walk_blocks(again)] == texts
