"""Helpers for tests that read the HTML pages: parse them and read their text as a person would.

Shared by the redline, revision and browser tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs
from lxml import etree
from lxml import html as lxml_html

import policyversions as pv
from policyversions.model import Commitment, CommitmentList, Policy, Section, Table

HIDDEN_CLASSES = {"sr", "tag", "anchor", "where"}
RLO = "\u202e"
"""RIGHT-TO-LEFT OVERRIDE: the characters after it, to the end of their paragraph or isolate,
are laid out right to left."""
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def parse(page: str) -> etree._Element:
    """Parse an HTML page."""
    root: etree._Element = lxml_html.document_fromstring(page)
    return root


def reading(node: etree._Element, skip: Iterable[str] = ("del",)) -> str:
    """The text a sighted reader sees in *node* as one side of the redline: without the elements
    named in *skip* (``del`` for the new revision, ``ins`` for the old), visually hidden text,
    change labels and anchors."""
    skipped = set(skip)
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        classes = set((element.get("class") or "").split())
        if element.tag in skipped or classes & HIDDEN_CLASSES:
            return
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")

    walk(node)
    return "".join(parts)


def by_id(root: etree._Element) -> dict[str, etree._Element]:
    """Every element with an id, by id; fails on a duplicate id."""
    found: dict[str, etree._Element] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        element_id = element.get("id")
        if element_id is not None:
            assert element_id not in found, f"duplicate id {element_id!r}"
            found[element_id] = element
    return found


def check_page(page: str, lang: str) -> etree._Element:
    """Assert the rules every page follows; return the parsed page.

    Language, charset and CSP, no script or other active or external content, unique ids,
    every in-page link resolving.
    """
    assert page.startswith("<!DOCTYPE html>")
    root = parse(page)
    assert root.get("lang") == lang
    csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    for tag in ("script", "img", "iframe", "object", "embed", "link", "form", "base", "svg"):
        assert not root.xpath(f"//{tag}"), f"unexpected <{tag}>"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name}"
            if name in ("src", "href", "action", "srcset", "poster", "data"):
                assert not EXTERNAL.match(value), f"external {name}={value!r}"
    for style in root.xpath("//style/text()") + root.xpath("//@style"):
        assert "url(" not in style and "@import" not in style
    ids = by_id(root)
    for href in root.xpath("//a/@href"):
        assert href.startswith("#") and href[1:] in ids, f"dangling link {href!r}"
    return root


def seed_edited(seed: Policy) -> Policy:
    """The seed, edited with the model API: ``ska`` → ``bör`` in a paragraph (a weakened
    obligation), one commitment removed (the sixth of section 3), one moved (the fifth of
    section 4 to the top of its list), and a new decision."""
    body = list(seed.body)
    values, mission = body[2], body[3]
    assert isinstance(values, pv.Section) and isinstance(mission, pv.Section)
    children = list(values.children)
    paragraph = children[2]
    assert isinstance(paragraph, pv.Paragraph) and " ska " in paragraph.text
    children[2] = pv.Paragraph(paragraph.text.replace(" ska ", " bör ", 1))
    values_list = children[3]
    assert isinstance(values_list, pv.CommitmentList)
    items = list(values_list.items)
    del items[5]
    children[3] = attrs.evolve(values_list, items=items)
    mission_children = list(mission.children)
    mission_list = mission_children[1]
    assert isinstance(mission_list, pv.CommitmentList)
    mission_items = list(mission_list.items)
    mission_items.insert(0, mission_items.pop(4))
    mission_children[1] = attrs.evolve(mission_list, items=mission_items)
    body[2] = attrs.evolve(values, children=children)
    body[3] = attrs.evolve(mission, children=mission_children)
    decisions = (*seed.decisions, pv.parse_decision("Reviderad KF 2019-02-25 § 12"))
    return attrs.evolve(seed, body=pv.assign_positional_ids(body), decisions=decisions)


def bidi_pair() -> tuple[Policy, Policy]:
    """A heading with a RIGHT-TO-LEFT OVERRIDE in it; one of its commitments moves to another
    section, one is weakened."""
    heading = f"Ansvar {RLO}nämnden"

    def build(moved: bool, verb: str) -> Policy:
        first = [pv.Commitment(f"{verb} planera arbetet"), pv.Commitment("ska följa upp målen")]
        second = [pv.Commitment("ska rapportera till fullmäktige")]
        if moved:
            second.append(first.pop(1))
        body = [
            pv.Section(heading, [pv.CommitmentList(first, lead_in="Nämnden")]),
            pv.Section("Uppföljning", [pv.CommitmentList(second, lead_in="Styrelsen")]),
        ]
        return Policy(f"Policy {RLO}för", pv.assign_positional_ids(body))

    return build(False, "ska"), build(True, "bör")


WORD = re.compile(r"[^\W\d_]+")
"""A word of a page or a policy: letters only."""


def policy_words(policies: Iterable[pv.Policy]) -> set[str]:
    """Every word a policy brings: title, texts, labels, metadata, decisions."""
    texts: list[str] = []
    for policy in policies:
        texts.append(policy.title)
        for field in attrs.fields(pv.Metadata):
            value = getattr(policy.metadata, field.name)
            if isinstance(value, tuple):
                texts.extend(str(part) for part in value)
            elif value is not None:
                texts.append(str(value))
        for decision in policy.decisions:
            texts.append(str(attrs.evolve(decision, action=None)))
            texts.append("Dnr")
        for node in policy.walk():
            if isinstance(node, Section):
                texts.extend((node.title, node.number or "", node.heading or ""))
            elif isinstance(node, CommitmentList):
                texts.extend((node.lead_in or "", node.wrap_up or ""))
            elif isinstance(node, Commitment):
                texts.extend((node.text, node.label or ""))
            elif isinstance(node, Table):
                texts.append(node.caption or "")
            elif hasattr(node, "text"):
                texts.append(node.text)
    return {word.lower() for text in texts for word in WORD.findall(text)}
