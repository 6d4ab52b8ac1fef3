"""A Word package opened safely: the parts the importer reads, parsed with the hardened parser.

A ``.docx`` is a ZIP package (Open Packaging Conventions). python-docx's package reader finds
the main document part and its related parts (styles, numbering, footnotes) by their
relationships and content types, as Word does, so a package whose parts are not at the usual
names still reads. Before it reads anything, the ZIP's directory is checked: at most
:data:`MAX_MEMBERS` members and :data:`MAX_UNPACKED_BYTES` unpacked in all (a ZIP bomb is
refused before a byte is inflated; a member that inflates beyond its declared size fails its
check), and a part the importer parses may unpack to :data:`MAX_PART_BYTES`.
``[Content_Types].xml`` and the relationship parts must hold no ``DOCTYPE``; every part
the importer reads is parsed with :func:`~policyversions.formats.xmlsafe.parse_untrusted`
(no entities, no DTD, no network).

What is not a Word document is one :class:`~policyversions.errors.InputError`: a Word 97–2003
``.doc`` and an encrypted (password-protected) ``.docx`` (both OLE compound files), a PDF or
text renamed ``.docx``, a ZIP without a main document part, and a damaged ZIP.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Final

import attrs
from lxml import etree

from ...errors import InputError
from ...formats.xmlsafe import parse_untrusted
from ..limits import MAX_INPUT_BYTES

MAX_MEMBERS: Final = 2000
"""The most members a Word package may have (real documents have tens)."""
MAX_UNPACKED_BYTES: Final = 10 * MAX_INPUT_BYTES
"""The most bytes a Word package may unpack to, all members together (200 MiB)."""
MAX_PART_BYTES: Final = 2 * MAX_INPUT_BYTES
"""The most bytes one part the importer parses may have, unpacked (40 MiB: WordprocessingML is
five to ten times the text it holds, so some 2,000 pages; the import takes about 0.2 s and
15 MB of memory per MiB of it, linearly: ``benchmarks/docx_import_bench.py``)."""

_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED: Final = "EncryptedPackage".encode("utf-16-le")
_DOCTYPE: Final = re.compile(rb"<!DOCTYPE", re.IGNORECASE)

_RT: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_RT: Final = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_MAIN: Final = ("officeDocument",)
_RELATED: Final = ("styles", "numbering", "footnotes")
_MAIN_TYPES: Final = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


@attrs.frozen
class Package:
    """The parsed parts of a Word document: the main part and those it relates to."""

    document: etree._Element
    styles: etree._Element | None
    numbering: etree._Element | None
    footnotes: etree._Element | None
    title: str | None
    """The title in the package's core properties, if any."""


def open_package(data: bytes, source: str) -> Package:
    """Open the Word document in *data* (see the module docstring)."""
    _refuse_other_formats(data, source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise InputError(f"not a Word document (.docx): a damaged ZIP package: {error}",
                         source) from None
    with archive:
        _check_members(archive, source)
        for name in archive.namelist():
            if name.endswith((".rels", "[Content_Types].xml")) and _DOCTYPE.search(
                _member(archive, name, source)
            ):
                raise InputError(f"a DOCTYPE is not allowed in a Word package ({name})", source)
    parts = _read_parts(data, source)
    main = parts.get("officeDocument")
    if main is None:
        raise InputError("not a Word document (.docx): the package has no main document part",
                         source)
    content_type = main[1]
    if content_type not in _MAIN_TYPES:
        raise InputError(
            f"not a Word document (.docx): its main part is {content_type or 'of no type'}",
            source,
        )

    def parse(key: str) -> etree._Element | None:
        found = parts.get(key)
        if found is None:
            return None
        return parse_untrusted(
            found[2], source=f"{source}, {found[0]}", kind="a Word part",
            limit=MAX_PART_BYTES,
        )

    document = parse("officeDocument")
    assert document is not None
    return Package(document, parse("styles"), parse("numbering"), parse("footnotes"),
                   _core_title(parts, source))


def _member(archive: zipfile.ZipFile, name: str, source: str) -> bytes:
    """The bytes of the member *name*, or a one-line error when they cannot be unpacked (a
    bad checksum, a broken deflate stream, a truncated or unsupported member)."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError,
            OSError) as error:
        raise InputError(
            f"not a Word document (.docx): a damaged ZIP package ({name}: {error})", source
        ) from None


def _refuse_other_formats(data: bytes, source: str) -> None:
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise InputError(
                "the Word document is encrypted (password-protected): save a copy without a "
                "password and import that", source)
        raise InputError(
            "a Word 97-2003 document (.doc) or another old Office file, not a .docx: open it "
            "in Word or LibreOffice and save it as a Word document (.docx)", source)
    if data.startswith(b"%PDF-"):
        raise InputError("not a Word document (.docx): this is a PDF (import it with --from pdf, "
                         "format='pdf')", source)
    if data.startswith(b"{\\rtf"):
        raise InputError("not a Word document (.docx): this is RTF: save it as .docx", source)
    if not data.startswith(b"PK"):
        raise InputError("not a Word document (.docx): not a ZIP package", source)


def _check_members(archive: zipfile.ZipFile, source: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputError(
            f"the Word package has {len(members)} members, more than {MAX_MEMBERS}", source)
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            f"the Word package unpacks to {unpacked} bytes, more than {MAX_UNPACKED_BYTES} "
            "(a ZIP bomb?)", source)
    if any(member.flag_bits & 0x1 for member in members):
        raise InputError("the Word package is encrypted: save a copy without a password",
                         source)


def _read_parts(data: bytes, source: str) -> dict[str, tuple[str, str, bytes]]:
    """The main document part and its styles, numbering and footnotes, and the core
    properties: relationship type (its last word) → (part name, content type, bytes)."""
    from docx.opc.pkgreader import PackageReader

    try:
        reader = PackageReader.from_file(io.BytesIO(data))  # type: ignore[no-untyped-call]
        contents = {
            str(name): (str(content_type), bytes(blob))
            for name, content_type, _reltype, blob in reader.iter_sparts()
        }
        relations = list(reader.iter_srels())
    except (KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError, RecursionError,
            OSError, AttributeError, TypeError) as error:
        what = str(error).strip("'\"") or type(error).__name__
        raise InputError(f"not a Word document (.docx): {what}", source) from None
    except Exception as error:  # python-docx's own PackageNotFoundError and the like
        what = str(error) or type(error).__name__
        raise InputError(f"not a Word document (.docx): {what}", source) from None
    found: dict[str, tuple[str, str, bytes]] = {}
    main_name: str | None = None
    for owner, relation in relations:
        kind = _kind(str(relation.reltype))
        if str(owner) == "/" and kind in (*_MAIN, "core-properties") and not relation.is_external:
            name = str(relation.target_partname)
            if name in contents and kind not in found:
                found[kind] = (name.lstrip("/"), *contents[name])
                if kind == "officeDocument":
                    main_name = name
    for owner, relation in relations:
        kind = _kind(str(relation.reltype))
        if str(owner) == main_name and kind in _RELATED and not relation.is_external:
            name = str(relation.target_partname)
            if name in contents and kind not in found:
                found[kind] = (name.lstrip("/"), *contents[name])
    return found


def _kind(reltype: str) -> str:
    for prefix in (_RT, _STRICT_RT):
        if reltype.startswith(prefix + "/"):
            return reltype[len(prefix) + 1 :]
    if reltype.endswith("/metadata/core-properties"):
        return "core-properties"
    return reltype


def _core_title(parts: dict[str, tuple[str, str, bytes]], source: str) -> str | None:
    found = parts.get("core-properties")
    if found is None:
        return None
    root = parse_untrusted(found[2], source=f"{source}, {found[0]}", kind="a Word part")
    for element in root.iter("{http://purl.org/dc/elements/1.1/}title"):
        text = (element.text or "").strip()
        return text or None
    return None


__all__ = ["MAX_MEMBERS", "MAX_PART_BYTES", "MAX_UNPACKED_BYTES", "Package", "open_package"]
