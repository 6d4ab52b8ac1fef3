"""From the paragraphs and tables of a Word document's body to the policy tree.

The preamble
    Before the body come, in any order: the title (a paragraph in the ``Title`` style), the
    decision lines under it (paragraphs that read as decisions, as in text: ``Reviderad KF
    2007-06-18 § 118``), and the metadata table (the first table, when its rows are labels and
    values: :mod:`~policyversions.importers.metadatatable`). Without a title style, the title
    is the metadata table's, else the first paragraph's (a heading or text, not a point), else
    the package's core properties'. Empty paragraphs count for nothing anywhere.

Sections
    A heading paragraph (a style of level *n*, see :mod:`.styles`) opens a section of rank *n*
    and closes the open sections of rank *n* or deeper. Its number is the label Word's
    numbering shows (``2.1``), else the provision number it starts with (``§ 4 Tillsyn``, see
    :func:`~policyversions.importers.grammar.split_provision`). A paragraph of text that starts
    with a provision number (``1 §``, ``§ 4``, ``1 kap.``) opens a provision, as in text.

Lists
    A point is a paragraph numbered by Word (its label as displayed: ``1.``, ``b)``, ``2.1``; a
    bullet gives the list the ``bullet`` style and no label), or a paragraph whose text starts
    with a label followed by a tab, or with a bullet character (``•``), or in a list style with
    a label and a space: the label as written (a bullet character, ``–`` or ``-`` is the list's
    style, not a label). Points nest by indentation (the paragraph's, its numbering level's or
    its style's), and a point indented like the list before continues it when it belongs to it:
    the same numbering (a new numbering instance that restarts, or bullets after numbers,
    starts a new list), or a label that follows the last one (``b)`` after ``a)``).
    The paragraph just before a list's first point is its lead-in when it keeps with the next
    (``w:keepNext``), ends in ``:`` or does not end a sentence; a paragraph indented like a
    list's points is, between points, the lead-in of the list nested under the next point,
    the wrap-up of the list nested under the last one, or the continuation of the last point;
    a paragraph after a list that starts with a lowercase letter is its wrap-up (unless it
    leads into another list: it keeps with the next or does not end a sentence).

Tables
    A table is a :class:`~policyversions.model.Table`, its header rows those Word repeats on
    each page (``w:tblHeader``), each cell's paragraphs joined with spaces; a paragraph in the
    ``Caption`` style just before it (or just after it) is its caption.

Decisions and footnotes
    A paragraph that is only a decision history naming actions (``Antagen av
    kommunfullmäktige den 12 maj 1992, § 41.``) gives decisions and is not body text, as in
    text. Each footnote becomes a paragraph ``[n] text`` after the block that refers to it (a
    lead-in's, after its list).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from ...errors import ParseError
from ...model import (
    MAX_DEPTH,
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Decision,
    ListStyle,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    assign_positional_ids,
    normalize,
)
from ..grammar import (
    chronological,
    continues,
    decision_history,
    follows,
    is_bullet,
    provision_line,
    split_point,
    split_provision,
)
from ..repairs import Repairs
from .body import Item, Para, TableItem
from .preamble import read_preamble

_TOLERANCE: Final = 90  # twips: indentations this close are the same
_DEFAULT_STEP: Final = 720
_SENTENCE_END: Final = (".", "!", "?")
_HEADING_BAD_ENDINGS: Final = (".", ":", ",", ";")
_LABEL_TAB: Final = re.compile(r"(?P<label>\S{1,12})\t+(?P<rest>.*)", re.DOTALL)
_SYMBOL_BULLET: Final = re.compile("[•●▪■◦‣∙·]")
_LIST_STYLE: Final = re.compile(r"list|lista|liststycke|punkt", re.IGNORECASE)
_CHAPTER_RANK: Final = 0
_PROVISION_RANK: Final = 100


@dataclass
class _Point:
    label: str | None
    texts: list[str]
    sublist: _List | None = None


@dataclass
class _List:
    indent: int
    style: ListStyle
    key: str | None
    lead_in: str | None
    items: list[_Point] = field(default_factory=list)
    wrap_up: list[str] = field(default_factory=list)


@dataclass
class _Candidate:
    """A paragraph that reads as a point: its label (``None`` for a bullet), style, numbering
    key and indentation."""

    label: str | None
    style: ListStyle
    key: str | None
    indent: int
    text: str


def build_policy(
    items: Sequence[Item], repairs: Repairs, core_title: str | None
) -> Policy:
    """The policy the body's *items* make (see the module docstring)."""
    builder = _Builder(items, repairs)
    title, metadata, decisions, start = read_preamble(items, repairs, core_title)
    body = builder.body(start)
    return Policy(
        title=title,
        body=assign_positional_ids(body),
        metadata=metadata,
        decisions=chronological([*decisions, *builder.decisions]),
    )


class _Builder:
    def __init__(self, items: Sequence[Item], repairs: Repairs) -> None:
        self.items = items
        self.repairs = repairs
        self.decisions: list[Decision] = []
        self.body_blocks: list[Block] = []
        self.sections: list[tuple[int, str | None, str | None, list[Block]]] = []
        self.lists: list[_List] = []
        self.notes: list[str] = []
        self.last_paragraph: tuple[Paragraph, Para] | None = None
        self.caption: str | None = None

    # -- body --------------------------------------------------------------------------------

    def body(self, start: int) -> list[Block]:
        for index in range(start, len(self.items)):
            item = self.items[index]
            if isinstance(item, TableItem):
                self.table(item)
            elif item.text.strip() or item.label is not None:
                self.paragraph(item, index)
        self.close_lists()
        self.flush_notes()
        self.close_sections(-1)
        return self.body_blocks

    def target(self) -> list[Block]:
        return self.sections[-1][3] if self.sections else self.body_blocks

    def append(self, block: Block) -> None:
        self.target().append(block)
        self.last_paragraph = None

    def paragraph(self, item: Para, index: int) -> None:
        if item.heading is not None and item.heading >= 1:
            self.heading(item)
            return
        text = _one_line(item.text)
        if item.style.caption and self._table_follows(index):
            self.close_lists()
            self.flush_notes()
            self.caption = text
            return
        candidate = self.candidate(item)
        if candidate is not None:
            self.point(candidate, item)
        else:
            self.text(item, text, index)
        self.notes.extend(item.footnotes)
        leads_in = candidate is None and self._next_candidate(index) is not None
        if not self.lists and not leads_in:  # a lead-in's notes go after its list
            self.flush_notes()

    def heading(self, item: Para) -> None:
        self.close_lists()
        self.flush_notes()
        text = _one_line(item.text)
        label = item.label.text if item.label is not None and item.label.text else None
        number: str | None
        heading: str | None
        if label is not None:
            number, heading = label, text or None
        else:
            number, heading = split_provision(text)
        if number is None and heading is None:
            return
        self.open_section(item.heading or 1, number, heading, item.number)
        self.notes.extend(item.footnotes)
        self.flush_notes()

    def open_section(self, rank: int, number: str | None, heading: str | None,
                     paragraph: int) -> None:
        self.close_sections(rank)
        if len(self.sections) >= MAX_DEPTH:
            raise ParseError(
                f"sections nest deeper than {MAX_DEPTH} levels",
                f"{self.repairs.source}, paragraph {paragraph}",
            )
        self.sections.append((rank, number, heading, []))
        self.last_paragraph = None

    def close_sections(self, rank: int) -> None:
        while self.sections and self.sections[-1][0] >= rank:
            _rank, number, heading, children = self.sections.pop()
            self.target().append(Section(heading, children, number=number))

    def candidate(self, item: Para) -> _Candidate | None:
        text = _one_line(item.text)
        label = item.label
        if label is not None:
            indent = item.left if item.left is not None else _DEFAULT_STEP * (label.level + 1)
            if label.bullet or not label.text:
                return _Candidate(None, "bullet", label.key, indent, text)
            return _Candidate(label.text, "number", label.key, indent, text)
        indent = item.left or 0
        raw = item.text.strip(" ")
        tabbed = _LABEL_TAB.fullmatch(raw)
        found: tuple[str, str] | None = None
        if tabbed is not None:
            split = split_point(f"{tabbed.group('label')} {tabbed.group('rest')}")
            if split is not None and split[0] == tabbed.group("label"):
                found = split
        elif _SYMBOL_BULLET.match(raw) or _LIST_STYLE.search(item.style.name):
            found = split_point(text)
        if found is None:
            return None
        written, rest = found
        if is_bullet(written):
            return _Candidate(None, "bullet", None, indent, normalize(rest))
        return _Candidate(written, "number", None, indent, normalize(rest))

    # -- lists -------------------------------------------------------------------------------

    def point(self, candidate: _Candidate, item: Para) -> None:
        if not self.lists:
            self.open_list(candidate, self.take_lead_in(candidate))
            return
        depth = self.depth_of(candidate.indent)
        if depth is None:
            self.close_lists()
            self.open_list(candidate, None)
            return
        current = self.lists[depth]
        if candidate.indent > current.indent + _TOLERANCE:
            del self.lists[depth + 1 :]
            self.nest(current, candidate, None, item)
            return
        del self.lists[depth + 1 :]
        if not current.items or self.same_list(current, candidate):
            current.items.append(_Point(candidate.label, [candidate.text]))
        elif depth == 0:
            self.close_lists()
            self.open_list(candidate, None)
        else:
            current.items.append(_Point(candidate.label, [candidate.text]))

    def nest(self, parent: _List, candidate: _Candidate, lead_in: str | None,
             item: Para) -> None:
        if len(self.lists) + len(self.sections) >= MAX_DEPTH:
            raise ParseError(
                f"points nest deeper than {MAX_DEPTH} levels",
                f"{self.repairs.source}, paragraph {item.number}",
            )
        point = parent.items[-1]
        if point.sublist is not None:
            nested = point.sublist
            nested.items.append(_Point(candidate.label, [candidate.text]))
        else:
            nested = _List(candidate.indent, candidate.style, candidate.key, lead_in,
                           [_Point(candidate.label, [candidate.text])])
            point.sublist = nested
        self.lists.append(nested)

    def depth_of(self, indent: int) -> int | None:
        """The deepest open list whose points are not indented deeper than *indent*."""
        for depth in range(len(self.lists) - 1, -1, -1):
            if self.lists[depth].indent <= indent + _TOLERANCE:
                return depth
        return None

    @staticmethod
    def same_list(current: _List, candidate: _Candidate) -> bool:
        if current.style != candidate.style:
            return False
        if candidate.key is not None or current.key is not None:
            return candidate.key == current.key
        if candidate.label is None:
            return True
        last = current.items[-1].label
        return last is not None and (
            follows(last, candidate.label) or continues(last, candidate.label)
        )

    def open_list(self, candidate: _Candidate, lead_in: str | None) -> None:
        self.lists = [
            _List(candidate.indent, candidate.style, candidate.key, lead_in,
                  [_Point(candidate.label, [candidate.text])])
        ]

    def take_lead_in(self, candidate: _Candidate) -> str | None:
        last = self.last_paragraph
        if last is None:
            return None
        paragraph, item = last
        target = self.target()
        if not target or target[-1] is not paragraph:
            return None
        text = paragraph.text
        if item.keep_next or text.endswith(":") or not text.endswith(_SENTENCE_END):
            target.pop()
            self.last_paragraph = None
            return text
        return None

    def close_lists(self) -> None:
        if self.lists:
            self.append(_commitments(self.lists[0]))
            self.lists = []
            self.flush_notes()

    # -- text --------------------------------------------------------------------------------

    def text(self, item: Para, text: str, index: int) -> None:
        if self.lists and self.inside_lists(item, text, index):
            return
        self.close_lists()
        history = decision_history(text)
        if history is not None:
            self.decisions.extend(history)
            return
        provision = provision_line(text)
        if provision is not None:
            self.flush_notes()
            number, rest = provision
            rank = _CHAPTER_RANK if "kap." in number and "§" not in number else _PROVISION_RANK
            heading_like = rest is not None and len(rest) <= 80 and not rest.endswith(
                _HEADING_BAD_ENDINGS
            ) and not self._next_starts_lower(index)
            self.open_section(rank, number, rest if heading_like else None, item.number)
            if rest is None or heading_like:
                return
            text = rest
        paragraph = Paragraph(text)
        self.append(paragraph)
        self.last_paragraph = (paragraph, item)

    def inside_lists(self, item: Para, text: str, index: int) -> bool:
        """Place a paragraph of text met while lists are open; whether it went into them."""
        indent = item.left or 0
        outer = self.lists[0]
        if indent < outer.indent - _TOLERANCE:
            leads = self._next_candidate(index) is not None and (
                item.keep_next or not text.endswith(_SENTENCE_END)
            )
            if _starts_lower(text) and not outer.wrap_up and not leads:
                outer.wrap_up.append(text)
                self.close_lists()
                return True
            return False
        depth = self.depth_of(indent)
        if depth is None:
            return False
        following = self._next_candidate(index)
        current = self.lists[depth]
        if following is not None and following.indent > current.indent + _TOLERANCE:
            del self.lists[depth + 1 :]
            point = current.items[-1]
            nested = _List(following.indent, following.style, following.key, text)
            if point.sublist is None:
                point.sublist = nested
                self.lists.append(nested)
                return True
        if len(self.lists) > depth + 1:
            inner = self.lists[depth + 1]
            inner.wrap_up.append(text)
            del self.lists[depth + 1 :]
            return True
        current.items[-1].texts.append(text)
        return True

    def _after(self, index: int) -> Iterator[Item]:
        """The items after *index*, in order (without copying the list: a slice per paragraph
        would make reading a long document quadratic)."""
        items = self.items
        for position in range(index + 1, len(items)):
            yield items[position]

    def _next_candidate(self, index: int) -> _Candidate | None:
        for following in self._after(index):
            if isinstance(following, TableItem):
                return None
            if not following.text.strip() and following.label is None:
                continue
            if following.heading is not None and following.heading >= 1:
                return None
            return self.peek_candidate(following)
        return None

    def peek_candidate(self, item: Para) -> _Candidate | None:
        label = item.label
        if label is not None:  # do not count it: only its indentation matters here
            indent = item.left if item.left is not None else _DEFAULT_STEP * (label.level + 1)
            return _Candidate(None, "bullet" if label.bullet else "number", label.key, indent,
                              "")
        return self.candidate(item)

    def _next_starts_lower(self, index: int) -> bool:
        for following in self._after(index):
            if isinstance(following, TableItem):
                return False
            if following.text.strip():
                return _starts_lower(_one_line(following.text))
        return False

    def _table_follows(self, index: int) -> bool:
        for following in self._after(index):
            if isinstance(following, TableItem):
                return True
            if following.text.strip():
                return False
        return False

    # -- tables and notes ----------------------------------------------------------------------

    def table(self, item: TableItem) -> None:
        self.close_lists()
        rows = [
            Row([Cell(" ".join(line for line in cell if line.strip())) for cell in row.cells],
                header=row.header)
            for row in item.rows
            if row.cells
        ]
        caption, self.caption = self.caption, None
        if not rows:
            return
        self.flush_notes()
        self.append(Table(rows, caption=caption))
        self.notes.extend(item.footnotes)
        self.flush_notes()

    def flush_notes(self) -> None:
        if not self.notes or self.lists:
            return
        notes, self.notes = self.notes, []
        for note in notes:
            self.append(Paragraph(note))


def _commitments(raw: _List) -> CommitmentList:
    items = []
    for point in raw.items:
        text = normalize(" ".join(point.texts))
        sublist = _commitments(point.sublist) if point.sublist and point.sublist.items else None
        items.append(Commitment(text or point.label or "•", label=point.label if text else None,
                                sublist=sublist))
    return CommitmentList(
        items,
        lead_in=raw.lead_in,
        wrap_up=normalize(" ".join(raw.wrap_up)) or None,
        style=raw.style,
    )


def _one_line(text: str) -> str:
    return normalize(text)


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


__all__ = ["build_policy"]
