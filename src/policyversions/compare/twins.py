"""Identical subtrees: a section, list or table that occurs exactly as it is once in each
revision, its content (texts, labels, list styles, header rows) and shape unchanged.

Such a pair is the strongest evidence a revision holds: where every text of a section is
repeated elsewhere (the same heading, the same points), the whole subtree still tells which
copy it is. The matcher pairs the leaves of such twins before it looks at repeated texts one
by one (see :mod:`policyversions.compare.matching`, step 1), so that a copy added in front of
a policy's sections leaves every old section in place.

A subtree's *shape* is a hash computed bottom up over the flattened tree, so finding all
twins costs time linear in the size of the two revisions. Hashes can collide; the leaves of a
candidate pair are compared as they are walked, and a pair whose walk finds a difference is
dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..model import CommitmentList, Row
from .tree import Entry, Tree

CONTAINER_KINDS = ("section", "list", "table")


def shapes(tree: Tree) -> dict[str, int]:
    """The shape hash of every node of *tree* by id (children before parents)."""
    shape: dict[str, int] = {}
    for entry in reversed(tree.order):
        node = entry.node
        extra: object = None
        if isinstance(node, CommitmentList):
            extra = (node.style, node.wrap_up)
        elif isinstance(node, Row):
            extra = node.header
        shape[entry.id] = hash(
            (entry.kind, entry.text, entry.label, extra, tuple(shape[c] for c in entry.children))
        )
    return shape


def twins(old: Tree, new: Tree) -> Iterator[tuple[Entry, Entry]]:
    """The top-most pairs of containers whose subtree occurs once on each side, identical, with
    every pair of their descendants (parents before children, in old document order)."""
    old_shapes, new_shapes = shapes(old), shapes(new)
    containers_old = old.of_kind(*CONTAINER_KINDS)
    containers_new = new.of_kind(*CONTAINER_KINDS)
    old_counts = Counter(old_shapes[entry.id] for entry in containers_old)
    new_by_shape: dict[int, Entry | None] = {}
    for entry in containers_new:
        shape = new_shapes[entry.id]
        new_by_shape[shape] = None if shape in new_by_shape else entry
    inside: set[str] = set()  # old containers within a twin already given
    for entry in containers_old:
        if entry.parent in inside:
            inside.add(entry.id)
            continue
        shape = old_shapes[entry.id]
        partner = new_by_shape.get(shape)
        if partner is None or old_counts[shape] != 1:
            continue
        walked = list(_walk_together(old, new, entry, partner))
        if walked:
            inside.add(entry.id)
            yield from walked


def _walk_together(
    old: Tree, new: Tree, old_top: Entry, new_top: Entry
) -> Iterator[tuple[Entry, Entry]]:
    """The pairs of nodes of two identical subtrees, or nothing if they differ after all."""
    found: list[tuple[Entry, Entry]] = []
    stack = [(old_top, new_top)]
    while stack:
        left, right = stack.pop()
        if (
            left.kind != right.kind
            or left.text != right.text
            or left.label != right.label
            or len(left.children) != len(right.children)
        ):
            return  # a hash collision: not twins
        found.append((left, right))
        stack.extend(
            (old.entries[a], new.entries[b])
            for a, b in zip(reversed(left.children), reversed(right.children), strict=True)
        )
    yield from found
