"""What is not a Word document, or is a hostile one, is one line of our own error: renamed text,
a PDF, a ZIP without a document, an old .doc, an encrypted file, a ZIP bomb, broken XML, entity
declarations; and no bytes at all, however mangled, make the importer fail any other way."""

from __future__ import annotations

import io
import struct
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docxbuild as b
import policyversions as pv
from policyversions.importers.docx.package import MAX_UNPACKED_BYTES

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCUMENT = "word/document.xml"


@pytest.fixture(scope="module")
def good() -> bytes:
    document = docx.Document()
    document.add_paragraph("Policy", style="Title")
    document.add_paragraph("Nämnden ska arbeta.")
    return b.save(document)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _refused(data: bytes, pattern: str, kind: type[pv.PolicyVersionsError] = pv.InputError,
             ) -> str:
    with pytest.raises(kind, match=pattern) as caught:
        pv.loads(data, "docx", source="ny.docx")
    message = str(caught.value)
    assert "\n" not in message and message.endswith(")") and "ny.docx" in message
    return message


def test_renamed_text() -> None:
    _refused(b"Ledarpolicy\nText.\n", r"^not a Word document \(\.docx\): not a ZIP")


def test_a_pdf_renamed_names_the_option_that_reads_it() -> None:
    _refused(b"%PDF-1.7\n...", r"this is a PDF \(import it with --from pdf")


def test_a_zip_without_a_document() -> None:
    _refused(_zip({"hello.txt": b"hej"}), r"^not a Word document \(\.docx\)")


def test_a_package_whose_main_part_is_not_a_word_document(good: bytes) -> None:
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             b'2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
             b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
             b'"application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/></Types>')
    _refused(b.rewrite_part(good, "[Content_Types].xml", types),
             r"not a Word document \(\.docx\): its main part is application/xml")


def test_a_word_97_document() -> None:
    _refused(_OLE + bytes(2000), r"Word 97-2003 document \(\.doc\).*save it as a Word document")


def test_an_encrypted_document() -> None:
    data = _OLE + bytes(600) + "EncryptedPackage".encode("utf-16-le") + bytes(600)
    _refused(data, r"^the Word document is encrypted \(password-protected\)")


def test_a_truncated_package(good: bytes) -> None:
    _refused(good[: len(good) // 2], r"damaged ZIP package")


def test_a_zip_bomb_is_refused_before_it_is_inflated(good: bytes) -> None:
    bomb = b.rewrite_part(good, "word/media/zeros.bin", bytes(MAX_UNPACKED_BYTES))
    assert len(bomb) < 1_000_000
    _refused(bomb, r"unpacks to \d+ bytes, more than \d+ \(a ZIP bomb\?\)")


def test_a_member_that_inflates_beyond_its_declared_size(good: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        real = archive.getinfo(_DOCUMENT).file_size
    data = bytearray(good)
    # Declare the document a tenth of its real size, in its local header and the directory.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(_DOCUMENT)] == _DOCUMENT.encode():
                struct.pack_into("<I", data, start + offset, real // 10)
            start += 4
    _refused(bytes(data), r"not a Word document|damaged")


def test_broken_xml(good: bytes) -> None:
    broken = b.rewrite_part(good, _DOCUMENT, b'<w:document xmlns:w="x"><w:body><w:p>')
    _refused(broken, r"^malformed XML: .*\(ny\.docx, word/document\.xml, line 1\)$",
             pv.XMLFormatError)


def test_entity_declarations_are_never_expanded(good: bytes) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "hahahahaha">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c SYSTEM "http://example.com/x">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&b;&c;</w:t></w:r></w:p></w:body></w:document>"
    )
    _refused(b.rewrite_part(good, _DOCUMENT, laughs), r"DOCTYPE is not allowed",
             pv.XMLFormatError)


def test_a_doctype_in_the_content_types(good: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        types = archive.read("[Content_Types].xml")
    hostile = types.replace(b"<Types", b'<!DOCTYPE Types [<!ENTITY x "y">]><Types', 1)
    _refused(b.rewrite_part(good, "[Content_Types].xml", hostile), r"DOCTYPE is not allowed")


def test_an_input_over_the_size_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(pv.InputError, match=r"^input is \d+ bytes, over the limit"):
        pv.loads(b"PK" + bytes(pv.MAX_INPUT_BYTES), "docx")


def test_a_document_without_text_has_no_title() -> None:
    empty = b.save(docx.Document())
    with pytest.raises(pv.ParseError, match="no title"):
        pv.loads(empty, "docx")


def test_a_member_that_does_not_unpack(good: bytes) -> None:
    """A byte flipped inside a compressed member: a bad checksum or a broken deflate stream,
    found while the package is checked, is the damaged-package line too."""
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        info = archive.getinfo("[Content_Types].xml")
    # the member's data starts after its local header (30 bytes, its name and extra field)
    name_length, extra_length = struct.unpack("<HH", good[info.header_offset + 26 :][:4])
    start = info.header_offset + 30 + name_length + extra_length
    for offset in (0, info.compress_size // 2):  # a broken stream, a bad checksum
        mutated = bytearray(good)
        mutated[start + offset] ^= 0xFF
        _refused(bytes(mutated), r"a damaged ZIP package \(\[Content_Types\]\.xml: ")


# -- any bytes: a policy or our error ----------------------------------------------------------


def _never_crashes(data: bytes) -> None:
    try:
        pv.loads(data, "docx", lenient=True)
    except pv.PolicyVersionsError as error:
        assert "\n" not in str(error)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data: bytes) -> None:
    _never_crashes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_mangled_packages(good: bytes, data: st.DataObject) -> None:
    """Bytes of a real package flipped, cut or overwritten; members replaced with junk."""
    mutated = bytearray(good)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(mutated) - 1))
        mutated[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(mutated) // 2, len(mutated)))
    _never_crashes(bytes(mutated[:cut]))
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        names = archive.namelist()
    name = data.draw(st.sampled_from(names))
    junk = data.draw(st.one_of(
        st.binary(max_size=200),
        st.sampled_from([b"", b"<a/>", b"<?xml version='1.0'?><x", b"\xff\xfe<\x00"]),
    ))
    _never_crashes(b.rewrite_part(good, name, junk))
