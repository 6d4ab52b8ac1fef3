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
from .jsonform import policy_to_dict, policy_to_json
from .loading import FORMATS, MAX_INPUT_BYTES, load, loads
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
from .outline import render_outline
from .xmlformat import from_xml, to_xml

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "MAX_INPUT_BYTES",
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
    "from_xml",
    "load",
    "loads",
    "parse_decision",
    "policy_to_dict",
    "policy_to_json",
    "render_outline",
    "to_xml",
]
