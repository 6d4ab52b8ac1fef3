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

This module reads the front matter (:mod:`~policyversions.importers.frontmatter`) and the title
and runs the steps, a module each: the parser
(:mod:`~policyversions.importers.markdown_parser`), its tokens read into raw blocks
(:mod:`~policyversions.importers.markdown_blocks`), headings made sections
(:mod:`~policyversions.importers.markdown_sections`), blocks made drafts with lead-ins, wrap-ups
and points settled (:mod:`~policyversions.importers.markdown_drafts`) and drafts made model nodes
with their ids (:mod:`~policyversions.importers.markdown_nodes`).
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from typing import Any, Final

from markdown_it.token import Token

from ..errors import ParseError
from ..model import Policy
from .frontmatter import FrontMatter, decisions, front_title, metadata, read_front_matter
from .limits import check_size
from .markdown_blocks import BlockReader, line_of
from .markdown_drafts import drafts
from .markdown_nodes import model_blocks
from .markdown_parser import MAX_NESTING, parser
from .markdown_sections import has_text, nest, title_heading
from .repairs import Repairs, clean_characters

__all__ = ["MAX_NESTING", "parse_markdown"]

_CONTAINERS: Final = frozenset({"list_item_open", "blockquote_open"})
_DELIMITER_ROW = re.compile(r"^[ \t>]*[-:|][-:| \t]*$", re.MULTILINE)  # in quotes too


def _check_nesting(tokens: list[Token], repairs: Repairs) -> None:
    """Refuse lists and quotes nested so deep that markdown-it-py would drop what is inside."""
    for token in tokens:
        if token.level >= MAX_NESTING - 1 and token.type in _CONTAINERS:
            raise ParseError(
                f"Markdown is nested too deeply: lists and block quotes may nest {MAX_NESTING} "
                "levels (a list counts two)",
                repairs.where(line_of(token)),
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
    md = parser(tables, fenced)
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

    raws = [raw for raw in BlockReader(tokens, md, env).blocks() if has_text(raw, repairs)]
    heading = title_heading(raws)
    if heading is not None:
        title = heading.text
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
    body = drafts(nest(raws, heading), repairs)
    return Policy(
        title=title,
        body=model_blocks(body),
        metadata=metadata(front, repairs),
        decisions=decisions(front, repairs),
    )
