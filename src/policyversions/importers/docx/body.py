"""The body of a Word document read in order: each paragraph with its text, its style's meaning,
its list label and indentation, and each table with its rows of cells.

What a reader of the printed document sees is kept: text runs, tabs, line breaks, non-breaking
hyphens, symbols, hyperlinks', fields' and content controls' text (a field's result, never its
instruction), and footnote references, written ``[n]`` where they stand (each footnote's text is
kept too: :attr:`Para.footnotes`). What is not policy text is left out: page headers and
footers (other parts, never read), comments and their anchors, deleted text (only present when
tracked changes are accepted), drawings, and text boxes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

import attrs
from lxml import etree

from ..repairs import Repairs, clean_characters
from .numbering import Label, Numbering
from .styles import StyleInfo, Styles
from .xml import W, attr, child, on, twips

_SKIPPED: Final = frozenset(
    {
        f"{W}{name}"
        for name in (
            "pPr", "rPr", "delText", "instrText", "delInstrText", "drawing", "pict", "object",
            "commentReference", "annotationRef", "footnoteRef", "endnoteRef", "del", "moveFrom",
            "rt", "fldData", "separator", "continuationSeparator", "lastRenderedPageBreak",
        )
    }
)
_MC: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_CONTAINERS: Final = frozenset({f"{W}sdt", f"{W}customXml", f"{W}sdtContent", f"{W}smartTag"})


@attrs.define
class Para:
    """One paragraph of the body."""

    number: int
    text: str
    style: StyleInfo
    heading: int | None
    """The heading level (0 for the title) from the style or the paragraph's outline level."""
    label: Label | None
    left: int | None
    keep_next: bool
    footnotes: list[str] = attrs.Factory(list)
    """The footnotes it refers to, each as ``[n] text``."""


@attrs.define
class TableRow:
    """A row: its cells, each as its lines (paragraphs), and whether it is a header row."""

    cells: list[list[str]]
    header: bool


@attrs.define
class TableItem:
    """A table of the body; *number* counts tables from 1, *paragraph* is the number of the
    paragraph before it (for errors)."""

    number: int
    paragraph: int
    rows: list[TableRow]
    footnotes: list[str] = attrs.Factory(list)


Item = Para | TableItem


class BodyReader:
    """Reads the body of one document in order (see the module docstring)."""

    def __init__(
        self,
        styles: Styles,
        numbering: Numbering,
        footnotes: dict[str, str],
        repairs: Repairs,
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.footnotes = footnotes
        self.repairs = repairs
        self.paragraphs = 0
        self.tables = 0
        self.notes = 0

    def items(self, body: etree._Element) -> Iterator[Item]:
        """The paragraphs and tables of *body* (``w:body``), in order."""
        for element in _blocks(body):
            if element.tag == f"{W}p":
                yield self.paragraph(element)
            else:
                yield self.table(element)

    def paragraph(self, element: etree._Element) -> Para:
        self.paragraphs += 1
        number = self.paragraphs
        ppr = child(element, "pPr")
        style_element = child(ppr, "pStyle")
        style_id = attr(style_element, "val") if style_element is not None else None
        style = self.styles.info(style_id)
        notes: list[str] = []
        pieces: list[str] = []
        self._text(element, pieces, notes)
        text = self._clean("".join(pieces), number)
        heading = style.heading
        outline = child(ppr, "outlineLvl")
        if outline is not None and heading is None:
            level = _int(attr(outline, "val"))
            if level is not None and 0 <= level <= 8:
                heading = level + 1
        label = self._label(ppr, style, style_id)
        left = twips(child(ppr, "ind"))
        if left is None and label is not None:
            left = label.left
        if left is None:
            left = style.left
        keep = on(child(ppr, "keepNext"))
        return Para(number, text, style, heading, label, left, keep, notes)

    def _label(self, ppr: etree._Element | None, style: StyleInfo,
               style_id: str | None) -> Label | None:
        numpr = child(ppr, "numPr")
        num = child(numpr, "numId")
        ilvl_element = child(numpr, "ilvl")
        num_id = attr(num, "val") if num is not None else None
        ilvl = _int(attr(ilvl_element, "val")) if ilvl_element is not None else None
        if num_id is None:
            num_id = style.num_id
            if num_id is None:
                return None
            if ilvl is None:
                ilvl = style.ilvl
            if ilvl is None:
                ilvl = self.numbering.level_of_style(num_id, style_id)
        if num_id in ("0", ""):
            return None
        return self.numbering.label(num_id, ilvl or 0)

    def _text(self, element: etree._Element, pieces: list[str], notes: list[str]) -> None:
        for node in element:
            tag = node.tag
            if not isinstance(tag, str) or tag in _SKIPPED or tag == _MC:
                continue
            if tag == f"{W}t":
                pieces.append(node.text or "")
            elif tag == f"{W}tab" or tag == f"{W}ptab":
                pieces.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                pieces.append("\n")
            elif tag == f"{W}noBreakHyphen":
                pieces.append("-")
            elif tag == f"{W}sym":
                pieces.append(_symbol(attr(node, "char")))
            elif tag == f"{W}footnoteReference":
                self.notes += 1
                pieces.append(f"[{self.notes}]")
                note = self.footnotes.get(attr(node, "id") or "")
                if note:
                    notes.append(f"[{self.notes}] {note}")
            elif tag == f"{W}p":  # a paragraph inside a paragraph (a text box): its text
                self._text(node, pieces, notes)
                pieces.append("\n")
            else:
                self._text(node, pieces, notes)

    def _clean(self, text: str, number: int) -> str:
        if text.isascii() and text.isprintable():
            return text
        where = f"{self.repairs.source}, paragraph {number}"
        local = Repairs(where, self.repairs.lenient)
        cleaned = clean_characters(text, local)
        self.repairs.take(local)
        return cleaned

    def table(self, element: etree._Element) -> TableItem:
        self.tables += 1
        item = TableItem(self.tables, self.paragraphs, [])
        for row in element.iterchildren(f"{W}tr", *_CONTAINERS):
            for tr in _rows(row):
                header = on(child(child(tr, "trPr"), "tblHeader"))
                cells: list[list[str]] = []
                for cell in _cells(tr):
                    lines: list[str] = []
                    self._cell_lines(cell, lines, item.footnotes)
                    cells.append(lines)
                if cells:
                    item.rows.append(TableRow(cells, header))
        return item

    def _cell_lines(self, cell: etree._Element, lines: list[str], notes: list[str]) -> None:
        for block in _blocks(cell):
            if block.tag == f"{W}p":
                para = self.paragraph(block)
                notes.extend(para.footnotes)
                lines.extend(para.text.split("\n"))
            else:
                for tr in block.iter(f"{W}tr"):
                    for inner in _cells(tr):
                        self._cell_lines(inner, lines, notes)


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    for node in container:
        tag = node.tag
        if tag == f"{W}p" or tag == f"{W}tbl":
            yield node
        elif tag in _CONTAINERS:
            yield from _blocks(node)


def _rows(node: etree._Element) -> Iterator[etree._Element]:
    if node.tag == f"{W}tr":
        yield node
    else:
        for inner in node:
            if isinstance(inner.tag, str):
                yield from _rows(inner)


def _cells(row: etree._Element) -> Iterator[etree._Element]:
    for node in row:
        if node.tag == f"{W}tc":
            yield node
        elif node.tag in _CONTAINERS:
            yield from _cells(node)


def footnote_texts(root: etree._Element | None, repairs: Repairs) -> dict[str, str]:
    """The text of each footnote of the footnotes part, by id (separators left out)."""
    if root is None:
        return {}
    reader = BodyReader(Styles(None), Numbering(None, Styles(None)), {}, repairs)
    found: dict[str, str] = {}
    for note in root.iterchildren(f"{W}footnote"):
        if attr(note, "type") not in (None, "normal"):
            continue
        pieces: list[str] = []
        for paragraph in note.iter(f"{W}p"):
            reader._text(paragraph, pieces, [])
            pieces.append(" ")
        text = " ".join("".join(pieces).split())
        if text:
            found[attr(note, "id") or ""] = text
    return found


_PRIVATE: Final = re.compile("[\ue000-\uf8ff]")


def _symbol(char: str | None) -> str:
    """The character of ``w:sym`` (a symbol font's private-use code is not text: left out)."""
    try:
        value = chr(int(char or "", 16))
    except ValueError:
        return ""
    return "" if _PRIVATE.match(value) else value


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


__all__ = ["BodyReader", "Item", "Para", "TableItem", "TableRow", "footnote_texts"]
