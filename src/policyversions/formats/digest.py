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
  paragraph, ``c`` commitment), the node's id, its parent's id (``""`` for the body) and its
  texts (a section's heading; a list's ``repr`` of lead-in and wrap-up, then its style; the
  text of a paragraph or commitment).

Normal text (see :mod:`policyversions.model.text`) never holds the separators, and each record
names its parent, so two policies have the same digest exactly when they are equal.
"""

from __future__ import annotations

import hashlib
import json

from ..model import CommitmentList, Node, Paragraph, Policy, Section
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


__all__ = ["policy_digest"]
