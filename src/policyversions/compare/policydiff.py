"""A :class:`PolicyDiff`: the :class:`~policyversions.compare.changes.Change` values between two
revisions, with the id map and digests that make it a patch, and its JSON form (the shape is
documented in :mod:`policyversions.compare.changes`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import attrs

from ..errors import DiffError, PolicyVersionsError
from .changes import FORMAT, READ_VERSIONS, VERSION, Change
from .summary import Summary, summarize


@attrs.frozen(kw_only=True)
class PolicyDiff:
    """The changes between two revisions of a policy, in new-document order."""

    changes: tuple[Change, ...] = ()
    id_map: tuple[tuple[str, str], ...] = ()
    old_digest: str = ""
    new_digest: str = ""

    @property
    def is_empty(self) -> bool:
        """Whether the two revisions are identical (no change, no id changed)."""
        return not self.changes and not self.id_map

    def inverted(self) -> PolicyDiff:
        """Return the diff that turns the new revision back into the old one."""
        return PolicyDiff(
            changes=tuple(change.inverted() for change in self.changes),
            id_map=tuple((new, old) for old, new in self.id_map),
            old_digest=self.new_digest,
            new_digest=self.old_digest,
        )

    def __iter__(self) -> Iterator[Change]:
        """Iterate over the changes, in new-document order."""
        return iter(self.changes)

    def __len__(self) -> int:
        """The number of changes (a diff of equal revisions has none, and is false)."""
        return len(self.changes)

    def summary(self) -> Summary:
        """Count the changes by kind and class (see
        :class:`~policyversions.compare.summary.Summary`)."""
        return summarize(self.changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the plain-data form documented in the module docstring."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "old_digest": self.old_digest,
            "new_digest": self.new_digest,
            "id_map": [[old, new] for old, new in self.id_map],
            "changes": [change.to_dict() for change in self.changes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyDiff:
        """Rebuild a diff from :meth:`to_dict` output."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise DiffError(f"not a policy diff: expected format {FORMAT!r}")
        if data.get("version") not in READ_VERSIONS:
            raise DiffError(f"unsupported diff version {data.get('version')!r}")
        try:
            return cls(
                changes=tuple(Change.from_dict(item) for item in data.get("changes", ())),
                id_map=tuple((old, new) for old, new in data.get("id_map", ())),
                old_digest=data.get("old_digest", ""),
                new_digest=data.get("new_digest", ""),
            )
        except DiffError:
            raise
        except PolicyVersionsError as error:
            raise DiffError(f"malformed policy diff: {error.what}", error.where) from error
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DiffError(f"malformed policy diff: {error}") from error

    def to_json(self) -> str:
        """Return the diff as JSON text (shape in the module docstring)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> PolicyDiff:
        """Read a diff from :meth:`to_json` output."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise DiffError(
                f"diff is not valid JSON: {error.msg}", f"line {error.lineno}"
            ) from error
        return cls.from_dict(data)
