"""The preamble of a Word document: the title, the decision lines under it and the metadata
table, before the body (the rules are in :mod:`.structure`'s docstring, "The preamble")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from ...errors import ParseError
from ...model import Decision, Metadata, normalize
from ..grammar import decision_history
from ..metadatatable import metadata_pairs, read_metadata_table
from ..repairs import Repairs
from .body import Item, Para, TableItem

MAX_TITLE_LENGTH: Final = 200


def read_preamble(
    items: Sequence[Item], repairs: Repairs, core_title: str | None
) -> tuple[str, Metadata, list[Decision], int]:
    """The title, metadata and decisions before the body, and the index of the body's first
    item (see :mod:`.structure`'s docstring, "The preamble")."""
    title: str | None = None
    metadata = Metadata()
    decisions: list[Decision] = []
    found_table = False
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, TableItem):
            pairs = None if found_table else metadata_pairs(_table_lines(item))
            if pairs is None:
                break
            table = read_metadata_table(
                pairs, repairs, f"{repairs.source}, table {item.number}"
            )
            metadata, found_table = table.metadata, True
            decisions.extend(table.decisions)
            if table.title and not any(_is_title(other) for other in items[:8]):
                title = title or table.title
        elif not item.text.strip() and item.label is None:
            pass
        elif item.heading == 0 and title is None:
            title = _one_line(item.text)
        elif (title is not None or found_table) and item.label is None and (
            history := decision_history(_one_line(item.text), require_action=False)
        ) is not None:
            decisions.extend(history)
        else:
            break
        index += 1
    if title is None:
        first = _first_text(items, index)
        first_item = items[first] if first is not None else None
        if (
            first is not None
            and isinstance(first_item, Para)
            and len(_one_line(first_item.text)) <= MAX_TITLE_LENGTH
        ):
            title = _one_line(first_item.text)
            index = first + 1
            while index < len(items):
                item = items[index]
                if isinstance(item, Para) and not item.text.strip() and item.label is None:
                    index += 1
                    continue
                history = (
                    decision_history(_one_line(item.text), require_action=False)
                    if isinstance(item, Para) and item.label is None
                    else None
                )
                if history is None:
                    break
                decisions.extend(history)
                index += 1
        else:
            title = normalize(core_title or "")
    if not title:
        raise ParseError("no title: the document has no paragraph of text",
                         repairs.source)
    return title, metadata, decisions, index

def _first_text(items: Sequence[Item], start: int) -> int | None:
    for index in range(start, len(items)):
        item = items[index]
        if isinstance(item, TableItem):
            return None
        if item.text.strip():
            return None if item.label is not None else index
    return None


def _table_lines(item: TableItem) -> list[list[list[str]]]:
    return [row.cells for row in item.rows]


def _is_title(item: Item) -> bool:
    return isinstance(item, Para) and item.heading == 0 and bool(item.text.strip())


def _one_line(text: str) -> str:
    return normalize(text)


__all__ = ["MAX_TITLE_LENGTH", "read_preamble"]
