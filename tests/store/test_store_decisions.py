"""Decisions in the store: identity by every number a decision carries, merging without loss,
conflicts and ambiguity refused naming both sides, effective dates checked."""

from __future__ import annotations

import datetime
from pathlib import Path

import attrs
import pytest

import policyversions as pv
from policyversions.store import RefusedError, Repository
from policyversions.store.decisions import (
    DecisionHistory,
    check_effective,
    pinned_together,
    same_decision,
)

P = "kommun/taxa"


def text(label: str, *decisions: str) -> pv.Policy:
    body = pv.assign_positional_ids([pv.Paragraph(f"Taxan gäller {label}.")])
    return pv.Policy("Taxa", body, decisions=[pv.parse_decision(d) for d in decisions])


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository.init(tmp_path / "repo")


def d(text: str) -> pv.Decision:
    return pv.parse_decision(text)


# -- identity -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Regeringen 2025 (SFS 2025:480)", "Regeringen 2025 (SFS 2025:654)", False),
        ("Regeringen 2025 (SFS 2025:480)", "Reviderad Regeringen 2025-05-22 (SFS 2025:480)", True),
        ("KF § 118/2007", "KF 2007-06-18 § 118 (Dnr KS 2007/12)", True),
        ("KF 2007-06-18 § 118", "KF 2007-06-18 § 119", False),
        ("KS 2019 (Dnr KS 2019/1)", "KS 2019 (Dnr KS 2019/2)", False),
        ("KS 2019-02-18 (Dnr KS 2019/1)", "KS 2019-02-18 (Dnr KS 2019/2)", False),
        ("KS 2019 (Dnr KS 2019/1)", "KS 2019-02-18 § 4", True),
        ("KF 2019-02-18 § 9 (KFS 2019:3)", "KF 2019-02-18 § 9 (KFS 2019:4)", False),
        ("KF 2019", "KS 2019", False),
    ],
)
def test_two_decisions_are_the_same_only_when_nothing_both_state_disagrees(
    a: str, b: str, same: bool
) -> None:
    assert same_decision(d(a), d(b)) == same_decision(d(b), d(a)) == same
    if not same:
        assert d(a).slug != d(b).slug  # and their slugs tell them apart


def test_a_number_pins_a_decision_so_a_disagreement_is_a_conflict() -> None:
    assert pinned_together(d("KF 2019-02-18 § 9 (Dnr A)"), d("KF § 9/2019 (Dnr B)"))
    assert pinned_together(d("Regeringen 2025 (SFS 2025:480)"), d("KS 2024 (SFS 2025:480)"))
    assert not pinned_together(d("KF 2019-02-18 § 9"), d("KF 2019-05-20 § 9"))
    history = DecisionHistory()
    history.add(d("KF 2019-02-18 § 9 (Dnr KS 2019/1)"), "revision 1", 1)
    with pytest.raises(RefusedError) as error:
        history.add(d("KF § 9/2019 (Dnr KS 2019/2)"), "the text")
    message = str(error.value)
    assert "Dnr KS 2019/1" in message and "Dnr KS 2019/2" in message
    assert "revision 1" in message and "the text" in message
    assert "case numbers (Dnr)" in message


def test_a_history_merges_and_never_overwrites() -> None:
    history = DecisionHistory()
    history.add(d("KF 2007-06-18 § 118 (Dnr KS 2007/12)"), "revision 1", 1)
    history.add(d("Reviderad KF § 118/2007"), "revision 2")  # less said, plus an action
    history.add(d("KF 2007-06-18 § 118, gäller från 2007-07-01"), "revision 3")
    (merged,) = history.decisions()
    assert str(merged) == "Reviderad KF 2007-06-18 § 118 (Dnr KS 2007/12), gäller från 2007-07-01"
    with pytest.raises(RefusedError, match="actions"):
        history.add(d("Antagen KF 2007-06-18 § 118"), "revision 4")
    with pytest.raises(RefusedError, match="effective dates"):
        history.add(d("KF 2007-06-18 § 118, gäller från 2008-01-01"), "revision 4")


def test_a_vague_citation_of_several_decisions_is_implied_or_refused() -> None:
    history = DecisionHistory()
    history.add(d("Regeringen 2025 (SFS 2025:480)"), "revision 1", 1)
    history.add(d("Regeringen 2025 (SFS 2025:654)"), "revision 2", 2)
    assert history.add(d("Regeringen 2025"), "the text") is None  # says nothing new
    assert len(history) == 2
    with pytest.raises(RefusedError, match=r"could be Regeringen 2025 .SFS 2025:480. or"):
        history.add(d("Regeringen 2025 (Dnr Fi2025/1)"), "the text")


# -- effective dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "retroactive", "result"),
    [
        ("KF 2020-03-02 § 12, gäller från 2020-03-02", False, False),
        ("KF 2020-03-02 § 12, gäller från 2045-03-02", False, False),
        ("KF 2020-03-02 § 12, gäller från 2020-01-01", True, True),
        ("KF 2020-03-02 § 12, gäller från 2010-03-02", True, True),
        ("Regeringen 2025 (SFS 2025:480), gäller från 2025-01-01", False, False),
        ("Regeringen 2025 (SFS 2025:480), gäller från 2050-12-31", False, False),
    ],
)
def test_plausible_effective_dates(decision: str, retroactive: bool, result: bool) -> None:
    assert check_effective(d(decision), "--effective", retroactive=retroactive) is result


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ("KF 2020-03-02 § 12, gäller från 2020-03-01", "before the decision .*--retroactive"),
        ("Regeringen 2025 (SFS 2025:1), gäller från 2024-12-31", "before the decision"),
        ("KF 2020-03-02 § 12, gäller från 0001-01-01", "implausible"),
        ("KF 2020-03-02 § 12, gäller från 2010-03-01", "implausible"),
        ("KF 2020-03-02 § 12, gäller från 2045-03-03", "implausible"),
        ("KF 2020-03-02 § 12, gäller från 9999-12-31", "implausible"),
    ],
)
def test_impossible_effective_dates_are_refused_naming_the_option(
    decision: str, message: str
) -> None:
    with pytest.raises(RefusedError, match=message) as error:
        check_effective(d(decision), "--effective", retroactive=False)
    assert "(--effective)" in str(error.value)


def test_record_checks_the_effective_date_and_keeps_it(repo: Repository) -> None:
    with pytest.raises(RefusedError, match=r"2020-01-01 \(--effective\) is before .*--retroactive"):
        repo.record(P, text("a"), "KF 2020-03-02 § 12", "2020-01-01")
    with pytest.raises(RefusedError, match=r"0001-01-01 \(--effective\) is implausible"):
        repo.record(P, text("a"), "KF 2020-03-02 § 12", "0001-01-01", retroactive=True)
    assert repo.policies() == []
    revision = repo.record(P, text("a"), "KF 2020-03-02 § 12", "2020-01-01", retroactive=True)
    assert revision.retroactive and revision.effective == datetime.date(2020, 1, 1)
    assert repo.read(revision).decision == revision.decision
    assert repo.read(revision).decision.effective == datetime.date(2020, 1, 1)
    # The effective date given twice must agree.
    with pytest.raises(RefusedError, match="--effective 2021-05-01 and the effective date"):
        repo.record(P, text("b"), "KF 2021-03-01 § 2, gäller från 2021-04-01", "2021-05-01")
    second = repo.record(P, text("b"), "KF 2021-03-01 § 2, gäller från 2021-04-01")
    assert second.effective == datetime.date(2021, 4, 1) and not second.retroactive
    assert Repository.open(repo.root).log(P) == [revision, second]


def test_the_text_s_citation_completes_the_decision_and_must_agree(repo: Repository) -> None:
    cited = "Reviderad KF 2020-03-02 § 12 (Dnr KS 2020/7), gäller från 2020-04-01"
    with pytest.raises(RefusedError) as error:
        repo.record(P, text("a", cited), "KF 2020-03-02 § 12 (Dnr KS 2020/8)")
    assert "KS 2020/7" in str(error.value) and "KS 2020/8" in str(error.value)
    revision = repo.record(P, text("a", cited), "KF 2020-03-02 § 12")
    assert str(revision.decision) == cited
    assert revision.effective == datetime.date(2020, 4, 1)
    with pytest.raises(RefusedError, match=r"\(as the text cites it\) is before the decision"):
        repo.record(P, text("b", "KF 2021-03-01 § 2, gäller från 2021-01-01"), "KF 2021-03-01 § 2")


def test_a_repeated_or_ambiguous_decision_is_refused_naming_the_option(
    repo: Repository,
) -> None:
    repo.record(P, text("a"), "Regeringen 2025 (SFS 2025:480)")
    repo.record(P, text("b"), "Regeringen 2025 (SFS 2025:654)")
    with pytest.raises(RefusedError, match="revision 2; record with --force to add another"):
        repo.record(P, text("c"), "Regeringen 2025 (SFS 2025:654)")
    with pytest.raises(RefusedError, match="could be"):
        repo.record(P, text("c"), "Regeringen 2025", force=True)
    forced = repo.record(P, text("c"), "Reviderad Regeringen 2025 (SFS 2025:654)", force=True)
    assert forced.forced
    assert [str(x) for x in repo.read(forced).decisions] == [
        "Regeringen 2025 (SFS 2025:480)",
        "Reviderad Regeringen 2025 (SFS 2025:654)",
    ]
    assert repo.revision(P, "regeringen-2025-SFS-2025-654") == forced  # the latest so recorded


def test_a_confusable_organ_is_refused_naming_the_character(repo: Repository) -> None:
    with pytest.raises(pv.DecisionError) as error:
        repo.record(P, text("a"), "\u041aF 2020-03-02 § 12")  # Cyrillic К, Latin F
    message = str(error.value)
    assert "U+041A CYRILLIC CAPITAL LETTER KA" in message and "--decision" in message
    with pytest.raises(pv.DecisionError, match=r"U\+0430 CYRILLIC SMALL LETTER A"):
        pv.Organ(name="Regeringen kommun\u0430")
    with pytest.raises(pv.DecisionError, match=r"U\+200B ZERO WIDTH SPACE"):
        pv.Decision(pv.Organ(name="Re\u200bgeringen"), 2020)
    assert repo.policies() == []
    # Latin letters of any form are fine; full-width KF is KF.
    assert pv.Organ("\uff2b\uff26") == pv.Organ("KF")
    assert pv.Organ(name="Överförmyndare i Söderhamn").name == "Överförmyndare i Söderhamn"


def test_the_late_rule_names_the_option(repo: Repository) -> None:
    repo.record(P, text("a"), "KF 2021-03-01 § 2")
    with pytest.raises(RefusedError) as error:
        repo.record(P, text("b"), "KF 2020-03-02 § 12", "2021-07-01")
    message = str(error.value)
    assert "--late" in message and "KF 2021-03-01 § 2 (revision 1)" in message
    assert "=True" not in message
    late = repo.record(P, text("b"), "KF 2020-03-02 § 12", "2021-07-01", late=True)
    assert late.late and late.warnings == ()
    assert attrs.evolve(late.decision, effective=None) == d("KF 2020-03-02 § 12")
