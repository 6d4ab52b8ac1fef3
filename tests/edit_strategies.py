"""Hypothesis strategies for revisions: a policy and the same policy after random edits.

Edits work on a mutable copy of the tree (:class:`Draft`): reword 1-3 words of an item or
paragraph, insert or delete an item, paragraph or section, move an item within its list or to
another list, move a block to another section, split an item in two, merge two adjacent items,
rename a section, change a list's lead-in, relabel a point or renumber a provision, reword a
table cell, insert, delete or move a table row. After the edits the new revision gets fresh
positional ids, as if both revisions had been imported independently.

``distinct_policies()`` builds policies whose texts are long and pairwise different (random
words plus a unique word each), so that a single edit has one unambiguous reading.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from policyversions.model import (
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    assign_positional_ids,
)
from strategies import NUMBERS, labels, policies, texts

_VOCABULARY_TEXT = (
    "kommunen arbetar aktivt för god arbetsmiljö trygghet delaktighet ansvar ledare medarbetare "
    "tydliga mål uppföljning dialog förtroende utveckling kompetens jämställdhet mångfald "
    "hälsa säkerhet service invånare företag samverkan kvalitet effektivitet hållbarhet "
    "miljö klimat budget ekonomi planering rapportering resultat verksamhet förvaltning "
    "nämnd styrelse beslut riktlinjer rutiner information kommunikation öppenhet rättssäkerhet "
    "likabehandling tillgänglighet digitalisering innovation lärande respekt engagemang "
    "inflytande omsorg skola vård bostäder infrastruktur kultur fritid idrott föreningar"
)
VOCABULARY = tuple(_VOCABULARY_TEXT.split())

Draft = list[Any]
"""["section", heading, children, number] | ["para", text]
| ["list", lead, wrap, style, items] with items [text, label, sublist draft or None]
| ["table", caption, rows] with rows [header, [cell texts]]"""


def to_draft(blocks: tuple[Block, ...]) -> list[Draft]:
    """Return a mutable copy of *blocks*."""
    result: list[Draft] = []
    for block in blocks:
        if isinstance(block, Section):
            result.append(["section", block.heading, to_draft(block.children), block.number])
        elif isinstance(block, CommitmentList):
            result.append(_list_draft(block))
        elif isinstance(block, Table):
            rows = [[row.header, [cell.text for cell in row.cells]] for row in block.rows]
            result.append(["table", block.caption, rows])
        else:
            result.append(["para", block.text])
    return result


def _list_draft(block: CommitmentList) -> Draft:
    items = [
        [item.text, item.label, None if item.sublist is None else _list_draft(item.sublist)]
        for item in block.items
    ]
    return ["list", block.lead_in, block.wrap_up, block.style, items]


def from_draft(drafts: list[Draft]) -> list[Block]:
    """Return model blocks (without ids) for *drafts*, dropping lists and tables that lost
    every item or row."""
    result: list[Block] = []
    for draft in drafts:
        if draft[0] == "section":
            if draft[1] is None and draft[3] is None:
                draft[1] = "rubrik"
            result.append(Section(draft[1], from_draft(draft[2]), number=draft[3]))
        elif draft[0] == "list":
            if draft[4]:
                result.append(_list_block(draft))
        elif draft[0] == "table":
            if draft[2]:
                rows = [Row([Cell(text) for text in cells], header=h) for h, cells in draft[2]]
                result.append(Table(rows, caption=draft[1]))
        else:
            result.append(Paragraph(draft[1]))
    return result


def _list_block(draft: Draft) -> CommitmentList:
    items = []
    for text, label, sublist in draft[4]:
        nested = _list_block(sublist) if sublist is not None and sublist[4] else None
        items.append(Commitment(text, label=label, sublist=nested))
    return CommitmentList(items, lead_in=draft[1], wrap_up=draft[2], style=draft[3])


def rebuild(policy: Policy, drafts: list[Draft]) -> Policy:
    """Return *policy* with the body *drafts*, with fresh positional ids."""
    body = assign_positional_ids(from_draft(drafts))
    return Policy(policy.title, body, policy.metadata, policy.decisions)


def containers(drafts: list[Draft]) -> list[list[Draft]]:
    """Return every list of blocks (the body and each section's children)."""
    found = [drafts]
    for draft in drafts:
        if draft[0] == "section":
            found.extend(containers(draft[2]))
    return found


def lists(drafts: list[Draft]) -> list[Draft]:
    """Return every commitment list draft, lists nested under points included."""
    found = [d for c in containers(drafts) for d in c if d[0] == "list"]
    for draft in found:
        found.extend(item[2] for item in draft[4] if item[2] is not None)
    return found


def tables(drafts: list[Draft]) -> list[Draft]:
    """Return every table draft."""
    return [d for c in containers(drafts) for d in c if d[0] == "table"]


def sections(drafts: list[Draft]) -> list[Draft]:
    """Return every section draft."""
    return [d for c in containers(drafts) for d in c if d[0] == "section"]


def reword(text: str, draw: st.DrawFn) -> str:
    """Replace 1-3 words of *text* (or add one when it is short)."""
    words = text.split()
    for _ in range(draw(st.integers(1, 3))):
        replacement = draw(st.sampled_from(VOCABULARY)) + "x"
        if len(words) < 4:
            words.append(replacement)
        else:
            words[draw(st.integers(0, len(words) - 1))] = replacement
    return " ".join(words)


EDITS = (
    "reword",
    "insert",
    "delete",
    "move_item",
    "move_block",
    "split",
    "merge",
    "rename",
    "lead",
    "relabel",
    "cell",
    "row",
)


def edit(drafts: list[Draft], draw: st.DrawFn) -> None:
    """Apply one random edit to *drafts* in place (or nothing when it does not apply)."""
    kind = draw(st.sampled_from(EDITS))
    all_lists = [d for d in lists(drafts) if d[4]]
    places = containers(drafts)
    if kind == "reword":
        leaves = [(d, i) for d in all_lists for i in range(len(d[4]))]
        paragraphs = [d for c in places for d in c if d[0] == "para"]
        if leaves and draw(st.booleans()):
            target, index = draw(st.sampled_from(leaves))
            target[4][index][0] = reword(target[4][index][0], draw)
        elif paragraphs:
            target = draw(st.sampled_from(paragraphs))
            target[1] = reword(target[1], draw)
    elif kind == "insert":
        if all_lists and draw(st.booleans()):
            target = draw(st.sampled_from(all_lists))
            item = [draw(texts()), draw(labels()), None]
            target[4].insert(draw(st.integers(0, len(target[4]))), item)
        else:
            place = draw(st.sampled_from(places))
            new: Draft = draw(
                st.sampled_from((["para", "x"], ["section", "x", [["para", "y"]], None]))
            )
            new = [*new[:1], draw(texts()), *new[2:]]
            if new[0] == "section":
                new[2] = [["para", draw(texts())]]
            place.insert(draw(st.integers(0, len(place))), new)
    elif kind == "delete":
        place = draw(st.sampled_from(places))
        if place:
            del place[draw(st.integers(0, len(place) - 1))]
    elif kind == "move_item" and all_lists:
        source = draw(st.sampled_from(all_lists))
        text = source[4].pop(draw(st.integers(0, len(source[4]) - 1)))
        target = draw(st.sampled_from(all_lists))
        target[4].insert(draw(st.integers(0, len(target[4]))), text)
    elif kind == "move_block":
        source = draw(st.sampled_from(places))
        if source:
            block = source.pop(draw(st.integers(0, len(source) - 1)))
            targets = containers(drafts)  # the moved block's own children are out of reach now
            target = draw(st.sampled_from(targets))
            target.insert(draw(st.integers(0, len(target))), block)
    elif kind == "split" and all_lists:
        target = draw(st.sampled_from(all_lists))
        index = draw(st.integers(0, len(target[4]) - 1))
        text, label, sublist = target[4][index]
        words = text.split()
        if len(words) >= 2:
            cut = draw(st.integers(1, len(words) - 1))
            first, second = " ".join(words[:cut]), " ".join(words[cut:])
            target[4][index : index + 1] = [[first, label, None], [second, None, sublist]]
    elif kind == "merge":
        candidates = [d for d in all_lists if len(d[4]) >= 2]
        if candidates:
            target = draw(st.sampled_from(candidates))
            index = draw(st.integers(0, len(target[4]) - 2))
            first, second = target[4][index], target[4][index + 1]
            joined = [first[0] + " " + second[0], first[1], second[2] or first[2]]
            target[4][index : index + 2] = [joined]
    elif kind == "rename":
        found = sections(drafts)
        if found:
            target = draw(st.sampled_from(found))
            target[1] = reword(target[1] or "rubrik", draw)
    elif kind == "lead" and all_lists:
        target = draw(st.sampled_from(all_lists))
        target[1] = draw(st.one_of(st.none(), texts()))
    elif kind == "relabel":
        points = [item for d in all_lists for item in d[4]]
        found = sections(drafts)
        if points and (not found or draw(st.booleans())):
            draw(st.sampled_from(points))[1] = draw(labels())
        elif found:
            target = draw(st.sampled_from(found))
            target[3] = draw(st.one_of(st.none(), st.sampled_from(NUMBERS)))
    elif kind == "cell":
        cells = [(row[1], i) for d in tables(drafts) for row in d[2] for i in range(len(row[1]))]
        if cells:
            row_cells, index = draw(st.sampled_from(cells))
            row_cells[index] = reword(row_cells[index] or "tom", draw)
    elif kind == "row":
        found = [d for d in tables(drafts) if d[2]]
        if found:
            source = draw(st.sampled_from(found))
            action = draw(st.sampled_from(("insert", "delete", "move")))
            if action == "insert":
                width = len(source[2][0][1])
                cells = [draw(texts(max_words=3)) for _ in range(width)]
                source[2].insert(draw(st.integers(0, len(source[2]))), [False, cells])
            else:
                row = source[2].pop(draw(st.integers(0, len(source[2]) - 1)))
                if action == "move":
                    target = draw(st.sampled_from(tables(drafts)))
                    target[2].insert(draw(st.integers(0, len(target[2]))), row)


@st.composite
def revisions(draw: st.DrawFn, max_edits: int = 5) -> tuple[Policy, Policy]:
    """An old policy and a new one made from it by up to *max_edits* random edits."""
    old = draw(policies())
    drafts = to_draft(old.body)
    for _ in range(draw(st.integers(0, max_edits))):
        edit(drafts, draw)
    new = rebuild(old, drafts)
    if draw(st.booleans()):
        new = Policy(draw(texts(max_words=4)), new.body, new.metadata, new.decisions)
    return old, new


def sentence(draw: st.DrawFn, unique: str, size: int = 10) -> str:
    """A sentence of *size* random vocabulary words plus the *unique* word."""
    words = draw(
        st.lists(st.sampled_from(VOCABULARY), min_size=size, max_size=size, unique=True)
    )
    position = draw(st.integers(0, size))
    return " ".join([*words[:position], unique, *words[position:]])


@st.composite
def distinct_policies(draw: st.DrawFn) -> Policy:
    """A policy of 2-4 sections, each with a paragraph and a list of 2-4 distinct long items."""
    counter = iter(range(10_000))

    def unique() -> str:
        return f"ord{next(counter)}"

    body: list[Block] = []
    for _ in range(draw(st.integers(2, 4))):
        lead_in = "Kommunen ska se till att" if draw(st.booleans()) else None
        items = [Commitment(sentence(draw, unique())) for _ in range(draw(st.integers(2, 4)))]
        children: list[Block] = [
            Paragraph(sentence(draw, unique())),
            CommitmentList(items, lead_in=lead_in),
        ]
        body.append(Section(f"Rubrik {unique()} {draw(st.sampled_from(VOCABULARY))}", children))
    return Policy("Policy för test", assign_positional_ids(body))
