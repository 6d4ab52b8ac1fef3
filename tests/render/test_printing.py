"""What the printed redline is made of (no browser): the running header and page numbers in the
page's ``@page`` rule, text from the policy isolated from the labels around it, and the
changes-only listing with each change's section heading and lead-in for context.

``test_browser.py`` prints the same pages in Chromium and reads the PDF back.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from lxml import etree

import policyversions as pv
from htmlcheck import RLO, bidi_pair, check_page, parse, reading, seed_edited
from policyversions.render.htmlpage import FSI, PDI, css_string

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED = CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt"
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
ISOLATING_TAGS = {
    "bdi", "ins", "del", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt",
    "div", "caption", "title", "article", "section", "header", "main", "body", "ul", "ol",
    "table", "tbody", "thead", "tr", "dl",
}  # fmt: skip
ISOLATING_CLASSES = {"num", "label", "tag"}  # unicode-bidi: isolate, or display: block


def _margin_boxes(page: str) -> dict[str, str]:
    """The ``content`` of each ``@page`` margin box, CSS escapes decoded, counters as
    ``{page}``."""
    style = parse(page).findtext(".//style") or ""
    boxes = {}
    for box, content in re.findall(r"@(top-left|top-right) \{ content: ([^;]*); \}", style):
        parts = re.findall(r'"([^"]*)"|counter\((\w+)\)', content)
        text = "".join(
            CSS_ESCAPE.sub(lambda match: chr(int(match[1], 16)), string) if string else f"{{{n}}}"
            for string, n in parts
        )
        boxes[box] = text
    return boxes


def _seed_pair() -> tuple[pv.Policy, pv.Policy]:
    seed = pv.load(SEED)
    return seed, seed_edited(seed)


def test_every_printed_page_has_the_title_the_decisions_and_the_page_number() -> None:
    old, new = _seed_pair()
    page = pv.render_redline(pv.diff(old, new), old=old, new=new)
    boxes = _margin_boxes(page)
    title = "Ledar- och medarbetarpolicy för Söderhamns kommun"
    decisions = "Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 § 12"
    assert boxes == {"top-left": f"{title}\n{decisions}", "top-right": "Sida {page} av {pages}"}
    english = _margin_boxes(pv.render_redline(pv.diff(old, new), old=old, new=new, lang="en"))
    assert english["top-right"] == "Page {page} of {pages}"
    assert "Revised KF 2019-02-25 § 12" in english["top-left"]
    # One revision as a page has the same header: its title and latest decision.
    revision = _margin_boxes(pv.render_revision_html(new))
    assert revision["top-left"] == f"{title}\nSenaste beslut: Reviderad KF 2019-02-25 § 12"
    assert revision["top-right"] == "Sida {page} av {pages}"


def test_the_header_cannot_be_broken_out_of() -> None:
    attack = 'x"; } @page { @top-left { content: "pwned" } } </style><script>alert(1)</script>\\'
    body = pv.assign_positional_ids([pv.Paragraph("Nämnden ska planera.")])
    old = pv.Policy(attack, body)
    new = pv.Policy(attack, pv.assign_positional_ids([pv.Paragraph("Nämnden bör planera.")]))
    page = pv.render_redline(pv.diff(old, new), old=old, new=new)
    root = check_page(page, "sv")
    style = root.findtext(".//style")
    assert "<" not in style and '"pwned"' not in style  # the words are there, escaped
    assert _margin_boxes(page)["top-left"] == f"{attack}\nutan beslut → utan beslut"


def test_css_string_escapes_everything_but_letters_and_digits() -> None:
    assert css_string("Sida 3") == '"Sida\\20 3"'
    assert css_string('"}\n') == '"\\22 \\7d \\a "'
    assert css_string("Mål") == '"M\\e5 l"'


def _is_isolating(element: etree._Element) -> bool:
    classes = set((element.get("class") or "").split())
    return element.tag in ISOLATING_TAGS or bool(classes & ISOLATING_CLASSES)


def _texts_in_order(root: etree._Element) -> list[tuple[etree._Element, bool, str]]:
    """Every text of *root*'s subtree in document order: (element, is it the tail, text)."""
    found: list[tuple[etree._Element, bool, str]] = []

    def walk(element: etree._Element) -> None:
        found.append((element, False, element.text or ""))
        for child in element:
            walk(child)
            found.append((child, True, child.tail or ""))

    walk(root)
    return found


def _check_isolated(root: etree._Element, rest: tuple[str, ...]) -> int:
    """Assert that every text holding an RLO ends with the policy's words (one of *rest* after
    the RLO) and that nothing follows it in the nearest isolating element; return how many."""
    checked = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for is_tail, text in ((False, element.text), (True, element.tail)):
            if not text or RLO not in text:
                continue
            assert text.split(RLO, 1)[1] in rest, f"{text!r} in <{element.tag}>"
            container = element.getparent() if is_tail else element
            while container is not None and not _is_isolating(container):
                container = container.getparent()
            assert container is not None
            texts = _texts_in_order(container)
            position = next(
                index
                for index, (owner, tail, _text) in enumerate(texts)
                if owner is element and tail == is_tail
            )
            after = "".join(text for _owner, _tail, text in texts[position + 1 :])
            assert not after.strip(), f"{after!r} follows {text!r} in <{container.tag}>"
            checked += 1
    return checked


@pytest.mark.parametrize("changes_only", [False, True])
def test_a_bidi_control_in_a_heading_stays_inside_it(changes_only: bool) -> None:
    old, new = bidi_pair()
    changes = pv.diff(old, new)
    assert {change.kind for change in changes.changes} >= {"moved", "reworded"}
    page = pv.render_redline(changes, old=old, new=new, changes_only=changes_only)
    root = check_page(page, "sv")
    # The heading shows up in the labels (a moved item's old place, the weakened obligation,
    # in changes-only the heading over the changes), each time in a bdi of its own, and the
    # words after it read as written.
    isolated = [bdi for bdi in root.iter("bdi") if RLO in (bdi.text or "")]
    assert len(isolated) >= 2
    assert _check_isolated(root.find("body"), ("nämnden", "för")) >= 4
    assert {bdi.tail for bdi in isolated} == (
        {None, ", punkt 2 till ", ": "} if changes_only else {", punkt 2", ": "}
    )
    # Where there are no elements, a title with a control in it is between FSI and PDI.
    title = root.findtext(".//title")
    assert title == f"Jämförelse mellan två versioner: {FSI}Policy {RLO}för{PDI}"
    assert _margin_boxes(page)["top-left"].startswith(f"{FSI}Policy {RLO}för{PDI}\n")


def test_isolation_check_finds_a_label_after_a_control() -> None:
    """The control: without the bdi, the label after the heading is caught."""
    old, new = bidi_pair()
    page = pv.render_redline(pv.diff(old, new), old=old, new=new)
    spoiled = re.sub(r"<bdi>([^<]*)</bdi>", r"\1", page)
    with pytest.raises(AssertionError):
        _check_isolated(parse(spoiled).find("body"), ("nämnden", "för"))


def _seed_with_a_move_between_lists() -> tuple[pv.Policy, pv.Policy]:
    """The seed edited (seed_edited) and one more commitment moved from "Du ska som ledare"
    to "Kommunen vill att du som ledare"."""
    old, new = _seed_pair()
    body = list(new.body)
    values, mission = body[2], body[3]
    assert isinstance(values, pv.Section) and isinstance(mission, pv.Section)
    values_list, mission_list = values.children[3], mission.children[1]
    assert isinstance(values_list, pv.CommitmentList)
    assert isinstance(mission_list, pv.CommitmentList)
    moved = mission_list.items[-1]
    body[2] = attrs.evolve(
        values,
        children=(
            *values.children[:3],
            attrs.evolve(values_list, items=(*values_list.items, moved)),
        ),
    )
    body[3] = attrs.evolve(
        mission,
        children=(mission.children[0], attrs.evolve(mission_list, items=mission_list.items[:-1])),
    )
    return old, attrs.evolve(new, body=pv.assign_positional_ids(body))


def test_changes_only_keeps_the_section_heading_and_the_lead_in() -> None:
    old, new = _seed_with_a_move_between_lists()
    changes = pv.diff(old, new)
    root = check_page(pv.render_redline(changes, old=old, new=new, changes_only=True), "sv")
    main = root.find(".//main")
    entries = [child for child in main if child.tag in ("h3", "article")]
    # One heading for each run of changes in a section, before them.
    headings = [child.text_content() for child in entries if child.tag == "h3"]
    assert headings == ["Ledarskap – värdegrund", "Ledaruppdraget - åtagandet"]
    removed = main.xpath("article[@data-change='removed'][@data-node='commitment']")[0]
    assert removed.xpath("preceding-sibling::h3[1]")[0].text_content() == headings[0]
    context = removed.xpath(".//p[contains(@class, 'context')]")
    assert [reading(p) for p in context] == ["Kommunen vill att du som ledare"]
    assert removed.xpath("div[@class='head']/following-sibling::ul")  # the lead-in, the item
    # A commitment moved to a list with another lead-in shows the old one too; the new one
    # stands just above it, over the removed item of the same list (written once for both).
    across = [
        entry
        for entry in main.xpath("article[@data-change='moved'][@data-node='commitment']")
        if "Ledarskap" in (entry.findtext(".//p[@class='where']/bdi[last()]") or "")
    ]
    assert len(across) == 1
    assert across[0].getprevious() is removed
    assert [reading(p) for p in across[0].xpath(".//p[contains(@class, 'context')]")] == [
        "(tidigare: Du ska som ledare)",
    ]
    (within,) = main.xpath("article[@data-change='moved'][not(.//p[@class='where']/bdi)]")
    assert within.findtext(".//p[@class='where']") == "från punkt 5 till punkt 1"  # one list
    assert [reading(p) for p in within.xpath(".//p[contains(@class, 'context')]")] == [
        "Du ska som ledare"
    ]


def test_the_layout_never_forces_a_page_break() -> None:
    """Only headings, labels and lead-ins are kept with what follows: a long changed paragraph
    or entry may break across pages instead of leaving a gap (the browser test prints it)."""
    old, new = _seed_pair()
    style = parse(pv.render_redline(pv.diff(old, new), old=old, new=new)).findtext(".//style")
    assert not re.search(r"break-before: (page|always|left|right|recto|verso)", style)
    for rule in re.findall(r"([^{}]*)\{[^{}]*break-inside: avoid", style):
        for selector in rule.split(","):
            assert not re.search(r"article\.change\s*$|p\[|li\[", selector), selector


def test_the_text_redline_isolates_a_bidi_control_too() -> None:
    """In the terminal redline, text with an RLO in it stands between FSI and PDI, so that a
    terminal laying out bidirectional text cannot reorder the markers after it."""
    old, new = bidi_pair()
    text = pv.render_text_redline(pv.diff(old, new), old=old, new=new)
    lines = [line for line in text.splitlines() if RLO in line]
    assert len(lines) >= 3  # the title, and the heading in the places of both changes
    for line in lines:
        depth = 0
        for char in line:
            depth += (char == FSI) - (char == PDI)
            assert depth >= 0, line
            if char == RLO:
                assert depth == 1, line
        assert depth == 0, line
    plain = pv.render_text_redline(pv.diff(*_seed_pair()), old=_seed_pair()[0], new=_seed_pair()[1])
    assert FSI not in plain and PDI not in plain  # only text that needs it


def test_a_paragraph_moved_into_an_added_section_is_not_printed_as_new_text() -> None:
    """The added section lists the paragraph that moved into it unmarked behind ``>`` (its own
    entry says where it came from); only the truly new paragraph is marked as inserted."""
    moving = "Alla ska bemötas med respekt i vardagen."
    staying = pv.Paragraph("Chefen ska leda verksamheten mot målen.")
    old = pv.Policy(
        "T",
        pv.assign_positional_ids([pv.Section("Ledarskap", [staying, pv.Paragraph(moving)])]),
    )
    new = pv.Policy(
        "T",
        pv.assign_positional_ids(
            [
                pv.Section("Ledarskap", [staying]),
                pv.Section("Bemötande", [pv.Paragraph(moving), pv.Paragraph("Helt ny text.")]),
            ]
        ),
    )
    changes = pv.diff(old, new)
    assert [(c.kind, c.node) for c in changes] == [("added", "section"), ("moved", "paragraph")]
    text = pv.render_text_redline(changes, old=old, new=new)
    added = text.split("\n\n")[3]
    assert f"> {moving}" in added and f"{{+{moving}+}}" not in added
    assert "{+Helt ny text.+}" in added and "{+§ Bemötande+}" in added
    # printed once as the move's own text, once as a pointer in the section: never as new
    assert text.count(f"{{+{moving}") == 0
