"""Reading policies from files and strings: format detection, decoding and size limits.

:func:`load` picks the format from the file extension (``.txt`` text as extracted from PDF,
``.md``/``.markdown`` Markdown, ``.xml`` our XML format, ``.docx`` Word, ``.pdf`` PDF) unless
``format=`` names it. :func:`loads` takes the text (or bytes) and a format name; Word and PDF
are bytes. Input is refused with an
:class:`~policyversions.errors.InputError` when it is empty, larger than :data:`MAX_INPUT_BYTES`
or of an unknown format; nothing is guessed.

Strict by default: bytes that are not UTF-8, control characters and malformed front matter are
refused with an error naming the line and column. With ``lenient=True`` the text and Markdown
importers repair them instead and report each repair as a
:class:`~policyversions.errors.RepairWarning` (see :mod:`policyversions.importers.repairs`).
Our XML is never repaired: it is our own format, and a file that is not valid is not ours.

A Word document with tracked changes not yet accepted or rejected is refused (one line: how
many, and where the first is) unless ``accept_changes=True``, which imports it with every change
accepted. The option means nothing for the other formats.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ..errors import InputError
from .limits import MAX_INPUT_BYTES as MAX_INPUT_BYTES
from .limits import too_large

if TYPE_CHECKING:
    from ..model import Policy

#: Format names :func:`loads` accepts.
FORMATS: Final = ("text", "markdown", "xml", "docx", "pdf")

#: Formats read as bytes (never decoded as text).
BINARY_FORMATS: Final = ("docx", "pdf")

_EXTENSIONS: Final = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "xml",
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".pdf": "pdf",
}


def format_for_path(path: str | os.PathLike[str]) -> str:
    """Return the format name for *path* from its extension, or raise :class:`InputError`."""
    suffix = Path(path).suffix.lower()
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(sorted(_EXTENSIONS))
        raise InputError(
            f"cannot tell the format from the extension {suffix or '(none)'!r}: "
            f"use one of {known} or name the format",
            str(path),
        ) from None


def load(
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    lenient: bool = False,
    accept_changes: bool = False,
) -> Policy:
    """Read the policy in the file at *path* (see :func:`loads` for *lenient* and
    *accept_changes*).

    >>> policy = load("corpus/soderhamn/ledar-och-medarbetarpolicy.txt")  # doctest: +SKIP
    """
    name = str(path)
    chosen = format or format_for_path(path)
    _check_format(chosen, name)
    try:
        size = os.stat(path).st_size
        if size > MAX_INPUT_BYTES:
            raise too_large(size, name)
        with open(path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", name) from None
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror or error}", name) from None
    return loads(data, chosen, source=name, lenient=lenient, accept_changes=accept_changes)


def loads(
    data: str | bytes,
    format: str,
    *,
    source: str = "<string>",
    lenient: bool = False,
    accept_changes: bool = False,
) -> Policy:
    """Parse *data* in *format* (``"text"``, ``"markdown"``, ``"xml"``, ``"docx"`` or
    ``"pdf"``) into a policy.

    With ``lenient=True``, text and Markdown that a strict import refuses (bytes that are not
    UTF-8, control characters, malformed front matter) are repaired, and each repair is issued
    as a :class:`~policyversions.errors.RepairWarning` naming its line and column::

        with warnings.catch_warnings(record=True) as repairs:
            warnings.simplefilter("always", pv.RepairWarning)
            policy = pv.loads(data, "markdown", lenient=True)

    A Word document (``"docx"``) with tracked changes is refused unless
    ``accept_changes=True``; Word and PDF input must be bytes.
    """
    _check_format(format, source)
    if isinstance(data, str) and format in BINARY_FORMATS:
        raise InputError(f"{format} input must be bytes, not text", source)
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_INPUT_BYTES:
        raise too_large(len(raw), source)
    if not raw.strip():
        raise InputError("empty input", source)
    # Each importer is imported when its format is read: reading text needs neither lxml nor YAML.
    if format == "xml":
        from ..formats.policyxml import from_xml

        return from_xml(raw, source=source)
    if format == "docx":
        from .docx import parse_docx

        return parse_docx(raw, source=source, lenient=lenient, accept_changes=accept_changes)
    if format == "pdf":
        from .pdf import parse_pdf

        return parse_pdf(raw, source=source, lenient=lenient)
    text = _decode(raw, source, lenient)
    if format == "text":
        from .text import parse_text

        return parse_text(text, source=source, lenient=lenient)
    from .markdown import parse_markdown

    return parse_markdown(text, source=source, lenient=lenient)


def _check_format(format: str, source: str) -> None:
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}", source)


def _decode(raw: bytes, source: str, lenient: bool) -> str:
    from .repairs import Repairs, decode

    repairs = Repairs(source, lenient)
    try:
        text = decode(raw, repairs)
    finally:
        repairs.emit()
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")
