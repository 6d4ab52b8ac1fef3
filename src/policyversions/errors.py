"""The exception hierarchy of policyversions.

Every error the library raises on purpose derives from :class:`PolicyVersionsError`.
Each carries *what* went wrong and, where it is known, *where* (a file, a line, a node id),
and renders as one line: ``what (where)``.

Hierarchy::

    PolicyVersionsError
    ├── ModelError (ValueError)      a value does not fit the model
    ├── DecisionError (ValueError)   a decision reference cannot be parsed
    ├── InputError                   input cannot be read
    │   ├── ParseError               text or Markdown does not make a policy
    │   └── XMLFormatError           XML is malformed, unsafe or invalid
    ├── DiffError (ValueError)       a diff cannot be computed or read
    └── PatchError (ValueError)      a diff does not fit the policy it is applied to

    RepairWarning (UserWarning)      a lenient import repaired its input (a warning, not an error)
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


class DiffError(PolicyVersionsError, ValueError):
    """A diff cannot be computed or read.

    Raised by :meth:`~policyversions.compare.policydiff.PolicyDiff.from_json` and ``from_dict`` for
    text that is not JSON (``where`` is the line), another format or version, an unknown change
    kind, or content (nodes, metadata, decisions) that does not fit the model.
    """


class PatchError(PolicyVersionsError, ValueError):
    """A diff does not fit the policy it is applied to.

    Raised by :func:`~policyversions.compare.patch.apply`: the policy's digest is not the one the
    diff was made from, an id the diff names is missing or holds other text, a position does not
    fit, or the result is not a valid policy.
    """


class RepairWarning(UserWarning):
    """A lenient import repaired its input, and says what and where (line, column).

    Issued with :func:`warnings.warn` by ``load(..., lenient=True)``, ``loads`` and the importers'
    ``lenient=True``: a malformed front matter read line by line, a control character removed,
    a byte that is not UTF-8 read as Windows-1252, and so on. A strict import (the default)
    raises an :class:`InputError` for the same input instead. Like the errors, it renders as
    one line, ``what (where)``.
    """

    def __init__(self, what: str, where: str | None = None) -> None:
        self.what = what
        self.where = where
        super().__init__(what if where is None else f"{what} ({where})")
