"""Node ids derived from position, in Akoma Ntoso ``eId`` style.

Within each container, sections, paragraphs, lists and tables are counted separately and
numbered from 1: ``sec_2``, ``sec_2__para_3``, ``sec_4__list_1``, ``sec_4__list_1__point_2``,
``table_1``; a nested section is ``sec_2__sec_1``, the list under a point
``sec_4__list_1__point_2__list_1``, a table's rows ``table_1__row_3`` and their cells
``table_1__row_3__cell_2``. Stable identities across revisions are layered on top of these later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs

from ..errors import ModelError
from .policy import MAX_DEPTH, Block, Commitment, CommitmentList, Paragraph, Section, Table

_PREFIX = {Section: "sec", Paragraph: "para", CommitmentList: "list", Table: "table"}


def assign_positional_ids(blocks: Sequence[Block], parent: str = "") -> tuple[Block, ...]:
    """Return *blocks* with every node's id replaced by its positional id.

    Raises :class:`~policyversions.errors.ModelError` for a tree nested deeper than
    :data:`~policyversions.model.policy.MAX_DEPTH` (before recursing that deep).
    """
    return _blocks(blocks, parent, 1)


def positional_id(parent: str, prefix: str, number: int) -> str:
    """The positional id of the *number*-th child of its kind (*prefix*: ``sec``, ``para``,
    ``list``, ``table``, ``point``, ...) under *parent* (``""`` at the top):
    ``sec_4__list_1``."""
    own = f"{prefix}_{number}"
    return f"{parent}__{own}" if parent else own


def _blocks(blocks: Sequence[Block], parent: str, depth: int) -> tuple[Block, ...]:
    if depth > MAX_DEPTH:
        raise ModelError(
            f"the policy nests deeper than {MAX_DEPTH} levels (sections in sections, lists "
            "under points)",
            parent or None,
        )
    counts: Counter[str] = Counter()
    result: list[Block] = []
    for block in blocks:
        prefix = _PREFIX[type(block)]
        counts[prefix] += 1
        node_id = positional_id(parent, prefix, counts[prefix])
        if isinstance(block, Section):
            children = _blocks(block.children, node_id, depth + 1)
            result.append(attrs.evolve(block, children=children, id=node_id))
        elif isinstance(block, CommitmentList):
            result.append(_list(block, node_id, depth))
        elif isinstance(block, Table):
            rows = tuple(
                attrs.evolve(
                    row,
                    id=f"{node_id}__row_{number}",
                    cells=tuple(
                        attrs.evolve(cell, id=f"{node_id}__row_{number}__cell_{place}")
                        for place, cell in enumerate(row.cells, start=1)
                    ),
                )
                for number, row in enumerate(block.rows, start=1)
            )
            result.append(attrs.evolve(block, rows=rows, id=node_id))
        else:
            result.append(attrs.evolve(block, id=node_id))
    return tuple(result)


def _list(block: CommitmentList, node_id: str, depth: int) -> CommitmentList:
    items: list[Commitment] = []
    for number, item in enumerate(block.items, start=1):
        item_id = f"{node_id}__point_{number}"
        sublist = item.sublist
        if sublist is not None:
            if depth + 1 > MAX_DEPTH:
                raise ModelError(
                    f"the policy nests deeper than {MAX_DEPTH} levels (sections in sections, "
                    "lists under points)",
                    item_id,
                )
            sublist = _list(sublist, f"{item_id}__list_1", depth + 1)
        items.append(attrs.evolve(item, id=item_id, sublist=sublist))
    return attrs.evolve(block, items=tuple(items), id=node_id)
