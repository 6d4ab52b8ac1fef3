"""Parsing untrusted XML safely: the one hardened parser every XML reader here uses.

:func:`parse_untrusted` refuses, with an :class:`~policyversions.errors.XMLFormatError` naming the
source and line:

- input larger than :data:`MAX_XML_BYTES` (checked before parsing) and empty input;
- any ``DOCTYPE``: looked for in the bytes before parsing, so that no entity or DTD declaration
  is ever read, and again after the parse for encodings the byte check cannot see;
- malformed XML.

The parser never resolves entities, never loads a DTD, never touches the network, refuses huge
trees, and drops comments and processing instructions. What the root must be and what the
schema says is left to the format's own reader (:mod:`policyversions.formats.policyxml`,
:mod:`policyversions.compare.diffxml`).
"""

from __future__ import annotations

import re
import threading
from functools import cache
from importlib import resources
from typing import Any

from lxml import etree

from ..errors import XMLFormatError

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


def parse_untrusted(
    data: bytes | str, *, source: str, kind: str, limit: int | None = None
) -> etree._Element:
    """Parse *data* with every protection on and return its root element.

    *source* names the input in errors; *kind* names the format in them (``"policy XML"``).
    ``str`` input is read as text; ``bytes`` honour their XML declaration's encoding. *limit*
    is the largest input read, in bytes (by default :data:`MAX_XML_BYTES`; a part of a Word
    package, unpacked, may be larger than the package: the Word importer passes its own limit).
    """
    raw, is_text = _as_bytes(data, source, MAX_XML_BYTES if limit is None else limit)
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


def check_root(
    root: etree._Element,
    *,
    source: str,
    name: str,
    namespace: str,
    versions: tuple[str, ...],
    kind: str,
) -> None:
    """Check that *root* is ``<name>`` in *namespace* with a ``format-version`` in *versions*.

    *kind* names the format in the message for another root (``"a policy diff"``).
    """
    qname = etree.QName(root)
    here = location(source, line_of(root))
    if qname.localname != name or qname.namespace != namespace:
        raise XMLFormatError(
            f"not {kind}: the root element is <{qname.localname}> in namespace "
            f"{qname.namespace or '(none)'!r}, expected <{name}> in namespace {namespace!r}",
            here,
        )
    found = root.get("format-version")
    if found is None:
        raise XMLFormatError(f"<{name}> has no format-version attribute", here)
    if found not in versions:
        readable = " or ".join(repr(version) for version in versions)
        raise XMLFormatError(
            f"unsupported format-version {found!r} of <{name}>: this version reads "
            f"format-version {readable}",
            here,
        )


def _as_bytes(data: bytes | str, source: str, limit: int) -> tuple[bytes, bool]:
    if isinstance(data, str):
        if len(data) > limit:
            raise _too_large(len(data), source, limit)
        raw = data.encode("utf-8", errors="surrogatepass")
        is_text = True
    elif isinstance(data, bytes):
        raw, is_text = data, False
    else:
        raise TypeError(f"XML input must be bytes or str, got {type(data).__name__}")
    if len(raw) > limit:
        raise _too_large(len(raw), source, limit)
    if not raw.strip():
        raise XMLFormatError("the document is empty", source)
    return raw, is_text


def _too_large(size: int, source: str, limit: int) -> XMLFormatError:
    return XMLFormatError(f"XML input is too large: {size} bytes, at most {limit} allowed", source)


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


_VALIDATION_LOCK = threading.Lock()


@cache
def packaged_schema(resource: str) -> etree.RelaxNG:
    """The RELAX NG schema at *resource* (``"schemas/policy-1.rng"``) beside this module, in
    :mod:`policyversions.formats`, loaded once.

    A schema may include another one beside it (the diff schema includes the policy schema).
    """
    folder, _, name = resource.rpartition("/")
    with resources.as_file(resources.files("policyversions.formats").joinpath(folder)) as path:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        return etree.RelaxNG(etree.parse(str(path / name), parser))


def check_schema(tree: etree._ElementTree, resource: str, *, source: str, kind: str) -> None:
    """Validate *tree* against the packaged schema at *resource* (see :func:`packaged_schema`).

    Raises :class:`XMLFormatError` ``"the document does not match the <kind> schema: ..."``
    naming the first line libxml2 reports and the messages about that line.
    """
    schema = packaged_schema(resource)
    with _VALIDATION_LOCK:  # a validator's error log is per instance; serialise its use
        if schema.validate(tree):
            return
        errors = [(error.line, error.message) for error in schema.error_log]
    # libxml2 reports some errors without a line (as 0); name the first line it does report.
    line = next((error_line for error_line, _ in errors if error_line > 0), 0)
    messages: list[str] = []
    for error_line, message in errors:
        if error_line in (line, 0) and message not in messages:
            messages.append(message)
    detail = "; ".join(messages) or "invalid document"
    raise XMLFormatError(
        f"the document does not match the {kind} schema: {detail}", location(source, line)
    )
