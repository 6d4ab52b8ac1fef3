"""Counting a diff's changes: :class:`Summary`, by kind, by node and action, by class and by
change of strength. The plain-language paragraph that reads a summary out is written by
:func:`policyversions.render.summary.render_summary`.

Every change counts once: a move that also reworded is one ``moved_reworded`` action.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import attrs

from .changes import Change

ACTIONS = (
    "added",
    "removed",
    "moved",
    "moved_reworded",
    "split",
    "merged",
    "renamed",
    "lead_in",
    "style",
    "header",
    "relabelled",
    "reworded",
)
"""What can happen to a node, as a summary counts it, in the order a summary names them."""


@attrs.frozen
class Summary:
    """Counts of a diff's changes.

    ``by_kind`` counts changes by their kind, ``by_class`` by ``editorial``/``substantive``,
    ``actions`` by ``(node, action)`` where the action is one of :data:`ACTIONS`.
    ``weakened`` and ``strengthened`` hold the changes that weakened or strengthened an
    obligation (each with its :class:`~policyversions.compare.modality.Strength`), in order;
    ``policy_kinds`` the kinds of the changes to the policy itself (title, metadata, decisions).
    """

    by_kind: tuple[tuple[str, int], ...]
    by_class: tuple[tuple[str, int], ...]
    actions: tuple[tuple[tuple[str, str], int], ...]
    weakened: tuple[Change, ...]
    strengthened: tuple[Change, ...]
    policy_kinds: tuple[str, ...]

    @property
    def points_weakened(self) -> int:
        """How many points lost force through a change of the text they complete (a lead-in
        reworded from *ska* to *bör*): each such change counts its points."""
        return sum(change.strength.new_points for change in self.weakened if change.strength)

    @property
    def points_strengthened(self) -> int:
        """How many points gained force through a change of the text they complete."""
        return sum(change.strength.new_points for change in self.strengthened if change.strength)

    @property
    def total(self) -> int:
        """The number of changes."""
        return sum(count for _, count in self.by_kind)

    def count(self, kind: str) -> int:
        """Return the number of changes of *kind* (``editorial``/``substantive`` work too)."""
        return dict(self.by_kind).get(kind, 0) or dict(self.by_class).get(kind, 0)

    def action_count(self, node: str, action: str) -> int:
        """Return how many *node*\\ s (``commitment``, ...) had *action* (see :data:`ACTIONS`)."""
        return dict(self.actions).get((node, action), 0)


def _actions(change: Change) -> list[str]:
    kind = change.kind
    if kind in ("added", "removed", "reworded", "split", "merged"):
        return [kind]
    if kind in ("moved", "section_moved"):
        reworded = change.is_reworded and change.node not in ("list", "row")
        return ["moved_reworded" if reworded else "moved"]
    if kind == "section_renamed":
        return ["renamed"]
    if kind == "lead_in_changed":
        return ["lead_in"]
    if kind == "style_changed":
        return ["header" if change.field == "header" else "style"]
    if kind == "relabelled":
        return ["relabelled"]
    return []


def summarize(changes: Iterable[Change]) -> Summary:
    """Count *changes* into a :class:`Summary`."""
    by_kind: Counter[str] = Counter()
    by_class: Counter[str] = Counter()
    actions: Counter[tuple[str, str]] = Counter()
    weakened: list[Change] = []
    strengthened: list[Change] = []
    policy_kinds: list[str] = []
    for change in changes:
        by_kind[change.kind] += 1
        by_class[change.classification] += 1
        if change.node == "policy":
            policy_kinds.append(change.kind)
        for action in _actions(change):
            actions[(change.node, action)] += 1
        if change.strength is not None:
            target = weakened if change.strength.change == "weakened" else strengthened
            target.append(change)
    return Summary(
        by_kind=tuple(sorted(by_kind.items())),
        by_class=tuple(sorted(by_class.items())),
        actions=tuple(sorted(actions.items())),
        weakened=tuple(weakened),
        strengthened=tuple(strengthened),
        policy_kinds=tuple(policy_kinds),
    )
