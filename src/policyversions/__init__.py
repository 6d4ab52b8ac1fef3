"""policyversions: version history and semantic redlines for municipal policy documents.

The public API, importable from here; each name lives in one room (see ARCHITECTURE.md):
:mod:`~policyversions.model` (the policy tree and decisions), :mod:`~policyversions.importers`
(every way in), :mod:`~policyversions.formats` (our XML and JSON, Akoma Ntoso),
:mod:`~policyversions.compare` (the semantic diff and patch), :mod:`~policyversions.render`
(what a person reads), :mod:`~policyversions.store` (the revision store) and
:mod:`~policyversions.publish` (the register as a static website). Names are imported
on first use, so ``import policyversions`` is cheap and a command imports only what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from .errors import (
    DecisionError,
    DiffError,
    InputError,
    ModelError,
    ParseError,
    PatchError,
    PolicyVersionsError,
    RepairWarning,
    XMLFormatError,
)

if TYPE_CHECKING:
    from .compare.changes import Change
    from .compare.differ import diff
    from .compare.diffxml import diff_from_xml, diff_to_xml
    from .compare.patch import apply
    from .compare.policydiff import PolicyDiff
    from .compare.summary import Summary
    from .formats.akn import to_akn
    from .formats.policyjson import policy_from_dict, policy_to_dict, policy_to_json
    from .formats.policyxml import from_xml, to_xml
    from .importers.decision_text import parse_decision
    from .importers.loading import FORMATS, MAX_INPUT_BYTES, load, loads
    from .model import (
        Action,
        Block,
        Cell,
        Commitment,
        CommitmentList,
        Decision,
        Metadata,
        Node,
        Organ,
        Paragraph,
        Policy,
        Row,
        Section,
        Table,
        assign_positional_ids,
        policy_language,
    )
    from .publish import PublishError, PublishReport, publish_site
    from .render.docx.redline import render_docx, render_docx_redline
    from .render.htmlredline import render_redline
    from .render.htmlrevision import render_revision_html
    from .render.listings import (
        blame_to_json,
        listing_language,
        log_to_json,
        node_history_to_json,
        policies_to_json,
        recorded_line,
        render_blame,
        render_log,
        render_node_history,
        render_policies,
    )
    from .render.outline import render_outline
    from .render.summary import render_summary
    from .render.textredline import render_text_redline
    from .store import (
        ConflictError,
        IntegrityError,
        RefusedError,
        RepairReport,
        Repository,
        Revision,
        StoreError,
        VerifyReport,
        load_argument,
        parse_ref,
        write_atomic,
    )

__version__ = "0.1.0"

_EXPORTS = {
    **dict.fromkeys(("FORMATS", "MAX_INPUT_BYTES", "load", "loads"), ".importers.loading"),
    "parse_decision": ".importers.decision_text",
    **dict.fromkeys(
        (
            "Action",
            "Block",
            "Cell",
            "Commitment",
            "CommitmentList",
            "Decision",
            "Metadata",
            "Node",
            "Organ",
            "Paragraph",
            "Policy",
            "Row",
            "Section",
            "Table",
            "assign_positional_ids",
        ),
        ".model",
    ),
    "Change": ".compare.changes",
    "PolicyDiff": ".compare.policydiff",
    "Summary": ".compare.summary",
    "diff": ".compare.differ",
    "apply": ".compare.patch",
    "diff_from_xml": ".compare.diffxml",
    "diff_to_xml": ".compare.diffxml",
    "to_akn": ".formats.akn",
    **dict.fromkeys(("policy_from_dict", "policy_to_dict", "policy_to_json"),
    ".formats.policyjson"),
    **dict.fromkeys(("from_xml", "to_xml"), ".formats.policyxml"),
    **dict.fromkeys(("PublishError", "PublishReport", "publish_site"), ".publish"),
    "render_redline": ".render.htmlredline",
    "render_docx": ".render.docx.redline",
    "render_docx_redline": ".render.docx.redline",
    "render_revision_html": ".render.htmlrevision",
    "policy_language": ".model",
    "render_outline": ".render.outline",
    "render_summary": ".render.summary",
    "render_text_redline": ".render.textredline",
    **dict.fromkeys(
        (
            "blame_to_json",
            "listing_language",
            "log_to_json",
            "node_history_to_json",
            "policies_to_json",
            "recorded_line",
            "render_blame",
            "render_log",
            "render_node_history",
            "render_policies",
        ),
        ".render.listings",
    ),
    **dict.fromkeys(
        (
            "ConflictError",
            "IntegrityError",
            "RefusedError",
            "RepairReport",
            "Repository",
            "Revision",
            "StoreError",
            "VerifyReport",
        ),
        ".store",
    ),
    "load_argument": ".store.arguments",
    "parse_ref": ".store.refs",
    "write_atomic": ".store.files",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "FORMATS",
    "MAX_INPUT_BYTES",
    "Action",
    "Block",
    "Cell",
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
    "PublishError",
    "PublishReport",
    "RefusedError",
    "RepairReport",
    "RepairWarning",
    "Repository",
    "Revision",
    "Row",
    "Section",
    "StoreError",
    "Summary",
    "Table",
    "VerifyReport",
    "XMLFormatError",
    "__version__",
    "apply",
    "assign_positional_ids",
    "blame_to_json",
    "diff",
    "diff_from_xml",
    "diff_to_xml",
    "from_xml",
    "listing_language",
    "load",
    "load_argument",
    "loads",
    "log_to_json",
    "node_history_to_json",
    "parse_decision",
    "parse_ref",
    "policies_to_json",
    "policy_from_dict",
    "policy_language",
    "policy_to_dict",
    "policy_to_json",
    "publish_site",
    "recorded_line",
    "render_blame",
    "render_docx",
    "render_docx_redline",
    "render_log",
    "render_node_history",
    "render_outline",
    "render_policies",
    "render_redline",
    "render_revision_html",
    "render_summary",
    "render_text_redline",
    "to_akn",
    "to_xml",
    "write_atomic",
]
