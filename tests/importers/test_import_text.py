"""The plain-text (PDF extraction) importer: the seed document, small texts, robustness."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policyversions.errors import ModelError, ParseError
from policyversions.importers.decision_text import parse_decision
from policyversions.importers.text import join_lines, parse_text
from policyversions.model import Commitment, CommitmentList, Paragraph, Policy, Section
from wordcount import reading_words, text_words

SEED = (
    Path(__file__).resolve().parents[2] / "corpus" / "soderhamn" / "ledar-och-medarbetarpolicy.txt"
)

# --- word comparison ------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Words of *text* (NFC, as the importer reads it); a bullet touching its word is a word."""
    return text_words(unicodedata.normalize("NFC", text))


def _tree_texts(policy: Policy) -> list[str]:
    """Every text of the tree: title, section titles, lead-ins, points, wrap-ups, paragraphs."""
    texts = [policy.title]
    for node in policy.walk():
        if isinstance(node, Section):
            texts.append(node.title)
        elif isinstance(node, CommitmentList):
            texts.extend(filter(None, [node.lead_in, node.wrap_up]))
        elif isinstance(node, Commitment | Paragraph):
            texts.append(node.text)
    return texts


_MAYBE_BULLET = "\x00•"
"""A point reading only a bullet: markup or its text, whichever the source has."""


def _tree_tokens(policy: Policy) -> list[str]:
    """Words of the tree in reading order: title, numbers, headings, labels, texts."""
    return reading_words(policy, lone_bullet=_MAYBE_BULLET)


def _joined(source: list[str], i: int, word: str) -> int | None:
    """The index after the source tokens from *i* that make *word* when joined at hyphens."""
    if source[i] == word:
        return i + 1
    token = source[i]
    if not token.endswith("-") or i + 1 >= len(source):
        return None
    for head in (token[:-1], token):
        if head and len(word) > len(head) and word.startswith(head):
            end = _joined(source, i + 1, word[len(head) :])
            if end is not None:
                return end
    return None


def _same_words(source: list[str], tree: list[str]) -> bool:
    """Whether *tree* is *source* with some hyphenated words (``verk-`` ``samhet``) joined:
    every other word, labels and bullets included, kept in order."""
    i = j = 0
    while i < len(source) and j < len(tree):
        if tree[j] == _MAYBE_BULLET:
            i, j = (i + 1 if source[i] == "•" else i), j + 1
            continue
        end = _joined(source, i, tree[j])
        if end is None:
            return False
        i, j = end, j + 1
    j += sum(1 for word in tree[j:] if word == _MAYBE_BULLET)
    return i == len(source) and j == len(tree)


def _seed() -> Policy:
    return parse_text(SEED.read_text(encoding="utf-8"), source=str(SEED))


def _sections(policy: Policy) -> list[Section]:
    sections = [block for block in policy.body if isinstance(block, Section)]
    assert len(sections) == len(policy.body)
    return sections


# --- the seed -------------------------------------------------------------------------------


def test_seed_title_and_sections() -> None:
    policy = _seed()
    assert policy.title == "Ledar- och medarbetarpolicy för Söderhamns kommun"
    sections = _sections(policy)
    assert [section.heading for section in sections] == [
        "Omfattning",
        "Vår syn på ledarskap och medarbetarskap",
        "Ledarskap – värdegrund",
        "Ledaruppdraget - åtagandet",
    ]
    kinds = [[type(child).__name__ for child in section.children] for section in sections]
    assert kinds == [
        ["Paragraph"],
        ["Paragraph"] * 8,
        ["Paragraph"] * 3 + ["CommitmentList"],
        ["Paragraph", "CommitmentList"],
    ]


def test_seed_decision() -> None:
    assert _seed().decisions == (parse_decision("Reviderad KF 2007-06-18 § 118"),)


def test_seed_paragraphs() -> None:
    sections = _sections(_seed())
    first = sections[0].children[0]
    assert isinstance(first, Paragraph)
    assert first.text == "Policyn gäller för anställda inom kommunens nämnder, styrelser och bolag."
    texts = [child.text for child in sections[1].children if isinstance(child, Paragraph)]
    assert texts[0].startswith("Söderhamns kommun arbetar")
    assert texts[0].endswith("insyn, information och påverkan.")
    assert texts[1] == (
        "De anställda ska förstå och respektera den demokratiska process som styr kommunal "
        "verksamhet."
    )
    assert texts[7].endswith("i samspel skapa goda resultat.")
    third = sections[2].children[2]
    assert isinstance(third, Paragraph)
    assert third.text == (
        "Ledare i kommunen ska bygga sitt ledarskap på öppenhet och tilltro till sina medarbetare."
    )
    last = sections[3].children[0]
    assert isinstance(last, Paragraph)
    assert last.text.startswith("Varje ledaruppdrag inom kommunen")
    assert last.text.endswith("i följande avseenden:")


SEED_LISTS = [
    (
        "Kommunen vill att du som ledare",
        [
            ("är synlig", "vision och strategier."),
            ("arbetar för att var", "samverkan med andra."),
            ("skapar handlingsutrymme", "att ta ansvar."),
            ("lyfter fram", "sprider positiva budskap."),
            ("inser att dina", "till en framgångsrik verksamhet."),
            ("ser att mångfald", "är en tillgång för verksamheten."),
            ("inser att ledarskap", "egen utveckling som ledare."),
            ("arbetar för att dina", "utvecklar sin yrkeskompetens."),
        ],
    ),
    (
        "Du ska som ledare",
        [
            ("stärka och utveckla", "roller och ansvarsfördelning."),
            ("vara omvärldsorienterad", "kontakter och extern samverkan."),
            ("se sambanden", "samarbete inom kommunkoncernen."),
            ("arbeta för ständiga", "av den kommunala verksamheten."),
            ("se jämställdhet", "i organisationens kultur."),
            ("se personalorganisationerna", "som dina samverkanspartners."),
        ],
    ),
]


@pytest.mark.parametrize("number", [0, 1])
def test_seed_commitment_lists(number: int) -> None:
    section = _sections(_seed())[2 + number]
    found = section.children[-1]
    assert isinstance(found, CommitmentList)
    lead_in, expected = SEED_LISTS[number]
    assert found.lead_in == lead_in
    assert found.wrap_up is None
    assert found.style == "bullet"
    assert len(found.items) == len(expected)
    for item, (first, last) in zip(found.items, expected, strict=True):
        assert item.text.startswith(first), item.text
        assert item.text.endswith(last), item.text
        assert "•" not in item.text


def test_seed_hyphenation() -> None:
    policy = _seed()
    texts = _tree_texts(policy)
    everything = " ".join(texts)
    words = everything.split()
    for joined in (
        "verksamhet.",
        "förhållningssätt.",
        "framgångsrik",
        "kulturella",
        "verksamheten.",
    ):
        assert joined in words, joined
    assert "Ledar- och medarbetarpolicy" in everything
    assert "utvecklings- och förbättringsarbete" in everything
    for text in texts:
        assert "  " not in text
        for left, right in zip(text.split(), text.split()[1:], strict=False):
            broken = re.search(r"[^\W\d_]-$", left) is not None
            assert not (broken and right[0].islower() and right != "och"), (left, right)


def test_seed_keeps_every_word_in_order() -> None:
    policy = _seed()
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[1].strip().startswith("(Reviderad")
    source = _tokens("\n".join([lines[0], *lines[2:]]))
    assert _same_words(source, _tree_tokens(policy))
    # five hyphenated words are joined; the bullets are the lists' style, not labels
    assert len(_tree_tokens(policy)) == len(source) - 5
    labels = [node.label for node in policy.walk() if isinstance(node, Commitment)]
    assert labels == [None] * 14
    styles = [node.style for node in policy.walk() if isinstance(node, CommitmentList)]
    assert styles and set(styles) == {"bullet"}


def test_seed_ids_are_positional() -> None:
    policy = _seed()
    assert policy.find("sec_3__list_1__point_8") is not None
    assert policy.find("sec_4__list_1__point_6") is not None
    assert policy.find("sec_2__para_8") is not None


# --- small texts ----------------------------------------------------------------------------


def _only(policy: Policy, kind: type) -> list[object]:
    return [node for node in policy.walk() if isinstance(node, kind)]


def test_several_decision_lines() -> None:
    policy = parse_text(
        "Riktlinje för IT\n"
        "Antagen av kommunfullmäktige 2005-03-21, § 34\n"
        "(Reviderad KF 2007-06-18 § 118)\n"
        "\n"
        "Beslutad av KS 2019-02-25 §12\n"
        "\n"
        "Syfte\n"
        "Riktlinjen gäller alla.\n"
    )
    assert policy.decisions == (
        parse_decision("Antagen av kommunfullmäktige 2005-03-21, § 34"),
        parse_decision("Reviderad KF 2007-06-18 § 118"),
        parse_decision("Beslutad av KS 2019-02-25 §12"),
    )
    assert policy.decision == parse_decision("Beslutad av KS 2019-02-25 §12")
    assert [section.heading for section in _sections(policy)] == ["Syfte"]


def test_two_decisions_on_one_line() -> None:
    policy = parse_text(
        "Plan\n(Antagen KF 2005-03-21 § 34, reviderad KF 2007-06-18 § 118)\n\nText här.\n"
    )
    assert policy.decisions == (
        parse_decision("Antagen KF 2005-03-21 § 34"),
        parse_decision("reviderad KF 2007-06-18 § 118"),
    )


def test_a_line_that_is_no_decision_stays_text() -> None:
    policy = parse_text("Plan\n(utkast, ej beslutad)\n\nText här.\n")
    assert policy.decisions == ()
    assert [node.text for node in _only(policy, Paragraph)] == [  # type: ignore[attr-defined]
        "(utkast, ej beslutad)",
        "Text här.",
    ]


def test_document_without_headings() -> None:
    policy = parse_text(
        "Policy för bilar\n\n"
        "Bilar ska köras försiktigt och med\n"
        "hänsyn till andra.\n\n"
        "Den som kör ska ha körkort.\n"
    )
    assert [type(block) for block in policy.body] == [Paragraph, Paragraph]
    assert policy.body[0] == Paragraph(
        "Bilar ska köras försiktigt och med hänsyn till andra.", id="para_1"
    )


def test_numbered_list_with_lead_in_and_wrap_up() -> None:
    policy = parse_text(
        "Plan\n\n"
        "Åtgärder\n"
        "Nämnden ska under året:\n"
        "1. se över rutinerna,\n"
        "2) utbilda personalen och\n"
        "3. följa upp ar-\n"
        "betet\n"
        " \n"
        "så att målen nås.\n"
        " \n"
        "Nästa stycke.\n"
    )
    (section,) = _sections(policy)
    assert section.heading == "Åtgärder"
    found, after = section.children
    assert isinstance(found, CommitmentList)
    assert found.style == "number"
    assert found.lead_in == "Nämnden ska under året:"
    assert [item.text for item in found.items] == [
        "se över rutinerna,",
        "utbilda personalen och",
        "följa upp arbetet",
    ]
    assert found.wrap_up == "så att målen nås."
    assert after == Paragraph("Nästa stycke.", id="sec_1__para_1")


def test_wrap_up_in_a_text_with_empty_blank_lines() -> None:
    policy = parse_text("Plan\n\nVi ska\n• göra a,\n• göra b\n\noch därmed nå målen.\n")
    (found,) = policy.body
    assert isinstance(found, CommitmentList)
    assert [item.text for item in found.items] == ["göra a,", "göra b"]
    assert found.wrap_up == "och därmed nå målen."


def test_numbered_line_that_does_not_start_at_one_is_text() -> None:
    policy = parse_text("Plan\n\nSe kapitel\n3. Där står det.\n")
    assert [node.text for node in _only(policy, Paragraph)] == [  # type: ignore[attr-defined]
        "Se kapitel 3. Där står det."
    ]


def test_nested_items_are_a_sublist_with_their_labels() -> None:
    policy = parse_text(
        "Plan\n\nDu ska\n• arbeta för:\n    – hälsa,\n    – trivsel\n• se till helheten.\n"
    )
    (found,) = policy.body
    assert isinstance(found, CommitmentList)
    assert found.lead_in == "Du ska"
    first, second = found.items
    assert (first.label, first.text, second.label, second.text) == (
        None,
        "arbeta för:",
        None,
        "se till helheten.",
    )
    assert first.sublist is not None and first.sublist.style == "bullet"
    assert [(item.label, item.text) for item in first.sublist.items] == [
        (None, "hälsa,"),
        (None, "trivsel"),
    ]
    assert first.sublist.id == "list_1__point_1__list_1"


def test_lead_in_is_a_paragraph_ending_in_a_colon_before_a_blank_line() -> None:
    policy = parse_text("Plan\n\nKommunen ska:\n\n- vara öppen\n\n- vara tydlig\n")
    (found,) = policy.body
    assert isinstance(found, CommitmentList)
    assert found.lead_in == "Kommunen ska:"
    assert [item.text for item in found.items] == ["vara öppen", "vara tydlig"]


def test_list_without_lead_in_after_a_finished_sentence() -> None:
    policy = parse_text("Plan\n\nDet här gäller.\n* ett\n* två\n")
    paragraph, found = policy.body
    assert paragraph == Paragraph("Det här gäller.", id="para_1")
    assert isinstance(found, CommitmentList)
    assert found.lead_in is None
    assert len(found.items) == 2


def test_capital_block_after_a_list_ends_it() -> None:
    policy = parse_text("Plan\n\nVi ska\n• a\n\nNytt stycke börjar här.\n")
    found, paragraph = policy.body
    assert isinstance(found, CommitmentList)
    assert found.wrap_up is None
    assert paragraph == Paragraph("Nytt stycke börjar här.", id="para_1")


def test_lowercase_block_between_items_continues_the_item() -> None:
    policy = parse_text("Plan\n\nVi ska\n• göra a och\n\nb tillsammans\n\n• göra c\n")
    (found,) = policy.body
    assert isinstance(found, CommitmentList)
    assert [item.text for item in found.items] == ["göra a och b tillsammans", "göra c"]


def test_numbered_headings_nest() -> None:
    policy = parse_text(
        "Plan\n\n1 Inledning\nText ett.\n\n1.1 Syfte\nText två.\n\n2 Ansvar\nText tre.\n"
    )
    first, second = _sections(policy)
    assert (first.number, first.heading) == ("1", "Inledning")
    assert isinstance(first.children[1], Section)
    assert (first.children[1].number, first.children[1].heading) == ("1.1", "Syfte")
    assert first.children[1].id == "sec_1__sec_1"
    assert second.title == "2 Ansvar"


def test_heading_followed_by_blank_line() -> None:
    policy = parse_text("Plan\n\nOmfattning\n\nGäller alla.\n")
    (section,) = _sections(policy)
    assert section.heading == "Omfattning"
    assert section.children == (Paragraph("Gäller alla.", id="sec_1__para_1"),)


def test_short_wrapped_line_is_no_heading() -> None:
    policy = parse_text(
        "Plan\n\n"
        "Detta är en lång rad som visar hur bred texten är i dokumentet\n\n"
        "Ledare och medarbetare ska skapa tillit genom dialog och\n"
        "delaktighet i mötet.\n"
    )
    assert not _only(policy, Section)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["kommunal verk-", "samhet."], "kommunal verksamhet."),
        (["verk-", "sam-", "het"], "verksamhet"),
        (["utvecklings-", "och förbättringsarbete"], "utvecklings- och förbättringsarbete"),
        (["kvalitets-", "eller miljöarbete"], "kvalitets- eller miljöarbete"),
        (["nytt IT-", "stöd"], "nytt IT-stöd"),
        (["via e-", "post"], "via e-post"),
        (["kommun-", "Sverige"], "kommun- Sverige"),
        (["år 2007-", "2010"], "år 2007- 2010"),
        (["a -", "b"], "a - b"),
        (["Ledar- och", "medarbetarpolicy"], "Ledar- och medarbetarpolicy"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_line_ends_and_page_breaks() -> None:
    policy = parse_text("Plan\r\n\r\nOmfattning\r\nGäller\x0c alla.\r\n")
    (section,) = _sections(policy)
    assert section.children[0] == Paragraph("Gäller alla.", id="sec_1__para_1")


def test_title_only() -> None:
    policy = parse_text("  Plan för allt  \n\n")
    assert policy.title == "Plan för allt"
    assert policy.body == ()


def test_word_comparison_can_fail() -> None:
    assert _same_words(["verk-", "samhet", "och"], ["verksamhet", "och"])
    assert not _same_words(["verk-", "samhet", "-", "och"], ["verksamhet", "och"])
    assert not _same_words(["verk-", "samhet"], ["verk", "samhet"])
    assert not _same_words(["ett", "två"], ["ett"])
    assert not _same_words(["ett"], ["ett", "två"])


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n \n\t\n"])
def test_empty_document(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_text(text, source="tom.txt")
    assert caught.value.what == "empty document"
    assert caught.value.where == "tom.txt"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\n \n• en punkt\n", "found a list item"),
        ("\n(Antagen KF 2005-03-21 § 34)\nText.\n", "found a decision reference"),
        ("ord " * 80 + "\nText.\n", "too long for a title"),
    ],
)
def test_no_title(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_text(text, source="doc.txt")
    assert message in caught.value.what
    assert caught.value.where is not None
    assert caught.value.where.startswith("doc.txt, line ")
    expected_line = 3 if text.startswith("\n \n") else 2 if text.startswith("\n") else 1
    assert caught.value.where == f"doc.txt, line {expected_line}"
    assert "\n" not in str(caught.value)


def test_control_character_names_its_line_and_column_and_the_lenient_import() -> None:
    with pytest.raises(ParseError) as caught:
        parse_text("Plan\n\nText\x07 här.\n", source="doc.txt")
    assert caught.value.where == "doc.txt, line 3, column 5"
    assert "U+0007" in caught.value.what
    assert "--lenient" in caught.value.what


# --- robustness -----------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "",
        " ",
        "Omfattning",
        "Kommunen vill att du som ledare",
        "Du ska:",
        "• är synlig och tydlig",
        "• arbetar för verk-",
        "- en punkt",
        "  o en underpunkt",
        "1. först",
        "2) sedan",
        "samhet och utvecklings-",
        "och förbättringsarbete.",
        "Text som slutar här.",
        "IT-",
        "stöd",
        "(Reviderad KF 2007-06-18 § 118)",
        "1.1 Syfte",
        "\t* stjärna",
        "•",
    ]
)
_LINE = st.one_of(
    _PIECES,
    st.text(alphabet="abAB öÅ -–•o1.):,\t\u00a0", max_size=25),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=25))
def test_any_text_imports_or_fails_cleanly(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        policy = parse_text(text)
    except (ParseError, ModelError):
        return
    assume(not policy.decisions)
    assert _same_words(_tokens(text), _tree_tokens(policy))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    try:
        policy = parse_text(text)
    except (ParseError, ModelError):
        return
    assume(not policy.decisions)
    assert _same_words(_tokens(text), _tree_tokens(policy))


def test_a_validity_line_after_the_title_is_not_taken_for_a_decision() -> None:
    policy = parse_text(
        "Riktlinje för resor\nGäller från 2020-01-01\n\nSyfte\nResor ska planeras.\n"
    )
    assert policy.decisions == ()
    texts = [
        node.heading if isinstance(node, Section) else getattr(node, "text", "")
        for node in policy.walk()
    ]
    assert "Gäller från 2020-01-01" in texts
