"""The exception hierarchy of policyversions.

Every error the library raises on purpose derives from :class:`PolicyVersionsError`.
Each carries *what* went wrong and, where it is known, *where* (a file, a line, a node id),
and renders as one line: ``what (where)``.
"""

from __future__ import annotations


class PolicyVersionsError(Exception):
    """Root of every error raised by policyversions on purpose."""

    def __init__(self, what: str, where: str | None = None) -> None:
        self.what = what
        self.where = where
        super().__init__(what if where is None else f"{what} ({where})")


class ModelError(PolicyVersionsError, ValueError):
    """A value does not fit the policy model (bad text, id or structure)."""


class DecisionError(PolicyVersionsError, ValueError):
    """A decision reference cannot be parsed or names an impossible value."""


class InputError(PolicyVersionsError):
    """Input cannot be read: unknown format, undecodable bytes, empty or too large."""


class ParseError(InputError):
    """Text or Markdown input does not make a policy."""


class XMLFormatError(InputError):
    """XML input is malformed, unsafe or does not validate against our schema."""
