"""The repository on disk: the marker's format and version, the ``policies`` folder, the writers'
lock, the README a repository is made with, and the folder of each policy.

The whole layout is described in the package docstring (:mod:`policyversions.store`); the names
of a policy's index and head are in :mod:`~policyversions.store.verify`, the revision files'
in :mod:`~policyversions.store.revision`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from .files import check_real_directories
from .slugs import check_policy_id

REPOSITORY_FORMAT: Final = "policyversions-repository"
REPOSITORY_VERSION: Final = 1
LOCK_NAME: Final = ".lock"
POLICIES_DIR: Final = "policies"

README: Final = """\
This directory is a policyversions repository: the version history of policy documents.

policyversions.json      marks the repository (format and version)
policies/<id>/           one directory per policy ('/' in a policy id nests directories)
    index.json           the history, in order: for each revision its number, file name,
                         SHA-256 of the file, decision (with its effective date), the
                         decisions it brought, time recorded, warnings, note, the node ids
                         it added, changed, moved and removed, and a hash chain over all this
    head.json            the number of revisions, the last link of the chain and the SHA-256
                         of index.json: written after index.json, it seals it
    0001-<decision>.xml  revision 1, in the policyversions XML format (never changed)
    0002-<decision>.xml  revision 2, ...: the text and the decisions its record brought (the
                         decision history of a revision is those of every revision up to it)
.lock                    taken by writers (may be deleted when nobody writes)

Revision files never change once written; index.json and head.json are replaced
(atomically) when a revision is recorded. Check every file, the chain and the head with:
policyversions verify. If index.json is lost or damaged, nothing is recorded until
policyversions repair POLICY rebuilds it from the revision files.
"""
"""The ``README.txt`` of a new repository: its layout, for people who find the directory."""


def policy_dir(root: Path, policy_id: str) -> Path:
    """The directory of *policy_id* (which is checked first) in the repository at *root*."""
    return root.joinpath(POLICIES_DIR, *check_policy_id(policy_id).split("/"))


def checked_policy_dir(root: Path, policy_id: str) -> Path:
    """:func:`policy_dir`, after refusing a symbolic link (or a file) on the way to it."""
    directory = policy_dir(root, policy_id)
    check_real_directories(root, [POLICIES_DIR, *policy_id.split("/")])
    return directory


__all__ = [
    "LOCK_NAME",
    "POLICIES_DIR",
    "README",
    "REPOSITORY_FORMAT",
    "REPOSITORY_VERSION",
    "checked_policy_dir",
    "policy_dir",
]
