"""Checking a repository: every revision against its recorded SHA-256, every index against its
hash chain and head, and every entry of the ``policies`` folder.

:func:`verify` walks the ``policies`` folder without following symbolic links, reads every
policy index, checks its hash chain and its head (:mod:`~policyversions.store.revision`),
re-hashes every revision file it names and reports, per problem, the policy, revision number,
path and what is wrong:

``changed``     the file's SHA-256 is not the one recorded (a flipped byte, a truncation);
``missing``     the index names a file that is not there, or a policy folder holds revision
                files but no index (a lost index: ``policyversions repair`` rebuilds it);
``unreadable``  a file or folder cannot be read, is not a regular file (a FIFO, a device), or
                the index is corrupt;
``index``       the index was changed outside policyversions: its hash chain breaks at an entry
                (a forged decision or effective date, a file repointed to another revision), it
                does not match its head (a dropped last revision, a changed byte anywhere in it),
                its head is missing or damaged, or an entry names another revision's file;
``symlink``     a symbolic link anywhere under ``policies`` (the store never follows one);
``invalid``     (``deep=True`` only) the bytes hash right but do not read as our XML, or do not
                hold what the index says of them (decisions, title, language, changes), or the
                decisions of the history contradict each other.

Files in a policy directory that no index names (a revision file or a temporary file left by a
writer killed before it replaced the index, an index kept by ``repair``) are *orphans*: listed,
but not problems, since history never reaches them. A head one revision behind an index whose
last entry follows it (a writer killed between the two), and a head of no revision without an
index (a policy's first record killed before its index: a new policy gets its head first) are
*notes*, not problems.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import attrs

from ..errors import PolicyVersionsError
from ..formats.policyxml import from_xml
from ..model import Policy, policy_language
from .decisions import DecisionHistory
from .errors import IntegrityError, StoreError
from .files import kind_of, read_bytes
from .identity import carry_ids, summarise
from .revision import REVISION_FILE, Head, PolicyIndex, Revision, check_chain, genesis, link
from .slugs import is_policy_id

INDEX_NAME = "index.json"
HEAD_NAME = "head.json"
ProblemKind = Literal["changed", "missing", "unreadable", "index", "symlink", "invalid"]


@attrs.frozen
class Problem:
    """One thing wrong with a stored revision, an index or an entry of the repository."""

    policy_id: str
    number: int | None
    path: str
    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        where = self.policy_id if self.number is None else f"{self.policy_id}@{self.number}"
        return f"{self.kind}: {where}: {self.message} ({self.path})"


@attrs.frozen
class VerifyReport:
    """What :func:`verify` found: ``ok`` when there is no problem (orphans and notes are not
    problems)."""

    policies: int
    revisions: int
    problems: tuple[Problem, ...] = ()
    orphans: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    bytes_read: int = 0

    @property
    def ok(self) -> bool:
        """Whether every revision is present and matches its SHA-256, and every index holds."""
        return not self.problems


def _walk(base: Path, problems: list[Problem]) -> Iterator[tuple[Path, str, set[str]]]:
    """Every folder under *base* (itself included) with its relative path and the names of
    the regular files in it; symbolic links, other special files and unreadable folders are
    reported in *problems*, never followed."""
    stack = [base]
    while stack:
        here = stack.pop()
        relative = here.relative_to(base).as_posix()
        shown = relative if relative != "." else "(policies)"
        try:
            entries = sorted(os.scandir(here), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(
                Problem(shown, None, str(here), "unreadable", f"cannot read: {error.strerror}")
            )
            continue
        names: set[str] = set()
        folders: list[Path] = []
        for entry in entries:
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as error:
                problems.append(
                    Problem(shown, None, entry.path, "unreadable", f"cannot read: {error.strerror}")
                )
                continue
            if stat.S_ISLNK(mode):
                problems.append(
                    Problem(
                        shown,
                        None,
                        entry.path,
                        "symlink",
                        "a symbolic link: the store never follows one (replace it by a real "
                        "file or folder, or remove it)",
                    )
                )
            elif stat.S_ISDIR(mode):
                folders.append(Path(entry.path))
            elif stat.S_ISREG(mode):
                names.add(entry.name)
            else:
                problems.append(
                    Problem(
                        shown,
                        None,
                        entry.path,
                        "unreadable",
                        f"{kind_of(mode)}, not a regular file",
                    )
                )
        yield here, relative, names
        stack.extend(reversed(folders))


def verify(root: Path, *, deep: bool = False) -> VerifyReport:
    """Check every policy under *root*'s ``policies`` directory (module docstring)."""
    base = root / "policies"
    problems: list[Problem] = []
    orphans: list[str] = []
    notes: list[str] = []
    policies = revisions = 0
    read = 0
    try:
        mode = os.lstat(base).st_mode
    except FileNotFoundError:
        return VerifyReport(0, 0)
    except OSError as error:
        problem = Problem("(policies)", None, str(base), "unreadable", str(error.strerror))
        return VerifyReport(0, 0, (problem,))
    if stat.S_ISLNK(mode):
        message = "a symbolic link: the store never follows one"
        return VerifyReport(0, 0, (Problem("(policies)", None, str(base), "symlink", message),))
    for here, relative, names in _walk(base, problems):
        revision_files = sorted(name for name in names if REVISION_FILE.fullmatch(name))
        if INDEX_NAME not in names:
            if is_policy_id(relative) and _no_revision_yet(here, relative, names):
                notes.append(
                    f"{relative}: its first record was interrupted before writing the index: "
                    "nothing was recorded (the next record starts again)"
                )
                orphans.extend(str(here / name) for name in sorted(names - {HEAD_NAME}))
            elif is_policy_id(relative) and (revision_files or HEAD_NAME in names):
                policies += 1
                problems.append(
                    Problem(
                        relative,
                        None,
                        str(here / INDEX_NAME),
                        "missing",
                        f"the index is missing but the folder holds {len(revision_files)} "
                        f"revision file(s): rebuild it with 'policyversions repair {relative}' "
                        "(or remove the files if nothing was ever recorded)",
                    )
                )
            else:
                orphans.extend(str(here / name) for name in sorted(names))
            continue
        if not is_policy_id(relative):
            orphans.extend(str(here / name) for name in sorted(names))
            continue
        policies += 1
        checker = _PolicyCheck(relative, here, names, deep, problems, notes)
        revisions += checker.run()
        read += checker.bytes_read
        orphans.extend(str(here / name) for name in sorted(names - checker.named))
    return VerifyReport(policies, revisions, tuple(problems), tuple(orphans), tuple(notes), read)


def _no_revision_yet(here: Path, policy_id: str, names: set[str]) -> bool:
    """Whether the folder holds a head of no revision (a new policy's first record)."""
    if HEAD_NAME not in names:
        return False
    try:
        head = Head.from_bytes(policy_id, read_bytes(here / HEAD_NAME), HEAD_NAME)
    except StoreError:
        return False
    return head.revisions == 0


class _PolicyCheck:
    """The checks of one policy folder (module docstring)."""

    def __init__(
        self,
        policy_id: str,
        here: Path,
        names: set[str],
        deep: bool,
        problems: list[Problem],
        notes: list[str],
    ) -> None:
        self.policy_id = policy_id
        self.here = here
        self.names = names
        self.deep = deep
        self.problems = problems
        self.notes = notes
        self.named = {INDEX_NAME, HEAD_NAME}
        self.bytes_read = 0

    def problem(self, number: int | None, path: Path, kind: ProblemKind, message: str) -> None:
        self.problems.append(Problem(self.policy_id, number, str(path), kind, message))

    def run(self) -> int:
        """Check the policy; return the number of revisions its index holds."""
        index_path = self.here / INDEX_NAME
        try:
            raw = read_bytes(index_path)
            index = PolicyIndex.from_bytes(self.policy_id, raw, str(index_path))
        except StoreError as error:
            self.problem(None, index_path, "unreadable", str(error))
            return 0
        self.bytes_read += len(raw)
        broken = check_chain(index)
        if broken is not None:
            self.problem(broken[0], index_path, "index", broken[1])
        self.check_head(index, raw)
        seen: dict[str, int] = {}
        history = DecisionHistory()
        previous: Policy | None = None
        for revision in index.revisions:
            path = self.here / revision.file
            self.named.add(revision.file)
            match = REVISION_FILE.fullmatch(revision.file)
            if match is None or int(match["number"]) != revision.number:
                self.problem(
                    revision.number,
                    index_path,
                    "index",
                    f"the entry names {revision.file}, the file of another revision",
                )
            if revision.file in seen:
                self.problem(
                    revision.number,
                    index_path,
                    "index",
                    f"the entry names {revision.file}, already named by revision "
                    f"{seen[revision.file]}",
                )
            seen.setdefault(revision.file, revision.number)
            try:
                data = read_bytes(path)
            except StoreError as error:
                kind: ProblemKind = "missing" if error.what == "no such file" else "unreadable"
                what = "file is missing" if kind == "missing" else error.what
                self.problem(revision.number, path, kind, what)
                previous = None
                continue
            self.bytes_read += len(data)
            actual = hashlib.sha256(data).hexdigest()
            if actual != revision.sha256:
                self.problem(
                    revision.number,
                    path,
                    "changed",
                    f"SHA-256 is {actual[:12]}…, recorded {revision.sha256[:12]}…",
                )
                previous = None
                continue
            if self.deep:
                previous = self.check_text(revision, path, data, previous, history)
        return len(index.revisions)

    def check_head(self, index: PolicyIndex, raw: bytes) -> None:
        """The head must seal the index (module docstring)."""
        head_path = self.here / HEAD_NAME
        try:
            head = Head.from_bytes(self.policy_id, read_bytes(head_path), str(head_path))
        except StoreError as error:
            what = (
                "the index has no head: it was copied or restored without it, or its last "
                "revision was dropped with it"
                if error.what == "no such file"
                else error.what
            )
            self.problem(None, head_path, "index", what)
            return
        revisions = index.revisions
        count = len(revisions)
        if head.revisions == count:
            expected = Head.of(index, raw)
            if head.chain != expected.chain:
                self.problem(
                    None,
                    head_path,
                    "index",
                    "the head does not seal the index's last revision (the index was rewritten)",
                )
            elif head.index_sha256 != expected.index_sha256:
                self.problem(
                    None,
                    self.here / INDEX_NAME,
                    "index",
                    "the index's bytes are not those its head sealed (changed by hand?)",
                )
            return
        if head.revisions == count - 1:
            before = revisions[-2].chain if count > 1 else genesis(self.policy_id)
            last = revisions[-1]
            if head.chain == before and link(before, last.entry()) == last.chain:
                self.notes.append(
                    f"{self.policy_id}: the head is one revision behind the index (a record "
                    "interrupted after writing the index): the next record brings it up to date"
                )
                return
        if head.revisions > count:
            message = (
                f"the head seals {head.revisions} revisions but the index holds {count}: "
                f"revision(s) {count + 1} to {head.revisions} were dropped from the index; "
                f"'policyversions repair {self.policy_id}' restores them from their files"
            )
        else:
            message = f"the index holds {count} revisions but its head seals {head.revisions}"
        self.problem(None, self.here / INDEX_NAME, "index", message)

    def check_text(
        self,
        revision: Revision,
        path: Path,
        data: bytes,
        previous: Policy | None,
        history: DecisionHistory,
    ) -> Policy | None:
        """``deep``: the file reads as our XML and holds what the index says of it."""
        try:
            text = from_xml(data, source=str(path))
        except PolicyVersionsError as error:
            self.problem(revision.number, path, "invalid", str(error))
            return None
        wrong: list[str] = []
        if text.decisions != revision.decisions:
            wrong.append("decisions")
        if revision.decision not in text.decisions:
            wrong.append("the decision it was recorded under")
        if text.title != revision.title:
            wrong.append("title")
        if policy_language(text) != revision.language:
            wrong.append("language")
        changes = summarise(previous, text) if previous is not None else None
        if revision.number == 1:
            changes = carry_ids(None, text, set())[1]
        if changes is not None and changes != revision.changes:
            wrong.append("changes")
        if wrong:
            self.problem(
                revision.number,
                path,
                "invalid",
                f"the file and its index entry disagree on {', '.join(wrong)}",
            )
        try:
            history.add_entry(revision.number, revision.decision, revision.decisions)
        except IntegrityError as error:
            self.problem(revision.number, path, "invalid", error.what)
        return text


__all__ = ["HEAD_NAME", "INDEX_NAME", "Problem", "ProblemKind", "VerifyReport", "verify"]
