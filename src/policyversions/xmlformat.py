"""Our own XML format for policies (placeholder until it lands)."""

from __future__ import annotations

from .errors import XMLFormatError
from .model import Policy


def to_xml(policy: Policy) -> bytes:
    """Serialise *policy* to our XML format."""
    raise XMLFormatError("XML output is not implemented yet")


def from_xml(data: bytes, *, source: str = "<xml>") -> Policy:
    """Parse our XML format into a policy."""
    raise XMLFormatError("XML input is not implemented yet", source)
