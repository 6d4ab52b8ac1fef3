"""Tests of the Markdown importer: the real corpus, each rule, errors and properties."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import attrs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyversions.errors import ModelError, ParseError
from policyversions.importers.decision_text import parse_decision
from policyversions.importers.markdown import parse_markdown
from policyversions.model import (
    Action,
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Decision,
    Organ,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    assign_positional_ids,
)
from wordcount import markdown_words, reading_words

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
MARKDOWN_FILES = sorted(path for path in CORPUS.glob("*/*.md") if path.name != "README.md")


def load(relative: str) -> Policy:
    path = CORPUS / relative
    return parse_markdown(path.read_text(encoding="utf-8"), source=str(path))


def section(blocks: tuple[Block, ...], title: str) -> Section:
    """The one section whose number and heading read *title*."""
    found = [block for block in blocks if isinstance(block, Section) and block.title == title]
    assert len(found) == 1, f"expected one section {title!r}, found {len(found)}"
    return found[0]


def headings(blocks: tuple[Block, ...]) -> list[str]:
    """The titles (number and heading) of the sections among *blocks*."""
    return [block.title for block in blocks if isinstance(block, Section)]


def lists(blocks: tuple[Block, ...]) -> list[CommitmentList]:
    return [block for block in blocks if isinstance(block, CommitmentList)]


def item_texts(block: Block) -> list[str]:
    assert isinstance(block, CommitmentList)
    return [item.text for item in block.items]


def body(markdown: str) -> tuple[Block, ...]:
    return parse_markdown("# Title\n\n" + markdown).body


def only(markdown: str) -> Block:
    blocks = body(markdown)
    assert len(blocks) == 1, blocks
    return blocks[0]


# ---------------------------------------------------------------------------------------------
# Words in and words out: tests/wordcount.py, a regex-based count (deliberately not the importer)


def test_the_stripper_removes_markup_it_is_meant_to() -> None:
    text = (
        "# A\n\n* **b** [c](http://x) [d][e] `f` snake_case _g_\n\n1. h\n\n"
        "| i | j |\n|---|---|\n| k</br>l | \\| |\n\n[e]: http://y\n"
    )
    assert markdown_words(text) == [
        "A", "b", "c", "d", "f", "snake_case", "g", "1.", "h", "i", "j", "k", "l", "|"
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The real corpus


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_corpus_file_imports_without_losing_a_word(path: Path) -> None:
    """Every word of the body, labels, numbers and cells included, in reading order."""
    text = path.read_text(encoding="utf-8")
    policy = parse_markdown(text, source=str(path))
    expected = markdown_words(text)
    assert policy.body or not expected
    title_in_body = expected[: len(policy.title.split())] == policy.title.split()
    assert reading_words(policy, title=title_in_body) == expected
    assert assign_positional_ids(policy.body) == policy.body  # the model's positional ids


def test_corpus_file_list_is_complete() -> None:
    assert len(MARKDOWN_FILES) == 12


def test_sfs_2025_10_01_structure() -> None:
    policy = load("sfs-2008-975/2025-10-01.md")
    assert policy.title == "Förordning om uppgiftsskyldighet i vissa fall på socialtjänstens område"
    assert headings(policy.body) == [f"{number} §" for number in range(1, 8)]
    fourth = section(policy.body, "4 §")
    assert [type(child) for child in fourth.children] == [CommitmentList, Paragraph]
    commitments, after = fourth.children
    assert isinstance(commitments, CommitmentList) and isinstance(after, Paragraph)
    assert commitments.style == "number"
    assert len(commitments.items) == 7
    assert commitments.lead_in == (
        "Socialnämnden har rätt att hos en arbetslöshetskassa ta del av följande uppgifter om "
        "enskilda:"
    )
    assert commitments.wrap_up is None
    assert commitments.items[0].text == (
        "namn, personnummer och i förekommande fall samordningsnummer,"
    )
    assert commitments.items[6].text == (
        "beslut om avstängning från rätt till arbetslöshetsersättning enligt 7 kap. 2-4 §§ lagen "
        "(2024:506) om arbetslöshetsförsäkring och beslut om frånkännande av rätt till "
        "arbetslöshetsersättning enligt 7 kap. 12 § samma lag."
    )
    assert after.text.startswith("Om det finns skäl för det ska en arbetslöshetskassa")
    assert after.text.endswith("Förordning (2024:1362).")
    assert [len(block.items) for block in lists(section(policy.body, "2 §").children)] == [9]
    assert policy.metadata.valid_from == datetime.date(2009, 1, 1)
    assert policy.metadata.get("beteckning") == "2008:975"
    assert policy.metadata.get("departement") == "Socialdepartementet"
    assert policy.metadata.get("utfardad_datum") == "2008-11-20"
    assert policy.metadata.get("pdf_url") == "https://rkrattsdb.gov.se/SFSdoc/08/080975.pdf"
    assert policy.decisions == (
        Decision(
            organ=Organ(name="Regeringen"),
            year=2008,
            date=datetime.date(2008, 11, 20),
            act_number="SFS 2008:975",
            action=Action.ADOPTED,
            effective=datetime.date(2009, 1, 1),  # the top-level ikraft_datum
        ),
    )


def test_sfs_2025_07_01_lacks_paragraph_4() -> None:
    policy = load("sfs-2008-975/2025-07-01.md")
    assert headings(policy.body) == ["1 §", "2 §", "3 §", "5 §", "6 §", "7 §"]


@pytest.mark.parametrize("name", ["2008-11-20.md", "2025-07-01.md", "2025-10-01.md"])
def test_sfs_decisions_are_the_issue_and_every_amendment_in_order(name: str) -> None:
    path = CORPUS / "sfs-2008-975" / name
    header = yaml.safe_load(strip_front_matter_header(path.read_text(encoding="utf-8")))
    amendments = header.get("andringsforfattningar", [])
    policy = parse_markdown(path.read_text(encoding="utf-8"), source=str(path))
    assert len(policy.decisions) == len(amendments) + 1
    starts = [d.date or datetime.date(d.year, 1, 1) for d in policy.decisions]
    assert starts == sorted(starts)
    assert policy.decisions[0].action is Action.ADOPTED
    assert policy.decisions[0].date == datetime.date(2008, 11, 20)  # utfardad_datum
    for decision in policy.decisions[1:]:  # the issue year from the number, not ikraft_datum
        assert decision.date is None
        assert (decision.act_number or "").startswith(f"SFS {decision.year}:")
        assert decision.case_number is None
    assert all(decision.action is Action.REVISED for decision in policy.decisions[1:])
    assert {decision.act_number for decision in policy.decisions[1:]} == {
        f"SFS {entry['beteckning']}" for entry in amendments
    }
    # ikraft_datum is when each amending act took effect.
    assert {(d.act_number, d.effective) for d in policy.decisions[1:]} == {
        (f"SFS {entry['beteckning']}", entry["ikraft_datum"]) for entry in amendments
    }
    if amendments:
        kept = json.loads(policy.metadata.get("andringsforfattningar") or "")
        assert [entry["beteckning"] for entry in kept] == [
            entry["beteckning"] for entry in amendments
        ]
        assert kept[0]["ikraft_datum"] == "2010-01-01"


def strip_front_matter_header(text: str) -> str:
    match = re.match(r"---\n(.*?)^---$", text, re.MULTILINE | re.DOTALL)
    assert match is not None
    return match.group(1)


def test_sfs_2008_11_20_is_front_matter_only_with_the_rubrik_as_title() -> None:
    policy = load("sfs-2008-975/2008-11-20.md")
    assert policy.body == ()
    assert policy.title.endswith(
        "Förordning om uppgiftsskyldighet i vissa fall på socialtjänstens område"
    )
    assert policy.metadata.get("rubrik") == policy.title
    # 2025:488 (in force 2025-07-01) was issued after 2024:1362 (in force 2025-10-01).
    assert [str(d) for d in policy.decisions[-2:]] == [
        "Reviderad Regeringen 2024 (SFS 2024:1362), gäller från 2025-10-01",
        "Reviderad Regeringen 2025 (SFS 2025:488), gäller från 2025-07-01",
    ]
    assert policy.decisions[-1] == Decision(
        organ=Organ(name="Regeringen"),
        year=2025,
        act_number="SFS 2025:488",
        action=Action.REVISED,
        effective=datetime.date(2025, 7, 1),
    )


def test_contributor_covenant_sv_1_4_standards() -> None:
    policy = load("contributor-covenant/sv-1.4.md")
    assert policy.title == "Medarbetarförbundets Uppförandekod"
    assert policy.metadata.get("version") == "1.4"
    assert policy.metadata.get("aliases") == '["/version/1/4/sv"]'
    standards = section(policy.body, "Våra standarder")
    first, second = standards.children
    assert isinstance(first, CommitmentList) and isinstance(second, CommitmentList)
    assert (first.style, second.style) == ("bullet", "bullet")
    assert len(first.items) == len(second.items) == 5
    assert first.lead_in == (
        "Exempel på uppförande som bidrar till att skapa en positiv miljö inkluderar:"
    )
    assert second.lead_in == "Exempel på oacceptabelt uppförande av deltagare inkluderar:"
    assert second.items[0].text == (
        "Användande av sexualiserat språk eller bildspråk och ovälkommen sexuell uppmärksamhet "
        "eller närmanden"
    )
    assert item_texts(first)[0] == "Användande av välkomnande och inklusivt språk"
    assert next(
        block.text
        for block in section(policy.body, "Upprätthållande").children
        if isinstance(block, Paragraph)
    ).startswith("Fall av kränkande")
    attribution = section(policy.body, "Attribuering").children
    assert attribution == (
        Paragraph(
            "Denna Uppförandekod är anpassad efter Contributor Covenant, version 1.4, "
            "tillgänglig på https://www.contributor-covenant.org/sv/version/1/4/"
            "code-of-conduct.html",
            id="sec_6__para_1",
        ),
    )


def test_contributor_covenant_en_2_1_nested_sections() -> None:
    policy = load("contributor-covenant/en-2.1.md")
    assert headings(policy.body) == [
        "Our Pledge",
        "Our Standards",
        "Enforcement Responsibilities",
        "Scope",
        "Enforcement",
        "Enforcement Guidelines",
        "Attribution",
    ]
    guidelines = section(policy.body, "Enforcement Guidelines")
    assert headings(guidelines.children) == [
        "1. Correction",
        "2. Warning",
        "3. Temporary Ban",
        "4. Permanent Ban",
    ]
    correction = section(guidelines.children, "1. Correction")
    assert correction.id == "sec_6__sec_1"
    assert next(b.text for b in correction.children if isinstance(b, Paragraph)) == (
        "Community Impact: Use of inappropriate language or other behavior deemed unprofessional "
        "or unwelcome in the community."
    )
    enforcement = section(policy.body, "Enforcement").children
    assert isinstance(enforcement[0], Paragraph)
    assert "enforcement at [INSERT CONTACT METHOD]. All complaints" in enforcement[0].text
    standards = lists(section(policy.body, "Our Standards").children)
    assert item_texts(standards[0])[3] == (
        "Accepting responsibility and apologizing to those affected by our mistakes, and "
        "learning from the experience"
    )
    attribution = section(policy.body, "Attribution").children
    assert isinstance(attribution[0], Paragraph)
    assert attribution[0].text == (
        "This Code of Conduct is adapted from the Contributor Covenant, version 2.1, available "
        "at https://www.contributor-covenant.org/version/2/1/code_of_conduct.html."
    )


def test_contributor_covenant_sv_2_1_list_interrupting_a_paragraph() -> None:
    policy = load("contributor-covenant/sv-2.1.md")
    second = lists(section(policy.body, "Våra standarder").children)[1]
    assert second.lead_in == "Några exempel på beteenden som inte är acceptabla:"
    assert len(second.items) == 5


# ---------------------------------------------------------------------------------------------
# Title and sections


def test_single_top_heading_is_the_title_and_deeper_headings_nest() -> None:
    policy = parse_markdown("# Policy\n\nIntro.\n\n## A\n\nText a.\n\n### A1\n\n## B\n")
    assert policy.title == "Policy"
    intro, a, b = policy.body
    assert intro == Paragraph("Intro.", id="para_1")
    assert isinstance(a, Section) and isinstance(b, Section)
    assert (a.heading, a.id, b.heading, b.id) == ("A", "sec_1", "B", "sec_2")
    assert a.children == (
        Paragraph("Text a.", id="sec_1__para_1"),
        Section("A1", id="sec_1__sec_1"),
    )


def test_lone_second_level_heading_is_the_title() -> None:
    policy = parse_markdown("## Riktlinje\n\n### Syfte\n\nText.\n")
    assert policy.title == "Riktlinje"
    assert headings(policy.body) == ["Syfte"]


def test_skipped_levels_still_nest_under_the_nearest_higher_heading() -> None:
    policy = parse_markdown("# T\n\n## A\n\n#### Deep\n\n### Mid\n\n## B\n")
    a, b = policy.body
    assert isinstance(a, Section) and isinstance(b, Section)
    assert headings(a.children) == ["Deep", "Mid"]
    assert b.children == ()


def test_several_top_level_headings_take_the_title_from_front_matter() -> None:
    text = "---\ntitle: Samlad policy\n---\n# Del 1\n\nA.\n\n# Del 2\n\nB.\n"
    policy = parse_markdown(text)
    assert policy.title == "Samlad policy"
    assert headings(policy.body) == ["Del 1", "Del 2"]
    assert policy.metadata.get("title") == "Samlad policy"


def test_rubrik_is_a_title_key_and_a_heading_wins_over_it() -> None:
    assert parse_markdown("---\nrubrik: Från huvudet\n---\nText.\n").title == "Från huvudet"
    policy = parse_markdown("---\nrubrik: Från huvudet\n---\n# Från rubriken\n")
    assert policy.title == "Från rubriken"
    assert policy.metadata.get("rubrik") == "Från huvudet"


def test_text_before_the_title_heading_goes_to_the_body() -> None:
    policy = parse_markdown("Förord.\n\n# Titel\n\nText.\n")
    assert policy.title == "Titel"
    assert [block.text for block in policy.body if isinstance(block, Paragraph)] == [
        "Förord.",
        "Text.",
    ]


def test_setext_headings() -> None:
    policy = parse_markdown("Titel\n=====\n\nAvsnitt\nett\n-------\n\nText.\n")
    assert policy.title == "Titel"
    assert policy.body == (
        Section("Avsnitt ett", (Paragraph("Text.", id="sec_1__para_1"),), id="sec_1"),
    )


def test_atx_heading_closing_hashes_and_inline_markup_are_removed() -> None:
    policy = parse_markdown("# **Policy** för `C#` #\n\n## Del *ett* ##\n")
    assert policy.title == "Policy för C#"
    assert headings(policy.body) == ["Del ett"]


# ---------------------------------------------------------------------------------------------
# Paragraphs and inline markup


def test_hard_wrapped_lines_are_joined_with_a_space() -> None:
    assert only("Första raden\nandra raden.\n  tredje\\\nfjärde.\n") == Paragraph(
        "Första raden andra raden. tredje fjärde.", id="para_1"
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Vi **ska** och *bör* och _får_ och __kan__.", "Vi ska och bör och får och kan."),
        ("***Starkt*** och *_blandat_*.", "Starkt och blandat."),
        ("Kod `a *b* [c](d)` stannar.", "Kod a *b* [c](d) stannar."),
        ("Dubbel `` a`b `` kod.", "Dubbel a`b kod."),
        ("Se [policyn](https://example.se/a_(b)) nu.", "Se policyn nu."),
        ('Se [policyn](https://x.se "titel") nu.', "Se policyn nu."),
        ("Se [**fet** länk][ref] och [ref][] och [Ref].", "Se fet länk och ref och Ref."),
        ("Bild ![alt text](bild.png) här.", "Bild alt text här."),
        ("Adress <https://example.se/x> här.", "Adress https://example.se/x här."),
        ("Post <info@example.se> här.", "Post info@example.se här."),
        ("Escape \\*inte kursiv\\* och \\[inte länk\\].", "Escape *inte kursiv* och [inte länk]."),
        ("A <!-- dold --> B.", "A B."),
        ("A <!-- flera\nrader --> B.", "A B."),
        ("Ändra [INFOGA ADRESS] sedan.", "Ändra [INFOGA ADRESS] sedan."),
        ("snake_case_namn och 2 * 3 * 4 och a*b.", "snake_case_namn och 2 * 3 * 4 och a*b."),
        ("Ensam * stjärna och **oparad.", "Ensam * stjärna och **oparad."),
        (
            "AT&amp;T och &auml; och &#228; och &bogus; och &#0;.",
            "AT&T och ä och ä och &bogus; och \ufffd.",
        ),
        ("HTML <b>kvar</b>.", "HTML <b>kvar</b>."),
    ],
)
def test_inline_markup_is_removed_keeping_the_text(markdown: str, expected: str) -> None:
    assert only(markdown + "\n\n[ref]: https://example.se\n") == Paragraph(expected, id="para_1")


def test_reference_definitions_are_dropped_wherever_they_are() -> None:
    blocks = body('[a]: https://a.se\n[b]: <https://b.se> "B"\n\nText [a].\n\n[c]: /c\n')
    assert blocks == (Paragraph("Text a.", id="para_1"),)


def test_block_quotes_become_paragraphs() -> None:
    blocks = body("> Citat som\nfortsätter.\n>\n> > Inre.\n>\n> - punkt\n\nEfter.\n")
    assert [block for block in blocks if not isinstance(block, Paragraph)] == []
    assert [block.text for block in blocks if isinstance(block, Paragraph)] == [
        "Citat som fortsätter.",
        "Inre.",
        "punkt",
        "Efter.",
    ]


def test_horizontal_rules_are_dropped_and_separate_a_lead_in_from_its_list() -> None:
    blocks = body("Inledning utan punkt\n\n---\n\n- a\n\n***\n\nefter\n")
    assert blocks == (
        Paragraph("Inledning utan punkt", id="para_1"),
        CommitmentList([Commitment("a", id="list_1__point_1")], id="list_1"),
        Paragraph("efter", id="para_2"),
    )


def test_fenced_and_indented_code_become_paragraphs_with_their_text() -> None:
    blocks = body(
        "```text\nkod *inte kursiv*\n  [ingen](länk)\n```\n\n~~~\n~~~\n\n    indrag *x*\n"
    )
    assert blocks == (
        Paragraph("kod *inte kursiv* [ingen](länk)", id="para_1"),
        Paragraph("indrag *x*", id="para_2"),
    )


def test_unclosed_fence_runs_to_the_end() -> None:
    assert body("```\nallt\n# inte rubrik\n") == (Paragraph("allt # inte rubrik", id="para_1"),)


# ---------------------------------------------------------------------------------------------
# Lists, lead-ins and wrap-ups


@pytest.mark.parametrize(
    ("markers", "style"),
    [
        (["*", "*"], "bullet"),
        (["-", "-"], "bullet"),
        (["+", "+"], "bullet"),
        (["1.", "2."], "number"),
        (["1)", "2)"], "number"),
        (["3.", "4."], "number"),
    ],
)
def test_list_markers_and_styles(markers: list[str], style: str) -> None:
    """Ordered points keep their labels as written, start number included; bullets are
    markup, so bullet points have no label."""
    block = only(f"{markers[0]} ett\n{markers[1]} två\n")
    labels = markers if style == "number" else [None, None]
    assert block == CommitmentList(
        [
            Commitment("ett", label=labels[0], id="list_1__point_1"),
            Commitment("två", label=labels[1], id="list_1__point_2"),
        ],
        style=style,  # type: ignore[arg-type]
        id="list_1",
    )


@pytest.mark.parametrize(
    ("markdown", "labels"),
    [
        ("1. a\n1. b\n1. c\n", ["1.", "1.", "1."]),  # as written, not renumbered
        ("7) a\n8) b\n", ["7)", "8)"]),
        ("004. a\n5. b\n", ["004.", "5."]),
        ("365. a\n366. b\n", ["365.", "366."]),
    ],
)
def test_ordered_labels_are_kept_as_written(markdown: str, labels: list[str]) -> None:
    block = only(markdown)
    assert isinstance(block, CommitmentList)
    assert [item.label for item in block.items] == labels


def test_lead_in_ending_with_a_colon() -> None:
    block = only("Du ska som ledare:\n\n- lyssna\n- leda\n")
    assert isinstance(block, CommitmentList)
    assert block.lead_in == "Du ska som ledare:"
    assert item_texts(block) == ["lyssna", "leda"]


def test_lead_in_without_a_final_full_stop() -> None:
    block = only("Kommunen vill att du som ledare\n* ser helheten\n* tar ansvar\n")
    assert isinstance(block, CommitmentList)
    assert block.lead_in == "Kommunen vill att du som ledare"


@pytest.mark.parametrize("ending", [".", "!", "?", '."', ".)"])
def test_a_finished_sentence_before_a_list_stays_a_paragraph(ending: str) -> None:
    paragraph, block = body(f"Detta är en mening{ending}\n\n- punkt\n")
    assert paragraph == Paragraph(f"Detta är en mening{ending}", id="para_1")
    assert isinstance(block, CommitmentList) and block.lead_in is None


def test_lowercase_paragraph_after_a_list_is_its_wrap_up() -> None:
    blocks = body("Vi ska:\n\n- lyssna\n- svara\n\nsamt följa upp.\n\nNästa stycke.\n")
    assert blocks == (
        CommitmentList(
            [Commitment("lyssna", id="list_1__point_1"), Commitment("svara", id="list_1__point_2")],
            lead_in="Vi ska:",
            wrap_up="samt följa upp.",
            id="list_1",
        ),
        Paragraph("Nästa stycke.", id="para_1"),
    )


def test_uppercase_paragraph_after_a_list_is_a_paragraph() -> None:
    block, paragraph = body("- a\n\nDärefter gäller detta.\n")
    assert isinstance(block, CommitmentList) and block.wrap_up is None
    assert paragraph == Paragraph("Därefter gäller detta.", id="para_1")


def test_a_wrap_up_is_not_also_the_next_lists_lead_in() -> None:
    first, second = body("- a\n\noch sedan\n\n1. b\n")
    assert isinstance(first, CommitmentList) and isinstance(second, CommitmentList)
    assert first.wrap_up == "och sedan"
    assert second.lead_in is None


def test_lazy_continuation_and_indented_continuation_join_the_item() -> None:
    block = only(
        "* första punkten som\nfortsätter utan indrag\n* andra som\n  fortsätter\n* tredje\n"
    )
    assert item_texts(block) == [
        "första punkten som fortsätter utan indrag",
        "andra som fortsätter",
        "tredje",
    ]


def test_loose_list_is_one_list() -> None:
    block = only("1. ett,\n\n2. två,\n\n\n3. tre.\n")
    assert isinstance(block, CommitmentList) and block.style == "number"
    assert item_texts(block) == ["ett,", "två,", "tre."]


def test_item_with_several_paragraphs_is_one_commitment() -> None:
    block = only("- första stycket\n\n  andra stycket\n- nästa\n")
    assert item_texts(block) == ["första stycket andra stycket", "nästa"]


def test_nested_lists_are_sublists_of_their_point() -> None:
    block = only("- ett:\n  - ett a\n  - ett b\n    1. ett b i\n- två\n  text efter ingen lista\n")
    assert block == CommitmentList(
        [
            Commitment(
                "ett:",
                sublist=CommitmentList(
                    [
                        Commitment("ett a", id="list_1__point_1__list_1__point_1"),
                        Commitment(
                            "ett b",
                            sublist=CommitmentList(
                                [
                                    Commitment(
                                        "ett b i",
                                        label="1.",
                                        id="list_1__point_1__list_1__point_2__list_1__point_1",
                                    )
                                ],
                                style="number",
                                id="list_1__point_1__list_1__point_2__list_1",
                            ),
                            id="list_1__point_1__list_1__point_2",
                        ),
                    ],
                    id="list_1__point_1__list_1",
                ),
                id="list_1__point_1",
            ),
            Commitment("två text efter ingen lista", id="list_1__point_2"),
        ],
        id="list_1",
    )


def test_text_after_a_nested_list_in_the_same_item_is_its_wrap_up() -> None:
    block = only("- förälder\n\n  - barn\n\n  fortsatt förälder\n- nästa\n")
    assert isinstance(block, CommitmentList)
    parent, following = block.items
    assert parent.text == "förälder"
    assert parent.sublist is not None
    assert item_texts(parent.sublist) == ["barn"]
    assert parent.sublist.wrap_up == "fortsatt förälder"
    assert following.text == "nästa"


def test_a_point_holding_only_a_list_gives_its_place_to_that_lists_points() -> None:
    block = only("- - a\n  - b\n- c\n")
    assert item_texts(block) == ["a", "b", "c"]


def test_an_empty_ordered_point_keeps_its_label_as_text() -> None:
    block = only("1. a\n2.\n3. c\n")
    assert isinstance(block, CommitmentList)
    assert [(item.label, item.text) for item in block.items] == [
        ("1.", "a"),
        (None, "2."),
        ("3.", "c"),
    ]


def test_two_nested_lists_in_one_point_make_one_sublist() -> None:
    block = only("- a\n\n  - b\n\n  mellan\n\n  1. c\n\n  efter\n")
    assert isinstance(block, CommitmentList)
    (point,) = block.items
    assert point.sublist is not None
    assert [(item.label, item.text) for item in point.sublist.items] == [
        (None, "b mellan"),
        ("1.", "c"),
    ]
    assert point.sublist.wrap_up == "efter"


def test_lettered_paragraphs_in_a_point_are_its_sublist() -> None:
    block = only("4. destillationen ska innebära att\n\n   a) först,\n\n   b) sedan\n5. sist\n")
    assert isinstance(block, CommitmentList)
    fourth, fifth = block.items
    assert fourth.sublist is not None
    assert [(item.label, item.text) for item in fourth.sublist.items] == [
        ("a)", "först,"),
        ("b)", "sedan"),
    ]
    assert (fifth.label, fifth.text) == ("5.", "sist")


SFS_PATTERN = (
    "För klassificering ska en bensin uppfylla följande krav:\n\n"
    "3. ångtrycket ska vara lägst 45 kilopascal,\n\n"
    "4. destillationen ska innebära att\n\n"
    "a) under vintern minst 50 procent har förångats,\n\n"
    "b) minst 75,0 volymprocent har förångats, och\n\n"
    "c) slutkokpunkten är högst 205 grader Celsius,\n\n"
    "5. olefiner får förekomma med högst 13,0 volymprocent,\n\n"
    "6. aromater får förekomma med högst 35,0 volymprocent.\n"
)


def test_lettered_paragraphs_after_an_open_point_are_its_sublist_and_the_list_goes_on() -> None:
    block = only(SFS_PATTERN)
    assert isinstance(block, CommitmentList)
    assert block.lead_in == "För klassificering ska en bensin uppfylla följande krav:"
    assert [item.label for item in block.items] == ["3.", "4.", "5.", "6."]
    fourth = block.items[1]
    assert fourth.text == "destillationen ska innebära att"
    assert fourth.sublist is not None
    assert [(item.label, item.text.split()[0]) for item in fourth.sublist.items] == [
        ("a)", "under"),
        ("b)", "minst"),
        ("c)", "slutkokpunkten"),
    ]
    assert fourth.sublist.id == "list_1__point_2__list_1"


def test_lettered_paragraphs_after_a_closed_point_are_a_list_of_their_own() -> None:
    blocks = body("1. en mening.\n\nSå här:\n\na) ett\n\nb) två\n\n2. inte fortsatt\n")
    assert [type(block) for block in blocks] == [CommitmentList, CommitmentList, CommitmentList]
    _first, lettered, last = blocks
    assert isinstance(lettered, CommitmentList) and isinstance(last, CommitmentList)
    assert lettered.lead_in == "Så här:"
    assert [item.label for item in lettered.items] == ["a)", "b)"]
    assert [item.label for item in last.items] == ["2."]


@pytest.mark.parametrize(
    "markdown",
    [
        "a) ensam punkt\n",  # one lettered paragraph is not a list
        "b) ett\n\nc) två\n",  # not from the first letter
        "a) ett\n\nc) två\n",  # not in sequence
    ],
)
def test_lettered_paragraphs_that_are_not_a_sequence_stay_paragraphs(markdown: str) -> None:
    assert all(isinstance(block, Paragraph) for block in body(markdown))


def test_definition_lines_stay_paragraphs_and_a_definition_before_a_list_is_its_lead_in() -> None:
    blocks = body(
        "I denna lag avses med\n\n"
        "bensin: ett bränsle som är avsett för motordrift,\n\n"
        "sommar: tiden\n\n- från maj, och\n\n"
        "vinter: tiden\n\n- från oktober.\n"
    )
    assert [type(block) for block in blocks] == [
        Paragraph,
        Paragraph,
        CommitmentList,
        CommitmentList,
    ]
    assert isinstance(blocks[2], CommitmentList) and isinstance(blocks[3], CommitmentList)
    assert blocks[2].lead_in == "sommar: tiden"
    assert blocks[2].wrap_up is None
    assert blocks[3].lead_in == "vinter: tiden"


# ---------------------------------------------------------------------------------------------
# Tables


def test_a_gfm_table_is_a_table_with_its_header_row() -> None:
    block = only(
        "| Namn | Plats |\n| --- | :---: |\n| Azure | United States,</br>Japan |\n"
        "| Npm, Inc. \t| |\n| a \\| b | <br>c |\n"
    )
    assert block == Table(
        [
            Row(
                [
                    Cell("Namn", id="table_1__row_1__cell_1"),
                    Cell("Plats", id="table_1__row_1__cell_2"),
                ],
                header=True,
                id="table_1__row_1",
            ),
            Row(
                [
                    Cell("Azure", id="table_1__row_2__cell_1"),
                    Cell("United States, Japan", id="table_1__row_2__cell_2"),
                ],
                id="table_1__row_2",
            ),
            Row(
                [
                    Cell("Npm, Inc.", id="table_1__row_3__cell_1"),
                    Cell("", id="table_1__row_3__cell_2"),
                ],
                id="table_1__row_3",
            ),
            Row(
                [
                    Cell("a | b", id="table_1__row_4__cell_1"),
                    Cell("c", id="table_1__row_4__cell_2"),
                ],
                id="table_1__row_4",
            ),
        ],
        id="table_1",
    )


def test_cells_beyond_the_header_are_kept_and_missing_cells_are_empty() -> None:
    block = only("| a | b |\n|---|---|\n| 1 | 2 | 3 **fyra** |\n| 5 |\n")
    assert isinstance(block, Table)
    assert [[cell.text for cell in row.cells] for row in block.rows] == [
        ["a", "b"],
        ["1", "2", "3 fyra"],
        ["5", ""],
    ]


def test_a_table_stands_between_paragraphs_and_in_sections() -> None:
    policy = parse_markdown("# T\n\n## Avgifter\n\nTaxa:\n\n| a | b |\n|-|-|\n| 1 | 2 |\n\nSlut.\n")
    (fees,) = policy.body
    assert isinstance(fees, Section)
    assert [type(child) for child in fees.children] == [Paragraph, Table, Paragraph]
    assert fees.children[1].id == "sec_1__table_1"


def test_a_table_in_a_block_quote_is_a_table() -> None:
    (table,) = body("> | a | b |\n> |---|---|\n> | c | d |\n")
    assert isinstance(table, Table)
    assert [[cell.text for cell in row.cells] for row in table.rows] == [["a", "b"], ["c", "d"]]


def test_pipes_without_a_delimiter_row_are_text() -> None:
    assert only("a | b\nc | d\n") == Paragraph("a | b c | d", id="para_1")


def test_changing_the_bullet_starts_a_new_list() -> None:
    first, second = body("- a\n- b\n+ c\n")
    assert item_texts(first) == ["a", "b"]
    assert item_texts(second) == ["c"]


def test_an_ordered_item_not_numbered_1_does_not_interrupt_a_paragraph() -> None:
    assert body("Lagen från\n2008. Den gäller.\n") == (
        Paragraph("Lagen från 2008. Den gäller.", id="para_1"),
    )


def test_empty_list_items_are_dropped_without_losing_words() -> None:
    block = only("-\n- a\n-\n")
    assert item_texts(block) == ["a"]


def test_lists_in_sections_get_positional_ids() -> None:
    policy = parse_markdown("# T\n\n## A\n\nLeda:\n\n- x\n- y\n")
    assert policy.find("sec_1__list_1__point_2") == Commitment("y", id="sec_1__list_1__point_2")


def test_crlf_and_lf_give_the_same_policy() -> None:
    text = "---\ntitle: T\n---\n# T\n\nVi ska:\n\n- a\n  b\n\nslut.\n"
    assert parse_markdown(text.replace("\n", "\r\n")) == parse_markdown(text)


# ---------------------------------------------------------------------------------------------
# Front matter


def test_yaml_front_matter_maps_known_keys_and_keeps_the_rest_in_order() -> None:
    text = (
        "---\n"
        "typ: Riktlinje\n"
        "dokumentansvarig: HR-chefen\n"
        "omfattning: Alla anställda\n"
        "gäller_från: 2020-01-01\n"
        "valid_until: '2024-12-31'\n"
        "review_by: 2023-06-30\n"
        "ersätter: [Gammal policy, Äldre riktlinje]\n"
        "source: https://example.se/policy.pdf\n"
        "ikraft_datum: 2020-02-01\n"
        "nummer: 2011:10\n"
        "version: 1.10\n"
        "kod: 010\n"
        "antal: 3\n"
        "aktiv: true\n"
        "tom:\n"
        "stämpel: 2020-01-01 10:30:00\n"
        "lista: [1, två, 2020-01-01]\n"
        "karta: {nyckel: värde, 2: [a]}\n"
        "---\n"
        "# Policy\n"
    )
    metadata = parse_markdown(text).metadata
    assert metadata.document_type == "Riktlinje"
    assert metadata.owner == "HR-chefen"
    assert metadata.scope == "Alla anställda"
    assert metadata.valid_from == datetime.date(2020, 1, 1)
    assert metadata.valid_until == datetime.date(2024, 12, 31)
    assert metadata.review_by == datetime.date(2023, 6, 30)
    assert metadata.replaces == ("Gammal policy", "Äldre riktlinje")
    assert metadata.source == "https://example.se/policy.pdf"
    assert metadata.extra == (
        ("ikraft_datum", "2020-02-01"),
        ("nummer", "2011:10"),
        ("version", "1.10"),
        ("kod", "010"),
        ("antal", "3"),
        ("aktiv", "true"),
        ("tom", ""),
        ("stämpel", "2020-01-01T10:30:00"),
        ("lista", '[1,"två","2020-01-01"]'),
        ("karta", '{"nyckel":"värde","2":["a"]}'),
    )


def test_toml_front_matter() -> None:
    text = (
        '+++\nversion = "1.4"\naliases = ["/version/1/4"]\nowner = "Kansliet"\n'
        'valid_from = 2021-03-01\nreplaces = "Policy 2019"\n[extra]\nnote = "ja"\n+++\n\n# T\n'
    )
    metadata = parse_markdown(text).metadata
    assert metadata.owner == "Kansliet"
    assert metadata.valid_from == datetime.date(2021, 3, 1)
    assert metadata.replaces == ("Policy 2019",)
    assert metadata.extra == (
        ("version", "1.4"),
        ("aliases", '["/version/1/4"]'),
        ("extra", '{"note":"ja"}'),
    )


def test_empty_front_matter_is_allowed() -> None:
    policy = parse_markdown("---\n---\n# T\n")
    assert policy.metadata.extra == ()
    assert policy.decisions == ()


def test_beslut_is_parsed_with_parse_decision() -> None:
    text = (
        "---\nbeslut:\n  - Antagen av kommunfullmäktige 2005-03-21, § 34\n"
        "  - Reviderad KF 2007-06-18 § 118\n---\n# T\n"
    )
    policy = parse_markdown(text)
    assert policy.decisions == (
        parse_decision("Antagen av kommunfullmäktige 2005-03-21, § 34"),
        parse_decision("Reviderad KF 2007-06-18 § 118"),
    )
    assert policy.decision is not None and policy.decision.item == 118
    single = parse_markdown("---\ndecision: Reviderad KF 2007-06-18 § 118\n---\n# T\n")
    assert single.decisions == (parse_decision("Reviderad KF 2007-06-18 § 118"),)


def test_decisions_are_sorted_chronologically() -> None:
    text = (
        "---\nbeteckning: '2001:1'\nutfardad_datum: 2001-05-01\nandringsforfattningar:\n"
        "  - beteckning: '2010:5'\n    ikraft_datum: 2011-01-01\n"
        "  - beteckning: '2003:9'\n    ikraft_datum: 2004-01-01\n"
        "  - beteckning: '2020:7'\n"
        "beslut: Reviderad KF 2007-06-18 § 118\n---\n# T\n"
    )
    decisions = parse_markdown(text).decisions
    assert [decision.act_number for decision in decisions] == [
        "SFS 2001:1",
        "SFS 2003:9",
        None,
        "SFS 2010:5",
        "SFS 2020:7",
    ]
    assert decisions[-1].date is None and decisions[-1].year == 2020


# ---------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        ("", "empty", "doc.md"),
        ("  \n\n\t\n", "empty", "doc.md"),
        ("<!-- bara en kommentar -->\n", "no content", "doc.md"),
        ("Bara text.\n", "no title", "doc.md"),
        ("# A\n\n# B\n", "no title", "doc.md"),
        ("---\nowner: x\n---\n", "no title", "doc.md"),
        ("---\ntitle: x\n\n# T\n", "never closed", "doc.md, line 1"),
        ("+++\ntitle = 'x'\n", "never closed", "doc.md, line 1"),
        ("---\ntitle: x\nowner: [a, b\n---\n# T\n", "malformed YAML", "doc.md, line 3, column 13"),
        ("---\ntitle: x\n  bad: indent\n---\n# T\n", "malformed YAML", "doc.md, line 3, column 6"),
        ("+++\ntitle = 'x'\nowner = \n+++\n# T\n", "malformed TOML", "doc.md, line 3"),
        ("+++\na = 1\nb = [1,\nc\n+++\n# T\n", "malformed TOML", "doc.md, line 4, column 1"),
        ("---\n- a\n- b\n---\n# T\n", "must be a mapping", "doc.md, line 2"),
        ("---\ntitle: T\nvalid_from: 2007-02-30\n---\n# T\n", "malformed YAML", "doc.md, line 3"),
        ("---\na: !!timestamp x\n---\n# T\n", "malformed YAML", "doc.md, lines 1-3"),
        ("---\ntitle: x\nvalid_from: snart\n---\n# T\n", "needs a date", "doc.md, line 3"),
        ("---\nbeslut: inget beslut\n---\n# T\n", "'beslut'", "doc.md, line 2"),
        ("---\nbeslut: [1]\n---\n# T\n", "decision references as text", "doc.md, line 2"),
        ("---\nandringsforfattningar: 3\n---\n# T\n", "list of amending acts", "doc.md, line 2"),
        ("---\nandringsforfattningar: [{rubrik: x}]\n---\n# T\n", "neither", "doc.md, line 2"),
        (
            "---\ntitle: T\nandringsforfattningar:\n  - ikraft_datum: snart\n---\n",
            "needs a date",
            "doc.md, line 3",
        ),
        ("---\ntitle: [a, b]\n---\nText.\n", "no title", "doc.md"),
        ("---\nutfardad_datum: igår\n---\n# T\n", "needs a date", "doc.md, line 2"),
        ("# T\n\nText\x01 här.\n", "U+0001", "doc.md, line 3, column 5"),
        ("# T\n\n##\n", "heading has no text", "doc.md, line 3"),
        ("# T\n\n## ##\n", "heading has no text", "doc.md, line 3"),
        ("# T\n\n## <!-- x -->\n", "heading has no text", "doc.md, line 3"),
        ("# T\n\n" + ">" * 200 + " djupt\n", "nested too deeply", "doc.md, line 3"),
        ("# T\n\n" + "- " * 12 + "djupt\n", "nested too deeply", "doc.md, line 3"),
    ],
)
def test_errors_say_what_and_where(text: str, message: str, where: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_markdown(text, source="doc.md")
    assert message in caught.value.what
    assert caught.value.where == where
    assert "\n" not in str(caught.value)


def test_a_front_matter_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 7)]
    with pytest.raises(ParseError, match="too large"):
        parse_markdown("---\ntitle: T\n" + "\n".join(lines) + "\n---\n")


def test_python_objects_in_yaml_are_refused() -> None:
    with pytest.raises(ParseError, match="malformed YAML"):
        parse_markdown("---\ntitle: !!python/object/apply:os.system ['true']\n---\n# T\n")


# ---------------------------------------------------------------------------------------------
# Properties

MARKDOWNISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "#",
                "## ",
                "*",
                "**",
                "_",
                "-",
                "+",
                "1. ",
                "2) ",
                ">",
                "`",
                "```",
                "~~~",
                "[",
                "]",
                "(",
                ")",
                "!",
                ":",
                ".",
                " ",
                "  ",
                "    ",
                "\n",
                "\n\n",
                "\\",
                "<",
                ">",
                "&amp;",
                "<!--",
                "-->",
                "===",
                "---",
                "+++",
                "[a]: u\n",
                "<https://a.se>",
                "x",
                "Ord",
                "ord",
                "ä",
                "\t",
                "\r\n",
            ]
        ),
        st.text(max_size=5),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKDOWNISH, with_title=st.booleans())
def test_arbitrary_markdownish_text_imports_or_raises_our_errors(
    text: str, with_title: bool
) -> None:
    source = ("# Titel\n\n" + text) if with_title else text
    try:
        policy = parse_markdown(source)
    except (ParseError, ModelError):
        return
    assert policy.title
    ids = [node.id for node in policy.walk()]
    assert len(ids) == len(set(ids))


WORD = st.sampled_from(
    [
        "ska",
        "bör",
        "får",
        "kan",
        "och",
        "att",
        "vi",
        "du",
        "ledare",
        "medarbetare",
        "ansvar",
        "öppenhet",
        "tillit",
        "mål",
        "arbete",
        "i",
        "för",
        "med",
        "av",
        "nämnden",
        "kommunen",
        "varje",
        "dag",
        "också",
        "ärligt",
        "tydlig",
        "återkoppling",
    ]
)


def sentence(*, capital: bool, end: str) -> st.SearchStrategy[str]:
    def build(words: list[str]) -> str:
        first = words[0].capitalize() if capital else words[0]
        return " ".join([first, *words[1:]]) + end

    return st.lists(WORD, min_size=1, max_size=10).map(build)


PARAGRAPHS = sentence(capital=True, end=".").map(Paragraph)
ITEMS = st.lists(sentence(capital=False, end="") | sentence(capital=True, end=""), min_size=1)
COMMITMENT_LISTS = st.builds(
    CommitmentList,
    ITEMS.map(lambda texts: [Commitment(text) for text in texts[:5]]),
    lead_in=sentence(capital=True, end=":"),
    wrap_up=st.none() | sentence(capital=False, end="."),
    style=st.sampled_from(["bullet", "number"]),
)
LEAVES: st.SearchStrategy[list[Block]] = st.lists(PARAGRAPHS | COMMITMENT_LISTS, max_size=3)


def with_sections(inner: st.SearchStrategy[list[Block]]) -> st.SearchStrategy[list[Block]]:
    sections = st.lists(st.builds(Section, sentence(capital=True, end=""), inner), max_size=2)
    return st.tuples(LEAVES, sections).map(lambda pair: [*pair[0], *pair[1]])


TREES = with_sections(with_sections(with_sections(LEAVES)))


def wrap(text: str, width: int, indent: str, lazy: bool) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    continuation = "" if lazy else indent
    return ("\n" + continuation).join(lines)


def render(title: str, body: list[Block], data: st.DataObject) -> str:
    width = data.draw(st.integers(10, 80), label="width")
    out = [f"# {title}", ""]

    def emit(blocks: list[Block] | tuple[Block, ...], level: int) -> None:
        for block in blocks:
            if isinstance(block, Section):
                out.extend(["#" * level + " " + block.heading, ""])
                emit(block.children, level + 1)
            elif isinstance(block, Paragraph):
                out.extend([wrap(block.text, width, "", False), ""])
            else:
                assert block.lead_in is not None
                out.append(wrap(block.lead_in, width, "", False))
                if data.draw(st.booleans(), label="gap"):
                    out.append("")
                loose = data.draw(st.booleans(), label="loose")
                bullet = data.draw(st.sampled_from("*-+"), label="bullet")
                for number, item in enumerate(block.items, start=1):
                    marker = f"{number}." if block.style == "number" else bullet
                    lazy = data.draw(st.booleans(), label="lazy")
                    text = wrap(item.text, width, " " * (len(marker) + 1), lazy)
                    out.append(f"{marker} {text}")
                    if loose:
                        out.append("")
                out.append("")
                if block.wrap_up is not None:
                    out.extend([wrap(block.wrap_up, width, "", False), ""])

    emit(body, 2)
    return "\n".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=sentence(capital=True, end=""), tree=TREES, data=st.data())
def test_parse_of_rendered_markdown_gives_back_the_tree(
    title: str, tree: list[Block], data: st.DataObject
) -> None:
    # A paragraph right after a list without a wrap-up must not look like one: ours are
    # capitalised, so the rendering is unambiguous.
    policy = parse_markdown(render(title, tree, data))
    assert policy.title == title
    assert policy.body == assign_positional_ids(labelled(tree))


def labelled(blocks: list[Block] | tuple[Block, ...]) -> list[Block]:
    """*blocks* with the labels ``render`` writes: ``1.``, ``2.``, … for numbered points."""
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, Section):
            result.append(attrs.evolve(block, children=labelled(block.children)))
        elif isinstance(block, CommitmentList) and block.style == "number":
            items = [
                attrs.evolve(item, label=f"{number}.")
                for number, item in enumerate(block.items, start=1)
            ]
            result.append(attrs.evolve(block, items=items))
        else:
            result.append(block)
    return result


def test_thousands_of_brackets_are_kept_as_text() -> None:
    (paragraph,) = body("[" * 5000 + "x" + "](u)" * 3 + " slut\n")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "[" * 4999 + "x](u)](u) slut"
