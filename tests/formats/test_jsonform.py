"""Plain-data forms of model values (jsonform) and the policy digest."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyversions as pv
from conftest import SEED
from policyversions.errors import DecisionError, ModelError
from policyversions.formats.digest import policy_digest
from policyversions.formats.policyjson import (
    metadata_from_dict,
    metadata_to_dict,
    node_from_dict,
    node_to_dict,
    policy_from_dict,
    policy_to_dict,
    policy_to_json,
)
from strategies import policies


@settings(max_examples=60, deadline=None)
@given(policies())
def test_policy_round_trips_through_plain_data_and_json(policy: pv.Policy) -> None:
    assert policy_from_dict(policy_to_dict(policy)) == policy
    assert policy_from_dict(json.loads(policy_to_json(policy))) == policy


@settings(max_examples=40, deadline=None)
@given(policies())
def test_every_node_round_trips_on_its_own(policy: pv.Policy) -> None:
    for node in policy.walk():
        data = node_to_dict(node)
        assert data["id"] == node.id
        assert node_from_dict(data) == node
    assert metadata_from_dict(metadata_to_dict(policy.metadata)) == policy.metadata


@settings(max_examples=40, deadline=None)
@given(policies(), policies())
def test_digest_is_equal_exactly_when_policies_are(a: pv.Policy, b: pv.Policy) -> None:
    assert (policy_digest(a) == policy_digest(b)) == (a == b)
    assert policy_digest(a) == policy_digest(policy_from_dict(policy_to_dict(a)))


def test_seed_shape_matches_the_documented_one() -> None:
    policy = pv.load(SEED)
    data = policy_to_dict(policy)
    assert list(data) == ["format", "format_version", "title", "metadata", "decisions", "body"]
    assert data["decisions"] == [decision.to_dict() for decision in policy.decisions]
    assert data["decisions"][0]["organ"] == {"abbreviation": "KF", "name": "kommunfullmäktige"}
    section = data["body"][2]
    assert section["type"] == "section" and section["id"] == "sec_3"
    lists = [child for child in section["children"] if child["type"] == "list"]
    assert list(lists[0]) == ["type", "id", "style", "lead_in", "items", "wrap_up"]
    assert lists[0]["items"][0] == {
        "type": "commitment",
        "id": "sec_3__list_1__point_1",
        "label": lists[0]["items"][0]["label"],
        "text": lists[0]["items"][0]["text"],
        "sublist": None,
    }
    assert policy_from_dict(data) == policy


def _metadata() -> pv.Metadata:
    return pv.Metadata(
        owner="HR-chef",
        valid_from=datetime.date(2007, 7, 1),
        replaces=["Ledarpolicy 2001"],
        extra=[("zeta", "sist"), ("alfa", "först")],
    )


def test_metadata_extra_is_an_ordered_object() -> None:
    data = metadata_to_dict(_metadata())
    assert data["extra"] == {"zeta": "sist", "alfa": "först"}
    assert list(data["extra"]) == ["zeta", "alfa"]
    assert data["valid_from"] == "2007-07-01"
    text = json.dumps(data)
    assert metadata_from_dict(json.loads(text)).extra == (("zeta", "sist"), ("alfa", "först"))


def test_digest_sees_the_order_of_extra() -> None:
    first = pv.Policy("P", metadata=_metadata())
    swapped = pv.Policy(
        "P",
        metadata=pv.Metadata(
            owner="HR-chef",
            valid_from=datetime.date(2007, 7, 1),
            replaces=["Ledarpolicy 2001"],
            extra=[("alfa", "först"), ("zeta", "sist")],
        ),
    )
    assert first != swapped
    assert policy_digest(first) != policy_digest(swapped)
    assert len(policy_digest(first)) == 64
    assert policy_digest(first) == policy_digest(pv.Policy("P", metadata=_metadata()))


def test_reader_accepts_left_out_optional_keys() -> None:
    data = {
        "type": "list",
        "id": "list_1",
        "items": [{"id": "list_1__point_1", "text": " Du  ska "}],
    }
    node = node_from_dict(data)
    assert node == pv.CommitmentList([pv.Commitment("Du ska", id="list_1__point_1")], id="list_1")
    minimal = {"format": "policyversions/policy", "format_version": 1, "title": "P"}
    assert policy_from_dict(minimal) == pv.Policy("P")


def _seed_data() -> dict[str, Any]:
    return policy_to_dict(pv.load(SEED))


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(_seed_data())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message", "where"),
    [
        (lambda d: d.update(format="x"), "not a policy", "format"),
        (lambda d: d.update(format_version=3), "unsupported policy format version 3", None),
        (lambda d: d.update(colour="red"), "unknown field(s): colour", None),
        (lambda d: d.pop("title"), "missing 'title'", None),
        (lambda d: d.update(title=7), "expected text, got int", "title"),
        (lambda d: d.update(body={}), "expected a list, got dict", "body"),
        (lambda d: d["body"].append(7), "expected an object, got int", "body[4]"),
        (
            lambda d: d["body"][2]["children"][3]["items"][1].update(text=None),
            "expected text, got null",
            "body[2].children[3].items[1].text",
        ),
        (
            lambda d: d["body"][2]["children"][3]["items"][1].update(
                type="paragraph", label=None, sublist=None
            ),
            "unknown field(s): label, sublist",
            "body[2].children[3].items[1]",
        ),
        (
            lambda d: d["body"][0].update(type="commitment"),
            "unknown field(s): children, heading",
            "body[0]",
        ),
        (
            lambda d: d["body"].append({"type": "commitment", "id": "c", "text": "x"}),
            "a commitment cannot stand as a block",
            "body[4]",
        ),
        (
            lambda d: d["body"][2]["children"][3]["items"].__setitem__(
                1, {"type": "paragraph", "text": "x", "id": "p"}
            ),
            "a list's items must be commitments",
            "body[2].children[3].items[1]",
        ),
        (lambda d: d["body"][1].update(type="chart"), "unknown node type 'chart'", "body[1].type"),
        (
            lambda d: d["body"].append({"type": "table", "id": "t", "rows": []}),
            "a table needs at least one row",
            "body[4]",
        ),
        (
            lambda d: d["body"].append(
                {"type": "table", "id": "t", "rows": [{"cells": [{"text": "a"}], "header": "yes"}]}
            ),
            "expected true or false, got str",
            "body[4].rows[0].header",
        ),
        (
            lambda d: d["body"][2]["children"][3].update(style="roman"),
            "unknown list style 'roman'",
            "body[2].children[3].style",
        ),
        (
            lambda d: d["body"][2]["children"][3].update(items=[]),
            "a commitment list needs at least one commitment",
            "body[2].children[3]: sec_3__list_1",
        ),
        (
            lambda d: d["body"][1].update(id="Bad Id"),
            "invalid node id 'Bad Id'",
            "body[1]: id",
        ),
        (lambda d: d["body"][1].update(id="sec_1"), "duplicate node id 'sec_1'", "policy"),
        (
            lambda d: d["metadata"].update(valid_from="20070701"),
            "a date must be text in the form YYYY-MM-DD",
            "metadata.valid_from",
        ),
        (
            lambda d: d["metadata"].update(review_by="2007-02-30"),
            "impossible date 2007-02-30",
            "metadata.review_by",
        ),
        (
            lambda d: d["metadata"].update(extra=[["a", "b"]]),
            "expected an object, got list",
            "metadata.extra",
        ),
        (
            lambda d: d["metadata"].update(replaces=["x", 3]),
            "expected text, got int",
            "metadata.replaces[1]",
        ),
    ],
)
def test_reader_refuses_bad_data_saying_where(change: Any, message: str, where: str | None) -> None:
    with pytest.raises(ModelError) as error:
        policy_from_dict(_broken(change))
    assert message in error.value.what
    if where is not None:
        assert error.value.where == where
    assert "\n" not in str(error.value)


def test_a_bad_decision_is_a_decision_error_saying_which() -> None:
    data = _broken(lambda d: d["decisions"][0].update(action="förbjuden"))
    with pytest.raises(DecisionError) as error:
        policy_from_dict(data)
    assert "unknown action 'förbjuden'" in error.value.what
    assert error.value.where == "decisions[0]"


@settings(max_examples=30, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers())))
def test_reader_raises_only_our_errors_for_junk(junk: object) -> None:
    for read in (node_from_dict, metadata_from_dict, policy_from_dict):
        with pytest.raises(pv.PolicyVersionsError):
            read(junk)  # type: ignore[arg-type]


def test_diff_json_carries_metadata_and_decisions_in_the_same_forms() -> None:
    old = pv.load(SEED)
    new = pv.Policy(
        old.title,
        body=old.body,
        metadata=_metadata(),
        decisions=(pv.parse_decision("Antagen KF 2005-03-21 § 34"), *old.decisions),
    )
    changes = pv.diff(old, new)
    data = json.loads(changes.to_json())
    by_kind = {change["kind"]: change for change in data["changes"]}
    assert by_kind["metadata_changed"]["new_metadata"] == metadata_to_dict(new.metadata)
    assert by_kind["decisions_changed"]["new_decisions"] == [d.to_dict() for d in new.decisions]
    assert pv.PolicyDiff.from_json(changes.to_json()) == changes
    assert pv.apply(old, pv.PolicyDiff.from_json(changes.to_json())) == new


def test_diff_json_with_bad_content_is_a_diff_error() -> None:
    from policyversions.compare.changes import DiffError as ReExported
    from policyversions.errors import DiffError, PatchError

    assert ReExported is DiffError
    assert issubclass(PatchError, pv.PolicyVersionsError)
    old = pv.load(SEED)
    new = pv.Policy(old.title, body=old.body[:-1], metadata=old.metadata)
    data = json.loads(pv.diff(old, new).to_json())
    removed = next(change for change in data["changes"] if change["kind"] == "removed")
    removed["old_content"][0]["type"] = "chart"
    with pytest.raises(DiffError) as error:
        pv.PolicyDiff.from_dict(data)
    assert "unknown node type 'chart'" in error.value.what
    assert error.value.where == "node.type"
