"""A recorded revision and the policy index that lists a policy's revisions in order.

The index (``index.json`` in the policy's directory) is UTF-8 JSON::

    {"format": "policyversions-index", "version": 1,
     "policy": "soderhamn/ledar-och-medarbetarpolicy",
     "used_ids": ["sec_1", "sec_1__para_1", ...],          every node id ever used, sorted
     "revisions": [
       {"number": 1, "file": "0001-KF-2007-06-18-118.xml",
        "sha256": "<hex SHA-256 of the file's bytes>",
        "decision": "Reviderad KF 2007-06-18 § 118",       canonical text, for people
        "decision_data": {<Decision.to_dict()>},           the same, structured
        "effective": "2007-07-01" or null,
        "recorded": "2026-11-26T18:31:54.123456+00:00",
        "forced": false, "late": false,
        "notes": ["the text names KF 2007-06-18 § 118, not ...: recorded under ..."],
        "changes": {"added": [ids], "changed": [ids], "editorial": [ids],
                    "moved": [ids], "removed": [ids]}}, ...]}

``notes`` says what :meth:`Repository.record` noticed and accepted (a text naming only an
earlier decision); ``changes`` is :class:`~policyversions.store.identity.ChangeSummary`.

The order of ``revisions`` is the order of history (numbers 1, 2, ...), never file times.
Reading refuses (:class:`StoreError`) an entry whose ``file`` is not a name the store makes
(:data:`REVISION_FILE`: ``<digits>-<ASCII letters, digits, '-'>.xml``), so that a hostile or
damaged index cannot name a file outside the policy's directory, nor one with a control
character.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, Final

import attrs

from ..errors import DecisionError
from ..model import Action, Decision, Organ
from .decisions import decision_start
from .errors import StoreError
from .identity import ChangeSummary

INDEX_FORMAT: Final = "policyversions-index"
INDEX_VERSION: Final = 1
_CHANGE_KEYS: Final = ("added", "changed", "editorial", "moved", "removed")
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
#: A revision file name as :meth:`Repository.record` makes it: ``<number>-<decision slug>.xml``.
#: Nothing else is read from an index: no path separator, no ``..``, no control character.
REVISION_FILE: Final = re.compile(r"[0-9]{4,}-[A-Za-z0-9-]+\.xml")


@attrs.frozen(kw_only=True)
class Revision:
    """One recorded revision of a policy (its text is read with ``Repository.read``).

    ``number`` counts from 1 in recording order; ``file`` is the revision's file name in the
    policy's directory; ``sha256`` the SHA-256 of that file's bytes; ``recorded`` the (UTC)
    time it was recorded; ``changes`` the ids it added, changed, moved and removed; ``notes``
    what :meth:`Repository.record` noticed and accepted (a text naming only older decisions).
    """

    policy_id: str
    number: int
    decision: Decision
    effective: datetime.date | None
    sha256: str
    recorded: datetime.datetime
    file: str
    changes: ChangeSummary = attrs.field(factory=ChangeSummary)
    forced: bool = False
    late: bool = False
    notes: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        """``POLICY@NUMBER``, a ref that names this revision."""
        return f"{self.policy_id}@{self.number}"

    @property
    def in_force_from(self) -> datetime.date:
        """The effective date, else the decision date (1 January for a year-only decision)."""
        return self.effective if self.effective is not None else decision_start(self.decision)

    @property
    def repeals(self) -> bool:
        """Whether this revision's decision repealed the policy (``upphävd``)."""
        return self.decision.action is Action.REPEALED

    def to_dict(self) -> dict[str, Any]:
        """The revision's entry in the index (without ``policy``, which the index holds)."""
        return {
            "number": self.number,
            "file": self.file,
            "sha256": self.sha256,
            "decision": str(self.decision),
            "decision_data": self.decision.to_dict(),
            "effective": None if self.effective is None else self.effective.isoformat(),
            "recorded": self.recorded.isoformat(),
            "forced": self.forced,
            "late": self.late,
            "notes": list(self.notes),
            "changes": {key: list(getattr(self.changes, key)) for key in _CHANGE_KEYS},
        }

    @classmethod
    def from_dict(cls, policy_id: str, data: Any, where: str) -> Revision:
        """Read an index entry; raise :class:`StoreError` naming *where* if it does not fit."""
        try:
            if not isinstance(data, dict):
                raise TypeError("an entry must be an object")
            changes = data["changes"]
            if not isinstance(changes, dict):
                raise TypeError("changes must be an object")
            summary = ChangeSummary(**{key: _ids(changes.get(key, [])) for key in _CHANGE_KEYS})
            effective = data["effective"]
            recorded = datetime.datetime.fromisoformat(_text(data["recorded"]))
            number = data["number"]
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                raise TypeError("number must be a positive integer")
            sha256 = _text(data["sha256"])
            if _SHA256.fullmatch(sha256) is None:
                raise TypeError("sha256 must be 64 lowercase hex digits")
            file = _text(data["file"])
            if REVISION_FILE.fullmatch(file) is None:
                raise TypeError(f"bad revision file name {file!r}")
            return cls(
                policy_id=policy_id,
                number=number,
                decision=_decision(data["decision_data"]),
                effective=None if effective is None else datetime.date.fromisoformat(effective),
                sha256=sha256,
                recorded=recorded,
                file=file,
                changes=summary,
                forced=_flag(data.get("forced", False), "forced"),
                late=_flag(data.get("late", False), "late"),
                notes=_texts(data.get("notes", []), "notes must be a list of texts"),
            )
        except (KeyError, TypeError, ValueError, DecisionError) as error:
            what = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise StoreError(f"corrupt index entry: {what}", where) from None


_ORGANS: dict[tuple[str | None, str | None], Organ] = {}
"""Organs read from indexes, by (abbreviation, name): a long history names few organs, and
building one folds its name. Bounded by :data:`_MAX_ORGANS`."""
_MAX_ORGANS: Final = 4096
_DECISION_KEYS: Final = frozenset({"organ", "year", "date", "item", "case_number", "action"})
_ORGAN_KEYS: Final = frozenset({"abbreviation", "name"})
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _decision(data: Any) -> Decision:
    """``Decision.from_dict(data)``, building each organ once: for a dict in the exact shape
    ``Decision.to_dict`` writes; anything else, or anything wrong, goes to ``from_dict``
    (which gives the error)."""
    try:
        if type(data) is not dict or data.keys() != _DECISION_KEYS:
            raise TypeError
        organ_data = data["organ"]
        if type(organ_data) is not dict or organ_data.keys() != _ORGAN_KEYS:
            raise TypeError
        pair = (organ_data["abbreviation"], organ_data["name"])
        if not all(part is None or type(part) is str for part in pair):
            raise TypeError
        organ = _ORGANS.get(pair)
        if organ is None:
            organ = Organ(*pair)
            if len(_ORGANS) >= _MAX_ORGANS:
                _ORGANS.clear()
            _ORGANS[pair] = organ
        date = data["date"]
        if date is not None and (type(date) is not str or _DATE.fullmatch(date) is None):
            raise TypeError
        action = data["action"]
        return Decision(
            organ=organ,
            year=data["year"],
            date=None if date is None else datetime.date.fromisoformat(date),
            item=data["item"],
            case_number=data["case_number"],
            action=None if action is None else Action(action),
        )
    except (TypeError, ValueError, DecisionError):
        return Decision.from_dict(data)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _ids(value: object) -> tuple[str, ...]:
    return _texts(value, "change lists must be lists of ids")


def _texts(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError(what)
    return tuple(value)


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be true or false, got {value!r}")
    return value


_LINES: dict[int, tuple[Revision, bytes]] = {}
"""The JSON line (UTF-8) last written for a revision object, by ``id()``; the revision is kept
too, so the ``id()`` cannot be reused while the entry lives. Bounded by :data:`_MAX_LINES`."""
_MAX_LINES: Final = 20_000


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _line(revision: Revision) -> bytes:
    known = _LINES.get(id(revision))
    if known is not None and known[0] is revision:
        return known[1]
    line = _compact(revision.to_dict()).encode("utf-8")
    if len(_LINES) >= _MAX_LINES:
        _LINES.clear()
    _LINES[id(revision)] = (revision, line)
    return line


@attrs.frozen
class PolicyIndex:
    """A policy's history as stored in its ``index.json``: revisions and every id ever used."""

    policy_id: str
    revisions: tuple[Revision, ...] = ()
    used_ids: frozenset[str] = frozenset()

    def to_bytes(self) -> bytes:
        """The index as UTF-8 JSON (module docstring): one id and one revision a line, so that
        recording a revision adds lines (readable diffs), written by the fast compact encoder;
        the line of a revision already written is reused, as bytes."""
        head = (
            f'{{"format": {_compact(INDEX_FORMAT)}, "version": {INDEX_VERSION}, '
            f'"policy": {_compact(self.policy_id)},\n'
        )
        if not self.revisions:
            return f'{head} "used_ids": [],\n "revisions": []}}\n'.encode()
        # One encoder call for all ids: '["a",\n  "b"]' without its brackets.
        used = json.dumps(sorted(self.used_ids), ensure_ascii=False, separators=(",\n  ", ": "))
        start = f'{head} "used_ids": [\n  {used[1:-1]}],\n "revisions": [\n  '.encode()
        entries = b",\n  ".join([_line(revision) for revision in self.revisions])
        return b"".join((start, entries, b"]}\n"))

    @classmethod
    def from_bytes(
        cls,
        policy_id: str,
        raw: bytes,
        where: str,
        cache: dict[int, tuple[Any, Revision]] | None = None,
    ) -> PolicyIndex:
        """Read an index; raise :class:`StoreError` naming *where* for what does not fit.

        *cache* maps positions to an entry read before and its revision; an entry equal to the
        cached one is not read again (the cache is updated), so that reading a long history
        again costs little more than the JSON parse.
        """
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise StoreError(f"corrupt index: {error}", where) from None
        if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
            raise StoreError(f"not a policy index (format is not {INDEX_FORMAT!r})", where)
        if data.get("version") != INDEX_VERSION:
            raise StoreError(f"unsupported index version {data.get('version')!r}", where)
        if data.get("policy") != policy_id:
            raise StoreError(f"the index names policy {data.get('policy')!r}", where)
        entries = data.get("revisions")
        used = data.get("used_ids")
        if not isinstance(entries, list) or not isinstance(used, list):
            raise StoreError("corrupt index: revisions and used_ids must be lists", where)
        cache = {} if cache is None else cache
        found: list[Revision] = []
        for position, entry in enumerate(entries, start=1):
            known = cache.get(position)
            if known is not None and known[0] == entry:
                found.append(known[1])
                continue
            revision = Revision.from_dict(policy_id, entry, f"{where}, revision entry {position}")
            cache[position] = (entry, revision)
            found.append(revision)
        revisions = tuple(found)
        for position, revision in enumerate(revisions, start=1):
            if revision.number != position:
                raise StoreError(
                    f"corrupt index: entry {position} has number {revision.number}", where
                )
        if not all(isinstance(item, str) for item in used):
            raise StoreError("corrupt index: used_ids must be ids", where)
        _keep_lines(raw, revisions)
        return cls(policy_id, revisions, frozenset(used))


_REVISIONS_START: Final = b'\n "revisions": [\n  '
_SEPARATOR: Final = b",\n  "


def _keep_lines(raw: bytes, revisions: tuple[Revision, ...]) -> None:
    """Remember the lines of *raw* (an index just read) as the lines of *revisions*, so that
    writing the index again copies them instead of encoding every entry again.

    Only for an index laid out as :meth:`PolicyIndex.to_bytes` writes it, one entry a line
    (JSON strings hold no raw line break, so the split is exact); written again in the same
    order, the lines give back the very bytes that were read, so the result is valid JSON
    whatever the lines hold.
    """
    start = raw.find(_REVISIONS_START)
    if start < 0 or not raw.endswith(b"]}\n"):
        return
    lines = raw[start + len(_REVISIONS_START) : -3].split(_SEPARATOR)
    if len(lines) != len(revisions):
        return
    if len(_LINES) + len(lines) >= _MAX_LINES:
        _LINES.clear()
    for revision, line in zip(revisions, lines, strict=True):
        _LINES[id(revision)] = (revision, line)


__all__ = [
    "INDEX_FORMAT",
    "INDEX_VERSION",
    "REVISION_FILE",
    "PolicyIndex",
    "Revision",
]
