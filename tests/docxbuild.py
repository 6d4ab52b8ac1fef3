"""Word documents for the import tests, written with python-docx as a municipal secretary's
template writes them, and PDFs printed from them by LibreOffice.

:func:`municipal_docx` writes a policy the way the template does: the title in the ``Title``
style, a metadata table first, headings in ``Heading n``, points in ``List Bullet`` (their
numbering set by the style, not the paragraph) or numbered by the paragraph's own ``w:numPr``
with labels as Word displays them (``1.``, ``a)``), the municipality's name in the page header
and ``Sida N av M`` (page fields) in the footer. The helpers below it add what python-docx has
no API for (numbering definitions, footnotes, tracked changes) through the element API, and
:func:`to_pdf` prints the files with ``soffice --headless --convert-to pdf``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from policyversions.model import (
    Block,
    CommitmentList,
    Decision,
    Paragraph,
    Policy,
    Section,
    Table,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER = "Söderhamns kommun Personalavdelningen"
"""The page header :func:`header_and_footer` writes."""

_FORMATS = {"1.": ("decimal", "%{n}."), "1)": ("decimal", "%{n})"), "a)": ("lowerLetter", "%{n})"),
            "a.": ("lowerLetter", "%{n}."), "i)": ("lowerRoman", "%{n})")}


def decision_rows(decision: Decision) -> list[tuple[str, str]]:
    """The metadata table rows a template gives *decision* (organ, action, date, §, Dnr)."""
    organ = decision.organ.name or decision.organ.abbreviation or ""
    rows = [("Dokumenttyp", "Policy"), ("Beslutad av", organ[:1].upper() + organ[1:])]
    if decision.action is not None:
        rows.append(("Beslutstyp", decision.action.value.capitalize()))
    if decision.date is not None:
        rows.append(("Beslutsdatum", decision.date.isoformat()))
    if decision.item is not None:
        rows.append(("Paragraf", f"§ {decision.item}"))
    if decision.case_number is not None:
        rows.append(("Diarienummer", decision.case_number))
    rows.append(("Dokumentansvarig", "Personalchef"))
    return rows


def municipal_docx(
    policy: Policy,
    *,
    table: Sequence[tuple[str, str]] | None = None,
    numbering: str = "style",
    page_fields: bool = True,
) -> bytes:
    """*policy* as the template writes it (see the module docstring). *table* is the metadata
    table's rows (by default :func:`decision_rows` of the policy's decision; ``()`` for none,
    and then the decisions are written as lines under the title). *numbering* ``"style"``
    numbers bullet points by their style (``List Bullet``), ``"paragraph"`` by the paragraph."""
    document = docx.Document()
    document.add_paragraph(policy.title, style="Title")
    if table is None:
        table = decision_rows(policy.decision) if policy.decision is not None else ()
    rows = list(table)
    if rows:
        grid = document.add_table(rows=len(rows), cols=2)
        grid.style = "Table Grid"
        for row, (label, value) in zip(grid.rows, rows, strict=True):
            row.cells[0].text, row.cells[1].text = label, value
        document.add_paragraph()
    else:
        for decision in policy.decisions:
            document.add_paragraph(str(decision))
    _blocks(document, policy.body, 1, numbering)
    if page_fields:
        header_and_footer(document)
    return save(document)


def regulation() -> Document:
    """A regulation: a custom heading style based on Heading 1, numbered points with lettered
    points under one (``1.``, ``a)``), and a second list that restarts at ``1.``."""
    document = docx.Document()
    document.add_paragraph("Reglemente för nämnden", style="Title")
    document.add_paragraph("Antagen av kommunfullmäktige 2005-03-21, § 34")
    chapter = document.styles.add_style("Kapitelrubrik", WD_STYLE_TYPE.PARAGRAPH)
    chapter.base_style = document.styles["Heading 1"]  # a custom style based on Heading 1
    document.add_paragraph("Uppgifter", style="Kapitelrubrik")
    document.add_paragraph("Nämnden ska")
    abstract = list_numbering(document, ["1.", "a)"])
    first = restart(document, abstract)
    for text, level in [("fullgöra uppgifter enligt lag,", 0), ("pröva ärenden om", 0),
                        ("bygglov,", 1), ("rivningslov,", 1), ("besluta om taxor.", 0)]:
        set_numbering(document.add_paragraph(text), first, level)
    document.add_paragraph("Sammanträden", style="Heading 2")
    second = restart(document, abstract)  # a new instance restarts at 1.
    for text in ("Nämnden sammanträder varje månad.", "Kallelse sänds ut i förväg."):
        set_numbering(document.add_paragraph(text), second, 0)
    return document


def _blocks(document: Document, blocks: Iterable[Block], depth: int, numbering: str) -> None:
    for block in blocks:
        if isinstance(block, Section):
            text = " ".join(part for part in (block.number, block.heading) if part)
            document.add_heading(text, level=min(depth, 9))
            _blocks(document, block.children, depth + 1, numbering)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, CommitmentList):
            _list(document, block, 0, numbering, None)
        elif isinstance(block, Table):
            grid = document.add_table(rows=len(block.rows), cols=len(block.rows[0].cells))
            grid.style = "Table Grid"
            for row, source in zip(grid.rows, block.rows, strict=True):
                for cell, value in zip(row.cells, source.cells, strict=True):
                    cell.text = value.text
                if source.header:  # repeated on each page: Word's header row
                    row._tr.get_or_add_trPr().append(
                        parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
            document.add_paragraph()


def _list(document: Document, block: CommitmentList, level: int, numbering: str,
          num_id: str | None) -> None:
    if block.lead_in:
        lead_in = document.add_paragraph(block.lead_in).paragraph_format
        lead_in.keep_with_next = True
        if level:  # a nested list's lead-in stands where its points do
            lead_in.left_indent = Twips(720 * (level + 1))
    labels = [item.label for item in block.items]
    if block.style == "number" and labels[0] is not None:
        shape = _shape(labels[0])
        num_id = restart(document, list_numbering(document, [shape] * 3), level)
    for item in block.items:
        if block.style == "bullet" and numbering == "style":
            paragraph = document.add_paragraph(item.text, style=_bullet_style(level))
        elif block.style == "bullet":
            paragraph = document.add_paragraph(item.text)
            set_numbering(paragraph, bullet_numbering(document), level)
        else:
            paragraph = document.add_paragraph(item.text)
            assert num_id is not None
            set_numbering(paragraph, num_id, level)
        if item.sublist is not None:
            _list(document, item.sublist, level + 1, numbering, num_id)
    if block.wrap_up:
        document.add_paragraph(block.wrap_up)


def _bullet_style(level: int) -> str:
    return "List Bullet" if level == 0 else f"List Bullet {min(level + 1, 3)}"


def _shape(label: str) -> str:
    if label[:-1].isdigit():
        return "1" + label[-1]
    if label[:-1] in ("i", "ii", "iii", "iv", "v"):
        return "i" + label[-1]
    return "a" + label[-1]


def list_numbering(document: Document, shapes: Sequence[str],
                   indent: int = 720) -> str:
    """Add an abstract numbering definition whose levels are *shapes* (``"1."``, ``"a)"``,
    ``"•"``) and return its id."""
    numbering = document.part.numbering_part.element
    ids = [int(node.get(qn("w:abstractNumId"))) for node in numbering.iter(qn("w:abstractNum"))]
    abstract_id = str(max(ids, default=0) + 1)
    levels = []
    for level, shape in enumerate(shapes):
        if shape == "•":
            fmt, text = "bullet", "•"
        else:
            fmt, template = _FORMATS[shape]
            text = template.format(n=level + 1)
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        )
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return abstract_id


def restart(document: Document, abstract_id: str, level: int = 0) -> str:
    """A new number instance of *abstract_id* that starts again at *level*; its id."""
    numbering = document.part.numbering_part.element
    ids = [int(node.get(qn("w:numId"))) for node in numbering.iter(qn("w:num"))]
    num_id = str(max(ids, default=0) + 1)
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    ))
    return num_id


def bullet_numbering(document: Document) -> str:
    """A number instance of bullets (made once per document)."""
    cached = getattr(document, "_bullets", None)
    if cached is None:
        cached = restart(document, list_numbering(document, ["•"] * 3))
        document._bullets = cached  # type: ignore[attr-defined]
    return str(cached)


def set_numbering(paragraph: DocxParagraph, num_id: str, level: int = 0) -> None:
    """Number *paragraph* by its own ``w:numPr``."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
        "</w:numPr>"
    ))


def header_and_footer(document: Document) -> None:
    """The municipality's name in the page header, ``Sida N av M`` (fields) in the footer."""
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.add_run("Sida ")
    _field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES", "1")


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    for xml in (
        '<w:r xmlns:w="{ns}"><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r xmlns:w="{ns}"><w:instrText xml:space="preserve"> {i} </w:instrText></w:r>',
        '<w:r xmlns:w="{ns}"><w:fldChar w:fldCharType="separate"/></w:r>',
        '<w:r xmlns:w="{ns}"><w:t>{s}</w:t></w:r>',
        '<w:r xmlns:w="{ns}"><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(ns=W_NS, i=instruction, s=shown)))


def add_footnote(document: Document, paragraph: DocxParagraph, text: str) -> None:
    """A footnote reference at the end of *paragraph*, and the footnote holding *text*."""
    part = _footnotes_part(document)
    root = part._element
    note_id = str(len(root.findall(qn("w:footnote"))) - 1)
    root.append(parse_xml(
        f'<w:footnote xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
    ))
    paragraph._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
    ))


class _XmlPart(Part):
    """A part whose element is serialised when the package is saved."""

    def __init__(self, partname: PackURI, content_type: str, element: etree._Element,
                 package: object) -> None:
        super().__init__(partname, content_type, package=package)  # type: ignore[arg-type]
        self._element = element

    @property
    def blob(self) -> bytes:
        return bytes(etree.tostring(self._element, xml_declaration=True, encoding="UTF-8",
                                    standalone=True))


def _footnotes_part(document: Document) -> _XmlPart:
    for relation in document.part.rels.values():
        if relation.reltype == RT.FOOTNOTES:
            part = relation.target_part
            assert isinstance(part, _XmlPart)
            return part
    element = etree.fromstring(
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
    )
    part = _XmlPart(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        element,
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    return part


def track_insertion(paragraph: DocxParagraph, text: str, author: str = "Handläggare") -> None:
    """Append *text* to *paragraph* as a tracked insertion."""
    paragraph._p.append(parse_xml(
        f'<w:ins xmlns:w="{W_NS}" w:id="901" w:author="{author}" w:date="2024-01-02T10:00:00Z">'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
    ))


def track_deletion(paragraph: DocxParagraph, text: str, author: str = "Handläggare") -> None:
    """Append *text* to *paragraph* as a tracked deletion."""
    paragraph._p.append(parse_xml(
        f'<w:del xmlns:w="{W_NS}" w:id="902" w:author="{author}" w:date="2024-01-02T10:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
    ))


def save(document: Document) -> bytes:
    """The document's bytes."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite_part(data: bytes, name: str, content: bytes) -> bytes:
    """The package *data* with its member *name* replaced (or added) with *content*."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF of *pages* pages that are only images: a scan without a text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        page = document.new_page(595, 842)
        image = pdfium.PdfImage.new(document)
        bitmap = pdfium.PdfBitmap.new_native(120, 160, pdfium.raw.FPDFBitmap_BGR)
        bitmap.fill_rect((250, 250, 250, 255), 0, 0, 120, 160)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(495, 742).translate(50, 50))
        page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def soffice() -> str:
    """The LibreOffice command; a test that needs it fails when there is none (CI installs
    it, as for the Word redline's tests: a missing tool must not pass for a missing feature)."""
    found = shutil.which("soffice")
    if found is None:
        raise AssertionError(
            "LibreOffice (soffice) is missing: run tools/install-system-packages.sh"
        )
    return found


def to_pdf(files: Sequence[Path], folder: Path) -> list[Path]:
    """Print *files* to PDF in *folder* with one ``soffice --headless --convert-to pdf``."""
    command = soffice()
    with tempfile.TemporaryDirectory(prefix="pv-lo-") as profile:
        subprocess.run(
            [command, "--headless", f"-env:UserInstallation=file://{profile}",
             "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
            capture_output=True, timeout=600, check=True,
        )
    made = [folder / f"{path.stem}.pdf" for path in files]
    missing = [path.name for path in made if not path.exists()]
    assert not missing, f"LibreOffice made no PDF of {missing}"
    return made
