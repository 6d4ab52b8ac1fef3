"""The decision history of a revision: what a revision file stores and what reading it gives.

A policy's decision history lives in its index, which names every revision's decision. A
revision file therefore stores only what the index cannot give: the decision the revision was
recorded under and the decisions its text cites that the history does not already hold. So a
revision file does not grow with the history, and neither does the time to write or read it.

Reading revision *n* (:func:`full_decisions`) gives its text with its *decision history*:

* the *inherited* decisions (:func:`inherited`): those of revisions 1 .. n-1 in recording
  order, dated on or before revision *n*'s own decision (a decision registered late does not
  inherit the later ones), a later recorded decision replacing the same earlier one
  (:func:`~policyversions.store.refs.same_decision`: a revision recorded again, by force,
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

from ..model import Decision
from .refs import DecisionTable, decision_key, same_decision
from .revision import Revision, decision_start


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
    """The decisions of a policy's revisions by :func:`~policyversions.store.refs.decision_key`,
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


__all__ = [
    "DecisionIndex",
    "full_decisions",
    "inherited",
    "merge",
    "recorded_history",
    "stored_decisions",
]
