"""The Word importer on documents written by python-docx (``docxbuild``) and by our own Word
export: the seed as the municipal template writes it, round trips, numbering as Word displays
it (by the paragraph and by the style), nested points, merged cells, footnotes, page headers and
footers, tracked changes both ways, and every word kept."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docxbuild as b
import policyversions as pv
from conftest import SEED
from policyversions.model import (
    Cell,
    Commitment,
    CommitmentList,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    assign_positional_ids,
)
from wordcount import tree_words

_QUICK = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def seed() -> Policy:
    return pv.load(SEED, format="text")


def same_tree(got: Policy, expected: Policy) -> None:
    assert got.title == expected.title
    assert got.decisions == expected.decisions
    assert got.body == expected.body


# -- the seed, as the template writes it ------------------------------------------------------


@pytest.mark.parametrize("numbering", ["style", "paragraph"])
def test_the_seed_written_by_the_template_imports_to_the_seed(seed: Policy, numbering: str) -> None:
    data = b.municipal_docx(seed, numbering=numbering)
    policy = pv.loads(data, "docx", source="seed.docx")
    same_tree(policy, seed)  # four sections, two ska-lists with their lead-ins
    # The metadata table is metadata and the decision, not body text.
    assert policy.metadata.document_type == "Policy"
    assert policy.metadata.owner == "Personalchef"
    assert str(policy.decision) == "Reviderad KF 2007-06-18 § 118"
    words = " ".join(tree_words(policy))
    # Neither the page header and footer nor the table's labels are body text.
    assert "Personalavdelningen" not in words and "Sida" not in words
    assert "Dokumentansvarig" not in words


def test_the_seed_through_our_word_export(seed: Policy) -> None:
    same_tree(pv.loads(pv.render_docx(seed), "docx"), seed)


def test_load_reads_docx_by_extension_and_by_name(tmp_path: pytest.TempPathFactory,
                                                   seed: Policy) -> None:
    path = tmp_path / "policy.docx"  # type: ignore[operator]
    path.write_bytes(b.municipal_docx(seed))
    same_tree(pv.load(path), seed)
    other = tmp_path / "policy.bin"  # type: ignore[operator]
    other.write_bytes(path.read_bytes())
    same_tree(pv.load(other, format="docx"), seed)


# -- round trip through our Word export, on policies a document can say --------------------

_WORDS = ("ledare", "medarbetare", "kommunen", "ska", "bör", "får", "nämnden", "uppdrag",
          "ansvar", "verksamheten", "Söderhamn", "tydligt", "arbeta")


def _sentence(capital: bool = True, end: str = ".") -> st.SearchStrategy[str]:
    def make(words: list[str]) -> str:
        text = " ".join(words)
        return (text[:1].upper() + text[1:] if capital else text.lower()) + end

    return st.lists(st.sampled_from(_WORDS), min_size=2, max_size=8).map(make)


_FAMILIES = (("1.", "2.", "3.", "4."), ("a)", "b)", "c)", "d)"), ("1)", "2)", "3)", "4)"))


@st.composite
def _lists(draw: st.DrawFn, depth: int = 0) -> CommitmentList:
    style = draw(st.sampled_from(("bullet", "number")))
    count = draw(st.integers(1, 4))
    family = draw(st.sampled_from(_FAMILIES[:1] if depth == 0 else _FAMILIES[1:]))
    items = []
    for index in range(count):
        sublist = draw(_lists(depth + 1)) if depth < 1 and draw(st.booleans()) else None
        items.append(Commitment(draw(_sentence(capital=False)),
                                label=family[index] if style == "number" else None,
                                sublist=sublist))
    return CommitmentList(
        items,
        # Two lists in a row are one list in Word, unless a lead-in stands between them.
        lead_in=draw(_sentence(end=":") if depth == 0 else st.one_of(st.none(),
                                                                     _sentence(end=":"))),
        style=style,
    )


_TABLES = st.builds(
    lambda header, rows: Table([Row([Cell(text) for text in row], header=header and n == 0)
                                for n, row in enumerate(rows)]),
    st.booleans(),
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=2), min_size=1, max_size=3),
)
_LEAVES = st.one_of(_sentence().map(Paragraph), _lists(), _TABLES)


@st.composite
def _sections(draw: st.DrawFn, depth: int = 0) -> Section:
    heading = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3)))
    children = draw(st.lists(_LEAVES, min_size=1, max_size=3))
    if depth < 2 and draw(st.booleans()):
        children += draw(st.lists(_sections(depth + 1), min_size=1, max_size=2))
    return Section(heading[:1].upper() + heading[1:], children)


_DECISIONS = st.lists(
    st.builds(
        lambda organ, day, item: pv.parse_decision(
            f"Reviderad {organ} {datetime.date(2000, 1, 1) + datetime.timedelta(days=day)} "
            f"§ {item}"
        ),
        st.sampled_from(("KF", "KS", "BUN")), st.integers(0, 9000), st.integers(1, 300),
    ),
    max_size=1,  # a Word document states its latest decision only
)


@st.composite
def documents(draw: st.DrawFn) -> Policy:
    """Policies a Word document says in one way only: sentences for paragraphs, lists whose
    labels follow one another, headed sections."""
    body = draw(st.lists(_sections(), min_size=1, max_size=3))
    title = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4))).title()
    return Policy(title, assign_positional_ids(body), decisions=draw(_DECISIONS))


@_QUICK
@given(documents())
def test_our_word_export_imports_to_the_same_tree(policy: Policy) -> None:
    same_tree(pv.loads(pv.render_docx(policy), "docx"), policy)


@_QUICK
@given(documents())
def test_the_template_imports_to_the_same_tree(policy: Policy) -> None:
    same_tree(pv.loads(b.municipal_docx(policy, numbering="paragraph"), "docx"), policy)


# -- numbering as Word displays it ------------------------------------------------------------


def test_nested_points_take_their_labels_from_the_numbering() -> None:
    policy = pv.loads(b.save(b.regulation()), "docx")
    assert str(policy.decision) == "Antagen KF 2005-03-21 § 34"
    (chapter,) = policy.body
    assert isinstance(chapter, Section) and chapter.heading == "Uppgifter"
    duties = chapter.children[0]
    assert isinstance(duties, CommitmentList)
    assert duties.lead_in == "Nämnden ska" and duties.style == "number"
    assert [item.label for item in duties.items] == ["1.", "2.", "3."]
    sublist = duties.items[1].sublist
    assert sublist is not None
    assert [(item.label, item.text) for item in sublist.items] == [
        ("a)", "bygglov,"), ("b)", "rivningslov,")]
    meetings = chapter.children[1]
    assert isinstance(meetings, Section) and meetings.heading == "Sammanträden"
    restarted = meetings.children[0]
    assert isinstance(restarted, CommitmentList)
    assert [item.label for item in restarted.items] == ["1.", "2."]


def test_numbering_inherited_from_the_paragraph_style() -> None:
    document = docx.Document()
    document.add_paragraph("Riktlinje", style="Title")
    abstract = b.list_numbering(document, ["1)", "a)"])
    num_id = b.restart(document, abstract)
    points = document.styles.add_style("Punktlista kommun", WD_STYLE_TYPE.PARAGRAPH)
    points.base_style = document.styles["Normal"]
    ppr = points.element.get_or_add_pPr()
    ppr.append(docx.oxml.parse_xml(
        f'<w:numPr xmlns:w="{b.W_NS}"><w:numId w:val="{num_id}"/></w:numPr>'))
    derived = document.styles.add_style("Punktlista kommun 2", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = points  # the numbering two steps up the style chain
    document.add_paragraph("Förvaltningen ska:")
    for text in ("planera,", "genomföra,", "följa upp."):
        document.add_paragraph(text, style="Punktlista kommun 2")
    (points_list,) = pv.loads(b.save(document), "docx").body
    assert isinstance(points_list, CommitmentList)
    assert points_list.lead_in == "Förvaltningen ska:"
    assert [(item.label, item.text) for item in points_list.items] == [
        ("1)", "planera,"), ("2)", "genomföra,"), ("3)", "följa upp.")]


def test_bullets_from_the_list_bullet_style_have_no_label(seed: Policy) -> None:
    policy = pv.loads(b.municipal_docx(seed, numbering="style"), "docx")
    lists = [node for node in policy.walk() if isinstance(node, CommitmentList)]
    assert [len(found.items) for found in lists] == [8, 6]
    assert all(found.style == "bullet" for found in lists)
    assert all(item.label is None for found in lists for item in found.items)


# -- tables, footnotes, headers and footers ---------------------------------------------------


def test_tables_with_merged_cells() -> None:
    document = docx.Document()
    document.add_paragraph("Taxa", style="Title")
    document.add_paragraph("Avgifterna gäller från den 1 januari.")
    grid = document.add_table(rows=4, cols=3)
    grid.cell(0, 0).merge(grid.cell(0, 2)).text = "Avgifter 2024"  # across the row
    for column, text in enumerate(("Ärende", "Avgift", "Not")):
        grid.cell(1, column).text = text
    grid.cell(2, 0).merge(grid.cell(3, 0)).text = "Bygglov"  # down the column
    grid.cell(2, 1).text, grid.cell(2, 2).text = "1 000 kr", "per ärende"
    grid.cell(3, 1).text, grid.cell(3, 2).text = "500 kr", "tillägg"
    policy = pv.loads(b.save(document), "docx")
    table = policy.body[1]
    assert isinstance(table, Table)
    # A cell merged across columns is one cell; one merged down is empty where it continues.
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Avgifter 2024"],
        ["Ärende", "Avgift", "Not"],
        ["Bygglov", "1 000 kr", "per ärende"],
        ["", "500 kr", "tillägg"],
    ]


def test_footnotes_are_kept_after_the_block_that_refers_to_them() -> None:
    document = docx.Document()
    document.add_paragraph("Riktlinje", style="Title")
    lead_in = document.add_paragraph("Nämnden ska")
    b.add_footnote(document, lead_in, "Enligt kommunallagen (2017:725).")
    for text in ("planera,", "följa upp."):
        document.add_paragraph(text, style="List Bullet")
    plain = document.add_paragraph("Riktlinjen gäller alla.")
    b.add_footnote(document, plain, "Även bolagen.")
    policy = pv.loads(b.save(document), "docx")
    assert [type(block).__name__ for block in policy.body] == [
        "CommitmentList", "Paragraph", "Paragraph", "Paragraph"]
    points, note_1, text, note_2 = policy.body
    assert isinstance(points, CommitmentList) and points.lead_in == "Nämnden ska[1]"
    assert isinstance(note_1, Paragraph) and note_1.text == "[1] Enligt kommunallagen (2017:725)."
    assert isinstance(text, Paragraph) and text.text == "Riktlinjen gäller alla.[2]"
    assert isinstance(note_2, Paragraph) and note_2.text == "[2] Även bolagen."


def test_page_headers_and_footers_are_not_policy_text() -> None:
    document = docx.Document()
    document.add_paragraph("Policy", style="Title")
    document.add_paragraph("Texten.")
    b.header_and_footer(document)
    document.sections[0].header.add_paragraph("Dnr KS 2024/1")
    policy = pv.loads(b.save(document), "docx")
    assert tree_words(policy) == ["Policy", "Texten."]


def test_every_word_of_the_body_is_kept(seed: Policy) -> None:
    data = b.municipal_docx(seed, table=())
    source = docx.Document(io.BytesIO(data))
    written = [word for paragraph in source.paragraphs for word in paragraph.text.split()]
    policy = pv.loads(data, "docx")
    decisions = [word for decision in policy.decisions for word in str(decision).split()]
    assert sorted(tree_words(policy) + decisions) == sorted(written)


# -- tracked changes ---------------------------------------------------------------------------


def _tracked() -> bytes:
    document = docx.Document()
    document.add_paragraph("Policy", style="Title")
    document.add_paragraph("Första stycket.")
    paragraph = document.add_paragraph("Vi ska ")
    b.track_insertion(paragraph, "alltid ")
    b.track_deletion(paragraph, "ibland ")
    paragraph.add_run("arbeta.")
    return b.save(document)


def test_tracked_changes_are_refused_in_one_line() -> None:
    with pytest.raises(pv.InputError) as caught:
        pv.loads(_tracked(), "docx", source="ny.docx")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("the document has 2 tracked changes not yet accepted or rejected")
    assert "--accept-changes" in message
    assert message.endswith("(ny.docx, paragraph 3: 'Vi ska alltid ibland arbeta.')")


def test_tracked_changes_accepted_on_request() -> None:
    policy = pv.loads(_tracked(), "docx", accept_changes=True)
    assert [block.text for block in policy.body if isinstance(block, Paragraph)] == [
        "Första stycket.", "Vi ska alltid arbeta."]


def test_a_deleted_paragraph_mark_joins_the_paragraphs() -> None:
    document = docx.Document()
    document.add_paragraph("Policy", style="Title")
    first = document.add_paragraph("Vi ska arbeta")
    document.add_paragraph("tillsammans.")
    rpr = first._p.get_or_add_pPr()
    rpr.append(docx.oxml.parse_xml(
        f'<w:rPr xmlns:w="{b.W_NS}"><w:del w:id="7" w:author="A" '
        'w:date="2024-01-02T10:00:00Z"/></w:rPr>'))
    data = b.save(document)
    with pytest.raises(pv.InputError, match="has 1 tracked change not yet"):
        pv.loads(data, "docx")
    policy = pv.loads(data, "docx", accept_changes=True)
    assert [block.text for block in policy.body if isinstance(block, Paragraph)] == [
        "Vi ska arbetatillsammans."]
