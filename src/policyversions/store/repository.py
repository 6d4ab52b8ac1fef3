"""The repository: many policies, each an ordered history of immutable revisions.

See the package docstring (:mod:`policyversions.store`) for the layout on disk and the rules of
:meth:`Repository.record`. A :class:`Repository` opens a repository, reads and lists its
revisions and records new ones: it reads indexes through :mod:`~policyversions.store.indexes`
and revision files through :mod:`~policyversions.store.revisionfiles`, and records through
:mod:`~policyversions.store.recording`.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from ..model import Action, Decision, Policy
from . import history
from .coerce import as_date, as_decision
from .decisions import same_decision
from .errors import StoreError
from .files import WriterLock, make_dirs, write_atomic
from .history import BlameEntry, NodeVersion, Period, PolicySummary
from .identity import text_key
from .indexes import PolicyIndexes, lost_index
from .layout import (
    LOCK_NAME,
    POLICIES_DIR,
    README,
    REPOSITORY_FORMAT,
    REPOSITORY_VERSION,
    checked_policy_dir,
    policy_dir,
)
from .recording import Recorder
from .refs import (
    MARKER,
    Rev,
    find_root,
    is_repository,
    parse_ref,
    parse_rev,
)
from .repair import RepairReport, rebuild
from .revision import Revision
from .revisionfiles import read_checked
from .slugs import check_policy_id, is_policy_id
from .verify import HEAD_NAME, INDEX_NAME, VerifyReport, verify


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
        self._indexes = PolicyIndexes(root)
        self._recorder = Recorder(root, self._indexes)

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
        write_atomic(root / "README.txt", README.encode("utf-8"))
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

    # -- paths ---------------------------------------------------------------------------------

    def policy_dir(self, policy_id: str) -> Path:
        """The directory of *policy_id* (which is checked first)."""
        return policy_dir(self.root, policy_id)

    # -- reading -------------------------------------------------------------------------------

    def policies(self) -> list[str]:
        """The ids of every policy with at least one revision (or a lost index), sorted (a
        directory whose path is no policy id, such as ``policies`` itself, is not one, whatever
        it holds; symbolic links are not followed)."""
        base = self.root / POLICIES_DIR
        found = []
        for directory, _, files in os.walk(base):
            relative = Path(directory).relative_to(base).as_posix()
            if not is_policy_id(relative):
                continue
            if INDEX_NAME in files or (
                HEAD_NAME in files and lost_index(relative, Path(directory)) is not None
            ):
                found.append(relative)  # a lost index too: reading it says to repair it
        return sorted(found)

    def summaries(self, today: datetime.date | None = None) -> list[PolicySummary]:
        """Every policy as ``policies`` lists it (:class:`~policyversions.store.history.
        PolicySummary`): title, status on *today* (default: today), latest decision and number
        of revisions, sorted by id."""
        day = datetime.date.today() if today is None else today
        result = []
        for policy_id in self.policies():
            revisions = self._indexes.read(policy_id).revisions
            if revisions:
                result.append(history.summary(policy_id, revisions, day))
        return result

    def log(self, policy_id: str) -> list[Revision]:
        """Every revision of *policy_id* in order (numbers 1, 2, ...)."""
        return list(self._indexes.read(policy_id).revisions)

    def periods(self, policy_id: str, today: datetime.date | None = None) -> list[Period]:
        """When each revision of *policy_id* held and its status on *today* (default: today),
        in recording order; see :func:`~policyversions.store.history.periods`."""
        day = datetime.date.today() if today is None else today
        return history.periods(self._indexes.read(policy_id).revisions, day)

    def latest(self, policy_id: str) -> Revision:
        """The last recorded revision of *policy_id*."""
        revisions = self._indexes.read(policy_id).revisions
        if not revisions:
            raise StoreError(f"policy {policy_id!r} has no revisions")
        return revisions[-1]

    def revision(self, policy_id: str, ref: Rev | str | None = None) -> Revision:
        """The revision of *policy_id* named by *ref*.

        *ref* is ``None`` (the latest), a revision number, a date (the revision in force then;
        :class:`StoreError` when none is), a :class:`Decision`, or text that
        :func:`~policyversions.store.refs.parse_rev` reads (``"3"``, ``"2010-05-04"``,
        ``"KF-2007-06-18-118"``, ``"KF 2007-06-18 § 118"``). A decision names the revision
        recorded under it (the latest one, when it was recorded again by force); a slug that is
        exactly a revision's decision slug names it, and a decision that fits the decisions of
        several revisions (``regeringen-2025`` when two acts of 2025 are recorded) is refused
        naming them.
        """
        revisions = self._indexes.read(policy_id).revisions
        if not revisions:
            raise StoreError(f"policy {policy_id!r} has no revisions")
        if ref is None:
            return revisions[-1]
        if isinstance(ref, str):
            exact = [r for r in revisions if r.decision.slug == ref.strip()]
            if exact:
                return exact[-1]
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
            found = [r for r in revisions if same_decision(r.decision, ref)]
            if not found:
                raise StoreError(f"no revision of {policy_id!r} was recorded under {ref}")
            distinct = {r.decision.slug: r for r in found}
            if len(distinct) > 1:
                named = ", ".join(
                    f"{r.decision.slug} (revision {r.number})" for r in distinct.values()
                )
                raise StoreError(
                    f"{ref} fits the decisions of several revisions of {policy_id!r}: {named}; "
                    "name one by its slug or number"
                )
            return found[-1]
        if isinstance(ref, datetime.date):
            found_at = history.in_force(revisions, ref)
            if found_at is None:
                raise StoreError(f"no revision of {policy_id!r} was in force on {ref.isoformat()}")
            return found_at
        raise StoreError(f"not a revision: {ref!r}")

    def at(self, policy_id: str, date: datetime.date | str) -> Revision | None:
        """The revision of *policy_id* in force on *date*, or ``None`` (before the first one or
        after a repeal); see :mod:`policyversions.store.history`."""
        day = as_date(date, "the date")
        assert day is not None
        return history.in_force(self._indexes.read(policy_id).revisions, day)

    def resolve(self, ref: str) -> Revision:
        """The revision named by ``POLICY[@REV]`` (see :mod:`policyversions.store.refs`)."""
        policy_id, at, rev = ref.partition("@")
        if at and rev.strip():
            check_policy_id(policy_id)
            return self.revision(policy_id, rev)
        policy_id, parsed = parse_ref(ref)
        return self.revision(policy_id, parsed)

    def read(self, revision: Revision) -> Policy:
        """The policy text of *revision*, after checking its SHA-256, with its decision history
        (every decision recorded with the revisions up to it, merged:
        :mod:`~policyversions.store.decisions`).

        Raises :class:`IntegrityError` when the file is missing, changed or unreadable, or does
        not hold the decisions its index entry names.
        """
        stored = read_checked(self.root, revision)
        revisions = self._indexes.read(revision.policy_id).revisions
        if not (revision.number <= len(revisions) and revisions[revision.number - 1] == revision):
            raise StoreError(
                f"revision {revision.ref} is not in the index of {revision.policy_id!r} as given"
            )
        decisions = self._indexes.decision_history(
            revision.policy_id, revisions, revision.number
        ).decisions()
        return attrs.evolve(stored, decisions=decisions)

    def policy(self, policy_id: str, ref: Rev | str | None = None) -> Policy:
        """The policy text of the revision :meth:`revision` finds."""
        return self.read(self.revision(policy_id, ref))

    def blame(self, policy_id: str, rev: Rev | str | None = None) -> list[BlameEntry]:
        """For every node of a revision (default the latest), the revision that introduced it,
        the one that last changed it substantively and the one that last moved it; see
        :func:`history.blame`."""
        revisions = self._indexes.read(policy_id).revisions
        target = self.revision(policy_id, rev)
        # Blame needs the text, not its decision history.
        return history.blame(revisions[: target.number], read_checked(self.root, target))

    def node_history(self, policy_id: str, node_id: str) -> list[NodeVersion]:
        """The node's text in every revision that added, changed, moved or removed it, with
        from when until when it held."""
        return history.node_history(
            self._indexes.read(policy_id).revisions,
            node_id,
            functools.partial(read_checked, self.root),
        )

    def verify(self, *, deep: bool = False) -> VerifyReport:
        """Re-hash every revision and check every index; see :mod:`policyversions.store.verify`."""
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
        retroactive: bool = False,
        strict: bool = False,
        note: str | None = None,
    ) -> Revision:
        """Record *policy* as the next revision of *policy_id* under *decision*.

        See the package docstring for the rules: ids carried over, the decisions' checks and
        refusals (:class:`RefusedError`; :mod:`~policyversions.store.decisions`), the decision
        history it reads back with. *effective* is the date it takes effect (also read from the
        decision, ``..., gäller från 2025-07-01``, or the text's citation of it); *force*
        records an identical text, a repeated decision or a text naming a later decision;
        *late* a decision dated before the latest one; *retroactive* an effective date before
        the decision; *strict* refuses what would only be a warning (a stale header); *note*
        is kept with the revision. Writers are serialised; waiting longer than
        ``lock_timeout`` raises :class:`ConflictError`.
        """
        if not isinstance(policy, Policy):
            raise StoreError(f"expected a Policy, got {type(policy).__name__}")
        return self._recorder.record(
            policy_id,
            policy,
            as_decision(decision),
            effective,
            force=force,
            late=late,
            retroactive=retroactive,
            strict=strict,
            note=note,
            lock_timeout=self.lock_timeout,
        )

    def repeal(
        self,
        policy_id: str,
        decision: Decision | str,
        effective: datetime.date | str | None = None,
        *,
        late: bool = False,
        retroactive: bool = False,
        strict: bool = False,
        note: str | None = None,
    ) -> Revision:
        """Record that *decision* repealed *policy_id*: the latest text (read under the writers'
        lock), under a decision whose action is ``upphävd`` (set when the decision names none).
        The rules of :meth:`record` apply, unforced."""
        given = as_decision(decision)
        if given.action is None:
            given = attrs.evolve(given, action=Action.REPEALED)
        elif given.action is not Action.REPEALED:
            raise StoreError(f"{given} does not repeal (its action is {given.action.value})")
        return self._recorder.record(
            policy_id,
            None,
            given,
            effective,
            force=False,
            late=late,
            retroactive=retroactive,
            strict=strict,
            note=note,
            lock_timeout=self.lock_timeout,
        )

    # -- repair --------------------------------------------------------------------------------

    def repair(self, policy_id: str) -> RepairReport:
        """Rebuild the index and head of *policy_id* from its revision files (which hold the
        text and the decisions each record brought), keeping what a readable old index knows
        that the files do not (times recorded, warnings, notes) where its entry matches the
        file. A sound index is left as it is; a replaced one is kept beside it as
        ``index.json.replaced-<time>``. See :mod:`~policyversions.store.repair`.

        Raises :class:`StoreError` when the files cannot give a whole history: a revision file
        missing in the middle, two files for one number that no index tells apart, a file that
        does not read, decisions that contradict each other.
        """
        check_policy_id(policy_id)
        with WriterLock(self.root / LOCK_NAME, self.lock_timeout):
            directory = checked_policy_dir(self.root, policy_id)
            report = rebuild(policy_id, directory)
            self._indexes.forget(policy_id)
            self._recorder.forget(policy_id)
            return report


__all__ = ["LOCK_NAME", "POLICIES_DIR", "RepairReport", "Repository", "text_key"]
