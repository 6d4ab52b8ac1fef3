"""A recorded revision, the policy index that lists a policy's revisions in order, the hash
chain over its entries and the head file that seals it.

The index (``index.json`` in the policy's directory) is UTF-8 JSON::

    {"format": "policyversions-index", "version": 2,
     "policy": "soderhamn/ledar-och-medarbetarpolicy",
     "used_ids": ["sec_1", "sec_1__para_1", ...],          every node id ever used, sorted
     "revisions": [
       {"number": 1, "file": "0001-KF-2007-06-18-118.xml",
        "sha256": "<hex SHA-256 of the file's bytes>",
        "decision": "Reviderad KF 2007-06-18 § 118",       canonical text, for people
        "decision_data": {<Decision.to_dict()>},           the same, structured
        "decisions": [{<Decision.to_dict()>}, ...],        what the record brought (see below)
        "effective": "2007-07-01" or null,                 the decision's effective date
        "title": "Ledar- och medarbetarpolicy", "language": "sv",
        "recorded": "2026-11-26T18:31:54.123456+00:00",
        "forced": false, "late": false, "retroactive": false,
        "warnings": ["stale header? the text's decision line names ..."],
        "note": "the secretary's note" or null,
        "changes": {"added": [ids], "changed": [ids], "editorial": [ids],
                    "moved": [ids], "removed": [ids]},
        "chain": "<hex SHA-256: the hash chain up to this entry>"}, ...]}

``decisions`` are the decisions the revision's record brought to the policy's decision history
(:mod:`~policyversions.store.decisions`): the decision it was recorded under, completed, and
those the text cites that the history did not hold (or held with less said); the revision's file
stores the same. ``warnings`` say what :meth:`Repository.record` noticed and accepted (a stale
header); ``note`` is what the secretary wrote with ``--note``; ``changes`` is
:class:`~policyversions.store.identity.ChangeSummary`.

The hash chain
--------------
Each entry's ``chain`` is the SHA-256 of the previous entry's chain (for the first entry:
:func:`genesis`, from the policy id) followed by the entry's canonical JSON without ``chain``
(keys sorted, no spaces, UTF-8: :func:`canonical_entry`). An entry changed in any way (a forged
decision, an effective date, a file repointed to another revision's file with its hash) breaks
the chain from there on. The head file (``head.json``, :class:`Head`), written after the index,
holds the number of revisions, the last chain and the SHA-256 of the whole index file, so a
dropped last revision, a changed ``used_ids`` or any other changed byte of the index is caught
too (:mod:`~policyversions.store.verify`).

The order of ``revisions`` is the order of history (numbers 1, 2, ...), never file times.
Reading refuses (:class:`StoreError`) an entry whose ``file`` is not a name the store makes
(:data:`REVISION_FILE`: ``<digits>-<ASCII letters, digits, '-'>.xml``), so that a hostile or
damaged index cannot name a file outside the policy's directory, nor one with a control
character. An index of version 1 (before hash chains) is read only by
:meth:`Repository.repair`, which upgrades it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from typing import Any, Final

import attrs

from ..errors import DecisionError
from ..model import Action, Decision, Organ
from .decisions import decision_start, effective_start
from .errors import StoreError
from .identity import ChangeSummary

INDEX_FORMAT: Final = "policyversions-index"
INDEX_VERSION: Final = 2
HEAD_FORMAT: Final = "policyversions-head"
HEAD_VERSION: Final = 1
_CHANGE_KEYS: Final = ("added", "changed", "editorial", "moved", "removed")
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
#: A revision file name as :meth:`Repository.record` makes it: ``<number>-<decision slug>.xml``.
#: Nothing else is read from an index: no path separator, no ``..``, no control character.
REVISION_FILE: Final = re.compile(r"(?P<number>[0-9]{4,})-(?P<slug>[A-Za-z0-9-]+)\.xml")
MAX_NOTE_LENGTH: Final = 2000
"""The longest note (``--note``) kept with a revision, in characters."""


def genesis(policy_id: str) -> str:
    """The chain value before the first entry of *policy_id*'s index."""
    return hashlib.sha256(f"{INDEX_FORMAT}\x00{policy_id}".encode()).hexdigest()


def canonical_entry(entry: dict[str, Any]) -> bytes:
    """The bytes of an index entry that the chain covers: its JSON without ``chain``, keys
    sorted, no spaces, UTF-8."""
    data = {key: value for key, value in entry.items() if key != "chain"}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link(previous: str, entry: dict[str, Any]) -> str:
    """The chain value of *entry* after *previous* (module docstring)."""
    return hashlib.sha256(bytes.fromhex(previous) + canonical_entry(entry)).hexdigest()


@attrs.frozen(kw_only=True)
class Revision:
    """One recorded revision of a policy (its text is read with ``Repository.read``).

    ``number`` counts from 1 in recording order; ``file`` is the revision's file name in the
    policy's directory; ``sha256`` the SHA-256 of that file's bytes; ``decision`` the decision
    it was recorded under (with its effective date); ``decisions`` what its record brought to
    the policy's decision history (module docstring); ``title`` and ``language`` those of its
    text; ``recorded`` the (UTC) time it was recorded; ``changes`` the ids it added, changed,
    moved and removed; ``forced``, ``late`` and ``retroactive`` the options it was recorded
    with (``retroactive`` only when its effective date is before its decision); ``warnings``
    what :meth:`Repository.record` noticed and accepted; ``note`` the secretary's note;
    ``chain`` the hash chain up to its index entry.
    """

    policy_id: str
    number: int
    decision: Decision
    sha256: str
    recorded: datetime.datetime
    file: str
    decisions: tuple[Decision, ...] = ()
    title: str = ""
    language: str = "sv"
    changes: ChangeSummary = attrs.field(factory=ChangeSummary)
    forced: bool = False
    late: bool = False
    retroactive: bool = False
    warnings: tuple[str, ...] = ()
    note: str | None = None
    chain: str = ""

    @property
    def ref(self) -> str:
        """``POLICY@NUMBER``, a ref that names this revision."""
        return f"{self.policy_id}@{self.number}"

    @property
    def effective(self) -> datetime.date | None:
        """The date the revision's decision takes effect, if it gives one."""
        return self.decision.effective

    @property
    def in_force_from(self) -> datetime.date:
        """The effective date, else the decision date (1 January for a year-only decision)."""
        return effective_start(self.decision)

    @property
    def decided(self) -> datetime.date:
        """The decision's date (1 January for a year-only decision)."""
        return decision_start(self.decision)

    @property
    def repeals(self) -> bool:
        """Whether this revision's decision repealed the policy (``upphävd``)."""
        return self.decision.action is Action.REPEALED

    def entry(self) -> dict[str, Any]:
        """The revision's entry in the index without ``chain`` (what the chain covers)."""
        return {
            "number": self.number,
            "file": self.file,
            "sha256": self.sha256,
            "decision": str(self.decision),
            "decision_data": self.decision.to_dict(),
            "decisions": [decision.to_dict() for decision in self.decisions],
            "effective": None if self.effective is None else self.effective.isoformat(),
            "title": self.title,
            "language": self.language,
            "recorded": self.recorded.isoformat(),
            "forced": self.forced,
            "late": self.late,
            "retroactive": self.retroactive,
            "warnings": list(self.warnings),
            "note": self.note,
            "changes": {key: list(getattr(self.changes, key)) for key in _CHANGE_KEYS},
        }

    def to_dict(self) -> dict[str, Any]:
        """The revision's entry in the index (without ``policy``, which the index holds)."""
        return {**self.entry(), "chain": self.chain}

    def linked(self, previous: str) -> Revision:
        """This revision with its ``chain`` computed after *previous*."""
        return attrs.evolve(self, chain=link(previous, self.entry()))

    @classmethod
    def from_dict(cls, policy_id: str, data: Any, where: str, *, legacy: bool = False) -> Revision:
        """Read an index entry; raise :class:`StoreError` naming *where* if it does not fit.

        *legacy* reads an entry of an index of version 1 (no ``decisions``, ``title``,
        ``language``, ``chain``; ``notes`` for ``warnings``), for :meth:`Repository.repair`.
        """
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
            decision = _decision(data["decision_data"])
            if legacy:
                if effective is not None:
                    decision = attrs.evolve(
                        decision, effective=datetime.date.fromisoformat(effective)
                    )
                return cls(
                    policy_id=policy_id,
                    number=number,
                    decision=decision,
                    sha256=sha256,
                    recorded=recorded,
                    file=file,
                    decisions=(decision,),
                    changes=summary,
                    forced=_flag(data.get("forced", False), "forced"),
                    late=_flag(data.get("late", False), "late"),
                    warnings=_texts(data.get("notes", []), "notes must be a list of texts"),
                )
            if (None if effective is None else datetime.date.fromisoformat(effective)) != (
                decision.effective
            ):
                raise TypeError("effective does not match the decision's effective date")
            decisions = data["decisions"]
            if not isinstance(decisions, list):
                raise TypeError("decisions must be a list")
            # Most records bring only the decision they are recorded under: read it once.
            raw_decision = data["decision_data"]
            stored = tuple(
                decision if item == raw_decision else _decision(item) for item in decisions
            )
            if decision not in stored:
                raise TypeError("decisions must hold the decision the revision is recorded under")
            note = data["note"]
            if note is not None and not isinstance(note, str):
                raise TypeError("note must be text or null")
            chain = _text(data["chain"])
            if _SHA256.fullmatch(chain) is None:
                raise TypeError("chain must be 64 lowercase hex digits")
            return cls(
                policy_id=policy_id,
                number=number,
                decision=decision,
                sha256=sha256,
                recorded=recorded,
                file=file,
                decisions=stored,
                title=_text(data["title"]),
                language=_text(data["language"]),
                changes=summary,
                forced=_flag(data["forced"], "forced"),
                late=_flag(data["late"], "late"),
                retroactive=_flag(data["retroactive"], "retroactive"),
                warnings=_texts(data["warnings"], "warnings must be a list of texts"),
                note=note,
                chain=chain,
            )
        except (KeyError, TypeError, ValueError, DecisionError) as error:
            what = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise StoreError(f"corrupt index entry: {what}", where) from None


_ORGANS: dict[tuple[str | None, str | None], Organ] = {}
"""Organs read from indexes, by (abbreviation, name): a long history names few organs, and
building one folds its name. Bounded by :data:`_MAX_ORGANS`."""
_MAX_ORGANS: Final = 4096
_DECISION_KEYS: Final = frozenset(
    {"organ", "year", "date", "item", "case_number", "action", "act_number", "effective"}
)
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
        effective = data["effective"]
        if effective is not None and (
            type(effective) is not str or _DATE.fullmatch(effective) is None
        ):
            raise TypeError
        action = data["action"]
        return Decision(
            organ=organ,
            year=data["year"],
            date=None if date is None else datetime.date.fromisoformat(date),
            item=data["item"],
            case_number=data["case_number"],
            action=None if action is None else Action(action),
            act_number=data["act_number"],
            effective=None if effective is None else datetime.date.fromisoformat(effective),
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
        *,
        legacy: bool = False,
    ) -> PolicyIndex:
        """Read an index; raise :class:`StoreError` naming *where* for what does not fit.

        *cache* maps positions to an entry read before and its revision; an entry equal to the
        cached one is not read again (the cache is updated), so that reading a long history
        again costs little more than the JSON parse. *legacy* also reads an index of version 1
        (for :meth:`Repository.repair`). The hash chain is not checked here (see
        :func:`check_chain`).
        """
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise StoreError(f"corrupt index: {error}", where) from None
        if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
            raise StoreError(f"not a policy index (format is not {INDEX_FORMAT!r})", where)
        version = data.get("version")
        if version == 1 and not legacy:
            raise StoreError(
                "an index of version 1, written before indexes had a hash chain: upgrade it "
                f"with 'policyversions repair {policy_id}'",
                where,
            )
        if version not in (1, INDEX_VERSION):
            raise StoreError(f"unsupported index version {version!r}", where)
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
            revision = Revision.from_dict(
                policy_id, entry, f"{where}, revision entry {position}", legacy=version == 1
            )
            if version == 1:
                found.append(revision)
                continue
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


def check_chain(index: PolicyIndex) -> tuple[int, str] | None:
    """The first revision whose ``chain`` does not follow from the entries before it, with
    what is wrong, or ``None`` when the whole chain holds."""
    previous = genesis(index.policy_id)
    for revision in index.revisions:
        expected = link(previous, revision.entry())
        if revision.chain != expected:
            return revision.number, (
                "its entry in the index was changed after it was recorded (the hash chain "
                "breaks here)"
            )
        previous = expected
    return None


@attrs.frozen
class Head:
    """The head of a policy's index (``head.json``, written after the index): how many
    revisions it holds, the chain value of the last one and the SHA-256 of the index file."""

    policy_id: str
    revisions: int
    chain: str
    index_sha256: str

    def to_bytes(self) -> bytes:
        """The head as one line of JSON, always laid out the same (:meth:`from_bytes` refuses
        any other layout)."""
        data = {
            "format": HEAD_FORMAT,
            "version": HEAD_VERSION,
            "policy": self.policy_id,
            "revisions": self.revisions,
            "chain": self.chain,
            "index_sha256": self.index_sha256,
        }
        return (json.dumps(data, ensure_ascii=False, separators=(", ", ": ")) + "\n").encode()

    @classmethod
    def from_bytes(cls, policy_id: str, raw: bytes, where: str) -> Head:
        """Read a head; :class:`StoreError` for anything that is not exactly what
        :meth:`to_bytes` writes for *policy_id*."""
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != HEAD_FORMAT:
                raise ValueError(f"not an index head (format is not {HEAD_FORMAT!r})")
            if data.get("version") != HEAD_VERSION:
                raise ValueError(f"unsupported head version {data.get('version')!r}")
            if data.get("policy") != policy_id:
                raise ValueError(f"the head names policy {data.get('policy')!r}")
            count, chain, digest = data["revisions"], data["chain"], data["index_sha256"]
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValueError("revisions must be a count")
            if not all(isinstance(v, str) and _SHA256.fullmatch(v) for v in (chain, digest)):
                raise ValueError("chain and index_sha256 must be 64 lowercase hex digits")
            head = cls(policy_id, count, chain, digest)
        except (UnicodeDecodeError, ValueError, KeyError) as error:
            what = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise StoreError(f"corrupt index head: {what}", where) from None
        if head.to_bytes() != raw:
            raise StoreError("corrupt index head: not laid out as policyversions writes it", where)
        return head

    @classmethod
    def of(cls, index: PolicyIndex, index_bytes: bytes) -> Head:
        """The head of *index*, whose file holds *index_bytes*."""
        chain = index.revisions[-1].chain if index.revisions else genesis(index.policy_id)
        return cls(
            index.policy_id,
            len(index.revisions),
            chain,
            hashlib.sha256(index_bytes).hexdigest(),
        )


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
    "HEAD_FORMAT",
    "HEAD_VERSION",
    "INDEX_FORMAT",
    "INDEX_VERSION",
    "MAX_NOTE_LENGTH",
    "REVISION_FILE",
    "Head",
    "PolicyIndex",
    "Revision",
    "canonical_entry",
    "check_chain",
    "genesis",
    "link",
]
