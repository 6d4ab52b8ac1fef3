"""The markdown-it-py parser that :mod:`~policyversions.importers.markdown` reads with.

:func:`parser` is CommonMark with link targets neither normalised nor checked (only a link's text
is kept) and inline markup read by a parser of its own with a lower ``maxNesting``
(:data:`INLINE_MAX_NESTING`); and, only where the text can hold them, GFM's table rule (noting in
``env["extra_cells"]`` the cells a row has beyond the header's count, which the rule drops) and
front matter: YAML ``---`` by the plugin of ``mdit-py-plugins``, TOML ``+++`` by a small rule of
ours. It reads lists and block quotes :data:`MAX_NESTING` deep at most (what is deeper,
:mod:`~policyversions.importers.markdown` refuses).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.rules_block.table import table as gfm_table
from markdown_it.rules_core import StateCore
from mdit_py_plugins.front_matter import front_matter_plugin

MAX_NESTING: Final = 20
"""markdown-it-py's ``maxNesting``: how deep lists and block quotes may nest (a list level counts
two, a quote one). Content nested deeper would be dropped by the parser, so it is refused."""

INLINE_MAX_NESTING: Final = 8
"""How deep inline markup (emphasis, links) nests before the rest of a paragraph is read as
text; nothing real comes close."""


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
def parser(tables: bool, front_matter: bool) -> MarkdownIt:
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


__all__ = ["INLINE_MAX_NESTING", "MAX_NESTING", "parser"]
