"""Rebuilding a policy's index from its revision files, after it was lost or damaged.

A revision file holds the revision's text and the decisions its record brought to the history
(:mod:`~policyversions.store.decisions`); its name holds its number and the slug of the decision
it was recorded under, and each decision its effective date. So the files alone give back the
history: :func:`rebuild` reads files ``0001-…`` to ``N-…`` (no gap allowed), takes the decision
whose slug the name carries as the one recorded under, folds the decisions (refusing
contradictions), recomputes each revision's changes from the texts (by node id, as recording
did), its title and language, and every id used, then writes the index (with its hash chain)
and the head.

What only the index knew is taken from the old index where its entry names the same file with
the same SHA-256 (any readable index, of this version or the one before hash chains): the time
recorded, ``forced`` and ``late``, warnings and the note. A revision whose entry is rebuilt from
its file alone is *restored*: its time recorded is the file's modification time, ``forced`` and
``late`` are worked out (a repeated decision or identical text; a decision dated before an
earlier revision's), and a warning says so. Nothing is thrown away: the replaced index is kept
as ``index.json.replaced-<UTC time>`` (an orphan to :func:`~policyversions.store.verify.verify`),
and a sound index (the same bytes, a matching head) is left untouched.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import stat
from pathlib import Path

import attrs

from ..errors import PolicyVersionsError
from ..formats.policyxml import from_xml
from ..model import Action, Decision, Policy, policy_language
from .decisions import DecisionHistory, decision_start, same_decision
from .errors import IntegrityError, StoreError
from .files import kind_of, read_bytes, write_atomic
from .identity import carry_ids, summarise, text_key
from .revision import REVISION_FILE, Head, PolicyIndex, Revision, genesis
from .verify import HEAD_NAME, INDEX_NAME

MAX_SLUG_IN_NAME = 80
"""How much of a decision's slug a revision file name carries."""

RESTORED_WARNING = (
    "restored by repair from the revision file: the time recorded is the file's modification time"
)


@attrs.frozen
class RepairReport:
    """What :func:`rebuild` (``Repository.repair``) did for one policy.

    ``revisions`` is how many revisions the rebuilt index holds; ``written`` whether the index
    and head were rewritten (``False``: they were sound); ``restored`` the numbers of the
    revisions whose entries were rebuilt from their files alone (module docstring); ``kept``
    where the replaced index was kept, if there was one.
    """

    policy_id: str
    revisions: int
    written: bool
    restored: tuple[int, ...] = ()
    kept: str | None = None


def file_name(number: int, decision: Decision) -> str:
    """The name of revision file *number* recorded under *decision*."""
    return f"{number:04d}-{decision.slug[:MAX_SLUG_IN_NAME].rstrip('-')}.xml"


def rebuild(policy_id: str, directory: Path) -> RepairReport:
    """Rebuild the index and head of *policy_id* in *directory* (module docstring); the caller
    holds the writers' lock."""
    files = _revision_files(policy_id, directory)
    old, old_raw = _old_index(policy_id, directory)
    by_old = {r.number: r for r in old.revisions} if old is not None else {}
    rebuilt: list[Revision] = []
    restored: list[int] = []
    used: set[str] = set(old.used_ids) if old is not None else set()
    folded = DecisionHistory()
    previous: Policy | None = None
    chain = genesis(policy_id)
    for number, candidates in enumerate(files, start=1):
        known = by_old.get(number)
        name, data, text = _choose(policy_id, directory, number, candidates, known)
        if known is not None and (known.file, known.sha256) != (
            name,
            hashlib.sha256(data).hexdigest(),
        ):
            known = None
        given = _given_of(policy_id, name, text, known)
        if known is None:
            restored.append(number)
        revision = _entry(
            policy_id, directory / name, number, data, text, given, known, previous, rebuilt, folded
        ).linked(chain)
        chain = revision.chain
        used.update(node.id for node in text.walk())
        rebuilt.append(revision)
        previous = text
    index = PolicyIndex(policy_id, tuple(rebuilt), frozenset(used))
    index_bytes = index.to_bytes()
    head_bytes = Head.of(index, index_bytes).to_bytes()
    head_path = directory / HEAD_NAME
    try:
        old_head: bytes | None = read_bytes(head_path)
    except StoreError:
        old_head = None
    if old_raw == index_bytes and old_head == head_bytes:
        return RepairReport(policy_id, len(rebuilt), False)
    kept: str | None = None
    if old_raw is not None and old_raw != index_bytes:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        kept_path = directory / f"{INDEX_NAME}.replaced-{stamp}"
        write_atomic(kept_path, old_raw)
        kept = str(kept_path)
    write_atomic(directory / INDEX_NAME, index_bytes)
    write_atomic(head_path, head_bytes)
    return RepairReport(policy_id, len(rebuilt), True, tuple(restored), kept)


def _revision_files(policy_id: str, directory: Path) -> list[list[str]]:
    """The revision file names of *policy_id* by number, 1 to N with no gap."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except FileNotFoundError:
        raise StoreError(f"no policy {policy_id!r} in the repository", str(directory)) from None
    except OSError as error:
        raise StoreError(f"cannot read: {error.strerror}", str(directory)) from None
    by_number: dict[int, list[str]] = {}
    for entry in entries:
        match = REVISION_FILE.fullmatch(entry.name)
        if match is None:
            continue
        mode = entry.stat(follow_symlinks=False).st_mode
        if not stat.S_ISREG(mode):
            raise StoreError(
                f"{kind_of(mode)} where a revision file should be: remove it and repair again",
                entry.path,
            )
        by_number.setdefault(int(match["number"]), []).append(entry.name)
    if not by_number:
        raise StoreError(
            f"no revision files of {policy_id!r} to rebuild its index from", str(directory)
        )
    count = max(by_number)
    missing = [n for n in range(1, count + 1) if n not in by_number]
    if missing:
        raise StoreError(
            f"revision file {missing[0]} of {policy_id!r} is missing (files 1 to {count} are "
            "expected): the history cannot be rebuilt past it; restore the file from a backup",
            str(directory),
        )
    return [by_number[n] for n in range(1, count + 1)]


def _old_index(policy_id: str, directory: Path) -> tuple[PolicyIndex | None, bytes | None]:
    """The old index, if it reads (either version), and its bytes, if there are any."""
    try:
        raw = read_bytes(directory / INDEX_NAME)
    except StoreError:
        return None, None
    try:
        return PolicyIndex.from_bytes(policy_id, raw, INDEX_NAME, legacy=True), raw
    except StoreError:
        return None, raw


def _choose(
    policy_id: str, directory: Path, number: int, names: list[str], known: Revision | None
) -> tuple[str, bytes, Policy]:
    """The file of revision *number* among *names*: the only one, or the one the old index
    names; read and parsed."""
    if len(names) > 1:
        if known is None or known.file not in names:
            raise StoreError(
                f"revision {number} of {policy_id!r} has several files ({', '.join(names)}) and "
                "no readable index tells which one is recorded: move the others away and "
                "repair again",
                str(directory),
            )
        names = [known.file]
    name = names[0]
    path = directory / name
    data = read_bytes(path)
    try:
        text = from_xml(data, source=str(path))
    except PolicyVersionsError as error:
        raise StoreError(
            f"revision {number} of {policy_id!r} cannot be read ({error.what}): restore the "
            "file from a backup, then repair again",
            str(path),
        ) from None
    return name, data, text


def _given_of(policy_id: str, name: str, text: Policy, known: Revision | None) -> Decision:
    """The decision revision file *name* was recorded under: the one of its decisions whose
    slug its name carries (or the old index's, for a name made before slugs carried act and
    case numbers)."""
    match = REVISION_FILE.fullmatch(name)
    assert match is not None
    slug = match["slug"]
    exact = [d for d in text.decisions if d.slug[:MAX_SLUG_IN_NAME].rstrip("-") == slug]
    if len(exact) == 1:
        return exact[0]
    if known is not None:
        same = [d for d in text.decisions if same_decision(d, known.decision)]
        if len(same) == 1:
            return same[0]
    prefix = [d for d in text.decisions if d.slug.startswith(slug)]
    if len(prefix) == 1:
        return prefix[0]
    raise StoreError(
        f"cannot tell which decision {name} of {policy_id!r} was recorded under: none or "
        "several of its decisions have the slug its name carries"
    )


def _entry(
    policy_id: str,
    path: Path,
    number: int,
    data: bytes,
    text: Policy,
    given: Decision,
    known: Revision | None,
    previous: Policy | None,
    before: list[Revision],
    folded: DecisionHistory,
) -> Revision:
    """The index entry of the revision file at *path*, from the file and what *known* (the
    old entry, when it names the same bytes) adds."""
    try:
        folded.add_entry(number, given, text.decisions)
    except IntegrityError as error:
        raise StoreError(error.what, str(path)) from None
    changes = carry_ids(None, text, set())[1] if previous is None else summarise(previous, text)
    start = decision_start(given)
    if known is not None:
        recorded, forced, late = known.recorded, known.forced, known.late
        warnings, note = known.warnings, known.note
    else:
        recorded = datetime.datetime.fromtimestamp(os.lstat(path).st_mtime, datetime.UTC)
        repeated = any(same_decision(r.decision, given) for r in before)
        identical = (
            previous is not None
            and given.action is not Action.REPEALED
            and text_key(previous) == text_key(text)
        )
        forced = repeated or identical
        late = any(r.decided > start for r in before)
        warnings, note = (RESTORED_WARNING,), None
    return Revision(
        policy_id=policy_id,
        number=number,
        decision=given,
        sha256=hashlib.sha256(data).hexdigest(),
        recorded=recorded,
        file=path.name,
        decisions=text.decisions,
        title=text.title,
        language=policy_language(text),
        changes=changes,
        forced=forced,
        late=late,
        retroactive=given.effective is not None and given.effective < start,
        warnings=tuple(warnings),
        note=note,
    )


__all__ = ["MAX_SLUG_IN_NAME", "RESTORED_WARNING", "RepairReport", "file_name", "rebuild"]
