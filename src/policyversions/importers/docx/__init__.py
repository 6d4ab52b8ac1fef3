"""Import Word documents (``.docx``): :func:`parse_docx`.

The package is opened safely (:mod:`.package`), tracked changes are refused or accepted
(:mod:`.revisions`), paragraph styles resolved along their chain (:mod:`.styles`), list labels
counted as Word displays them (:mod:`.numbering`), the body read in order (:mod:`.body`) and
made into the policy tree (:mod:`.structure`), with the metadata table read by
:mod:`policyversions.importers.metadatatable` and every other rule of meaning from
:mod:`policyversions.importers.grammar`. Page headers and footers and comments are never read.
"""

from __future__ import annotations

from ...model import Policy
from ..repairs import Repairs
from .body import BodyReader, footnote_texts
from .numbering import Numbering
from .package import open_package
from .revisions import accept_all, refuse, revisions
from .structure import build_policy
from .styles import Styles
from .xml import W, make_transitional

__all__ = ["parse_docx"]


def parse_docx(
    data: bytes,
    *,
    source: str = "<docx>",
    lenient: bool = False,
    accept_changes: bool = False,
) -> Policy:
    """Read the Word document in *data* into a policy.

    A document with tracked changes that are not yet accepted or rejected is refused (one
    :class:`~policyversions.errors.InputError` that counts them and says where the first is)
    unless *accept_changes*, which imports the text with every change accepted. *lenient*
    repairs what a strict import refuses (a control character in the text, a metadata table
    whose decision does not read) and reports each repair as a
    :class:`~policyversions.errors.RepairWarning`.

    :raises InputError: for anything that is not a Word document, or holds tracked changes.
    :raises ParseError: for a document without a title, or too deeply nested.
    """
    repairs = Repairs(source, lenient)
    try:
        package = open_package(data, source)
        document = make_transitional(package.document)
        footnotes_root = (
            make_transitional(package.footnotes) if package.footnotes is not None else None
        )
        body = document.find(f"{W}body")
        if body is None:
            from ...errors import InputError

            raise InputError("not a Word document (.docx): the main part has no body", source)
        found = revisions(body)
        if footnotes_root is not None:
            found.extend(revisions(footnotes_root))
        if found and not accept_changes:
            raise refuse(found, body, source)
        if found:
            accept_all(body)
            if footnotes_root is not None:
                accept_all(footnotes_root)
        styles_root = make_transitional(package.styles) if package.styles is not None else None
        styles = Styles(styles_root)
        numbering_root = (
            make_transitional(package.numbering) if package.numbering is not None else None
        )
        numbering = Numbering(numbering_root, styles)
        reader = BodyReader(styles, numbering, footnote_texts(footnotes_root, repairs), repairs)
        items = list(reader.items(body))
        return build_policy(items, repairs, package.title)
    finally:
        repairs.emit()
