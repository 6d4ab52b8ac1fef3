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

Recording (:func:`stored_decisions`) computes the history the new revision must read back with
(the text's own decisions, else the previous revision's history up to the new decision's date;
then the given decision, replacing the same one; by date) and stores only those of its
decisions that are not equal to an inherited one; the given decision is always stored. If
dropping a decision would lose it on reading (a text citing two forms of one decision), the
whole history is stored, which reading gives back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..decisions import Decision
from .refs import DecisionTable, same_decision
from .revision import Revision, decision_start


def _by_date(decisions: Iterable[Decision]) -> tuple[Decision, ...]:
    return tuple(sorted(decisions, key=decision_start))  # stable: ties keep their order


def inherited(revisions: Sequence[Revision], own: Decision) -> list[Decision]:
    """The decisions revision *revisions[-1] + 1* under *own* inherits from *revisions* (the
    revisions before it, in recording order): module docstring. Linear in their number."""
    start = decision_start(own)
    table = DecisionTable()
    result: list[Decision] = []
    for revision in revisions:
        decision = revision.decision
        if decision_start(decision) > start:
            continue
        position = table.find(decision)
        if position is None:
            table.add(decision)
            result.append(decision)
        else:
            result[position] = decision
    return result


def merge(inherited: Sequence[Decision], stored: Sequence[Decision]) -> tuple[Decision, ...]:
    """The decision history of a revision whose file holds *stored* (module docstring)."""
    table = DecisionTable(stored)
    extra = [decision for decision in inherited if decision not in table]
    return _by_date([*extra, *stored])


def full_decisions(
    revisions: Sequence[Revision], revision: Revision, stored: Sequence[Decision]
) -> tuple[Decision, ...]:
    """The decision history of *revision*, whose file holds *stored*; *revisions* are the
    policy's revisions in order (at least those before *revision*)."""
    return merge(inherited(revisions[: revision.number - 1], revision.decision), stored)


def recorded_history(
    own: Sequence[Decision], given: Decision, previous: Sequence[Decision] | None
) -> tuple[Decision, ...]:
    """The decision history a new revision under *given* reads back with: the text's *own*
    decisions, else those of the *previous* revision's history up to *given*'s date; then
    *given* (replacing the same decision), by date."""
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
    history: Sequence[Decision], given: Decision, inherited: Sequence[Decision]
) -> tuple[Decision, ...]:
    """What the file of a new revision under *given* stores so that reading it (with the
    *inherited* decisions) gives at least every decision of *history* (module docstring)."""
    known = set(inherited)
    stored = tuple(d for d in history if d == given or d not in known)
    if not set(history) <= set(merge(inherited, stored)):
        return tuple(history)
    return stored


__all__ = ["full_decisions", "inherited", "merge", "recorded_history", "stored_decisions"]
