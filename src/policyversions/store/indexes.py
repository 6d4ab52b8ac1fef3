"""Reading a policy's index from disk, with its checks, and the decision history folded from it.

:class:`PolicyIndexes` reads the index of each policy of one repository (``index.json``,
:class:`~policyversions.store.revision.PolicyIndex`), refusing a symbolic link, anything not a
regular file and a lost index beside revision files (:func:`lost_index`), and parses it again
only when its file changed. For a writer, :meth:`PolicyIndexes.for_writing` also checks that the
head seals the index, so that nothing is recorded on an index changed, replaced or rolled back
outside policyversions. It keeps each policy's decision history
(:class:`~policyversions.store.decisions.DecisionHistory`) too, extended, not rebuilt, as
revisions are added.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from .decisions import DecisionHistory
from .errors import StoreError
from .files import open_regular, read_bytes
from .layout import checked_policy_dir, policy_dir
from .revision import REVISION_FILE, Head, PolicyIndex, Revision, genesis, link
from .verify import HEAD_NAME, INDEX_NAME


def lost_index(policy_id: str, directory: Path) -> StoreError | None:
    """The error for a policy folder that holds revision files or a head but no index;
    ``None`` for a policy whose first record was interrupted (a head of no revision, and
    maybe an orphan revision file)."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return None
    found = [name for name in names if REVISION_FILE.fullmatch(name) or name == HEAD_NAME]
    if not found:
        return None
    if HEAD_NAME in found:
        try:
            head = Head.from_bytes(policy_id, read_bytes(directory / HEAD_NAME), HEAD_NAME)
        except StoreError:
            head = None
        if head is not None and head.revisions == 0:
            return None
    files = sum(1 for name in found if name != HEAD_NAME)
    return StoreError(
        f"the index of {policy_id!r} is missing, but its folder holds {files} revision "
        f"file(s){' and a head' if HEAD_NAME in found else ''}: nothing was read or "
        f"recorded; rebuild the index with 'policyversions repair {policy_id}'",
        str(directory / INDEX_NAME),
    )


def _stamp(status: os.stat_result) -> tuple[int, int, int, int]:
    """What tells one version of an index file from another (see ``PolicyIndexes.read``)."""
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


class PolicyIndexes:
    """The indexes of the policies of the repository at *root*, read and checked, each kept
    while its file is unchanged, and the decision history of each policy's whole history."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Index entries already read, per policy: see PolicyIndex.from_bytes.
        self._parsed: dict[str, dict[int, tuple[Any, Revision]]] = {}
        # The index last read or written per policy, with the (inode, size, mtime, ctime) of
        # its file then and the SHA-256 of its bytes: reused while the file is unchanged.
        self._indexes: dict[str, tuple[tuple[int, int, int, int], PolicyIndex, str]] = {}
        # The decision history of each policy's whole history, with the revisions folded into
        # it: extended, not rebuilt, when revisions are added.
        self._histories: dict[str, tuple[tuple[Revision, ...], DecisionHistory]] = {}

    def read(self, policy_id: str, *, missing_ok: bool = False) -> PolicyIndex:
        """The policy's index, parsed again only when its file changed; with *missing_ok*, an
        empty index for a policy that has none (and no lost one)."""
        return self.read_with_digest(policy_id, missing_ok=missing_ok)[0]

    def read_with_digest(
        self, policy_id: str, *, missing_ok: bool = False
    ) -> tuple[PolicyIndex, str | None]:
        """The policy's index and the SHA-256 of its file (``None`` when there is none),
        parsed again only when the file changed.

        Writers replace the index by rename, so a change by anyone gives the file a new inode
        (and, the index only growing, a new size); the parsed index is kept with the
        ``(st_ino, st_size, st_mtime_ns, st_ctime_ns)`` of the very file descriptor it was read
        from, and reused while an ``lstat`` of the path gives the same. A lost index beside
        revision files, a symbolic link and anything not a regular file are refused.
        """
        directory = checked_policy_dir(self.root, policy_id)
        path = directory / INDEX_NAME
        cached = self._indexes.get(policy_id)
        try:
            if cached is not None and _stamp(os.lstat(path)) == cached[0]:
                return cached[1], cached[2]
        except OSError:
            pass
        try:
            fd = open_regular(path)
        except StoreError as error:
            if error.what != "no such file":
                raise
            self._indexes.pop(policy_id, None)
            lost = lost_index(policy_id, directory)
            if lost is not None:
                raise lost from None
            if missing_ok:
                return PolicyIndex(policy_id), None
            raise StoreError(f"no policy {policy_id!r} in the repository", str(self.root)) from None
        try:
            with os.fdopen(fd, "rb") as handle:
                stamp = _stamp(os.fstat(handle.fileno()))
                raw = handle.read()
        except OSError as error:
            raise StoreError(f"cannot read: {error.strerror}", str(path)) from None
        cache = self._parsed.setdefault(policy_id, {})
        try:
            index = PolicyIndex.from_bytes(policy_id, raw, str(path), cache)
        except StoreError as error:
            hint = (
                ""
                if "repair" in error.what
                else f"; rebuild it from the revision files with 'policyversions repair "
                f"{policy_id}'"
            )
            raise StoreError(f"{error.what}{hint}", error.where) from None
        digest = hashlib.sha256(raw).hexdigest()
        self._indexes[policy_id] = (stamp, index, digest)
        return index, digest

    def for_writing(self, policy_id: str) -> PolicyIndex:
        """The index, after checking that its head seals it (a new policy has neither):
        record refuses to build on an index changed, replaced or rolled back by anyone else."""
        index, digest = self.read_with_digest(policy_id, missing_ok=True)
        directory = policy_dir(self.root, policy_id)
        head_path = directory / HEAD_NAME
        try:
            raw = read_bytes(head_path)
        except StoreError as error:
            if error.what != "no such file":
                raise
            if not index.revisions:
                return index
            raise StoreError(
                f"the index of {policy_id!r} has no head ({HEAD_NAME}): it was copied or "
                "restored without it, so nothing shows it is whole; nothing recorded: run "
                f"'policyversions verify', then 'policyversions repair {policy_id}'",
                str(head_path),
            ) from None
        head = Head.from_bytes(policy_id, raw, str(head_path))
        revisions = index.revisions
        count = len(revisions)
        if count == 0 and digest is None and head.revisions == 0:
            return index  # a first record interrupted before its index: start again
        if head.revisions == count and digest is not None:
            sealed = revisions[-1].chain if revisions else genesis(policy_id)
            if head.chain == sealed and head.index_sha256 == digest:
                return index
            why = "its bytes are not those sealed by the head"
        elif head.revisions == count - 1:
            before = revisions[-2].chain if count > 1 else genesis(policy_id)
            last = revisions[-1]
            if head.chain == before and link(before, last.entry()) == last.chain:
                return index  # a record interrupted after the index, before the head
            why = "its last revisions do not follow the head"
        elif head.revisions > count:
            why = f"the head seals {head.revisions} revisions, the index holds {count}"
        else:
            why = f"the index holds {count} revisions, the head seals {head.revisions}"
        raise StoreError(
            f"the index of {policy_id!r} does not match its head: {why}; it was changed, "
            "replaced or rolled back outside policyversions, and nothing was recorded: run "
            f"'policyversions verify', then 'policyversions repair {policy_id}'",
            str(directory / INDEX_NAME),
        )

    def written(self, policy_id: str, path: Path, index: PolicyIndex, data: bytes) -> None:
        """Keep *index*, just written as *data* to *path*, as the policy's index."""
        self._indexes[policy_id] = (
            _stamp(os.lstat(path)),
            index,
            hashlib.sha256(data).hexdigest(),
        )

    def decision_history(
        self, policy_id: str, revisions: tuple[Revision, ...], upto: int
    ) -> DecisionHistory:
        """The decision history of revisions 1 to *upto* of *revisions* (a policy's whole
        history): the kept history of the whole history, extended with revisions added since;
        a fresh one for an earlier revision."""
        cached = self._histories.get(policy_id)
        if upto < len(revisions):
            if (
                cached is not None
                and len(cached[0]) == upto
                and (not upto or cached[0][-1] is revisions[upto - 1])
            ):
                return cached[1]
            fresh = DecisionHistory()
            for revision in revisions[:upto]:
                fresh.add_entry(revision.number, revision.decision, revision.decisions)
            return fresh
        known: tuple[Revision, ...] = ()
        folded = DecisionHistory()
        if cached is not None:
            count = len(cached[0])
            if count <= len(revisions) and (not count or cached[0][-1] is revisions[count - 1]):
                known, folded = cached
        try:
            for revision in revisions[len(known) :]:
                folded.add_entry(revision.number, revision.decision, revision.decisions)
        except BaseException:
            self._histories.pop(policy_id, None)
            raise
        self._histories[policy_id] = (revisions, folded)
        return folded

    def keep_decision_history(
        self, policy_id: str, revisions: tuple[Revision, ...], history: DecisionHistory
    ) -> None:
        """Keep *history* as the decision history of *revisions*, the policy's whole history."""
        self._histories[policy_id] = (revisions, history)

    def forget_decision_history(self, policy_id: str) -> None:
        """Drop the policy's kept decision history (a record that changed it failed)."""
        self._histories.pop(policy_id, None)

    def forget(self, policy_id: str) -> None:
        """Drop the policy's kept index and decision history (its index was rebuilt)."""
        self._indexes.pop(policy_id, None)
        self._histories.pop(policy_id, None)


__all__ = ["PolicyIndexes", "lost_index"]
