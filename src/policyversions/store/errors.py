"""Errors of the revision store, all :class:`~policyversions.errors.PolicyVersionsError`.

Hierarchy::

    PolicyVersionsError
    └── StoreError            a repository cannot be found, opened or written; a bad policy
        │                     id; a lost, damaged or rolled-back index; a symbolic link
        ├── RefusedError      record() refused: identical text, repeated decision or the
        │                     text names a later decision (--force overrides these), a
        │                     decision dated before the latest (--late), an effective date
        │                     before the decision (--retroactive) or implausible, two
        │                     citations of one decision that disagree, a stale header with
        │                     --strict
        ├── ConflictError     another writer holds the repository lock for too long
        └── IntegrityError    a stored revision changed, went missing or cannot be read

Every message names the command-line option that changes the outcome; each option is the
keyword argument of the same name of ``Repository.record``.
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
