"""Hypothesis strategies that build valid :class:`~policyversions.model.decision.Decision` values.

``decisions()`` covers known organs and free-text organs, full dates and year-only decisions,
and optional item, case number, act number, action and effective date. Every value it builds
satisfies ``parse_decision(str(d)) == d``; free-text organ names avoid the words the grammar
reserves (actions, ``av``/``i``/``by`` first, ``den`` last, ``dnr``; compared without diacritics)
and digits, as documented in :mod:`policyversions.model.decision`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from hypothesis import strategies as st

from policyversions.importers.decision_text import ACTION_WORDS
from policyversions.model import KNOWN_ORGANS, Action, Decision, Organ


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Compared without diacritics, as the parser does ("äv" reads as "av").
RESERVED_WORDS = frozenset(
    _fold(word)
    for word in (*ACTION_WORDS, "av", "i", "by", "den", "dnr", "diarienr", "diarienummer")
)

# A case number given with a Dnr prefix is stored without it; build them without one.
_DNR_PREFIX = re.compile(r"(?:dnr|diarienr|diarienummer)\b", re.IGNORECASE)
_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé"


_KNOWN_ORGANS = st.sampled_from(
    [Organ(abbreviation, name) for abbreviation, name in KNOWN_ORGANS.items()]
)

_CASES = (str.lower, str.capitalize, str.upper)
_WORD = st.builds(
    lambda word, case: case(word),
    st.text(alphabet=_LETTERS, min_size=1, max_size=10).filter(
        lambda word: _fold(word) not in RESERVED_WORDS
    ),
    st.sampled_from(_CASES),
)
_REALISTIC_NAMES = st.sampled_from(
    [
        "Regeringen",
        "Contributor Covenant",
        "Styrelsen för Söderhamn Nära AB",
        "Region Gävleborg",
        "Kommunfullmäktige i Söderhamn",
        "Överförmyndare",
    ]
)
_GENERATED_NAMES = st.builds(
    lambda first, rest: first + "".join(sep + word for sep, word in rest),
    _WORD,
    st.lists(st.tuples(st.sampled_from([" ", "-", " och "]), _WORD), max_size=3),
)
_FREE_TEXT_ORGANS = st.one_of(_REALISTIC_NAMES, _GENERATED_NAMES).map(lambda name: Organ(name=name))
_ORGANS = st.one_of(_KNOWN_ORGANS, _FREE_TEXT_ORGANS)

_CASE_NUMBERS = st.one_of(
    st.builds(
        lambda prefix, year, number, sep: f"{prefix}{year}{sep}{number:04d}",
        st.sampled_from(["", "KS ", "KF ", "BUN ", "SN-"]),
        st.integers(1990, 2030),
        st.integers(1, 9999),
        st.sampled_from(["/", ".", "-", ":"]),
    ),
    st.text(alphabet=_LETTERS + "ABCKSF0123456789/-.: ", min_size=1, max_size=20).filter(
        lambda text: (
            text.strip() != ""
            and text.strip()[0].isalnum()
            and _DNR_PREFIX.match(text.strip()) is None
        )
    ),
)
_ACT_NUMBERS = st.builds(
    lambda series, year, number: f"{series} {year}:{number}",
    st.sampled_from(["SFS", "KFS", "SOSFS", "HSLF-FS"]),
    st.integers(1000, 9999),
    st.integers(1, 99999),
)
_ITEMS = st.none() | st.integers(1, 10**6)
_ACTIONS = st.none() | st.sampled_from(Action)
_DATES = st.dates(min_value=datetime.date(1, 1, 1))
_YEARS = st.integers(1, 9999)


def known_organs() -> st.SearchStrategy[Organ]:
    """One of the known municipal organs, as the parser stores it."""
    return _KNOWN_ORGANS


def free_text_organs() -> st.SearchStrategy[Organ]:
    """An organ outside the known table, kept as free text in ``name``."""
    return _FREE_TEXT_ORGANS


def organs() -> st.SearchStrategy[Organ]:
    """A known or a free-text organ."""
    return _ORGANS


def act_numbers() -> st.SearchStrategy[str]:
    """Act numbers such as ``SFS 2024:1362`` or ``HSLF-FS 2016:40``."""
    return _ACT_NUMBERS


def case_numbers() -> st.SearchStrategy[str]:
    """Diarienummer such as ``KS 2010/0123`` or ``2019.145``, without the Dnr prefix."""
    return _CASE_NUMBERS


@st.composite
def decisions(
    draw: st.DrawFn,
    organ_strategy: st.SearchStrategy[Organ] | None = None,
    year_only: bool | None = None,
) -> Decision:
    """A valid decision: any organ, a full date or only a year, optional item/case/action.

    *organ_strategy* overrides the organ strategy; *year_only* forces (``True``) or forbids
    (``False``) year-only decisions.
    """
    organ = draw(organ_strategy if organ_strategy is not None else _ORGANS)
    only_year = draw(st.booleans()) if year_only is None else year_only
    if only_year:
        date = None
        year = draw(_YEARS)
    else:
        date = draw(_DATES)
        year = date.year
    return Decision(
        organ=organ,
        year=year,
        date=date,
        item=draw(_ITEMS),
        case_number=draw(st.none() | _CASE_NUMBERS),
        action=draw(_ACTIONS),
        act_number=draw(st.none() | _ACT_NUMBERS),
        effective=draw(st.none() | _DATES),
    )
