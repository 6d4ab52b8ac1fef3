"""A PDF's text layer as lines with their place and font: what the PDF importer reads.

:func:`page_lines` asks PDFium (through pypdfium2) for each character of a page: its Unicode
value, its box and its font size, and once a word the font's name (bold when it names a bold
weight: ``Arial-BoldMT``, ``LiberationSans-Bold``, ``Calibri Bold``, ``...-Semibold``; PDF
writers rarely fill in the weight itself). Characters join into lines where PDFium ends a line
or the baseline moves; a gap of more than :data:`SEGMENT_GAP` ems splits a line into
segments (a table's cells, the two columns of a page, a label and its value). Word's bullets
print from symbol fonts as private-use characters (Symbol's U+F0B7, Wingdings' U+F0A7): one that
starts a line is a bullet (``•``), one inside a line is not text and is left out. A hyphen that
ends a line inside a word (PDFium marks it) is a hyphen: whether the word is joined
(``verk-`` / ``samhet``) or keeps it (``e-`` / ``tjänster``) is the text importer's rule. Then:

- :func:`reading_order` puts a two-column page in reading order: in each band of the page
  between lines that span both columns, the left column's segments, then the right one's. A
  page is in two columns when at least :data:`MIN_COLUMN_LINES` segments on each side of the
  middle are wide (a third of the text width or more) and overlap in height;
- :func:`running_lines` finds the page headers and footers: among the first and last
  :data:`EDGE_LINES` lines of each page, a line whose text (digits aside) comes back at the same
  height on at least half of the pages (and two), and a page number anywhere there
  (``Sida 3 av 7``, ``Page 3 of 7``, ``3 (7)``, ``3/7``, ``- 3 -``, ``3``).
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

SEGMENT_GAP: Final = 2.0
"""A gap between characters of one line wider than this many ems splits it into segments."""
MIN_COLUMN_LINES: Final = 4
EDGE_LINES: Final = 3
_BOLD: Final = re.compile(rb"bold|black|heavy|semibold|demi|[-,]bd\b|\bbd", re.IGNORECASE)
_PAGE_NUMBER: Final = re.compile(
    r"(?:(?:sida|page|sid\.?|s\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?"
    r"(?:\s*(?:av|of|/|\()\s*\d{1,4}\s*\)?)?",
    re.IGNORECASE,
)


@dataclass
class Segment:
    """Part of a line between wide gaps."""

    text: str
    x0: float
    x1: float


@dataclass
class Line:
    """One line of a page: *top* and *bottom* measured from the top of the page."""

    page: int
    top: float
    bottom: float
    size: float
    bold: bool
    segments: list[Segment] = field(default_factory=list)
    page_height: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1


@dataclass
class _Builder:
    page: int
    height: float
    lines: list[Line] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    sizes: Counter[float] = field(default_factory=Counter)
    bold_chars: int = 0
    segments: list[Segment] = field(default_factory=list)
    space: bool = False

    def end_segment(self) -> None:
        text = "".join(self.chars).strip()
        if text:
            self.segments.append(Segment(text, self.x0, self.x1))
        self.chars = []

    def end_line(self) -> None:
        self.end_segment()
        if self.segments:
            size = self.sizes.most_common(1)[0][0] if self.sizes else 0.0
            total = sum(self.sizes.values()) or 1
            self.lines.append(
                Line(self.page, self.top, self.bottom, size, self.bold_chars * 2 > total,
                     self.segments, self.height)
            )
        self.segments = []
        self.sizes = Counter()
        self.bold_chars = 0
        self.space = False


def page_lines(page: Any, number: int) -> list[Line]:
    """The lines of pypdfium2 page *page* (page *number*, from 1), in PDFium's order."""
    import pypdfium2.raw as pdfium_c

    height = float(page.get_height())
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        box = pdfium_c.FS_RECTF()
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        get_unicode = pdfium_c.FPDFText_GetUnicode
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        get_size = pdfium_c.FPDFText_GetFontSize
        get_font = pdfium_c.FPDFText_GetFontInfo
        line = _Builder(number, height)
        bold = False
        word_start = True
        for index in range(count):
            code = get_unicode(raw, index)
            if code in (10, 13):
                line.end_line()
                word_start = True
                continue
            if code in (0, 0xFFFE, 0xFFFF):  # no Unicode
                continue
            if code == 2:  # PDFium's mark for a hyphen that ends a line inside a word
                code = 0x2D
            if code == 32 or code == 0xA0 or code == 9:
                line.space = True
                word_start = True
                continue
            get_box(raw, index, ctypes.byref(box))
            size = round(get_size(raw, index), 1)
            top, bottom = height - box.top, height - box.bottom
            left, right = box.left, box.right
            if line.chars or line.segments:
                middle = (top + bottom) / 2
                em = max(size, 1.0)
                if not (line.top - em * 0.3 <= middle <= line.bottom + em * 0.3) or (
                    left < line.x1 - em * 1.5
                ):
                    line.end_line()
                elif left - line.x1 > SEGMENT_GAP * em:
                    line.end_segment()
                    line.space = False
            if word_start:
                get_font(raw, index, name, 128, ctypes.byref(flags))
                bold = bool(_BOLD.search(name.value)) or bool(flags.value & 0x40000)
                word_start = False
            if 0xE000 <= code <= 0xF8FF:  # a symbol font's private glyph (see the docstring)
                if line.chars or line.segments:
                    continue
                code = 0x2022
            if not line.chars:
                if not line.segments:
                    line.top, line.bottom = top, bottom
                line.x0 = left
                line.space = False
            elif line.space:
                line.chars.append(" ")
                line.space = False
            line.chars.append(chr(code))
            line.x1 = max(right, left)
            line.top, line.bottom = min(line.top, top), max(line.bottom, bottom)
            line.sizes[size] += 1
            if bold:
                line.bold_chars += 1
        line.end_line()
        return line.lines
    finally:
        textpage.close()


def reading_order(lines: list[Line]) -> list[Line]:
    """*lines* of one page in reading order (see the module docstring); in a page of two
    columns each segment becomes a line of its own."""
    if len(lines) < 2 * MIN_COLUMN_LINES:
        return lines
    left_edge = min(line.x0 for line in lines)
    right_edge = max(line.x1 for line in lines)
    width = right_edge - left_edge
    if width <= 0:
        return lines
    middle = (left_edge + right_edge) / 2
    pieces = [
        (line, segment) for line in lines for segment in line.segments
    ]
    left = [p for p in pieces if p[1].x1 <= middle + width * 0.02]
    right = [p for p in pieces if p[1].x0 >= middle - width * 0.02]
    wide_left = [p for p in left if p[1].x1 - p[1].x0 >= width / 3]
    wide_right = [p for p in right if p[1].x1 - p[1].x0 >= width / 3]
    if len(wide_left) < MIN_COLUMN_LINES or len(wide_right) < MIN_COLUMN_LINES:
        return lines
    top = max(min(p[0].top for p in wide_left), min(p[0].top for p in wide_right))
    bottom = min(max(p[0].top for p in wide_left), max(p[0].top for p in wide_right))
    if bottom <= top:
        return lines
    ordered: list[Line] = []
    band_left: list[Line] = []
    band_right: list[Line] = []

    def flush() -> None:
        ordered.extend(band_left)
        ordered.extend(band_right)
        band_left.clear()
        band_right.clear()

    for line in sorted(lines, key=lambda item: item.top):
        for segment in line.segments:
            piece = Line(line.page, line.top, line.bottom, line.size, line.bold, [segment],
                         line.page_height)
            if segment.x1 <= middle + width * 0.02:
                band_left.append(piece)
            elif segment.x0 >= middle - width * 0.02:
                band_right.append(piece)
            else:
                flush()
                ordered.append(piece)
    flush()
    return ordered


def _key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.casefold()), round(line.top / 3)


def is_page_number(text: str) -> bool:
    """Whether *text* is only a page number (``Sida 3 av 7``, ``3 (7)``, ``- 3 -``, ``3``)."""
    return _PAGE_NUMBER.fullmatch(text.strip()) is not None


def running_lines(pages: Sequence[list[Line]]) -> set[int]:
    """The ``id()`` of every line of *pages* that is a page header or footer (see the module
    docstring)."""
    found: set[int] = set()
    counts: Counter[tuple[str, int]] = Counter()
    edges: list[list[Line]] = []
    for lines in pages:
        ordered = sorted(lines, key=lambda line: line.top)
        if len(ordered) > 2 * EDGE_LINES:
            ordered = ordered[:EDGE_LINES] + ordered[-EDGE_LINES:]
        edges.append(ordered)
        counts.update({_key(line) for line in ordered})
    needed = max(2, (len(pages) + 1) // 2)
    for edge in edges:
        for line in edge:
            if counts[_key(line)] >= needed or is_page_number(line.text):
                found.add(id(line))
    return found


__all__ = [
    "EDGE_LINES",
    "MIN_COLUMN_LINES",
    "SEGMENT_GAP",
    "Line",
    "Segment",
    "is_page_number",
    "page_lines",
    "reading_order",
    "running_lines",
]
