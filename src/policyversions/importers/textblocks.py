"""The blocks the text importer reads before they are model nodes (paragraphs, headings with
their rank, lists with their points' line segments), the hyphenation rule that joins a block's
lines (rule 8 of :mod:`policyversions.importers.text`), and the builder that nests the blocks
into sections by heading rank and makes the model's nodes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from ..errors import ParseError
from ..model import MAX_DEPTH, Block, Commitment, CommitmentList, ListStyle, Paragraph, Section
from .grammar import is_bullet
from .repairs import Repairs

_CONJUNCTIONS: Final = frozenset(
    {"och", "eller", "samt", "som", "respektive", "resp.", "men", "liksom", "till", "and", "or"}
)


@dataclass
class RawParagraph:
    """A paragraph's lines, joined when it is built."""

    lines: list[str]


@dataclass
class RawHeading:
    """A heading: its number apart (``4 §``, ``2.1``), its text, rank and line."""

    number: str | None
    text: str | None
    rank: int  # a heading closes the open sections of its rank or deeper
    line: int


@dataclass
class RawItem:
    """A point: its label as written, its lines in segments, a nested list."""

    label: str
    # Segments are joined with a space; lines inside a segment with the hyphenation rule.
    segments: list[list[str]]
    sublist: RawList | None = None


@dataclass
class RawList:
    """A list: its first label (its kind), indent, lead-in, points and wrap-up."""

    label: str  # the first point's label: the list's kind
    indent: int
    lead_in: list[str]
    items: list[RawItem] = field(default_factory=list)
    wrap_up: list[str] = field(default_factory=list)

    @property
    def style(self) -> ListStyle:
        return "bullet" if is_bullet(self.label) else "number"


RawBlock = RawParagraph | RawHeading | RawList


def starts_lower(text: str) -> bool:
    """Whether *text* starts with a lowercase letter (a line that continues a sentence)."""
    return bool(text) and text[0].isalpha() and text[0].islower()


# --- hyphenation ---------------------------------------------------------------------------


def join_lines(lines: Sequence[str]) -> str:
    """Join the lines of one block with spaces, undoing hyphenation (rule 8).

    >>> join_lines(["kommunal verk-", "samhet och utvecklings-", "och förbättringsarbete"])
    'kommunal verksamhet och utvecklings- och förbättringsarbete'
    """
    parts: list[str] = []
    tail = ""  # the last characters joined so far, enough to judge a hyphen
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
        elif (
            not ends_in_hyphen(tail)
            or not starts_lower(line)
            or _first_word(line) in _CONJUNCTIONS
        ):
            parts.extend((" ", line))  # no broken word, or a compound ellipsis: "X- och Y"
        elif tail[-2].isupper() or len(tail) < 3 or not tail[-3].isalpha():
            parts.append(line)
        else:
            parts[-1] = parts[-1][:-1]
            parts.append(line)
        tail = _tail(parts)
    return "".join(parts)


def _tail(parts: list[str]) -> str:
    """The last three characters of ``"".join(parts)``, without joining it all."""
    text = ""
    for part in reversed(parts):
        text = part + text
        if len(text) >= 3:
            break
    return text[-3:]


def _first_word(line: str) -> str:
    word = line.split()[0].lower()
    return word if word in _CONJUNCTIONS else word.rstrip(",.;:")


def ends_in_hyphen(text: str) -> bool:
    """Whether *text* ends in a hyphen directly after a letter (``verk-``)."""
    return len(text) >= 2 and text[-1] == "-" and text[-2].isalpha()


# --- model ---------------------------------------------------------------------------------


class BlockBuilder:
    """Make model blocks, nesting sections by heading rank."""

    def __init__(self, repairs: Repairs) -> None:
        self.repairs = repairs

    def build(self, raw_blocks: list[RawBlock]) -> list[Block]:
        body: list[Block] = []
        stack: list[tuple[RawHeading, list[Block]]] = []

        def close_to(rank: int) -> None:
            while stack and stack[-1][0].rank >= rank:
                heading, children = stack.pop()
                target = stack[-1][1] if stack else body
                target.append(Section(heading.text, children, number=heading.number))

        for raw in raw_blocks:
            if isinstance(raw, RawHeading):
                close_to(raw.rank)
                if len(stack) >= MAX_DEPTH:
                    raise ParseError(
                        f"sections nest deeper than {MAX_DEPTH} levels",
                        self.repairs.where(raw.line),
                    )
                stack.append((raw, []))
                continue
            target = stack[-1][1] if stack else body
            if isinstance(raw, RawParagraph):
                target.append(Paragraph(join_lines(raw.lines)))
            else:
                target.append(self.commitments(raw))
        close_to(-1)
        return body

    def commitments(self, raw: RawList) -> CommitmentList:
        items = []
        for item in raw.items:
            text = " ".join(join_lines(segment) for segment in item.segments if segment).strip()
            sublist = None if item.sublist is None else self.commitments(item.sublist)
            if text:
                # A bullet glyph is how the list was drawn (its style says so), not a label.
                label = None if is_bullet(item.label) else item.label
                items.append(Commitment(text, label=label, sublist=sublist))
            else:  # a lone bullet: its bullet is its text
                items.append(Commitment(item.label, sublist=sublist))
        return CommitmentList(
            items,
            lead_in=join_lines(raw.lead_in) or None,
            wrap_up=join_lines(raw.wrap_up) or None,
            style=raw.style,
        )
