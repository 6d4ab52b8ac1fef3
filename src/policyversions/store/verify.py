"""Checking a repository: every revision against its recorded SHA-256.

:func:`verify` reads every policy index, re-hashes every revision file it names and reports,
per problem, the policy, revision number, path and what is wrong:

``changed``     the file's SHA-256 is not the one recorded (a flipped byte, a truncation);
``missing``     the index names a file that is not there;
``unreadable``  the file or the index cannot be read, or the index is corrupt;
``invalid``     (``deep=True`` only) the bytes hash right but do not read as our XML.

Files in a policy directory that no index names (a revision file or a temporary file left by a
writer killed before it replaced the index, or a directory with revisions but no index) are
*orphans*: listed, but not problems, since history never reaches them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

import attrs

from ..errors import PolicyVersionsError
from ..formats.policyxml import from_xml
from .errors import StoreError
from .revision import PolicyIndex

INDEX_NAME = "index.json"
ProblemKind = Literal["changed", "missing", "unreadable", "invalid"]


@attrs.frozen
class Problem:
    """One thing wrong with a stored revision or index."""

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
    """What :func:`verify` found: ``ok`` when there is no problem (orphans are not problems)."""

    policies: int
    revisions: int
    problems: tuple[Problem, ...] = ()
    orphans: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every revision is present and matches its SHA-256."""
        return not self.problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(root: Path, *, deep: bool = False) -> VerifyReport:
    """Check every revision under *root*'s ``policies`` directory (module docstring)."""
    base = root / "policies"
    problems: list[Problem] = []
    orphans: list[str] = []
    policies = revisions = 0
    for directory, _, files in sorted(os.walk(base)):
        here = Path(directory)
        relative = here.relative_to(base).as_posix()
        names = set(files)
        if INDEX_NAME not in names:
            orphans.extend(str(here / name) for name in sorted(names))
            continue
        policy_id = relative
        policies += 1
        index_path = here / INDEX_NAME
        try:
            index = PolicyIndex.from_bytes(policy_id, index_path.read_bytes(), str(index_path))
        except (OSError, StoreError) as error:
            problems.append(Problem(policy_id, None, str(index_path), "unreadable", str(error)))
            continue
        named = {INDEX_NAME}
        for revision in index.revisions:
            revisions += 1
            path = here / revision.file
            named.add(revision.file)
            try:
                actual = _sha256(path)
            except FileNotFoundError:
                problems.append(
                    Problem(policy_id, revision.number, str(path), "missing", "file is missing")
                )
                continue
            except OSError as error:
                problems.append(
                    Problem(
                        policy_id,
                        revision.number,
                        str(path),
                        "unreadable",
                        f"cannot read: {error.strerror}",
                    )
                )
                continue
            if actual != revision.sha256:
                problems.append(
                    Problem(
                        policy_id,
                        revision.number,
                        str(path),
                        "changed",
                        f"SHA-256 is {actual[:12]}…, recorded {revision.sha256[:12]}…",
                    )
                )
                continue
            if deep:
                try:
                    from_xml(path.read_bytes(), source=str(path))
                except PolicyVersionsError as error:
                    problems.append(
                        Problem(policy_id, revision.number, str(path), "invalid", str(error))
                    )
        orphans.extend(str(here / name) for name in sorted(names - named))
    return VerifyReport(policies, revisions, tuple(problems), tuple(orphans))


__all__ = ["INDEX_NAME", "Problem", "ProblemKind", "VerifyReport", "verify"]
