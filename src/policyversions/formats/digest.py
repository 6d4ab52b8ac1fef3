"""The content digest of a policy: SHA-256 over a canonical serialisation.

A diff records the digests of the two revisions it was made from, so that
:func:`~policyversions.compare.patch.apply` can refuse a policy the diff was not made from.

The serialisation is UTF-8 text of records joined by U+001E (record separator), fields within
a record joined by U+001F (unit separator):

* the head: compact JSON (``","`` and ``":"`` separators, characters not escaped) of
  ``[title, metadata, decision, ...]`` in the forms of :mod:`policyversions.formats.policyjson`,
  with keys in the fixed order those functions write (so the order of ``extra`` counts, as it does
  for :class:`~policyversions.model.Metadata` equality);
* one record per node in document order: a type letter (``s`` section, ``l`` list, ``p``
  paragraph, ``c`` commitment, ``t`` table, ``r`` row, ``x`` cell), the node's id, its parent's
  id (``""`` for the body) and its texts (a section's ``repr`` of number and heading; a list's
  ``repr`` of lead-in and wrap-up, then its style; a commitment's ``repr`` of its label, then
  its text; a table's ``repr`` of its caption; a row's header flag; the text of a paragraph or
  cell).

Normal text (see :mod:`policyversions.model.text`) never holds the separators, and each record
names its parent, so two policies have the same digest exactly when they are equal.
"""

from __future__ import annotations

import hashlib
import json

from ..model import (
    Commitment,
    CommitmentList,
    Node,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    child_nodes,
)
from .policyjson import metadata_to_dict


def policy_digest(policy: Policy) -> str:
    """Return the SHA-256 hex digest of *policy*'s canonical serialisation (module docstring)."""
    head = json.dumps(
        [policy.title, metadata_to_dict(policy.metadata)]
        + [decision.to_dict() for decision in policy.decisions],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    parts = [head]
    _digest_parts(policy.body, "", parts)
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()


def _digest_parts(nodes: tuple[Node, ...], parent: str, parts: list[str]) -> None:
    for node in nodes:
        if type(node) is Commitment and node.sublist is None:  # most nodes: made quick
            parts.append(f"c\x1f{node.id}\x1f{parent}\x1f{node.label!r}\x1f{node.text}")
            continue
        letter, texts = _record(node)
        parts.append(f"{letter}\x1f{node.id}\x1f{parent}\x1f{texts}")
        children = child_nodes(node)
        if children:
            _digest_parts(children, node.id, parts)


def _record(node: Node) -> tuple[str, str]:
    """The type letter and the texts of *node* (module docstring)."""
    if isinstance(node, Section):
        return "s", f"{node.number!r}\x1f{node.heading!r}"
    if isinstance(node, CommitmentList):
        return "l", f"{node.lead_in!r}\x1f{node.wrap_up!r}\x1f{node.style}"
    if isinstance(node, Paragraph):
        return "p", node.text
    if isinstance(node, Commitment):
        return "c", f"{node.label!r}\x1f{node.text}"
    if isinstance(node, Table):
        return "t", repr(node.caption)
    if isinstance(node, Row):
        return "r", str(node.header)
    return "x", node.text


__all__ = ["policy_digest"]
