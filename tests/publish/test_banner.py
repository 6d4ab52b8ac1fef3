"""The banner of a policy's page: what is in force on a given day, under which decision, and
what comes next; and the words it is written in."""

from __future__ import annotations

import datetime

import pytest
from lxml import etree

import policyversions as pv
from policyversions.publish import Banner, policy_banner
from policyversions.publish.policypage import write_banner
from policyversions.store import Revision

D = datetime.date


def revision(number: int, decision: str, effective: str | None = None) -> Revision:
    """A revision as the store lists it (only its number and decision matter here)."""
    parsed = pv.parse_decision(decision)
    if effective is not None:
        parsed = pv.Decision(
            parsed.organ,
            parsed.year,
            parsed.date,
            parsed.item,
            parsed.case_number,
            parsed.action,
            parsed.act_number,
            D.fromisoformat(effective),
        )
    return Revision(
        policy_id="styrdokument",
        number=number,
        decision=parsed,
        sha256="0" * 64,
        recorded=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        file=f"{number:04d}-{parsed.slug}.xml",
    )


ADOPTED = revision(1, "Antagen KF 2024-03-18 § 45", "2024-07-01")
REVISED = revision(2, "Reviderad KF 2025-11-24 § 160 (Dnr KS 2025/12)", "2026-01-01")
REPEALED = revision(3, "Upphävd KF 2026-05-25 § 80", "2026-07-01")


def lines(result: Banner) -> list[tuple[str, int, datetime.date]]:
    return [(line.kind, line.revision.number, line.date) for line in result.lines]


def text(result: Banner, lang: str = "sv") -> list[str]:
    """The banner's lines as a reader sees them."""
    parent = etree.Element("div")
    write_banner(parent, result, "policies/styrdokument/index.html", lang)
    return ["".join(p.itertext()) for p in parent.iter("p")]


def test_in_force_from_its_effective_date() -> None:
    result = policy_banner([ADOPTED], D(2024, 8, 1))
    assert result.status == "in_force" and result.shown is ADOPTED
    assert lines(result) == [("in_force", 1, D(2024, 7, 1))]
    assert text(result) == ["Gäller från 2024-07-01 enligt KF 2024-03-18 § 45"]
    assert text(result, "en") == ["In force from 2024-07-01 under KF 2024-03-18 § 45"]


def test_decided_but_not_yet_in_force_until_its_day() -> None:
    for day in (D(2024, 3, 18), D(2024, 6, 30)):
        result = policy_banner([ADOPTED], day)
        assert result.status == "not_yet" and result.shown is ADOPTED
        assert lines(result) == [("not_yet", 1, D(2024, 7, 1))]
    assert text(policy_banner([ADOPTED], D(2024, 6, 30))) == [
        "Beslutad men ännu ej i kraft: gäller från 2024-07-01 enligt KF 2024-03-18 § 45"
    ]
    assert policy_banner([ADOPTED], D(2024, 7, 1)).status == "in_force"  # on the day itself


def test_a_new_text_decided_shows_beside_the_one_in_force() -> None:
    result = policy_banner([ADOPTED, REVISED], D(2025, 12, 1))
    assert result.status == "in_force" and result.shown is ADOPTED
    assert lines(result) == [("in_force", 1, D(2024, 7, 1)), ("upcoming", 2, D(2026, 1, 1))]
    assert text(result) == [
        "Gäller från 2024-07-01 enligt KF 2024-03-18 § 45",
        "Ny lydelse gäller från 2026-01-01 enligt KF 2025-11-24 § 160",
    ]
    after = policy_banner([ADOPTED, REVISED], D(2026, 1, 1))
    assert after.shown is REVISED and lines(after) == [("in_force", 2, D(2026, 1, 1))]


def test_repealed_shows_the_text_last_in_force_and_its_days() -> None:
    history = [ADOPTED, REVISED, REPEALED]
    coming = policy_banner(history, D(2026, 6, 1))
    assert coming.status == "in_force" and coming.shown is REVISED
    assert lines(coming)[1] == ("upcoming_repeal", 3, D(2026, 7, 1))
    assert text(coming)[1] == "Upphävs från 2026-07-01 genom KF 2026-05-25 § 80"
    result = policy_banner(history, D(2026, 7, 1))
    assert result.status == "repealed" and result.shown is REVISED
    assert lines(result) == [("repealed", 3, D(2026, 7, 1))]
    assert (result.start, result.until) == (D(2026, 1, 1), D(2026, 6, 30))
    assert text(result) == [
        "Upphävd genom KF 2026-05-25 § 80 från 2026-07-01",
        "Texten nedan är den som senast gällde, från 2026-01-01 till och med 2026-06-30.",
    ]


def test_a_late_registration_lands_where_its_effective_date_puts_it() -> None:
    """Recorded second, but decided earlier and in force earlier: in force first, and the
    revision recorded before it is the new text to come."""
    later = revision(1, "Reviderad Regeringen 2025 (SFS 2025:488)", "2025-10-01")
    late = revision(2, "Reviderad Regeringen 2024 (SFS 2024:1362)", "2025-07-01")
    result = policy_banner([later, late], D(2025, 8, 1))
    assert result.shown is late
    assert lines(result) == [("in_force", 2, D(2025, 7, 1)), ("upcoming", 1, D(2025, 10, 1))]
    assert text(result)[0] == "Gäller från 2025-07-01 enligt Regeringen 2024 (SFS 2024:1362)"
    assert policy_banner([later, late], D(2025, 10, 1)).shown is later


def test_a_revision_that_never_held_is_never_named() -> None:
    """Two revisions taking effect on one day: the later recorded one holds."""
    first = revision(1, "Antagen KS 2026-01-12 § 3", "2026-03-01")
    second = revision(2, "Reviderad KS 2026-02-09 § 14", "2026-03-01")
    before = policy_banner([first, second], D(2026, 2, 15))
    assert before.status == "not_yet" and before.shown is second
    assert lines(before) == [("not_yet", 2, D(2026, 3, 1))]
    assert lines(policy_banner([first, second], D(2026, 3, 1))) == [("in_force", 2, D(2026, 3, 1))]


def test_a_decision_without_an_effective_date_holds_from_its_date() -> None:
    result = policy_banner([revision(1, "Reviderad KF 2007-06-18 § 118")], D(2007, 6, 18))
    assert lines(result) == [("in_force", 1, D(2007, 6, 18))]
    assert text(result) == ["Gäller från 2007-06-18 enligt KF 2007-06-18 § 118"]


def test_the_banner_links_each_decision_to_its_revision() -> None:
    parent = etree.Element("div")
    result = policy_banner([ADOPTED, REVISED], D(2025, 12, 1))
    write_banner(parent, result, "policies/styrdokument/index.html", "sv")
    assert parent.xpath(".//a/@href") == ["revision-1.html", "revision-2.html"]


def test_no_revisions_no_banner() -> None:
    with pytest.raises(ValueError, match="at least one revision"):
        policy_banner([], D(2026, 1, 1))
