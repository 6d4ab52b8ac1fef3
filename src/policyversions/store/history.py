"""Reading history: the revision in force on a date, blame, and one node's history.

These are pure functions over a policy's revisions (in recording order) and, where a text is
needed, a function that reads a revision's policy. They rely on the change summaries stored in
the index (:class:`~policyversions.store.identity.ChangeSummary`), so none of them diffs.

In force (:func:`in_force`)
    A revision is in force from its effective date, else its decision date (1 January of the
    year for a year-only decision), until the next revision by that date (recording order breaks
    ties: the later recorded wins). A revision whose decision repeals the policy (action
    ``upphävd``) leaves nothing in force from its date on; neither is anything in force before
    the first revision's date. Both give ``None``.

Blame (:func:`blame`)
    For every node of a revision, in document order: the revision that introduced its id and
    the one that last changed it substantively (editorial changes and moves do not count), up to
    and including that revision.

Node history (:func:`node_history`)
    Every revision that added, changed (substantively or editorially), moved or removed a node,
    with the node's text in it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, get_args

import attrs

from ..compare.tree import kind_of as tree_kind_of
from ..model import Node, Policy, child_nodes
from .errors import StoreError
from .identity import node_label
from .revision import Revision

NodeKindName = Literal["section", "paragraph", "list", "commitment", "table", "row", "cell"]
HistoryChange = Literal["added", "changed", "editorial", "moved", "removed"]


def kind_of(node: Node) -> NodeKindName:
    """The kind name of *node*: ``section``, ``paragraph``, ``list``, ``commitment``, ``table``,
    ``row`` or ``cell``."""
    return tree_kind_of(node)  # type: ignore[return-value]


@attrs.frozen
class BlameEntry:
    """One node of a blamed revision: where it came from and when it last changed."""

    node_id: str
    kind: NodeKindName
    text: str
    depth: int
    introduced: Revision
    changed: Revision

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly dict: the node and the numbers and decisions of both revisions."""
        return {
            "id": self.node_id,
            "kind": self.kind,
            "text": self.text,
            "depth": self.depth,
            "introduced": {
                "revision": self.introduced.number,
                "decision": str(self.introduced.decision),
            },
            "changed": {"revision": self.changed.number, "decision": str(self.changed.decision)},
        }


@attrs.frozen
class NodeVersion:
    """A node in one revision that touched it: what happened, and its text there."""

    revision: Revision
    change: HistoryChange
    text: str | None


def in_force(revisions: Sequence[Revision], date: datetime.date) -> Revision | None:
    """The revision in force on *date* (module docstring), or ``None``."""
    best: Revision | None = None
    for revision in revisions:
        start = revision.in_force_from
        if start <= date and (best is None or start >= best.in_force_from):
            best = revision
    if best is None or best.repeals:
        return None
    return best


def _walk_with_depth(blocks: Iterable[Node], depth: int = 0) -> Iterable[tuple[Node, int]]:
    for node in blocks:
        yield node, depth
        yield from _walk_with_depth(child_nodes(node), depth + 1)


def blame(revisions: Sequence[Revision], policy: Policy) -> list[BlameEntry]:
    """Blame every node of *policy*, the text of the last of *revisions* (module docstring)."""
    if not revisions:
        raise StoreError("nothing to blame: the policy has no revisions")
    introduced: dict[str, Revision] = {}
    changed: dict[str, Revision] = {}
    for revision in revisions:
        for node_id in revision.changes.added:
            introduced[node_id] = revision
            changed[node_id] = revision
        for node_id in revision.changes.changed:
            changed[node_id] = revision
    first = revisions[0]
    result = []
    for node, depth in _walk_with_depth(policy.body):
        came = introduced.get(node.id, first)
        result.append(
            BlameEntry(
                node_id=node.id,
                kind=kind_of(node),
                text=node_label(node),
                depth=depth,
                introduced=came,
                changed=changed.get(node.id, came),
            )
        )
    return result


def node_history(
    revisions: Sequence[Revision], node_id: str, read: Callable[[Revision], Policy]
) -> list[NodeVersion]:
    """Every revision that touched *node_id*, with its text there (module docstring).

    Reads only those revisions; raises :class:`StoreError` when no revision has the node.
    """
    result: list[NodeVersion] = []
    for revision in revisions:
        changes = revision.changes
        change: HistoryChange | None = next(
            (name for name in get_args(HistoryChange) if node_id in getattr(changes, name)), None
        )
        if change is None:
            continue
        if change == "removed":
            result.append(NodeVersion(revision, change, None))
            continue
        node = read(revision).find(node_id)
        result.append(NodeVersion(revision, change, None if node is None else node_label(node)))
    if not result:
        raise StoreError(
            f"no node {node_id!r} in the history of {revisions[0].policy_id!r}"
            if revisions
            else f"no node {node_id!r}: the policy has no revisions"
        )
    return result


__all__ = ["BlameEntry", "NodeVersion", "blame", "in_force", "kind_of", "node_history"]
