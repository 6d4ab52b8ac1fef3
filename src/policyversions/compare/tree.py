"""A policy flattened for matching and patching: :class:`Entry` per node, :class:`Tree` per
revision, and the :class:`Matching` of two trees' node ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ..model import (
    Cell,
    Commitment,
    CommitmentList,
    Node,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    child_nodes,
)

LEAF_KINDS = ("paragraph", "commitment", "row")
"""The kinds of node paired by their words (a row by all its cells: it is one line of a table).
A cell pairs with the cell in the same column of its row's partner."""

ROOT = ""


_NO_CHILDREN: tuple[str, ...] = ()


class Entry:
    """One node of a flattened policy: kind, main text, label, parent, position and trail.

    ``text`` is the node's main text (a section's heading, a list's lead-in, a table's caption,
    a row's cells joined by `` | ``; ``""`` when it has none); ``label`` a section's number or a
    point's label as written (else ``None``); ``trail`` the titles of the enclosing sections (and,
    for a cell, its row's first filled cell, which names the row). ``children`` holds the ids of
    a node's children in order; nodes without children share one empty tuple.
    """

    __slots__ = (
        "children",
        "id",
        "index",
        "kind",
        "label",
        "node",
        "order",
        "parent",
        "text",
        "trail",
    )

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
        label: str | None = None,
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
        self.label = label


_KINDS: dict[type, str] = {
    Section: "section",
    CommitmentList: "list",
    Commitment: "commitment",
    Paragraph: "paragraph",
    Table: "table",
    Row: "row",
    Cell: "cell",
}
KINDS = tuple(_KINDS.values())
"""Every kind of node, as :class:`Entry` and :class:`~policyversions.compare.changes.Change`
name them."""


def kind_of(node: Node) -> str:
    """The kind of *node*: ``section``, ``list``, ``commitment``, ``paragraph``, ``table``,
    ``row`` or ``cell``."""
    return _KINDS[type(node)]


def main_text(node: Node) -> str:
    """The text a node is compared by (see :class:`Entry`)."""
    if isinstance(node, Section):
        return node.heading or ""
    if isinstance(node, CommitmentList):
        return node.lead_in or ""
    if isinstance(node, Table):
        return node.caption or ""
    return node.text


def row_name(row: Row) -> str:
    """What names a row for a reader: its first cell that holds text."""
    return next((cell.text for cell in row.cells if cell.text), "")


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
        by_kind: dict[str, list[Entry]] = {kind: [] for kind in KINDS}
        for entry in self.order[1:]:
            by_kind[entry.kind].append(entry)
        self._by_kinds.update(((kind,), entries) for kind, entries in by_kind.items())

    def _add(
        self, nodes: Iterable[Node], parent_id: str, children: list[str], trail: tuple[str, ...]
    ) -> None:
        entries, order = self.entries, self.order
        for index, node in enumerate(nodes):
            node_id = node.id
            children.append(node_id)
            if isinstance(node, Commitment) and node.sublist is None:
                # Points are most of a policy: the common case kept quick.
                leaf = Entry(
                    node_id,
                    "commitment",
                    node,
                    parent_id,
                    index,
                    node.text,
                    trail,
                    len(order),
                    label=node.label,
                )
                entries[node_id] = leaf
                order.append(leaf)
                continue
            if isinstance(node, CommitmentList):
                # Points are most of a policy: one tight loop for a list's plain points.
                kids_of_list: list[str] = []
                entry = Entry(
                    node_id,
                    "list",
                    node,
                    parent_id,
                    index,
                    node.lead_in or "",
                    trail,
                    len(order),
                    kids_of_list,
                )
                entries[node_id] = entry
                order.append(entry)
                plain = all(item.sublist is None for item in node.items)
                if not plain:
                    self._add(node.items, node_id, kids_of_list, trail)
                    continue
                for number, item in enumerate(node.items):
                    item_id = item.id
                    leaf = Entry(
                        item_id,
                        "commitment",
                        item,
                        node_id,
                        number,
                        item.text,
                        trail,
                        len(order),
                        label=item.label,
                    )
                    entries[item_id] = leaf
                    order.append(leaf)
                    kids_of_list.append(item_id)
                continue
            grandchildren = child_nodes(node)
            kids: list[str] | tuple[str, ...] = [] if grandchildren else _NO_CHILDREN
            label = node.number if isinstance(node, Section) else getattr(node, "label", None)
            entry = Entry(
                node_id,
                kind_of(node),
                node,
                parent_id,
                index,
                main_text(node),
                trail,
                len(order),
                kids,
                label,
            )
            entries[node_id] = entry
            order.append(entry)
            if grandchildren:
                assert isinstance(kids, list)
                inner = trail
                if isinstance(node, Section):
                    inner = (*trail, node.title)
                elif isinstance(node, Row):
                    inner = (*trail, row_name(node)) if row_name(node) else trail
                self._add(grandchildren, node_id, kids, inner)

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


__all__ = [
    "KINDS",
    "LEAF_KINDS",
    "ROOT",
    "Entry",
    "Matching",
    "Tree",
    "kind_of",
    "main_text",
    "row_name",
]
