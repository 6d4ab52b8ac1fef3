"""Markdown's tokens read into raw blocks: headings, paragraphs, lists of items, tables and
thematic breaks, each with its line, their inline markup removed.

:class:`BlockReader` reads the token stream of
:func:`~policyversions.importers.markdown_parser.parser` in one pass: paragraphs and headings
keep their words (:func:`inline_text`: emphasis removed, code spans verbatim, a link's text, an
image's alt text, ``<br>`` a space, comments gone, other HTML kept as text); fenced and indented
code and HTML blocks are *literal* paragraphs; a block quote's paragraphs, headings and points are
*quoted* paragraphs (an ordered point with its label), its tables stay tables; an ordered item
keeps its label as written; a table's rows keep the cells GFM drops beyond the header's count.
What the blocks mean (sections, lead-ins, points) is settled later, by
:mod:`~policyversions.importers.markdown_sections` and
:mod:`~policyversions.importers.markdown_drafts`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import ListStyle

_BREAK_TAG = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@attrs.define
class RawHeading:
    level: int
    text: str
    line: int


@attrs.define
class RawParagraph:
    text: str
    line: int
    literal: bool = False  # code or HTML: never a lead-in, wrap-up or point
    quoted: bool = False  # from a block quote: never a lead-in, wrap-up or point


@attrs.define
class RawItem:
    label: str | None
    blocks: list[Raw]
    line: int


@attrs.define
class RawList:
    style: ListStyle
    items: list[RawItem]
    line: int


@attrs.define
class RawTable:
    rows: list[tuple[bool, list[str]]]
    line: int


@attrs.define
class RawRule:
    line: int


Raw = RawHeading | RawParagraph | RawList | RawTable | RawRule


def line_of(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def inline_text(children: Sequence[Token] | None) -> str:
    """The words of inline tokens: markup removed, text kept (see the module docstring)."""
    parts: list[str] = []
    for child in children or ():
        kind = child.type
        if kind in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "html_inline":
            content = child.content
            if content.startswith("<!--"):
                continue
            parts.append(" " if _BREAK_TAG.fullmatch(content) else content)
        elif kind == "image":
            parts.append(inline_text(child.children))
        elif not kind.endswith(("_open", "_close")):
            parts.append(child.content)
    return "".join(parts)


class BlockReader:
    """Reads the token stream into raw blocks, in one pass."""

    def __init__(self, tokens: list[Token], md: MarkdownIt, env: dict[str, Any]) -> None:
        self.tokens = tokens
        self.md = md
        self.env = env
        self.index = 0

    def blocks(self, stop: str | None = None) -> list[Raw]:
        out: list[Raw] = []
        tokens = self.tokens
        while self.index < len(tokens):
            token = tokens[self.index]
            kind = token.type
            if kind == stop:
                self.index += 1
                return out
            if kind == "paragraph_open":
                text = inline_text(tokens[self.index + 1].children)
                out.append(RawParagraph(text, line_of(token)))
                self.index += 3
            elif kind == "heading_open":
                text = inline_text(tokens[self.index + 1].children)
                out.append(RawHeading(int(token.tag[1:]), text, line_of(token)))
                self.index += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                out.append(self.list(token))
            elif kind == "blockquote_open":
                self.index += 1
                out.extend(_quoted(self.blocks("blockquote_close")))
            elif kind in ("fence", "code_block", "html_block"):
                text = _COMMENT.sub(" ", token.content) if kind == "html_block" else token.content
                if text.strip():
                    out.append(RawParagraph(text, line_of(token), literal=True))
                self.index += 1
            elif kind == "hr":
                out.append(RawRule(line_of(token)))
                self.index += 1
            elif kind == "table_open":
                out.append(self.table(token))
            else:  # front matter, and whatever a closing token of a container left behind
                self.index += 1
        return out

    def list(self, opening: Token) -> RawList:
        ordered = opening.type == "ordered_list_open"
        closing = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[RawItem] = []
        self.index += 1
        while self.index < len(self.tokens) and self.tokens[self.index].type == "list_item_open":
            item = self.tokens[self.index]
            self.index += 1
            label = item.info + item.markup if ordered else None
            items.append(RawItem(label, self.blocks("list_item_close"), line_of(item)))
        if self.index < len(self.tokens) and self.tokens[self.index].type == closing:
            self.index += 1
        return RawList("number" if ordered else "bullet", items, line_of(opening))

    def table(self, opening: Token) -> RawTable:
        rows: list[tuple[bool, list[str]]] = []
        extra: dict[int, list[str]] = self.env.get("extra_cells", {})
        tokens = self.tokens
        header = False
        pending: list[str] = []  # the cells of this row beyond the header's count
        self.index += 1
        while self.index < len(tokens) and tokens[self.index].type != "table_close":
            token = tokens[self.index]
            kind = token.type
            if kind == "thead_open":
                header = True
            elif kind == "tbody_open":
                header = False
            elif kind == "tr_open":
                rows.append((header, []))
                pending = extra.get(token.map[0], []) if token.map else []
            elif kind == "inline":
                rows[-1][1].append(inline_text(token.children))
            elif kind == "tr_close":
                rows[-1][1].extend(self.inline(text) for text in pending)
                pending = []
            self.index += 1
        self.index += 1
        return RawTable(rows, line_of(opening))

    def inline(self, text: str) -> str:
        tokens = self.md.parseInline(text, self.env)
        return inline_text(tokens[0].children) if tokens else ""


def _quoted(blocks: list[Raw]) -> list[Raw]:
    """A block quote's content as paragraphs (tables stay tables; breaks go)."""
    out: list[Raw] = []
    for block in blocks:
        if isinstance(block, RawParagraph | RawHeading):
            out.append(RawParagraph(block.text, block.line, quoted=True))
        elif isinstance(block, RawList):
            for item in block.items:
                inner = _quoted(item.blocks)
                first = next((b for b in inner if isinstance(b, RawParagraph)), None)
                if item.label is not None:
                    if first is None:
                        inner.insert(0, RawParagraph(item.label, item.line, quoted=True))
                    else:
                        first.text = f"{item.label} {first.text}"
                out.extend(inner)
        elif isinstance(block, RawTable):
            out.append(block)
    return out


__all__ = [
    "BlockReader",
    "Raw",
    "RawHeading",
    "RawItem",
    "RawList",
    "RawParagraph",
    "RawRule",
    "RawTable",
    "inline_text",
    "line_of",
]
