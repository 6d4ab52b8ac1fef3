"""The walk that turns a policy, or two revisions and their diff, into body blocks
(:mod:`~policyversions.render.docx.blocks`).

A clean document is the new revision written as it is. A redline walks the new revision in
order (placement as in the HTML redline, :mod:`~policyversions.render.placement`) and writes
each node in one of three ways:

* a node that *stayed* (matched, same parent, not moved) is written once for both revisions:
  its texts word by word (equal words plain, deleted ones ``w:del``, inserted ones ``w:ins``),
  its properties in the new revision with the old ones as a property change;
* a node of the new revision only (added, the new place of a moved node, a part of a split or
  the result of a merge) is written with its whole new subtree, inserted (``w:ins``) or moved
  here (``w:moveTo``, inside a named move range), in its new words;
* a node of the old revision only (removed, the old place of a moved node, the source of a
  split or merge), placed among the new nodes where it used to be, is written with its whole
  old subtree, deleted (``w:del``) or moved away (``w:moveFrom``), in its old words. (A moved
  node's rewording is not marked word by word inside the move: LibreOffice, rejecting an
  insertion inside a move, takes the wrong paragraph's style. Its comment says it was
  reworded.)

A move whose place in the reading order did not change (a heading inserted above the node,
or removed; decided by :mod:`~policyversions.render.docx.inplace` from the redline written
once as above) is written at one of its ends as a node that stayed, and not at the other.

Inside such a subtree a descendant that has a fate of its own (a point added to a moved
section, a point moved out of a removed list) is written with that one. So reading only what
is not deleted gives the new revision, and only what is not inserted gives the old one. Tables
and rows cannot move in Word: their moves are written as deletions and insertions (with a
comment that says they moved). A paragraph mark follows its paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Literal

from ...compare.changes import Change
from ...compare.policydiff import PolicyDiff
from ...compare.wording import WordOp, word_ops
from ...model import (
    Block,
    Cell,
    Commitment,
    CommitmentList,
    ListStyle,
    Node,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
)
from ..placement import MOVES, Placement
from . import blocks as b
from .blocks import DEL, INS, Marker, Para, Props, Rev, Run, plain
from .inplace import MoveEnd, Visibility, visibility
from .styles import BULLET_NUM

Side = Literal["both", "new", "old"]
def _label(label: str | None) -> str | None:
    return None if label is None else f"{label}\t"


def _title_parts(section: Section) -> tuple[str | None, str | None, str | None]:
    separator = " " if section.number is not None and section.heading is not None else None
    return section.number, separator, section.heading


class ListContext:
    """How the points of one list are numbered, in the new and the old revision."""

    def __init__(self, key: str, new_style: ListStyle, old_style: ListStyle, level: int) -> None:
        self.key = key
        self.styles = {"new": new_style, "old": old_style}
        self.level = level


class Builder:
    """Builds the blocks of a clean document or a redline (see the module docstring)."""

    def __init__(
        self,
        new: Policy,
        old: Policy | None = None,
        diff: PolicyDiff | None = None,
        in_place: Mapping[str, str] | None = None,
    ):
        self.new = new
        self.old = old
        self.diff = diff
        self.out: list[b.Block] = []
        self.numbered: list[int] = []
        self._numbers: dict[str, int] = {}
        self.anchors: dict[tuple[str, str], list[Para]] = {}
        self.placement: Placement | None = None
        self.new_to_old: dict[str, str] = {}
        self.old_to_new: dict[str, str] = {}
        self.old_nodes: dict[str, Node] = {}
        self.new_nodes: dict[str, Node] = {}
        self.move_names: dict[int, str] = {}
        self.moved_new: dict[str, Change] = {}
        self.known_ops: dict[tuple[str, str], tuple[WordOp, ...]] = {}
        self.in_place: Mapping[str, str] = in_place or {}
        self.move_ends: list[MoveEnd] = []
        self.sides: list[Visibility] = []
        if diff is not None and old is not None:
            self.placement = Placement(diff, old, new, also=("split", "merged"))
            self.old_to_new = self.placement.old_to_new
            self.new_to_old = {new_id: old_id for old_id, new_id in self.old_to_new.items()}
            self.old_nodes = self.placement.old_nodes
            self.new_nodes = self.placement.new_nodes
            for change in diff.changes:
                if change.ops and change.old_text and change.new_text and change.kind not in (
                    "split",
                    "merged",
                ):
                    self.known_ops[(change.old_text, change.new_text)] = change.ops
                if change.kind in MOVES and change.new_id and change.old_id:
                    self.move_names[id(change)] = f"move{len(self.move_names) + 1}"
                    self.moved_new.setdefault(change.new_id, change)

    # -- the whole document ------------------------------------------------------------------

    def document(self) -> list[b.Block]:
        """The body: title, decision line, then the policy, every change tracked."""
        old = self.old if self.diff is not None else None
        side: Side = "both" if old is not None else "new"
        title = self.paragraph(Props("Title"), side, None)
        title.content = self.field_runs(old.title if old else None, self.new.title, side, None)
        self.anchors[("", "title")] = [title]
        old_decision = str(old.decision) if old and old.decision else None
        new_decision = str(self.new.decision) if self.new.decision else None
        if old_decision or new_decision:
            decision_side: Side = side
            rev: Rev | None = None
            if side == "both" and old_decision is None:
                decision_side, rev = "new", INS
            elif side == "both" and new_decision is None:
                decision_side, rev = "old", DEL
            line = self.paragraph(Props("Subtitle"), decision_side, rev)
            line.content = self.field_runs(old_decision, new_decision, decision_side, rev)
        if side == "both":
            self.both_blocks(self.new.body, "", 1)
        else:
            for block in self.new.body:
                self.block(block, "new", None, 1)
        self.sides = [visibility(block) for block in self.out]
        last = self.out[-1]
        if isinstance(last, b.TableBlock):
            # Word ends a document with a paragraph: after a last table, an empty one (only in
            # the revision that ends with the table).
            mark = INS if b.hidden_in(last, old_view=True) else None
            mark = DEL if b.hidden_in(last, old_view=False) else mark
            self.out.append(Para(Props("Normal"), mark=mark))
        b.settle_end(self.out)
        b.settle_before_tables(self.out)
        for para, following in zip(self.out, self.out[1:], strict=False):
            if isinstance(para, Para) and isinstance(following, Para) and para.mark is None:
                runs = [run for run in following.runs() if run.text]
                if (runs[0].rev if runs else following.mark) == INS:
                    b.end_apart(para)
        return self.out

    # -- what a node is in the redline -------------------------------------------------------

    def new_fate(self, node_id: str, inherited: Rev | None) -> Rev | None:
        """The revision a node of the new revision is written with, inside *inherited*."""
        if self.placement is None:
            return inherited
        moved = self.moved_new.get(node_id)
        if moved is not None:
            return Rev("moveTo", self.move_names[id(moved)])
        if node_id not in self.new_to_old:
            return INS
        return inherited

    def old_fate(self, node_id: str, inherited: Rev | None) -> Rev | None:
        """The revision a node of the old revision is written with, inside *inherited*."""
        if self.placement is None:
            return inherited
        moved = self.placement.moved_by_old.get(node_id)
        if moved is not None and id(moved) in self.move_names:
            return Rev("moveFrom", self.move_names[id(moved)])
        if node_id not in self.old_to_new:
            return DEL
        return inherited

    def partner(self, node: Node, side: Side) -> Node | None:
        """The node's counterpart in the other revision (a node of the new revision's old self,
        an old node's new self), or ``None``."""
        if self.placement is None:
            return None
        if side == "old":
            new_id = self.old_to_new.get(node.id)
            return self.new_nodes.get(new_id) if new_id else None
        old_id = self.new_to_old.get(node.id)
        return self.old_nodes.get(old_id) if old_id else None

    # -- texts -------------------------------------------------------------------------------

    def field_runs(
        self, old: str | None, new: str | None, side: Side, rev: Rev | None
    ) -> list[Run | Marker]:
        """The runs of one text field: word by word for both revisions, or one side's text (all
        of it inserted, deleted or moved: LibreOffice mishandles rejecting insertions inside a
        move, so the words a moved node gained or lost are not marked inside it; its comment
        says that it was reworded too)."""
        if side == "both":
            if old == new:
                return [Run(new)] if new else []
            if old is None or not old:
                return [Run(new or "", INS)]
            if new is None or not new:
                return [Run(old, DEL)]
            return [
                Run(text, None if op == "equal" else INS if op == "insert" else DEL)
                for op, text in self.ops(old, new)
            ]
        mine = new if side == "new" else old
        return [Run(mine, rev)] if mine else []

    def ops(self, old: str, new: str) -> tuple[WordOp, ...]:
        """The word operations from *old* to *new* (the diff's own, when it has them)."""
        found = self.known_ops.get((old, new))
        if found is None:
            found = word_ops(old, new)
            self.known_ops[(old, new)] = found
        return found

    def paragraph(self, props: Props, side: Side, rev: Rev | None) -> Para:
        """Append a new paragraph; its mark carries *rev*."""
        para = Para(props, mark=rev if side != "both" else None)
        self.out.append(para)
        return para

    def _old_new(self, node: Node, side: Side) -> tuple[Node | None, Node | None]:
        if side == "new":
            return self.partner(node, "new"), node
        if side == "old":
            return node, self.partner(node, "old")
        return self.partner(node, "new"), node

    # -- walking ------------------------------------------------------------------------------

    def block(self, block: Block, side: Side, rev: Rev | None, level: int) -> None:
        """Write one block of *side* (``new`` or ``old``: only there; ``both``: it stayed).

        An end of a move that is written in place (:mod:`~policyversions.render.docx.inplace`)
        is the node written once, as one that stayed, at the end chosen, and nothing at the
        other end."""
        moved = rev is not None and rev.kind in ("moveFrom", "moveTo") and (
            self._starts_move(block.id, side)
        )
        if moved and rev is not None and rev.name in self.in_place:
            if self.in_place[rev.name] == side:
                self.block(self._new_self(block, side), "both", None, level)
            return
        start = len(self.out)
        if isinstance(block, Table):
            self.table(block, side, plain(rev))
        elif isinstance(block, Section):
            self.section(block, side, rev, level)
        elif isinstance(block, CommitmentList):
            self.commitment_list(block, side, rev, None)
        else:
            self.leaf_paragraph(block, side, rev)
        if moved and rev is not None and side != "both":
            if not isinstance(block, Table):
                self._move_range(start, rev)
            self.move_ends.append(
                MoveEnd(rev.name, side, start, len(self.out), level, isinstance(block, Section))
            )

    def _new_self(self, block: Block, side: Side) -> Block:
        """A moved block as the new revision has it (*block* itself, or its moved self)."""
        if side == "new" or self.placement is None:
            return block
        change = self.placement.moved_by_old[block.id]
        found = self.new_nodes[change.new_id or ""]
        assert isinstance(found, Section | Paragraph | CommitmentList | Table)
        return found

    def written_in_place(self, change: Change) -> bool:
        """Whether move *change* is written in place, once, as a node that stayed."""
        return self.move_names.get(id(change)) in self.in_place

    def _starts_move(self, node_id: str, side: Side) -> bool:
        if self.placement is None:
            return False
        if side == "new":
            return node_id in self.moved_new
        return node_id in self.placement.moved_by_old

    def _move_range(self, start: int, rev: Rev) -> None:
        """Put the range markers of move *rev* around the paragraphs written since *start*."""
        paras = b.paragraphs(self.out[start:])
        if not paras:
            return
        prefix = "move_from" if rev.kind == "moveFrom" else "move_to"
        paras[0].content.insert(0, Marker(f"{prefix}_start", rev.name))  # type: ignore[arg-type]
        paras[-1].content.append(Marker(f"{prefix}_end", rev.name))  # type: ignore[arg-type]

    def section(self, section: Section, side: Side, rev: Rev | None, level: int) -> None:
        """A heading (Word's heading style of its level), then the section's children."""
        old, new = self._old_new(section, side)
        heading = self.paragraph(Props(f"Heading{min(level, 6)}"), side, rev)
        old_parts = _title_parts(old) if isinstance(old, Section) else (None, None, None)
        new_parts = _title_parts(new) if isinstance(new, Section) else (None, None, None)
        for old_part, new_part in zip(old_parts, new_parts, strict=True):
            heading.content.extend(self.field_runs(old_part, new_part, side, rev))
        self.anchor(section, side, "", [heading])
        if side == "both":
            self.both_blocks(section.children, section.id, level + 1)
            return
        for child in section.children:
            self.block(child, side, self._fate(child.id, side, rev), level + 1)

    def _fate(self, node_id: str, side: Side, inherited: Rev | None) -> Rev | None:
        if side == "new":
            return self.new_fate(node_id, inherited)
        return self.old_fate(node_id, inherited)

    def leaf_paragraph(self, paragraph: Paragraph, side: Side, rev: Rev | None) -> None:
        """A paragraph of prose."""
        old, new = self._old_new(paragraph, side)
        para = self.paragraph(Props("Normal"), side, rev)
        para.content = self.field_runs(_text(old), _text(new), side, rev)
        self.anchor(paragraph, side, "", [para])

    def both_blocks(self, blocks: Sequence[Block], parent_id: str, level: int) -> None:
        """The children of a section (or the body) that stayed, with old-only nodes placed."""

        def new_child(block: Node) -> None:
            assert isinstance(block, Section | Paragraph | CommitmentList | Table)
            fate = self.new_fate(block.id, None)
            self.block(block, "both" if fate is None else "new", fate, level)

        def old_child(node: Node, rev: Rev) -> None:
            assert isinstance(node, Section | Paragraph | CommitmentList | Table)
            self.block(node, "old", rev, level)

        self.interleave(parent_id, blocks, new_child, old_child)

    def interleave(
        self,
        parent_id: str,
        children: Sequence[Node],
        new_child: Callable[[Node], None],
        old_child: Callable[[Node, Rev], None],
    ) -> None:
        """Write *children* of a node that stayed, with the old-only nodes placed among them."""
        pending = self.placement.pending(parent_id) if self.placement else []
        for index, child in enumerate(children):
            while pending and pending[0][0] < index:
                self.old_place(pending.pop(0)[2], old_child)
            new_child(child)
        for entry in pending:
            self.old_place(entry[2], old_child)

    def old_place(self, change: Change, old_child: Callable[[Node, Rev], None]) -> None:
        """Write the old-only nodes of *change* (removed, moved away, split or merged)."""
        if change.kind in MOVES:
            node = self.old_nodes.get(change.old_id or "")
            fate = self.old_fate(change.old_id or "", None)
            if node is not None and fate is not None:
                old_child(node, fate)
            return
        for node in change.old_content:
            old_child(node, DEL)

    # -- lists --------------------------------------------------------------------------------

    def _num(self, context: ListContext) -> int:
        """The numbering instance of a numbered list (shared by both revisions' points)."""
        number = self._numbers.get(context.key)
        if number is None:
            self.numbered.append(context.level)
            number = BULLET_NUM + len(self.numbered)
            self._numbers[context.key] = number
        return number

    def item_props(
        self, item: Commitment, context: ListContext, side: Literal["new", "old"]
    ) -> Props:
        """How a point looks in *side*: its label as text, or Word's numbering."""
        level = context.level
        if item.label is not None:
            return Props("ListParagraph", level=level, hanging=True)
        if context.styles[side] == "bullet":
            return Props("ListParagraph", num=(BULLET_NUM, level), level=level, hanging=True)
        return Props("ListParagraph", num=(self._num(context), level), level=level,
                     hanging=True)

    def commitment_list(
        self, block: CommitmentList, side: Side, rev: Rev | None, parent: ListContext | None
    ) -> None:
        """A list: lead-in, points, wrap-up."""
        old, new = self._old_new(block, side)
        level = 0 if parent is None else parent.level + 1
        styles = {
            "old": old.style if isinstance(old, CommitmentList) else block.style,
            "new": new.style if isinstance(new, CommitmentList) else block.style,
        }
        key = block.id if side != "old" else f"old:{block.id}"
        context = ListContext(key, styles["new"], styles["old"], level)
        text_props = Props("Normal", level=None if parent is None else parent.level)
        self.list_text(block, old, new, "lead_in", side, rev, text_props)
        first = len(self.out)
        if side == "both":

            def new_item(item: Node) -> None:
                assert isinstance(item, Commitment)
                fate = self.new_fate(item.id, None)
                self.commitment(item, "both" if fate is None else "new", fate, context)

            def old_item(item: Node, item_rev: Rev) -> None:
                assert isinstance(item, Commitment)
                self.commitment(item, "old", item_rev, context)

            self.interleave(block.id, block.items, new_item, old_item)
        else:
            for item in block.items:
                self.commitment(item, side, self._fate(item.id, side, rev), context)
        items = b.paragraphs(self.out[first:])
        self.list_text(block, old, new, "wrap_up", side, rev, text_props)
        if items:
            self.anchor(block, side, "", [items[0]])

    def list_text(
        self,
        block: CommitmentList,
        old: Node | None,
        new: Node | None,
        field: Literal["lead_in", "wrap_up"],
        side: Side,
        rev: Rev | None,
        props: Props,
    ) -> None:
        """A list's lead-in or wrap-up paragraph (one side only when the other has none)."""
        old_text = getattr(old, field) if isinstance(old, CommitmentList) else None
        new_text = getattr(new, field) if isinstance(new, CommitmentList) else None
        if not (new_text if side == "new" else old_text if side == "old" else old_text or new_text):
            return
        text_side, text_rev = side, rev
        if side == "both" and not old_text:
            text_side, text_rev = "new", INS
        elif side == "both" and not new_text:
            text_side, text_rev = "old", DEL
        keep = field == "lead_in"
        para = self.paragraph(
            Props(props.style, level=props.level, keep_next=keep), text_side, text_rev
        )
        para.content = self.field_runs(old_text, new_text, text_side, text_rev)
        self.anchor(block, side, field, [para])

    def commitment(
        self, item: Commitment, side: Side, rev: Rev | None, context: ListContext
    ) -> None:
        """A point: its label as written (or Word's number), its text, its nested list."""
        start = len(self.out)
        self._commitment(item, side, rev, context)
        if rev is not None and rev.kind in ("moveFrom", "moveTo") and self._starts_move(
            item.id, side
        ):
            self._move_range(start, rev)

    def _commitment(
        self, item: Commitment, side: Side, rev: Rev | None, context: ListContext
    ) -> None:
        old, new = self._old_new(item, side)
        own_side: Literal["new", "old"] = "old" if side == "old" else "new"
        props = self.item_props(item, context, own_side)
        para = self.paragraph(props, side, rev)
        if (
            side == "both"
            and isinstance(old, Commitment)
            and old.text == item.text
            and old.label == item.label
            and context.styles["old"] == context.styles["new"]
        ):
            label = _label(item.label)
            para.content = [Run(label), Run(item.text)] if label else [Run(item.text)]
        else:
            if side == "both" and isinstance(old, Commitment):
                old_props = self.item_props(old, context, "old")
                if old_props != props:
                    para.old_props = old_props
            old_label = _label(old.label) if isinstance(old, Commitment) else None
            new_label = _label(new.label) if isinstance(new, Commitment) else None
            para.content = self.field_runs(old_label, new_label, side, rev)
            para.content.extend(self.field_runs(_text(old), _text(new), side, rev))
        self.anchor(item, side, "", [para])
        if side == "both":

            def new_sublist(sublist: Node) -> None:
                assert isinstance(sublist, CommitmentList)
                fate = self.new_fate(sublist.id, None)
                self.sublist(sublist, "both" if fate is None else "new", fate, context)

            def old_sublist(sublist: Node, sub_rev: Rev) -> None:
                assert isinstance(sublist, CommitmentList)
                self.sublist(sublist, "old", sub_rev, context)

            children = (item.sublist,) if item.sublist is not None else ()
            self.interleave(item.id, children, new_sublist, old_sublist)
        elif item.sublist is not None:
            sub_rev = self._fate(item.sublist.id, side, rev)
            self.sublist(item.sublist, side, sub_rev, context)

    def sublist(
        self, block: CommitmentList, side: Side, rev: Rev | None, parent: ListContext
    ) -> None:
        """A list nested under a point."""
        start = len(self.out)
        self.commitment_list(block, side, rev, parent)
        if rev is not None and rev.kind in ("moveFrom", "moveTo") and self._starts_move(
            block.id, side
        ):
            self._move_range(start, rev)

    # -- tables -------------------------------------------------------------------------------

    def table(self, table: Table, side: Side, rev: Rev | None) -> None:
        """A table: its caption as a paragraph above it, then its rows."""
        old, new = self._old_new(table, side)
        old_caption = old.caption if isinstance(old, Table) else None
        new_caption = new.caption if isinstance(new, Table) else None
        shown = new_caption if side == "new" else old_caption if side == "old" else None
        anchored: list[Para] = []
        if shown or (side == "both" and (old_caption or new_caption)):
            caption_side, caption_rev = side, rev
            if side == "both" and not old_caption:
                caption_side, caption_rev = "new", INS
            elif side == "both" and not new_caption:
                caption_side, caption_rev = "old", DEL
            caption = self.paragraph(Props("Caption"), caption_side, caption_rev)
            caption.content = self.field_runs(old_caption, new_caption, caption_side, caption_rev)
            anchored.append(caption)
            self.anchor(table, side, "caption", [caption])
        rows: list[b.TableRow] = []
        with self.container() as saved:
            if side == "both":

                def new_row(row: Node) -> None:
                    assert isinstance(row, Row)
                    fate = plain(self.new_fate(row.id, None))
                    rows.append(self.row(row, "both" if fate is None else "new", fate))

                def old_row(row: Node, row_rev: Rev) -> None:
                    assert isinstance(row, Row)
                    rows.append(self.row(row, "old", plain(row_rev)))

                self.interleave(table.id, table.rows, new_row, old_row)
            else:
                for row in table.rows:
                    rows.append(self.row(row, side, plain(self._fate(row.id, side, rev))))
        self.out = saved
        block = b.TableBlock(rows)
        self.out.append(block)
        first_cells = b.paragraphs([b.TableBlock(rows[:1])])
        self.anchor(table, side, "", anchored or first_cells[:1])

    @contextmanager
    def container(self) -> Iterator[list[b.Block]]:
        """Write into a fresh container (a cell); yields the container written before."""
        saved = self.out
        self.out = []
        try:
            yield saved
        finally:
            self.out = saved

    def row(self, row: Row, side: Side, rev: Rev | None) -> b.TableRow:
        """A row; a row that came or went is tracked as a whole (``w:trPr``)."""
        old = self._old_new(row, side)[0]
        header = row.header
        cells: list[b.Cell] = []
        if side == "both":

            def new_cell(cell: Node) -> None:
                assert isinstance(cell, Cell)
                fate = plain(self.new_fate(cell.id, None))
                cells.append(self.cell(cell, "both" if fate is None else "new", fate, header,
                                       old))

            def old_cell(cell: Node, cell_rev: Rev) -> None:
                assert isinstance(cell, Cell)
                cells.append(self.cell(cell, "old", plain(cell_rev), header, old))

            self.interleave(row.id, row.cells, new_cell, old_cell)
        else:
            for cell in row.cells:
                cell_rev = plain(self._fate(cell.id, side, rev))
                cells.append(self.cell(cell, side, cell_rev, header, None))
        result = b.TableRow(cells, header=header, rev=rev if side != "both" else None)
        self.anchor(row, side, "", b.paragraphs([b.TableBlock([result])]))
        return result

    def cell(
        self, cell: Cell, side: Side, rev: Rev | None, header: bool, old_row: Node | None
    ) -> b.Cell:
        """A cell: one paragraph, reworded word by word."""
        old, new = self._old_new(cell, side)
        style = "TableHeading" if header else "Normal"
        para = Para(Props(style))
        if side == "both" and isinstance(old_row, Row) and old_row.header != header:
            para.old_props = Props("TableHeading" if old_row.header else "Normal")
        para.content = self.field_runs(_text(old), _text(new), side, rev)
        self.anchor(cell, side, "", [para])
        whole_cell = rev if side != "both" else None
        return b.Cell([para], rev=whole_cell if self._cell_came_or_went(cell, side) else None)

    def _cell_came_or_went(self, cell: Cell, side: Side) -> bool:
        """Whether a cell came or went on its own, in a row that stayed (a new column)."""
        if self.placement is None or side == "both":
            return False
        changes = (self.placement.by_new if side == "new" else self.placement.by_old).get(
            cell.id, []
        )
        return any(change.kind in ("added", "removed") and change.node == "cell"
                   for change in changes)

    # -- where comments go ------------------------------------------------------------------

    def anchor(self, node: Node, side: Side, field: str, paras: list[Para]) -> None:
        """Remember the paragraphs that show *node* (or its *field*) in the new revision."""
        if side != "old" and paras:
            self.anchors.setdefault((node.id, field), paras)

    def anchor_of(self, change: Change) -> list[Para] | None:
        """The paragraphs a comment on *change* is anchored on."""
        if change.node == "policy":
            return self.anchors.get(("", "title"))
        for new_id in change.new_ids[:1]:
            found = self.anchors.get((new_id, change.field)) or self.anchors.get((new_id, ""))
            if found:
                return found
        return None


def _text(node: Node | None) -> str | None:
    if isinstance(node, Paragraph | Commitment | Cell):
        return node.text
    return None


__all__ = ["Builder"]
