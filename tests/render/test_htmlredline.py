"""Tests of the HTML redline (no browser): structure, marking, placement, escaping, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policyversions as pv
from edit_strategies import revisions
from htmlcheck import by_id, check_page, parse, reading, seed_edited
from policyversions.compare.wording import word_ops
from policyversions.model import Cell, Commitment, CommitmentList, Paragraph, Row, Section, Table
from policyversions.render.marks import split_ops

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED = CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt"


@pytest.fixture(scope="module")
def seed_pair() -> tuple[pv.Policy, pv.Policy, pv.PolicyDiff]:
    old = pv.load(SEED)
    new = seed_edited(old)
    return old, new, pv.diff(old, new)


def _render(pair: tuple[pv.Policy, pv.Policy, pv.PolicyDiff], **options: object) -> str:
    old, new, changes = pair
    return pv.render_redline(changes, old=old, new=new, **options)  # type: ignore[arg-type]


def test_seed_header_summary_and_weakened_obligation_first(seed_pair: tuple) -> None:
    root = check_page(_render(seed_pair), "sv")
    assert root.findtext(".//h1") == "Ledar- och medarbetarpolicy för Söderhamns kommun"
    decision = root.xpath("//header/p[@class='decision']")[0].text_content()
    assert decision == "Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 § 12"
    summary = root.xpath("//section[@class='summary']")[0]
    assert summary.findtext("h2") == "Sammanfattning"
    # The weakened obligation is listed before the table of counts (which stands beside the
    # summary in print), linking to its place.
    order = [node.tag for node in summary.iter("div", "table") if node.get("class") != "overview"]
    assert order.index("div") < order.index("table")
    weakened = summary.xpath(".//div[contains(@class, 'weakened')]")[0]
    assert weakened.findtext("h3") == "Försvagade skyldigheter (1)"
    assert weakened.findtext(".//strong") == "ska → bör"
    assert weakened.xpath(".//a/@href") == ["#sec_3__para_3"]
    counts = {
        row.get("data-kind"): int(row.findtext("td")) for row in summary.xpath(".//tr[@data-kind]")
    }
    assert counts == dict(seed_pair[2].summary().by_kind)
    classes = {row.get("data-class"): row.findtext("td") for row in summary.xpath(".//tr")}
    assert classes["total"] == str(len(seed_pair[2].changes))


@pytest.mark.parametrize("changes_only", [False, True])
def test_every_count_links_to_its_changes(seed_pair: tuple, changes_only: bool) -> None:
    root = check_page(_render(seed_pair, changes_only=changes_only), "sv")
    anchors = by_id(root)
    summary = root.xpath("//section[@class='summary']")[0]
    for row in summary.xpath(".//tr[@data-kind]"):
        links = row.xpath("./td[@class='where']/a/@href")
        count = int(row.findtext("td"))
        assert [link.text for link in row.xpath("./td[@class='where']/a")] == [
            str(number) for number in range(1, min(count, 9) + 1)
        ]
        for href in links:
            marked = [
                node.get("data-change")
                for node in anchors[href[1:]].iterancestors()
                if node.get("data-change")
            ]
            own = anchors[href[1:]].get("data-change")
            assert row.get("data-kind") in [own, *marked[:1]], (href, own, marked)
    (weakened,) = summary.xpath(".//tr[@data-strength='weakened']")
    assert weakened.xpath("./td[@class='where']/a/@href") == [
        summary.xpath(".//div[contains(@class, 'weakened')]//a/@href")[0]
    ]


def test_seed_rewording_is_word_level_with_ins_and_del(seed_pair: tuple) -> None:
    root = parse(_render(seed_pair))
    paragraph = by_id(root)["sec_3__para_3"]
    assert paragraph.get("data-change") == "reworded"
    assert [reading(node, ()) for node in paragraph.iter("del")] == ["ska"]
    assert [reading(node, ()) for node in paragraph.iter("ins")] == ["bör"]
    assert "FÖRSVAGAD: ska → bör" in paragraph.xpath(".//span[@class='tag']")[0].text_content()
    new_text = seed_pair[1].find("sec_3__para_3").text
    old_text = seed_pair[0].find("sec_3__para_3").text
    assert reading(paragraph) == new_text
    assert reading(paragraph, ("ins",)) == old_text
    # Screen readers hear where the deletion and insertion start and end.
    deleted = next(paragraph.iter("del"))
    assert [span.text for span in deleted.xpath("span[@class='sr']")] == [
        "borttaget: ",
        " (slut borttaget)",
    ]


def test_seed_removed_item_sits_at_its_old_place(seed_pair: tuple) -> None:
    root = parse(_render(seed_pair))
    removed = by_id(root)["old-sec_3__list_1__point_6"]
    assert removed.tag == "li"
    assert removed.get("data-change") == "removed"
    old_text = seed_pair[0].find("sec_3__list_1__point_6").text
    assert reading(removed, ("ins",)) == old_text
    assert reading(removed) == ""
    siblings = [item.get("id") for item in removed.getparent()]
    position = siblings.index("old-sec_3__list_1__point_6")
    assert siblings[position - 1 : position + 2] == [
        "sec_3__list_1__point_5",
        "old-sec_3__list_1__point_6",
        "sec_3__list_1__point_6",
    ]


def test_seed_move_is_marked_at_both_places_with_links(seed_pair: tuple) -> None:
    root = parse(_render(seed_pair))
    ids = by_id(root)
    new_place = ids["sec_4__list_1__point_1"]
    old_place = ids["old-sec_4__list_1__point_5"]
    assert new_place.get("data-change") == old_place.get("data-change") == "moved"
    assert (new_place.get("data-place"), old_place.get("data-place")) == ("new", "old")
    assert new_place.xpath(".//a/@href") == ["#old-sec_4__list_1__point_5"]
    assert old_place.xpath(".//a/@href") == ["#sec_4__list_1__point_1"]
    assert old_place.xpath("del[@class='moved']")
    text = "se jämställdhet som en naturlig del i organisationens kultur."
    assert reading(new_place) == text
    assert reading(old_place, ()) == text
    order = [item.get("id") for item in old_place.getparent()]
    assert order.index("old-sec_4__list_1__point_5") == order.index("sec_4__list_1__point_5") + 1


def test_every_node_has_an_anchor_and_the_document_reads_as_the_new_revision(
    seed_pair: tuple,
) -> None:
    _old, new, _ = seed_pair
    ids = by_id(parse(_render(seed_pair)))
    for node in new.walk():
        assert node.id in ids
        if isinstance(node, Paragraph | Commitment):
            assert reading(ids[node.id]) == node.text


def test_print_leaves_out_screen_reader_words(seed_pair: tuple) -> None:
    """The hidden announcements (``sr``) are not printed: the print media rules hide them."""
    root = parse(_render(seed_pair))
    assert root.xpath("//ins/span[@class='sr']")  # still there for screen readers on screen
    style = " ".join(root.findtext(".//style").split())
    print_rules = style[style.index("@media print {") :]
    assert ".sr { display: none; }" in print_rules


def test_decision_change_and_unknown_language() -> None:
    policy = pv.load(CORPUS / "contributor-covenant" / "en-1.4.md")
    newer = pv.load(CORPUS / "contributor-covenant" / "en-2.1.md")
    page = pv.render_redline(pv.diff(policy, newer), old=policy, new=newer, lang="en")
    root = check_page(page, "en")
    assert root.xpath("//header/p[@class='decision']")[0].text == "no decision → no decision"
    assert root.findtext(".//section[@class='summary']/h2") == "Summary"
    assert root.xpath("//ins/span[@class='sr']")[0].text == "inserted: "
    details = root.xpath("//section[@class='details']/div[@data-change='metadata_changed']")
    assert details and "1.4" in reading(details[0], ("ins",))
    with pytest.raises(ValueError, match="unknown language"):
        pv.render_redline(pv.diff(policy, newer), old=policy, new=newer, lang="de")


def test_changes_only_lists_each_change_in_order() -> None:
    old = pv.load(CORPUS / "sfs-2008-975" / "2025-07-01.md")
    new = pv.load(CORPUS / "sfs-2008-975" / "2025-10-01.md")
    changes = pv.diff(old, new)
    root = check_page(pv.render_redline(changes, old=old, new=new, changes_only=True), "sv")
    kinds = [entry.get("data-change") for entry in root.xpath("//main/article")]
    assert kinds == [change.kind for change in changes.changes if change.node != "policy"]
    whole = parse(pv.render_redline(changes, old=old, new=new))
    assert len(whole.xpath("//main//p")) > len(root.xpath("//main//p"))


def test_added_section_is_inserted_whole() -> None:
    old = pv.load(CORPUS / "sfs-2008-975" / "2025-07-01.md")
    new = pv.load(CORPUS / "sfs-2008-975" / "2025-10-01.md")
    changes = pv.diff(old, new)
    added = [change for change in changes.changes if change.kind == "added"]
    assert added
    ids = by_id(parse(pv.render_redline(changes, old=old, new=new)))
    for change in added:
        element = ids[change.new_id]
        assert element.get("data-change") == "added"
        assert reading(element, ("ins",)).strip() == ""


def test_mismatched_revisions_are_refused(seed_pair: tuple) -> None:
    _old, new, changes = seed_pair
    with pytest.raises(pv.DiffError, match="not made from this revision"):
        pv.render_redline(changes, old=new, new=new)


def test_markup_in_the_policy_is_text() -> None:
    attack = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
    body = pv.assign_positional_ids(
        [pv.Section(attack, [pv.CommitmentList([pv.Commitment(f"ska {attack}")])])]
    )
    old = pv.Policy(attack, body)
    new_body = pv.assign_positional_ids(
        [pv.Section(attack + " x", [pv.CommitmentList([pv.Commitment(f"bör {attack}")])])]
    )
    new = pv.Policy(attack, new_body)
    for changes_only in (False, True):
        page = pv.render_redline(pv.diff(old, new), old=old, new=new, changes_only=changes_only)
        root = check_page(page, "sv")
        assert "<script>alert(1)</script>" in root.findtext(".//h1")
        assert attack in root.findtext(".//title")
        assert attack in root.text_content()
        assert "<script>" not in page and "<img" not in page


def test_whole_document_ops_cover_split_parts() -> None:
    old = pv.Policy(
        "P",
        pv.assign_positional_ids(
            [pv.CommitmentList([Commitment("vi ska planera och vi ska följa upp arbetet")])]
        ),
    )
    new = pv.Policy(
        "P",
        pv.assign_positional_ids(
            [pv.CommitmentList([Commitment("vi ska planera"), Commitment("vi ska följa upp")])]
        ),
    )
    changes = pv.diff(old, new)
    root = check_page(pv.render_redline(changes, old=old, new=new), "sv")
    ids = by_id(root)
    for node in new.walk():
        if isinstance(node, Commitment):
            assert reading(ids[node.id]) == node.text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revisions(), st.booleans())
def test_any_redline_is_well_formed_and_reads_as_the_new_revision(
    pair: tuple[pv.Policy, pv.Policy], changes_only: bool
) -> None:
    old, new = pair
    changes = pv.diff(old, new)
    page = pv.render_redline(changes, old=old, new=new, changes_only=changes_only)
    root = check_page(page, pv.policy_language(new))  # labels in its language
    ids = by_id(root)
    if changes_only:
        entries = root.xpath("//main/article")
        assert len(entries) == sum(1 for change in changes.changes if change.node != "policy")
        return
    for node in new.walk():
        assert node.id in ids
        element = ids[node.id]
        if isinstance(node, Paragraph | Cell):
            assert reading(element) == node.text
        elif isinstance(node, Commitment):
            own = reading(element, skip=("del", "div"))  # without the list nested in it
            assert own == (f"{node.label} {node.text}" if node.label else node.text)
        elif isinstance(node, Section):
            heading = element.xpath("./*[starts-with(name(), 'h')]")[0]
            assert reading(heading).strip() == node.title
        elif isinstance(node, CommitmentList) and node.lead_in:
            assert reading(element.xpath("./p[@class='lead-in']")[0]) == node.lead_in
        elif isinstance(node, Table):
            assert element.tag == "table"
            assert len(element.xpath("./tbody/tr[not(@data-place='old')]")) >= len(node.rows)
    for change in changes.changes:
        if change.kind == "removed":
            element = ids[f"old-{change.old_id}"]
            assert element.get("data-change") == "removed"
            assert reading(element).strip() == ""
        if change.kind in ("moved", "section_moved") and f"old-{change.old_id}" in ids:
            assert ids[f"old-{change.old_id}"].get("data-place") == "old"


@given(
    st.lists(
        st.lists(
            st.sampled_from(["ska", "bör", "vi", "planera", "och", "följa", "upp"]),
            min_size=1,
            max_size=5,
        ),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.sampled_from(["ska", "bör", "vi", "nu", "och"]), min_size=1, max_size=8),
)
def test_split_ops_spell_each_part(parts_words: list[list[str]], old_words: list[str]) -> None:
    parts = [" ".join(words) for words in parts_words]
    ops = word_ops(" ".join(old_words), " ".join(parts))
    pieces = split_ops(ops, parts)
    assert pieces is not None
    for part, piece in zip(parts, pieces, strict=True):
        assert "".join(text for op, text in piece if op != "delete") == part
    old_side = "".join(text for piece in pieces for op, text in piece if op != "insert")
    assert old_side.replace(" ", "") == "".join(old_words)


def test_split_ops_refuses_ops_of_other_text() -> None:
    assert split_ops((("equal", "a b"),), ["a", "c"]) is None
    assert split_ops((), []) is None


def test_a_paragraph_removed_from_a_section_left_empty_is_shown_in_it() -> None:
    """Found by the property test: the section's only paragraph removed."""
    old = pv.Policy(
        "P", pv.assign_positional_ids([pv.Section("A", []), pv.Section("B", [Paragraph("x")])])
    )
    new = pv.Policy("P", pv.assign_positional_ids([pv.Section("A", []), pv.Section("B", [])]))
    ids = by_id(parse(pv.render_redline(pv.diff(old, new), old=old, new=new)))
    removed = ids["old-sec_2__para_1"]
    assert removed.get("data-change") == "removed"
    assert removed.getparent() is ids["sec_2"]


def test_numbered_list_keeps_numbers_around_a_removed_item() -> None:
    items = [Commitment(text) for text in ("först", "sedan", "sist")]
    old = pv.Policy("P", pv.assign_positional_ids([CommitmentList(items, style="number")]))
    new_list = CommitmentList([items[0], items[2]], style="number")
    new = pv.Policy("P", pv.assign_positional_ids([new_list]))
    root = parse(pv.render_redline(pv.diff(old, new), old=old, new=new))
    listing = root.xpath("//main//ol")[0]
    assert [(item.get("value"), item.get("data-change")) for item in listing] == [
        ("1", None),
        (None, "removed"),
        ("2", None),
    ]


def test_cli_diff_html_to_file_and_stdout(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from policyversions_cli.main import main

    old = str(CORPUS / "sfs-2008-975" / "2025-07-01.md")
    new = str(CORPUS / "sfs-2008-975" / "2025-10-01.md")
    target = tmp_path / "redline.html"
    runner = CliRunner()
    result = runner.invoke(main, ["diff", old, new, "--format", "html", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    root = check_page(target.read_text(encoding="utf-8"), "sv")
    assert root.xpath("//main/section")
    result = runner.invoke(
        main, ["diff", old, new, "--format", "html", "--changes-only", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    root = check_page(result.output, "en")
    assert root.xpath("//main/article") and not root.xpath("//main/section")
    result = runner.invoke(main, ["diff", old, new, "-o", str(target)])
    assert result.exit_code == 2
    assert "--format html" in result.output


def test_list_style_change_is_named_in_the_document_and_in_changes_only() -> None:
    items = [Commitment("Du ska planera."), Commitment("Du ska följa upp.")]
    old = pv.Policy("P", pv.assign_positional_ids([CommitmentList(items, lead_in="Du")]))
    new = pv.Policy(
        "P", pv.assign_positional_ids([CommitmentList(items, lead_in="Du", style="number")])
    )
    changes = pv.diff(old, new)
    assert [change.kind for change in changes.changes] == ["style_changed"]
    root = check_page(pv.render_redline(changes, old=old, new=new), "sv")
    listing = by_id(root)["list_1"]
    assert listing.get("data-change") == "style_changed"
    assert listing.xpath("p[@class='where']")[0].text == "punktlista → numrerad lista"
    assert listing.find("ol") is not None
    root = check_page(
        pv.render_redline(changes, old=old, new=new, changes_only=True, lang="en"), "en"
    )
    entry = root.xpath("//article[@data-change='style_changed']")[0]
    assert entry.xpath("p[not(@class)]")[0].text == "bulleted list → numbered list"


def test_header_row_change_is_named_in_words_of_the_page() -> None:
    def table(header: bool) -> pv.Policy:
        rows = [
            Row([Cell("Namn"), Cell("Land")], header=header),
            Row([Cell("Zendesk"), Cell("USA")]),
        ]
        return pv.Policy("P", pv.assign_positional_ids([Table(rows)]))

    old, new = table(True), table(False)
    changes = pv.diff(old, new)
    assert [(c.kind, c.field) for c in changes] == [("style_changed", "header")]
    for lang, words, count in (
        ("sv", "rubrikrad → vanlig rad", "1 tabellrad har blivit rubrikrad eller vanlig rad"),
        ("en", "header row → body row", "1 table row was made a header row or a body row"),
    ):
        root = check_page(
            pv.render_redline(changes, old=old, new=new, changes_only=True, lang=lang), lang
        )
        entry = root.xpath("//article[@data-change='style_changed']")[0]
        assert entry.xpath("p[not(@class)]")[0].text == words
        text = pv.render_text_redline(changes, old=old, new=new, lang=lang)
        assert words in text and "true" not in text
        assert count in text
