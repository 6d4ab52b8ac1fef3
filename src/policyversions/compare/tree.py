"""A policy flattened for matching and patching: :class:`Entry` per node, :class:`Tree` per
revision, and the :class:`Matching` of two trees' node ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ..model import CommitmentList, Node, Paragraph, Policy, Section

LEAF_KINDS = ("paragraph", "commitment")
"""The kinds of node that hold running text and are compared by their words."""

ROOT = ""


_NO_CHILDREN: tuple[str, ...] = ()


class Entry:
    """One node of a flattened policy: kind, main text, parent, position and heading trail.

    ``children`` holds the ids of a container's children in order; leaves share one empty tuple.
    """

    __slots__ = ("children", "id", "index", "kind", "node", "order", "parent", "text", "trail")

    def __init__(
        self,
        node_id: str,
        kind: str,
        node: Node | None,
        parent: str | None,
        index: int,
        text: str,
        trail: tuple[str, ...],
        order: int,
        children: Sequence[str] = _NO_CHILDREN,
    ) -> None:
        self.id = node_id
        self.kind = kind
        self.node = node
        self.parent = parent
        self.index = index
        self.text = text
        self.trail = trail
        self.order = order
        self.children = children


class Tree:
    """A policy flattened for matching: entries by id, in document order (root first)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        children: list[str] = []
        root = Entry(ROOT, "root", None, None, 0, policy.title, (), 0, children)
        self.entries: dict[str, Entry] = {ROOT: root}
        self.order: list[Entry] = [root]
        self._by_kinds: dict[tuple[str, ...], list[Entry]] = {}
        self._add(policy.body, ROOT, children, ())
        by_kind: dict[str, list[Entry]] = {"section": [], "list": [], "paragraph": []}
        commitments = []
        for entry in self.order[1:]:
            if entry.kind == "commitment":
                commitments.append(entry)
            else:
                by_kind[entry.kind].append(entry)
        by_kind["commitment"] = commitments
        self._by_kinds.update(((kind,), entries) for kind, entries in by_kind.items())

    def _add(
        self, nodes: Iterable[Node], parent_id: str, children: list[str], trail: tuple[str, ...]
    ) -> None:
        entries, order = self.entries, self.order
        for index, node in enumerate(nodes):
            node_id = node.id
            children.append(node_id)
            if isinstance(node, Section):
                kids: list[str] = []
                heading = node.heading
                at = len(order)
                entry = Entry(node_id, "section", node, parent_id, index, heading, trail, at, kids)
                entries[node_id] = entry
                order.append(entry)
                self._add(node.children, node_id, kids, (*trail, heading))
            elif isinstance(node, CommitmentList):
                kids = []
                text, at = node.lead_in or "", len(order)
                entry = Entry(node_id, "list", node, parent_id, index, text, trail, at, kids)
                entries[node_id] = entry
                order.append(entry)
                # Items are most of a policy: one tight loop for them.
                for number, item in enumerate(node.items):
                    item_id = item.id
                    leaf = Entry(
                        item_id, "commitment", item, node_id, number, item.text, trail, len(order)
                    )
                    entries[item_id] = leaf
                    order.append(leaf)
                    kids.append(item_id)
            else:
                kind = "paragraph" if isinstance(node, Paragraph) else "commitment"
                entry = Entry(node_id, kind, node, parent_id, index, node.text, trail, len(order))
                entries[node_id] = entry
                order.append(entry)

    def __getitem__(self, node_id: str) -> Entry:
        return self.entries[node_id]

    def of_kind(self, *kinds: str) -> list[Entry]:
        """Return the entries of the given kinds, in document order."""
        found = self._by_kinds.get(kinds)
        if found is None:
            found = [entry for entry in self.order if entry.kind in kinds]
            self._by_kinds[kinds] = found
        return found



@attrs.define
class Matching:
    """A one-to-one pairing of old and new node ids, with the splits and merges found."""

    pairs: dict[str, str] = attrs.Factory(dict)
    reverse: dict[str, str] = attrs.Factory(dict)
    scores: dict[str, float] = attrs.Factory(dict)
    splits: list[tuple[str, tuple[str, ...]]] = attrs.Factory(list)
    merges: list[tuple[tuple[str, ...], str]] = attrs.Factory(list)

    def pair(self, old: str, new: str, score: float) -> None:
        """Record that *old* and *new* are the same node."""
        self.pairs[old] = new
        self.reverse[new] = old
        self.scores[old] = score

    def unpair(self, old: str) -> None:
        """Forget the pair of *old*."""
        new = self.pairs.pop(old)
        del self.reverse[new]
        del self.scores[old]


__all__ = ["LEAF_KINDS", "ROOT", "Entry", "Matching", "Tree"]
