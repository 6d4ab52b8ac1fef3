"""Importers: turn source text (PDF-extracted text, Markdown) into a :class:`Policy`."""

from .markdown import parse_markdown
from .text import parse_text

__all__ = ["parse_markdown", "parse_text"]
