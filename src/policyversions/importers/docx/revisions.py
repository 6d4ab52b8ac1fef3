"""Tracked changes in a Word document: found, counted, and (only when asked) all accepted.

A document with tracked changes that nobody has accepted or rejected holds two texts at once;
importing either silently would record a text that no one decided. So a document with any
revision mark (inserted, deleted or moved text, inserted or deleted paragraph marks, rows and
cells, changed formatting) is refused with one line that counts them and says where the first
is, unless the caller asks for every change to be accepted (``accept_changes=True``,
``--accept-changes``): inserted and moved-here text stays, deleted and moved-away text goes, a
deleted paragraph mark joins its paragraph to the next, deleted rows and cells go, and the
formatting is the changed one.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from ...errors import InputError
from .xml import W

_CONTENT_INSERTED: Final = frozenset({f"{W}ins", f"{W}moveTo"})
_CONTENT_DELETED: Final = frozenset({f"{W}del", f"{W}moveFrom"})
_PROPERTY_CHANGES: Final = frozenset(
    f"{W}{name}"
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
    )
)
_CELL_MARKS: Final = frozenset({f"{W}cellIns", f"{W}cellDel", f"{W}cellMerge"})
_RANGES: Final = frozenset(
    f"{W}{name}"
    for name in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
)
_REVISIONS: Final = _CONTENT_INSERTED | _CONTENT_DELETED | _PROPERTY_CHANGES | _CELL_MARKS
_MARK_HOLDERS: Final = frozenset({f"{W}rPr", f"{W}trPr", f"{W}tcPr"})


def revisions(root: etree._Element) -> list[etree._Element]:
    """Every revision mark under *root*, in document order."""
    return [element for element in root.iter(*_REVISIONS)]


def refuse(found: list[etree._Element], body: etree._Element, source: str) -> InputError:
    """The error for a document with the tracked changes *found* (see the module docstring)."""
    first = found[0]
    paragraph = next((node for node in first.iterancestors(f"{W}p")), None)
    if paragraph is None and first.tag in _CONTENT_INSERTED | _CONTENT_DELETED:
        paragraph = first.find(f".//{W}p")
    where = source
    if paragraph is not None:
        number = 0
        for number, node in enumerate(body.iter(f"{W}p"), start=1):  # noqa: B007
            if node is paragraph:
                break
        words = " ".join(_text(paragraph).split()[:6])
        where = f"{source}, paragraph {number}" + (f": {words!r}" if words else "")
    count = len(found)
    noun = "tracked change" if count == 1 else "tracked changes"
    return InputError(
        f"the document has {count} {noun} not yet accepted or rejected: accept or reject them "
        "in Word first, or import with every change accepted (--accept-changes, "
        "accept_changes=True)",
        where,
    )


def _text(paragraph: etree._Element) -> str:
    return "".join(
        node.text or ""
        for node in paragraph.iter(f"{W}t", f"{W}delText")
    )


def accept_all(root: etree._Element) -> None:
    """Accept every tracked change under *root*, in place."""
    for element in list(root.iter(*_RANGES, *_PROPERTY_CHANGES)):
        _remove(element)
    merges: list[etree._Element] = []
    for element in list(root.iter(*_CONTENT_INSERTED, *_CONTENT_DELETED, *_CELL_MARKS)):
        parent = element.getparent()
        if parent is None:
            continue
        deleted = element.tag in _CONTENT_DELETED or element.tag == f"{W}cellDel"
        if parent.tag in _MARK_HOLDERS:  # a mark on a paragraph, row or cell
            holder = parent.getparent()
            owner = holder.getparent() if holder is not None else None
            _remove(element)
            if not deleted or owner is None:
                continue
            if parent.tag == f"{W}rPr" and holder is not None and holder.tag == f"{W}pPr":
                merges.append(owner)  # the paragraph's mark is deleted: join it to the next
            elif parent.tag in (f"{W}trPr", f"{W}tcPr"):
                _remove(owner)
        elif deleted:
            _remove(element)
        else:
            _unwrap(element)
    for paragraph in merges:
        following = paragraph.getnext()
        while following is not None and following.tag != f"{W}p" and following.tag in _RANGES:
            following = following.getnext()
        if following is None or following.tag != f"{W}p" or paragraph.getparent() is None:
            continue
        moved = [node for node in paragraph if node.tag != f"{W}pPr"]
        properties = following.find(f"{W}pPr")
        position = 0 if properties is None else following.index(properties) + 1
        for offset, node in enumerate(moved):
            following.insert(position + offset, node)
        _remove(paragraph)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, node in enumerate(list(element)):
        parent.insert(index + offset, node)
    parent.remove(element)


__all__ = ["accept_all", "refuse", "revisions"]
