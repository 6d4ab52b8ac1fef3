"""What a Word document's body is made of before it is written as OOXML: paragraphs of runs,
tables of rows of cells, each piece with the revision that brought or took it, if any.

A :class:`Rev` says on which side of a comparison a piece exists: ``ins`` and ``moveTo`` only in
the new revision, ``del`` and ``moveFrom`` only in the old one; ``None`` in both. A
:class:`Para` carries a revision on its content (each :class:`Run`) and on its paragraph mark
(``mark``), and its properties in the new revision (``props``) and, when they differ, in the
old one (``old_props``, written as ``w:pPrChange``).

Word cannot track the last paragraph mark of a body or a table cell: it always stays. So
:func:`settle_end` rewrites the end of a container, so that the mark that stays belongs to the
last paragraph of both revisions (accepting every change gives the new revision's paragraphs,
rejecting every change the old one's, with no empty paragraph left over). LibreOffice keeps the
mark right before a table in the same way: :func:`settle_before_tables`; and it joins an
insertion that ends a paragraph with one that begins the next: :func:`end_apart`.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

RevKind = Literal["ins", "del", "moveFrom", "moveTo"]


@attrs.frozen
class Rev:
    """A revision: ``kind`` and, for a move, the ``name`` that ties its two ends together."""

    kind: RevKind
    name: str = ""

    @property
    def old_only(self) -> bool:
        """Whether what it marks exists only in the old revision (deleted or moved away)."""
        return self.kind in ("del", "moveFrom")

    @property
    def new_only(self) -> bool:
        """Whether what it marks exists only in the new revision (inserted or moved here)."""
        return self.kind in ("ins", "moveTo")


INS = Rev("ins")
DEL = Rev("del")


def plain(rev: Rev | None) -> Rev | None:
    """A move's revision as a plain insertion or deletion (for what Word cannot move)."""
    if rev is None or rev.kind in ("ins", "del"):
        return rev
    return INS if rev.new_only else DEL


@attrs.define
class Run:
    """Text (``\\t`` is a tab) with the revision it belongs to."""

    text: str
    rev: Rev | None = None


MarkerKind = Literal[
    "comment_start", "comment_end", "move_from_start", "move_from_end", "move_to_start",
    "move_to_end",
]


@attrs.define
class Marker:
    """A point in a paragraph's content: a comment's range (``ref`` its id; the end also carries
    the reference to the comment, in revision ``rev``) or a move's range (``ref`` its name)."""

    kind: MarkerKind
    ref: str
    rev: Rev | None = None


@attrs.frozen
class Props:
    """What a paragraph looks like: its style, list numbering ``(num id, level)``, the list
    level it is indented to (``None``: not indented), whether it hangs (a list point whose
    label is text), and whether it keeps with the next paragraph."""

    style: str
    num: tuple[int, int] | None = None
    level: int | None = None
    hanging: bool = False
    keep_next: bool = False


@attrs.define
class Para:
    """A paragraph: properties, content and the revision of its mark."""

    props: Props
    content: list[Run | Marker] = attrs.Factory(list)
    mark: Rev | None = None
    old_props: Props | None = None

    def runs(self) -> list[Run]:
        """The runs of the content, without markers."""
        return [item for item in self.content if isinstance(item, Run)]


@attrs.define
class Cell:
    """A table cell: its paragraphs, and a revision when the cell itself came or went."""

    paras: list[Para]
    rev: Rev | None = None


@attrs.define
class TableRow:
    """A table row: cells, header flag, and the revision when the whole row came or went."""

    cells: list[Cell]
    header: bool = False
    rev: Rev | None = None


@attrs.define
class TableBlock:
    """A table."""

    rows: list[TableRow]


Block = Para | TableBlock


def paragraphs(blocks: list[Block]) -> list[Para]:
    """Every paragraph of *blocks* in order, those in table cells included."""
    found: list[Para] = []
    for block in blocks:
        if isinstance(block, Para):
            found.append(block)
        else:
            for row in block.rows:
                for cell in row.cells:
                    found.extend(cell.paras)
    return found


def _old_view_props(para: Para) -> Props:
    return para.old_props or para.props


def hidden_in(table: TableBlock, old_view: bool) -> bool:
    """Whether every row of *table* is gone in the old (or the new) revision's view."""
    return all(
        row.rev is not None and (row.rev.new_only if old_view else row.rev.old_only)
        for row in table.rows
    )


def settle_end(blocks: list[Block]) -> None:
    """Make the last paragraph mark of the container *blocks* one that both revisions have.

    When the last paragraph exists only in the new revision (its mark inserted), the old
    revision's last paragraph ends there instead: its own mark becomes an insertion (or, when
    that paragraph is old-only, its content joins the next paragraph), the last mark is kept,
    with the new properties and the old ones as a property change. And the mirror image for a
    last paragraph that exists only in the old revision. A table that the other revision does
    not have is passed over; when the other revision ends with a table, its last paragraph is
    the empty one Word puts after a last table.
    """
    if blocks and isinstance(blocks[-1], Para):
        _settle(blocks, len(blocks) - 1, at_end=True)


def settle_before_tables(blocks: list[Block]) -> None:
    """Make the paragraph mark right before a table one that both revisions have, when the
    table is in the revision that lacks that paragraph.

    LibreOffice cannot join a paragraph with the table after it: rejecting an inserted
    paragraph (a heading inserted above a table that both revisions have) would leave it
    there, empty. So the mark is settled as :func:`settle_end` settles the last one, when both
    revisions have a paragraph before it to end there instead (else it is left as it is).
    """
    for index in range(len(blocks) - 1, 0, -1):
        table, para = blocks[index], blocks[index - 1]
        if not isinstance(table, TableBlock) or not isinstance(para, Para) or para.mark is None:
            continue
        if not hidden_in(table, old_view=para.mark.new_only):
            _settle(blocks, index - 1, at_end=False)


def _settle(blocks: list[Block], last_index: int, at_end: bool) -> None:
    """Settle the mark of paragraph *last_index*, the last of a run of paragraphs (see
    :func:`settle_end`; not *at_end*: leave it when the other revision has no paragraph
    before it)."""
    last = blocks[last_index]
    assert isinstance(last, Para)
    if last.mark is None:
        return
    new_side = last.mark.new_only
    other_index = None
    for index in range(last_index - 1, -1, -1):
        block = blocks[index]
        if isinstance(block, TableBlock):
            if hidden_in(block, old_view=new_side):
                continue
            break
        mark = block.mark
        if mark is None or (mark.old_only if new_side else mark.new_only):
            other_index = index
            break
    if other_index is None:
        if not at_end:
            return
        # The other revision ends with a table here, and so with the empty paragraph Word puts
        # after a last table: the last mark is that one there.
        empty = Props("Normal")
        new_props, old_props = (last.props, empty) if new_side else (empty, last.props)
        last.mark = None
        last.props = new_props
        last.old_props = old_props if old_props != new_props else None
        return
    other = blocks[other_index]
    assert isinstance(other, Para)
    if new_side:
        new_props, old_props = last.props, _old_view_props(other)
    else:
        new_props, old_props = other.props, _old_view_props(last)
    last.mark = None
    last.props = new_props
    last.old_props = old_props if old_props != new_props else None
    if other.mark is None:
        other.mark = INS if new_side else DEL
    else:
        following = next(
            block for block in blocks[other_index + 1 :] if isinstance(block, Para)
        )
        following.content[:0] = other.content
        # By position: an identical paragraph earlier (a repeated point) compares equal.
        del blocks[other_index]


_LAST_WORD = re.compile(r"\S*\s*$")


def end_apart(para: Para) -> None:
    """Make a paragraph that both revisions have end in anything but an insertion (when the
    next paragraph begins with one).

    LibreOffice joins an insertion that ends a paragraph with one that begins the next (or
    with an inserted paragraph after it), and rejecting the joined insertion also takes the
    paragraph break between them, which both revisions have. So such a paragraph ending in an
    insertion ends in a deletion instead: a replaced last word is written inserted first,
    then deleted; an insertion after kept words takes the last kept word with it (deleted,
    and inserted again before the new words). Word reads both the same.
    """
    if not all(isinstance(item, Run) for item in para.content):
        return
    runs: list[Run] = []
    for item in para.content:
        assert isinstance(item, Run)
        if not item.text:
            continue
        if runs and runs[-1].rev == item.rev:
            runs[-1] = Run(runs[-1].text + item.text, item.rev)
        else:
            runs.append(Run(item.text, item.rev))
    if len(runs) < 2 or runs[-1].rev != INS:
        return
    last, before = runs[-1], runs[-2]
    if before.rev == DEL:
        para.content = [*runs[:-2], last, before]
    elif before.rev is None:
        tail = _LAST_WORD.search(before.text)
        assert tail is not None
        head, word = before.text[: tail.start()], tail.group()
        kept = [Run(head)] if head else []
        para.content = [*runs[:-2], *kept, Run(word + last.text, INS), Run(word, DEL)]


__all__ = [
    "DEL",
    "INS",
    "Block",
    "Cell",
    "Marker",
    "Para",
    "Props",
    "Rev",
    "Run",
    "TableBlock",
    "TableRow",
    "end_apart",
    "hidden_in",
    "paragraphs",
    "plain",
    "settle_before_tables",
    "settle_end",
]
