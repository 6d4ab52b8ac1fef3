"""The Word package (a ZIP of XML parts, Office Open XML): document, styles, numbering,
settings, page header and footer, comments and document properties.

The package is written here with :mod:`zipfile` and lxml, not through python-docx: opening
python-docx's template costs four times an HTML redline of a whole policy, while every part we
need is a few elements. The output is deterministic: the same input gives the same bytes.
A4 portrait, margins 25/20/25/20 mm; the header holds the title and the decision line, the
footer "Sida 1 av 3" / "Page 1 of 3" (fields ``PAGE`` and ``NUMPAGES``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from xml.sax.saxutils import escape

import attrs
from lxml import etree

from .blocks import Block
from .ooxml import R_NS, BodyWriter, Revisions, make, sub
from .styles import LANGUAGE_TAGS, numbering_xml, styles_xml

_CONTENT_TYPES = {
    "document": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "numbering": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "settings": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "comments": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DATE_TIME = (1980, 1, 1, 0, 0, 0)
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4 in twips
MARGINS = {"top": "1418", "right": "1134", "bottom": "1418", "left": "1418"}


@attrs.frozen
class Comment:
    """A Word comment: its key (how the body's markers name it) and its paragraphs."""

    key: str
    paragraphs: tuple[str, ...]


@attrs.frozen
class Document:
    """Everything a package is made of."""

    body: list[Block]
    lang: str
    title: str
    header: tuple[str, ...]
    footer: str
    """The page footer, with ``{page}`` and ``{pages}`` where the numbers go."""
    author: str
    date: str | None
    numbered_lists: list[int]
    comments: Sequence[Comment] = ()
    track_changes: bool = False
    subject: str = ""


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _document_xml(document: Document, revisions: Revisions, writer: BodyWriter) -> bytes:
    root = make("document")
    body = sub(root, "body")
    writer.blocks(body, document.body)
    section = sub(body, "sectPr")
    for kind in ("header", "footer"):
        reference = sub(section, f"{kind}Reference", type="default")
        reference.set(f"{{{R_NS}}}id", f"rId{kind.capitalize()}")
    sub(section, "pgSz", w=str(PAGE_WIDTH), h=str(PAGE_HEIGHT))
    sub(section, "pgMar", **MARGINS, header="709", footer="709", gutter="0")
    return _xml(root)


def _header_xml(lines: Sequence[str]) -> bytes:
    root = make("hdr")
    for number, line in enumerate(lines):
        paragraph = sub(root, "p")
        sub(sub(paragraph, "pPr"), "pStyle", val="Header")
        run = sub(paragraph, "r")
        if number == 0:
            sub(sub(run, "rPr"), "b")
        text = sub(run, "t")
        text.text = line
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return _xml(root)


def _footer_xml(template: str) -> bytes:
    root = make("ftr")
    paragraph = sub(root, "p")
    ppr = sub(paragraph, "pPr")
    sub(ppr, "pStyle", val="Footer")
    sub(ppr, "jc", val="center")
    rest = template
    while rest:
        starts = [(rest.find(f"{{{name}}}"), name) for name in ("page", "pages")]
        found = [(index, name) for index, name in starts if index >= 0]
        if not found:
            _text_run(paragraph, rest)
            break
        index, name = min(found)
        _text_run(paragraph, rest[:index])
        field = sub(paragraph, "fldSimple", instr=" PAGE " if name == "page" else " NUMPAGES ")
        sub(sub(field, "r"), "t").text = "1"
        rest = rest[index + len(name) + 2 :]
    return _xml(root)


def _text_run(paragraph: etree._Element, text: str) -> None:
    if text:
        node = sub(sub(paragraph, "r"), "t")
        node.text = text
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _comments_xml(document: Document, writer: BodyWriter) -> bytes:
    root = make("comments")
    initials = "".join(word[0] for word in document.author.split()[:3] if word).upper()
    for comment in document.comments:
        attributes = {
            "id": writer.comment_ids[comment.key],
            "author": document.author,
            "initials": initials or "PV",
        }
        if document.date is not None:
            attributes["date"] = document.date
        node = sub(root, "comment", **attributes)
        for number, text in enumerate(comment.paragraphs):
            paragraph = sub(node, "p")
            sub(sub(paragraph, "pPr"), "pStyle", val="CommentText")
            if number == 0:
                reference = sub(paragraph, "r")
                sub(sub(reference, "rPr"), "rStyle", val="CommentReference")
                sub(reference, "annotationRef")
            _text_run(paragraph, text)
    return _xml(root)


def _settings_xml(track_changes: bool) -> bytes:
    root = make("settings")
    if track_changes:
        sub(root, "trackRevisions")
    sub(root, "defaultTabStop", val="709")
    sub(root, "characterSpacingControl", val="doNotCompress")
    compat = sub(root, "compat")
    sub(
        compat,
        "compatSetting",
        name="compatibilityMode",
        uri="http://schemas.microsoft.com/office/word",
        val="15",
    )
    return _xml(root)


def _core_xml(document: Document) -> bytes:
    tag = LANGUAGE_TAGS[document.lang]
    subject = f"<dc:subject>{escape(document.subject)}</dc:subject>" if document.subject else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(document.title)}</dc:title>{subject}"
        f"<dc:creator>{escape(document.author)}</dc:creator>"
        f"<dc:language>{tag}</dc:language></cp:coreProperties>"
    ).encode()


def _content_types(parts: dict[str, str]) -> bytes:
    types = "http://schemas.openxmlformats.org/package/2006/content-types"
    namespace = f"{{{types}}}"
    root = etree.Element(f"{namespace}Types", nsmap={None: types})  # type: ignore[dict-item]
    etree.SubElement(
        root,
        f"{namespace}Default",
        Extension="rels",
        ContentType="application/vnd.openxmlformats-package.relationships+xml",
    )
    etree.SubElement(
        root, f"{namespace}Default", Extension="xml", ContentType="application/xml"
    )
    for name, kind in parts.items():
        etree.SubElement(
            root, f"{namespace}Override", PartName=f"/{name}", ContentType=_CONTENT_TYPES[kind]
        )
    return _xml(root)


def _relationships(entries: Sequence[tuple[str, str, str]]) -> bytes:
    namespace = f"{{{_PACKAGE_REL}}}"
    root = etree.Element(
        f"{namespace}Relationships", nsmap={None: _PACKAGE_REL}  # type: ignore[dict-item]
    )
    for rel_id, kind, target in entries:
        etree.SubElement(
            root, f"{namespace}Relationship", Id=rel_id, Type=kind, Target=target
        )
    return _xml(root)


_STATIC_KINDS = {
    "word/document.xml": "document",
    "word/styles.xml": "styles",
    "word/numbering.xml": "numbering",
    "word/settings.xml": "settings",
    "word/header1.xml": "header",
    "word/footer1.xml": "footer",
    "word/comments.xml": "comments",
    "docProps/core.xml": "core",
}


def _entry(archive: zipfile.ZipFile, name: str, data: bytes, level: int = 6) -> None:
    info = zipfile.ZipInfo(name, _DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compresslevel=level)


@lru_cache(maxsize=8)
def _template(lang: str, track_changes: bool) -> bytes:
    """The parts that are the same in every document of *lang* (compressed once)."""
    relations = [
        ("rIdStyles", _REL + "styles", "styles.xml"),
        ("rIdNumbering", _REL + "numbering", "numbering.xml"),
        ("rIdSettings", _REL + "settings", "settings.xml"),
        ("rIdHeader", _REL + "header", "header1.xml"),
        ("rIdFooter", _REL + "footer", "footer1.xml"),
        ("rIdComments", _REL + "comments", "comments.xml"),
    ]
    package_relations = [
        ("rId1", _REL + "officeDocument", "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
            "core-properties",
            "docProps/core.xml",
        ),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _entry(archive, "[Content_Types].xml", _content_types(_STATIC_KINDS))
        _entry(archive, "_rels/.rels", _relationships(package_relations))
        _entry(archive, "word/_rels/document.xml.rels", _relationships(relations))
        _entry(archive, "word/styles.xml", styles_xml(lang))
        _entry(archive, "word/settings.xml", _settings_xml(track_changes))
    return buffer.getvalue()


def write_package(document: Document) -> bytes:
    """Return the ``.docx`` bytes of *document* (every package has a comments part, empty in
    a clean document, so that the parts that never change are compressed only once)."""
    revisions = Revisions(document.author, document.date)
    writer = BodyWriter(revisions)
    for comment in document.comments:
        writer.comment_ids[comment.key] = revisions.new_id()
    buffer = io.BytesIO(_template(document.lang, document.track_changes))
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        # The body is most of the package: compressed quickly (a few per cent larger).
        _entry(archive, "word/document.xml", _document_xml(document, revisions, writer), 1)
        _entry(archive, "word/numbering.xml", numbering_xml(tuple(document.numbered_lists)))
        _entry(archive, "word/header1.xml", _header_xml(document.header))
        _entry(archive, "word/footer1.xml", _footer_xml(document.footer))
        _entry(archive, "word/comments.xml", _comments_xml(document, writer))
        _entry(archive, "docProps/core.xml", _core_xml(document))
    return buffer.getvalue()


__all__ = ["Comment", "Document", "write_package"]
