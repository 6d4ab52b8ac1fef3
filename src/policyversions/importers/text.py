"""Import plain text as extracted from a PDF (placeholder until the importer lands)."""

from __future__ import annotations

from ..errors import ParseError
from ..model import Policy


def parse_text(text: str, *, source: str = "<text>") -> Policy:
    """Parse PDF-extracted text into a policy."""
    raise ParseError("the text importer is not implemented yet", source)
