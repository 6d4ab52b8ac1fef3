"""Node ids derived from position, in Akoma Ntoso ``eId`` style.

Within each container, sections, paragraphs and lists are counted separately and numbered from
1: ``sec_2``, ``sec_2__para_3``, ``sec_4__list_1``, ``sec_4__list_1__point_2``; a nested section
is ``sec_2__sec_1``. Stable identities across revisions are layered on top of these later.
"""

from __future__ import annotations

from collections import Counter

import attrs

from .policy import Block, CommitmentList, Paragraph, Section

_PREFIX = {Section: "sec", Paragraph: "para", CommitmentList: "list"}


def assign_positional_ids(
    blocks: tuple[Block, ...] | list[Block], parent: str = ""
) -> tuple[Block, ...]:
    """Return *blocks* with every node's id replaced by its positional id."""
    counts: Counter[str] = Counter()
    result: list[Block] = []
    for block in blocks:
        prefix = _PREFIX[type(block)]
        counts[prefix] += 1
        own = f"{prefix}_{counts[prefix]}"
        node_id = f"{parent}__{own}" if parent else own
        if isinstance(block, Section):
            children = assign_positional_ids(block.children, node_id)
            result.append(attrs.evolve(block, children=children, id=node_id))
        elif isinstance(block, CommitmentList):
            items = tuple(
                attrs.evolve(item, id=f"{node_id}__point_{number}")
                for number, item in enumerate(block.items, start=1)
            )
            result.append(attrs.evolve(block, items=items, id=node_id))
        else:
            result.append(attrs.evolve(block, id=node_id))
    return tuple(result)
