"""The PDF importer on PDFs printed by LibreOffice from Word documents written in the tests: the
seed (metadata table, sections, ska-lists, page header and ``Sida N av M``) imports to the seed's
tree, as does our own Word export of it; headings by type, numbered and nested points, a
decision history, two columns; and scans, encrypted, damaged and fake PDFs are one line each."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pypdfium2 as pdfium
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docxbuild as b
import policyversions as pv
from conftest import SEED
from policyversions.model import CommitmentList, Paragraph, Policy, Section
from wordcount import tree_words

_HISTORY = ("Antagen av kommunfullmäktige den 12 maj 1992, § 41. Senast ändrad av "
            "kommunfullmäktige den 19 februari 2018, § 9 (Dnr KS 2017/388).")


def _regulation() -> bytes:
    document = b.regulation()
    document.add_paragraph(_HISTORY)
    b.header_and_footer(document)
    return b.save(document)


def _columns() -> bytes:
    document = docx.Document()
    document.add_paragraph("Riktlinje i två spalter", style="Title")
    document.add_paragraph("Antagen KS 2020-01-13 § 5")
    sentence = ("Kommunen ska arbeta för en god miljö och en hållbar utveckling i alla "
                "verksamheter som den bedriver")
    words = sentence.split(" ")
    for number in range(1, 13):
        turn = (number * 3) % len(words)
        document.add_paragraph(f"Stycke {number}. " + " ".join(words[turn:] + words[:turn]) + ".")
    document.element.body.sectPr.append(
        parse_xml(f'<w:cols xmlns:w="{b.W_NS}" w:num="2" w:space="720"/>'))
    b.header_and_footer(document)
    return b.save(document)


def _across_pages() -> bytes:
    document = docx.Document()
    document.add_paragraph("Riktlinje", style="Title")
    paragraph = document.add_paragraph("Kommunen ska bedriva en verk-")
    paragraph.add_run().add_break(WD_BREAK.PAGE)  # the word goes on at the top of the next page
    paragraph.add_run("samhet som vi kan vara stolta över, med e-")
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run("tjänster för alla.")
    document.add_paragraph("Nästa stycke.")
    b.header_and_footer(document)
    return b.save(document)


@pytest.fixture(scope="module")
def seed() -> Policy:
    return pv.load(SEED, format="text")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, seed: Policy) -> dict[str, Path]:
    """Every Word document of this module, printed to PDF by one LibreOffice run."""
    folder = tmp_path_factory.mktemp("pdf")
    documents = {
        "seed-style": b.municipal_docx(seed, numbering="style"),
        "seed-paragraph": b.municipal_docx(seed, numbering="paragraph"),
        "seed-export": pv.render_docx(seed),
        "regulation": _regulation(),
        "columns": _columns(),
        "across-pages": _across_pages(),
    }
    paths = []
    for name, data in documents.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    return {path.stem: path for path in b.to_pdf(paths, folder)}


@pytest.mark.parametrize("name", ["seed-style", "seed-paragraph"])
def test_the_seed_printed_from_the_template_imports_to_the_seed(
    printed: dict[str, Path], seed: Policy, name: str
) -> None:
    policy = pv.load(printed[name])
    assert policy.title == seed.title
    assert policy.body == seed.body  # every word, sections, ska-lists, lead-ins, across pages
    assert policy.decisions == seed.decisions  # from the metadata table
    assert policy.metadata.document_type == "Policy"
    assert policy.metadata.owner == "Personalchef"
    words = tree_words(policy)
    assert "Personalavdelningen" not in words and "Sida" not in words  # header, footer
    assert "Dokumentansvarig" not in words


def test_our_word_export_printed_imports_to_the_seed(printed: dict[str, Path],
                                                     seed: Policy) -> None:
    policy = pv.load(printed["seed-export"])
    assert (policy.title, policy.body, policy.decisions) == (seed.title, seed.body, seed.decisions)


def test_headings_points_and_the_decision_history(printed: dict[str, Path]) -> None:
    policy = pv.load(printed["regulation"])
    # The same tree as the Word document it was printed from.
    assert policy == pv.loads(printed["regulation"].with_suffix(".docx").read_bytes(), "docx")
    assert [str(decision) for decision in policy.decisions] == [
        "Antagen KF 1992-05-12 § 41",
        "Antagen KF 2005-03-21 § 34",
        "Reviderad KF 2018-02-19 § 9 (Dnr KS 2017/388)",
    ]
    (chapter,) = policy.body
    assert isinstance(chapter, Section) and chapter.heading == "Uppgifter"  # by type size
    duties, meetings = chapter.children
    assert isinstance(duties, CommitmentList) and duties.lead_in == "Nämnden ska"
    assert [item.label for item in duties.items] == ["1.", "2.", "3."]
    sublist = duties.items[1].sublist
    assert sublist is not None and [item.label for item in sublist.items] == ["a)", "b)"]
    assert isinstance(meetings, Section) and meetings.heading == "Sammanträden"


def test_two_columns_in_reading_order(printed: dict[str, Path]) -> None:
    policy = pv.load(printed["columns"])
    assert policy == pv.loads(printed["columns"].with_suffix(".docx").read_bytes(), "docx")
    texts = [block.text for block in policy.body if isinstance(block, Paragraph)]
    assert [text.split(".")[0] for text in texts] == [f"Stycke {n}" for n in range(1, 13)]
    assert "Personalavdelningen" not in tree_words(policy)  # a header of one page only


def test_a_word_split_across_pages_is_joined(printed: dict[str, Path]) -> None:
    policy = pv.load(printed["across-pages"])
    assert [block.text for block in policy.body if isinstance(block, Paragraph)] == [
        "Kommunen ska bedriva en verksamhet som vi kan vara stolta över, med e-tjänster för "
        "alla.",
        "Nästa stycke.",
    ]


# -- what is not a readable PDF ----------------------------------------------------------------


def _refused(data: bytes, pattern: str) -> str:
    with pytest.raises(pv.InputError, match=pattern) as caught:
        pv.loads(data, "pdf", source="skannad.pdf")
    message = str(caught.value)
    assert "\n" not in message and message.endswith("(skannad.pdf)")
    return message


def test_a_scan_without_a_text_layer() -> None:
    message = _refused(b.scanned_pdf(), r"^no text layer; this looks scanned")
    assert "2 pages of images" in message and "OCR" in message


def test_a_pdf_without_text() -> None:
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    _refused(out.getvalue(), r"^the PDF has no text")


def test_an_encrypted_pdf(printed: dict[str, Path]) -> None:
    writer = pypdf.PdfWriter(clone_from=printed["regulation"])
    writer.encrypt("hemligt")
    out = io.BytesIO()
    writer.write(out)
    _refused(out.getvalue(), r"^the PDF is encrypted \(password-protected\)")


def test_damaged_and_fake_pdfs(printed: dict[str, Path]) -> None:
    data = printed["regulation"].read_bytes()
    _refused(data[: len(data) // 3], r"^a damaged PDF that cannot be read: \w")
    _refused(b"%PDF-1.7\n" + b"x" * 500, r"^a damaged PDF that cannot be read")
    _refused(b"Ledarpolicy\n", r"^not a PDF")
    _refused(b.save(docx.Document()), r"^not a PDF")


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_the_pdf_header(tail: bytes) -> None:
    try:
        pv.loads(b"%PDF-1.4\n" + tail, "pdf")
    except pv.PolicyVersionsError as error:
        assert "\n" not in str(error)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_mangled_pdfs(printed: dict[str, Path], data: st.DataObject) -> None:
    mutated = bytearray(printed["columns"].read_bytes())
    for _ in range(data.draw(st.integers(1, 20))):
        mutated[data.draw(st.integers(0, len(mutated) - 1))] = data.draw(st.integers(0, 255))
    try:
        pv.loads(bytes(mutated), "pdf")
    except pv.PolicyVersionsError as error:
        assert "\n" not in str(error)
