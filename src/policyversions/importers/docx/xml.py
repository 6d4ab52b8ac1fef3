"""Small helpers for WordprocessingML: the namespace, attributes and children by local name."""

from __future__ import annotations

from typing import Final

from lxml import etree

NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS: Final = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W: Final = f"{{{NS}}}"


def attr(element: etree._Element | None, name: str) -> str | None:
    """The ``w:name`` attribute of *element* (or ``None``)."""
    if element is None:
        return None
    return element.get(f"{W}{name}")


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first ``w:name`` child of *element* (or ``None``)."""
    if element is None:
        return None
    return element.find(f"{W}{name}")


def on(element: etree._Element | None) -> bool:
    """Whether a toggle property (``w:b``, ``w:tblHeader``) is present and not switched off."""
    if element is None:
        return False
    return attr(element, "val") not in ("0", "false", "off")


def twips(ind: etree._Element | None) -> int | None:
    """The left indentation ``w:ind`` gives (``w:left`` or ``w:start``), in twips."""
    if ind is None:
        return None
    for name in ("left", "start"):
        value = attr(ind, name)
        if value is not None:
            try:
                return int(float(value))
            except ValueError:
                return None
    return None


def make_transitional(root: etree._Element) -> etree._Element:
    """*root* with Strict OOXML's WordprocessingML namespace renamed to the transitional one
    (the importer reads one namespace)."""
    strict = f"{{{STRICT_NS}}}"
    if str(root.tag).startswith(strict):
        for element in root.iter(etree.Element):
            tag = str(element.tag)
            if tag.startswith(strict):
                element.tag = W + tag[len(strict) :]
            for key in list(element.attrib):
                name = str(key)
                if name.startswith(strict):
                    value = element.attrib.pop(key)
                    element.set(W + name[len(strict) :], value)
    return root


__all__ = ["NS", "W", "attr", "child", "make_transitional", "on", "twips"]
