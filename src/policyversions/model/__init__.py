"""The model room: the value types every other room builds on.

A policy is a frozen, typed tree (:mod:`~policyversions.model.policy`) with its
:class:`Metadata` and the :class:`Decision` values (:mod:`~policyversions.model.decision`) that
adopted or revised it. Text is normalised on construction (:mod:`~policyversions.model.text`),
nodes get positional ids (:mod:`~policyversions.model.ids`), and
:func:`policy_language` tells the language a policy is written in. This room imports nothing from
the others except the error hierarchy (:mod:`policyversions.errors`).
"""

from __future__ import annotations

from .decision import ACT_NUMBER, KNOWN_ORGANS, SFS_NUMBER, Action, Decision, Organ, known_organ
from .ids import assign_positional_ids
from .language import policy_language
from .policy import (
    BLOCK_TYPES,
    ID_PATTERN,
    MAX_DEPTH,
    MAX_ID_LENGTH,
    Block,
    Cell,
    Commitment,
    CommitmentList,
    ListStyle,
    Metadata,
    Node,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    child_nodes,
    walk_blocks,
    walk_with_depth,
)
from .text import check_characters, normalize, normalize_optional

__all__ = [
    "ACT_NUMBER",
    "BLOCK_TYPES",
    "ID_PATTERN",
    "KNOWN_ORGANS",
    "MAX_DEPTH",
    "MAX_ID_LENGTH",
    "SFS_NUMBER",
    "Action",
    "Block",
    "Cell",
    "Commitment",
    "CommitmentList",
    "Decision",
    "ListStyle",
    "Metadata",
    "Node",
    "Organ",
    "Paragraph",
    "Policy",
    "Row",
    "Section",
    "Table",
    "assign_positional_ids",
    "check_characters",
    "child_nodes",
    "known_organ",
    "normalize",
    "normalize_optional",
    "policy_language",
    "walk_blocks",
    "walk_with_depth",
]
