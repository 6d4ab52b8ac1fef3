"""Reading a stored revision's file: its bytes checked against the SHA-256 its index entry
records, read as our XML, and the decisions it holds checked against the entry's.

What these return is the text as the file holds it, without the decision history a revision
reads back with (:meth:`Repository.read` adds it). Anything wrong with the file is one
:class:`~policyversions.store.errors.IntegrityError` line.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import PolicyVersionsError
from ..formats.policyxml import from_xml
from ..model import Policy
from .errors import IntegrityError, StoreError
from .files import read_bytes
from .layout import policy_dir
from .revision import Revision


def read_stored(root: Path, revision: Revision) -> Policy:
    """The policy text of *revision* of the repository at *root* as its file holds it, after
    checking its SHA-256."""
    path = policy_dir(root, revision.policy_id) / revision.file
    try:
        data = read_bytes(path)
    except StoreError as error:
        raise IntegrityError(
            f"revision {revision.ref} is unreadable: {error.what}", str(path)
        ) from None
    if hashlib.sha256(data).hexdigest() != revision.sha256:
        raise IntegrityError(
            f"revision {revision.ref} does not match its recorded SHA-256 (run verify)",
            str(path),
        )
    try:
        return from_xml(data, source=str(path))
    except PolicyVersionsError as error:
        raise IntegrityError(
            f"revision {revision.ref} cannot be read: {error}", str(path)
        ) from None


def read_checked(root: Path, revision: Revision) -> Policy:
    """:func:`read_stored`, after checking that the file holds the decisions the revision's
    index entry names."""
    stored = read_stored(root, revision)
    if stored.decisions != revision.decisions:
        path = policy_dir(root, revision.policy_id) / revision.file
        raise IntegrityError(
            f"revision {revision.ref}: its file and its index entry name different "
            "decisions (run verify)",
            str(path),
        )
    return stored


__all__ = ["read_checked", "read_stored"]
