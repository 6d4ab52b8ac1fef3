"""The outline and JSON views of a policy."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings

import policyversions as pv
from conftest import SEED
from strategies import policies


def test_outline_lists_every_node_with_its_id_and_indentation() -> None:
    policy = pv.load(SEED)
    outline = pv.render_outline(policy, width=0)
    lines = outline.splitlines()
    assert lines[0] == policy.title
    assert lines[1] == "  Reviderad KF 2007-06-18 § 118"
    ids = [node.id for node in policy.walk()]
    for node_id in ids:
        assert sum(f"[{node_id}]" in line for line in lines) == 1
    point = next(line for line in lines if "[sec_3__list_1__point_1]" in line)
    assert point.startswith("    [sec_3__list_1__point_1] • är synlig")
    assert "[sec_3__list_1] list (bullet, 8): Kommunen vill att du som ledare" in outline


def test_outline_shortens_long_text_only_when_asked() -> None:
    policy = pv.load(SEED)
    short = pv.render_outline(policy, width=30)
    assert all(len(line) < 30 + 40 for line in short.splitlines())
    assert "…" in short
    assert "…" not in pv.render_outline(policy, width=0)


@settings(max_examples=50)
@given(policies())
def test_json_holds_every_node_and_text(policy: pv.Policy) -> None:
    data = json.loads(pv.policy_to_json(policy))
    assert data["title"] == policy.title
    assert data["format"] == "policyversions/policy"

    children = {"section": "children", "list": "items", "table": "rows", "row": "cells"}

    def walk(nodes: list[dict[str, Any]]) -> list[str]:
        found: list[str] = []
        for node in nodes:
            found.append(str(node["id"]))
            if node["type"] in children:
                found.extend(walk(node[children[node["type"]]]))
            elif node["type"] == "commitment" and node["sublist"] is not None:
                found.extend(walk([node["sublist"]]))
        return found

    assert walk(data["body"]) == [node.id for node in policy.walk()]
    assert len(data["decisions"]) == len(policy.decisions)
