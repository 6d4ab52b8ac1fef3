"""Hypothesis strategies for revisions: a policy and the same policy after random edits.

Edits work on a mutable copy of the tree (:class:`Draft`): reword 1-3 words of an item or
paragraph, insert or delete an item, paragraph or section, move an item within its list or to
another list, move a block to another section, split an item in two, merge two adjacent items,
rename a section, change a list's lead-in. After the edits the new revision gets fresh
positional ids, as if both revisions had been imported independently.

``distinct_policies()`` builds policies whose texts are long and pairwise different (random
words plus a unique word each), so that a single edit has one unambiguous reading.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from policyversions.model import (
    Block,
    Commitment,
    CommitmentList,
    Paragraph,
    Policy,
    Section,
    assign_positional_ids,
)
from strategies import policies, texts

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

Draft = list[
    Any
]  # ["section", heading, children] | ["para", text] | ["list", lead, wrap, style, items]


def to_draft(blocks: tuple[Block, ...]) -> list[Draft]:
    """Return a mutable copy of *blocks*."""
    result: list[Draft] = []
    for block in blocks:
        if isinstance(block, Section):
            result.append(["section", block.heading, to_draft(block.children)])
        elif isinstance(block, CommitmentList):
            items = [item.text for item in block.items]
            result.append(["list", block.lead_in, block.wrap_up, block.style, items])
        else:
            result.append(["para", block.text])
    return result


def from_draft(drafts: list[Draft]) -> list[Block]:
    """Return model blocks (without ids) for *drafts*, dropping lists that lost every item."""
    result: list[Block] = []
    for draft in drafts:
        if draft[0] == "section":
            result.append(Section(draft[1], from_draft(draft[2])))
        elif draft[0] == "list":
            if draft[4]:
                items = [Commitment(text) for text in draft[4]]
                result.append(
                    CommitmentList(items, lead_in=draft[1], wrap_up=draft[2], style=draft[3])
                )
        else:
            result.append(Paragraph(draft[1]))
    return result


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
    """Return every commitment list draft."""
    return [d for c in containers(drafts) for d in c if d[0] == "list"]


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
            target[4][index] = reword(target[4][index], draw)
        elif paragraphs:
            target = draw(st.sampled_from(paragraphs))
            target[1] = reword(target[1], draw)
    elif kind == "insert":
        if all_lists and draw(st.booleans()):
            target = draw(st.sampled_from(all_lists))
            target[4].insert(draw(st.integers(0, len(target[4]))), draw(texts()))
        else:
            place = draw(st.sampled_from(places))
            new: Draft = draw(st.sampled_from((["para", "x"], ["section", "x", [["para", "y"]]])))
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
        words = target[4][index].split()
        if len(words) >= 2:
            cut = draw(st.integers(1, len(words) - 1))
            target[4][index : index + 1] = [" ".join(words[:cut]), " ".join(words[cut:])]
    elif kind == "merge":
        candidates = [d for d in all_lists if len(d[4]) >= 2]
        if candidates:
            target = draw(st.sampled_from(candidates))
            index = draw(st.integers(0, len(target[4]) - 2))
            target[4][index : index + 2] = [target[4][index] + " " + target[4][index + 1]]
    elif kind == "rename":
        found = sections(drafts)
        if found:
            target = draw(st.sampled_from(found))
            target[1] = reword(target[1], draw)
    elif kind == "lead" and all_lists:
        target = draw(st.sampled_from(all_lists))
        target[1] = draw(st.one_of(st.none(), texts()))


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
