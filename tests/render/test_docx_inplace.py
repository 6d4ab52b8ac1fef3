"""Moves written in place in the Word redline: a node whose place in the reading order did not
change (a heading inserted above it, or removed) is written once, as a node that stayed, with
its inner changes tracked; a real move is still a move. The rule itself on sequences of
items, then on generated revisions, the GitHub Subprocessors pair and real moves."""

from __future__ import annotations

from typing import Literal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import policyversions as pv
from docxcheck import part, read, w
from docxpairs import heading_pairs, subprocessors_pairs
from edit_strategies import sentence
from policyversions.model import (
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Paragraph,
    Row,
    Section,
    Table,
)
from policyversions.render.docx.inplace import MoveEnd, Visibility, in_place

MOVE_MARKUP = ("moveFrom", "moveTo", "moveFromRangeStart", "moveToRangeStart")


def _redline(old: pv.Policy, new: pv.Policy, lang: str = "sv") -> bytes:
    return pv.render_docx_redline(pv.diff(old, new), old=old, new=new, lang=lang)


def _exact(data: bytes, old: pv.Policy, new: pv.Policy, lang: str = "sv") -> None:
    assert read(data, "accepted") == read(pv.render_docx(new, lang=lang))
    assert read(data, "rejected") == read(pv.render_docx(old, lang=lang))


def _count(body: etree._Element, name: str) -> int:
    return sum(1 for _ in body.iter(w(name)))


def _whole_rows(body: etree._Element, kind: str) -> int:
    return sum(1 for row in body.iter(w("tr")) if row.find(f"{w('trPr')}/{w(kind)}") is not None)


# -- the rule on sequences of items --------------------------------------------------------


def _decide(stream: str, levels: dict[str, int] | None = None) -> dict[str, str]:
    """The rule on a stream written as tokens: ``=`` a block both revisions have, ``-`` a
    deleted one, ``+`` an inserted one, ``<a`` the old end of move ``a``, ``>a`` its new end."""
    sides: list[Visibility] = []
    ends: list[MoveEnd] = []
    for token in stream.split():
        side: Visibility = {"=": "both", "-": "old", "+": "new", "<": "old", ">": "new"}[token[0]]
        if token[0] in "<>":
            end_side: Literal["old", "new"] = "old" if token[0] == "<" else "new"
            level = (levels or {}).get(token, 1)
            ends.append(MoveEnd(token[1:], end_side, len(sides), len(sides) + 1, level,
                                levels is not None))
        sides.append(side)
    return dict(in_place(sides, ends))


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        ("= <a + >a =", {"a": "new"}),  # a heading inserted above a block
        ("= <a >a =", {"a": "new"}),  # nothing between
        ("= >a - <a =", {"a": "old"}),  # a heading removed above a block
        ("= <a <b <c + >a >b >c =", {"a": "new", "b": "new", "c": "new"}),  # a run
        ("= <a <b + >b >a =", {"b": "new"}),  # the run reversed: one of them really moved
        ("= <a = >a", {}),  # past a block both revisions have
        ("= <a - + >a", {}),  # past a deleted block
        ("= >a + - <a", {}),  # past an inserted block
        ("= <a <b + >a - >b", {}),  # b passes a deleted block, and a would pass b
        ("= <a - <b + >a >b", {"b": "new"}),  # a passes a deleted block
        ("<a + >a <b + >b", {"a": "new", "b": "new"}),
        ("= >a >b - <a <b =", {"a": "old", "b": "old"}),
        ("= <a + >b - >a <b =", {}),  # two moves in opposite directions crossing
    ],
)
def test_the_rule_on_sequences(stream: str, expected: dict[str, str]) -> None:
    assert _decide(stream) == expected


def test_a_section_moves_in_place_only_at_its_own_depth() -> None:
    assert _decide("= <a + >a =", {"<a": 1, ">a": 1}) == {"a": "new"}
    assert _decide("= <a + >a =", {"<a": 1, ">a": 2}) == {}


# -- generated revisions: blocks under a new heading ----------------------------------------


@st.composite
def wrapped(draw: st.DrawFn) -> tuple[pv.Policy, pv.Policy, tuple[Block, ...]]:
    """An old revision and a new one where a run of 1-3 paragraphs, lists and tables (long,
    distinct texts) comes under a newly inserted heading, at the top level or inside a
    section, or where the heading above such a run (a section of its own) is removed, so that
    the run joins the section before it; or the other way round (old and new swapped); perhaps
    with one of the run's texts reworded."""
    counter = iter(range(10_000))

    def text(size: int = 8) -> str:
        return sentence(draw, f"ord{next(counter)}", size)

    def block(kind: str) -> Block:
        if kind == "paragraph":
            return Paragraph(text())
        if kind == "list":
            items = [Commitment(text()) for _ in range(draw(st.integers(1, 3)))]
            return CommitmentList(items, lead_in=text(3) if draw(st.booleans()) else None,
                                  style=draw(st.sampled_from(("bullet", "number"))))
        rows = [Row([Cell(text(2)), Cell(text(2))]) for _ in range(draw(st.integers(1, 3)))]
        return Table([Row([Cell(f"namn {next(counter)}"), Cell("plats")], header=True), *rows])

    kinds = st.sampled_from(("paragraph", "list", "table"))
    run = [block(kind) for kind in draw(st.lists(kinds, min_size=1, max_size=3))]
    before = [Paragraph(text()) for _ in range(draw(st.integers(1, 2)))]
    after = [Paragraph(text()) for _ in range(draw(st.integers(0, 2)))]
    edited = list(run)
    if draw(st.booleans()):
        index = draw(st.integers(0, len(run) - 1))
        edited[index] = _reword(run[index])
    heading = text(3)
    if draw(st.booleans()):  # a heading inserted above the run
        flat: list[Block] = [*before, *run, *after]
        nested: list[Block] = [*before, Section(heading, edited), *after]
        if draw(st.booleans()):  # inside a section
            outer = text(3)
            flat, nested = [Section(outer, flat)], [Section(outer, nested)]
    else:  # the run in a section of its own after another, or at the end of that one
        first = text(3)
        flat = [Section(first, [*before, *run]), *after]
        nested = [Section(first, before), Section(heading, edited), *after]
    old_body, new_body = (flat, nested) if draw(st.booleans()) else (nested, flat)
    old = pv.Policy("Policy", pv.assign_positional_ids(old_body))
    new = pv.Policy("Policy", pv.assign_positional_ids(new_body))
    return old, new, tuple(run)


def _reword(block: Block) -> Block:
    """*block* with one word of its first text changed."""
    if isinstance(block, Paragraph):
        return Paragraph(block.text + " tillägg")
    if isinstance(block, CommitmentList):
        first = block.items[0]
        return attrs.evolve(block, items=(Commitment(first.text + " tillägg"), *block.items[1:]))
    assert isinstance(block, Table)
    row = block.rows[1]
    cells = (Cell(row.cells[0].text + " tillägg"), *row.cells[1:])
    return attrs.evolve(block, rows=(block.rows[0], Row(cells), *block.rows[2:]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wrapped())
def test_blocks_under_a_new_heading_are_written_once_in_place(
    case: tuple[pv.Policy, pv.Policy, tuple[Block, ...]],
) -> None:
    old, new, run = case
    data = _redline(old, new)
    _exact(data, old, new)
    body = part(data, "word/document.xml")
    assert not any(_count(body, name) for name in MOVE_MARKUP)
    tables = [block for block in run if isinstance(block, Table)]
    assert _count(body, "tbl") == len(tables)  # each table once, not deleted and inserted
    assert _whole_rows(body, "del") == _whole_rows(body, "ins") == 0
    texts = ["".join(p.itertext()) for p in body.iter(w("p"))]
    for block in run:
        if isinstance(block, Paragraph):
            assert sum(block.text in found for found in texts) == 1


# -- the GitHub Subprocessors list -----------------------------------------------------------


@pytest.mark.parametrize("name", ["full", "third_party"])
def test_the_subprocessors_table_under_its_new_heading_shows_its_row_changes(name: str) -> None:
    old, new = subprocessors_pairs()[name]
    data = _redline(old, new, "en")
    _exact(data, old, new, "en")
    body = part(data, "word/document.xml")
    # the table once (and the new GitHub Subsidiaries table)
    assert _count(body, "tbl") == (2 if name == "full" else 1)
    first = next(body.iter(w("tbl")))
    inserted = ["".join(node.itertext()) for node in first.iter(w("ins"))
                if node.getparent().tag == w("p")]
    assert "Inc " in inserted  # Amazon Web Services (AWS) → Amazon Web Services Inc (AWS)
    amazon = next(row for row in first.iter(w("tr"))
                  if "Amazon Web Services" in "".join(row.itertext()))
    assert amazon.find(f"{w('trPr')}/{w('del')}") is None
    assert amazon.find(f"{w('trPr')}/{w('ins')}") is None
    comments = "".join(part(data, "word/comments.xml").itertext())
    assert "now under Third Party Subprocessors, in the same place in the text" in comments


@pytest.mark.parametrize("name", sorted(heading_pairs()))
def test_the_heading_pairs_are_written_in_place(name: str) -> None:
    old, new = heading_pairs()[name]
    data = _redline(old, new)
    _exact(data, old, new)
    body = part(data, "word/document.xml")
    assert not any(_count(body, kind) for kind in MOVE_MARKUP)
    assert _count(body, "tbl") == 1 and _whole_rows(body, "del") == 0
    cell_words = ["".join(n.itertext()) for n in body.iter(w("ins"))
                  if n.getparent().tag == w("p")]
    assert "Utsläppen" in cell_words


# -- real moves stay moves -------------------------------------------------------------------


def _paragraphs(*texts: str) -> list[Block]:
    return [Paragraph(text) for text in texts]


_A = "Kommunen ska arbeta för en god miljö i alla verksamheter och följa upp arbetet."
_B = "Nämnderna ansvarar för att policyn blir känd bland medarbetare och förtroendevalda."
_C = "Policyn gäller från och med den första januari och ses över vart fjärde år."
_TABLE = Table([Row([Cell("Mål"), Cell("År")], header=True), Row([Cell("Utsläpp"), Cell("2030")])])


@pytest.mark.parametrize(
    ("old_body", "new_body"),
    [
        (_paragraphs(_A, _B, _C), _paragraphs(_B, _C, _A)),
        (_paragraphs(_A, _B, _C), [*_paragraphs(_B), Section("Ny rubrik", _paragraphs(_A)),
                                   *_paragraphs(_C)]),
    ],
    ids=["paragraph_moved_down", "paragraph_under_a_new_heading_past_another"],
)
def test_a_real_move_of_a_paragraph_is_still_a_move(
    old_body: list[Block], new_body: list[Block]
) -> None:
    old = pv.Policy("Policy", pv.assign_positional_ids(old_body))
    new = pv.Policy("Policy", pv.assign_positional_ids(new_body))
    data = _redline(old, new)
    _exact(data, old, new)
    body = part(data, "word/document.xml")
    assert _count(body, "moveFromRangeStart") == _count(body, "moveToRangeStart") == 1
    moved = "".join("".join(node.itertext()) for node in body.iter(w("moveTo")))
    assert moved == _A


def test_a_real_move_of_a_table_is_still_deleted_and_inserted() -> None:
    old = pv.Policy("Policy", pv.assign_positional_ids([_TABLE, *_paragraphs(_A, _B)]))
    new = pv.Policy("Policy", pv.assign_positional_ids(
        [*_paragraphs(_A), Section("Mål", [_TABLE]), *_paragraphs(_B)]
    ))
    data = _redline(old, new)
    _exact(data, old, new)
    body = part(data, "word/document.xml")
    assert _count(body, "tbl") == 2
    assert _whole_rows(body, "del") == _whole_rows(body, "ins") == 2
