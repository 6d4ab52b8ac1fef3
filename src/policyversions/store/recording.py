"""Recording a revision: the all-or-nothing transaction behind :meth:`Repository.record` and
:meth:`~Repository.repeal`.

:meth:`Recorder.record` checks its arguments, takes the writers' lock, reads the index (checked
against its head: :meth:`~policyversions.store.indexes.PolicyIndexes.for_writing`) and the
latest text, refuses an identical text, applies the rules of
:mod:`~policyversions.store.decisions`, carries node ids over
(:mod:`~policyversions.store.identity`), refuses a revision whose XML would be too large to read
back, then writes the revision file, the index and the head, each atomically, in that order.
The package docstring (:mod:`policyversions.store`) says what a writer killed at any moment
leaves behind.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import attrs

from ..formats.policyxml import MAX_XML_BYTES, to_xml
from ..model import Action, Decision, Policy, policy_language
from .coerce import as_date, as_note
from .decisions import RecordedDecisions, effective_start, record_decisions
from .errors import RefusedError, StoreError
from .files import WriterLock, check_real_directories, make_dirs, write_atomic
from .identity import carry_ids, text_key
from .indexes import PolicyIndexes
from .layout import LOCK_NAME, POLICIES_DIR, checked_policy_dir
from .repair import file_name
from .revision import Head, PolicyIndex, Revision, genesis
from .revisionfiles import read_stored
from .slugs import check_policy_id
from .verify import HEAD_NAME, INDEX_NAME


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MiB" if count >= 1 << 20 else f"{count} bytes"


class Recorder:
    """Records revisions in the repository at *root*, reading its indexes through *indexes*.

    It keeps the text of the last revision it recorded per policy, so that recording many
    revisions in a row need not read the previous one back.
    """

    def __init__(self, root: Path, indexes: PolicyIndexes) -> None:
        self.root = root
        self.indexes = indexes
        # The text of the last revision recorded per policy, keyed by its SHA-256.
        self._written: dict[str, tuple[str, Policy]] = {}

    def record(
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
        lock_timeout: float,
    ) -> Revision:
        """Record *policy* as the next revision of *policy_id* under *given*, by the rules of
        :meth:`Repository.record`; a *policy* of ``None`` records the latest text again (a
        repeal), read under the lock like the rest of the history. Waiting for the writers'
        lock longer than *lock_timeout* seconds raises :class:`ConflictError`."""
        check_policy_id(policy_id)
        effective_date = as_date(effective, "the effective date (--effective)")
        note_text = as_note(note)
        check_real_directories(self.root, [POLICIES_DIR])
        make_dirs(self.root / POLICIES_DIR)
        with WriterLock(self.root / LOCK_NAME, lock_timeout):
            index = self.indexes.for_writing(policy_id)
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
            decisions = self.indexes.decision_history(policy_id, revisions, len(revisions))
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
                revision, carried, data, used = _prepare(
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
                self.indexes.written(policy_id, index_path, updated, index_bytes)
                write_atomic(directory / HEAD_NAME, Head.of(updated, index_bytes).to_bytes())
            except BaseException:
                self.indexes.forget_decision_history(policy_id)
                raise
            self.indexes.keep_decision_history(policy_id, updated.revisions, decisions)
            self._written[policy_id] = (revision.sha256, carried)
        return revision

    def _previous(self, revision: Revision) -> Policy:
        """The text of *revision* as stored: as this object wrote it, if it did, else read and
        checked."""
        written = self._written.get(revision.policy_id)
        if written is not None and written[0] == revision.sha256:
            return written[1]
        return read_stored(self.root, revision)

    def forget(self, policy_id: str) -> None:
        """Drop the text kept of the policy's last revision (its index was rebuilt)."""
        self._written.pop(policy_id, None)


def _prepare(
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


__all__ = ["Recorder"]
