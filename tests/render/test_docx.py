"""The Word redline and export without LibreOffice: accept and reject (as Word does them) give
the new and the old revision's export exactly, on random revisions; the markup (revisions,
moves, paragraph marks, rows, comments, numbering, author and date); python-docx reads every
file; the command line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import attrs
import docx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from lxml import etree

import policyversions as pv
from docxcheck import part, read, revisions, w
from docxpairs import PAIRS, pair, seed_docx_edit, table_pairs
from edit_strategies import revisions as revision_pairs
from policyversions.model import Commitment, CommitmentList, Section
from policyversions.render.docx.redline import NEUTRAL_AUTHOR
from policyversions_cli.main import main

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED = CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt"


def _redline(old: pv.Policy, new: pv.Policy, lang: str = "sv") -> bytes:
    return pv.render_docx_redline(pv.diff(old, new), old=old, new=new, lang=lang)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revision_pairs())
def test_accepting_gives_the_new_revision_and_rejecting_the_old(
    pair_: tuple[pv.Policy, pv.Policy],
) -> None:
    old, new = pair_
    data = _redline(old, new)
    assert read(data, "accepted") == read(pv.render_docx(new))
    assert read(data, "rejected") == read(pv.render_docx(old))


def test_a_removed_list_of_repeated_points_keeps_its_order_at_the_end() -> None:
    """The old revision's last point joins the new last paragraph (Word keeps the last mark);
    the point taken must be the last one, not an identical one earlier in the list (found by
    the property test above)."""
    points = (Commitment("ledare"), Commitment("ledare", label="1."), Commitment("ledare"))
    old = pv.Policy(
        "ledare",
        pv.assign_positional_ids(
            [Section(None, [CommitmentList(points, style="bullet")], number="§ 1")]
        ),
    )
    new = pv.Policy("ledare", pv.assign_positional_ids([pv.Paragraph("ledare")]))
    data = _redline(old, new)
    assert read(data, "accepted") == read(pv.render_docx(new))
    assert read(data, "rejected") == read(pv.render_docx(old))


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_corpus_pairs_accept_and_reject_exactly(name: str) -> None:
    old, new, lang = pair(name)
    data = _redline(old, new, lang)
    assert read(data, "accepted") == read(pv.render_docx(new, lang=lang))
    assert read(data, "rejected") == read(pv.render_docx(old, lang=lang))
    assert revisions(data), "a real pair has tracked changes"


def test_an_identical_pair_has_no_revision_and_reads_as_the_export() -> None:
    seed = pv.load(SEED)
    data = _redline(seed, seed)
    assert not revisions(data)
    assert read(data) == read(pv.render_docx(seed))


@pytest.fixture(scope="module")
def seed_redline() -> tuple[pv.Policy, pv.Policy, bytes]:
    old = pv.load(SEED)
    new = seed_docx_edit(old)
    return old, new, _redline(old, new)


def test_word_level_revisions_by_the_deciding_body_on_the_decision_date(
    seed_redline: tuple[pv.Policy, pv.Policy, bytes],
) -> None:
    data = seed_redline[2]
    body = part(data, "word/document.xml")
    deleted = ["".join(node.itertext()) for node in body.iter(w("del")) if len(node)]
    inserted = ["".join(node.itertext()) for node in body.iter(w("ins")) if len(node)]
    assert "ska" in deleted and "bör" in inserted  # one word each, not the whole paragraph
    stamped = [node for node in revisions(data) if node.get(w("author"))]
    assert stamped
    assert {node.get(w("author")) for node in stamped} == {"Kommunfullmäktige"}
    assert {node.get(w("date")) for node in stamped} == {"2019-02-25T00:00:00Z"}
    # one counter: every revision, move range and comment has its own id (a range's end and a
    # comment's reference repeat the id of its start)
    repeats = ("commentRangeEnd", "commentReference", "moveFromRangeEnd", "moveToRangeEnd")
    ids = [
        node.get(w("id"))
        for node in body.iter()
        if node.get(w("id")) is not None and etree.QName(node).localname not in repeats
    ]
    assert len(set(ids)) == len(ids)
    assert sorted(map(int, ids)) == list(range(1, len(ids) + 1))


def test_moves_have_named_ranges_on_both_sides(
    seed_redline: tuple[pv.Policy, pv.Policy, bytes],
) -> None:
    body = part(seed_redline[2], "word/document.xml")
    names = {
        kind: [node.get(w("name")) for node in body.iter(w(f"{kind}RangeStart"))]
        for kind in ("moveFrom", "moveTo")
    }
    assert names["moveFrom"] == names["moveTo"] == ["move1"]
    moved_from = "".join("".join(n.itertext()) for n in body.iter(w("moveFrom")))
    moved_to = "".join("".join(n.itertext()) for n in body.iter(w("moveTo")))
    assert moved_from == moved_to == "se jämställdhet som en naturlig del i organisationens kultur."
    assert len(list(body.iter(w("moveFromRangeEnd")))) == 1
    assert len(list(body.iter(w("moveToRangeEnd")))) == 1
    # the paragraph marks move too
    marks = [node.getparent().getparent().getparent() for node in body.iter(w("moveTo"))
             if node.getparent().tag == w("rPr")]
    assert len(marks) == 1


def test_added_section_and_removed_point_track_their_paragraph_marks(
    seed_redline: tuple[pv.Policy, pv.Policy, bytes],
) -> None:
    old, new, data = seed_redline
    body = part(data, "word/document.xml")
    paragraphs = body.findall(f"{w('body')}/{w('p')}")
    marks = {
        kind: [p for p in paragraphs if p.find(f"{w('pPr')}/{w('rPr')}/{w(kind)}") is not None]
        for kind in ("ins", "del")
    }
    removed = "".join(marks["del"][0].itertext())
    values = old.body[2]
    assert isinstance(values, Section) and isinstance(values.children[3], CommitmentList)
    assert removed == values.children[3].items[5].text
    inserted = ["".join(p.itertext()) for p in marks["ins"]]
    # the added last section: the previous last paragraph's mark is the inserted one, and the
    # document's last mark (which Word cannot track) is kept, with the old style recorded
    assert "Uppföljning" in inserted
    assert inserted[0] == "se personalorganisationerna som dina samverkanspartners."
    last = paragraphs[-1]
    assert last.find(f"{w('pPr')}/{w('rPr')}") is None
    assert "".join(last.itertext()) == new_last_item(new)
    # no empty paragraph anywhere
    assert all("".join(p.itertext()) for p in paragraphs)
    assert read(data, "accepted")[-1] == ["p", "ListParagraph", new_last_item(new)]


def new_last_item(policy: pv.Policy) -> str:
    last = policy.body[-1]
    assert isinstance(last, Section) and isinstance(last.children[-1], CommitmentList)
    return last.children[-1].items[-1].text


def test_python_docx_reads_every_file_and_the_comment_on_the_weakened_obligation(
    seed_redline: tuple[pv.Policy, pv.Policy, bytes],
) -> None:
    old, new, data = seed_redline
    document = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs if p.style is not None]
    assert styles[0] == "Title" and "Heading 1" in styles and "List Paragraph" in styles
    comments = list(document.comments)
    assert comments[0].text.startswith("Sammanfattning")
    assert "Försvagade skyldigheter (1):" in comments[0].text
    weakened = [c for c in comments if "FÖRSVAGAD: ska → bör" in c.text]
    assert len(weakened) == 1
    assert "En skyldighet har försvagats: ska → bör." in weakened[0].text
    assert weakened[0].author == "Kommunfullmäktige"
    # anchored on the reworded paragraph
    body = part(data, "word/document.xml")
    start = next(
        n for n in body.iter(w("commentRangeStart"))
        if n.get(w("id")) == str(weakened[0].comment_id)
    )
    assert "skabör bygga sitt ledarskap" in "".join(start.getparent().itertext())
    moved = [c for c in comments if c.text.startswith("Flyttat")]
    assert moved and "hit från Ledaruppdraget - åtagandet, punkt 5" in moved[0].text
    header = document.sections[0].header.paragraphs
    assert header[0].text == new.title
    assert header[1].text == (
        "Jämförelse: Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 § 12"
    )
    for policy in (old, new):
        clean = docx.Document(io.BytesIO(pv.render_docx(policy)))
        assert clean.paragraphs[0].text == policy.title
        assert not list(clean.comments)


def test_page_footer_numbers_pages_and_language_sets_styles(
    seed_redline: tuple[pv.Policy, pv.Policy, bytes],
) -> None:
    old, new, _ = seed_redline
    for lang, tag, page in (("sv", "sv-SE", "Sida"), ("en", "en-GB", "Page")):
        data = _redline(old, new, lang)
        footer = part(data, "word/footer1.xml")
        fields = [node.get(w("instr")) for node in footer.iter(w("fldSimple"))]
        assert fields == [" PAGE ", " NUMPAGES "]
        assert "".join(footer.itertext()).startswith(page)
        styles = part(data, "word/styles.xml")
        assert styles.find(f".//{w('rPrDefault')}//{w('lang')}").get(w("val")) == tag
        settings_ = part(data, "word/settings.xml")
        assert settings_.find(w("trackRevisions")) is not None
    clean = part(pv.render_docx(new), "word/settings.xml")
    assert clean.find(w("trackRevisions")) is None


def test_labels_as_written_and_numbering_that_restarts() -> None:
    points = [Commitment("första punkten", label="a)"), Commitment("andra punkten", label="b)")]
    labelled = CommitmentList(points, lead_in="Nämnden ska")
    numbered = CommitmentList([Commitment("ett"), Commitment("två")], style="number")
    again = CommitmentList([Commitment("tre"), Commitment("fyra")], style="number")
    old = pv.Policy("Listor", pv.assign_positional_ids([labelled, numbered, again]))
    relabelled = attrs.evolve(labelled, items=(
        attrs.evolve(points[0], label="1."), attrs.evolve(points[1], label="2.")
    ))
    new = attrs.evolve(old, body=pv.assign_positional_ids([relabelled, numbered, again]))
    data = _redline(old, new)
    texts = [row for row in read(data, "accepted") if row[1] == "ListParagraph"]
    assert texts[:2] == [["p", "ListParagraph", "1.\tförsta punkten"],
                         ["p", "ListParagraph", "2.\tandra punkten"]]
    assert read(data, "rejected")[2] == ["p", "ListParagraph", "a)\tförsta punkten"]
    numbering = part(data, "word/numbering.xml")
    restarts = numbering.findall(f"{w('num')}/{w('lvlOverride')}/{w('startOverride')}")
    assert [node.get(w("val")) for node in restarts] == ["1", "1"]
    body = part(data, "word/document.xml")
    num_ids = [node.get(w("val")) for node in body.iter(w("numId"))]
    assert len(set(num_ids)) == 2 and len(num_ids) == 4  # labelled points carry no numbering


@pytest.mark.parametrize("name", sorted(table_pairs()))
def test_table_rows_tracked_and_cells_reworded_word_by_word(name: str) -> None:
    old, new = table_pairs()[name]
    data = _redline(old, new, "en")
    body = part(data, "word/document.xml")
    rows = {
        kind: ["".join(row.itertext()) for row in body.iter(w("tr"))
               if row.find(f"{w('trPr')}/{w(kind)}") is not None]
        for kind in ("ins", "del")
    }
    assert any("GitHub Copilot" in text for text in rows["ins"])
    assert any("Zendesk" in text for text in rows["del"])
    cell_words = ["".join(n.itertext()) for n in body.iter(w("ins"))
                  if n.getparent().tag == w("p")]
    assert ", France" in cell_words
    assert read(data, "accepted") == read(pv.render_docx(new, lang="en"))
    assert read(data, "rejected") == read(pv.render_docx(old, lang="en"))


def test_plain_files_without_decisions_get_the_neutral_author() -> None:
    old, new, _ = pair("contributor-covenant_en-1.4_to_en-2.0")
    old, new = attrs.evolve(old, decisions=()), attrs.evolve(new, decisions=())
    data = _redline(old, new, "en")
    authors = {node.get(w("author")) for node in revisions(data) if node.get(w("author"))}
    assert authors == {NEUTRAL_AUTHOR}
    assert all(node.get(w("date")) is None for node in revisions(data))
    header = part(data, "word/header1.xml")
    assert "no decision → no decision" in "".join(header.itertext())


def test_refuses_a_foreign_diff_and_an_unknown_language() -> None:
    seed = pv.load(SEED)
    other = seed_docx_edit(seed)
    with pytest.raises(pv.DiffError):
        pv.render_docx_redline(pv.diff(seed, other), old=other, new=seed)
    with pytest.raises(ValueError):
        pv.render_docx_redline(pv.diff(seed, seed), old=seed, new=seed, lang="de")


def test_the_package_is_deterministic_and_complete(
    seed_redline: tuple[pv.Policy, pv.Policy, bytes],
) -> None:
    old, new, data = seed_redline
    assert _redline(old, new) == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
    assert {
        "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
        "word/numbering.xml", "word/settings.xml", "word/header1.xml", "word/footer1.xml",
        "word/comments.xml", "word/_rels/document.xml.rels", "docProps/core.xml",
    } <= names


def test_cli_diff_and_export_write_word_files(tmp_path: Path) -> None:
    runner = CliRunner()
    old = str(CORPUS / "contributor-covenant" / "sv-1.4.md")
    new = str(CORPUS / "contributor-covenant" / "sv-2.1.md")
    target = tmp_path / "redline.docx"
    done = runner.invoke(main, ["diff", old, new, "--format", "docx", "-o", str(target)])
    assert done.exit_code == 0, done.output
    assert read(target.read_bytes(), "accepted") == read(pv.render_docx(pv.load(new)))
    exported = tmp_path / "new.docx"
    done = runner.invoke(main, ["export", new, "--format", "docx", "-o", str(exported)])
    assert done.exit_code == 0, done.output
    assert exported.read_bytes() == pv.render_docx(pv.load(new))
    done = runner.invoke(main, ["diff", old, new, "--format", "docx"])
    assert done.exit_code == 2 and "needs -o FILE" in done.output
    done = runner.invoke(main, ["export", new, "--format", "docx"])
    assert done.exit_code == 2 and "needs -o FILE" in done.output
