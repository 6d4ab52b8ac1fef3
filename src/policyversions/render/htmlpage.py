"""The printable HTML page shared by :mod:`~policyversions.render.htmlredline` and
:mod:`~policyversions.render.htmlrevision`: skeleton, style sheet and a body writer.

Rules every page follows:

* The page is built with lxml's element API and serialised by lxml, never by joining strings,
  so every text and attribute value from a policy is escaped (a heading
  ``<script>alert(1)</script>`` is shown as those characters and never runs).
* One self-contained file: the style sheet is inline, there is no script, no image, no font or
  any other external resource, and a ``Content-Security-Policy`` meta element
  (``default-src 'none'; style-src 'unsafe-inline'``) forbids fetching anything.
* Printable in black and white on A4 (``@page { size: A4 }``): changes are told apart by
  underline, strike-through, labels and a change bar in the margin (``border-left``; for a list
  item a bar drawn left of its bullet or number), never by colour alone. Colour is only a help
  on screen.
* Accessible: ``<html lang>``, one ``h1`` (the title), ``h2`` for the parts of the page and
  ``h3``–``h6`` for the policy's sections, and visually hidden text announcing insertions and
  deletions to screen readers (class ``sr``). Print leaves that text out (``@media print``), so
  that text copied from a printed PDF is the policy's own text; the page shows the marks.
* A running header on every printed page (CSS paged media: ``@page`` margin boxes) names the
  document, as :func:`page` is told (a redline: the title and the two decisions compared), with
  the page number, "Sida 3 av 7" / "Page 3 of 7" (``counter(page)``, ``counter(pages)``).
* Text from a policy never reorders the words around it: wherever it sits in a line beside our
  own words (a heading trail in a label, a decision in the header), it is written as
  :class:`Quoted` text, in a ``bdi`` element (``unicode-bidi: isolate``), so that bidirectional
  controls (U+202E and friends) or right-to-left script in it stay inside it; in the ``title``
  and the running header, where there are no elements, such text goes between U+2068 FIRST
  STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE.
* Every node of the policy carries its node id as the ``id`` of its element; nodes that exist
  only in an older revision (a removed item, the old place of a moved item) carry
  ``old-<id>`` (ids hold no ``-``, so the two never clash).
"""

from __future__ import annotations

import datetime
import re
import string
from collections.abc import Iterable, Sequence

import attrs
from lxml import etree
from lxml import html as lxml_html

from ..model import (
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Decision,
    Metadata,
    Paragraph,
    Row,
    Section,
    Table,
)
from .words import words_for

CSP = "default-src 'none'; style-src 'unsafe-inline'"

STYLE = """
:root { color: #111; background: #fff; }
body { font-family: "DejaVu Serif", "Liberation Serif", Georgia, "Times New Roman", serif;
  font-size: 11pt; line-height: 1.45; max-width: 44em; margin: 2em auto; padding: 0 2.5em; }
h1, h2, h3, h4, h5, h6 { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  line-height: 1.25; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 18pt; margin: 0 0 0.3em; }
h2 { font-size: 14pt; margin: 1.6em 0 0.5em; border-bottom: 1pt solid #111; }
h3 { font-size: 12.5pt; margin: 1.3em 0 0.4em; }
h4 { font-size: 11.5pt; margin: 1.1em 0 0.3em; }
h5, h6 { font-size: 11pt; margin: 1em 0 0.3em; }
p, li, dd, dt, td, th { orphans: 3; widows: 3; }
li { margin: 0.25em 0; }
ul.labelled { list-style: none; padding-left: 2.5em; }
ul.labelled > li > .label { display: inline-block; min-width: 1.8em; margin-left: -2.2em; }
.num { font-weight: bold; }
table.policy-table { width: 100%; }
table.policy-table th { background: #eee; }
.kicker { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9pt; letter-spacing: 0.08em;
  text-transform: uppercase; margin: 0; }
.decision { font-size: 12pt; margin: 0.2em 0 1em; }
.lead-in { margin-bottom: 0.2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 0.75pt solid #111; padding: 0.15em 0.6em; text-align: left;
  vertical-align: top; }
td.count { text-align: right; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
ins { text-decoration-line: underline; text-decoration-style: solid;
  text-decoration-thickness: 0.1em; text-underline-offset: 0.18em; color: #0b5d1e; }
del { text-decoration-line: line-through; text-decoration-style: solid;
  text-decoration-thickness: 0.1em; color: #9b1111; }
ins.after-del { margin-left: 0.25em; }
del.moved { font-style: italic; color: #333; }
[data-change] { border-left: 3pt solid #111; padding-left: 6pt; margin-left: -9pt; }
[data-change="moved"], [data-change="section_moved"] { border-left-style: dashed; }
[data-place="old"] { border-left-style: dotted; }
.tag { display: block; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt;
  font-weight: bold; letter-spacing: 0.03em; margin: 0 0 0.1em; }
h3[data-change], h4[data-change], h5[data-change], h6[data-change] { break-inside: avoid;
  page-break-inside: avoid; }
.tag, .where, .context, .lead-in { break-after: avoid; page-break-after: avoid; }
bdi, .num, .label, ins, del { unicode-bidi: isolate; }
.tag .strength { border: 0.75pt solid #111; padding: 0 0.3em; }
ol > li[data-change="removed"], ul > li[data-place="old"], ol > li[data-place="old"] {
  list-style-type: none; }
.list > ul, .list > ol, article.change > ul { padding-left: 2.5em; }
li[data-change] { border-left-width: 0; padding-left: 0; margin-left: 0; position: relative; }
li[data-change]::before { content: ""; position: absolute; top: 0; bottom: 0;
  left: calc(-2.5em - 9pt); border-left: 3pt solid #111; border-left-style: inherit; }
.strength-list li { margin: 0.3em 0; }
.overview { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 0 1.5em; }
.overview > .said { flex: 1 1 20em; }
.overview > .said > p:first-child { margin-top: 0; }
.overview > table.counts { flex: 0 0 auto; margin-top: 0; }
.legend dl { display: grid; gap: 0.2em 0.8em; font-size: 0.92em; margin: 0;
  grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); }
.legend dt, .legend dd { margin: 0; }
table.counts { font-size: 0.92em; }
table.counts th, table.counts td { padding: 0.05em 0.6em; }
table.counts td.where { max-width: 7em; font-size: 0.85em; }
.legend .bar { border-left: 3pt solid #111; padding-left: 6pt; }
.legend .bar.dashed { border-left-style: dashed; }
.legend .bar.dotted { border-left-style: dotted; }
.where { font-size: 9pt; margin: 0 0 0.2em; }
section.details > div { margin: 0.6em 0; }
section.details table { width: 100%; table-layout: fixed; }
table.fields th[scope="row"], table.fields thead th:first-child { width: 24%; }
section.details td, section.details th { overflow-wrap: anywhere; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.2em; }
article.change { margin: 0.8em 0 1em; }
article.change .head { break-inside: avoid; page-break-inside: avoid; break-after: avoid;
  page-break-after: avoid; }
article.change > .head + *, article.change > .head + ul > li:first-child { break-before: avoid;
  page-break-before: avoid; }
article.change h4 { margin-top: 0; }
main > h3.context { margin-top: 1.4em; }
p.context { font-style: italic; margin-bottom: 0.2em; }
a { color: inherit; }
@page { size: A4; margin: 24mm 16mm 18mm 20mm;
  @top-left { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 7.5pt;
    line-height: 1.35; white-space: pre-wrap; vertical-align: bottom; padding: 0 0 1.5mm 3mm;
    margin-bottom: 4mm; border-bottom: 0.5pt solid #111; }
  @top-right { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
    font-size: 7.5pt; white-space: nowrap; vertical-align: bottom; padding: 0 0 1.5mm 1em;
    margin-bottom: 4mm; border-bottom: 0.5pt solid #111; } }
@media print {
  body { max-width: none; margin: 0; padding: 0 0 0 3mm; font-size: 10.5pt; }
  h2 { margin-top: 1.2em; }
  ins, del, del.moved { color: #000; }
  a { text-decoration: none; }
  .sr { display: none; }
}
"""

def element(
    parent: etree._Element | None, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    """Create *tag* (under *parent* when given) with *text* and *attributes*.

    A trailing ``_`` in an attribute name is dropped (``class_`` → ``class``) and other ``_``
    become ``-`` (``data_change`` → ``data-change``).
    """
    attrib = {_attribute_name(name): value for name, value in attributes.items()}
    node = etree.Element(tag, attrib) if parent is None else etree.SubElement(parent, tag, attrib)
    if text is not None:
        node.text = text
    return node


def _attribute_name(name: str) -> str:
    return name[:-1] if name.endswith("_") else name.replace("_", "-")


def append_text(parent: etree._Element, text: str) -> None:
    """Append *text* after the last child of *parent* (or to its text when it has none)."""
    if not text:
        return
    children = list(parent)
    if children:
        last = children[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


@attrs.frozen
class Quoted:
    """Text from a policy (a title, a heading, a decision) inside a line of our own words:
    written isolated (see the module docstring), so that it cannot reorder the words around it."""

    text: str


Line = tuple[str | Quoted, ...]
"""A line of our words and :class:`Quoted` policy text, e.g. ``(Quoted(title), " → ", ...)``."""

FSI = "\u2068"
"""FIRST STRONG ISOLATE: opens isolated text where there are no elements."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE: closes it, and every embedding or override opened inside."""


def quoted(parent: etree._Element, text: str) -> etree._Element:
    """Append policy *text* to *parent* in a ``bdi`` element (isolated from what is around)."""
    return element(parent, "bdi", text)


def write_line(parent: etree._Element, line: Line) -> etree._Element:
    """Append *line* to *parent*: our words as text, :class:`Quoted` parts in ``bdi``."""
    for part in line:
        if isinstance(part, Quoted):
            quoted(parent, part.text)
        else:
            append_text(parent, part)
    return parent


_BIDI = re.compile(
    "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # the bidirectional controls
    "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
"""A bidirectional control or a right-to-left letter (Hebrew, Arabic, Syriac, ...)."""


def isolated(text: str) -> str:
    """*text* between :data:`FSI` and :data:`PDI` if it holds a bidirectional control or
    right-to-left script (text with no elements around it: a ``title``, a terminal line)."""
    return f"{FSI}{text}{PDI}" if _BIDI.search(text) else text


def line_text(line: Line) -> str:
    """*line* as plain text (for the page ``title`` and the running header, which hold no
    elements): a :class:`Quoted` part that holds a bidirectional control or right-to-left
    script is put between :data:`FSI` and :data:`PDI`. (Only then: Chromium prints the two
    as characters of the PDF's text, which would cling to the words a reader copies.)"""
    return "".join(isolated(part.text) if isinstance(part, Quoted) else part for part in line)


def css_string(text: str) -> str:
    """*text* as a CSS string literal in which every character but an ASCII letter or digit is
    a hexadecimal escape, so that nothing in it can end the string, the rule or the ``style``
    element."""
    escaped = "".join(
        char if char.isascii() and char.isalnum() else f"\\{ord(char):x} " for char in text
    )
    return f'"{escaped}"'


def running_header(lines: Sequence[Line], lang: str) -> str:
    """The ``@page`` rule that prints *lines* at the top left of every page and the page number
    ("Sida 3 av 7") at the top right."""
    template = words_for(lang).page["page_number"]
    pieces = []
    for text, field, _spec, _conversion in string.Formatter().parse(template):
        if text:
            pieces.append(css_string(text))
        if field is not None:
            pieces.append(f"counter({field})")
    header = css_string("\n".join(line_text(line) for line in lines))
    return (
        f"@page {{ @top-left {{ content: {header}; }} "
        f"@top-right {{ content: {' '.join(pieces)}; }} }}\n"
    )


def hidden(parent: etree._Element, text: str) -> etree._Element:
    """Append *text* for screen readers only (visually hidden)."""
    return element(parent, "span", text, class_="sr")


def marked(parent: etree._Element, op: str, text: str, lang: str) -> etree._Element:
    """Append *text* as an ``ins`` (op ``insert``) or ``del`` (op ``delete``) element whose
    start and end are announced to screen readers."""
    texts = words_for(lang).page
    tag, start, end = (
        ("ins", texts["inserted"], texts["inserted_end"])
        if op == "insert"
        else ("del", texts["deleted"], texts["deleted_end"])
    )
    node = element(parent, tag)
    hidden(node, start)
    append_text(node, text)
    hidden(node, end)
    return node


def page(
    title: str | Line, lang: str, running: Sequence[Line] = ()
) -> tuple[etree._Element, etree._Element]:
    """Return a new ``html`` root and its ``body``: charset, CSP, viewport, title, style.

    *title* is the page's ``title`` (a :data:`Line` isolates the policy's words in it);
    *running*, when given, is printed at the top of every page, beside the page number.
    """
    words_for(lang)  # refuses a language we do not write
    root = element(None, "html", lang=lang)
    head = element(root, "head")
    element(head, "meta", charset="utf-8")
    element(head, "meta", http_equiv="Content-Security-Policy", content=CSP)
    element(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    element(head, "meta", name="referrer", content="no-referrer")
    element(head, "title", title if isinstance(title, str) else line_text(title))
    element(head, "style", STYLE + (running_header(running, lang) if running else ""))
    return root, element(root, "body")


def serialize(root: etree._Element) -> str:
    """Return the page as HTML text with its doctype."""
    text: str = lxml_html.tostring(
        root, doctype="<!DOCTYPE html>", encoding="unicode", method="html"
    )
    return text + "\n"


def decision_text(decision: Decision | None, lang: str, *, effective: bool = True) -> str:
    """*decision* as it is cited in *lang*, with when it takes effect if it says (unless not
    *effective*): its action in *lang* (``Reviderad KF 2007-06-18 § 118, gäller från
    2007-07-01`` / ``Revised KF 2007-06-18 § 118, in force from 2007-07-01``), or "utan beslut" /
    "no decision"."""
    if decision is None:
        return words_for(lang).page["no_decision"]
    citation = decision.citation
    if decision.action is not None:
        action = words_for(lang).actions[decision.action.value]
        citation = f"{action} {attrs.evolve(decision, action=None).citation}"
    if decision.effective is None or not effective:
        return citation
    when = words_for(lang).page["effective"].format(date=decision.effective.isoformat())
    return f"{citation}, {when}"


def decision_part(
    decision: Decision | None, lang: str, *, effective: bool = True
) -> str | Quoted:
    """:func:`decision_text` as a part of a :data:`Line`: a decision is :class:`Quoted` (it holds
    the policy's words), "utan beslut" is ours."""
    if decision is None:
        return words_for(lang).page["no_decision"]
    return Quoted(decision_text(decision, lang, effective=effective))


def metadata_fields(metadata: Metadata, lang: str) -> list[tuple[str, str]]:
    """Return the non-empty metadata fields as ``(label, value)`` pairs, in field order, then
    the ``extra`` pairs under their own keys."""
    names = words_for(lang).metadata_fields
    fields: list[tuple[str, str]] = []
    for field in attrs.fields(Metadata):
        value = getattr(metadata, field.name)
        if field.name == "extra":
            fields.extend((key, text) for key, text in value if text)
        elif field.name == "replaces":
            if value:
                fields.append((names["replaces"], "; ".join(value)))
        elif isinstance(value, datetime.date):
            fields.append((names[field.name], value.isoformat()))
        elif value:
            fields.append((names[field.name], str(value)))
    return fields


def heading_tag(level: int) -> str:
    """``h3`` for a top-level section of the policy, deeper sections down to ``h6``."""
    return f"h{min(level + 2, 6)}"


class BodyWriter:
    """Writes a policy body as HTML elements: ``section`` with a heading for each section,
    ``p`` for paragraphs, a ``div class="list"`` holding the lead-in, a ``ul``/``ol`` of the
    commitments and the wrap-up. Every element carries its node id as ``id``.

    Subclasses decorate the elements and mark the text (the redline does); this class writes a
    clean revision.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.used_ids: set[str] = set()

    def anchor(self, node: etree._Element, anchor_id: str) -> None:
        """Give *node* the ``id`` *anchor_id* unless an earlier element has it already."""
        if anchor_id and anchor_id not in self.used_ids:
            self.used_ids.add(anchor_id)
            node.set("id", anchor_id)

    def blocks(
        self, parent: etree._Element, blocks: Iterable[Block], parent_id: str, level: int
    ) -> None:
        """Write *blocks* (children of *parent_id*, ``""`` for the body) at section *level*."""
        for block in blocks:
            self.block(parent, block, level)

    def block(self, parent: etree._Element, block: Block, level: int) -> etree._Element:
        """Write one block and its subtree."""
        if isinstance(block, Section):
            return self.section(parent, block, level)
        if isinstance(block, CommitmentList):
            return self.commitment_list(parent, block)
        if isinstance(block, Table):
            return self.table(parent, block)
        return self.paragraph(parent, block)

    def section(self, parent: etree._Element, section: Section, level: int) -> etree._Element:
        """Write a section: its heading, then its children one level deeper."""
        node = element(parent, "section")
        self.anchor(node, section.id)
        heading = element(node, heading_tag(level))
        self.heading_text(heading, section)
        self.blocks(node, section.children, section.id, level + 1)
        return node

    def paragraph(self, parent: etree._Element, paragraph: Paragraph) -> etree._Element:
        """Write a paragraph."""
        node = element(parent, "p")
        self.anchor(node, paragraph.id)
        self.leaf_text(node, paragraph)
        return node

    def commitment_list(self, parent: etree._Element, block: CommitmentList) -> etree._Element:
        """Write a list: lead-in, items, wrap-up."""
        node = element(parent, "div", class_="list")
        self.anchor(node, block.id)
        if block.lead_in:
            self.list_text(element(node, "p", class_="lead-in"), block, "lead_in")
        if any(item.label for item in block.items):
            items = element(node, "ul", class_="labelled")  # the labels as written, no markers
        else:
            items = element(node, "ol" if block.style == "number" else "ul")
        self.items(items, block)
        if block.wrap_up:
            self.list_text(element(node, "p", class_="wrap-up"), block, "wrap_up")
        return node

    def items(self, parent: etree._Element, block: CommitmentList) -> None:
        """Write the items of *block* into the ``ul``/``ol`` *parent*."""
        for item in block.items:
            self.item(parent, item, block)

    def item(
        self, parent: etree._Element, item: Commitment, block: CommitmentList
    ) -> etree._Element:
        """Write one commitment as a list item: its label as written, its text, and the list
        nested under it."""
        node = element(parent, "li")
        self.anchor(node, item.id)
        if item.label is not None:
            self.label_text(element(node, "span", class_="label"), item)
            append_text(node, " ")
        self.leaf_text(node, item)
        if item.sublist is not None:
            self.block(node, item.sublist, 0)
        return node

    def table(self, parent: etree._Element, table: Table) -> etree._Element:
        """Write a table: its caption, then its rows (a header row's cells as ``th``)."""
        node = element(parent, "table", class_="policy-table")
        self.anchor(node, table.id)
        if table.caption is not None:
            self.caption_text(element(node, "caption"), table)
        self.rows(element(node, "tbody"), table)
        return node

    def rows(self, parent: etree._Element, table: Table) -> None:
        """Write the rows of *table* into the ``tbody`` *parent*."""
        for row in table.rows:
            self.row(parent, row)

    def row(self, parent: etree._Element, row: Row) -> etree._Element:
        """Write one row and its cells."""
        node = element(parent, "tr")
        self.anchor(node, row.id)
        self.cells(node, row)
        return node

    def cells(self, parent: etree._Element, row: Row) -> None:
        """Write the cells of *row* into the ``tr`` *parent*."""
        for cell in row.cells:
            self.cell(parent, cell, row)

    def cell(self, parent: etree._Element, cell: Cell, row: Row) -> etree._Element:
        """Write one cell (``th`` in a header row)."""
        node = element(parent, "th" if row.header else "td")
        if row.header:
            node.set("scope", "col")
        self.anchor(node, cell.id)
        self.cell_text(node, cell)
        return node

    def heading_text(self, heading: etree._Element, section: Section) -> None:
        """Fill a section heading: its number as written, then its heading."""
        if section.number is not None:
            self.number_text(element(heading, "span", class_="num"), section)
            if section.heading is not None:
                append_text(heading, " ")
        if section.heading is not None:
            append_text(heading, section.heading)

    def number_text(self, node: etree._Element, section: Section) -> None:
        """Fill the number of a provision (``4 §``)."""
        append_text(node, section.number or "")

    def label_text(self, node: etree._Element, item: Commitment) -> None:
        """Fill the label of a point as written (``a)``)."""
        append_text(node, item.label or "")

    def caption_text(self, node: etree._Element, table: Table) -> None:
        """Fill a table's caption."""
        append_text(node, table.caption or "")

    def cell_text(self, node: etree._Element, cell: Cell) -> None:
        """Fill a table cell."""
        append_text(node, cell.text)

    def leaf_text(self, node: etree._Element, leaf: Paragraph | Commitment) -> None:
        """Fill a paragraph or list item with its text."""
        append_text(node, leaf.text)

    def list_text(self, node: etree._Element, block: CommitmentList, field: str) -> None:
        """Fill a list's lead-in (*field* ``lead_in``) or wrap-up (``wrap_up``)."""
        append_text(node, getattr(block, field) or "")
