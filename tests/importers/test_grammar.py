"""The grammar every importer shares: provision numbers, point labels, ordinal sequences and
decision histories."""

from __future__ import annotations

import datetime

import pytest

from policyversions.importers.decision_text import parse_decision
from policyversions.importers.grammar import (
    chronological,
    continues,
    decision_history,
    follows,
    is_bullet,
    is_first,
    ordinals,
    provision_line,
    same_scheme,
    split_point,
    split_provision,
)
from policyversions.model import Action


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("1 §", ("1 §", None)),
        ("§ 4 Tillsyn", ("§ 4", "Tillsyn")),
        ("§4", ("§4", None)),
        ("§ 4 a Avgift", ("§ 4 a", "Avgift")),
        ("8 d §", ("8 d §", None)),
        ("17 a §", ("17 a §", None)),
        ("4–6 §§ Avgifter", ("4–6 §§", "Avgifter")),
        ("1 kap. Inledande bestämmelser", ("1 kap.", "Inledande bestämmelser")),
        ("2 a kap. Tillsyn", ("2 a kap.", "Tillsyn")),
        ("1 kap. 2 § Syfte", ("1 kap. 2 §", "Syfte")),
        ("2.3 Ansvar", ("2.3", "Ansvar")),
        ("2.3.1", ("2.3.1", None)),
        ("2 Ansvar", ("2", "Ansvar")),
        ("1. Correction", ("1.", "Correction")),
        ("§ 4 ansvar", ("§ 4", "ansvar")),
        # not numbers
        ("Syfte", (None, "Syfte")),
        ("24 timmar om dygnet", (None, "24 timmar om dygnet")),
        ("2024 Årsredovisning", (None, "2024 Årsredovisning")),
        ("3", (None, "3")),
        ("§§ och annat", (None, "§§ och annat")),
    ],
)
def test_split_provision(heading: str, expected: tuple[str | None, str | None]) -> None:
    assert split_provision(heading) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("§ 1", ("§ 1", None)),
        ("1 §", ("1 §", None)),
        ("8 d § Nämnden får besluta", ("8 d §", "Nämnden får besluta")),
        ("1 kap. Inledning", ("1 kap.", "Inledning")),
        ("4 § första stycket gäller", None),  # a citation, not a provision
        ("2.3 Ansvar", None),  # not a provision in running text (a heading may be)
        ("Enligt 4 §", None),
    ],
)
def test_provision_line(line: str, expected: tuple[str, str | None] | None) -> None:
    assert provision_line(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. ett", ("1.", "ett")),
        ("2) två", ("2)", "två")),
        ("(3) tre", ("(3)", "tre")),
        ("365. dagar", ("365.", "dagar")),
        ("a) under vintern", ("a)", "under vintern")),
        ("(b) minst", ("(b)", "minst")),
        ("c. slut", ("c.", "slut")),
        ("ii) två", ("ii)", "två")),
        ("(iv) fyra", ("(iv)", "fyra")),
        ("A) stort", ("A)", "stort")),
        ("• punkt", ("•", "punkt")),
        ("•punkt", ("•", "punkt")),
        ("– hälsa,", ("–", "hälsa,")),
        ("- streck", ("-", "streck")),
        ("o underpunkt", ("o", "underpunkt")),
        # not points
        ("2008. Lagen", None),
        ("1.1 Syfte", None),
        ("a)", None),
        ("-streck", None),
        ("och så vidare", None),
    ],
)
def test_split_point(text: str, expected: tuple[str, str] | None) -> None:
    assert split_point(text) == expected


def test_bullets_are_no_labels_where_bullets_are_markup() -> None:
    assert split_point("• punkt", bullets=False) is None
    assert split_point("a) punkt", bullets=False) == ("a)", "punkt")


def test_ordinal_readings() -> None:
    assert [(o.scheme, o.value) for o in ordinals("4.")] == [("arabic", 4)]
    assert [(o.scheme, o.value) for o in ordinals("(c)")] == [("alpha", 3)]
    assert [(o.scheme, o.value) for o in ordinals("i)")] == [("alpha", 9), ("roman", 1)]
    assert [(o.scheme, o.value) for o in ordinals("xiv)")] == [("roman", 14)]
    assert [(o.scheme, o.value) for o in ordinals("B)")] == [("ALPHA", 2)]
    assert [(o.scheme, o.value) for o in ordinals("•")] == [("bullet", 0)]
    assert ordinals("") == ()


@pytest.mark.parametrize(
    ("previous", "label", "follows_", "continues_"),
    [
        ("a)", "b)", True, True),
        ("4.", "5.", True, True),
        ("4.", "5)", True, True),  # the delimiter does not count
        ("4.", "7.", False, True),  # a gap: repealed points
        ("h)", "i)", True, True),
        ("iii)", "iv)", True, True),
        ("a)", "i)", False, True),  # alphabetically later, but i) also starts a roman list
        ("4.", "a)", False, False),
        ("c)", "5.", False, False),
        ("•", "•", False, False),  # bullets have no sequence
        ("5.", "4.", False, False),
    ],
)
def test_sequences(previous: str, label: str, follows_: bool, continues_: bool) -> None:
    assert follows(previous, label) is follows_
    assert continues(previous, label) is continues_


def test_first_labels_schemes_and_bullets() -> None:
    assert all(is_first(label) for label in ("1.", "a)", "A)", "i)", "(1)", "(a)"))
    assert not any(is_first(label) for label in ("2.", "b)", "ii)", "•"))
    assert same_scheme("a)", "c.") and same_scheme("•", "–") and not same_scheme("1.", "a)")
    assert is_bullet("–") and not is_bullet("1.")


CLOSING = (
    "Antagen av kommunfullmäktige den 12 maj 1992, § 41. Senast ändrad av kommunfullmäktige den "
    "19 februari 2018, § 9 (Dnr KS 2017/388)."
)


def test_the_closing_decision_history() -> None:
    first, second = decision_history(CLOSING) or ()
    assert first == parse_decision("Antagen KF 1992-05-12 § 41")
    assert second.action is Action.REVISED
    assert second.date == datetime.date(2018, 2, 19)
    assert (second.item, second.case_number) == (9, "KS 2017/388")


@pytest.mark.parametrize(
    "text",
    [
        "(Antagen KF 2005-03-21 § 34, reviderad KF 2007-06-18 § 118)",
        "Antagen KF 2005-03-21 § 34; Reviderad KF 2007-06-18 § 118",
        "Antagen KF 2005-03-21 § 34. Reviderad KF 2007-06-18 § 118.",
        "Antagen KF 2005-03-21 § 34. Ändrad KF 2007-06-18 § 118.",
    ],
)
def test_histories_of_two(text: str) -> None:
    found = decision_history(text)
    assert found is not None
    assert [d.year for d in found] == [2005, 2007]


def test_what_is_no_decision_history() -> None:
    assert decision_history("Gäller från 2020-01-01") is None
    assert decision_history("Antagen av kommunfullmäktige, men inte än.") is None
    assert decision_history("KF 2007-06-18 § 118") is None  # no action: only under a title
    assert decision_history("KF 2007-06-18 § 118", require_action=False) is not None
    assert decision_history("Gäller från 2020-01-01", require_action=False) is None
    assert decision_history("") is None
    assert decision_history("Antagen KF 2005-03-21 § 34. " * 60) is None  # too long


def test_chronological_is_oldest_first_once_each_and_stable() -> None:
    year_only = parse_decision("Reviderad Regeringen 2018")
    later = parse_decision("Reviderad KF 2018-02-19 § 9")
    earlier = parse_decision("Antagen KF 1992-05-12 § 41")
    assert chronological([later, earlier, later, year_only]) == (earlier, year_only, later)
