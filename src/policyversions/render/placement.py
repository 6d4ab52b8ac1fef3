"""Where a redline shows what is no longer there: the old revision's nodes placed among the new
revision's, shared by the HTML redline (:mod:`~policyversions.render.redlinewriter`) and the
Word redline (:mod:`policyversions.render.docx`).

A redline walks the new revision in order. A removed node, and the old place of a moved node,
is shown among the children of its old parent's counterpart, right after the counterpart of the
nearest preceding old sibling that *stayed* (matched, same parent, not moved), so it lands where
it used to be: read without the new revision's insertions, the walk gives the old revision's
children in their old order. When the old parent itself is gone or moved, the node is shown
with that parent's old subtree instead (:attr:`Placement.placed` has no entry for it there).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..compare.changes import Change
from ..compare.policydiff import PolicyDiff
from ..model import Block, Node, Policy, child_nodes, walk_blocks

MOVES = ("moved", "section_moved")
"""The change kinds that move a node."""

PlacedEntry = tuple[int, int, Change]
"""``(index of the new sibling it follows, -1 for the start; old index; the change)``."""


class Placement:
    """The changes of a diff indexed for a document walk, and where old nodes go.

    ``by_new`` lists the changes of each new node id; ``moved_by_old`` the move of each moved
    old node; ``old_to_new`` maps every matched old id to its new id; ``placed`` lists, per new
    parent id (``""`` for the body), the removed nodes and old places of moved nodes (and of the
    sources of splits and merges, when *also* names those kinds) to show among its children;
    ``old_nodes`` and ``new_nodes`` hold every node of each revision by id.
    """

    def __init__(
        self, diff: PolicyDiff, old: Policy, new: Policy, also: tuple[str, ...] = ()
    ) -> None:
        self.diff = diff
        self.old_children: dict[str, list[str]] = {}
        self.new_children: dict[str, list[str]] = {}
        self.new_place: dict[str, tuple[str, int]] = {}
        self.old_nodes: dict[str, Node] = {}
        self.new_nodes: dict[str, Node] = {}
        old_place: dict[str, tuple[str, int]] = {}
        children_of(old.body, "", self.old_children, old_place, self.old_nodes)
        children_of(new.body, "", self.new_children, self.new_place, self.new_nodes)
        self.by_new: dict[str, list[Change]] = {}
        self.by_old: dict[str, list[Change]] = {}
        self.moved_by_old: dict[str, Change] = {}
        for change in diff.changes:
            if change.node == "policy":
                continue
            for new_id in change.new_ids:
                self.by_new.setdefault(new_id, []).append(change)
            for old_id in change.old_ids:
                self.by_old.setdefault(old_id, []).append(change)
            if change.kind in MOVES and change.old_id and change.old_id not in self.moved_by_old:
                self.moved_by_old[change.old_id] = change
        self.old_to_new = self._old_to_new(old, new)
        self.placed: dict[str, list[PlacedEntry]] = {}
        for change in diff.changes:
            if change.kind == "removed" or change.kind in MOVES or change.kind in also:
                self._place(change)

    def _old_to_new(self, old: Policy, new: Policy) -> dict[str, str]:
        """Map every matched old node id to its new id, from the diff alone."""
        unmatched_old: set[str] = set()
        unmatched_new: set[str] = set()
        matched_old: set[str] = set()
        for change in self.diff.changes:
            if change.kind == "removed":
                unmatched_old.update(node.id for node in walk_blocks(change.old_content))
            elif change.kind == "added":
                unmatched_new.update(node.id for node in walk_blocks(change.new_content))
            elif change.kind in ("split", "merged"):
                unmatched_old.update(change.old_ids)
                unmatched_new.update(change.new_ids)
            elif change.node != "policy":
                matched_old.update(change.old_ids)
        mapping = dict(self.diff.id_map)
        taken = set(mapping.values())
        new_ids = self.new_nodes
        for node_id in self.old_nodes:
            if node_id in mapping:
                continue
            if node_id in unmatched_old and node_id not in matched_old:
                continue
            if node_id in new_ids and node_id not in taken and node_id not in unmatched_new:
                mapping[node_id] = node_id
        return mapping

    def _place(self, change: Change) -> None:
        """Find where a removed node or a moved node's old place goes among the new children."""
        old_id, old_parent, old_index = change.old_id, change.old_parent, change.old_index
        if old_id is None or old_parent is None or old_index is None:
            return
        parent = "" if old_parent == "" else self.old_to_new.get(old_parent)
        if parent is None or (parent != "" and parent not in self.new_place):
            return  # the old parent is gone: the node is shown in the old parent's subtree
        after = -1
        for sibling in reversed(self.old_children.get(old_parent, [])[:old_index]):
            if sibling in self.moved_by_old:
                continue  # a moved sibling is elsewhere now: it cannot say where this was
            partner = self.old_to_new.get(sibling)
            if partner is not None and self.new_place.get(partner, ("?", 0))[0] == parent:
                after = self.new_place[partner][1]
                break
        self.placed.setdefault(parent, []).append((after, old_index, change))

    def pending(self, parent_id: str) -> list[PlacedEntry]:
        """The entries placed among the children of *parent_id*, in the order to show them."""
        return sorted(self.placed.get(parent_id, []), key=lambda entry: (entry[0], entry[1]))


def children_of(
    blocks: Iterable[Block],
    parent: str,
    children: dict[str, list[str]],
    place: dict[str, tuple[str, int]],
    nodes: dict[str, Node] | None = None,
) -> None:
    """Record every node's children ids and every node's (parent id, index) (and, in *nodes*,
    every node by id)."""
    ids = children.setdefault(parent, [])
    for index, block in enumerate(blocks):
        ids.append(block.id)
        place[block.id] = (parent, index)
    for node in walk_blocks(blocks):
        if nodes is not None:
            nodes[node.id] = node
        kids = child_nodes(node)
        if kids:
            ids = children.setdefault(node.id, [])
            for index, child in enumerate(kids):
                ids.append(child.id)
                place[child.id] = (node.id, index)


__all__ = ["MOVES", "PlacedEntry", "Placement", "children_of"]
