"""Word's list numbering (``numbering.xml``): the label each numbered paragraph shows.

A paragraph is numbered by its own ``w:numPr`` or by its style's (``w:numId`` ``0`` switches
numbering off). The number instance (``w:num``) points at an abstract definition
(``w:abstractNum``, perhaps through a numbering style, ``w:numStyleLink``) whose levels give the
start value, the number format (``decimal``, ``lowerLetter``, ``upperRoman``, ``bullet``, ...) and
the level text (``%1.``, ``%1)``, ``%1.%2``); a ``w:lvlOverride`` may restart a level
(``w:startOverride``) or replace it. Instances of one abstract definition without overrides
continue one another's counting, as in Word; an instance with overrides counts on its own. A
level restarts after any shallower level (or as ``w:lvlRestart`` says); ``w:isLgl`` writes every
number of the label in arabic figures.

:meth:`Numbering.label` is called once per numbered paragraph, in document order, and returns
what Word displays: the label (``3.``, ``b)``, ``2.1``), or that it is a bullet.
"""

from __future__ import annotations

from typing import Final

import attrs
from lxml import etree

from .styles import Styles
from .xml import W, attr, child, on, twips

_MAX_LEVELS: Final = 9
_ROMAN: Final = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


@attrs.frozen
class Level:
    """One level of a numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    legal: bool = False
    left: int | None = None
    style: str | None = None


@attrs.frozen
class Label:
    """What a numbered paragraph shows: its label (``""`` for a bullet or no number), whether it
    is a bullet, the list it counts in, its level and its indentation."""

    text: str
    bullet: bool
    key: str
    level: int
    left: int | None


def _level(element: etree._Element) -> tuple[int, Level]:
    ilvl = _int(attr(element, "ilvl")) or 0
    start = child(element, "start")
    fmt = child(element, "numFmt")
    text = child(element, "lvlText")
    restart = child(element, "lvlRestart")
    style = child(element, "pStyle")
    first = _int(attr(start, "val"))
    return ilvl, Level(
        start=1 if first is None else first,
        fmt=attr(fmt, "val") or "decimal",
        text=attr(text, "val") or "",
        restart=_int(attr(restart, "val")),
        legal=on(child(element, "isLgl")),
        left=twips(child(child(element, "pPr"), "ind")),
        style=attr(style, "val"),
    )


class Numbering:
    """The numbering definitions of one document, and the counters as it is read."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}  # abstract id -> numbering style it links to
        self._nums: dict[str, tuple[str, dict[int, int | None], dict[int, Level]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._styles = styles
        if root is None:
            return
        for element in root.iterchildren(f"{W}abstractNum"):
            abstract_id = attr(element, "abstractNumId")
            if abstract_id is None:
                continue
            levels = dict(_level(lvl) for lvl in element.iterchildren(f"{W}lvl"))
            self._abstract[abstract_id] = levels
            link = child(element, "numStyleLink")
            if link is not None and attr(link, "val"):
                self._links[abstract_id] = attr(link, "val") or ""
        for element in root.iterchildren(f"{W}num"):
            num_id = attr(element, "numId")
            abstract = child(element, "abstractNumId")
            if num_id is None or abstract is None or attr(abstract, "val") is None:
                continue
            starts: dict[int, int | None] = {}
            replaced: dict[int, Level] = {}
            for override in element.iterchildren(f"{W}lvlOverride"):
                ilvl = _int(attr(override, "ilvl")) or 0
                start = child(override, "startOverride")
                starts[ilvl] = _int(attr(start, "val")) if start is not None else None
                lvl = child(override, "lvl")
                if lvl is not None:
                    replaced[ilvl] = _level(lvl)[1]
            self._nums[num_id] = (attr(abstract, "val") or "", starts, replaced)

    def _levels(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The key its counters go by and the levels of number instance *num_id*."""
        entry = self._nums.get(num_id)
        if entry is None:
            return None
        abstract_id, starts, replaced = entry
        levels = self._abstract.get(abstract_id)
        link = self._links.get(abstract_id)
        if link is not None:  # the definition is the numbering style's
            linked_num = self._styles.linked_to(link)
            linked = self._nums.get(linked_num or "")
            if linked is not None:
                abstract_id = linked[0]
                levels = self._abstract.get(abstract_id, levels)
        if levels is None:
            return None
        if replaced:
            levels = {**levels, **replaced}
        key = f"num:{num_id}" if starts or replaced else f"abstract:{abstract_id}"
        return key, levels

    def level_of_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level of *num_id* linked to paragraph style *style_id* (``w:pStyle``), if any."""
        if style_id is None:
            return None
        found = self._levels(num_id)
        if found is None:
            return None
        for ilvl, level in found[1].items():
            if level.style == style_id:
                return ilvl
        return None

    def label(self, num_id: str, ilvl: int) -> Label | None:
        """Count one paragraph numbered *num_id* at level *ilvl*; what it displays, or ``None``
        when the numbering is not defined."""
        found = self._levels(num_id)
        if found is None:
            return None
        key, levels = found
        ilvl = min(max(ilvl, 0), _MAX_LEVELS - 1)
        level = levels.get(ilvl, Level(text=f"%{ilvl + 1}."))
        counters = self._counters.get(key)
        if counters is None:
            counters = [None] * _MAX_LEVELS
            starts = self._nums[num_id][1]
            for override_level, value in starts.items():
                if value is not None and 0 <= override_level < _MAX_LEVELS:
                    counters[override_level] = value - 1
            self._counters[key] = counters
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            rule = levels.get(deeper, Level()).restart
            if rule is None or (rule != 0 and ilvl + 1 <= rule):
                counters[deeper] = None
        if level.fmt == "bullet":
            return Label("", True, key, ilvl, level.left)
        if level.fmt == "none":
            return Label("", False, key, ilvl, level.left)
        text = _render(level.text, levels, counters, level.legal)
        return Label(text.strip(), False, key, ilvl, level.left)


def _render(template: str, levels: dict[int, Level], counters: list[int | None],
            legal: bool) -> str:
    out: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == "%" and index + 1 < len(template) and template[index + 1] in "123456789":
            number = int(template[index + 1]) - 1
            level = levels.get(number, Level())
            value = counters[number]
            if value is None:
                value = level.start
            out.append(format_number(value, "decimal" if legal else level.fmt))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def format_number(value: int, fmt: str) -> str:
    """*value* as number format *fmt* writes it (``lowerLetter`` 28 → ``bb``)."""
    if fmt in ("lowerLetter", "upperLetter"):
        if value <= 0:
            return str(value)
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        if not 0 < value < 4000:
            return str(value)
        roman = ""
        rest = value
        for amount, digits in _ROMAN:
            while rest >= amount:
                roman += digits
                rest -= amount
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


__all__ = ["Label", "Level", "Numbering", "format_number"]
