"""policyversions: version history and semantic redlines for municipal policy documents."""

from __future__ import annotations

from .decisions import Action, Decision, Organ, parse_decision
from .errors import (
    DecisionError,
    InputError,
    ModelError,
    ParseError,
    PolicyVersionsError,
    XMLFormatError,
)
from .ids import assign_positional_ids
from .model import (
    Block,
    Commitment,
    CommitmentList,
    Metadata,
    Node,
    Paragraph,
    Policy,
    Section,
)

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Block",
    "Commitment",
    "CommitmentList",
    "Decision",
    "DecisionError",
    "InputError",
    "Metadata",
    "ModelError",
    "Node",
    "Organ",
    "Paragraph",
    "ParseError",
    "Policy",
    "PolicyVersionsError",
    "Section",
    "XMLFormatError",
    "__version__",
    "assign_positional_ids",
    "parse_decision",
]
