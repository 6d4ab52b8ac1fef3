"""Tests of one revision as HTML: metadata block, decision history, anchors, escaping."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings

import policyversions as pv
from htmlcheck import by_id, check_page, reading
from policyversions.model import Cell, Commitment, CommitmentList, Paragraph, Section, Table
from strategies import policies

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_seed_revision_has_title_decisions_and_every_node() -> None:
    policy = pv.load(CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt")
    root = check_page(pv.render_revision_html(policy), "sv")
    assert root.findtext(".//h1") == policy.title
    assert root.xpath("//header/p[@class='decision']")[0].text_content() == (
        "Senaste beslut: Reviderad KF 2007-06-18 § 118"
    )
    assert root.xpath("//section[@class='decisions']//li/text()") == [
        "Reviderad KF 2007-06-18 § 118"
    ]
    ids = by_id(root)
    for node in policy.walk():
        assert node.id in ids
    assert [h.text for h in root.xpath("//main/section/h3")] == [
        block.heading for block in policy.body if isinstance(block, pv.Section)
    ]
    assert not root.xpath("//ins | //del | //*[@data-change]")


def test_metadata_block_lists_the_non_empty_fields_in_english() -> None:
    metadata = pv.Metadata(
        owner="HR-chefen",
        valid_from=datetime.date(2024, 1, 1),
        replaces=("Gammal policy", "Äldre riktlinje"),
        extra=(("Diarienummer", "KS 2023/12"),),
    )
    decisions = (
        pv.parse_decision("Antagen KF 2005-03-21 § 34"),
        pv.parse_decision("Reviderad KF 2007-06-18 § 118"),
    )
    body = pv.assign_positional_ids([pv.Paragraph("Text.")])
    policy = pv.Policy("Policy", body, metadata, decisions)
    root = check_page(pv.render_revision_html(policy, lang="en"), "en")
    terms = root.xpath("//dl[@class='meta']/dt/text()")
    values = root.xpath("//dl[@class='meta']/dd/text()")
    assert list(zip(terms, values, strict=True)) == [
        ("Owner", "HR-chefen"),
        ("Valid from", "2024-01-01"),
        ("Replaces", "Gammal policy; Äldre riktlinje"),
        ("Diarienummer", "KS 2023/12"),
    ]
    # An English page cites the decisions with English actions (the rest is the citation).
    assert root.xpath("//section[@class='decisions']//li/text()") == [
        "Adopted KF 2005-03-21 § 34",
        "Revised KF 2007-06-18 § 118",
    ]
    assert root.findtext(".//section[@class='decisions']/h2") == "Decisions"


def test_no_metadata_and_no_decision() -> None:
    policy = pv.Policy("P", pv.assign_positional_ids([pv.Paragraph("Text.")]))
    root = check_page(pv.render_revision_html(policy, lang="en"), "en")
    assert not root.xpath("//section[@class='metadata'] | //section[@class='decisions']")
    assert root.xpath("//header/p[@class='decision']")[0].text == "Latest decision: no decision"
    sv = check_page(pv.render_revision_html(policy), "sv")
    assert sv.xpath("//header/p[@class='decision']")[0].text == "Senaste beslut: utan beslut"
    with pytest.raises(ValueError, match="unknown language"):
        pv.render_revision_html(policy, lang="fi")


def test_markup_in_a_revision_is_text() -> None:
    attack = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
    body = pv.assign_positional_ids(
        [pv.Section(attack, [pv.CommitmentList([pv.Commitment(attack)], lead_in=attack)])]
    )
    policy = pv.Policy(attack, body, pv.Metadata(owner=attack, extra=((attack, attack),)))
    page = pv.render_revision_html(policy)
    root = check_page(page, "sv")
    assert root.findtext(".//h1") == attack
    assert root.xpath("//main//li")[0].text == attack
    assert root.xpath("//dl[@class='meta']/dt/text()") == ["Dokumentansvarig", attack]
    assert "<script>" not in page and "<img" not in page


@settings(max_examples=40, deadline=None)
@given(policies())
def test_any_revision_shows_every_node_with_its_text(policy: pv.Policy) -> None:
    root = check_page(pv.render_revision_html(policy), pv.policy_language(policy))
    ids = by_id(root)
    for node in policy.walk():
        element = ids[node.id]
        if isinstance(node, Paragraph | Cell):
            assert reading(element) == node.text
        elif isinstance(node, Commitment):
            own = reading(element, skip=("div",))  # without the list nested in it
            assert own == (f"{node.label} {node.text}" if node.label else node.text)
        elif isinstance(node, Section):
            assert reading(element[0]) == node.title
        elif isinstance(node, CommitmentList):
            labelled = any(item.label for item in node.items)
            assert element.xpath("boolean(./ol)") == (node.style == "number" and not labelled)
            if node.wrap_up:
                assert reading(element.xpath("./p[@class='wrap-up']")[0]) == node.wrap_up
        elif isinstance(node, Table):
            assert element.tag == "table"
            header = [row for row in node.rows if row.header]
            assert len(element.xpath("./tbody/tr[th]")) == len(header)


def test_cli_show_html() -> None:
    from click.testing import CliRunner

    from policyversions_cli.main import main

    seed = str(CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt")
    result = CliRunner().invoke(main, ["show", seed, "--format", "html", "--lang", "en"])
    assert result.exit_code == 0, result.output
    root = check_page(result.output, "en")
    assert root.findtext(".//h1") == "Ledar- och medarbetarpolicy för Söderhamns kommun"
