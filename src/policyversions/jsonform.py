"""A policy as JSON-friendly data: the shape ``policyversions show --format json`` prints.

Shape (documented in the README too)::

    {"format": "policyversions/policy", "format_version": 1,
     "title": str,
     "metadata": {"document_type": str|null, "owner": ..., "scope": ...,
                  "valid_from": "YYYY-MM-DD"|null, "valid_until": ..., "review_by": ...,
                  "replaces": [str], "source": str|null, "extra": {key: str}},
     "decisions": [Decision.to_dict()],
     "body": [block]}

    block = {"type": "section", "id", "heading", "children": [block]}
          | {"type": "paragraph", "id", "text"}
          | {"type": "list", "id", "style": "bullet"|"number", "lead_in": str|null,
             "items": [{"id", "text"}], "wrap_up": str|null}
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from .model import Block, CommitmentList, Metadata, Paragraph, Policy, Section


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """Return *policy* as plain data (dicts, lists, strings, numbers, ``None``)."""
    return {
        "format": "policyversions/policy",
        "format_version": 1,
        "title": policy.title,
        "metadata": _metadata(policy.metadata),
        "decisions": [decision.to_dict() for decision in policy.decisions],
        "body": [block_to_dict(block) for block in policy.body],
    }


def policy_to_json(policy: Policy, *, indent: int | None = 2) -> str:
    """Return *policy* as JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(policy_to_dict(policy), ensure_ascii=False, indent=indent)


def block_to_dict(block: Block) -> dict[str, Any]:
    """Return one block (and its subtree) as plain data."""
    if isinstance(block, Section):
        return {
            "type": "section",
            "id": block.id,
            "heading": block.heading,
            "children": [block_to_dict(child) for child in block.children],
        }
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "id": block.id, "text": block.text}
    assert isinstance(block, CommitmentList)
    return {
        "type": "list",
        "id": block.id,
        "style": block.style,
        "lead_in": block.lead_in,
        "items": [{"id": item.id, "text": item.text} for item in block.items],
        "wrap_up": block.wrap_up,
    }


def _date(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _metadata(metadata: Metadata) -> dict[str, Any]:
    return {
        "document_type": metadata.document_type,
        "owner": metadata.owner,
        "scope": metadata.scope,
        "valid_from": _date(metadata.valid_from),
        "valid_until": _date(metadata.valid_until),
        "review_by": _date(metadata.review_by),
        "replaces": list(metadata.replaces),
        "source": metadata.source,
        "extra": dict(metadata.extra),
    }
