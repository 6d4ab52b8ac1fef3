"""The text importer on statute-shaped text: provisions, labelled and nested points, decision
histories anywhere in the document."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyversions.errors import ParseError
from policyversions.importers.decision_text import parse_decision
from policyversions.importers.text import parse_text
from policyversions.model import Action, Commitment, CommitmentList, Paragraph, Section
from wordcount import reading_words, text_words

ARBETSORDNING = """\
Arbetsordning för kommunfullmäktige

Antal ledamöter
§ 1
Fullmäktige har 49 ledamöter.

Ordförande
§ 2 Val av presidium
Fullmäktige väljer bland sina ledamöter en ordförande samt en förste
och en andre vice ordförande.

§ 3 Fullmäktige ska sammanträda
1. i februari,
2. i juni, och
3. i november.

8 d § Nämnden får besluta att
a) ärendet ska beredas,
b) ärendet ska avgöras direkt.

Antagen av kommunfullmäktige den 12 maj 1992, § 41. Senast ändrad av
kommunfullmäktige den 19 februari 2018, § 9 (Dnr KS 2017/388).
"""


def test_a_section_sign_text_imports_as_provisions_with_its_closing_decision_history() -> None:
    policy = parse_text(ARBETSORDNING, source="arbetsordning.txt")
    assert policy.title == "Arbetsordning för kommunfullmäktige"
    assert policy.decisions == (
        parse_decision("Antagen av kommunfullmäktige den 12 maj 1992, § 41"),
        parse_decision(
            "Reviderad av kommunfullmäktige den 19 februari 2018, § 9 (Dnr KS 2017/388)"
        ),
    )
    assert policy.decisions[0].date == datetime.date(1992, 5, 12)
    assert policy.decisions[1].action is Action.REVISED
    assert policy.decisions[1].case_number == "KS 2017/388"
    members, chair = policy.body
    assert isinstance(members, Section) and isinstance(chair, Section)
    assert (members.number, members.heading) == (None, "Antal ledamöter")
    (first,) = members.children
    assert isinstance(first, Section)
    assert (first.number, first.heading) == ("§ 1", None)
    assert first.children == (
        Paragraph("Fullmäktige har 49 ledamöter.", id="sec_1__sec_1__para_1"),
    )
    assert [child.title for child in chair.children if isinstance(child, Section)] == [
        "§ 2 Val av presidium",
        "§ 3 Fullmäktige ska sammanträda",
        "8 d §",  # "Nämnden får besluta att" is the lead-in of its points, not a heading
    ]
    third = chair.children[1]
    assert isinstance(third, Section)
    (meetings,) = third.children
    assert isinstance(meetings, CommitmentList)
    assert [(item.label, item.text) for item in meetings.items] == [
        ("1.", "i februari,"),
        ("2.", "i juni, och"),
        ("3.", "i november."),
    ]
    fourth = chair.children[2]
    assert isinstance(fourth, Section)
    (lead_in_list,) = fourth.children
    assert isinstance(lead_in_list, CommitmentList)
    assert lead_in_list.lead_in == "Nämnden får besluta att"
    assert [item.label for item in lead_in_list.items] == ["a)", "b)"]
    words = " ".join(reading_words(policy))
    assert "Antagen" not in words and "2017/388" not in words  # not left as body text


def test_every_word_but_the_decision_lines_is_in_the_tree() -> None:
    policy = parse_text(ARBETSORDNING)
    lines = ARBETSORDNING.splitlines()
    body = "\n".join(lines[:-2])
    assert reading_words(policy) == text_words(body)


@pytest.mark.parametrize(
    "closing",
    [
        "Antagen av kommunfullmäktige den 12 maj 1992, § 41.",
        "(Antagen KF 1992-05-12 § 41, reviderad KF 2018-02-19 § 9)",
        "Antagen av KF 1992-05-12 § 41; ändrad av KF 2018-02-19 § 9.",
    ],
)
def test_decision_lines_anywhere_in_the_body_become_decisions(closing: str) -> None:
    policy = parse_text(f"Riktlinje\n\nSyfte\nText här.\n\n{closing}\n\nMer text.\n")
    assert policy.decisions
    assert policy.decisions[0].date == datetime.date(1992, 5, 12)
    assert closing.split()[0] not in " ".join(reading_words(policy))


def test_a_decision_at_the_end_of_a_paragraph_is_taken_out_after_a_full_stop() -> None:
    policy = parse_text("Riktlinje\n\nText här.\nReviderad KF 2018-02-19 § 9.\n")
    assert policy.decisions == (parse_decision("Reviderad KF 2018-02-19 § 9"),)
    assert policy.body == (Paragraph("Text här.", id="para_1"),)


def test_decisions_are_oldest_first_and_once_each() -> None:
    policy = parse_text(
        "Riktlinje\n(Reviderad KF 2018-02-19 § 9)\n\nText.\n\n"
        "Antagen KF 1992-05-12 § 41. Senast reviderad KF 2018-02-19 § 9.\n"
    )
    assert [d.year for d in policy.decisions] == [1992, 2018]


def test_a_decision_inside_a_sentence_stays_text() -> None:
    text = (
        "Riktlinje\n\nDen antogs när KF beslutade, se Antagen KF 1992-05-12 § 41 i protokollet.\n"
    )
    policy = parse_text(text)
    assert policy.decisions == ()
    assert reading_words(policy) == text_words(text)


def test_a_section_number_that_cites_is_no_provision() -> None:
    policy = parse_text(
        "Riktlinje\n\nDet som står här gäller för alla nämnder enligt\n"
        "4 § första stycket i lagen.\n"
    )
    assert policy.body == (
        Paragraph(
            "Det som står här gäller för alla nämnder enligt 4 § första stycket i lagen.",
            id="para_1",
        ),
    )


def test_a_provision_line_after_a_finished_sentence_starts_a_provision() -> None:
    policy = parse_text(
        "Stadga\n\n§ 1 Fullmäktige har 49 ledamöter.\n§ 2 Val sker vart fjärde år.\n"
    )
    assert [
        (node.number, node.heading, node.children[0].text)  # type: ignore[union-attr]
        for node in policy.body
        if isinstance(node, Section)
    ] == [
        ("§ 1", None, "Fullmäktige har 49 ledamöter."),
        ("§ 2", None, "Val sker vart fjärde år."),
    ]


def test_chapters_hold_headings_and_provisions() -> None:
    policy = parse_text(
        "Lag\n\n1 kap. Inledande bestämmelser\n\n1 § Lagen gäller.\n\n"
        "2 kap. Tillsyn\n\nTillsynen\n2 § Nämnden utövar tillsyn.\n"
    )
    first, second = policy.body
    assert isinstance(first, Section) and isinstance(second, Section)
    assert (first.number, first.heading) == ("1 kap.", "Inledande bestämmelser")
    assert [child.title for child in first.children if isinstance(child, Section)] == ["1 §"]
    assert second.number == "2 kap."
    (heading,) = second.children
    assert isinstance(heading, Section) and heading.heading == "Tillsynen"
    assert [child.title for child in heading.children if isinstance(child, Section)] == ["2 §"]


STATUTE_POINTS = """\
Drivmedelslag

4 §
För klassificering i miljöklass 1 ska en bensin uppfylla följande tekniska krav:
1. researchoktantalet ska vara lägst 95,
4. destillationen ska innebära att
a) under vintern minst 50 procent har förångats,
b) minst 75,0 volymprocent har förångats, och
c) slutkokpunkten är högst 205 grader Celsius,
5. olefiner får förekomma med högst 13,0 volymprocent,
365. och så vidare.
"""


def test_lettered_points_nest_under_an_open_numbered_point_and_the_numbers_go_on() -> None:
    policy = parse_text(STATUTE_POINTS)
    (provision,) = policy.body
    assert isinstance(provision, Section) and provision.number == "4 §"
    (points,) = provision.children
    assert isinstance(points, CommitmentList) and points.style == "number"
    assert points.lead_in == (
        "För klassificering i miljöklass 1 ska en bensin uppfylla följande tekniska krav:"
    )
    assert [item.label for item in points.items] == ["1.", "4.", "5.", "365."]
    fourth = points.items[1]
    assert fourth.sublist is not None
    assert [item.label for item in fourth.sublist.items] == ["a)", "b)", "c)"]
    assert reading_words(policy) == text_words(STATUTE_POINTS)


def test_indented_points_nest_and_roman_points_nest_under_letters() -> None:
    policy = parse_text(
        "Plan\n\nVi ska:\n1. planera\n   a) budget\n   b) mål, som ska\n      i) mätas\n"
        "      ii) följas upp\n2. genomföra\n"
    )
    (points,) = policy.body
    assert isinstance(points, CommitmentList)
    first, second = points.items
    assert (first.label, second.label) == ("1.", "2.")
    assert first.sublist is not None
    letters = first.sublist.items
    assert [item.label for item in letters] == ["a)", "b)"]
    assert letters[1].sublist is not None
    assert [item.label for item in letters[1].sublist.items] == ["i)", "ii)"]


def test_a_letter_after_a_closed_point_starts_no_sublist() -> None:
    policy = parse_text("Plan\n\nVi ska:\n1. planera.\na) Något annat.\nb) Mer.\n")
    kinds = [type(block) for block in policy.body]
    assert kinds == [CommitmentList, CommitmentList]


def test_a_lone_bullet_keeps_its_bullet() -> None:
    policy = parse_text("Plan\n\nVi ska\n•\n• göra b\n")
    (points,) = policy.body
    assert isinstance(points, CommitmentList)
    assert [(item.label, item.text) for item in points.items] == [(None, "•"), (None, "göra b")]


@pytest.mark.parametrize(
    "points",
    [
        # 10,000 points, each opening a list of the other kind under the one before
        "".join(
            "1. ska innebära att\n" if level % 2 else "a) ska innebära att\n"
            for level in range(10_000)
        ),
        # 1,000 points, each indented deeper than the one before
        "".join(" " * (2 * level) + "• a:\n" for level in range(1_000)),
    ],
    ids=["alternating", "indented"],
)
def test_points_nested_too_deeply_are_refused_with_a_clear_error(points: str) -> None:
    with pytest.raises(ParseError, match="nest deeper than 16 levels") as caught:
        parse_text("Plan\n\nVi ska\n" + points, source="djup.txt")
    assert caught.value.where is not None and caught.value.where.startswith("djup.txt, line ")


def test_numbered_headings_nested_too_deeply_are_refused() -> None:
    heading = ".".join(["1"] * 40)
    with pytest.raises(ParseError, match="nest deeper"):
        parse_text(
            "Plan\n\n"
            + "".join(f"{'.'.join(['1'] * n)} Rubrik\nText.\n\n" for n in range(1, 40))
            + heading
        )


def test_control_characters_are_removed_by_a_lenient_import() -> None:
    with pytest.warns(Warning) as caught:
        policy = parse_text("Plan\n\nText\x9c här\x0bnu.\n", source="doc.txt", lenient=True)
    assert policy.body == (Paragraph("Text här nu.", id="para_1"),)
    messages = [str(warning.message) for warning in caught]
    assert messages == [
        "control character U+009C is not allowed in policy text: removed (doc.txt, line 3, "
        "column 5)",
        "control character U+000B is not allowed in policy text: replaced by a space "
        "(doc.txt, line 3, column 10)",
    ]


# --- words in, words out ----------------------------------------------------------------------

CLOSING = "Antagen av kommunfullmäktige den 12 maj 1992, § 41."
_STATUTE_LINES = st.sampled_from(
    [
        "§ 1",
        "1 §",
        "8 d §",
        "§ 4 Tillsyn",
        "2 kap. Tillsyn",
        "1. researchoktantalet ska vara lägst 95,",
        "4. destillationen ska innebära att",
        "a) under vintern",
        "b) minst 75,0 volymprocent",
        "   c) indraget",
        "ii) romerskt",
        "5. olefiner får förekomma",
        "• är synlig",
        "– hälsa,",
        "Den som tillverkar ska ange miljöklass.",
        "Ordförklaringar",
        "bensin: ett bränsle,",
        "",
        " ",
        CLOSING,
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_STATUTE_LINES, max_size=24))
def test_statute_shaped_text_keeps_every_word(lines: list[str]) -> None:
    text = "Lag\n\n" + "\n".join(lines)
    try:
        policy = parse_text(text)
    except ParseError:
        return
    source = text_words(text)
    tree = reading_words(policy)
    # Each closing line the importer took went into the decisions: count its words there.
    closing = CLOSING.split()
    starts = [i for i in range(len(source)) if source[i : i + len(closing)] == closing]
    candidates = [
        [word for i, word in enumerate(source) if not any(s <= i < s + len(closing) for s in taken)]
        for size in range(len(starts) + 1)
        for taken in itertools.combinations(starts, size)
    ]
    assert tree in candidates
    assert bool(policy.decisions) == (tree != source)
    for node in policy.walk():
        if isinstance(node, Commitment) and node.label is not None:
            assert node.label in text
