"""The repository: many policies, each an ordered history of immutable revisions.

See the package docstring (:mod:`policyversions.store`) for the layout on disk and the rules of
:meth:`Repository.record`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from ..errors import PolicyVersionsError
from ..formats.policyjson import metadata_to_dict
from ..formats.policyxml import from_xml, to_xml
from ..importers.decision_text import parse_decision
from ..model import (
    Action,
    Commitment,
    CommitmentList,
    Decision,
    Node,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
)
from . import history
from .decisions import (
    DecisionIndex,
    check_decision,
    full_decisions,
    recorded_history,
    same_decision,
    stored_decisions,
)
from .errors import IntegrityError, RefusedError, StoreError
from .files import WriterLock, make_dirs, read_bytes, write_atomic
from .history import BlameEntry, NodeVersion
from .identity import carry_ids
from .refs import (
    MARKER,
    Rev,
    find_root,
    is_repository,
    parse_ref,
    parse_rev,
)
from .revision import PolicyIndex, Revision
from .slugs import check_policy_id, is_policy_id
from .verify import INDEX_NAME, VerifyReport, verify

REPOSITORY_FORMAT: Final = "policyversions-repository"
REPOSITORY_VERSION: Final = 1
LOCK_NAME: Final = ".lock"
POLICIES_DIR: Final = "policies"
_MAX_SLUG_IN_NAME: Final = 80

_README: Final = """\
This directory is a policyversions repository: the version history of policy documents.

policyversions.json      marks the repository (format and version)
policies/<id>/           one directory per policy ('/' in a policy id nests directories)
    index.json           the history, in order: for each revision its number, file name,
                         SHA-256 of the file, decision, effective date, time recorded and
                         the node ids it added, changed, moved and removed
    0001-<decision>.xml  revision 1, in the policyversions XML format (never changed)
    0002-<decision>.xml  revision 2, ...: the text, its decision and any decision the text
                         cites that index.json does not hold (the decision history of a
                         revision is the decisions of index.json up to it, with these)
.lock                    taken by writers (may be deleted when nobody writes)

Revision files never change once written; only index.json is replaced (atomically) when a
revision is recorded. Check every file against its SHA-256 with: policyversions verify
"""


def _as_decision(decision: Decision | str) -> Decision:
    if isinstance(decision, Decision):
        return decision
    if isinstance(decision, str):
        return parse_decision(decision)
    raise StoreError(f"a decision must be a Decision or text, got {type(decision).__name__}")


def _as_date(value: datetime.date | str | None, what: str) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise StoreError(f"{what} must be a date YYYY-MM-DD, got {value!r}") from None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    raise StoreError(f"{what} must be a date, got {value!r}")


def text_key(policy: Policy) -> str:
    """A SHA-256 of *policy*'s text (title, metadata, body structure and texts), ignoring node
    ids and decisions: equal exactly when two texts differ at most in ids and decisions.

    Not :func:`~policyversions.formats.digest.policy_digest` of the text with positional ids and no
    decisions, which gives the same answer: rebuilding the tree makes that eight times slower,
    and :meth:`Repository.record` computes this twice."""

    def shape(nodes: Iterable[Node]) -> list[object]:
        result: list[object] = []
        for node in nodes:
            if isinstance(node, Section):
                result.append(["s", node.number, node.heading, shape(node.children)])
            elif isinstance(node, CommitmentList):
                result.append(["l", node.lead_in, node.wrap_up, node.style, shape(node.items)])
            elif isinstance(node, Paragraph):
                result.append(["p", node.text])
            elif isinstance(node, Commitment):
                sublist = None if node.sublist is None else shape((node.sublist,))
                result.append(["c", node.label, node.text, sublist])
            elif isinstance(node, Table):
                result.append(["t", node.caption, shape(node.rows)])
            elif isinstance(node, Row):
                result.append(["r", node.header, shape(node.cells)])
            else:
                result.append(["x", node.text])
        return result

    data = [policy.title, metadata_to_dict(policy.metadata), shape(policy.body)]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stamp(status: os.stat_result) -> tuple[int, int, int, int]:
    """What tells one version of an index file from another (see ``Repository._index``)."""
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


class Repository:
    """A policyversions repository on disk; create with :meth:`init`, open with :meth:`open`.

    >>> repo = Repository.init(tmp_path / "styrdokument")  # doctest: +SKIP
    >>> rev = repo.record("it-policy", policy, "Antagen KF 2020-03-02 § 12")  # doctest: +SKIP
    >>> repo.log("it-policy")[-1] == rev  # doctest: +SKIP
    True
    """

    def __init__(self, root: Path, *, lock_timeout: float = 30.0) -> None:
        self.root = root
        self.lock_timeout = lock_timeout
        # The text of the last revision this object recorded per policy, keyed by its SHA-256,
        # so that recording many revisions in a row need not re-read the previous one.
        self._written: dict[str, tuple[str, Policy]] = {}
        # Index entries already read, per policy: see PolicyIndex.from_bytes.
        self._parsed: dict[str, dict[int, tuple[Any, Revision]]] = {}
        # The index last read or written per policy, with the (inode, size, mtime, ctime) of
        # its file then: reused while the file is unchanged (see _index).
        self._indexes: dict[str, tuple[tuple[int, int, int, int], PolicyIndex]] = {}
        # The decisions of each policy's history by key, for record's look-ups.
        self._decision_indexes: dict[str, DecisionIndex] = {}

    def __repr__(self) -> str:
        return f"Repository({str(self.root)!r})"

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def init(cls, path: str | os.PathLike[str]) -> Repository:
        """Create an empty repository in *path* (created if missing) and return it.

        Raises :class:`StoreError` when *path* already holds a repository.
        """
        root = Path(path)
        if is_repository(root):
            raise StoreError("already a policyversions repository", str(root))
        if root.exists() and not root.is_dir():
            raise StoreError("not a directory", str(root))
        make_dirs(root / POLICIES_DIR)
        write_atomic(root / "README.txt", _README.encode("utf-8"))
        write_atomic(root / ".gitignore", f"/{LOCK_NAME}\n.*.tmp\n".encode())
        marker = f'{{"format": "{REPOSITORY_FORMAT}", "version": {REPOSITORY_VERSION}}}\n'
        write_atomic(root / MARKER, marker.encode("utf-8"))  # last: a half-made one is no repo
        return cls(root)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Repository:
        """Open the repository in *path*; raise :class:`StoreError` if it is not one."""
        root = Path(path)
        marker = root / MARKER
        try:
            data = json.loads(marker.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            raise StoreError(f"not a policyversions repository: no {MARKER}", str(root)) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise StoreError(f"cannot read the repository marker: {error}", str(marker)) from None
        if not isinstance(data, dict) or data.get("format") != REPOSITORY_FORMAT:
            raise StoreError(f"not a {REPOSITORY_FORMAT} marker", str(marker))
        if data.get("version") != REPOSITORY_VERSION:
            raise StoreError(
                f"unsupported repository version {data.get('version')!r} "
                f"(this library reads version {REPOSITORY_VERSION})",
                str(marker),
            )
        return cls(root)

    @classmethod
    def find(
        cls,
        explicit: str | os.PathLike[str] | None = None,
        *,
        start: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Repository:
        """Open the repository given, else named by ``POLICYVERSIONS_REPO``, else the nearest
        one from *start* (the current directory) upwards; see :mod:`policyversions.store.refs`."""
        return cls.open(find_root(explicit, start=start, environ=environ))

    # -- paths and indexes ---------------------------------------------------------------------

    def policy_dir(self, policy_id: str) -> Path:
        """The directory of *policy_id* (which is checked first)."""
        return self.root.joinpath(POLICIES_DIR, *check_policy_id(policy_id).split("/"))

    def _index(self, policy_id: str, *, missing_ok: bool = False) -> PolicyIndex:
        """The policy's index, parsed again only when its file changed.

        Writers replace the index by rename, so a change by anyone gives the file a new inode
        (and, the index only growing, a new size); the parsed index is kept with the
        ``(st_ino, st_size, st_mtime_ns, st_ctime_ns)`` of the very file descriptor it was read
        from, and reused while a ``stat`` of the path gives the same.
        """
        path = self.policy_dir(policy_id) / INDEX_NAME
        cached = self._indexes.get(policy_id)
        try:
            if cached is not None and _stamp(os.stat(path)) == cached[0]:
                return cached[1]
            with open(path, "rb") as handle:
                stamp = _stamp(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            self._indexes.pop(policy_id, None)
            if missing_ok:
                return PolicyIndex(policy_id)
            raise StoreError(f"no policy {policy_id!r} in the repository", str(self.root)) from None
        except OSError as error:
            raise StoreError(f"cannot read: {error.strerror}", str(path)) from None
        cache = self._parsed.setdefault(policy_id, {})
        index = PolicyIndex.from_bytes(policy_id, raw, str(path), cache)
        self._indexes[policy_id] = (stamp, index)
        return index

    # -- reading -------------------------------------------------------------------------------

    def policies(self) -> list[str]:
        """The ids of every policy with at least one revision, sorted (a directory whose path
        is no policy id, such as ``policies`` itself, is not one, whatever it holds)."""
        base = self.root / POLICIES_DIR
        found = []
        for directory, _, files in os.walk(base):
            relative = Path(directory).relative_to(base).as_posix()
            if INDEX_NAME in files and is_policy_id(relative):
                found.append(relative)
        return sorted(found)

    def log(self, policy_id: str) -> list[Revision]:
        """Every revision of *policy_id* in order (numbers 1, 2, ...)."""
        return list(self._index(policy_id).revisions)

    def latest(self, policy_id: str) -> Revision:
        """The last recorded revision of *policy_id*."""
        revisions = self._index(policy_id).revisions
        if not revisions:
            raise StoreError(f"policy {policy_id!r} has no revisions")
        return revisions[-1]

    def revision(self, policy_id: str, ref: Rev | str | None = None) -> Revision:
        """The revision of *policy_id* named by *ref*.

        *ref* is ``None`` (the latest), a revision number, a date (the revision in force then;
        :class:`StoreError` when none is), a :class:`Decision`, or text that
        :func:`~policyversions.store.refs.parse_rev` reads (``"3"``, ``"2010-05-04"``,
        ``"KF-2007-06-18-118"``, ``"KF 2007-06-18 § 118"``).
        """
        revisions = self._index(policy_id).revisions
        if not revisions:
            raise StoreError(f"policy {policy_id!r} has no revisions")
        if ref is None:
            return revisions[-1]
        if isinstance(ref, str):
            ref = parse_rev(ref)
        if isinstance(ref, bool):
            raise StoreError(f"not a revision: {ref!r}")
        if isinstance(ref, int):
            if not 1 <= ref <= len(revisions):
                raise StoreError(
                    f"policy {policy_id!r} has no revision {ref} (it has 1 to {len(revisions)})"
                )
            return revisions[ref - 1]
        if isinstance(ref, Decision):
            for revision in reversed(revisions):
                if same_decision(revision.decision, ref):
                    return revision
            raise StoreError(f"no revision of {policy_id!r} was recorded under {ref}")
        if isinstance(ref, datetime.date):
            found = history.in_force(revisions, ref)
            if found is None:
                raise StoreError(f"no revision of {policy_id!r} was in force on {ref.isoformat()}")
            return found
        raise StoreError(f"not a revision: {ref!r}")

    def at(self, policy_id: str, date: datetime.date | str) -> Revision | None:
        """The revision of *policy_id* in force on *date*, or ``None`` (before the first one or
        after a repeal); see :mod:`policyversions.store.history`."""
        day = _as_date(date, "the date")
        assert day is not None
        return history.in_force(self._index(policy_id).revisions, day)

    def resolve(self, ref: str) -> Revision:
        """The revision named by ``POLICY[@REV]`` (see :mod:`policyversions.store.refs`)."""
        policy_id, rev = parse_ref(ref)
        return self.revision(policy_id, rev)

    def read(self, revision: Revision) -> Policy:
        """The policy text of *revision*, after checking its SHA-256, with its decision history
        (the decisions of the revisions up to it from the index, merged with those its file
        stores: :mod:`~policyversions.store.decisions`).

        Raises :class:`IntegrityError` when the file is missing, changed or unreadable.
        """
        stored = self._read_stored(revision)
        revisions = self._index(revision.policy_id).revisions
        decisions = full_decisions(revisions, revision, stored.decisions)
        if decisions == stored.decisions:
            return stored
        return attrs.evolve(stored, decisions=decisions)

    def _read_stored(self, revision: Revision) -> Policy:
        """The policy text of *revision* as its file holds it, after checking its SHA-256."""
        path = self.policy_dir(revision.policy_id) / revision.file
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

    def policy(self, policy_id: str, ref: Rev | str | None = None) -> Policy:
        """The policy text of the revision :meth:`revision` finds."""
        return self.read(self.revision(policy_id, ref))

    def blame(self, policy_id: str, rev: Rev | str | None = None) -> list[BlameEntry]:
        """For every node of a revision (default the latest), the revision that introduced it
        and the one that last changed it substantively; see :func:`history.blame`."""
        revisions = self._index(policy_id).revisions
        target = self.revision(policy_id, rev)
        return history.blame(revisions[: target.number], self.read(target))

    def node_history(self, policy_id: str, node_id: str) -> list[NodeVersion]:
        """The node's text in every revision that added, changed, moved or removed it."""
        return history.node_history(self._index(policy_id).revisions, node_id, self.read)

    def verify(self, *, deep: bool = False) -> VerifyReport:
        """Re-hash every revision; see :mod:`policyversions.store.verify`."""
        return verify(self.root, deep=deep)

    # -- writing -------------------------------------------------------------------------------

    def record(
        self,
        policy_id: str,
        policy: Policy,
        decision: Decision | str,
        effective: datetime.date | str | None = None,
        *,
        force: bool = False,
        late: bool = False,
    ) -> Revision:
        """Record *policy* as the next revision of *policy_id* under *decision*.

        See the package docstring for the rules: ids carried over, refusals
        (:class:`RefusedError`: identical text, a repeated decision, a decision dated before the
        latest one unless *late*, a text naming another decision; *force* overrides all but
        the date), the decision history it reads back with. Writers are serialised; waiting longer
        than ``lock_timeout`` raises :class:`ConflictError`.
        """
        if not isinstance(policy, Policy):
            raise StoreError(f"expected a Policy, got {type(policy).__name__}")
        return self._record(policy_id, policy, _as_decision(decision), effective, force, late)

    def _record(
        self,
        policy_id: str,
        policy: Policy | None,
        given: Decision,
        effective: datetime.date | str | None,
        force: bool,
        late: bool,
    ) -> Revision:
        """:meth:`record`; a *policy* of ``None`` records the latest text again (a repeal),
        read under the lock like the rest of the history."""
        check_policy_id(policy_id)
        effective_date = _as_date(effective, "the effective date")
        make_dirs(self.root / POLICIES_DIR)
        with WriterLock(self.root / LOCK_NAME, self.lock_timeout):
            index = self._index(policy_id, missing_ok=True)
            revisions = index.revisions
            previous = self._previous(revisions[-1]) if revisions else None
            if policy is None:
                if previous is None:
                    raise StoreError(f"no policy {policy_id!r} in the repository", str(self.root))
                decisions = full_decisions(revisions, revisions[-1], previous.decisions)
                policy = attrs.evolve(previous, decisions=decisions)
            known = self._decision_indexes.setdefault(policy_id, DecisionIndex())
            known.update(revisions)
            given, notes = self._check(policy_id, policy, given, known, previous, force, late)
            history = recorded_history(
                policy.decisions, given, None if previous is None else previous.decisions
            )
            decisions = stored_decisions(history, given, known.inherits(given))
            stored = attrs.evolve(policy, decisions=decisions)
            used = set(index.used_ids)
            carried, summary = carry_ids(previous, stored, used)
            data = to_xml(carried)
            number = len(revisions) + 1
            revision = Revision(
                policy_id=policy_id,
                number=number,
                decision=given,
                effective=effective_date,
                sha256=hashlib.sha256(data).hexdigest(),
                recorded=datetime.datetime.now(datetime.UTC),
                file=f"{number:04d}-{given.slug[:_MAX_SLUG_IN_NAME]}.xml",
                changes=summary,
                forced=force,
                late=late,
                notes=notes,
            )
            directory = self.policy_dir(policy_id)
            make_dirs(directory)
            write_atomic(directory / revision.file, data)  # first the revision, then the index
            updated = PolicyIndex(policy_id, (*revisions, revision), frozenset(used))
            index_path = directory / INDEX_NAME
            write_atomic(index_path, updated.to_bytes())
            self._indexes[policy_id] = (_stamp(os.stat(index_path)), updated)
            self._written[policy_id] = (revision.sha256, carried)
        return revision

    def _previous(self, revision: Revision) -> Policy:
        """The text of *revision* as stored: as this object wrote it, if it did, else read and
        checked."""
        written = self._written.get(revision.policy_id)
        if written is not None and written[0] == revision.sha256:
            return written[1]
        return self._read_stored(revision)

    def repeal(
        self,
        policy_id: str,
        decision: Decision | str,
        effective: datetime.date | str | None = None,
        *,
        late: bool = False,
    ) -> Revision:
        """Record that *decision* repealed *policy_id*: the latest text (read under the writers'
        lock), under a decision whose action is ``upphävd`` (set when the decision names none).
        The rules of :meth:`record` apply, unforced."""
        given = _as_decision(decision)
        if given.action is None:
            given = attrs.evolve(given, action=Action.REPEALED)
        elif given.action is not Action.REPEALED:
            raise StoreError(f"{given} does not repeal (its action is {given.action.value})")
        return self._record(policy_id, None, given, effective, False, late)

    @staticmethod
    def _check(
        policy_id: str,
        policy: Policy,
        given: Decision,
        known: DecisionIndex,
        previous: Policy | None,
        force: bool,
        late: bool,
    ) -> tuple[Decision, tuple[str, ...]]:
        """Apply the refusals of :meth:`record`; return *given* completed from the text, and
        the notes to keep with the revision (the decisions' part is
        :func:`~policyversions.store.decisions.check_decision`)."""
        stored = previous.decisions if previous is not None else ()
        given, notes = check_decision(policy_id, policy.decision, given, known, stored, force, late)
        revisions = known.revisions
        if (
            previous is not None
            and not force
            and given.action is not Action.REPEALED
            and text_key(policy) == text_key(previous)
        ):
            raise RefusedError(
                f"the text is identical to revision {revisions[-1].number} of {policy_id!r} "
                f"({revisions[-1].decision}): nothing to record (force=True, --force, records it)"
            )
        return given, notes


__all__ = ["LOCK_NAME", "POLICIES_DIR", "Repository", "text_key"]
