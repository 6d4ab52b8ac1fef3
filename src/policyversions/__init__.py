"""policyversions: version history and semantic redlines for municipal policy documents."""

from __future__ import annotations

from .akn import to_akn
from .changes import Change, PolicyDiff
from .decisions import Action, Decision, Organ, parse_decision
from .differ import diff
from .diffxml import diff_from_xml, diff_to_xml
from .errors import (
    DecisionError,
    DiffError,
    InputError,
    ModelError,
    ParseError,
    PatchError,
    PolicyVersionsError,
    XMLFormatError,
)
from .htmlredline import render_redline
from .htmlrevision import render_revision_html
from .ids import assign_positional_ids
from .jsonform import policy_from_dict, policy_to_dict, policy_to_json
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
from .patch import apply
from .store import (
    ConflictError,
    IntegrityError,
    RefusedError,
    Repository,
    Revision,
    StoreError,
    VerifyReport,
    load_argument,
    parse_ref,
)
from .summary import Summary
from .textredline import render_text_redline
from .xmlformat import from_xml, to_xml

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "MAX_INPUT_BYTES",
    "Action",
    "Block",
    "Change",
    "Commitment",
    "CommitmentList",
    "ConflictError",
    "Decision",
    "DecisionError",
    "DiffError",
    "InputError",
    "IntegrityError",
    "Metadata",
    "ModelError",
    "Node",
    "Organ",
    "Paragraph",
    "ParseError",
    "PatchError",
    "Policy",
    "PolicyDiff",
    "PolicyVersionsError",
    "RefusedError",
    "Repository",
    "Revision",
    "Section",
    "StoreError",
    "Summary",
    "VerifyReport",
    "XMLFormatError",
    "__version__",
    "apply",
    "assign_positional_ids",
    "diff",
    "diff_from_xml",
    "diff_to_xml",
    "from_xml",
    "load",
    "load_argument",
    "loads",
    "parse_decision",
    "parse_ref",
    "policy_from_dict",
    "policy_to_dict",
    "policy_to_json",
    "render_outline",
    "render_redline",
    "render_revision_html",
    "render_text_redline",
    "to_akn",
    "to_xml",
]
