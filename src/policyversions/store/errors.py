"""Errors of the revision store, all :class:`~policyversions.errors.PolicyVersionsError`.

Hierarchy::

    PolicyVersionsError
    └── StoreError            a repository cannot be found, opened or written; a bad policy id
        ├── RefusedError      record() refused: identical text, repeated decision or the
        │                     text names a later decision (force=True overrides these),
        │                     or a decision dated before the latest (late=True records it)
        ├── ConflictError     another writer holds the repository lock for too long
        └── IntegrityError    a stored revision changed, went missing or cannot be read
"""

from __future__ import annotations

from ..errors import PolicyVersionsError


class StoreError(PolicyVersionsError):
    """A repository cannot be found, opened or written, or a policy id or ref is invalid."""


class RefusedError(StoreError):
    """:meth:`~policyversions.store.Repository.record` refused a revision (see its docs)."""


class ConflictError(StoreError):
    """Another writer held the repository lock longer than the timeout; nothing was written."""


class IntegrityError(StoreError):
    """A stored revision does not match its recorded SHA-256, is missing or is unreadable."""


__all__ = ["ConflictError", "IntegrityError", "RefusedError", "StoreError"]
