"""Carrying node ids from one revision to the next, and what each revision changed.

:func:`carry_ids` gives a new revision the ids of the previous one, like the ``wId`` of Akoma
Ntoso: the two revisions are paired by :func:`policyversions.compare.matching.match`, so a node
that is unchanged, reworded or moved keeps its id. In a split the first part keeps the old item's
id; in a merge the merged item keeps the first old id not kept elsewhere. Every other node gets an
id never used before in the policy's history: its (final) parent's id, ``__``, the kind prefix
(``sec``, ``para``, ``list``, ``point``, ``table``, ``row``, ``cell``) and the next number not yet
used under that parent (``sec_3__list_1__point_9``), so new ids stay readable and never collide
with a retired one.

The first revision keeps the ids it comes with (positional ids from an importer, or any ids
from our XML).

:class:`ChangeSummary` lists, per revision, the ids it added, changed substantively, changed
editorially (white space, punctuation, case, dash style, list style), moved (to another parent,
or out of the order of its siblings: a move as :func:`policyversions.diff` reports it) and
removed. The store keeps it in the index so that blame and node history need not diff.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

import attrs

from ..compare.matching import match
from ..compare.order import longest_increasing
from ..compare.tree import ROOT
from ..compare.wording import is_editorial
from ..formats.policyjson import metadata_to_dict
from ..model import (
    MAX_ID_LENGTH,
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
    walk_blocks,
)
from ..model.ids import positional_id

_PREFIX: dict[type, str] = {
    Section: "sec",
    Paragraph: "para",
    CommitmentList: "list",
    Commitment: "point",
    Table: "table",
    Row: "row",
    Cell: "cell",
}
_LAST_PART = re.compile(r"([a-z][a-z0-9]*)_([0-9]+)")
# _LAST_PART after the last "__" of a line (it holds no "__", so the greedy parent cannot end
# at an earlier one), for ids joined by line breaks.
_ID_LINES = re.compile(r"^(?:(.*)__)?([a-z][a-z0-9]*)_([0-9]+)$", re.MULTILINE)


@attrs.frozen
class ChangeSummary:
    """The ids a revision added, changed (substantively / editorially), moved and removed."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    editorial: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def touched(self) -> set[str]:
        """Every id this revision added, changed, moved or removed."""
        return {*self.added, *self.changed, *self.editorial, *self.moved, *self.removed}


def node_texts(node: Node) -> tuple[str | None, ...]:
    """The texts of *node* that a revision can change (a section's number and heading; a list's
    lead-in and wrap-up; a point's label and text; a table's caption; a row's header flag; the
    text of a paragraph or cell)."""
    if isinstance(node, Section):
        return (node.number, node.heading)
    if isinstance(node, CommitmentList):
        return (node.lead_in, node.wrap_up)
    if isinstance(node, Commitment):
        return (node.label, node.text)
    if isinstance(node, Table):
        return (node.caption,)
    if isinstance(node, Row):
        return ("header" if node.header else None,)
    return (node.text,)


def node_label(node: Node) -> str:
    """A one-line text for *node*: a section's number and heading, a list's lead-in (or its
    number of items), a table's caption (or its number of rows), a row's cells, a text."""
    if isinstance(node, Section):
        return node.title
    if isinstance(node, CommitmentList):
        return node.lead_in or f"({len(node.items)} items)"
    if isinstance(node, Table):
        return node.caption or f"({len(node.rows)} rows)"
    if isinstance(node, Commitment) and node.label:
        return f"{node.label} {node.text}"
    return node.text


def parents(policy: Policy) -> dict[str, tuple[Node, str, int]]:
    """Map every node id of *policy* to the node, its parent's id (``""`` for the body) and its
    index among the parent's children, in document order."""
    place = {block.id: (ROOT, index) for index, block in enumerate(policy.body)}
    found: dict[str, tuple[Node, str, int]] = {}
    for node in walk_blocks(policy.body):  # parents come before their children
        for index, child in enumerate(child_nodes(node)):
            place[child.id] = (node.id, index)
        parent, index = place[node.id]
        found[node.id] = (node, parent, index)
    return found


class _IdMaker:
    """Fresh ids under a parent, never in *used* (which it extends)."""

    def __init__(self, used: set[str]) -> None:
        self.used = used
        self.next: dict[tuple[str, str], int] | None = None

    def _counters(self) -> dict[tuple[str, str], int]:
        """For each (parent, prefix), one more than the highest number used under it: every
        id ``<parent>__<prefix>_<n>`` (the parent before the last ``__``; none, ``""``)."""
        if self.next is None:
            counters: dict[tuple[str, str], int] = {}
            text = "\n".join(self.used)
            if text.count("\n") == len(self.used) - 1:  # one regex over all ids at once
                found = _ID_LINES.findall(text)
            else:  # an id holding a line break (never made by this library)
                found = [
                    (parent, *match.groups())
                    for parent, _, last in (node_id.rpartition("__") for node_id in self.used)
                    if (match := _LAST_PART.fullmatch(last)) is not None
                ]
            for parent, prefix, number in found:
                key = (parent, prefix)
                counters[key] = max(counters.get(key, 1), int(number) + 1)
            self.next = counters
        return self.next

    def make(self, parent: str, prefix: str) -> str:
        counters = self._counters()
        if len(parent) + len(prefix) + 12 > MAX_ID_LENGTH:
            parent = ""  # too deep for a readable id: fall back to a top-level one
        key = (parent, prefix)
        number = counters.get(key, 1)
        while True:
            candidate = positional_id(parent, prefix, number)
            number += 1
            if candidate not in self.used:
                break
        counters[key] = number
        self.used.add(candidate)
        return candidate


def carry_ids(previous: Policy | None, new: Policy, used: set[str]) -> tuple[Policy, ChangeSummary]:
    """Return *new* with ids carried over from *previous*, and what it changed.

    *used* holds every id used so far in the policy's history; fresh ids are added to it.
    With no *previous* revision, *new* keeps its ids and every node counts as added.
    """
    if previous is None:
        ids = tuple(node.id for node in new.walk())
        used.update(ids)
        return new, ChangeSummary(added=ids)

    matching = match(previous, new)
    mapping: dict[str, str] = {}
    kept: set[str] = set()
    for old_id, new_id in matching.pairs.items():
        if old_id != ROOT:
            mapping[new_id] = old_id
            kept.add(old_id)
    for source, new_ids in matching.splits:
        if new_ids and new_ids[0] not in mapping and source not in kept:
            mapping[new_ids[0]] = source
            kept.add(source)
    for sources, target in matching.merges:
        if target in mapping:
            continue
        for source in sources:
            if source not in kept:
                mapping[target] = source
                kept.add(source)
                break

    maker = _IdMaker(used)
    used.update(kept)

    def final(node: Node, parent: str) -> str:
        carried = mapping.get(node.id)
        return carried if carried is not None else maker.make(parent, _PREFIX[type(node)])

    def rebuild(node: Node, parent: str) -> Node:
        node_id = final(node, parent)
        if isinstance(node, Section):
            children = tuple(rebuild(child, node_id) for child in node.children)
            return attrs.evolve(node, children=children, id=node_id)
        if isinstance(node, CommitmentList):
            items = tuple(rebuild(item, node_id) for item in node.items)
            return attrs.evolve(node, items=items, id=node_id)
        if isinstance(node, Commitment) and node.sublist is not None:
            return attrs.evolve(node, sublist=rebuild(node.sublist, node_id), id=node_id)
        if isinstance(node, Table):
            return attrs.evolve(node, rows=[rebuild(row, node_id) for row in node.rows], id=node_id)
        if isinstance(node, Row):
            return attrs.evolve(node, cells=[rebuild(c, node_id) for c in node.cells], id=node_id)
        return attrs.evolve(node, id=node_id)

    body = tuple(rebuild(block, ROOT) for block in new.body)
    carried = attrs.evolve(new, body=body)
    return carried, summarise(previous, carried)


def _reordered(
    before: dict[str, tuple[Node, str, int]], after: Iterable[tuple[str, str]]
) -> set[str]:
    """The ids, among *after* (``(id, parent)`` in new document order), that stayed under their
    parent but left the order of their siblings: not in the longest increasing subsequence of
    their old indices, the rule of :func:`policyversions.diff`."""
    staying: dict[str, list[tuple[str, int]]] = {}
    for node_id, parent in after:
        old = before.get(node_id)
        if old is not None and old[1] == parent:
            staying.setdefault(parent, []).append((node_id, old[2]))
    moved: set[str] = set()
    for children in staying.values():
        positions = [index for _, index in children]
        if positions != sorted(positions):  # in order (the usual case): nothing moved
            keep = longest_increasing(positions)
            moved.update(node_id for i, (node_id, _) in enumerate(children) if i not in keep)
    return moved


def summarise(previous: Policy, new: Policy) -> ChangeSummary:
    """What *new* changed from *previous*, comparing nodes by id.

    A node is *moved* when its parent changed or when it left the order of its siblings (as
    :func:`policyversions.diff` reports a move)."""
    before = parents(previous)
    after = parents(new)
    reordered = _reordered(before, ((node_id, place[1]) for node_id, place in after.items()))
    added: list[str] = []
    changed: list[str] = []
    editorial: list[str] = []
    moved: list[str] = []
    seen: set[str] = set()
    for node_id, (node, parent, _) in after.items():
        seen.add(node_id)
        old = before.get(node_id)
        if old is None:
            added.append(node_id)
            continue
        old_node, old_parent, _ = old
        if old_parent != parent or node_id in reordered:
            moved.append(node_id)
        old_texts, new_texts = node_texts(old_node), node_texts(node)
        if type(old_node) is not type(node):
            changed.append(node_id)
        elif old_texts != new_texts:
            if all(is_editorial(a, b) for a, b in zip(old_texts, new_texts, strict=True)):
                editorial.append(node_id)
            else:
                changed.append(node_id)
        elif (
            isinstance(node, CommitmentList)
            and isinstance(old_node, CommitmentList)
            and node.style != old_node.style
        ):
            editorial.append(node_id)
    removed = [node.id for node in walk_blocks(previous.body) if node.id not in seen]
    return ChangeSummary(
        added=tuple(added),
        changed=tuple(changed),
        editorial=tuple(editorial),
        moved=tuple(moved),
        removed=tuple(removed),
    )


def text_key(policy: Policy) -> str:
    """A SHA-256 of *policy*'s text (title, metadata, body structure and texts), ignoring node
    ids and decisions: equal exactly when two texts differ at most in ids and decisions.

    Not :func:`~policyversions.formats.digest.policy_digest` of the text with positional ids and no
    decisions, which gives the same answer: rebuilding the tree makes that eight times slower,
    and :meth:`~policyversions.store.Repository.record` computes this twice."""

    def shape(nodes: Iterable[Node]) -> list[object]:
        result: list[object] = []
        for node in nodes:
            if isinstance(node, Section):
                result.append(["s", node.number, node.heading, shape(node.children)])
            elif isinstance(node, CommitmentList):
                result.append(["l", node.lead_in, node.wrap_up, node.style, shape(node.items)])
            elif isinstance(node, Paragraph):
                result.append(["p", node.text])
            elif isinstance(node, Commitment):
                sublist = None if node.sublist is None else shape((node.sublist,))
                result.append(["c", node.label, node.text, sublist])
            elif isinstance(node, Table):
                result.append(["t", node.caption, shape(node.rows)])
            elif isinstance(node, Row):
                result.append(["r", node.header, shape(node.cells)])
            else:
                result.append(["x", node.text])
        return result

    data = [policy.title, metadata_to_dict(policy.metadata), shape(policy.body)]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = [
    "ChangeSummary",
    "carry_ids",
    "node_label",
    "node_texts",
    "parents",
    "summarise",
    "text_key",
]
