"""The importers room: every way in. Each importer turns source bytes or text into a
:class:`~policyversions.model.Policy`.

- :mod:`~policyversions.importers.loading`: :func:`load` / :func:`loads`, format detection,
  decoding and size limits, dispatch to the importers below (and to our own XML in
  :mod:`policyversions.formats`);
- :mod:`~policyversions.importers.text`: text as extracted from a PDF;
- :mod:`~policyversions.importers.markdown`: Markdown (CommonMark, GFM tables) read with
  markdown-it-py, and :mod:`~policyversions.importers.frontmatter`, its YAML or TOML header;
  its steps are :mod:`~policyversions.importers.markdown_parser` (the parser),
  :mod:`~policyversions.importers.markdown_blocks` (tokens to raw blocks),
  :mod:`~policyversions.importers.markdown_sections` (the title and sections),
  :mod:`~policyversions.importers.markdown_drafts` (lead-ins, wrap-ups, lists and points) and
  :mod:`~policyversions.importers.markdown_nodes` (model nodes with their ids);
- shared by every importer: :mod:`~policyversions.importers.grammar` (provision numbers, point
  labels, ordinal sequences, decision histories), :mod:`~policyversions.importers.decision_text`
  (the grammar of one decision reference, :func:`parse_decision`) and
  :mod:`~policyversions.importers.repairs` (what a strict import refuses and a lenient one
  repairs).

Names are imported on first use, so that importing one importer does not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .decision_text import parse_decision
    from .loading import FORMATS, MAX_INPUT_BYTES, format_for_path, load, loads
    from .markdown import parse_markdown
    from .text import parse_text

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "FORMATS": ".loading",
        "MAX_INPUT_BYTES": ".loading",
        "format_for_path": ".loading",
        "load": ".loading",
        "loads": ".loading",
        "parse_decision": ".decision_text",
        "parse_markdown": ".markdown",
        "parse_text": ".text",
    },
)

__all__ = [
    "FORMATS",
    "MAX_INPUT_BYTES",
    "format_for_path",
    "load",
    "loads",
    "parse_decision",
    "parse_markdown",
    "parse_text",
]
