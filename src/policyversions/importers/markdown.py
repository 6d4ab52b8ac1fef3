"""Import Markdown (CommonMark with GFM tables) with optional YAML or TOML front matter.

The text is parsed once by `markdown-it-py <https://markdown-it-py.readthedocs.io>`_ into a
token stream (CommonMark, its GFM table rule, the front-matter plugin of ``mdit-py-plugins`` for
YAML ``---`` and a small rule of ours for TOML ``+++``), and the policy tree is built from the
tokens. :func:`parse_markdown` is pure: it takes text and returns a
:class:`~policyversions.model.Policy` or raises a :class:`~policyversions.errors.ParseError`
naming the source, line and column.

Front matter
    A first line ``---`` opens YAML front matter, closed by ``---`` (or ``...``); a first line
    ``+++`` opens TOML front matter, closed by ``+++``. What it gives (metadata, decisions, the
    title) is described in :mod:`policyversions.importers.frontmatter`. Front matter that is
    never closed is an error; a lenient import reads the document as if it had none.

Title
    The first heading is the title if it is the only heading of the highest level used (so a
    lone ``#``, or a lone ``##`` above ``###`` sections). Otherwise the front matter's ``title``,
    ``titel`` or ``rubrik`` is the title (it stays in ``extra`` too); with neither, the document
    is a :class:`ParseError`, as is an empty document. Front matter with a title and no body
    makes a policy with an empty body.

Sections and provisions
    ATX and setext headings open sections; a heading nests under the nearest preceding heading
    of a higher level (skipping levels is fine); text before the first section is the body's
    own. A heading that starts with a provision number (``### 1 §``, ``§ 4 Tillsyn``, ``2.3
    Ansvar``, ``1 kap. Inledande bestämmelser``; see
    :func:`~policyversions.importers.grammar.split_provision`) is a
    :class:`~policyversions.model.Section` with that ``number`` as written and the rest, if any,
    as its heading. A heading without text is an error; a lenient import drops it.

Paragraphs
    Hard-wrapped lines are joined with a space (a hard break too). A paragraph right before a
    list is its ``lead_in`` if it ends with ``:`` or does not end a sentence (no final ``.``,
    ``!`` or ``?``, closing quotes and brackets ignored). A paragraph right after a list is its
    ``wrap_up`` if it starts with a lowercase letter, unless it is a definition line and a list
    follows it, whose lead-in it then is (``sommar: tiden`` / list / ``vinter: tiden`` / list).
    A thematic break between them prevents either. Definition lines (``bensin: ett bränsle …``)
    stay paragraphs.

Lists and points
    Bullet lists (``*``, ``-``, ``+``) and ordered lists (``1.``, ``1)``) become a
    :class:`~policyversions.model.CommitmentList` of style ``bullet`` or ``number``; a change of
    bullet character or ordered delimiter starts a new list, as in CommonMark. An ordered point
    keeps its label as written, start number included (``4.``, ``004)``); a bullet point has no
    label (the bullet is markup). A list nested in a point is that point's ``sublist``; text
    after it in the point is the sublist's ``wrap_up``. Several paragraphs of one point are
    joined with a space. An empty bullet point is dropped; an empty ordered point keeps its
    label as its text; a point holding only a nested list gives its place to that list's points.
    Nesting deeper than :data:`~policyversions.model.MAX_DEPTH` levels (sections and lists
    together), or lists and quotes nested deeper than markdown-it-py reads (its ``maxNesting``),
    is a :class:`ParseError` naming the line.

    Points that CommonMark cannot see: paragraphs that start with a letter or roman label
    (``a)``, ``b)``, …; ``(i)``; see :func:`~policyversions.importers.grammar.split_point`) in
    sequence from the first are points too. Right after a list whose last point does not end
    its sentence, they are that point's sublist, and an ordered list that then continues the
    numbering joins the list: SFS 2011:319 writes ``4. destillationen ska innebära att`` /
    ``a) …`` / ``b) …`` / ``c) …`` / ``5. olefiner …``, which CommonMark reads as a list, three
    paragraphs and a second list starting at 5; this importer reads point 4 with a sublist a)–c)
    and the list going on with 5. Elsewhere two or more such paragraphs make a list of their own.

Tables
    A GFM table becomes a :class:`~policyversions.model.Table`: its first row is a header row,
    each cell keeps its inline text (possibly empty), ``<br>`` and ``</br>`` in a cell are line
    breaks (a space). Cells beyond the header's count, which GFM drops, are kept.

Block quotes, code, HTML
    Every paragraph, heading and point in a block quote becomes a paragraph (an ordered point
    with its label); tables in quotes stay tables. Fenced and indented code becomes a paragraph
    of its text, without inline processing, never a lead-in or wrap-up. HTML blocks become
    paragraphs of their text. Thematic breaks and link reference definitions are markup and
    are dropped.

Inline markup
    Emphasis is removed keeping the text; code spans keep their content verbatim; links keep
    only their text, images their alt text, autolinks their address; backslash escapes and
    entities are resolved; HTML comments are removed, ``<br>`` is a space, and other HTML is
    kept as text. Brackets that do not make a link (``[INSERT EMAIL ADDRESS]``) are kept.

Text may not contain characters XML cannot carry; such a character is a :class:`ParseError`
naming its line and column (a lenient import removes it, see
:mod:`policyversions.importers.repairs`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

import attrs
from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.rules_block.table import table as gfm_table
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import ParseError
from ..model import (
    MAX_DEPTH,
    Block,
    Cell,
    Commitment,
    CommitmentList,
    ListStyle,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
)
from .frontmatter import FrontMatter, decisions, front_title, metadata, read_front_matter
from .grammar import follows, is_first, split_point, split_provision
from .limits import check_size
from .repairs import Repairs, clean_characters

__all__ = ["MAX_NESTING", "parse_markdown"]

MAX_NESTING: Final = 20
"""markdown-it-py's ``maxNesting``: how deep lists and block quotes may nest (a list level counts
two, a quote one). Content nested deeper would be dropped by the parser, so it is refused."""

INLINE_MAX_NESTING: Final = 8
"""How deep inline markup (emphasis, links) nests before the rest of a paragraph is read as
text; nothing real comes close."""

_CONTAINERS: Final = frozenset({"list_item_open", "blockquote_open"})
_BREAK_TAG = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DELIMITER_ROW = re.compile(r"^[ \t>]*[-:|][-:| \t]*$", re.MULTILINE)  # in quotes too
_DEFINITION = re.compile(r"[^\W\d_][\w -]{0,60}:\s")  # "vinter: tiden", "bensin: ett bränsle"


# --- the parser ---------------------------------------------------------------------------------


def _toml_front_matter(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """TOML front matter between ``+++`` lines at the very start (a block rule)."""
    if start != 0 or not state.src.startswith("+++") or _line(state, 0).rstrip() != "+++":
        return False
    closing = 1
    while closing < end and _line(state, closing).rstrip() != "+++":
        closing += 1
    if closing >= end:
        return False  # never closed: parse_markdown reports it
    if silent:
        return True
    token = state.push("front_matter", "", 0)
    token.hidden = True
    token.block = True
    token.markup = "+++"
    token.content = "\n".join(_line(state, line) for line in range(1, closing))
    token.map = [0, closing + 1]
    state.line = closing + 1
    return True


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] : state.eMarks[line]]


def _table_keeping_extra_cells(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """GFM's table rule, noting the cells a row has beyond the header's count (which the rule
    drops) in ``env["extra_cells"]`` by line, so that no word is lost."""
    if not gfm_table(state, start, end, silent):
        return False
    if silent:
        return True
    width = len(_cells(_content(state, start)))
    for line in range(start + 2, state.line):
        cells = _cells(_content(state, line))
        if len(cells) > width:
            state.env.setdefault("extra_cells", {})[line] = [mdTrim(c) for c in cells[width:]]
    return True


def _content(state: StateBlock, line: int) -> str:
    """The text of *line* inside its container (without indentation or quote markers)."""
    return mdTrim(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]])


def _cells(text: str) -> list[str]:
    cells = escapedSplit(text)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _as_written(url: str) -> str:
    return url


def _any_link(url: str) -> bool:
    return True


def _commonmark(max_nesting: int) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": max_nesting})
    # Link targets are dropped (only the link text is kept), so they need no normalising or
    # checking; text_special tokens are read as text, so they need no joining.
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    md.validateLink = _any_link  # type: ignore[method-assign]
    md.disable("text_join")
    return md


def _inline_rule(inline: MarkdownIt) -> Callable[[StateCore], None]:
    """markdown-it-py's core ``inline`` rule, run by a parser of its own with a lower
    ``maxNesting`` (:data:`INLINE_MAX_NESTING`): a ``[`` costs work in proportion to it, so
    that thousands of ``[`` cost less than half as much (the text is kept either way)."""

    def rule(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline":
                if token.children is None:
                    token.children = []
                inline.inline.parse(token.content, inline, state.env, token.children)

    return rule


@functools.cache
def _parser(tables: bool, front_matter: bool) -> MarkdownIt:
    """A CommonMark parser, with the table rule and the front matter rules only where the text
    can hold them (each costs time on every block of every document)."""
    md = _commonmark(MAX_NESTING)
    md.core.ruler.at("inline", _inline_rule(_commonmark(INLINE_MAX_NESTING)))
    if tables:
        md.enable("table")
        md.block.ruler.at("table", _table_keeping_extra_cells, {"alt": ["paragraph", "reference"]})
    if front_matter:
        md.use(front_matter_plugin)
        md.block.ruler.before(
            "table", "toml_front_matter", _toml_front_matter, {"alt": []}
        )
    return md


# --- raw blocks, read from the tokens -----------------------------------------------------------


@attrs.define
class _Heading:
    level: int
    text: str
    line: int


@attrs.define
class _Para:
    text: str
    line: int
    literal: bool = False  # code or HTML: never a lead-in, wrap-up or point
    quoted: bool = False  # from a block quote: never a lead-in, wrap-up or point


@attrs.define
class _Item:
    label: str | None
    blocks: list[_Raw]
    line: int


@attrs.define
class _List:
    style: ListStyle
    items: list[_Item]
    line: int


@attrs.define
class _Table:
    rows: list[tuple[bool, list[str]]]
    line: int


@attrs.define
class _Rule:
    line: int


_Raw = _Heading | _Para | _List | _Table | _Rule


def _line_of(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _inline_text(children: Sequence[Token] | None) -> str:
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
            parts.append(_inline_text(child.children))
        elif not kind.endswith(("_open", "_close")):
            parts.append(child.content)
    return "".join(parts)


class _Reader:
    """Reads the token stream into raw blocks, in one pass."""

    def __init__(self, tokens: list[Token], md: MarkdownIt, env: dict[str, Any]) -> None:
        self.tokens = tokens
        self.md = md
        self.env = env
        self.index = 0

    def blocks(self, stop: str | None = None) -> list[_Raw]:
        out: list[_Raw] = []
        tokens = self.tokens
        while self.index < len(tokens):
            token = tokens[self.index]
            kind = token.type
            if kind == stop:
                self.index += 1
                return out
            if kind == "paragraph_open":
                out.append(_Para(_inline_text(tokens[self.index + 1].children), _line_of(token)))
                self.index += 3
            elif kind == "heading_open":
                text = _inline_text(tokens[self.index + 1].children)
                out.append(_Heading(int(token.tag[1:]), text, _line_of(token)))
                self.index += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                out.append(self.list(token))
            elif kind == "blockquote_open":
                self.index += 1
                out.extend(_quoted(self.blocks("blockquote_close")))
            elif kind in ("fence", "code_block", "html_block"):
                text = _COMMENT.sub(" ", token.content) if kind == "html_block" else token.content
                if text.strip():
                    out.append(_Para(text, _line_of(token), literal=True))
                self.index += 1
            elif kind == "hr":
                out.append(_Rule(_line_of(token)))
                self.index += 1
            elif kind == "table_open":
                out.append(self.table(token))
            else:  # front matter, and whatever a closing token of a container left behind
                self.index += 1
        return out

    def list(self, opening: Token) -> _List:
        ordered = opening.type == "ordered_list_open"
        closing = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[_Item] = []
        self.index += 1
        while self.index < len(self.tokens) and self.tokens[self.index].type == "list_item_open":
            item = self.tokens[self.index]
            self.index += 1
            label = item.info + item.markup if ordered else None
            items.append(_Item(label, self.blocks("list_item_close"), _line_of(item)))
        if self.index < len(self.tokens) and self.tokens[self.index].type == closing:
            self.index += 1
        return _List("number" if ordered else "bullet", items, _line_of(opening))

    def table(self, opening: Token) -> _Table:
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
                rows[-1][1].append(_inline_text(token.children))
            elif kind == "tr_close":
                rows[-1][1].extend(self.inline(text) for text in pending)
                pending = []
            self.index += 1
        self.index += 1
        return _Table(rows, _line_of(opening))

    def inline(self, text: str) -> str:
        tokens = self.md.parseInline(text, self.env)
        return _inline_text(tokens[0].children) if tokens else ""


def _quoted(blocks: list[_Raw]) -> list[_Raw]:
    """A block quote's content as paragraphs (tables stay tables; breaks go)."""
    out: list[_Raw] = []
    for block in blocks:
        if isinstance(block, _Para | _Heading):
            out.append(_Para(block.text, block.line, quoted=True))
        elif isinstance(block, _List):
            for item in block.items:
                inner = _quoted(item.blocks)
                first = next((b for b in inner if isinstance(b, _Para)), None)
                if item.label is not None:
                    if first is None:
                        inner.insert(0, _Para(item.label, item.line, quoted=True))
                    else:
                        first.text = f"{item.label} {first.text}"
                out.extend(inner)
        elif isinstance(block, _Table):
            out.append(block)
    return out


# --- from raw blocks to the model -----------------------------------------------------------


@attrs.define
class _SectionNode:
    level: int
    number: str | None
    heading: str | None
    line: int
    children: list[_Raw | _SectionNode] = attrs.field(factory=list)


def _sentence_ended(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’»)]*").endswith((".", "!", "?"))


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":") or not _sentence_ended(text)


def _starts_lower(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and text[0].islower()


@attrs.define
class _Point:
    text: str
    label: str | None
    sublist: _Points | None = None


@attrs.define
class _Points:
    items: list[_Point]
    style: ListStyle
    lead_in: str | None = None
    wrap_up: str | None = None


@attrs.define
class _Part:
    number: str | None
    heading: str | None
    children: list[_Draft]


@attrs.define
class _Text:
    text: str


_Draft = _Part | _Text | _Points | _Table


class _Converter:
    """Turns raw blocks into drafts of sections, paragraphs, lists and tables (lead-ins,
    wrap-ups and sublists settled); :func:`_finish` makes the model nodes, each once."""

    def __init__(self, repairs: Repairs) -> None:
        self.repairs = repairs

    def sequence(self, raws: Sequence[_Raw | _SectionNode], depth: int) -> list[_Draft]:
        out: list[_Draft] = []
        last = "other"  # "para" (may become a lead-in), "list" (may take a wrap-up), "other"
        joinable = False  # the last list took a sublist from lettered paragraphs just now
        index = 0
        while index < len(raws):
            raw = raws[index]
            index += 1
            if isinstance(raw, _SectionNode):
                self.check_depth(depth, raw.line)
                children = self.sequence(raw.children, depth + 1)
                out.append(_Part(raw.number, raw.heading, children))
                last, joinable = "other", False
            elif isinstance(raw, _Para):
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
                        items = [_Point(rest, label) for label, rest in points]
                        out.append(_Points(items, "number", lead_in))
                        index, last, joinable = end, "list", False
                        continue
                previous = out[-1] if out else None
                following = raws[index] if index < len(raws) else None
                if (
                    not raw.literal
                    and not raw.quoted
                    and last == "list"
                    and isinstance(previous, _Points)
                    and previous.wrap_up is None
                    and _starts_lower(text)
                    and not (isinstance(following, _List) and _DEFINITION.match(text))
                ):
                    previous.wrap_up = text
                    last = "other"
                else:
                    out.append(_Text(text))
                    last = "other" if raw.literal or raw.quoted else "para"
                joinable = False
            elif isinstance(raw, _List):
                self.check_depth(depth, raw.line)
                items = self.items(raw, depth)
                if not items:
                    continue
                previous = out[-1] if out else None
                if (
                    joinable
                    and isinstance(previous, _Points)
                    and items[0].label is not None
                    and previous.items[-1].label is not None
                    and follows(previous.items[-1].label, items[0].label)
                ):
                    previous.items.extend(items)
                else:
                    out.append(_Points(items, raw.style, _take_lead_in(out, last)))
                last, joinable = "list", False
            elif isinstance(raw, _Table):
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
        self, out: list[_Draft], last: str, points: list[tuple[str, str]], depth: int, line: int
    ) -> bool:
        """Make *points* the sublist of the last point of the list just before, if that point
        does not end its sentence; return whether they were attached."""
        previous = out[-1] if out else None
        if last != "list" or not isinstance(previous, _Points) or previous.wrap_up:
            return False
        point = previous.items[-1]
        if point.sublist is not None or not _is_lead_in(point.text):
            return False
        self.check_depth(depth + 1, line)
        point.sublist = _Points([_Point(rest, label) for label, rest in points], "number")
        return True

    def items(self, raw: _List, depth: int) -> list[_Point]:
        result: list[_Point] = []
        for item in raw.items:
            result.extend(self.item(item, depth))
        return result

    def item(self, item: _Item, depth: int) -> list[_Point]:
        """One point (or, for a point holding only a list, that list's points)."""
        own: list[str] = []
        subitems: list[_Point] = []
        style: ListStyle | None = None
        tail: list[str] = []
        lettered: str | None = None  # the label of the last lettered paragraph taken as a point
        for block in item.blocks:
            if isinstance(block, _List):
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
                if isinstance(block, _Para) and not block.literal and own and not tail
                else None
            )
            if point is not None and (
                (lettered is None and not subitems and is_first(point[0]))
                or (lettered is not None and follows(lettered, point[0]))
            ):
                self.check_depth(depth + 1, block.line)
                subitems.append(_Point(point[1], point[0]))
                style, lettered = "number", point[0]
                continue
            (tail if subitems else own).extend(_texts(block))
        text = " ".join(own).strip()
        sublist = (
            _Points(subitems, style or "bullet", wrap_up=" ".join(tail) or None)
            if subitems
            else None
        )
        if text:
            return [_Point(text, item.label, sublist)]
        if item.label is not None:  # an empty ordered point: its label is its text
            return [_Point(item.label, None, sublist)]
        if subitems and tail:
            subitems[-1].text = " ".join([subitems[-1].text, *tail])
        return subitems


def _take_lead_in(out: list[_Draft], last: str) -> str | None:
    previous = out[-1] if out else None
    if last == "para" and isinstance(previous, _Text) and _is_lead_in(previous.text):
        out.pop()
        return previous.text
    return None


def _texts(block: _Raw) -> list[str]:
    """The texts of a block inside a point."""
    if isinstance(block, _Para | _Heading):
        return [block.text] if block.text.strip() else []
    if isinstance(block, _Table):
        return [cell for _header, cells in block.rows for cell in cells if cell.strip()]
    return []


def _lettered_run(
    raws: Sequence[_Raw | _SectionNode], start: int
) -> tuple[list[tuple[str, str]], int]:
    """The paragraphs from *start* that are points in sequence from a first label (``a)``,
    ``b)``, …), as (label, text), and the index after them."""
    points: list[tuple[str, str]] = []
    index = start
    while index < len(raws):
        raw = raws[index]
        if not isinstance(raw, _Para) or raw.literal or raw.quoted:
            break
        point = split_point(raw.text.strip(), bullets=False)
        if point is None:
            break
        if not (follows(points[-1][0], point[0]) if points else is_first(point[0])):
            break
        points.append(point)
        index += 1
    return points, index


# The model's positional ids (model.ids), given as each node is made: making the tree and then
# assigning ids would make every node twice (tests check the ids are assign_positional_ids').
_PREFIX: Final = {_Part: "sec", _Text: "para", _Points: "list", _Table: "table"}


def _finish(drafts: list[_Draft], parent: str = "") -> tuple[Block, ...]:
    """The model blocks of *drafts*, with positional ids under *parent*."""
    counts = dict.fromkeys(_PREFIX.values(), 0)
    blocks: list[Block] = []
    for draft in drafts:
        prefix = _PREFIX[type(draft)]
        counts[prefix] += 1
        own = f"{prefix}_{counts[prefix]}"
        node_id = f"{parent}__{own}" if parent else own
        if isinstance(draft, _Text):
            blocks.append(Paragraph(draft.text, id=node_id))
        elif isinstance(draft, _Points):
            blocks.append(_finish_points(draft, node_id))
        elif isinstance(draft, _Part):
            children = _finish(draft.children, node_id)
            blocks.append(Section(draft.heading, children, number=draft.number, id=node_id))
        else:
            blocks.append(_finish_table(draft, node_id))
    return tuple(blocks)


def _finish_points(draft: _Points, node_id: str) -> CommitmentList:
    items = []
    for number, point in enumerate(draft.items, start=1):
        point_id = f"{node_id}__point_{number}"
        sublist = (
            None if point.sublist is None else _finish_points(point.sublist, f"{point_id}__list_1")
        )
        items.append(Commitment(point.text, label=point.label, sublist=sublist, id=point_id))
    return CommitmentList(
        items, lead_in=draft.lead_in, wrap_up=draft.wrap_up, style=draft.style, id=node_id
    )


def _finish_table(raw: _Table, node_id: str) -> Table:
    rows = []
    for number, (header, cells) in enumerate(raw.rows, start=1):
        row_id = f"{node_id}__row_{number}"
        rows.append(
            Row(
                [Cell(text, id=f"{row_id}__cell_{place}") for place, text in enumerate(cells, 1)],
                header=header,
                id=row_id,
            )
        )
    return Table(rows, id=node_id)


def _title_heading(raws: list[_Raw]) -> _Heading | None:
    headings = [raw for raw in raws if isinstance(raw, _Heading)]
    if not headings:
        return None
    top = min(heading.level for heading in headings)
    tops = [heading for heading in headings if heading.level == top]
    if len(tops) == 1 and tops[0] is headings[0]:
        return headings[0]
    return None


def _nest(raws: list[_Raw], title: _Heading | None) -> list[_Raw | _SectionNode]:
    body: list[_Raw | _SectionNode] = []
    stack: list[_SectionNode] = []
    for raw in raws:
        if raw is title:
            continue
        if isinstance(raw, _Heading):
            number, heading = split_provision(raw.text)
            node = _SectionNode(raw.level, number, heading, raw.line)
            while stack and stack[-1].level >= raw.level:
                stack.pop()
            (stack[-1].children if stack else body).append(node)
            stack.append(node)
        else:
            (stack[-1].children if stack else body).append(raw)
    return body


def _has_text(raw: _Raw, repairs: Repairs) -> bool:
    """Whether *raw* may stay; a heading without text is an error (a lenient import drops it)."""
    if isinstance(raw, _Heading) and not raw.text.strip():
        repairs.repair(
            "empty headings",
            "heading has no text",
            repairs.where(raw.line),
            does="drops it",
            did="dropped",
        )
        return False
    return True


# --- entry point --------------------------------------------------------------------------------


def _check_nesting(tokens: list[Token], repairs: Repairs) -> None:
    """Refuse lists and quotes nested so deep that markdown-it-py would drop what is inside."""
    for token in tokens:
        if token.level >= MAX_NESTING - 1 and token.type in _CONTAINERS:
            raise ParseError(
                f"Markdown is nested too deeply: lists and block quotes may nest {MAX_NESTING} "
                "levels (a list counts two)",
                repairs.where(_line_of(token)),
            )


def parse_markdown(text: str, *, source: str = "<markdown>", lenient: bool = False) -> Policy:
    """Parse Markdown (with optional YAML or TOML front matter) into a policy.

    *source* names the input in error messages. The rules are in the module docstring. With
    ``lenient=True`` malformed front matter, control characters and empty headings are repaired
    and each repair is reported as a :class:`~policyversions.errors.RepairWarning`.

    >>> policy = parse_markdown("# Policy\\n\\nVi ska:\\n\\n1. lyssna\\n2. svara\\n")
    >>> policy.title, policy.body[0].lead_in, [(p.label, p.text) for p in policy.body[0].items]
    ('Policy', 'Vi ska:', [('1.', 'lyssna'), ('2.', 'svara')])
    """
    repairs = Repairs(source, lenient)
    try:
        with _garbage_collection_paused():
            return _parse(text, repairs)
    finally:
        repairs.emit()


@contextlib.contextmanager
def _garbage_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is imported.

    Import makes a token and a node for every few bytes and keeps them all alive until the end,
    none of them in a reference cycle: the collector can free nothing, but it scans the growing
    heap again and again, which made large imports up to 40 % slower and their time grow in
    steps rather than in proportion to the input. (Mercurial's ``util.nogc`` pauses it around
    building large containers for the same reason.) The collector runs again afterwards, as
    it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(text: str, repairs: Repairs) -> Policy:
    source = repairs.source
    if not isinstance(text, str):
        raise ParseError(f"expected Markdown text, got {type(text).__name__}", source)
    check_size(text, source)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ParseError("the Markdown document is empty", source)
    text = clean_characters(text.replace("\r\n", "\n").replace("\r", "\n"), repairs)

    first_line = text.split("\n", 1)[0].rstrip()
    fenced = first_line in ("---", "+++")
    tables = "|" in text and _DELIMITER_ROW.search(text) is not None
    md = _parser(tables, fenced)
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    _check_nesting(tokens, repairs)

    front: FrontMatter | None = None
    if tokens and tokens[0].type == "front_matter":
        kind = "TOML" if tokens[0].markup == "+++" else "YAML"
        front = read_front_matter(kind, tokens[0].content, repairs)
    elif fenced:
        kind = "TOML" if first_line == "+++" else "YAML"
        repairs.repair(
            "front matter",
            f"{kind} front matter opened with {first_line!r} is never closed",
            repairs.where(1),
            does="reads the document as if it had none",
            did="read as text",
        )

    raws = [raw for raw in _Reader(tokens, md, env).blocks() if _has_text(raw, repairs)]
    title_heading = _title_heading(raws)
    if title_heading is not None:
        title = title_heading.text
    else:
        found = front_title(front)
        if found is None:
            if not raws and front is None:
                raise ParseError("the Markdown document has no content", source)
            raise ParseError(
                "no title: start with a single top-level heading or give a 'title' "
                "in the front matter",
                source,
            )
        title = found
    drafts = _Converter(repairs).sequence(_nest(raws, title_heading), 1)
    return Policy(
        title=title,
        body=_finish(drafts),
        metadata=metadata(front, repairs),
        decisions=decisions(front, repairs),
    )
