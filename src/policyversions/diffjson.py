"""Plain-data (JSON-ready) forms of model values, used by the diff's JSON format and digests.

Nodes become objects tagged by ``"type"``:

* ``{"type": "section", "id", "heading", "children": [...]}``
* ``{"type": "paragraph", "id", "text"}``
* ``{"type": "list", "id", "lead_in", "wrap_up", "style", "items": [...]}``
* ``{"type": "commitment", "id", "text"}``

Metadata is an object with its fields (dates as ISO ``YYYY-MM-DD`` strings, ``replaces`` a
list, ``extra`` a list of ``[key, value]`` pairs). A decision is ``{"organ": {"abbreviation",
"name"}, "year", "date", "item", "case_number", "action"}`` (``action`` the Swedish participle).
:func:`policy_digest` is the SHA-256 of a policy's canonical serialisation (see there).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from .decisions import Action, Decision, Organ
from .errors import ModelError
from .model import Commitment, CommitmentList, Metadata, Node, Paragraph, Policy, Section

JSONObject = dict[str, Any]


def node_to_dict(node: Node) -> JSONObject:
    """Return the plain-data form of *node* and its subtree."""
    if isinstance(node, Section):
        return {
            "type": "section",
            "id": node.id,
            "heading": node.heading,
            "children": [node_to_dict(child) for child in node.children],
        }
    if isinstance(node, CommitmentList):
        return {
            "type": "list",
            "id": node.id,
            "lead_in": node.lead_in,
            "wrap_up": node.wrap_up,
            "style": node.style,
            "items": [node_to_dict(item) for item in node.items],
        }
    kind = "paragraph" if isinstance(node, Paragraph) else "commitment"
    return {"type": kind, "id": node.id, "text": node.text}


def node_from_dict(data: JSONObject) -> Node:
    """Rebuild a node from :func:`node_to_dict` output."""
    kind = data.get("type")
    if kind == "section":
        children = [node_from_dict(child) for child in data["children"]]
        return Section(data["heading"], children, id=data["id"])
    if kind == "list":
        items = [node_from_dict(item) for item in data["items"]]
        return CommitmentList(
            items,
            lead_in=data.get("lead_in"),
            wrap_up=data.get("wrap_up"),
            style=data.get("style", "bullet"),
            id=data["id"],
        )
    if kind == "paragraph":
        return Paragraph(data["text"], id=data["id"])
    if kind == "commitment":
        return Commitment(data["text"], id=data["id"])
    raise ModelError(f"unknown node type {kind!r}")


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_date(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise ModelError(f"invalid date {value!r}") from error


def metadata_to_dict(metadata: Metadata) -> JSONObject:
    """Return the plain-data form of *metadata*."""
    return {
        "document_type": metadata.document_type,
        "owner": metadata.owner,
        "scope": metadata.scope,
        "valid_from": _date(metadata.valid_from),
        "valid_until": _date(metadata.valid_until),
        "review_by": _date(metadata.review_by),
        "replaces": list(metadata.replaces),
        "source": metadata.source,
        "extra": [[key, value] for key, value in metadata.extra],
    }


def metadata_from_dict(data: JSONObject) -> Metadata:
    """Rebuild :class:`Metadata` from :func:`metadata_to_dict` output."""
    return Metadata(
        document_type=data.get("document_type"),
        owner=data.get("owner"),
        scope=data.get("scope"),
        valid_from=_parse_date(data.get("valid_from")),
        valid_until=_parse_date(data.get("valid_until")),
        review_by=_parse_date(data.get("review_by")),
        replaces=tuple(data.get("replaces", ())),
        source=data.get("source"),
        extra=[(key, value) for key, value in data.get("extra", ())],
    )


def decision_to_dict(decision: Decision) -> JSONObject:
    """Return the plain-data form of *decision*."""
    return {
        "organ": {
            "abbreviation": decision.organ.abbreviation,
            "name": decision.organ.name,
        },
        "year": decision.year,
        "date": _date(decision.date),
        "item": decision.item,
        "case_number": decision.case_number,
        "action": decision.action.value if decision.action is not None else None,
    }


def decision_from_dict(data: JSONObject) -> Decision:
    """Rebuild a :class:`Decision` from :func:`decision_to_dict` output."""
    organ = data["organ"]
    action = data.get("action")
    try:
        return Decision(
            organ=Organ(organ.get("abbreviation"), organ.get("name")),
            year=int(data["year"]),
            date=_parse_date(data.get("date")),
            item=data.get("item"),
            case_number=data.get("case_number"),
            action=Action(action) if action is not None else None,
        )
    except ValueError as error:
        raise ModelError(f"invalid decision {data!r}: {error}") from error


def decision_text(decision: Decision) -> str:
    """Return a one-line reading of *decision*, e.g. ``reviderad KF 2007-06-18 § 118``."""
    parts = [decision.action.value] if decision.action is not None else []
    parts.append(str(decision.organ))
    parts.append(decision.date.isoformat() if decision.date else str(decision.year))
    if decision.item is not None:
        parts.append(f"§ {decision.item}")
    if decision.case_number:
        parts.append(f"(Dnr {decision.case_number})")
    return " ".join(parts)


def policy_to_dict(policy: Policy) -> JSONObject:
    """Return the plain-data form of *policy*."""
    return {
        "title": policy.title,
        "metadata": metadata_to_dict(policy.metadata),
        "decisions": [decision_to_dict(decision) for decision in policy.decisions],
        "body": [node_to_dict(block) for block in policy.body],
    }


def policy_digest(policy: Policy) -> str:
    """Return the SHA-256 hex digest of *policy*.

    The digest covers the title, metadata and decisions (as canonical JSON) and, for every node
    in document order, its type, id, parent id and texts, so two policies have the same digest
    exactly when they are equal.
    """
    head = json.dumps(
        [policy.title, metadata_to_dict(policy.metadata)]
        + [decision_to_dict(decision) for decision in policy.decisions],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    parts = [head]
    _digest_parts(policy.body, "", parts)
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()


def _digest_parts(nodes: tuple[Node, ...], parent: str, parts: list[str]) -> None:
    for node in nodes:
        if isinstance(node, Section):
            parts.append(f"s\x1f{node.id}\x1f{parent}\x1f{node.heading}")
            _digest_parts(node.children, node.id, parts)
        elif isinstance(node, CommitmentList):
            parts.append(
                f"l\x1f{node.id}\x1f{parent}\x1f{node.lead_in!r}\x1f{node.wrap_up!r}\x1f{node.style}"
            )
            _digest_parts(node.items, node.id, parts)
        elif isinstance(node, Paragraph):
            parts.append(f"p\x1f{node.id}\x1f{parent}\x1f{node.text}")
        else:
            parts.append(f"c\x1f{node.id}\x1f{parent}\x1f{node.text}")
