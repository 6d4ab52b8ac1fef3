"""Decisions in the store: when two are the same, what a revision file stores, what reading
one gives, and what recording checks.

Identity: :func:`same_decision` (equal slugs, or, when one gives only a year, the same organ,
year and item), looked up in constant time by :func:`decision_key` (:class:`DecisionTable`,
:class:`DecisionIndex`); a decision is dated by :func:`decision_start`.

History: what a revision file stores and what reading it gives.

A policy's decision history lives in its index, which names every revision's decision. A
revision file therefore stores only what the index cannot give: the decision the revision was
recorded under and the decisions its text cites that the history does not already hold. So a
revision file does not grow with the history, and neither does the time to write or read it.

Reading revision *n* (:func:`full_decisions`) gives its text with its *decision history*:

* the *inherited* decisions (:func:`inherited`): those of revisions 1 .. n-1 in recording
  order, dated on or before revision *n*'s own decision (a decision registered late does not
  inherit the later ones), a later recorded decision replacing the same earlier one
  (:func:`same_decision`: a revision recorded again, by force,
  under a decision given in full replaces the shorter form);
* merged with the decisions stored in the file: a stored decision wins over the same inherited
  one (it is the form the text cites, or the one the revision was recorded under);
* sorted by date (1 January for a year-only decision); on the same date inherited decisions
  come first, in recording order, then the stored ones in their order.

Recording (:func:`recorded_history`, :func:`stored_decisions`) takes the text's own
decisions, else those the previous revision's file stores, up to the new decision's date; adds
the given decision (replacing the same one), by date; and stores of these the given decision
and those not equal to an inherited one (which reading adds back). If dropping a decision would
lose it on reading (a text citing two forms of one decision), all of them are stored. The
previous revision's inherited decisions are inherited by the new one too, so its history is
the previous one's up to the new date, plus the new decision, as a text that cites no decision
expects. Recording looks decisions up by key (:class:`DecisionIndex`), so its cost does not
grow with the history.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Final

import attrs

from ..model import Decision
from .errors import RefusedError

if TYPE_CHECKING:
    from .revision import Revision


def decision_start(decision: Decision) -> datetime.date:
    """The meeting date of *decision*; 1 January of its year when it gives only a year."""
    return decision.date if decision.date is not None else datetime.date(decision.year, 1, 1)


_ORGAN_SLUGS: dict[tuple[str | None, str | None], str] = {}
"""Organ slugs by (abbreviation, name), the fields the slug depends on: folding Unicode is
worth doing once per organ. Bounded by :data:`_MAX_ORGAN_SLUGS`."""
_MAX_ORGAN_SLUGS: Final = 4096


def decision_key(decision: Decision) -> tuple[str, int, int | None]:
    """The organ (as in the slug), year and item of *decision*: two decisions are the same
    (:func:`same_decision`) only if their keys are equal, so a dict by key finds candidates."""
    organ = decision.organ
    pair = (organ.abbreviation, organ.name)
    slug = _ORGAN_SLUGS.get(pair)
    if slug is None:
        if len(_ORGAN_SLUGS) >= _MAX_ORGAN_SLUGS:
            _ORGAN_SLUGS.clear()
        slug = _ORGAN_SLUGS[pair] = organ.slug
    return (slug, decision.year, decision.item)


def same_decision(a: Decision, b: Decision) -> bool:
    """Whether *a* and *b* cite the same decision: equal slugs, or, when one gives only a year,
    the same organ, year and item.

    Equal slugs mean equal organ slug, date (or year) and item, so this is: equal
    :func:`decision_key` and, when both give a date, the same date.
    """
    if a.date is not None and b.date is not None and (a.date != b.date or a.item != b.item):
        return False  # the common case, decided without building any slug
    return a.item == b.item and a.year == b.year and decision_key(a) == decision_key(b)


class DecisionTable:
    """A list of decisions searched by :func:`same_decision` in constant time, through a dict
    by :func:`decision_key` (the same decisions have the same key).

    ``decisions`` is the list, in order of :meth:`add`; :meth:`replace` puts another form of the
    same decision at a position.
    """

    def __init__(self, decisions: Iterable[Decision] = ()) -> None:
        self.decisions: list[Decision] = []
        self._by_key: dict[tuple[str, int, int | None], list[int]] = {}
        for decision in decisions:
            self.add(decision)

    def add(self, decision: Decision) -> int:
        """Append *decision* and return its position."""
        position = len(self.decisions)
        self.decisions.append(decision)
        self._by_key.setdefault(decision_key(decision), []).append(position)
        return position

    def replace(self, position: int, decision: Decision) -> None:
        """Put *decision*, the same decision as the one at *position*, in its place."""
        self.decisions[position] = decision

    def find_all(self, decision: Decision) -> list[int]:
        """The positions of the decisions that are the same as *decision*, in order."""
        date = decision.date
        decisions = self.decisions
        return [
            position
            for position in self._by_key.get(decision_key(decision), ())
            if date is None or decisions[position].date is None or decisions[position].date == date
        ]

    def find(self, decision: Decision) -> int | None:
        """The position of the first decision that is the same as *decision*, or ``None``."""
        found = self.find_all(decision)
        return found[0] if found else None

    def __contains__(self, decision: object) -> bool:
        return isinstance(decision, Decision) and bool(self.find_all(decision))



def combine(given: Decision, carried: Decision) -> Decision:
    """*given*, with what only *carried* (the same decision, as the text cites it) says."""
    return attrs.evolve(
        given,
        date=given.date if given.date is not None else carried.date,
        item=given.item if given.item is not None else carried.item,
        case_number=given.case_number if given.case_number is not None else carried.case_number,
        action=given.action if given.action is not None else carried.action,
    )


def _by_date(decisions: Iterable[Decision]) -> tuple[Decision, ...]:
    return tuple(sorted(decisions, key=decision_start))  # stable: ties keep their order


def _inherit(decisions: Iterable[Decision], start: datetime.date) -> DecisionTable:
    table = DecisionTable()
    for decision in decisions:
        if decision_start(decision) > start:
            continue
        position = table.find(decision)
        if position is None:
            table.add(decision)
        else:
            table.replace(position, decision)
    return table


def inherited(revisions: Sequence[Revision], own: Decision) -> DecisionTable:
    """The decisions a revision under *own* inherits from *revisions*, the revisions before it
    in recording order (module docstring). Linear in their number."""
    return _inherit((revision.decision for revision in revisions), decision_start(own))


def merge(inherited: DecisionTable, stored: Sequence[Decision]) -> tuple[Decision, ...]:
    """The decision history of a revision whose file holds *stored* (module docstring)."""
    dropped = {position for decision in stored for position in inherited.find_all(decision)}
    extra = [d for position, d in enumerate(inherited.decisions) if position not in dropped]
    return _by_date([*extra, *stored])


def full_decisions(
    revisions: Sequence[Revision], revision: Revision, stored: Sequence[Decision]
) -> tuple[Decision, ...]:
    """The decision history of *revision*, whose file holds *stored*; *revisions* are the
    policy's revisions in order (at least those before *revision*)."""
    return merge(inherited(revisions[: revision.number - 1], revision.decision), stored)


class DecisionIndex:
    """The decisions of a policy's revisions by :func:`decision_key`,
    for :meth:`Repository.record`: :meth:`update` with a longer history only adds the new
    revisions, so a record's look-ups cost the same however long the history is."""

    def __init__(self) -> None:
        self.revisions: tuple[Revision, ...] = ()
        self._by_key: dict[tuple[str, int, int | None], list[Revision]] = {}
        self.latest: Revision | None = None
        """The first revision with the latest decision date."""

    def _clear(self) -> None:
        self.revisions = ()
        self._by_key = {}
        self.latest = None

    def update(self, revisions: tuple[Revision, ...]) -> DecisionIndex:
        """Take in *revisions* (a policy's whole history); return this index."""
        known = len(self.revisions)
        if known > len(revisions) or (known and revisions[known - 1] != self.revisions[-1]):
            self._clear()  # another history: start again
            known = 0
        for revision in revisions[known:]:
            self._by_key.setdefault(decision_key(revision.decision), []).append(revision)
            if self.latest is None or decision_start(revision.decision) > decision_start(
                self.latest.decision
            ):
                self.latest = revision
        self.revisions = revisions
        return self

    def same(self, decision: Decision) -> list[Revision]:
        """The revisions recorded under the same decision as *decision*, in order."""
        return [
            revision
            for revision in self._by_key.get(decision_key(decision), ())
            if same_decision(revision.decision, decision)
        ]

    def inherits(self, own: Decision) -> Callable[[Decision], bool]:
        """Whether a decision is one of those a new revision under *own* inherits from the
        whole history, i.e. in :func:`inherited` ``(self.revisions, own)``: found among the
        revisions with its key only, since only those can be the same decision."""
        start = decision_start(own)

        def test(decision: Decision) -> bool:
            candidates = self._by_key.get(decision_key(decision), ())
            return decision in _inherit((r.decision for r in candidates), start).decisions

        return test


def recorded_history(
    own: Sequence[Decision], given: Decision, previous: Sequence[Decision] | None
) -> tuple[Decision, ...]:
    """The decisions a new revision under *given* must read back with, beside those it
    inherits: the text's *own* decisions, else those of *previous* (the previous revision's
    stored decisions) up to *given*'s date; then *given* (replacing the same decision), by
    date."""
    if own:
        base = list(own)
    elif previous is not None:
        start = decision_start(given)
        base = [d for d in previous if decision_start(d) <= start]
    else:
        base = []
    result = [given if same_decision(d, given) else d for d in base]
    if given not in result:
        result.append(given)
    return _by_date(dict.fromkeys(result))  # decisions are hashable values


def stored_decisions(
    history: Sequence[Decision], given: Decision, inherits: Callable[[Decision], bool]
) -> tuple[Decision, ...]:
    """What the file of a new revision under *given* stores so that reading it gives every
    decision of *history* (module docstring); *inherits* tells the inherited decisions."""
    stored = tuple(d for d in history if d == given or not inherits(d))
    if len(stored) < len(history):
        dropped = [d for d in history if d != given and d not in stored]
        if any(same_decision(d, kept) for d in dropped for kept in stored):
            return tuple(history)  # reading would not add a dropped one back
    return stored


def check_decision(
    policy_id: str,
    cited: Decision | None,
    given: Decision,
    known: DecisionIndex,
    stored: Sequence[Decision],
    force: bool,
    late: bool,
) -> tuple[Decision, tuple[str, ...]]:
    """The refusals of :meth:`~policyversions.store.Repository.record` that concern decisions:
    return *given* completed from *cited* (the decision the text names) and the notes to keep.

    The decisions the previous revision reads back with are those of the history and those its
    file *stores*, so *known* (the history's) and *stored* tell them all. Refused
    (:class:`~policyversions.store.errors.RefusedError`): a text naming another, later decision
    (unless *force*), a decision already recorded (unless *force*), a decision dated before the
    latest one (unless *late*).
    """
    notes: list[str] = []
    if cited is not None and same_decision(cited, given):
        given = combine(given, cited)
    elif cited is not None:
        if known.same(cited) or any(same_decision(cited, d) for d in stored):
            pass
        elif decision_start(cited) < decision_start(given):
            # A text that names only its earlier decisions (its adoption, say) is the usual
            # case of a text not yet updated with its new decision line: recorded, noted.
            notes.append(f"the text names {cited}, not {given}: recorded under {given}")
        elif not force:
            raise RefusedError(
                f"the text names the decision {cited} but is being recorded under {given}: "
                "record it under the decision the text names, or with force=True (--force)"
            )
    repeated = known.same(given)
    if repeated and not force:
        raise RefusedError(
            f"{policy_id!r} already has a revision recorded under {given}: "
            f"revision {repeated[0].number}; record with force=True (--force) to add another"
        )
    latest = known.latest
    if latest is not None and not late and decision_start(given) < decision_start(latest.decision):
        raise RefusedError(
            f"{given} is dated before the latest decision, {latest.decision} "
            f"(revision {latest.number}): record it with late=True (--late) to add it"
        )
    return given, tuple(notes)


__all__ = [
    "DecisionIndex",
    "DecisionTable",
    "check_decision",
    "combine",
    "decision_key",
    "decision_start",
    "full_decisions",
    "inherited",
    "merge",
    "recorded_history",
    "same_decision",
    "stored_decisions",
]
