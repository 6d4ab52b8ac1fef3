"""Word documents: a redline with real tracked changes and a clean export.

- :mod:`~policyversions.render.docx.redline`: :func:`render_docx_redline`, :func:`render_docx`;
- :mod:`~policyversions.render.docx.writer`: the document walk (what is tracked how);
- :mod:`~policyversions.render.docx.blocks`: paragraphs, runs and tables before OOXML, and the
  end of a container settled so that accept and reject leave no stray paragraph;
- :mod:`~policyversions.render.docx.ooxml`: blocks written as WordprocessingML, one revision id
  counter;
- :mod:`~policyversions.render.docx.styles`: styles and numbering;
- :mod:`~policyversions.render.docx.package`: the ZIP package and its other parts;
- :mod:`~policyversions.render.docx.comments`: the texts of the comments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_exports

if TYPE_CHECKING:
    from .redline import NEUTRAL_AUTHOR, render_docx, render_docx_redline

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "NEUTRAL_AUTHOR": ".redline",
        "render_docx": ".redline",
        "render_docx_redline": ".redline",
    },
)

__all__ = ["NEUTRAL_AUTHOR", "render_docx", "render_docx_redline"]
