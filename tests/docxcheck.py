"""Reading our Word documents in the tests without LibreOffice: the body as Word would show it
after accepting every tracked change, after rejecting every one, or as it is.

The rules are Word's: accepting drops deleted and moved-away text, deleted rows and cells, and
joins a paragraph whose mark was deleted (or moved away) with the next paragraph, which keeps
its own properties (the last paragraph of a body or cell always stays, and a table whose rows
are all gone is gone); rejecting does the mirror image and restores the properties recorded in
``w:pPrChange``. A paragraph reads as ``["p", style id, text]``, a table as ``["table", rows]``
with each row a list of cells and each cell a list of ``[style id, text]``, like
:func:`libreoffice.examine` (which names the styles as LibreOffice does).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(data: bytes, name: str) -> etree._Element:
    """Parse the part *name* of the package *data*."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root: etree._Element = etree.fromstring(package.read(name))
    return root


def _hidden(kind: str, state: str) -> bool:
    """Whether content in a revision element *kind* is gone in *state*."""
    if state == "accepted":
        return kind in ("del", "moveFrom")
    if state == "rejected":
        return kind in ("ins", "moveTo")
    return False


def _run_text(run: etree._Element) -> str:
    parts = []
    for node in run:
        if node.tag == w("tab"):
            parts.append("\t")
        elif node.tag in (w("t"), w("delText")):
            parts.append(node.text or "")
    return "".join(parts)


def _text(paragraph: etree._Element, state: str) -> str:
    parts: list[str] = []
    for child in paragraph:
        if child.tag == w("r"):
            parts.append(_run_text(child))
        elif child.tag in (w("ins"), w("del"), w("moveFrom"), w("moveTo")) and not _hidden(
            etree.QName(child).localname, state
        ):
            parts.extend(_run_text(run) for run in child.iter(w("r")))
    return "".join(parts)


def _style(paragraph: etree._Element, state: str) -> str:
    properties = paragraph.find(w("pPr"))
    if properties is None:
        return "Normal"
    if state == "rejected":
        change = properties.find(w("pPrChange"))
        if change is not None:
            old = change.find(f"{w('pPr')}/{w('pStyle')}")
            return old.get(w("val")) if old is not None else "Normal"
    style = properties.find(w("pStyle"))
    return style.get(w("val")) if style is not None else "Normal"


def _mark_hidden(paragraph: etree._Element, state: str) -> bool:
    mark = paragraph.find(f"{w('pPr')}/{w('rPr')}")
    if mark is None:
        return False
    return any(_hidden(etree.QName(child).localname, state) for child in mark)


def _container(parent: etree._Element, state: str) -> list[Any]:
    result: list[Any] = []
    carried = ""
    last = parent.findall(w("p"))[-1:]
    for child in parent:
        if child.tag == w("p"):
            text = carried + _text(child, state)
            if _mark_hidden(child, state) and child not in last:  # the last mark always stays
                carried = text
                continue
            carried = ""
            result.append(["p", _style(child, state), text])
        elif child.tag == w("tbl"):
            rows = []
            for row in child.findall(w("tr")):
                kinds = [etree.QName(node).localname for node in row.findall(f"{w('trPr')}/*")]
                if any(_hidden(kind, state) for kind in kinds if kind in ("ins", "del")):
                    continue
                cells = []
                for cell in row.findall(w("tc")):
                    cell_kinds = [
                        etree.QName(node).localname for node in cell.findall(f"{w('tcPr')}/*")
                    ]
                    gone = ("cellIns" in cell_kinds and state == "rejected") or (
                        "cellDel" in cell_kinds and state == "accepted"
                    )
                    if gone:
                        continue
                    cells.append([item[1:] for item in _container(cell, state)])
                rows.append(cells)
            if rows:  # a table whose rows are all gone is gone, and text joins across it
                if carried:
                    result.append(["p", "?", carried])  # a joined paragraph cannot enter a table
                    carried = ""
                result.append(["table", rows])
    if carried:
        result.append(["p", "?", carried])
    return result


def read(data: bytes, state: str = "as_is") -> list[Any]:
    """The body of the ``.docx`` *data* in *state* (``as_is``, ``accepted``, ``rejected``)."""
    body = part(data, "word/document.xml").find(w("body"))
    assert body is not None
    return _container(body, state)


def revisions(data: bytes) -> list[etree._Element]:
    """Every revision element of the body (runs, paragraph marks, property changes, rows,
    cells and move ranges' content), in document order."""
    body = part(data, "word/document.xml")
    names = ("ins", "del", "moveFrom", "moveTo", "pPrChange", "cellIns", "cellDel")
    return [node for node in body.iter() if etree.QName(node).localname in names]


__all__ = ["part", "read", "revisions", "w"]
