"""The repository: many policies, each an ordered history of immutable revisions.

See the package docstring (:mod:`policyversions.store`) for the layout on disk and the rules of
:meth:`Repository.record`.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from ..formats.policyxml import MAX_XML_BYTES, to_xml
from ..model import (
    Action,
    Decision,
    Policy,
    policy_language,
)
from . import history
from .coerce import as_date, as_decision, as_note
from .decisions import (
    RecordedDecisions,
    effective_start,
    record_decisions,
    same_decision,
)
from .errors import RefusedError, StoreError
from .files import (
    WriterLock,
    check_real_directories,
    make_dirs,
    write_atomic,
)
from .history import BlameEntry, NodeVersion, Period, PolicySummary
from .identity import carry_ids, text_key
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
from .refs import (
    MARKER,
    Rev,
    find_root,
    is_repository,
    parse_ref,
    parse_rev,
)
from .repair import RepairReport, file_name, rebuild
from .revision import (
    Head,
    PolicyIndex,
    Revision,
    genesis,
)
from .revisionfiles import read_checked, read_stored
from .slugs import check_policy_id, is_policy_id
from .verify import HEAD_NAME, INDEX_NAME, VerifyReport, verify


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MiB" if count >= 1 << 20 else f"{count} bytes"


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
        self._indexes = PolicyIndexes(root)

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
        return self._record(
            policy_id,
            policy,
            as_decision(decision),
            effective,
            force=force,
            late=late,
            retroactive=retroactive,
            strict=strict,
            note=note,
        )

    def _record(
        self,
        policy_id: str,
        policy: Policy | None,
        given: Decision,
        effective: datetime.date | str | None,
        *,
        force: bool,
        late: bool,
        retroactive: bool,
        strict: bool,
        note: str | None,
    ) -> Revision:
        """:meth:`record`; a *policy* of ``None`` records the latest text again (a repeal),
        read under the lock like the rest of the history."""
        check_policy_id(policy_id)
        effective_date = as_date(effective, "the effective date (--effective)")
        note_text = as_note(note)
        check_real_directories(self.root, [POLICIES_DIR])
        make_dirs(self.root / POLICIES_DIR)
        with WriterLock(self.root / LOCK_NAME, self.lock_timeout):
            index = self._indexes.for_writing(policy_id)
            revisions = index.revisions
            previous = self._previous(revisions[-1]) if revisions else None
            repeal = policy is None
            if policy is None:
                if previous is None:
                    raise StoreError(f"no policy {policy_id!r} in the repository", str(self.root))
                policy = attrs.evolve(previous, decisions=())
            number = len(revisions) + 1
            if (
                previous is not None
                and not force
                and given.action is not Action.REPEALED
                and text_key(policy) == text_key(previous)
            ):
                raise RefusedError(
                    f"the text is identical to revision {revisions[-1].number} of {policy_id!r} "
                    f"({revisions[-1].decision.citation}): nothing to record (--force records "
                    "it)"
                )
            decisions = self._indexes.decision_history(policy_id, revisions, len(revisions))
            try:
                decided = record_decisions(
                    policy_id,
                    decisions,
                    number,
                    policy.decisions,
                    given,
                    effective_date,
                    force=force,
                    late=late,
                    retroactive=retroactive,
                    strict=strict,
                    repeal=repeal,
                )
                warnings = list(decided.warnings)
                if late and previous is not None:
                    latest = max(revisions, key=lambda r: (r.in_force_from, r.number))
                    if effective_start(decided.given) < latest.in_force_from:
                        warnings.append(
                            f"a late registration taking effect "
                            f"({effective_start(decided.given).isoformat()}) before revision "
                            f"{latest.number} ({latest.in_force_from.isoformat()}), whose text "
                            "it includes: give the date it takes effect with --effective"
                        )
                        if strict:
                            raise RefusedError(f"{warnings[-1]} (refused: --strict)")
                revision, carried, data, used = self._prepare(
                    policy_id, policy, previous, index, decided, number
                )
                revision = attrs.evolve(
                    revision,
                    forced=force,
                    late=late,
                    retroactive=decided.retroactive,
                    warnings=tuple(warnings),
                    note=note_text,
                ).linked(revisions[-1].chain if revisions else genesis(policy_id))
                directory = checked_policy_dir(self.root, policy_id)
                make_dirs(directory)
                if not revisions and not (directory / HEAD_NAME).exists():
                    # A new policy gets a head of no revision first, so that a revision file
                    # without an index is an interrupted first record, never a lost index.
                    empty = PolicyIndex(policy_id)
                    write_atomic(directory / HEAD_NAME, Head.of(empty, empty.to_bytes()).to_bytes())
                write_atomic(directory / revision.file, data)  # the revision, index, then head
                updated = PolicyIndex(policy_id, (*revisions, revision), frozenset(used))
                index_bytes = updated.to_bytes()
                index_path = directory / INDEX_NAME
                write_atomic(index_path, index_bytes)
                self._indexes.written(policy_id, index_path, updated, index_bytes)
                write_atomic(directory / HEAD_NAME, Head.of(updated, index_bytes).to_bytes())
            except BaseException:
                self._indexes.forget_decision_history(policy_id)
                raise
            self._indexes.keep_decision_history(policy_id, updated.revisions, decisions)
            self._written[policy_id] = (revision.sha256, carried)
        return revision

    def _prepare(
        self,
        policy_id: str,
        policy: Policy,
        previous: Policy | None,
        index: PolicyIndex,
        decided: RecordedDecisions,
        number: int,
    ) -> tuple[Revision, Policy, bytes, set[str]]:
        """The new revision (not yet chained), its text with ids carried over, its bytes and
        the ids used so far; refuses a text whose XML is over the size reading allows."""
        stored = attrs.evolve(policy, decisions=decided.stored)
        used = set(index.used_ids)
        carried, summary = carry_ids(previous, stored, used)
        data = to_xml(carried)
        if len(data) > MAX_XML_BYTES:
            raise StoreError(
                f"the revision would be stored as {_size(len(data))} of XML, over the limit of "
                f"{_size(MAX_XML_BYTES)} that reading allows: nothing recorded"
            )
        given = decided.given
        revision = Revision(
            policy_id=policy_id,
            number=number,
            decision=given,
            sha256=hashlib.sha256(data).hexdigest(),
            recorded=datetime.datetime.now(datetime.UTC),
            file=file_name(number, given),
            decisions=decided.stored,
            title=carried.title,
            language=policy_language(carried),
            changes=summary,
        )
        return revision, carried, data, used

    def _previous(self, revision: Revision) -> Policy:
        """The text of *revision* as stored: as this object wrote it, if it did, else read and
        checked."""
        written = self._written.get(revision.policy_id)
        if written is not None and written[0] == revision.sha256:
            return written[1]
        return read_stored(self.root, revision)

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
        return self._record(
            policy_id,
            None,
            given,
            effective,
            force=False,
            late=late,
            retroactive=retroactive,
            strict=strict,
            note=note,
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
            self._written.pop(policy_id, None)
            return report


__all__ = ["LOCK_NAME", "POLICIES_DIR", "RepairReport", "Repository", "text_key"]
