"""Import PDF files (their text layer): :func:`parse_pdf`.

The text layer is read with PDFium (pypdfium2, BSD-3-Clause/Apache-2.0; chosen by
``benchmarks/pdf_bench.py``) as lines with their place and font
(:mod:`~policyversions.importers.pdflayout`). What only a PDF has is settled here; what the lines
mean is left to the text importer's grammar (:func:`~policyversions.importers.text.parse_text`:
hyphenation, points and their labels, provisions, lead-ins, decision lines), which gets the
lines as text and, from the layout, which of them are headings:

1. **Reading order.** Two-column pages are read column by column
   (:func:`~policyversions.importers.pdflayout.reading_order`).
2. **Page headers and footers** (lines that come back at the same height at the top or bottom
   of the pages, ``Sida 3 av 7`` and other page numbers) are left out, and so are the lines
   above the title in the top tenth of its page (the first page's own header, or the header of
   a document of one page, where nothing comes back).
3. **Title.** The first lines of the first page in its largest type (joined), else its first
   line; the decision lines under it are read as in text.
4. **Metadata table.** Lines at the start of the first page that are labels and values in
   columns (``Beslutad av   Kommunfullmäktige``) are read as the metadata table
   (:mod:`~policyversions.importers.metadatatable`), not body text.
5. **Headings** by type: the body's size is the one most of the text is set in; a line set
   larger is a heading, of level 1 for the largest such size, 2 for the next, and so on; a
   short line all in bold at the body's size that does not end a sentence is a heading of the
   level after those. Consecutive lines of one heading are joined.
6. **Paragraphs.** A gap between lines a quarter larger than the body's line spacing ends a
   paragraph. At a page (or column) break the paragraph goes on when its last line reaches
   the right margin or ends in a hyphen (a word split across pages is joined like any
   hyphenated word); otherwise it ends. A line that does not end a sentence and the point
   after it stay in one block (the lead-in and its list). Indentation is kept (as spaces), so
   that points nest.

A PDF without a text layer (a scan) is one :class:`~policyversions.errors.InputError` ("no text
layer; this looks scanned"), as is an encrypted, damaged or empty one, or a file that is not a
PDF.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

import attrs

from ..errors import InputError
from ..model import Metadata, Policy
from .grammar import chronological, split_point
from .metadatatable import metadata_pairs, read_metadata_table
from .pdflayout import Line, page_lines, reading_order, running_lines
from .repairs import Repairs

MAX_PAGES: Final = 5000
_HEADING_STEP: Final = 0.8
_SENTENCE_END: Final = (".", "!", "?", ":", ",", ";")
_MAX_HEADING_LENGTH: Final = 100
_TITLE_LINES: Final = 4
_HEADER_BAND: Final = 0.1
_HYPHENATED: Final = re.compile(r"[^\W\d_]-$")


def parse_pdf(data: bytes, *, source: str = "<pdf>", lenient: bool = False) -> Policy:
    """Read the text layer of the PDF in *data* into a policy (see the module docstring).

    :raises InputError: for a PDF without a text layer (a scan), an encrypted, damaged or
        empty PDF, or input that is not a PDF.
    """
    pages = _read_pages(data, source)
    running = running_lines(pages)
    lines = [line for page in pages for line in page if id(line) not in running]
    if not lines:
        raise InputError("the PDF's only text is page headers and footers", source)
    layout = _Layout(lines)
    metadata, decisions, body_lines = _metadata(layout, layout.body, source, lenient)
    text, hints = layout.text(body_lines)
    from .text import parse_text

    policy = parse_text(text, source=source, lenient=lenient, headings=hints)
    return attrs.evolve(
        policy,
        metadata=metadata,
        decisions=chronological([*decisions, *policy.decisions]),
    )


def _read_pages(data: bytes, source: str) -> list[list[Line]]:
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF: it does not start with %PDF-", source)
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.casefold():
            raise InputError(
                "the PDF is encrypted (password-protected): import a copy without a password",
                source,
            ) from None
        detail = message.split("(PDFium: ")[-1].rstrip(").") if "PDFium" in message else message
        raise InputError(f"a damaged PDF that cannot be read: {detail}", source) from None
    try:
        count = len(document)
        if count == 0:
            raise InputError("the PDF has no pages", source)
        if count > MAX_PAGES:
            raise InputError(f"the PDF has {count} pages, more than {MAX_PAGES}", source)
        pages: list[list[Line]] = []
        images = 0
        for number in range(count):
            page = document[number]
            try:
                found = page_lines(page, number + 1)
                if not found:
                    images += _images(page)
                pages.append(reading_order(found))
            finally:
                page.close()
    finally:
        document.close()
    if not any(pages):
        if images:
            raise InputError(
                f"no text layer; this looks scanned ({count} page{'s' if count > 1 else ''} "
                "of images): run text recognition (OCR) on it first", source)
        raise InputError("the PDF has no text", source)
    return pages


def _images(page: Any) -> int:
    import pypdfium2.raw as pdfium_c

    return sum(
        1
        for index in range(pdfium_c.FPDFPage_CountObjects(page.raw))
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, index))
        == pdfium_c.FPDF_PAGEOBJ_IMAGE
    )


class _Layout:
    """The lines of a document, their body size and spacing, title and headings."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        weights: Counter[float] = Counter()
        for line in lines:
            weights[line.size] += len(line.text)
        self.size = weights.most_common(1)[0][0]
        larger = sorted({line.size for line in lines if line.size >= self.size + _HEADING_STEP},
                        reverse=True)
        self.title_lines = self._title()
        title_sizes = {line.size for line in self.title_lines}
        sizes = [size for size in larger if any(
            line.size == size for line in lines if line not in self.title_lines
        )] or larger
        self.levels = {size: rank for rank, size in enumerate(sizes, start=1)}
        self.bold_level = len(self.levels) + 1
        del title_sizes
        self.leading = self._leading()
        first = self.title_lines[0]
        self.body = [
            line for line in lines
            if not any(line is t for t in self.title_lines)
            and not (line.page == first.page and line.bottom <= first.top
                     and line.top < _HEADER_BAND * line.page_height)
        ]

    def _title(self) -> list[Line]:
        first_page = [line for line in self.lines if line.page == self.lines[0].page]
        largest = max(line.size for line in first_page[:12])
        if largest < self.size + _HEADING_STEP:
            return [self.lines[0]]
        start = next(index for index, line in enumerate(first_page) if line.size == largest)
        if start > 0 and any(
            line.size >= self.size + _HEADING_STEP or line.bold for line in first_page[:start]
        ):
            start = 0 if first_page[0].size == largest else start
        title = [first_page[start]]
        for line in first_page[start + 1 : start + _TITLE_LINES]:
            if line.size != largest or line.top - title[-1].bottom > largest:
                break
            title.append(line)
        return title

    def _leading(self) -> float:
        deltas = [
            following.top - line.top
            for line, following in zip(self.lines, self.lines[1:], strict=False)
            if line.page == following.page
            and line.size == following.size == self.size
            and 0.8 * self.size < following.top - line.top < 2.0 * self.size
        ]
        return statistics.median(deltas) if deltas else self.size * 1.2

    def heading_level(self, line: Line, following: Line | None) -> int | None:
        level = self.levels.get(line.size)
        text = line.text
        if level is not None:
            return level if len(text) <= 3 * _MAX_HEADING_LENGTH else None
        if (
            line.bold
            and abs(line.size - self.size) < _HEADING_STEP
            and len(text) <= _MAX_HEADING_LENGTH
            and not text.endswith(_SENTENCE_END)
            and split_point(text) is None
            and (following is None or not following.bold or following.size != line.size)
        ):
            return self.bold_level
        return None

    def breaks(self, line: Line, following: Line, right: float) -> bool:
        """Whether a paragraph ends between *line* and *following*."""
        if following.page != line.page or following.top < line.top - line.size:
            full = line.x1 >= right - 1.5 * line.size
            return not (full or _HYPHENATED.search(line.text))
        if abs(following.size - line.size) >= _HEADING_STEP:
            return True
        if split_point(following.text) is not None and not line.text.endswith((".", "!", "?")):
            return False  # a lead-in and the list it leads into are one block, as in text
        return following.top - line.top > 1.25 * max(self.leading, line.size)

    def text(self, lines: Sequence[Line]) -> tuple[str, dict[int, int]]:
        """The text the lines make (title first) and the heading lines' levels."""
        out = [" ".join(line.text for line in self.title_lines)]
        hints: dict[int, int] = {}
        left = min((line.x0 for line in lines), default=0.0)
        rights = _right_edges(lines)
        previous: Line | None = None
        previous_heading: int | None = None
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else None
            level = self.heading_level(line, following)
            if level is not None:
                if (
                    previous_heading == level
                    and previous is not None
                    and previous.page == line.page
                    and line.top - previous.bottom < line.size
                ):
                    out[-1] = f"{out[-1]} {line.text}"
                else:
                    out.extend(["", line.text])
                    hints[len(out)] = level
                previous, previous_heading = line, level
                continue
            if previous is None or previous_heading is not None or self.breaks(
                previous, line, rights.get(id(previous), previous.x1)
            ):
                out.append("")
            indent = max(0, round((line.x0 - left) / max(self.size / 2, 1.0)))
            out.append(" " * indent + line.text)
            previous, previous_heading = line, None
        return "\n".join(out) + "\n", hints


def _right_edges(lines: Sequence[Line]) -> dict[int, float]:
    """Per line, the right edge of the text around it (its page's lines that start near it)."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges: dict[int, float] = {}
    for page_lines_ in by_page.values():
        width = max(line.x1 for line in page_lines_) - min(line.x0 for line in page_lines_)
        starts = sorted({round(line.x0) for line in page_lines_})
        for start in starts:
            near = [line for line in page_lines_ if abs(line.x0 - start) <= width / 4]
            edge = max(line.x1 for line in near)
            for line in near:
                if abs(round(line.x0) - start) <= 1:
                    edges[id(line)] = edge
    return edges


def _metadata(
    layout: _Layout, lines: list[Line], source: str, lenient: bool
) -> tuple[Metadata, list[Any], list[Line]]:
    """Read a metadata table among the first lines of the first page; return the metadata,
    its decisions and the lines without it."""
    first_page = lines[0].page if lines else 1
    start = None
    for index, line in enumerate(lines[:40]):
        if line.page != first_page:
            break
        if len(line.segments) >= 2:
            start = index
            break
    if start is None:
        return Metadata(), [], lines
    rows: list[list[list[str]]] = []
    columns: list[float] = []
    end = start
    for line in lines[start:]:
        if line.page != first_page:
            break
        if len(line.segments) >= 2:
            rows.append([[segment.text] for segment in line.segments])
            columns = [segment.x0 for segment in line.segments]
        elif rows and any(abs(line.x0 - column) < line.size for column in columns[1:]):
            position = min(range(1, len(columns)), key=lambda k: abs(columns[k] - line.x0))
            if position < len(rows[-1]):
                rows[-1][position].append(line.text)
        else:
            break
        end += 1
    pairs = metadata_pairs(rows)
    if pairs is None:
        return Metadata(), [], lines
    repairs = Repairs(source, lenient)
    try:
        table = read_metadata_table(pairs, repairs, f"{source}, page {first_page}")
    finally:
        repairs.emit()
    return table.metadata, list(table.decisions), lines[:start] + lines[end:]


__all__ = ["parse_pdf"]
