"""A Markdown document's headings: the title, and sections nested by heading level.

The first heading is the title if it is the only heading of the highest level used
(:func:`title_heading`). Every other heading opens a :class:`SectionNode` under the nearest
preceding heading of a higher level, with its provision number split off
(:func:`~policyversions.importers.grammar.split_provision`), and holds the raw blocks up to the
next heading of its level or higher (:func:`nest`). A heading without text is an error; a
lenient import drops it (:func:`has_text`).
"""

from __future__ import annotations

import attrs

from .grammar import split_provision
from .markdown_blocks import Raw, RawHeading
from .repairs import Repairs


@attrs.define
class SectionNode:
    """A section opened by a heading: its level, number and heading, its line, what it holds."""

    level: int
    number: str | None
    heading: str | None
    line: int
    children: list[Raw | SectionNode] = attrs.field(factory=list)


def title_heading(raws: list[Raw]) -> RawHeading | None:
    """The first heading, if it is the only one of the highest level used: the title."""
    headings = [raw for raw in raws if isinstance(raw, RawHeading)]
    if not headings:
        return None
    top = min(heading.level for heading in headings)
    tops = [heading for heading in headings if heading.level == top]
    if len(tops) == 1 and tops[0] is headings[0]:
        return headings[0]
    return None


def nest(raws: list[Raw], title: RawHeading | None) -> list[Raw | SectionNode]:
    """The body: *raws* but *title*, each other heading a section holding what follows it."""
    body: list[Raw | SectionNode] = []
    stack: list[SectionNode] = []
    for raw in raws:
        if raw is title:
            continue
        if isinstance(raw, RawHeading):
            number, heading = split_provision(raw.text)
            node = SectionNode(raw.level, number, heading, raw.line)
            while stack and stack[-1].level >= raw.level:
                stack.pop()
            (stack[-1].children if stack else body).append(node)
            stack.append(node)
        else:
            (stack[-1].children if stack else body).append(raw)
    return body


def has_text(raw: Raw, repairs: Repairs) -> bool:
    """Whether *raw* may stay; a heading without text is an error (a lenient import drops it)."""
    if isinstance(raw, RawHeading) and not raw.text.strip():
        repairs.repair(
            "empty headings",
            "heading has no text",
            repairs.where(raw.line),
            does="drops it",
            did="dropped",
        )
        return False
    return True


__all__ = ["SectionNode", "has_text", "nest", "title_heading"]
