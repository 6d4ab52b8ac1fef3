"""The document walk of the HTML redline: the new revision written with every change of a
:class:`~policyversions.compare.policydiff.PolicyDiff` marked in place (placement rules in
:mod:`policyversions.render.htmlredline`), or one entry per change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from lxml import etree

from ..compare.changes import Change
from ..compare.policydiff import PolicyDiff
from ..model import (
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Node,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
)
from .htmlpage import BodyWriter, Line, Quoted, append_text, element, marked, write_line
from .marks import (
    MOVES,
    change_tag,
    change_title,
    mark_ops,
    moved_away_text,
    split_ops,
    style_text,
    trail_line,
)
from .placement import PlacedEntry, Placement
from .words import words_for


class RedlineWriter(BodyWriter):
    """Writes the new revision with the diff's changes marked (see the module docstring)."""

    def __init__(self, diff: PolicyDiff, old: Policy, new: Policy, lang: str) -> None:
        super().__init__(lang)
        self.diff = diff
        self.words = words_for(lang)
        self.texts = self.words.redline
        self.mode: str | None = None  # "insert" inside an added subtree, "delete" in a removed one
        self.placement = Placement(diff, old, new)
        self.by_new = self.placement.by_new
        self.moved_by_old = self.placement.moved_by_old
        self.old_to_new = self.placement.old_to_new
        self.old_nodes = {node.id: node for node in old.walk()}
        self.new_nodes = {node.id: node for node in new.walk()}
        self.context_trail: tuple[str, ...] | None = None  # of the last change entry
        self.context_lead: str | None = None  # the lead-in the last entries stand under

    def target_of(self, change: Change) -> str | None:
        """The anchor a link to *change* should point at (a change of the policy itself, its
        title, metadata or decisions, is ``policy-<kind>``; node ids hold no ``-``)."""
        if change.node == "policy":
            return f"policy-{change.kind}"
        if change.new_id:
            return change.new_id
        return f"old-{change.old_id}" if change.old_id else None

    # -- walking ---------------------------------------------------------------------------

    def anchor(self, node: etree._Element, anchor_id: str) -> None:
        """Node ids of the old revision (inside a removed subtree) become ``old-<id>``."""
        if anchor_id and self.mode == "delete":
            anchor_id = f"old-{anchor_id}"
        super().anchor(node, anchor_id)

    def blocks(
        self, parent: etree._Element, blocks: Iterable[Block], parent_id: str, level: int
    ) -> None:
        """Write *blocks*, with removed nodes and old places of moved nodes in between."""
        pending = self._pending(parent_id)
        for index, block in enumerate(blocks):
            while pending and pending[0][0] < index:
                self._old_place(parent, pending.pop(0)[2], level)
            self.block(parent, block, level)
        for entry in pending:
            self._old_place(parent, entry[2], level)

    def items(self, parent: etree._Element, block: CommitmentList) -> None:
        """Write the items, with removed items and old places of moved items in between."""
        pending = self._pending(block.id)
        numbered = block.style == "number"
        for index, item in enumerate(block.items):
            while pending and pending[0][0] < index:
                self._old_place(parent, pending.pop(0)[2], 0)
            node = self.item(parent, item, block)
            if numbered:
                node.set("value", str(index + 1))
        for entry in pending:
            self._old_place(parent, entry[2], 0)

    def rows(self, parent: etree._Element, table: Table) -> None:
        """Write the rows, with removed rows and old places of moved rows in between."""
        pending = self._pending(table.id)
        for index, row in enumerate(table.rows):
            while pending and pending[0][0] < index:
                self._old_place(parent, pending.pop(0)[2], 0)
            self.row(parent, row)
        for entry in pending:
            self._old_place(parent, entry[2], 0)

    def cells(self, parent: etree._Element, row: Row) -> None:
        """Write the cells, with removed cells (a column that went away) in between."""
        pending = self._pending(row.id)
        for index, cell in enumerate(row.cells):
            while pending and pending[0][0] < index:
                self._old_place(parent, pending.pop(0)[2], 0)
            self.cell(parent, cell, row)
        for entry in pending:
            self._old_place(parent, entry[2], 0)

    def row(self, parent: etree._Element, row: Row) -> etree._Element:
        """Write a row: inserted when added, a stub when moved out of a removed table."""
        if self.mode == "delete" and row.id in self.moved_by_old:
            return self._moved_away(parent, self.moved_by_old[row.id], row, 0)
        if self._moved_into_added(row.id):
            with self._in_mode(None):
                return self.row(parent, row)
        added = self._change(row.id, "added")
        if added is not None and self.mode is None:
            with self._in_mode("insert"):
                node = super().row(parent, row)
            self._mark_node(node, added, "new")
            return node
        node = super().row(parent, row)
        if self.mode is None:
            for change in self.by_new.get(row.id, ()):
                if change.kind in ("moved", "style_changed", "split", "merged"):
                    self._mark_node(node, change, "new")
                    self._move_link(_first_cell(node)[0], change)
                    break
        return node

    def cell(self, parent: etree._Element, cell: Cell, row: Row) -> etree._Element:
        """Write a cell; a cell added to a kept row (a new column) is inserted."""
        added = self._change(cell.id, "added")
        if added is None or self.mode is not None:
            return super().cell(parent, cell, row)
        with self._in_mode("insert"):
            node = super().cell(parent, cell, row)
        self._mark_node(node, added, "new")
        return node

    def cell_text(self, node: etree._Element, cell: Cell) -> None:
        """Mark a cell: inserted, deleted or reworded word by word."""
        if self.mode is not None:
            if cell.text:
                marked(node, self.mode, cell.text, self.lang)
            return
        change = self._change(cell.id, "reworded")
        if change is None:
            append_text(node, cell.text)
            return
        mark_ops(node, change.ops, self.lang)
        self._mark_node(node, change, "new")

    def number_text(self, node: etree._Element, section: Section) -> None:
        """Mark a provision's number: inserted, deleted or renumbered."""
        self._label(node, section.id, section.number)

    def label_text(self, node: etree._Element, item: Commitment) -> None:
        """Mark a point's label: inserted, deleted or relabelled."""
        self._label(node, item.id, item.label)

    def _label(self, node: etree._Element, node_id: str, label: str | None) -> None:
        if self.mode is not None:
            marked(node, self.mode, label or "", self.lang)
            return
        change = self._change(node_id, "relabelled")
        if change is None:
            append_text(node, label or "")
            return
        if change.old_text:
            marked(node, "delete", change.old_text, self.lang)
        if change.new_text:
            inserted = marked(node, "insert", change.new_text, self.lang)
            if change.old_text:
                inserted.set("class", "after-del")

    def caption_text(self, node: etree._Element, table: Table) -> None:
        """Mark a table's caption: inserted, deleted or reworded."""
        text = table.caption or ""
        if self.mode is not None:
            marked(node, self.mode, text, self.lang)
            return
        change = next(
            (c for c in self.by_new.get(table.id, ()) if c.field == "caption" and c.ops),
            None,
        )
        if change is None:
            append_text(node, text)
        else:
            mark_ops(node, change.ops, self.lang)

    @contextlib.contextmanager
    def _in_mode(self, mode: str | None) -> Iterator[None]:
        """Write with *mode* (``"insert"``, ``"delete"`` or ``None``), then restore the mode."""
        saved, self.mode = self.mode, mode
        try:
            yield
        finally:
            self.mode = saved

    def _pending(self, parent_id: str) -> list[PlacedEntry]:
        if self.mode is not None:
            return []
        return self.placement.pending(parent_id)

    def block(self, parent: etree._Element, block: Block, level: int) -> etree._Element:
        """Write one block; an added block is written inserted, with its subtree."""
        if self.mode == "delete" and block.id in self.moved_by_old:
            return self._moved_away(parent, self.moved_by_old[block.id], block, level)
        if self._moved_into_added(block.id):
            with self._in_mode(None):
                return self.block(parent, block, level)
        added = self._change(block.id, "added")
        if added is None or self.mode is not None:
            node = super().block(parent, block, level)
            self._decorate_block(node, block)
            return node
        with self._in_mode("insert"):
            node = super().block(parent, block, level)
        self._mark_node(node, added, "new")
        return node

    def _item(
        self, parent: etree._Element, item: Commitment, block: CommitmentList
    ) -> etree._Element:
        """Write a list item: inserted when added, a stub when moved out of a removed list."""
        if self.mode == "delete" and item.id in self.moved_by_old:
            return self._moved_away(parent, self.moved_by_old[item.id], item, 0)
        if self._moved_into_added(item.id):
            with self._in_mode(None):
                return self._item(parent, item, block)
        added = self._change(item.id, "added")
        if added is None or self.mode is not None:
            return super().item(parent, item, block)
        with self._in_mode("insert"):
            node = super().item(parent, item, block)
        self._mark_node(node, added, "new")
        return node

    def _moved_into_added(self, new_id: str) -> bool:
        """Whether *new_id*, inside an added subtree, is a node moved there (shown as moved)."""
        return self.mode == "insert" and any(
            change.kind in MOVES for change in self.by_new.get(new_id, ())
        )

    def _change(self, new_id: str, *kinds: str) -> Change | None:
        if self.mode == "delete":
            return None
        for change in self.by_new.get(new_id, ()):
            if change.kind in kinds:
                return change
        return None

    def _mark_node(self, node: etree._Element, change: Change, place: str) -> None:
        node.set("data-change", change.kind)
        node.set("data-node", change.node)
        if change.kind in MOVES or change.kind in ("split", "merged"):
            node.set("data-place", place)
        if node.tag == "section":
            change_tag(node[0], change, self.lang)
        elif node.tag == "tr":
            change_tag(_first_cell(node), change, self.lang)
        elif node.tag == "table":
            caption = node.find("caption")
            holder = caption if caption is not None else _first_cell(node.find("tbody/tr"))
            change_tag(holder, change, self.lang)
        else:
            change_tag(node, change, self.lang)

    def _decorate_block(self, node: etree._Element, block: Block) -> None:
        """Mark a list that moved or changed style (sections and leaves mark themselves)."""
        if not isinstance(block, CommitmentList) or self.mode is not None:
            return
        for change in self.by_new.get(block.id, ()):
            if change.kind in MOVES or change.kind == "style_changed":
                if node.get("data-change") is None:
                    self._mark_node(node, change, "new")
                    self._move_link(node[0], change)
                if change.kind == "style_changed":
                    node.insert(
                        1, element(None, "p", style_text(change, self.lang), class_="where")
                    )

    def _move_link(self, tag: etree._Element, change: Change) -> None:
        """Append the link from a moved node's new place to its old place to the label."""
        if change.kind not in MOVES or tag.get("class") != "tag":
            return
        append_text(tag, f" · {self.texts['moved_from']} ")
        write_line(element(tag, "a", href=f"#old-{change.old_id}"), self._where(change, "old"))

    def _where(self, change: Change, side: str) -> Line:
        """Where a node sat or sits: its heading trail and its position among its siblings
        ("Ledarskap › Mål, punkt 3"); only the position ("punkt 3") when it moved within its
        list or parent."""
        trail = change.old_trail if side == "old" else change.new_trail
        index = change.old_index if side == "old" else change.new_index
        if index is None:
            return trail_line(trail, self.lang)
        word = self.texts["item" if change.node == "commitment" else "position"]
        place = f"{word} {index + 1}"
        if self._same_parent(change):
            return (place,)
        return (*trail_line(trail, self.lang), f", {place}")

    def _same_parent(self, change: Change) -> bool:
        """Whether a moved node's old parent is its new parent (it moved among its siblings)."""
        if change.old_parent is None or change.new_parent is None:
            return False
        if change.old_parent == "":
            return change.new_parent == ""
        return self.old_to_new.get(change.old_parent) == change.new_parent

    def heading_text(self, heading: etree._Element, section: Section) -> None:
        """Mark an inserted or deleted heading, a renamed heading's words, a moved section,
        a provision's new number."""
        if section.number is not None:
            self.number_text(element(heading, "span", class_="num"), section)
            append_text(heading, " ")
        relabelled = self._change(section.id, "relabelled")
        if self.mode is not None:
            marked(heading, self.mode, section.heading or "", self.lang)
            return
        change = self._change(section.id, "section_renamed", "section_moved")
        if change is None:
            append_text(heading, section.heading or "")
            if relabelled is not None:
                heading.set("data-change", relabelled.kind)
                heading.set("data-node", "section")
                change_tag(heading, relabelled, self.lang)
            return
        if change.ops:
            mark_ops(heading, change.ops, self.lang)
        else:
            append_text(heading, section.heading or "")
        heading.set("data-change", change.kind)
        heading.set("data-node", "section")
        if change.kind == "section_moved":
            heading.set("data-place", "new")
        self._move_link(change_tag(heading, change, self.lang), change)

    def leaf_text(self, node: etree._Element, leaf: Paragraph | Commitment) -> None:
        """Mark a leaf: inserted, deleted, reworded, moved, split or merged."""
        if self.mode is not None:
            marked(node, self.mode, leaf.text, self.lang)
            return
        change = self._change(leaf.id, "reworded", "moved", "split", "merged")
        if change is None:
            append_text(node, leaf.text)
            return
        if change.kind == "split":
            self._split_part(node, leaf, change)
        elif change.ops:
            mark_ops(node, change.ops, self.lang)
        else:
            append_text(node, leaf.text)
        if change.kind == "merged":
            for old_id in change.old_ids:
                self._old_anchor(node, old_id)
        self._mark_node(node, change, "new")
        self._move_link(node[0], change)

    def item(
        self, parent: etree._Element, item: Commitment, block: CommitmentList
    ) -> etree._Element:
        """Write a list item (see :meth:`_item`); a point whose label alone changed is marked;
        a list removed from under the point is shown deleted after its new list, if any."""
        node = self._item(parent, item, block)
        for entry in self._pending(item.id):
            self._old_place(node, entry[2], 0)
        if self.mode is None and node.get("data-change") is None:
            relabelled = self._change(item.id, "relabelled")
            if relabelled is not None:
                self._mark_node(node, relabelled, "new")
        return node

    def _split_part(
        self, node: etree._Element, leaf: Paragraph | Commitment, change: Change
    ) -> None:
        parts = [_node_text(item) for item in change.new_content]
        pieces = split_ops(change.ops, parts)
        index = change.new_ids.index(leaf.id)
        if index == 0 and change.old_id:
            self._old_anchor(node, change.old_id)
        if pieces is None:
            append_text(node, leaf.text)
        else:
            mark_ops(node, pieces[index], self.lang)

    def _old_anchor(self, node: etree._Element, old_id: str) -> None:
        anchor = element(node, "span", class_="anchor")
        super().anchor(anchor, f"old-{old_id}")

    def list_text(self, node: etree._Element, block: CommitmentList, field: str) -> None:
        """Mark a list's lead-in or wrap-up: inserted, deleted or reworded."""
        text = getattr(block, field) or ""
        if self.mode is not None:
            marked(node, self.mode, text, self.lang)
            return
        change = next(
            (
                change
                for change in self.by_new.get(block.id, ())
                if change.field == field and change.kind in ("lead_in_changed", *MOVES)
            ),
            None,
        )
        if change is None or not change.ops:
            append_text(node, text)
        else:
            mark_ops(node, change.ops, self.lang)
        if change is not None and change.kind == "lead_in_changed":
            self._mark_node(node, change, "new")

    def _old_place(self, parent: etree._Element, change: Change, level: int) -> None:
        """Write a removed node, or the old place of a moved node, at its old position."""
        if change.kind == "removed":
            self.removed(parent, change, level)
        elif change.old_id:
            self._moved_away(parent, change, None, level)

    def removed(self, parent: etree._Element, change: Change, level: int) -> None:
        """Write the removed subtree of *change*, every text deleted."""
        with self._in_mode("delete"):
            for node in change.old_content:
                if isinstance(node, Commitment):
                    element_ = element(parent, "li")
                    self.anchor(element_, node.id)
                    marked(element_, "delete", node.text, self.lang)
                elif isinstance(node, Row):
                    element_ = BodyWriter.row(self, parent, node)
                elif isinstance(node, Cell):
                    element_ = BodyWriter.cell(self, parent, node, Row([node]))
                else:
                    element_ = super().block(parent, node, max(level, 1))
        self._mark_node(element_, change, "old")

    def _moved_away(
        self, parent: etree._Element, change: Change, node: Node | None, level: int
    ) -> etree._Element:
        """Write the old place of a moved node: its text struck through in italics, linking to
        its new place."""
        tag = "li" if parent.tag in ("ul", "ol") else "tr" if parent.tag == "tbody" else "div"
        stub = element(parent, tag)
        super().anchor(stub, f"old-{change.old_id}")
        holder = stub
        if tag == "tr":
            width = max((len(row) for row in parent.iter("tr")), default=1)
            holder = element(stub, "td", colspan=str(max(width, 1)))
        stub.set("data-change", change.kind)
        stub.set("data-node", change.node)
        stub.set("data-place", "old")
        label = element(holder, "span", class_="tag")
        label.text = f"{self.words.change_kinds[change.kind]} {self.texts['moved_to']} "
        write_line(element(label, "a", href=f"#{change.new_id}"), self._where(change, "new"))
        text = change.old_text
        if not text and node is not None:
            text = _node_text(node)
        if not text:
            old = next(iter(change.old_content), None)
            text = _node_text(old) if old is not None else ""
        if not text and change.node in ("list", "table"):
            text = "(" + self.words.nodes[change.node] + ")"
        moved_away_text(holder, text, self.lang)
        return stub

    # -- changes only ----------------------------------------------------------------------

    def change_entry(self, parent: etree._Element, change: Change) -> None:
        """Write one change as an ``article``: what, where, its context and the text marked.

        The heading trail of the section the change is in is written as an ``h3`` (class
        ``context``) before the first of a run of changes in that section; a changed
        commitment is shown under its list's lead-in (and, when it moved from a list with
        another lead-in, that one too), written once for a run of changes under one lead-in.
        What the entry is, where and its context stand in a ``div class="head"`` that is
        printed on one page with the start of the text.
        """
        texts = self.texts
        trail = change.new_trail if change.new_ids else change.old_trail
        if trail != self.context_trail:
            self.context_trail, self.context_lead = trail, None
            context = trail_line(trail, self.lang) if trail else (texts["top_heading"],)
            write_line(element(parent, "h3", class_="context"), context)
        entry = element(parent, "article", class_="change")
        entry.set("data-change", change.kind)
        entry.set("data-node", change.node)
        head = element(entry, "div", class_="head")
        element(head, "h4", change_title(change, self.lang))
        if change.kind in MOVES:
            old_place, new_place = self._where(change, "old"), self._where(change, "new")
            where: Line = (texts["from"], " ", *old_place, " ", texts["to"], " ", *new_place)
            write_line(element(head, "p", class_="where"), where)
        flags = []
        if change.is_editorial:
            flags.append(texts["editorial"])
        if change.strength is not None:
            strength = element(None, "span", class_="strength")
            strength.text = f"{texts[change.strength.change + '_tag']}: {change.strength.words}"
            label = element(head, "p", class_="tag")
            label.append(strength)
        if flags:
            element(head, "p", " · ".join(flags), class_="tag")
        for old_id in change.old_ids:
            self._old_anchor(head, old_id)
        if change.node == "commitment":
            self._lead_in_context(head, change)
        elif change.node == "list" and change.field == "lead_in":
            self.context_lead = change.new_text  # the items after it stand under the new one
        else:
            self.context_lead = None
        self._entry_body(entry, change)

    def _lead_in_context(self, entry: etree._Element, change: Change) -> None:
        """Write the lead-in of a changed commitment's list (and the old list's, when the
        commitment moved from a list with another lead-in) as context, unmarked."""
        new_list = self.new_nodes.get(change.new_parent or "") if change.new_ids else None
        old_list = self.old_nodes.get(change.old_parent or "") if change.old_ids else None
        new_lead = new_list.lead_in if isinstance(new_list, CommitmentList) else None
        old_lead = old_list.lead_in if isinstance(old_list, CommitmentList) else None
        lead = new_lead if change.new_ids else old_lead
        if lead and lead != self.context_lead:
            write_line(element(entry, "p", class_="lead-in context"), (Quoted(lead),))
        self.context_lead = lead
        if change.kind in MOVES and old_lead and old_lead != new_lead:
            line = (f"({self.texts['earlier']}: ", Quoted(old_lead), ")")
            write_line(element(entry, "p", class_="lead-in context"), line)

    def _entry_body(self, entry: etree._Element, change: Change) -> None:
        if change.kind in ("added", "removed"):
            added = change.kind == "added"
            with self._in_mode("insert" if added else "delete"):
                self._content(entry, change.new_content if added else change.old_content)
            return
        if change.kind == "style_changed":
            element(entry, "p", style_text(change, self.lang))
            return
        container = entry
        if change.node == "commitment":
            container = element(entry, "ul")
        tag = "li" if change.node == "commitment" else "p"
        if change.kind == "split":
            pieces = split_ops(change.ops, [_node_text(item) for item in change.new_content])
            for number, new_id in enumerate(change.new_ids):
                part = element(container, tag)
                self.anchor(part, new_id)
                if pieces is None:
                    if number == 0:
                        mark_ops(part, change.ops, self.lang)
                else:
                    mark_ops(part, pieces[number], self.lang)
            return
        text = element(container, tag)
        self.anchor(text, change.new_id or "")
        if change.ops:
            mark_ops(text, change.ops, self.lang)
        elif change.old_text is None and change.new_text:
            marked(text, "insert", change.new_text, self.lang)
        elif change.new_text is None and change.old_text:
            marked(text, "delete", change.old_text, self.lang)
        else:
            append_text(text, change.new_text or change.old_text or "")

    def _content(self, parent: etree._Element, nodes: Iterable[Node]) -> None:
        listing: etree._Element | None = None
        rows: etree._Element | None = None
        for node in nodes:
            if isinstance(node, Commitment):
                if listing is None:
                    listing = element(parent, "ul")
                item = element(listing, "li")
                self.anchor(item, node.id)
                marked(item, self.mode or "insert", node.text, self.lang)
            elif isinstance(node, Row | Cell):
                if rows is None:
                    rows = element(element(parent, "table", class_="policy-table"), "tbody")
                if isinstance(node, Row):
                    BodyWriter.row(self, rows, node)
                else:
                    BodyWriter.cell(self, element(rows, "tr"), node, Row([node]))
            else:
                BodyWriter.block(self, parent, node, 2)


def _first_cell(row: etree._Element | None) -> etree._Element:
    """The first cell of a ``tr`` (where a row's label goes: a ``tr`` holds only cells)."""
    assert row is not None and len(row)
    return row[0]


def _node_text(node: Node) -> str:
    if isinstance(node, Section):
        return node.title
    if isinstance(node, CommitmentList):
        return node.lead_in or node.items[0].text
    if isinstance(node, Table):
        return node.caption or node.rows[0].text
    return node.text
