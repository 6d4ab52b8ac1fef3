"""Obligation strength: the words that carry a commitment's force.

Levels, strongest first:

=====  ==============  ==========================================  ===========================
level  meaning         Swedish                                     English
=====  ==============  ==========================================  ===========================
4      obligation      *ska*, *skall*, *måste*, *får inte*         *shall*, *must*, *may not*
3      recommendation  *bör*, *borde*                              *should*
2      aspiration      *vill att*, *strävar efter*,                *aims to*, *will seek to*,
                       *eftersträvar*, *ambitionen är*             *strives to*, *aspires to*
1      permission      *får*, *kan*, *kunna*                       *may*, *can*
=====  ==============  ==========================================  ===========================

A commitment's force comes from its own words, else from the text it completes: its list's
lead-in, or, for a point nested under a point, that point's text (``Du ska som ledare`` + ``vara
tydlig`` is an obligation; the same item under ``Kommunen vill att du som ledare`` an aspiration).
So an item moved from one lead-in to another, or a lead-in reworded from *ska* to *bör*, changes
the force of items whose own words did not change. A paragraph has no lead-in; its change of
strength is read from the words a rewording deleted and inserted.

A lower level after a revision is *weakened* (``ska → bör``), a higher one *strengthened*. A
change is reported only when both revisions have a modal word: a text that gains or loses its
only one is reported as reworded, not as a change of strength.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

import attrs

from .wording import WordOp, tokens

StrengthChange = Literal["weakened", "strengthened"]

OBLIGATION: Final = 4
RECOMMENDATION: Final = 3
ASPIRATION: Final = 2
PERMISSION: Final = 1

LEVELS: dict[str, int] = {
    "ska": OBLIGATION,
    "skall": OBLIGATION,
    "måste": OBLIGATION,
    "shall": OBLIGATION,
    "must": OBLIGATION,
    "bör": RECOMMENDATION,
    "borde": RECOMMENDATION,
    "should": RECOMMENDATION,
    "eftersträvar": ASPIRATION,
    "eftersträva": ASPIRATION,
    "får": PERMISSION,
    "kan": PERMISSION,
    "kunna": PERMISSION,
    "may": PERMISSION,
    "can": PERMISSION,
}
"""Single words and their level."""

PHRASES: dict[tuple[str, ...], int] = {
    ("vill", "att"): ASPIRATION,
    ("strävar", "efter"): ASPIRATION,
    ("sträva", "efter"): ASPIRATION,
    ("ambitionen", "är"): ASPIRATION,
    ("aims", "to"): ASPIRATION,
    ("aim", "to"): ASPIRATION,
    ("seek", "to"): ASPIRATION,
    ("seeks", "to"): ASPIRATION,
    ("strives", "to"): ASPIRATION,
    ("strive", "to"): ASPIRATION,
    ("aspires", "to"): ASPIRATION,
}
"""Word sequences and their level (matched before single words)."""

_PHRASE_STARTS = frozenset(phrase[0] for phrase in PHRASES)
_NEGATIONS = {"inte", "ej", "icke", "not"}
_PROHIBITIVE = {"får", "may"}  # "får inte", "may not" forbid: as strong as an obligation
_LONGEST = max(len(phrase) for phrase in PHRASES)


@attrs.frozen
class Modal:
    """A modal word or phrase found in a text: the words as written (folded) and its level."""

    words: str
    level: int


@attrs.frozen
class Strength:
    """A change of obligation strength between two revisions.

    For a lead-in (or a point that others complete), ``old_points`` and ``new_points`` count
    the points under it that take their force from it, before and after: the obligations the
    change weakened or strengthened. For a point or paragraph they are 0.
    """

    change: StrengthChange
    old: str
    new: str
    old_points: int = 0
    new_points: int = 0

    @property
    def words(self) -> str:
        """The change in words, e.g. ``ska → bör``."""
        return f"{self.old} → {self.new}"


def modals(text: str | None) -> list[Modal]:
    """Return the modal words and phrases of *text* in order (``får inte`` counts as one, an
    obligation; ``vill att`` as one, an aspiration)."""
    if not text:
        return []
    found: list[Modal] = []
    words = tokens(text)
    position = 0
    while position < len(words):
        word = words[position]
        if word in _PHRASE_STARTS:
            phrase = next(
                (
                    tuple(words[position : position + size])
                    for size in range(_LONGEST, 1, -1)
                    if tuple(words[position : position + size]) in PHRASES
                ),
                None,
            )
            if phrase is not None:
                found.append(Modal(" ".join(phrase), PHRASES[phrase]))
                position += len(phrase)
                continue
        level = LEVELS.get(word)
        following = words[position + 1] if position + 1 < len(words) else ""
        if level is not None and word in _PROHIBITIVE and following in _NEGATIONS:
            found.append(Modal(f"{word} {following}", OBLIGATION))
            position += 2
            continue
        if level is not None:
            found.append(Modal(word, level))
        position += 1
    return found


def modal(text: str | None) -> Modal | None:
    """Return the first modal word or phrase of *text*, or ``None``."""
    found = modals(text)
    return found[0] if found else None


def commitment_modal(text: str | None, *context: str | None) -> Modal | None:
    """Return the force of a commitment: its own modal word first, else that of the first of
    *context* (the lead-in it completes, then the texts above it) that has one."""
    for candidate in (text, *context):
        found = modal(candidate)
        if found is not None:
            return found
    return None


def compare(old: Modal | None, new: Modal | None) -> Strength | None:
    """Return the change of strength from *old* to *new*, or ``None`` when it is the same."""
    if old is None or new is None or old.level == new.level:
        return None
    change: StrengthChange = "weakened" if new.level < old.level else "strengthened"
    return Strength(change, old.words, new.words)


def from_ops(ops: Iterable[WordOp]) -> Strength | None:
    """Return the change of strength a word-level rewording made, from its deleted and
    inserted words (the strongest modal deleted against the strongest inserted)."""
    deleted = [m for op, text in ops if op == "delete" for m in modals(text)]
    inserted = [m for op, text in ops if op == "insert" for m in modals(text)]
    if not deleted or not inserted:
        return None
    return compare(max(deleted, key=lambda m: m.level), max(inserted, key=lambda m: m.level))
