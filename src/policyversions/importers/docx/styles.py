"""Paragraph styles of a Word document, resolved along their ``basedOn`` chain: which are
headings (and of which level), the title, list paragraphs and captions, and the numbering and
indentation a style gives its paragraphs.

A style is a heading of level *n* when it, or the first style up its chain that says anything
about it, is named ``heading n`` or ``Rubrik n`` (also by its style id, as Swedish Word writes
``Rubrik1``) or sets an outline level (``w:outlineLvl`` 0–8 is level 1–9; 9 is body text).
``Title`` and ``Rubrik`` (without a number) are the title, ``Subtitle`` and ``Underrubrik``
the subtitle. A custom style based on ``Heading 2`` is a heading of level 2.
"""

from __future__ import annotations

import re
from typing import Final

import attrs
from lxml import etree

from .xml import W, attr, child, twips

_HEADING_NAME: Final = re.compile(r"(?:heading|rubrik|überschrift|titre)\s*([1-9])")
_TITLE_NAMES: Final = frozenset({"title", "rubrik", "titel", "dokumenttitel"})
_SUBTITLE_NAMES: Final = frozenset({"subtitle", "underrubrik"})
_CAPTION_NAMES: Final = frozenset({"caption", "beskrivning", "bildtext", "tabellrubrik"})
_MAX_CHAIN: Final = 32


@attrs.frozen
class StyleInfo:
    """What a paragraph style means, its chain resolved."""

    heading: int | None = None
    """1–9 for a heading, 0 for the title, ``None`` for anything else."""
    subtitle: bool = False
    caption: bool = False
    num_id: str | None = None
    """The numbering the style gives its paragraphs (``w:numPr`` in the chain)."""
    ilvl: int | None = None
    left: int | None = None
    """The left indentation the style gives, in twentieths of a point."""
    name: str = ""


@attrs.define
class _Style:
    style_id: str
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None
    left: int | None


class Styles:
    """The paragraph styles of one document."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self._resolved: dict[str, StyleInfo] = {}
        self.default: str | None = None
        if root is None:
            return
        for element in root.iterchildren(f"{W}style"):
            if attr(element, "type") not in (None, "paragraph", "numbering"):
                continue
            style_id = attr(element, "styleId")
            if style_id is None:
                continue
            name_element = child(element, "name")
            based = child(element, "basedOn")
            ppr = child(element, "pPr")
            outline = child(ppr, "outlineLvl")
            numpr = child(ppr, "numPr")
            num = child(numpr, "numId")
            ilvl = child(numpr, "ilvl")
            self._styles[style_id] = _Style(
                style_id=style_id,
                name=(attr(name_element, "val") or "") if name_element is not None else "",
                based_on=attr(based, "val") if based is not None else None,
                outline=_int(attr(outline, "val")) if outline is not None else None,
                num_id=attr(num, "val") if num is not None else None,
                ilvl=_int(attr(ilvl, "val")) if ilvl is not None else None,
                left=twips(child(ppr, "ind")),
            )
            if attr(element, "default") in ("1", "true", "on"):
                self.default = style_id

    def info(self, style_id: str | None) -> StyleInfo:
        """What the paragraph style *style_id* (or the default style) means."""
        key = style_id or self.default or ""
        found = self._resolved.get(key)
        if found is None:
            found = self._resolve(key)
            self._resolved[key] = found
        return found

    def _resolve(self, style_id: str) -> StyleInfo:
        heading: int | None = None
        decided = False
        subtitle = caption = False
        num_id: str | None = None
        ilvl: int | None = None
        left: int | None = None
        name = ""
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and len(seen) < _MAX_CHAIN:
            seen.add(current)
            style = self._styles.get(current)
            if style is None:
                break
            name = name or style.name
            if not decided:
                decided, heading, subtitle, caption = _meaning(style)
            if num_id is None and style.num_id is not None:
                num_id, ilvl = style.num_id, style.ilvl
            if left is None:
                left = style.left
            current = style.based_on
        if not decided and style_id:
            # A style id without a style (or a chain without a word on it): Word's ids.
            probe = _Style(style_id, "", None, None, None, None, None)
            decided, heading, subtitle, caption = _meaning(probe)
        return StyleInfo(heading, subtitle, caption, num_id, ilvl, left, name or style_id)

    def linked_to(self, style_id: str) -> str | None:
        """The style id of the numbering style or paragraph style *style_id* (for
        ``w:numStyleLink``): the numbering it sets."""
        style = self._styles.get(style_id)
        return style.num_id if style is not None else None


def _meaning(style: _Style) -> tuple[bool, int | None, bool, bool]:
    """(decided, heading level, subtitle, caption) from one style of a chain."""
    for text in (style.name, style.style_id):
        folded = text.casefold().strip()
        if not folded:
            continue
        match = _HEADING_NAME.fullmatch(folded)
        if match is not None:
            return True, int(match.group(1)), False, False
        if folded in _TITLE_NAMES:
            return True, 0, False, False
        if folded in _SUBTITLE_NAMES:
            return True, None, True, False
        if folded in _CAPTION_NAMES:
            return True, None, False, True
    if style.outline is not None:
        return True, (style.outline + 1 if 0 <= style.outline <= 8 else None), False, False
    return False, None, False, False


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


__all__ = ["StyleInfo", "Styles"]
