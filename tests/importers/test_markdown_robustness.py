"""The Markdown importer on hostile and generated input: depth bombs, arbitrary text, and the
identity words in == words out on generated documents."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policyversions as pv
from policyversions.errors import ModelError, ParseError, RepairWarning
from policyversions.importers.markdown import parse_markdown
from policyversions.model import MAX_DEPTH, CommitmentList, assign_positional_ids
from wordcount import markdown_words, reading_words


@pytest.mark.parametrize(
    "bomb",
    [
        "- " * 10_000 + "djupt\n",
        "1. " * 10_000 + "djupt\n",
        "> " * 10_000 + "djupt\n",
        "".join("  " * depth + "- punkt\n" for depth in range(2_000)),
        "".join("   " * depth + "1. punkt\n" for depth in range(2_000)),
        "- > " * 5_000 + "djupt\n",
    ],
    ids=["bullets", "ordered", "quotes", "indented bullets", "indented ordered", "mixed"],
)
def test_a_depth_bomb_is_a_clear_error(bomb: str) -> None:
    for lenient in (False, True):
        with pytest.raises(ParseError) as caught:
            parse_markdown("# T\n\n" + bomb, source="bomb.md", lenient=lenient)
        assert "nested too deeply" in caught.value.what
        assert caught.value.where is not None and caught.value.where.startswith("bomb.md, line ")


def test_lists_as_deep_as_markdown_reads_import() -> None:
    depth = 9  # nine lists: eighteen levels of markup, within markdown-it-py's twenty
    text = "# T\n\n" + "".join("  " * level + "- punkt\n" for level in range(depth))
    policy = parse_markdown(text)
    lists = [node for node in policy.walk() if isinstance(node, CommitmentList)]
    assert len(lists) == depth


def test_sections_and_lists_deeper_than_the_model_allows_are_a_clear_error() -> None:
    headings = "".join("#" * level + f" Rubrik {level}\n\n" for level in range(2, 7))
    lists = "".join("  " * level + "- punkt\n" for level in range(MAX_DEPTH))
    with pytest.raises(ParseError, match="nest"):
        parse_markdown("# T\n\n" + headings + lists, source="djup.md")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.booleans())
def test_any_text_gives_a_policy_or_one_of_our_errors(text: str, lenient: bool) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            parse_markdown(text, lenient=lenient)
        except (ParseError, ModelError) as error:
            assert "\n" not in str(error)
    assert all(item.category is RepairWarning for item in caught)
    assert lenient or not caught


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.booleans())
def test_any_bytes_give_a_policy_or_one_of_our_errors(data: bytes, lenient: bool) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            pv.loads(data, "markdown", lenient=lenient)
        except pv.PolicyVersionsError as error:
            assert "\n" not in str(error)
    assert all(item.category is RepairWarning for item in caught)
    assert lenient or not caught


# --- words in == words out ------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "ska",
        "bör",
        "får",
        "nämnden",
        "kommunen",
        "ansvar",
        "tillsyn",
        "2,7",
        "(EU)",
        "2019/1020",
        "§",
        "4–6",
        "mål.",
        "avgift:",
        "100",
        "kronor",
        "Ändamål",
        "öppenhet,",
        "x",
    ]
)
PHRASE = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


@st.composite
def blocks(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["para", "bullets", "ordered", "table", "lettered", "heading"]))
    if kind == "para":
        return draw(PHRASE) + "\n"
    if kind == "heading":
        number = draw(st.sampled_from(["", "§ 4 ", "8 d § ", "2.3 ", "1 kap. "]))
        return "#" * draw(st.integers(2, 4)) + " " + number + draw(PHRASE) + "\n"
    if kind == "table":
        width = draw(st.integers(1, 4))
        rows = draw(
            st.lists(st.lists(PHRASE, min_size=width, max_size=width), min_size=1, max_size=4)
        )
        header = "| " + " | ".join(rows[0]) + " |\n"
        rule = "|" + "---|" * width + "\n"
        body = "".join("| " + " | ".join(row) + " |\n" for row in rows[1:])
        return header + rule + body
    if kind == "lettered":
        count = draw(st.integers(1, 4))
        return "\n".join(f"{chr(ord('a') + n)}) {draw(PHRASE)}\n" for n in range(count))
    marker = draw(st.sampled_from(["-", "*"])) if kind == "bullets" else None
    # Only a list starting at 1 can interrupt a paragraph (CommonMark): nested ones do.
    start = draw(st.integers(1, 400)) if depth == 0 else 1
    lines = []
    for number in range(draw(st.integers(1, 4))):
        label = marker or f"{start + number}."
        lines.append(f"{label} {draw(PHRASE)}")
        if depth < 3 and draw(st.booleans()):
            nested = draw(blocks(depth + 1))
            indent = " " * (len(label) + 1)
            if nested.lstrip()[:1] in ("-", "*", "|") or nested[:1].isdigit():
                lines.extend(indent + line for line in nested.splitlines())
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(blocks(), max_size=8))
def test_words_in_are_words_out(parts: list[str]) -> None:
    text = "# Titel\n\n" + "\n".join(parts)
    policy = parse_markdown(text)
    assert reading_words(policy) == markdown_words(text)
    assert assign_positional_ids(policy.body) == policy.body
