"""Hypothesis strategies that build valid policy trees.

``texts()`` draws raw (not yet normalised) text that normalises to something non-empty, mixing
Swedish letters, §, en and em dashes, emoji (including ZWJ sequences and flags), right-to-left
text (Arabic, Hebrew, direction marks), combining characters, XML-special characters and odd
white space. ``policies()`` builds :class:`Policy` values with nested sections and numbered
provisions, paragraphs, commitment lists (optional lead-in and wrap-up, bullet or number style,
points with labels as written and lists nested under points) and tables (header rows, empty
cells), metadata and decisions, with positional ids. Sizes stay small so that property tests run
fast. Decisions come from ``decision_strategies.decisions()`` (re-exported here).
"""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from decision_strategies import decisions
from policyversions.model import (
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Metadata,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    assign_positional_ids,
    normalize,
)

__all__ = [
    "blocks",
    "bodies",
    "commitment_lists",
    "decisions",
    "metadata",
    "optional_texts",
    "paragraphs",
    "policies",
    "tables",
    "texts",
]

LABELS = ("1.", "2)", "a)", "b)", "–", "•", "365.", "(iv)", "A.", "1.2")
NUMBERS = ("§ 1", "1 §", "4 §", "8 d §", "2.3", "1 kap.", "§ 12 a", "10")

WORDS = (
    "ledare",
    "medarbetare",
    "Söderhamns",
    "kommun",
    "ska",
    "bör",
    "får",
    "skall",
    "måste",
    "ÅÄÖ",
    "åäö",
    "é",
    "§",
    "§ 118",
    "–",
    "—",
    "Ledar- och",
    "2007-06-18",
    "KF",
    "shall",
    "should",
    "may",
    "<script>alert('x')</script>",
    "a & b",
    "]]>",
    '"citat"',
    "'apostrof'",
    "«»",
    "“”",
    "😀",
    "👩‍👩‍👧",
    "🇸🇪",
    "مرحبا بالعالم",
    "سياسة",
    "שלום עולם",
    "מדיניות",
    "\u200f",
    "\u200e",
    "e\u0301",
    "a\u030a",
    "o\u0308\u0323",
    "\u0301",
    "ﬁ",
    "Ω",
    "\u00a0",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
)
SPACES = (" ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u2003", " \n ")

_PLAIN_CHARACTERS = st.characters(
    # no surrogates, control characters, unassigned code points or private use
    exclude_categories=("Cs", "Cc", "Cn", "Co"),
)


_FRAGMENTS = tuple(word + space for word in WORDS for space in SPACES)


def texts(max_words: int = 4) -> st.SearchStrategy[str]:
    """Raw text that the model normalises to a non-empty string."""
    # One draw per word (word and following space precombined) keeps generation fast.
    fragment = st.integers(0, len(_FRAGMENTS) - 1).map(_FRAGMENTS.__getitem__)
    worded = st.lists(fragment, min_size=1, max_size=max_words).map("".join)
    arbitrary = st.text(_PLAIN_CHARACTERS, min_size=1, max_size=10)
    return st.one_of(worded, worded, worded, arbitrary).filter(lambda text: normalize(text) != "")


def optional_texts() -> st.SearchStrategy[str | None]:
    """``None`` or a text (which may normalise to ``None`` when only white space)."""
    return st.one_of(st.none(), texts(max_words=3), st.sampled_from(SPACES))


def metadata() -> st.SearchStrategy[Metadata]:
    """Metadata with any subset of fields, repeated ``replaces`` and ordered ``extra`` pairs."""
    dates = st.one_of(st.none(), st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31)))
    return st.builds(
        Metadata,
        document_type=optional_texts(),
        owner=optional_texts(),
        scope=optional_texts(),
        valid_from=dates,
        valid_until=dates,
        review_by=dates,
        replaces=st.lists(texts(max_words=3), max_size=2),
        source=optional_texts(),
        extra=st.lists(
            st.tuples(texts(max_words=2), st.one_of(st.just(""), texts(max_words=3))),
            max_size=3,
            unique_by=lambda pair: normalize(pair[0]),
        ),
    )


def paragraphs() -> st.SearchStrategy[Paragraph]:
    """A paragraph without an id."""
    return st.builds(Paragraph, texts())


def labels() -> st.SearchStrategy[str | None]:
    """No label, or a point's label as real documents write it."""
    return st.one_of(st.none(), st.sampled_from(LABELS))


def _points(sublists: st.SearchStrategy[CommitmentList | None]) -> st.SearchStrategy[Commitment]:
    return st.builds(Commitment, texts(), label=labels(), sublist=sublists)


def _lists(points: st.SearchStrategy[Commitment]) -> st.SearchStrategy[CommitmentList]:
    return st.builds(
        CommitmentList,
        items=st.lists(points, min_size=1, max_size=3),
        lead_in=optional_texts(),
        wrap_up=optional_texts(),
        style=st.sampled_from(("bullet", "number")),
    )


def commitment_lists(depth: int = 2) -> st.SearchStrategy[CommitmentList]:
    """A commitment list without ids: 1–3 labelled or unlabelled points, optional lead-in and
    wrap-up, either style; points may hold lists of their own, *depth* levels at most."""
    nested: st.SearchStrategy[CommitmentList | None] = st.none()
    for _ in range(depth - 1):
        nested = st.one_of(st.none(), st.none(), _lists(_points(nested)))
    return _lists(_points(nested))


def tables() -> st.SearchStrategy[Table]:
    """A table without ids: 1–4 rows of 1–3 cells (a cell may be empty), the first row perhaps
    a header, an optional caption."""
    cell = st.builds(Cell, st.one_of(st.just(""), texts(max_words=3)))

    def build(width: int) -> st.SearchStrategy[Table]:
        row = st.lists(cell, min_size=width, max_size=width)
        return st.builds(
            lambda header, rows, caption: Table(
                [Row(cells, header=header and number == 0) for number, cells in enumerate(rows)],
                caption=caption,
            ),
            st.booleans(),
            st.lists(row, min_size=1, max_size=4),
            optional_texts(),
        )

    return st.integers(1, 3).flatmap(build)


def sections(children: st.SearchStrategy[list[Block]]) -> st.SearchStrategy[Section]:
    """A section with a heading, a provision with a number (and perhaps a heading)."""
    headed = st.builds(Section, texts(max_words=3), children)
    numbered = st.builds(
        lambda number, heading, blocks: Section(heading, blocks, number=number),
        st.sampled_from(NUMBERS),
        st.one_of(st.none(), texts(max_words=3)),
        children,
    )
    return st.one_of(headed, numbered)


def blocks() -> st.SearchStrategy[Block]:
    """A block without ids; sections nest a few levels deep."""
    leaves: st.SearchStrategy[Block] = st.one_of(paragraphs(), commitment_lists(), tables())
    return st.recursive(
        leaves,
        lambda children: sections(st.lists(children, max_size=3)),
        max_leaves=5,
    )


def bodies() -> st.SearchStrategy[tuple[Block, ...]]:
    """A body: up to three top-level blocks, with positional ids assigned."""
    return st.lists(blocks(), max_size=3).map(assign_positional_ids)


def policies() -> st.SearchStrategy[Policy]:
    """A valid policy: title, metadata, up to three decisions and a body with positional ids."""
    return st.builds(
        Policy,
        title=texts(max_words=4),
        body=bodies(),
        metadata=metadata(),
        decisions=st.lists(decisions(), max_size=3),
    )
