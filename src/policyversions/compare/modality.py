"""Obligation strength: the modal verb that carries a commitment's force.

Levels, strongest first:

=====  ==============  ====================================  ==========================
level  meaning         Swedish                               English
=====  ==============  ====================================  ==========================
3      obligation      *ska*, *skall*, *måste*, *får inte*   *shall*, *must*, *may not*
2      recommendation  *bör*                                 *should*
1      permission      *får*, *kan*                          *may*, *can*
=====  ==============  ====================================  ==========================

A commitment is read with its list's lead-in: its own modal verb counts if it has one, else the
lead-in's (``Du ska som ledare`` + ``vara tydlig`` is an obligation). A paragraph has no lead-in;
its change of strength is read from the words a rewording deleted and inserted.
A lower level after a revision is *weakened* (``ska → bör``), a higher one *strengthened*.
A change is reported only when both revisions have a modal verb: a text that gains or loses its
only modal verb is reported as reworded, not as a change of strength.
(*borde*, the conditional of *bör*, counts as a recommendation; *kunna* as permission.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

from .wording import WordOp, tokens

StrengthChange = Literal["weakened", "strengthened"]

LEVELS: dict[str, int] = {
    "ska": 3,
    "skall": 3,
    "måste": 3,
    "bör": 2,
    "får": 1,
    "kan": 1,
    "kunna": 1,
    "borde": 2,
    "shall": 3,
    "must": 3,
    "should": 2,
    "may": 1,
    "can": 1,
}
_NEGATIONS = {"inte", "ej", "icke", "not"}
_PROHIBITIVE = {"får", "may"}  # "får inte", "may not" forbid: as strong as an obligation


@attrs.frozen
class Modal:
    """A modal verb found in a text: the words as written (folded) and its level (1-3)."""

    words: str
    level: int


@attrs.frozen
class Strength:
    """A change of obligation strength between two revisions."""

    change: StrengthChange
    old: str
    new: str

    @property
    def words(self) -> str:
        """The change in words, e.g. ``ska → bör``."""
        return f"{self.old} → {self.new}"


def modals(text: str | None) -> list[Modal]:
    """Return the modal verbs of *text* in order (``får inte`` counts as one, level 3)."""
    if not text:
        return []
    found: list[Modal] = []
    words = tokens(text)
    for position, word in enumerate(words):
        level = LEVELS.get(word)
        if level is None:
            continue
        following = words[position + 1] if position + 1 < len(words) else ""
        if word in _PROHIBITIVE and following in _NEGATIONS:
            found.append(Modal(f"{word} {following}", 3))
        else:
            found.append(Modal(word, level))
    return found


def modal(text: str | None) -> Modal | None:
    """Return the first modal verb of *text*, or ``None``."""
    found = modals(text)
    return found[0] if found else None


def commitment_modal(text: str | None, lead_in: str | None) -> Modal | None:
    """Return the modal verb of a commitment read with its lead-in (its own verb first)."""
    return modal(text) or modal(lead_in)


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
