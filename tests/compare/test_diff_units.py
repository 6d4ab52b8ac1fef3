"""Unit tests of the diff engine's parts: wording, modality, summary, JSON, errors, corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyversions.compare.changes import DiffError, PatchError
from policyversions.compare.differ import diff
from policyversions.compare.modality import (
    ASPIRATION,
    OBLIGATION,
    PERMISSION,
    RECOMMENDATION,
    commitment_modal,
    compare,
    modal,
)
from policyversions.compare.order import longest_increasing
from policyversions.compare.patch import apply
from policyversions.compare.policydiff import PolicyDiff
from policyversions.compare.wording import fold, is_editorial, word_ops
from policyversions.errors import PolicyVersionsError
from policyversions.model import (
    Commitment,
    CommitmentList,
    Paragraph,
    Policy,
    Section,
    assign_positional_ids,
)
from policyversions.render.summary import render_summary

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _policy(*blocks: Section | Paragraph | CommitmentList, title: str = "Policy") -> Policy:
    return Policy(title, assign_positional_ids(list(blocks)))


def _leader(
    items: list[str], lead_in: str = "Du ska som ledare", heading: str = "Ledarskap"
) -> Policy:
    return _policy(
        Section("Omfattning", [Paragraph("Policyn gäller alla anställda i kommunen.")]),
        Section(heading, [CommitmentList([Commitment(text) for text in items], lead_in=lead_in)]),
    )


ITEMS = [
    "vara tydlig och lyhörd i alla möten med medarbetare,",
    "ge återkoppling regelbundet och konstruktivt,",
    "skapa delaktighet bland medarbetarna i verksamheten.",
]


def test_word_ops_rebuild_both_texts() -> None:
    old, new = "Du ska vara tydlig och  lyhörd.", "Du bör vara tydlig, lyhörd och närvarande."
    ops = word_ops(old, new)
    assert ("delete", "ska") in ops and ("insert", "bör") in ops
    assert "".join(t for op, t in ops if op != "insert") == old
    assert "".join(t for op, t in ops if op != "delete") == new


def test_editorial_forms() -> None:
    assert is_editorial("Ledarskap – värdegrund", "ledarskap - Värdegrund")
    assert is_editorial("verk- samhet", "verksamhet")
    assert is_editorial("”citat”", '"citat"')
    assert not is_editorial("4 §", "4")
    assert not is_editorial("ska", "bör")
    assert fold("A, b.") == "ab"


def test_modality_levels() -> None:
    assert modal("Du ska vara tydlig") is not None
    assert commitment_modal("vara tydlig", "Du ska som ledare").words == "ska"  # type: ignore[union-attr]
    assert commitment_modal("får inte röka", None).level == OBLIGATION  # type: ignore[union-attr]
    change = compare(modal("We shall act"), modal("We should act"))
    assert change is not None and change.change == "weakened" and change.words == "shall → should"
    change = compare(modal("Du kan"), modal("Du måste"))
    assert change is not None and change.change == "strengthened"
    assert compare(modal("ska"), modal("skall")) is None


@pytest.mark.parametrize(
    ("text", "words", "level"),
    [
        ("Kommunen vill att du som ledare", "vill att", ASPIRATION),
        ("Vi strävar efter en god arbetsmiljö", "strävar efter", ASPIRATION),
        ("Kommunen eftersträvar mångfald", "eftersträvar", ASPIRATION),
        ("Ambitionen är att alla ska trivas", "ambitionen är", ASPIRATION),
        ("The council aims to publish", "aims to", ASPIRATION),
        ("We will seek to reduce", "seek to", ASPIRATION),
        ("Du bör som ledare", "bör", RECOMMENDATION),
        ("Nämnden får besluta", "får", PERMISSION),
        ("Du måste", "måste", OBLIGATION),
    ],
)
def test_the_four_levels_strongest_first(text: str, words: str, level: int) -> None:
    found = modal(text)
    assert found is not None and (found.words, found.level) == (words, level)
    assert OBLIGATION > RECOMMENDATION > ASPIRATION > PERMISSION


def test_an_obligation_moved_under_an_aspiration_is_weakened() -> None:
    weakened = compare(
        commitment_modal("vara tydlig", "Du ska som ledare"),
        commitment_modal("vara tydlig", "Kommunen vill att du som ledare"),
    )
    assert weakened is not None and weakened.words == "ska → vill att"
    assert weakened.change == "weakened"
    # a point's own word wins over the lead-in, and a nested point reads the point above it
    assert commitment_modal("får välja", "Du ska som ledare").words == "får"  # type: ignore[union-attr]
    assert commitment_modal("a) …", None, "4. destillationen ska innebära att").words == "ska"  # type: ignore[union-attr]


def test_lead_in_weakening_is_reported() -> None:
    old, new = _leader(ITEMS), _leader(ITEMS, lead_in="Du bör som ledare")
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["lead_in_changed"]
    assert result.changes[0].strength is not None
    assert result.changes[0].strength.words == "ska → bör"
    assert result.changes[0].strength.new_points == len(ITEMS)  # none has a verb of its own


def test_summary_texts() -> None:
    old = _leader(ITEMS)
    new = _leader(
        [
            "ska " + ITEMS[0],
            ITEMS[1],
            "bör alltid skapa delaktighet bland medarbetarna i verksamheten.",
            "arbeta för en god arbetsmiljö för alla,",
            "främja hälsa och trygghet på arbetsplatsen.",
        ],
        lead_in="Du ska som ledare",
    )
    result = diff(old, new)
    summary = result.summary()
    assert summary.count("added") == 2 and summary.count("reworded") == 2
    sv, en = render_summary(summary, "sv"), render_summary(summary, "en")
    assert sv.startswith("2 åtaganden har lagts till, 2 har omformulerats, varav 1 försvagats")
    assert "(ska → bör)" in sv
    assert en.startswith("2 commitments were added, 2 were reworded, of which 1 was weakened")
    assert render_summary(diff(old, old).summary(), "sv") == "Inga ändringar."
    with pytest.raises(ValueError):
        render_summary(summary, "de")


def test_moved_and_reworded_is_one_change() -> None:
    old = _policy(
        Section("A", [CommitmentList([Commitment(ITEMS[0]), Commitment(ITEMS[1])])]),
        Section("B", [CommitmentList([Commitment(ITEMS[2])])]),
    )
    new = _policy(
        Section("A", [CommitmentList([Commitment(ITEMS[1])])]),
        Section("B", [CommitmentList([Commitment(ITEMS[2]), Commitment(ITEMS[0] + " alltid")])]),
    )
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["moved"]
    change = result.changes[0]
    assert change.is_reworded and ("insert", " alltid") in change.ops
    assert (change.old_id, change.new_id) == ("sec_1__list_1__point_1", "sec_2__list_1__point_2")
    assert change.old_trail == ("A",) and change.new_trail == ("B",)
    assert apply(old, result) == new


def test_a_new_order_within_a_list_is_substantive() -> None:
    old = _leader(ITEMS)
    new = _leader([ITEMS[2], ITEMS[0], ITEMS[1]])
    result = diff(old, new)
    assert [(c.kind, c.classification) for c in result.changes] == [("moved", "substantive")]
    assert result.changes[0].old_text == ITEMS[2] and not result.changes[0].is_reworded
    assert apply(old, result) == new


def test_renamed_section_with_moved_content_matches_by_children() -> None:
    old = _leader(ITEMS, heading="Ledarskap")
    new = _leader(ITEMS, heading="Ledarskap och ansvar")
    assert [c.kind for c in diff(old, new).changes] == ["section_renamed"]


def test_apply_refuses_a_diff_that_does_not_fit() -> None:
    old, new = _leader(ITEMS), _leader(ITEMS[:2])
    result = diff(old, new)
    with pytest.raises(PatchError) as error:
        apply(new, result)
    assert isinstance(error.value, PolicyVersionsError)
    undigested = PolicyDiff(changes=result.changes, id_map=result.id_map)
    with pytest.raises(PatchError):
        apply(new, undigested)  # the removed item is not there any more
    assert apply(old, undigested) == new


def test_from_json_rejects_bad_input() -> None:
    with pytest.raises(DiffError):
        PolicyDiff.from_json("{not json")
    with pytest.raises(DiffError):
        PolicyDiff.from_json('{"format": "something else"}')
    with pytest.raises(DiffError):
        PolicyDiff.from_json(
            '{"format": "policyversions-diff", "version": 1, "changes": [{"kind": "exploded"}]}'
        )


def test_longest_increasing() -> None:
    assert longest_increasing([]) == set()
    assert longest_increasing([0, 1, 2]) == {0, 1, 2}
    kept = longest_increasing([2, 0, 1, 3])
    assert kept == {1, 2, 3}


def test_sfs_new_section_is_one_added_change() -> None:
    from policyversions.importers import parse_markdown

    folder = CORPUS / "sfs-2008-975"
    old = parse_markdown((folder / "2025-07-01.md").read_text(encoding="utf-8"))
    new = parse_markdown((folder / "2025-10-01.md").read_text(encoding="utf-8"))
    result = diff(old, new)
    assert [(c.kind, c.node) for c in result.changes] == [("added", "section")]
    (section,) = result.changes[0].new_content
    assert isinstance(section, Section) and (section.number, section.heading) == ("4 §", None)
    lists = [child for child in section.children if isinstance(child, CommitmentList)]
    assert len(lists) == 1 and len(lists[0].items) == 7
    assert apply(old, result) == new
    assert apply(new, result.inverted()) == old
    assert render_summary(result.summary(), "sv") == "1 avsnitt har lagts till."


BESLUT = [
    "Den som fattar beslut ska dokumentera underlaget i ärendet.",
    "Den som fattar beslut ska informera berörda förvaltningar om beslutet.",
    "Den som fattar beslut bör samråda med nämndens presidium.",
]


def test_split_keeping_most_words_in_first_half() -> None:
    old = _policy(
        Section(
            "Ansvar",
            [
                CommitmentList(
                    [
                        Commitment(BESLUT[0]),
                        Commitment(
                            "Nämnden ska följa upp verksamhetens mål och resultat varje år "
                            "tillsammans med förvaltningen och rapportera avvikelser."
                        ),
                        Commitment(BESLUT[1]),
                    ]
                )
            ],
        )
    )
    first = (
        "Nämnden ska följa upp verksamhetens mål och resultat varje år "
        "tillsammans med förvaltningen."
    )
    new = _policy(
        Section(
            "Ansvar",
            [
                CommitmentList(
                    [
                        Commitment(BESLUT[0]),
                        Commitment(first),
                        Commitment("Nämnden ska även rapportera avvikelser."),
                        Commitment(BESLUT[1]),
                    ]
                )
            ],
        )
    )
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["split"]
    assert result.changes[0].old_ids == ("sec_1__list_1__point_2",)
    assert result.changes[0].new_ids == ("sec_1__list_1__point_2", "sec_1__list_1__point_3")
    inverse = diff(new, old)
    assert [c.kind for c in inverse.changes] == ["merged"]


def test_reworded_item_next_to_an_unrelated_insert_is_no_split() -> None:
    old = _policy(Section("Ansvar", [CommitmentList([Commitment(t) for t in BESLUT])]))
    new = _policy(
        Section(
            "Ansvar",
            [
                CommitmentList(
                    [
                        Commitment(BESLUT[0]),
                        Commitment(BESLUT[1].replace("berörda", "alla")),
                        Commitment("Kommunstyrelsen ska årligen pröva policyns aktualitet."),
                        Commitment(BESLUT[2]),
                    ]
                )
            ],
        )
    )
    assert sorted(c.kind for c in diff(old, new).changes) == ["added", "reworded"]


def _two_sections(first: list[str], second: list[str]) -> Policy:
    return _policy(
        Section("Säkerhet", [CommitmentList([Commitment(t) for t in first])]),
        Section("Medborgardialog", [CommitmentList([Commitment(t) for t in second])]),
    )


def test_unrelated_delete_and_insert_sharing_common_words_are_no_move() -> None:
    deleted = "Den som fattar beslut kan trygga säkerhetsåtgärder."
    inserted = "Den som fattar beslut kan särskilt upprätta medborgarnära risker."
    old = _two_sections([BESLUT[0], deleted, BESLUT[1]], [BESLUT[2]])
    new = _two_sections([BESLUT[0], BESLUT[1]], [BESLUT[2], inserted])
    assert sorted(c.kind for c in diff(old, new).changes) == ["added", "removed"]


def test_reworded_move_across_sections_still_pairs() -> None:
    moved = "Den som fattar beslut kan trygga säkerhetsåtgärder vid kommunens evenemang."
    reworded = "Den som fattar beslut kan alltid trygga säkerhetsåtgärder vid större evenemang."
    old = _two_sections([BESLUT[0], moved, BESLUT[1]], [BESLUT[2]])
    new = _two_sections([BESLUT[0], BESLUT[1]], [BESLUT[2], reworded])
    result = diff(old, new)
    assert [c.kind for c in result.changes] == ["moved"]
    assert result.changes[0].is_reworded
