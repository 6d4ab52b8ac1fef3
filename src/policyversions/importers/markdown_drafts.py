"""Raw Markdown blocks made drafts of the policy tree: sections, paragraphs, lists of points
and tables, with lead-ins, wrap-ups and sublists settled.

The rules are those of :mod:`~policyversions.importers.markdown` under *Paragraphs* and *Lists
and points*: a paragraph before a list that does not end its sentence is its lead-in, a lowercase
one after it its wrap-up (a definition line followed by a list aside); the blocks of a list item
make one point, a nested list its sublist; paragraphs lettered in sequence (``a)``, ``b)``, …)
are points too, the sublist of a list's last point that does not end its sentence, or a list of
their own. Depth is checked against :data:`~policyversions.model.MAX_DEPTH` as the drafts are
made. :mod:`~policyversions.importers.markdown_nodes` makes the model nodes from the drafts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ..errors import ParseError
from ..model import MAX_DEPTH, ListStyle
from .grammar import follows, is_first, split_point
from .markdown_blocks import Raw, RawHeading, RawItem, RawList, RawParagraph, RawTable
from .markdown_sections import SectionNode
from .repairs import Repairs

_DEFINITION = re.compile(r"[^\W\d_][\w -]{0,60}:\s")  # "vinter: tiden", "bensin: ett bränsle"


def drafts(body: Sequence[Raw | SectionNode], repairs: Repairs) -> list[Draft]:
    """The drafts of the blocks and sections of a document's *body*."""
    return _Drafter(repairs).sequence(body, 1)


def _sentence_ended(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’»)]*").endswith((".", "!", "?"))


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":") or not _sentence_ended(text)


def _starts_lower(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and text[0].islower()


@attrs.define
class Point:
    """A point's draft: its text, label as written and sublist."""

    text: str
    label: str | None
    sublist: Points | None = None


@attrs.define
class Points:
    """A list's draft (a :class:`~policyversions.model.CommitmentList` to be)."""

    items: list[Point]
    style: ListStyle
    lead_in: str | None = None
    wrap_up: str | None = None


@attrs.define
class Part:
    """A section's draft: its number, heading and the drafts it holds."""

    number: str | None
    heading: str | None
    children: list[Draft]


@attrs.define
class Text:
    """A paragraph's draft."""

    text: str


Draft = Part | Text | Points | RawTable


class _Drafter:
    """Turns raw blocks into drafts of sections, paragraphs, lists and tables (lead-ins,
    wrap-ups and sublists settled)."""

    def __init__(self, repairs: Repairs) -> None:
        self.repairs = repairs

    def sequence(self, raws: Sequence[Raw | SectionNode], depth: int) -> list[Draft]:
        out: list[Draft] = []
        last = "other"  # "para" (may become a lead-in), "list" (may take a wrap-up), "other"
        joinable = False  # the last list took a sublist from lettered paragraphs just now
        index = 0
        while index < len(raws):
            raw = raws[index]
            index += 1
            if isinstance(raw, SectionNode):
                self.check_depth(depth, raw.line)
                children = self.sequence(raw.children, depth + 1)
                out.append(Part(raw.number, raw.heading, children))
                last, joinable = "other", False
            elif isinstance(raw, RawParagraph):
                text = raw.text
                if not text.strip():
                    continue
                if not raw.literal and not raw.quoted:
                    points, end = _lettered_run(raws, index - 1)
                    if points and self.attach(out, last, points, depth, raw.line):
                        index, last, joinable = end, "list", True
                        continue
                    if len(points) >= 2:
                        self.check_depth(depth, raw.line)
                        lead_in = _take_lead_in(out, last)
                        items = [Point(rest, label) for label, rest in points]
                        out.append(Points(items, "number", lead_in))
                        index, last, joinable = end, "list", False
                        continue
                previous = out[-1] if out else None
                following = raws[index] if index < len(raws) else None
                if (
                    not raw.literal
                    and not raw.quoted
                    and last == "list"
                    and isinstance(previous, Points)
                    and previous.wrap_up is None
                    and _starts_lower(text)
                    and not (isinstance(following, RawList) and _DEFINITION.match(text))
                ):
                    previous.wrap_up = text
                    last = "other"
                else:
                    out.append(Text(text))
                    last = "other" if raw.literal or raw.quoted else "para"
                joinable = False
            elif isinstance(raw, RawList):
                self.check_depth(depth, raw.line)
                items = self.items(raw, depth)
                if not items:
                    continue
                previous = out[-1] if out else None
                if (
                    joinable
                    and isinstance(previous, Points)
                    and items[0].label is not None
                    and previous.items[-1].label is not None
                    and follows(previous.items[-1].label, items[0].label)
                ):
                    previous.items.extend(items)
                else:
                    out.append(Points(items, raw.style, _take_lead_in(out, last)))
                last, joinable = "list", False
            elif isinstance(raw, RawTable):
                out.append(raw)
                last, joinable = "other", False
            else:  # a thematic break separates a lead-in or wrap-up from its list
                last, joinable = "other", False
        return out

    def check_depth(self, depth: int, line: int) -> None:
        if depth > MAX_DEPTH:
            raise ParseError(
                f"the document nests deeper than {MAX_DEPTH} levels (sections and lists)",
                self.repairs.where(line),
            )

    def attach(
        self, out: list[Draft], last: str, points: list[tuple[str, str]], depth: int, line: int
    ) -> bool:
        """Make *points* the sublist of the last point of the list just before, if that point
        does not end its sentence; return whether they were attached."""
        previous = out[-1] if out else None
        if last != "list" or not isinstance(previous, Points) or previous.wrap_up:
            return False
        point = previous.items[-1]
        if point.sublist is not None or not _is_lead_in(point.text):
            return False
        self.check_depth(depth + 1, line)
        point.sublist = Points([Point(rest, label) for label, rest in points], "number")
        return True

    def items(self, raw: RawList, depth: int) -> list[Point]:
        result: list[Point] = []
        for item in raw.items:
            result.extend(self.item(item, depth))
        return result

    def item(self, item: RawItem, depth: int) -> list[Point]:
        """One point (or, for a point holding only a list, that list's points)."""
        own: list[str] = []
        subitems: list[Point] = []
        style: ListStyle | None = None
        tail: list[str] = []
        lettered: str | None = None  # the label of the last lettered paragraph taken as a point
        for block in item.blocks:
            if isinstance(block, RawList):
                self.check_depth(depth + 1, block.line)
                found = self.items(block, depth + 1)
                if tail and subitems:
                    subitems[-1].text = " ".join([subitems[-1].text, *tail])
                elif tail:
                    own.extend(tail)
                tail = []
                subitems.extend(found)
                style = style or block.style
                continue
            point = (
                split_point(block.text.strip(), bullets=False)
                if isinstance(block, RawParagraph) and not block.literal and own and not tail
                else None
            )
            if point is not None and (
                (lettered is None and not subitems and is_first(point[0]))
                or (lettered is not None and follows(lettered, point[0]))
            ):
                self.check_depth(depth + 1, block.line)
                subitems.append(Point(point[1], point[0]))
                style, lettered = "number", point[0]
                continue
            (tail if subitems else own).extend(_texts(block))
        text = " ".join(own).strip()
        sublist = (
            Points(subitems, style or "bullet", wrap_up=" ".join(tail) or None)
            if subitems
            else None
        )
        if text:
            return [Point(text, item.label, sublist)]
        if item.label is not None:  # an empty ordered point: its label is its text
            return [Point(item.label, None, sublist)]
        if subitems and tail:
            subitems[-1].text = " ".join([subitems[-1].text, *tail])
        return subitems


def _take_lead_in(out: list[Draft], last: str) -> str | None:
    previous = out[-1] if out else None
    if last == "para" and isinstance(previous, Text) and _is_lead_in(previous.text):
        out.pop()
        return previous.text
    return None


def _texts(block: Raw) -> list[str]:
    """The texts of a block inside a point."""
    if isinstance(block, RawParagraph | RawHeading):
        return [block.text] if block.text.strip() else []
    if isinstance(block, RawTable):
        return [cell for _header, cells in block.rows for cell in cells if cell.strip()]
    return []


def _lettered_run(
    raws: Sequence[Raw | SectionNode], start: int
) -> tuple[list[tuple[str, str]], int]:
    """The paragraphs from *start* that are points in sequence from a first label (``a)``,
    ``b)``, …), as (label, text), and the index after them."""
    points: list[tuple[str, str]] = []
    index = start
    while index < len(raws):
        raw = raws[index]
        if not isinstance(raw, RawParagraph) or raw.literal or raw.quoted:
            break
        point = split_point(raw.text.strip(), bullets=False)
        if point is None:
            break
        if not (follows(points[-1][0], point[0]) if points else is_first(point[0])):
            break
        points.append(point)
        index += 1
    return points, index


__all__ = ["Draft", "Part", "Point", "Points", "Text", "drafts"]
