"""Decisions in the store: when two citations are of one decision, the decision history of a
revision, and every check of :meth:`~policyversions.store.Repository.record` that concerns
decisions and their dates.

Identity
--------
A decision names an organ and a year and may state a date, an item (§) of the minutes, an act
number (``SFS 2025:480``, ``KFS 2019:3``) and a case number (Dnr), an action and an effective
date. Two citations are of **the same decision** (:func:`same_decision`) when they name the same
organ (compared as in its slug) and year and nothing they both state among date, item, act
number and case number disagrees. So ``Regeringen 2025 (SFS 2025:480)`` and ``Regeringen 2025
(SFS 2025:654)`` are two decisions, while ``KF § 118/2007`` and ``KF 2007-06-18 § 118 (Dnr KS
2007/12)`` are one. A decision's slug (:attr:`~policyversions.model.Decision.slug`) carries
what tells it from the others, so two decisions of one history never share a slug.

Some numbers **pin a decision down** (:func:`pinned_together`): an act number names one act, an
item names one item of an organ's minutes of a year (when the dates do not disagree). Two
citations pinned together that disagree on anything else both state (two case numbers, two
effective dates, two actions) are a **conflict**: a :class:`RefusedError` naming both, never two
decisions. So is a citation the same as a known one that gives another action or effective date.

History
-------
The decision history of revision *n* is every decision recorded with revisions 1 to *n*,
merged (:class:`DecisionHistory`): each revision's index entry lists the decisions its record
brought (:attr:`Revision.decisions <policyversions.store.Revision.decisions>`: the decision it
was recorded under, completed from the text's citation of it, and each decision the text cites
that the history did not hold or held with less said about it), and the history folds them in
recording order. A decision cited again with more said about it (a Dnr) is completed, never
overwritten or dropped; a late registration keeps every decision recorded before it, and every
later revision keeps it. A citation that fits more than one known decision (``Regeringen 2025``
when two acts of 2025 are known) is *ambiguous*: refused when it says something that not all of
them say, else implied by them. The history reads oldest first: by the date each decision took
effect (its effective date, else its date; 1 January for a year-only decision), then by its
date, then in the order first recorded. The same entries, written into the revision files too,
rebuild the history when an index is lost (:meth:`~policyversions.store.Repository.repair`).

Recording
---------
:func:`record_decisions` applies, in order: the effective date given (``--effective``) must
agree with the one the decision states; the text's citation of the given decision completes it
(a conflict is refused); the effective date is checked (:func:`check_effective`: never
implausible, never before the decision unless retroactive); a decision already recorded is
refused unless forced, as is an ambiguous one always; a decision dated before the latest one
unless late; a text whose decision line names another decision is a *stale header* (a
warning when it names a decision already known or an earlier one, refused unless forced when
it names a later unknown one); with ``strict`` every warning is refused. Every error names the
command-line option that changes it (``--force``, ``--late``, ``--retroactive``, ``--strict``);
each is the keyword argument of the same name of ``record``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from ..model import Decision
from .errors import IntegrityError, RefusedError

MAX_RETROACTIVE_YEARS: Final = 10
"""A retroactive decision takes effect at most this many years before its date."""
MAX_DELAY_YEARS: Final = 25
"""A decision takes effect at most this many years after its date."""

_IDENTITY: Final = ("date", "item", "act_number", "case_number")
_STATED: Final = (*_IDENTITY, "action", "effective")
_FIELD_NAMES: Final = {
    "organ": "organs",
    "year": "years",
    "date": "dates",
    "item": "items (§)",
    "act_number": "act numbers",
    "case_number": "case numbers (Dnr)",
    "action": "actions",
    "effective": "effective dates",
}


def decision_start(decision: Decision) -> datetime.date:
    """The meeting date of *decision*; 1 January of its year when it gives only a year."""
    return decision.date if decision.date is not None else datetime.date(decision.year, 1, 1)


def effective_start(decision: Decision) -> datetime.date:
    """When *decision* took effect: its effective date, else :func:`decision_start`."""
    return decision.effective if decision.effective is not None else decision_start(decision)


def history_order(decision: Decision) -> tuple[datetime.date, datetime.date]:
    """The sort key of a decision history (module docstring), before the order recorded."""
    return (effective_start(decision), decision_start(decision))


_ORGAN_SLUGS: dict[tuple[str | None, str | None], str] = {}
"""Organ slugs by (abbreviation, name), the fields the slug depends on: folding Unicode is
worth doing once per organ. Bounded by :data:`_MAX_ORGAN_SLUGS`."""
_MAX_ORGAN_SLUGS: Final = 4096


def organ_key(decision: Decision) -> str:
    """The organ of *decision* as its slug gives it: ``KF``, ``regeringen``."""
    organ = decision.organ
    pair = (organ.abbreviation, organ.name)
    slug = _ORGAN_SLUGS.get(pair)
    if slug is None:
        if len(_ORGAN_SLUGS) >= _MAX_ORGAN_SLUGS:
            _ORGAN_SLUGS.clear()
        slug = _ORGAN_SLUGS[pair] = organ.slug
    return slug


def disagreements(a: Decision, b: Decision, fields: Sequence[str] = _STATED) -> list[str]:
    """The fields that *a* and *b* both state with different values: ``organ`` and ``year``
    (always stated), then those of *fields* (default: every optional field)."""
    found: list[str] = []
    if organ_key(a) != organ_key(b):
        found.append("organ")
    if a.year != b.year:
        found.append("year")
    for field in fields:
        first, second = getattr(a, field), getattr(b, field)
        if first is not None and second is not None and first != second:
            found.append(field)
    return found


def same_decision(a: Decision, b: Decision) -> bool:
    """Whether *a* and *b* cite the same decision: same organ and year, and no disagreement on
    date, item, act number or case number (module docstring)."""
    if a.date is not None and b.date is not None and a.date != b.date:
        return False  # the common case, decided without building any slug
    return not disagreements(a, b, _IDENTITY)


def pinned_together(a: Decision, b: Decision) -> bool:
    """Whether a number pins *a* and *b* to one decision: the same act number, or the same
    organ, year and item with dates that do not disagree."""
    if a.act_number is not None and a.act_number == b.act_number:
        return True
    return (
        a.item is not None
        and a.item == b.item
        and a.year == b.year
        and (a.date is None or b.date is None or a.date == b.date)
        and organ_key(a) == organ_key(b)
    )


def adds_to(known: Decision, other: Decision) -> bool:
    """Whether *other* states something that *known* does not."""
    return any(
        getattr(known, field) is None and getattr(other, field) is not None for field in _STATED
    )


def combine(known: Decision, other: Decision) -> Decision:
    """*known*, completed with what only *other* (the same decision, no conflict) states."""
    changes = {
        field: getattr(other, field)
        for field in _STATED
        if getattr(known, field) is None and getattr(other, field) is not None
    }
    return attrs.evolve(known, **changes) if changes else known


def _fields(names: Iterable[str]) -> str:
    return " and ".join(_FIELD_NAMES[name] for name in names)


def conflict_error(new: Decision, source: str, old: Decision, old_source: str) -> RefusedError:
    """The error for two citations of one decision that disagree (module docstring)."""
    clash = disagreements(new, old)
    if new.act_number is not None and new.act_number == old.act_number:
        why = f"the act number {new.act_number}"
    elif new.item is not None and new.item == old.item:
        why = f"§ {new.item} of {old.organ}'s minutes of {old.year}"
    else:
        why = "nothing else tells them apart"
    return RefusedError(
        f"{new} ({source}) and {old} ({old_source}) are one decision ({why}) with different "
        f"{_fields(clash)}: correct the one that is wrong"
    )


def ambiguous_error(
    decision: Decision, source: str, candidates: Sequence[Decision]
) -> RefusedError:
    """The error for a citation that fits more than one known decision."""
    named = " or ".join(str(d) for d in candidates[:3])
    return RefusedError(
        f"{decision} ({source}) could be {named}: cite it with its date and §, act number or Dnr"
    )


_Key = tuple[object, ...]


class DecisionHistory:
    """The decisions of a history, merged (module docstring), in the order first recorded,
    found by any number they state in about constant time.

    :meth:`add` merges one citation; :meth:`decisions` is the history oldest first; the
    revisions recorded under a decision are kept (:meth:`recorded_under`), with the latest
    decision date a revision was recorded under (:attr:`latest`).
    """

    def __init__(self) -> None:
        self._decisions: list[Decision] = []
        self._sources: list[str] = []
        self._given: dict[int, list[int]] = {}
        self._buckets: dict[_Key, dict[int, None]] = {}
        self._sorted: tuple[Decision, ...] | None = None
        self.latest: tuple[datetime.date, int, int] | None = None
        """The latest decision date a revision was recorded under, that revision's number
        (the first one recorded, on a tie) and the decision's position."""

    def __len__(self) -> int:
        return len(self._decisions)

    @staticmethod
    def _keys(decision: Decision) -> list[_Key]:
        organ, year = organ_key(decision), decision.year
        keys: list[_Key] = [("all", organ, year)]
        keys.extend((field, organ, year, getattr(decision, field)) for field in _IDENTITY)
        if decision.act_number is not None:
            keys.append(("act", decision.act_number))
        return keys

    def _file(self, position: int, decision: Decision) -> None:
        for key in self._keys(decision):
            self._buckets.setdefault(key, {})[position] = None

    def _unfile(self, position: int, decision: Decision) -> None:
        for key in self._keys(decision):
            bucket = self._buckets.get(key)
            if bucket is not None:
                bucket.pop(position, None)

    def _bucket(self, key: _Key) -> dict[int, None]:
        return self._buckets.get(key, {})

    def find(self, decision: Decision) -> list[int]:
        """The positions of the known decisions that are the same as *decision*, in order."""
        organ, year = organ_key(decision), decision.year
        best: list[int] | None = None
        for field in _IDENTITY:
            value = getattr(decision, field)
            if value is None:
                continue
            stated = self._bucket((field, organ, year, value))
            unstated = self._bucket((field, organ, year, None))
            if best is None or len(stated) + len(unstated) < len(best):
                best = sorted((*stated, *unstated))
        candidates = best if best is not None else list(self._bucket(("all", organ, year)))
        return [p for p in candidates if same_decision(self._decisions[p], decision)]

    def _pinned(self, decision: Decision) -> list[int]:
        organ, year = organ_key(decision), decision.year
        positions: dict[int, None] = {}
        if decision.act_number is not None:
            positions.update(self._bucket(("act", decision.act_number)))
        if decision.item is not None:
            positions.update(self._bucket(("item", organ, year, decision.item)))
        return [p for p in sorted(positions) if pinned_together(self._decisions[p], decision)]

    def check(self, decision: Decision, source: str) -> list[int]:
        """The positions *decision* is the same as, after refusing a conflict with a known
        decision (:func:`conflict_error`); nothing changes."""
        for position in self._pinned(decision):
            if disagreements(self._decisions[position], decision):
                raise conflict_error(
                    decision, source, self._decisions[position], self._sources[position]
                )
        matches = self.find(decision)
        if len(matches) == 1:
            known = self._decisions[matches[0]]
            if disagreements(known, decision):
                raise conflict_error(decision, source, known, self._sources[matches[0]])
        return matches

    def adds(self, decision: Decision) -> bool:
        """Whether adding *decision* would change the history (it is new, or says more about a
        known decision); conflicts and ambiguity are refused as :meth:`add` refuses them."""
        matches = self.check(decision, "the text being recorded")
        if len(matches) > 1:
            if any(adds_to(self._decisions[p], decision) for p in matches):
                raise ambiguous_error(
                    decision, "the text being recorded", [self._decisions[p] for p in matches]
                )
            return False
        return not matches or adds_to(self._decisions[matches[0]], decision)

    def add(self, decision: Decision, source: str, revision: int | None = None) -> int | None:
        """Merge *decision*, cited by *source* (``revision 3``, ``the text``); *revision* when
        it is the decision that revision was recorded under. Return its position, or ``None``
        for a citation implied by several known decisions; refuse a conflict or an ambiguous
        citation (module docstring)."""
        matches = self.check(decision, source)
        if len(matches) > 1:
            if revision is not None or any(adds_to(self._decisions[p], decision) for p in matches):
                raise ambiguous_error(decision, source, [self._decisions[p] for p in matches])
            return None
        if matches:
            position = matches[0]
            known = self._decisions[position]
            if adds_to(known, decision):
                merged = combine(known, decision)
                self._unfile(position, known)
                self._decisions[position] = merged
                self._file(position, merged)
                self._sorted = None
        else:
            position = len(self._decisions)
            self._decisions.append(decision)
            self._sources.append(source)
            self._file(position, decision)
            self._sorted = None
        if revision is not None:
            self._given.setdefault(position, []).append(revision)
            start = decision_start(self._decisions[position])
            if self.latest is None or start > self.latest[0]:
                self.latest = (start, revision, position)
        return position

    def __getitem__(self, position: int) -> Decision:
        return self._decisions[position]

    def recorded_under(self, position: int) -> list[int]:
        """The numbers of the revisions recorded under the decision at *position*."""
        return list(self._given.get(position, ()))

    def decisions(self) -> tuple[Decision, ...]:
        """The history, oldest first (module docstring)."""
        if self._sorted is None:
            order = sorted(
                range(len(self._decisions)),
                key=lambda p: (*history_order(self._decisions[p]), p),
            )
            self._sorted = tuple(self._decisions[p] for p in order)
        return self._sorted

    def add_entry(self, number: int, given: Decision, stored: Sequence[Decision]) -> None:
        """Fold in the index entry of revision *number*: recorded under *given*, bringing
        *stored*; a conflict there is an :class:`IntegrityError` (the index was changed)."""
        try:
            for decision in stored:
                self.add(decision, f"revision {number}", number if decision == given else None)
        except RefusedError as error:
            raise IntegrityError(
                f"the decisions of revision {number} contradict earlier ones: {error.what} "
                "(run verify)"
            ) from None


def _years_later(day: datetime.date, years: int) -> datetime.date:
    year = min(max(day.year + years, 1), 9999)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=year, day=28)


def check_effective(decision: Decision, source: str, *, retroactive: bool) -> bool:
    """Refuse an implausible effective date of *decision* (more than
    :data:`MAX_RETROACTIVE_YEARS` before it or :data:`MAX_DELAY_YEARS` after it), and one
    before it unless *retroactive*; return whether it is retroactive. *source* names where the
    date came from (``--effective``)."""
    effective = decision.effective
    if effective is None:
        return False
    start = decision_start(decision)
    end = decision.date if decision.date is not None else datetime.date(decision.year, 12, 31)
    if (
        not _years_later(start, -MAX_RETROACTIVE_YEARS)
        <= effective
        <= _years_later(end, MAX_DELAY_YEARS)
    ):
        raise RefusedError(
            f"the effective date {effective.isoformat()} ({source}) is implausible for "
            f"{decision.citation}: a decision takes effect at most {MAX_DELAY_YEARS} years "
            f"after it, or at most {MAX_RETROACTIVE_YEARS} years before it when retroactive"
        )
    if effective >= start:
        return False
    if not retroactive:
        raise RefusedError(
            f"the effective date {effective.isoformat()} ({source}) is before the decision "
            f"{decision.citation}: record a retroactive decision with --retroactive"
        )
    return True


@attrs.frozen
class RecordedDecisions:
    """What :func:`record_decisions` decided: the decision to record under (completed), the
    decisions the revision's file and index entry store, the warnings to keep and whether the
    decision is retroactive."""

    given: Decision
    stored: tuple[Decision, ...]
    warnings: tuple[str, ...] = ()
    retroactive: bool = False


def record_decisions(
    policy_id: str,
    history: DecisionHistory,
    number: int,
    text: Sequence[Decision],
    given: Decision,
    effective: datetime.date | None,
    *,
    force: bool,
    late: bool,
    retroactive: bool,
    strict: bool,
    repeal: bool = False,
) -> RecordedDecisions:
    """Check the decisions of a new revision *number* of *policy_id* (module docstring) and
    merge them into *history*, the history of every revision before it.

    *text* is what the text cites, *given* the decision it is recorded under, *effective* the
    date given with ``--effective``. Refusals raise :class:`RefusedError` before *history*
    changes; a conflict found while merging raises after part of it changed, so a caller that
    keeps *history* must drop it on any error.
    """
    warnings: list[str] = []
    source = "--decision"
    if effective is not None:
        if given.effective is not None and given.effective != effective:
            raise RefusedError(
                f"--effective {effective.isoformat()} and the effective date of the decision "
                f"{given} disagree: give one of them"
            )
        given = attrs.evolve(given, effective=effective)
        source = "--effective"
    # A text's citations of one decision in two forms are merged first.
    own = DecisionHistory()
    for decision in text:
        own.add(decision, "the text being recorded")
    own_decisions = own.decisions()
    cited = [d for d in own_decisions if same_decision(d, given)]
    if len(cited) > 1:
        raise ambiguous_error(given, "--decision", cited)
    if cited:
        if disagreements(cited[0], given):
            raise conflict_error(given, "--decision", cited[0], "as the text cites it")
        if given.effective is None and cited[0].effective is not None:
            source = "as the text cites it"
        given = combine(given, cited[0])
    is_retroactive = check_effective(given, source, retroactive=retroactive)
    for decision in own_decisions:
        if decision is not (cited[0] if cited else None):
            check_effective(decision, f"{decision.citation} as the text cites it", retroactive=True)

    matches = history.check(given, "--decision")
    if len(matches) > 1:
        raise ambiguous_error(given, "--decision", [history[p] for p in matches])
    repeated = history.recorded_under(matches[0]) if matches else []
    if repeated and not force:
        raise RefusedError(
            f"{policy_id!r} already has a revision recorded under {given.citation}: revision "
            f"{repeated[0]}; record with --force to add another"
        )
    latest = history.latest
    if latest is not None and decision_start(given) < latest[0] and not late:
        raise RefusedError(
            f"{given.citation} is dated before the latest decision, "
            f"{history[latest[2]].citation} (revision {latest[1]}): "
            "record it with --late to add it (a late registration: an act decided earlier "
            "that takes effect later)"
        )
    if not repeal and own_decisions and not cited:
        header = max(own_decisions, key=history_order)
        known = history.find(header)
        if known or decision_start(header) < decision_start(given):
            where = (
                f"revision {history.recorded_under(known[0])[0]}'s decision"
                if known and history.recorded_under(known[0])
                else "an earlier decision"
            )
            warnings.append(
                f"stale header? the text's decision line names {header.citation} ({where}), "
                f"not {given.citation}: recorded under {given.citation}"
            )
        elif not force:
            raise RefusedError(
                f"the text names the decision {header.citation} but is being recorded under "
                f"{given.citation}: record it under the decision the text names, or with --force"
            )
        else:
            warnings.append(
                f"the text names the later decision {header.citation}; recorded under "
                f"{given.citation} with --force"
            )
    if strict and warnings:
        raise RefusedError(f"{warnings[0]} (refused: --strict)")

    stored = [given]
    stored.extend(d for d in own_decisions if not same_decision(d, given) and history.adds(d))
    stored.sort(key=history_order)
    for decision in stored:
        history.add(
            decision,
            f"revision {number}",
            number if decision is given else None,
        )
    return RecordedDecisions(given, tuple(stored), tuple(warnings), is_retroactive)


__all__ = [
    "MAX_DELAY_YEARS",
    "MAX_RETROACTIVE_YEARS",
    "DecisionHistory",
    "RecordedDecisions",
    "adds_to",
    "check_effective",
    "combine",
    "decision_start",
    "disagreements",
    "effective_start",
    "history_order",
    "organ_key",
    "pinned_together",
    "record_decisions",
    "same_decision",
]
