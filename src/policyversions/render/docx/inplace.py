"""Which moves the Word redline writes in place: a moved node whose place in the document's
reading order did not change.

A Word document has no tree: its headings are paragraphs like the others, so all a reader of
the redline sees is the reading order. When a heading is inserted above a paragraph, a list or
a table, the diff says that the node moved (into the new section), but in the reading order it
stands between the same neighbours as before. Written as a move (``w:moveFrom`` at the old place,
``w:moveTo`` at the new one, or a deleted and an inserted table, since Word cannot move a
table) it would hide every change inside it. Such a move is written once instead, as a node
that stayed, with its inner changes tracked word by word and row by row.

**The rule.** The redline is first written as usual (:class:`~policyversions.render.docx.writer.
Builder`, with the old places as :mod:`~policyversions.render.placement` places them). Read its
top-level blocks (paragraphs and tables, in the order written) as a sequence of *items*: each end
of a move of a section, paragraph, list or table is one item (its whole range of blocks; an end
inside another end is part of that one), every other block one item. An item is *old* (only in
the old revision: deleted, moved away), *new* (only in the new one: inserted, moved here) or
*both*. A move whose two ends are items ``f`` (the first) and ``s`` (the second) is written in
place, at ``s``, when every item strictly between them

* is of the side of ``s`` (only in the revision whose end comes second: an inserted heading
  between the old place and the new one, a deleted heading between the new place and the old
  one), or
* is the first end of another move that is written in place, at a second end after ``s``
  (moves that keep their order one after the other: several blocks under one new heading).

Then moving the first end's copy to ``s`` passes nothing that its revision shows, so both
revisions read as before, and the moves written in place never cross. A section only moves in
place when it keeps its depth (its heading style); the points of a list and the rows of a table
keep their own moves (they have no heading inserted between them). Not written in place: a move
past anything both revisions have (a real move), or past something of the first end's side (a
deleted paragraph between the old place and a new one after it).

The decision is one sweep over the items per direction, from the last first end to the first,
each in constant time: the first ends resolved so far that lie between a first end and its
second form a run whose second ends increase, so only the nearest one needs a look. Linear in
the size of the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from . import blocks as b

Visibility = Literal["old", "new", "both"]
"""In which revision's reading an item shows."""


@attrs.frozen
class MoveEnd:
    """One end of a move as written: the move's ``name``, its ``side`` (``old``: moved away,
    ``new``: moved here), its blocks ``[start, end)`` among the top-level blocks, the section
    ``level`` it was written at, and whether it is a section (whose level must match)."""

    name: str
    side: Literal["old", "new"]
    start: int
    end: int
    level: int
    section: bool


def visibility(block: b.Block) -> Visibility:
    """In which revision a written block shows (before the end of the body is settled)."""
    if isinstance(block, b.Para):
        if block.mark is None:
            return "both"
        return "new" if block.mark.new_only else "old"
    if not block.rows:
        return "both"
    if b.hidden_in(block, old_view=True):
        return "new"
    if b.hidden_in(block, old_view=False):
        return "old"
    return "both"


@attrs.define
class _Item:
    side: Visibility
    end: MoveEnd | None = None


def _items(sides: Sequence[Visibility], ends: Sequence[MoveEnd]) -> list[_Item]:
    """The items: each outermost move end one item, every other block one."""
    outermost: dict[int, MoveEnd] = {}
    for end in ends:  # an end is recorded after the ends inside it: the last one wins
        if end.end > end.start:
            outermost[end.start] = end
    items: list[_Item] = []
    index = 0
    while index < len(sides):
        found = outermost.get(index)
        if found is None:
            items.append(_Item(sides[index]))
            index += 1
        else:
            items.append(_Item(found.side, found))
            index = found.end
    return items


def in_place(
    sides: Sequence[Visibility], ends: Sequence[MoveEnd]
) -> dict[str, Literal["old", "new"]]:
    """The moves to write in place (by name), each with the side of the end it is written at:
    ``new`` for the new place (the old place came first), ``old`` for the old place. *sides*
    is the visibility of every top-level block written, *ends* every move end written (see
    the module docstring for the rule)."""
    items = _items(sides, ends)
    where: dict[str, dict[str, int]] = {}
    for position, item in enumerate(items):
        if item.end is not None:
            where.setdefault(item.end.name, {})[item.end.side] = position
    pairs: dict[int, int] = {}  # first end's item → second end's item
    for places in where.values():
        if len(places) != 2:
            continue
        old_end, new_end = items[places["old"]].end, items[places["new"]].end
        assert old_end is not None and new_end is not None
        if old_end.section and old_end.level != new_end.level:
            continue
        first, second = sorted(places.values())
        pairs[first] = second
    chosen: dict[str, Literal["old", "new"]] = {}
    for first_side in ("old", "new"):
        for first in _sweep(items, pairs, first_side):
            end = items[pairs[first]].end
            assert end is not None
            chosen[end.name] = end.side
    return chosen


def _sweep(items: list[_Item], pairs: dict[int, int], first_side: Visibility) -> list[int]:
    """The first ends (of side *first_side*) of the moves written in place at their second
    end: one pass from the last first end to the first."""
    both_before = [0]
    ranks_before = [0]
    firsts: list[int] = []  # the items of side first_side, in order
    for position, item in enumerate(items):
        both_before.append(both_before[-1] + (item.side == "both"))
        ranks_before.append(ranks_before[-1] + (item.side == first_side))
        if item.side == first_side:
            firsts.append(position)
    chosen: list[int] = []
    unresolved_after = len(firsts)  # the first rank after the current one not resolved
    for rank in range(len(firsts) - 1, -1, -1):
        first = firsts[rank]
        second = pairs.get(first)
        resolved = False
        if second is not None and both_before[second] == both_before[first + 1]:
            between = ranks_before[second] - rank - 1  # first ends of this side between
            resolved = between == 0 or (
                unresolved_after > rank + between and pairs[firsts[rank + 1]] > second
            )
        if resolved:
            chosen.append(first)
        else:
            unresolved_after = rank
    return chosen


__all__ = ["MoveEnd", "Visibility", "in_place", "visibility"]
