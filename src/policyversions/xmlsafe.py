"""Parsing untrusted XML safely: the one hardened parser every XML reader here uses.

:func:`parse_untrusted` refuses, with an :class:`~policyversions.errors.XMLFormatError` naming the
source and line:

- input larger than :data:`MAX_XML_BYTES` (checked before parsing) and empty input;
- any ``DOCTYPE``: looked for in the bytes before parsing, so that no entity or DTD declaration
  is ever read, and again after the parse for encodings the byte check cannot see;
- malformed XML.

The parser never resolves entities, never loads a DTD, never touches the network, refuses huge
trees, and drops comments and processing instructions. What the root must be and what the
schema says is left to the format's own reader (:mod:`policyversions.xmlformat`,
:mod:`policyversions.diffxml`).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from .errors import XMLFormatError

MAX_XML_BYTES = 20 * 1024 * 1024
"""The largest XML document read, in bytes (20 MiB): larger input is refused before parsing."""

# The prolog before a DOCTYPE: an optional byte order mark, then white space, processing
# instructions and comments. The possessive ``*+`` keeps the match linear in the input size.
_DOCTYPE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*+<!DOCTYPE", re.DOTALL)
_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+\s*$")


def line_of(element: etree._Element) -> int | None:
    """The line *element* starts on in its source, if lxml knows it."""
    line: object = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else None


def location(source: str, line: int | None) -> str:
    """The location text of errors: ``"<source>, line <n>"``, or the source alone."""
    return source if not line else f"{source}, line {line}"


def parse_untrusted(data: bytes | str, *, source: str, kind: str) -> etree._Element:
    """Parse *data* with every protection on and return its root element.

    *source* names the input in errors; *kind* names the format in them (``"policy XML"``).
    ``str`` input is read as text; ``bytes`` honour their XML declaration's encoding.
    """
    raw, is_text = _as_bytes(data, source)
    _refuse_doctype(raw, source, kind)
    parser = etree.XMLParser(
        encoding="utf-8" if is_text else None,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        message = _POSITION_SUFFIX.sub("", str(error.msg or error)).strip() or "malformed XML"
        raise XMLFormatError(f"malformed XML: {message}", location(source, error.lineno)) from None
    if root is None:
        raise XMLFormatError("the document is empty", source)
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise XMLFormatError(f"a DOCTYPE is not allowed in {kind}", location(source, 1))
    return root


def _as_bytes(data: bytes | str, source: str) -> tuple[bytes, bool]:
    if isinstance(data, str):
        if len(data) > MAX_XML_BYTES:
            raise _too_large(len(data), source)
        raw = data.encode("utf-8", errors="surrogatepass")
        is_text = True
    elif isinstance(data, bytes):
        raw, is_text = data, False
    else:
        raise TypeError(f"XML input must be bytes or str, got {type(data).__name__}")
    if len(raw) > MAX_XML_BYTES:
        raise _too_large(len(raw), source)
    if not raw.strip():
        raise XMLFormatError("the document is empty", source)
    return raw, is_text


def _too_large(size: int, source: str) -> XMLFormatError:
    return XMLFormatError(
        f"XML input is too large: {size} bytes, at most {MAX_XML_BYTES} allowed", source
    )


def _refuse_doctype(raw: bytes, source: str, kind: str) -> None:
    # Refuse before parsing, so that no entity declaration is ever read. (A DOCTYPE this
    # byte-level check cannot see, in UTF-16 say, is caught after the safe parse.)
    match = _DOCTYPE.match(raw)
    if match is not None:
        line = raw.count(b"\n", 0, match.end()) + 1
        raise XMLFormatError(
            f"a DOCTYPE is not allowed in {kind} (entities and DTDs are never loaded)",
            location(source, line),
        )
