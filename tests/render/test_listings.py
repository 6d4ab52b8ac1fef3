"""The words of every language hold the same keys, and the store's listings are tables with
headers, status words and dates in either language."""

from __future__ import annotations

import datetime
import string
from pathlib import Path

import attrs
import pytest

import policyversions as pv
from policyversions.render.listings import render_log, render_policies, table
from policyversions.render.words import LANGUAGES, Words, words_for
from policyversions.store import Repository
from policyversions.store.history import periods

P = "kommun/policy"


def test_every_language_holds_the_same_keys_in_every_table() -> None:
    tables = [field.name for field in attrs.fields(Words)]
    assert "listings" in tables
    for name in tables:
        keys = {lang: set(getattr(words_for(lang), name)) for lang in LANGUAGES}
        assert keys["sv"] == keys["en"], name
        for lang in LANGUAGES:
            assert all(getattr(words_for(lang), name).values()), (lang, name)


def test_templates_take_the_same_fields_in_every_language() -> None:
    formatter = string.Formatter()
    for field in attrs.fields(Words):
        swedish = getattr(words_for("sv"), field.name)
        english = getattr(words_for("en"), field.name)
        for key, value in swedish.items():
            if not isinstance(value, str):
                continue
            fields = {name for _, name, _, _ in formatter.parse(value) if name}
            other = {name for _, name, _, _ in formatter.parse(english[key]) if name}
            assert fields == other, (field.name, key)


def test_a_table_pads_every_column_but_the_last() -> None:
    assert table(["Nr", "Beslut", "Text"], [["1", "KF", "a b"], ["12", "Regeringen", "c"]]) == (
        "Nr  Beslut      Text\n1   KF          a b\n12  Regeringen  c\n"
    )


def _revisions(tmp_path: Path) -> Repository:
    repo = Repository.init(tmp_path / "repo")
    for n, (decision, effective) in enumerate(
        [
            ("Antagen KF 2018-02-05 § 3", None),
            ("Reviderad KF 2019-05-13 § 40", "2019-07-01"),
            ("Reviderad KF 2019-06-17 § 52", "2019-07-01"),  # supersedes § 40 the same day
            ("Reviderad KF 2021-03-01 § 7", "2030-01-01"),
        ]
    ):
        body = pv.assign_positional_ids([pv.Paragraph(f"Text {n}.")])
        repo.record(P, pv.Policy("Riktlinje för det mesta", body), decision, effective)
    return repo


def test_periods_give_each_revision_its_status_and_dates(tmp_path: Path) -> None:
    repo = _revisions(tmp_path)
    found = periods(repo.log(P), datetime.date(2025, 1, 1))
    assert [(p.status, p.start.isoformat(), p.until) for p in found] == [
        ("superseded", "2018-02-05", datetime.date(2019, 6, 30)),
        ("never", "2019-07-01", None),
        ("in_force", "2019-07-01", datetime.date(2029, 12, 31)),
        ("not_yet", "2030-01-01", None),
    ]
    repo.repeal(P, "KF 2031-01-13 § 1")
    after = periods(repo.log(P), datetime.date(2032, 1, 1))
    assert [p.status for p in after] == ["superseded", "never", "superseded", "repealed", "repeal"]
    assert pv.Repository.open(repo.root).summaries(datetime.date(2032, 1, 1))[0].status == (
        "repealed"
    )


@pytest.mark.parametrize(
    ("lang", "header", "statuses"),
    [
        ("sv", "Nr", ["ersatt", "aldrig i kraft", "i kraft", "ännu ej i kraft"]),
        ("en", "No.", ["superseded", "never in force", "in force", "not yet in force"]),
    ],
)
def test_the_log_table_in_either_language(
    tmp_path: Path, lang: str, header: str, statuses: list[str]
) -> None:
    repo = _revisions(tmp_path)
    revisions = repo.log(P)
    text = render_log(P, revisions, periods(revisions, datetime.date(2025, 1, 1)), lang=lang)
    lines = text.splitlines()
    assert lines[0] == f"{P}: Riktlinje för det mesta"
    assert lines[2].startswith(header)
    for line, status in zip(lines[3:], statuses, strict=True):
        assert f"  {status}  " in line
    assert " 2019-07-01 2029-12-31 " in " ".join(lines[5].split())


def test_the_policies_table_and_an_empty_repository(tmp_path: Path) -> None:
    repo = _revisions(tmp_path)
    summaries = repo.summaries(datetime.date(2025, 1, 1))
    text = render_policies(summaries, lang="sv")
    assert text.splitlines()[0].split()[:3] == ["Dokument", "Status", "Senaste"]
    assert "Riktlinje för det mesta" in text and "i kraft" in text
    assert render_policies([], lang="en") == "No policies in the repository.\n"
    assert pv.listing_language(["sv", "en"]) == "sv"
    assert pv.listing_language(["en", "en"]) == "en"
    assert pv.listing_language([]) == "sv"


def test_the_language_of_a_policy() -> None:
    english = pv.load(Path(__file__).parents[2] / "corpus" / "contributor-covenant" / "en-2.1.md")
    swedish = pv.load(Path(__file__).parents[2] / "corpus" / "contributor-covenant" / "sv-2.1.md")
    assert pv.model.policy_language(english) == "en"
    assert pv.model.policy_language(swedish) == "sv"
    told = attrs.evolve(english, metadata=pv.Metadata(extra=[("language", "Svenska")]))
    assert pv.model.policy_language(told) == "sv"
