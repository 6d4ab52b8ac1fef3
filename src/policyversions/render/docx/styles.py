"""The style and numbering parts of our Word documents.

Styles are Word's own built-in ones (``Title``, ``Subtitle``, ``Heading1``–``Heading6``,
``ListParagraph``, ``Caption``, ``TableGrid``, ``Header``, ``Footer``, the comment styles),
named as Word names them internally (``heading 1``), so Word shows them under their localised
names ("Rubrik 1") and a navigation pane and table of contents work; one style of our own,
``TableHeading``, for the cells of a header row. The document language (``sv-SE`` or ``en-GB``)
is set in the default run properties, so spelling and hyphenation follow it.

Numbering: one definition for bullet points (``•``, ``◦``, ``▪`` by level) and one for numbered
points (``1.``, ``a)``, ``i.`` by level); every numbered list gets its own instance that starts
at 1, all bullet lists share one. Points whose labels the policy writes itself (``1.``, ``a)``,
``–``, ``8 d §``) carry their label as text and no numbering: the text is the policy's.
"""

from __future__ import annotations

from functools import cache, lru_cache

from lxml import etree

from .ooxml import HANGING, INDENT_STEP, make, sub

LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
FONT = "Arial"
BULLET_NUM = 1
"""The numbering instance every bullet list shares."""
_BULLETS = ("•", "◦", "▪")
_NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))
LEVELS = 9

# (style id, name, type, based on, run properties, paragraph properties)
_HEADING_SIZES = (28, 26, 24, 22, 22, 22)


def _paragraph_style(
    root: etree._Element,
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    size: int | None = None,
    bold: bool = False,
    italic: bool = False,
    keep_next: bool = False,
    before: int | None = None,
    after: int | None = None,
    outline: int | None = None,
    primary: bool = True,
    default: bool = False,
    contextual: bool = False,
) -> etree._Element:
    style = sub(root, "style", type="paragraph", styleId=style_id)
    if default:
        style.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}default", "1")
    sub(style, "name", val=name)
    if based_on:
        sub(style, "basedOn", val=based_on)
    if next_style:
        sub(style, "next", val=next_style)
    if primary:
        sub(style, "qFormat")
    ppr = sub(style, "pPr")
    if keep_next:
        sub(ppr, "keepNext")
        sub(ppr, "keepLines")
    if before is not None or after is not None:
        sub(ppr, "spacing", before=str(before or 0), after=str(after or 0))
    if contextual:
        sub(ppr, "contextualSpacing")
    if outline is not None:
        sub(ppr, "outlineLvl", val=str(outline))
    rpr = sub(style, "rPr")
    if bold:
        sub(rpr, "b")
    if italic:
        sub(rpr, "i")
    if size is not None:
        sub(rpr, "sz", val=str(size))
        sub(rpr, "szCs", val=str(size))
    return style


@cache
def styles_xml(lang: str) -> bytes:
    """The styles part for a document in *lang* (``sv`` or ``en``)."""
    root = make("styles")
    defaults = sub(root, "docDefaults")
    rpr = sub(sub(defaults, "rPrDefault"), "rPr")
    sub(rpr, "rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
    sub(rpr, "sz", val="21")
    sub(rpr, "szCs", val="21")
    tag = LANGUAGE_TAGS[lang]
    sub(rpr, "lang", val=tag, eastAsia=tag, bidi="ar-SA")
    ppr = sub(sub(defaults, "pPrDefault"), "pPr")
    sub(ppr, "spacing", after="120", line="264", lineRule="auto")
    _paragraph_style(root, "Normal", "Normal", based_on=None, default=True)
    _paragraph_style(
        root, "Title", "Title", next_style="Normal", size=36, bold=True, after=60,
        keep_next=True,
    )
    _paragraph_style(
        root, "Subtitle", "Subtitle", next_style="Normal", italic=True, after=240
    )
    for level, size in enumerate(_HEADING_SIZES, start=1):
        _paragraph_style(
            root, f"Heading{level}", f"heading {level}", next_style="Normal", size=size,
            bold=True, keep_next=True, before=240 if level == 1 else 180, after=60,
            outline=level - 1,
        )
    _paragraph_style(root, "ListParagraph", "List Paragraph", after=60, contextual=True)
    _paragraph_style(root, "Caption", "caption", size=19, bold=True, keep_next=True, after=60)
    _paragraph_style(root, "TableHeading", "Table Heading", bold=True, after=0)
    _paragraph_style(root, "Header", "header", size=17, after=0, primary=False)
    _paragraph_style(root, "Footer", "footer", size=17, after=0, primary=False)
    _paragraph_style(root, "CommentText", "annotation text", size=20, after=0, primary=False)
    reference = sub(root, "style", type="character", styleId="CommentReference")
    sub(reference, "name", val="annotation reference")
    sub(sub(reference, "rPr"), "sz", val="16")
    table = sub(root, "style", type="table", styleId="TableGrid")
    sub(table, "name", val="Table Grid")
    table_ppr = sub(table, "pPr")
    sub(table_ppr, "spacing", before="20", after="20")
    properties = sub(table, "tblPr")
    borders = sub(properties, "tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, edge, val="single", sz="4", space="0", color="000000")
    margins = sub(properties, "tblCellMar")
    sub(margins, "left", w="85", type="dxa")
    sub(margins, "right", w="85", type="dxa")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _level(abstract: etree._Element, level: int, bullet: bool) -> None:
    node = sub(abstract, "lvl", ilvl=str(level))
    sub(node, "start", val="1")
    if bullet:
        sub(node, "numFmt", val="bullet")
        sub(node, "lvlText", val=_BULLETS[level % len(_BULLETS)])
    else:
        number_format, text = _NUMBER_FORMATS[level % len(_NUMBER_FORMATS)]
        sub(node, "numFmt", val=number_format)
        sub(node, "lvlText", val=text.format(n=level + 1))
    sub(node, "lvlJc", val="left")
    ppr = sub(node, "pPr")
    sub(ppr, "ind", left=str(INDENT_STEP * (level + 1)), hanging=str(HANGING))


@lru_cache(maxsize=64)
def numbering_xml(numbered_lists: tuple[int, ...]) -> bytes:
    """The numbering part: the bullet and number definitions, instance :data:`BULLET_NUM` for
    bullets, and one instance per entry of *numbered_lists* (the level each list starts at),
    numbered from ``BULLET_NUM + 1``, each restarting at 1."""
    root = make("numbering")
    for abstract_id, bullet in ((1, True), (2, False)):
        abstract = sub(root, "abstractNum", abstractNumId=str(abstract_id))
        sub(abstract, "multiLevelType", val="hybridMultilevel")
        for level in range(LEVELS):
            _level(abstract, level, bullet)
    bullets = sub(root, "num", numId=str(BULLET_NUM))
    sub(bullets, "abstractNumId", val="1")
    for offset, level in enumerate(numbered_lists, start=1):
        instance = sub(root, "num", numId=str(BULLET_NUM + offset))
        sub(instance, "abstractNumId", val="2")
        override = sub(instance, "lvlOverride", ilvl=str(level))
        sub(override, "startOverride", val="1")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


__all__ = ["BULLET_NUM", "LANGUAGE_TAGS", "numbering_xml", "styles_xml"]
