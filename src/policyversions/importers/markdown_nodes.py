"""Drafts of the policy tree made model nodes, each once, with its positional id.

The ids are those :func:`~policyversions.model.ids.assign_positional_ids` would give
(``sec_1__para_2``, ``list_1__point_3``, ``table_1__row_2__cell_1``), given as each node is made:
making the tree and then assigning ids would make every node twice.
"""

from __future__ import annotations

from typing import Final

from ..model import Block, Cell, Commitment, CommitmentList, Paragraph, Row, Section, Table
from ..model.ids import positional_id
from .markdown_blocks import RawTable
from .markdown_drafts import Draft, Part, Points, Text

# The model's positional ids (model.ids), given as each node is made: making the tree and then
# assigning ids would make every node twice (tests check the ids are assign_positional_ids').
_PREFIX: Final = {Part: "sec", Text: "para", Points: "list", RawTable: "table"}


def model_blocks(drafts: list[Draft], parent: str = "") -> tuple[Block, ...]:
    """The model blocks of *drafts*, with positional ids under *parent*."""
    counts = dict.fromkeys(_PREFIX.values(), 0)
    blocks: list[Block] = []
    for draft in drafts:
        prefix = _PREFIX[type(draft)]
        counts[prefix] += 1
        node_id = positional_id(parent, prefix, counts[prefix])
        if isinstance(draft, Text):
            blocks.append(Paragraph(draft.text, id=node_id))
        elif isinstance(draft, Points):
            blocks.append(_finish_points(draft, node_id))
        elif isinstance(draft, Part):
            children = model_blocks(draft.children, node_id)
            blocks.append(Section(draft.heading, children, number=draft.number, id=node_id))
        else:
            blocks.append(_finish_table(draft, node_id))
    return tuple(blocks)


def _finish_points(draft: Points, node_id: str) -> CommitmentList:
    items = []
    for number, point in enumerate(draft.items, start=1):
        point_id = f"{node_id}__point_{number}"
        sublist = (
            None if point.sublist is None else _finish_points(point.sublist, f"{point_id}__list_1")
        )
        items.append(Commitment(point.text, label=point.label, sublist=sublist, id=point_id))
    return CommitmentList(
        items, lead_in=draft.lead_in, wrap_up=draft.wrap_up, style=draft.style, id=node_id
    )


def _finish_table(raw: RawTable, node_id: str) -> Table:
    rows = []
    for number, (header, cells) in enumerate(raw.rows, start=1):
        row_id = f"{node_id}__row_{number}"
        rows.append(
            Row(
                [Cell(text, id=f"{row_id}__cell_{place}") for place, text in enumerate(cells, 1)],
                header=header,
                id=row_id,
            )
        )
    return Table(rows, id=node_id)


__all__ = ["model_blocks"]
