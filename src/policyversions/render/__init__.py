"""The render room: everything a person reads.

- :mod:`~policyversions.render.htmlredline`: the printable HTML redline
  (:mod:`~policyversions.render.redlinewriter` walks the document,
  :mod:`~policyversions.render.marks` marks the changes);
- :mod:`~policyversions.render.docx`: the Word redline with tracked changes, and a clean Word
  document of one revision;
- :mod:`~policyversions.render.placement`: where a redline shows removed and moved-away nodes;
- :mod:`~policyversions.render.htmlrevision`: one revision as a printable page;
- :mod:`~policyversions.render.htmlpage`: what every HTML page shares;
- :mod:`~policyversions.render.textredline`: the terminal redline;
- :mod:`~policyversions.render.summary`: a diff's summary in plain language;
- :mod:`~policyversions.render.outline`: an indented outline with node ids;
- :mod:`~policyversions.render.listings`: the store's listings (log, blame, history,
  policies) as tables with headers, and as JSON;
- :mod:`~policyversions.render.words`: every word any output prints, one file a language.
- :mod:`~policyversions.render.words`: every word any output prints, one file a language;
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .docx.redline import render_docx, render_docx_redline
    from .htmlredline import render_redline
    from .htmlrevision import render_revision_html
    from .listings import (
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
    from .outline import render_outline
    from .summary import render_summary
    from .textredline import render_text_redline
    from .words import LANGUAGES, Words, words_for

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "LANGUAGES": ".words",
        "Words": ".words",
        "render_docx": ".docx.redline",
        "render_docx_redline": ".docx.redline",
        "render_outline": ".outline",
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
            ".listings",
        ),
        "render_redline": ".htmlredline",
        "render_revision_html": ".htmlrevision",
        "render_summary": ".summary",
        "render_text_redline": ".textredline",
        "words_for": ".words",
    },
)

__all__ = [
    "LANGUAGES",
    "Words",
    "blame_to_json",
    "listing_language",
    "log_to_json",
    "node_history_to_json",
    "policies_to_json",
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
    "words_for",
]
