"""Import Markdown with optional YAML or TOML front matter (placeholder until it lands)."""

from __future__ import annotations

from ..errors import ParseError
from ..model import Policy


def parse_markdown(text: str, *, source: str = "<markdown>") -> Policy:
    """Parse Markdown into a policy."""
    raise ParseError("the Markdown importer is not implemented yet", source)
