"""Blocks (:mod:`~policyversions.render.docx.blocks`) written as WordprocessingML with lxml's
element API.

:class:`Revisions` gives every revision, move range and comment its id from one counter, and
stamps each with the author and date. Consecutive runs of the same revision share one
``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo``; a deleted run's text is ``w:delText``; a
paragraph mark's revision is ``w:pPr/w:rPr/w:ins|w:del|w:moveFrom|w:moveTo``; a paragraph whose
properties changed carries ``w:pPrChange``; a row that came or went ``w:trPr/w:ins|w:del``, a
cell ``w:tcPr/w:cellIns|w:cellDel``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import cache

from lxml import etree

from .blocks import Block, Cell, Marker, Para, Props, Rev, Run, TableBlock, TableRow

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NSMAP = {"w": W_NS, "r": R_NS}

INDENT_STEP = 567
"""Twips a list level indents (1 cm)."""
HANGING = 425
"""Twips a list point's first line hangs (the number or label stands there)."""
TEXT_WIDTH = 9356
"""Twips between the margins of an A4 page (see :mod:`~policyversions.render.docx.package`)."""


@cache
def w(name: str) -> str:
    """The Clark name of ``w:<name>``."""
    return f"{{{W_NS}}}{name}"


def sub(parent: etree._Element, name: str, /, **attributes: str) -> etree._Element:
    """Append ``w:<name>`` with ``w:``-prefixed *attributes* to *parent*."""
    if not attributes:
        return etree.SubElement(parent, w(name))
    return etree.SubElement(parent, w(name), {w(key): value for key, value in attributes.items()})


def make(name: str, /, **attributes: str) -> etree._Element:
    """A new ``w:<name>`` element (the root of a part) with ``w:``-prefixed *attributes*."""
    return etree.Element(w(name), {w(k): v for k, v in attributes.items()}, nsmap=NSMAP)


_P, _R, _T, _TAB, _DEL_TEXT = (w(name) for name in ("p", "r", "t", "tab", "delText"))


class Revisions:
    """One id counter for every revision, move range and comment, with author and date."""

    def __init__(self, author: str, date: str | None) -> None:
        self.author = author
        self.date = date
        self.next_id = 1

    def new_id(self) -> str:
        """A fresh id."""
        value = self.next_id
        self.next_id += 1
        return str(value)

    def stamp(self, parent: etree._Element, name: str, **extra: str) -> etree._Element:
        """Append a revision element ``w:<name>`` with a fresh id, the author and the date."""
        attributes = {"id": self.new_id(), "author": self.author, **extra}
        if self.date is not None:
            attributes["date"] = self.date
        return sub(parent, name, **attributes)


def write_props(ppr: etree._Element, props: Props) -> None:
    """Write *props* into the ``w:pPr`` element *ppr* (children in schema order)."""
    sub(ppr, "pStyle", val=props.style)
    if props.keep_next:
        sub(ppr, "keepNext")
    if props.num is not None:
        numbering = sub(ppr, "numPr")
        sub(numbering, "ilvl", val=str(props.num[1]))
        sub(numbering, "numId", val=str(props.num[0]))
    if props.level is not None:
        left = INDENT_STEP * (props.level + 1)
        if props.hanging:
            sub(ppr, "ind", left=str(left), hanging=str(HANGING))
        else:
            sub(ppr, "ind", left=str(left), firstLine="0")


class BodyWriter:
    """Writes blocks as ``w:p`` and ``w:tbl`` elements."""

    def __init__(self, revisions: Revisions) -> None:
        self.revisions = revisions
        self.comment_ids: dict[str, str] = {}
        self.move_ids: dict[tuple[str, str], str] = {}
        self._properties: dict[Props, etree._Element] = {}

    def properties(self, parent: etree._Element, props: Props) -> etree._Element:
        """Append a ``w:pPr`` with *props* (a copy of one built once per value: quicker)."""
        template = self._properties.get(props)
        if template is None:
            template = make("pPr")
            write_props(template, props)
            self._properties[props] = template
        node = copy.copy(template)
        parent.append(node)
        return node

    def blocks(self, parent: etree._Element, blocks: Iterable[Block]) -> None:
        """Append *blocks* to *parent* (a body or a cell)."""
        for block in blocks:
            if isinstance(block, Para):
                self.paragraph(parent, block)
            else:
                self.table(parent, block)

    def paragraph(self, parent: etree._Element, para: Para) -> etree._Element:
        """Append one paragraph."""
        node = etree.SubElement(parent, _P)
        ppr = self.properties(node, para.props)
        if para.mark is not None:
            self.revisions.stamp(sub(ppr, "rPr"), para.mark.kind)
        if para.old_props is not None:
            change = self.revisions.stamp(ppr, "pPrChange")
            write_props(sub(change, "pPr"), para.old_props)
        holder: etree._Element | None = None
        holder_rev: Rev | None = None
        for item in para.content:
            if isinstance(item, Marker):
                self.marker(node, item)
                holder, holder_rev = None, None
                continue
            if not item.text:
                continue
            if item.rev is None:
                self.run(node, item)
                holder, holder_rev = None, None
                continue
            if holder is None or holder_rev != item.rev:
                holder, holder_rev = self.revisions.stamp(node, item.rev.kind), item.rev
            self.run(holder, item)
        return node

    def run(self, parent: etree._Element, run: Run) -> None:
        """Append a run of text; tabs become ``w:tab``."""
        node = etree.SubElement(parent, _R)
        deleted = run.rev is not None and run.rev.kind == "del"
        text_tag = _DEL_TEXT if deleted else _T
        for index, piece in enumerate(run.text.split("\t")):
            if index:
                etree.SubElement(node, _TAB)
            if piece:
                text = etree.SubElement(node, text_tag)
                text.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    text.set(XML_SPACE, "preserve")

    def marker(self, parent: etree._Element, marker: Marker) -> None:
        """Append a comment range mark (with the reference run at its end) or a move range."""
        if marker.kind == "comment_start":
            comment_id = self.comment_ids[marker.ref]
            sub(parent, "commentRangeStart", id=comment_id)
        elif marker.kind == "comment_end":
            comment_id = self.comment_ids[marker.ref]
            sub(parent, "commentRangeEnd", id=comment_id)
            holder = parent
            if marker.rev is not None:
                holder = self.revisions.stamp(parent, marker.rev.kind)
            reference = sub(holder, "r")
            sub(sub(reference, "rPr"), "rStyle", val="CommentReference")
            sub(reference, "commentReference", id=comment_id)
        else:
            side = "moveFrom" if marker.kind.startswith("move_from") else "moveTo"
            key = (side, marker.ref)
            if marker.kind.endswith("start"):
                self.move_ids[key] = self.revisions.new_id()
                attributes = {"id": self.move_ids[key], "name": marker.ref}
                attributes["author"] = self.revisions.author
                if self.revisions.date is not None:
                    attributes["date"] = self.revisions.date
                sub(parent, f"{side}RangeStart", **attributes)
            else:
                sub(parent, f"{side}RangeEnd", id=self.move_ids[key])

    def table(self, parent: etree._Element, table: TableBlock) -> etree._Element:
        """Append a table: full width, one grid column per column of its widest row."""
        node = sub(parent, "tbl")
        properties = sub(node, "tblPr")
        sub(properties, "tblStyle", val="TableGrid")
        sub(properties, "tblW", w=str(TEXT_WIDTH), type="dxa")
        sub(properties, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="0",
            lastColumn="0", noHBand="0", noVBand="1")
        columns = max(len(row.cells) for row in table.rows)
        grid = sub(node, "tblGrid")
        for _ in range(columns):
            sub(grid, "gridCol", w=str(TEXT_WIDTH // columns))
        for row in table.rows:
            self.row(node, row, columns)
        return node

    def row(self, parent: etree._Element, row: TableRow, columns: int) -> None:
        """Append a row; a header row repeats on every page."""
        node = sub(parent, "tr")
        if row.header or row.rev is not None:
            properties = sub(node, "trPr")
            if row.header:
                sub(properties, "tblHeader")
            if row.rev is not None:
                self.revisions.stamp(properties, "ins" if row.rev.new_only else "del")
        for index, cell in enumerate(row.cells):
            span = columns - len(row.cells) + 1 if index == len(row.cells) - 1 else 1
            self.cell(node, cell, span)

    def cell(self, parent: etree._Element, cell: Cell, span: int) -> None:
        """Append a cell (spanning *span* grid columns)."""
        node = sub(parent, "tc")
        properties = sub(node, "tcPr")
        sub(properties, "tcW", w="0", type="auto")
        if span > 1:
            sub(properties, "gridSpan", val=str(span))
        if cell.rev is not None:
            self.revisions.stamp(properties, "cellIns" if cell.rev.new_only else "cellDel")
        self.blocks(node, cell.paras)


__all__ = [
    "HANGING",
    "INDENT_STEP",
    "NSMAP",
    "R_NS",
    "TEXT_WIDTH",
    "W_NS",
    "BodyWriter",
    "Revisions",
    "make",
    "sub",
    "w",
    "write_props",
]
