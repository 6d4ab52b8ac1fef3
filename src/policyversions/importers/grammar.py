"""The grammar every importer shares: how a provision is numbered, how a point is labelled,
which labels follow which, and how a decision history reads.

Swedish municipal documents and the statutes they cite follow the same conventions whether they
arrive as text extracted from a PDF, as Markdown, or (soon) as DOCX; each importer finds the
candidates in its own way (a Markdown heading, a line of text) and asks this module what they
are. Nothing here builds model nodes.

Provision numbers (:func:`split_provision`, :func:`provision_line`)
    A numbered provision starts with its number as written, which is part of its citation and
    is kept exactly (never recomputed):

    ============================ ==================================================
    form                         examples
    ============================ ==================================================
    paragraph sign before        ``§ 4``, ``§4``, ``§ 4 a``, ``§§ 4–6``
    paragraph sign after         ``4 §``, ``8 d §``, ``4–6 §§``
    chapter                      ``1 kap.``, ``2 a kap.``, ``1 kap. 2 §``
    dotted decimal               ``2.3``, ``2.3.1``, ``2.3.``
    plain                        ``2``, ``2.`` (only before a heading with a capital)
    ============================ ==================================================

    The first three are *strong*: a number even alone on its line; dotted and plain numbers
    are numbers only where a heading is expected.

Point labels (:func:`split_point`)
    ``1.``, ``2)``, ``(3)``, ``365.`` (one to three digits); ``a)``, ``(b)``, ``c.``; ``A)``,
    ``(B)``; ``i)``, ``(iv)``, ``xii)`` (lowercase roman); and, where the source writes bullets
    as characters (text extracted from PDF), the bullets ``•`` ``●`` ``▪`` ``■`` ``◦`` ``‣``
    ``∙`` ``·`` (which may touch the text) and ``-`` ``–`` ``—`` ``*`` ``o`` (followed by a
    space). A label is kept exactly as written.

Ordinal sequences (:func:`ordinals`, :func:`is_first`, :func:`follows`, :func:`continues`)
    A label reads as one or more ordinals: ``4.`` is arabic 4, ``c)`` alphabetic 3, ``ii)``
    roman 2, and ``i)`` either alphabetic 9 or roman 1 (after ``h)`` it is the ninth letter;
    under a point it starts a roman list). The delimiter does not count: ``1.`` and ``2)`` are
    one sequence, as PDF text mixes them. ``b)`` *follows* ``a)``, ``5.`` follows ``4.``;
    ``7.`` *continues* ``4.`` (a consolidated statute omits repealed points).

Decision histories (:func:`decision_history`)
    One line or paragraph may hold several decisions: ``Antagen av kommunfullmäktige den 12 maj
    1992, § 41. Senast ändrad av kommunfullmäktige den 19 februari 2018, § 9 (Dnr KS
    2017/388).`` reads as two, split before each action word (after ``.``, ``,`` or ``;``) or
    at ``;``. Each part is read by :func:`~policyversions.importers.decision_text.parse_decision`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Final

import attrs

from ..model import Decision
from .decision_text import ACTION_WORDS, parse_decision

# --- provision numbers ----------------------------------------------------------------------

_LETTER = r"(?:\s?[a-z](?![^\W\d_]))"  # the "a" of "4 a §", not the start of a word
_NUMBER = rf"\d{{1,4}}{_LETTER}?"
_RANGE = rf"{_NUMBER}(?:\s*[-–]\s*{_NUMBER})?"
_SIGN_BEFORE = rf"§§?\s*{_RANGE}"
_SIGN_AFTER = rf"{_RANGE}\s*§§?"
_CHAPTER = rf"\d{{1,3}}{_LETTER}?\s+kap\.(?:\s+{_SIGN_AFTER}|\s+{_SIGN_BEFORE})?"
_STRONG = re.compile(rf"(?:{_CHAPTER}|{_SIGN_BEFORE}|{_SIGN_AFTER})(?=\s|$)")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3})+\.?(?=\s|$)")
_PLAIN = re.compile(r"\d{1,3}\.?(?=\s)")


def split_provision(text: str) -> tuple[str | None, str | None]:
    """Split a heading into its provision number and the heading proper.

    Returns ``(number, heading)``; either may be ``None`` (a number alone, or a heading with no
    number). Strong and dotted numbers are taken alone or before any heading; a plain number
    (``2``, ``2.``) only before a heading that starts with a capital letter.

    >>> split_provision("§ 4 Tillsyn"), split_provision("8 d §")
    (('§ 4', 'Tillsyn'), ('8 d §', None))
    >>> split_provision("1 kap. Inledande bestämmelser"), split_provision("2.3 Ansvar")
    (('1 kap.', 'Inledande bestämmelser'), ('2.3', 'Ansvar'))
    >>> split_provision("2 Ansvar"), split_provision("24 timmar om dygnet")
    (('2', 'Ansvar'), (None, '24 timmar om dygnet'))
    """
    text = text.strip()
    for pattern in (_STRONG, _DOTTED):
        match = pattern.match(text)
        if match is not None:
            return match.group(), text[match.end() :].strip() or None
    match = _PLAIN.match(text)
    if match is not None:
        rest = text[match.end() :].strip()
        if rest[:1].isupper():
            return match.group(), rest
    return None, text or None


def provision_line(text: str) -> tuple[str, str | None] | None:
    """The provision a line of running text starts, as ``(number, rest)``, or ``None``.

    Only strong numbers (``§ 1``, ``1 §``, ``8 d §``, ``1 kap.``) start a provision in running
    text, and only when nothing follows them or what follows starts with a capital letter
    (``4 § första stycket`` is a citation, not a provision).

    >>> provision_line("§ 1"), provision_line("3 § Nämnden ska"), provision_line("4 § första")
    (('§ 1', None), ('3 §', 'Nämnden ska'), None)
    """
    text = text.strip()
    match = _STRONG.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    if rest and not rest[0].isupper():
        return None
    return match.group(), rest or None


# --- point labels ---------------------------------------------------------------------------

_ROMAN = re.compile(r"(?=[ivx])(x{0,3})(ix|iv|v?i{0,3})")  # i to xxxix: far enough for a list
_ROMAN_VALUES: Final = {"i": 1, "v": 5, "x": 10}

_ORDERED_LABEL = (
    r"\(\d{1,3}\)|\d{1,3}[.)]"
    r"|\([a-zåäö]\)|[a-zåäö][.)]"
    r"|\([ivx]{1,5}\)|[ivx]{2,5}\)"
    r"|\([A-ZÅÄÖ]\)|[A-ZÅÄÖ]\)"
)
_SYMBOL_BULLETS: Final = "•●▪■◦‣∙·"
_POINT = re.compile(
    rf"(?:(?P<ordered>{_ORDERED_LABEL})\s+"
    rf"|(?P<symbol>[{_SYMBOL_BULLETS}])\s*"
    r"|(?P<dash>[-–—*o])\s+)"
)


def split_point(text: str, *, bullets: bool = True) -> tuple[str, str] | None:
    """Split the label off a point: ``"4. destillationen"`` → ``("4.", "destillationen")``.

    Returns ``None`` when *text* does not start with a label (see the module docstring) followed
    by text; with ``bullets=False`` bullet characters are not labels (Markdown writes bullets
    as markup). The label is returned exactly as written.

    >>> split_point("a) under vintern"), split_point("•är synlig"), split_point("2008. Lagen")
    (('a)', 'under vintern'), ('•', 'är synlig'), None)
    """
    match = _POINT.match(text)
    if match is None or (match.group("ordered") is None and not bullets):
        return None
    rest = text[match.end() :].strip()
    if not rest:
        return None
    label = match.group("ordered") or match.group("symbol") or match.group("dash")
    return label, rest


@attrs.frozen
class Ordinal:
    """One reading of a label: its numbering scheme and its place (1 for the first)."""

    scheme: str
    """``"arabic"``, ``"alpha"``, ``"ALPHA"``, ``"roman"`` or ``"bullet"`` (every bullet)."""
    value: int
    """The place in the sequence: 1 for ``1.``, ``a)``, ``i)``; 0 for a bullet."""


def ordinals(label: str) -> tuple[Ordinal, ...]:
    """Every reading of *label* as an ordinal; a bullet is one ``bullet`` reading, anything else
    none.

    >>> [(o.scheme, o.value) for o in ordinals("i)")]
    [('alpha', 9), ('roman', 1)]
    """
    core = label.strip().strip("().").strip()
    if not core:
        return ()
    if core.isdigit():
        return (Ordinal("arabic", int(core)),)
    readings: list[Ordinal] = []
    if len(core) == 1 and core in _SYMBOL_BULLETS + "-–—*o" and label.strip() == core:
        return (Ordinal("bullet", 0),)
    if len(core) == 1 and core.isalpha():
        if "a" <= core <= "z":
            readings.append(Ordinal("alpha", ord(core) - ord("a") + 1))
        elif "A" <= core <= "Z":
            readings.append(Ordinal("ALPHA", ord(core) - ord("A") + 1))
    roman = _roman(core)
    if roman is not None:
        readings.append(Ordinal("roman", roman))
    return tuple(readings)


def _roman(text: str) -> int | None:
    if not text or _ROMAN.fullmatch(text) is None:
        return None
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def is_bullet(label: str) -> bool:
    """Whether *label* is a bullet (``•``, ``–``, …) rather than a number or letter."""
    return any(reading.scheme == "bullet" for reading in ordinals(label))


def is_first(label: str) -> bool:
    """Whether *label* can start a sequence: ``1.``, ``a)``, ``A)``, ``i)``, ``(1)``."""
    return any(reading.value == 1 for reading in ordinals(label))


def follows(previous: str, label: str) -> bool:
    """Whether *label* is the next after *previous* in one scheme: ``a)`` → ``b)``,
    ``4.`` → ``5)``, ``iii)`` → ``iv)``, ``h)`` → ``i)``."""
    return any(
        later.scheme == earlier.scheme and later.value == earlier.value + 1
        for earlier in ordinals(previous)
        if earlier.scheme != "bullet"
        for later in ordinals(label)
    )


def continues(previous: str, label: str) -> bool:
    """Whether *label* comes after *previous* in one scheme, perhaps with a gap (``4.`` →
    ``7.``, as in a statute whose points 5 and 6 were repealed)."""
    return any(
        later.scheme == earlier.scheme and later.value > earlier.value
        for earlier in ordinals(previous)
        if earlier.scheme != "bullet"
        for later in ordinals(label)
    )


def same_scheme(first: str, second: str) -> bool:
    """Whether the two labels can belong to one sequence (both bullets, both letters, ...)."""
    schemes = {reading.scheme for reading in ordinals(first)}
    return any(reading.scheme in schemes for reading in ordinals(second))


# --- decision histories ---------------------------------------------------------------------

MAX_HISTORY_LENGTH: Final = 1000
"""The longest text :func:`decision_history` reads as decisions, in characters."""

_ACTION = "|".join(sorted((re.escape(word) for word in ACTION_WORDS), key=len, reverse=True))
_STARTS_WITH_ACTION = re.compile(rf"\(?\s*(?:senast\s+)?(?:{_ACTION})(?![^\W\d_])", re.IGNORECASE)
_BEFORE_ACTION = re.compile(
    rf"(?:\.|,|;)\s+(?=(?:senast\s+)?(?:{_ACTION})(?![^\W\d_]))", re.IGNORECASE
)


def starts_with_action(text: str) -> bool:
    """Whether *text* starts with an action word (``Antagen``, ``(Senast ändrad``, …): the
    first sign of a decision history."""
    return _STARTS_WITH_ACTION.match(text) is not None


def decision_history(text: str, *, require_action: bool = True) -> tuple[Decision, ...] | None:
    """The decisions *text* holds, in the order written, or ``None`` if it is not (only) a
    decision history.

    With ``require_action`` (the default, for text anywhere in a document) every decision must
    name its action (``Antagen``, ``Reviderad``, ``Senast ändrad``, ...); without it (for the
    lines under a title) a decision by a known organ without an action also counts
    (``KF 2007-06-18 § 118``). A line such as ``Gäller från 2020-01-01`` is never a decision.

    >>> [str(d) for d in decision_history(
    ...     "Antagen av kommunfullmäktige den 12 maj 1992, § 41. Senast ändrad av "
    ...     "kommunfullmäktige den 19 februari 2018, § 9 (Dnr KS 2017/388)."
    ... )]
    ['Antagen KF 1992-05-12 § 41', 'Reviderad KF 2018-02-19 § 9 (Dnr KS 2017/388)']
    """
    text = text.strip()
    if not text or len(text) > MAX_HISTORY_LENGTH:
        return None
    if require_action and not starts_with_action(text):
        return None
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    for parts in ([text], _BEFORE_ACTION.split(text), text.split(";")):
        parts = [part.strip() for part in parts if part.strip()]
        if not parts:
            continue
        found = [_decision(part, require_action) for part in parts]
        if all(decision is not None for decision in found):
            return tuple(decision for decision in found if decision is not None)
    return None


def _decision(text: str, require_action: bool) -> Decision | None:
    """The decision *text* names, if it names one with an action (or, without
    *require_action*, a known organ).

    The parser accepts free-text organs, so a line such as ``Gäller från 2020-01-01`` would
    read as a decision by an organ called "Gäller från"; such a line stays text.
    """
    try:
        decision = parse_decision(text)
    except ValueError:  # DecisionError, and any slip of a parser on text that is not a decision
        return None
    if decision.action is None and (require_action or not decision.organ.is_known):
        return None
    return decision


def chronological(decisions: Iterable[Decision]) -> tuple[Decision, ...]:
    """*decisions* without repeats, oldest first (by date, or by the first of January where
    only the year is known); decisions of the same day keep the order they were found in."""
    unique = list(dict.fromkeys(decisions))
    return tuple(
        sorted(unique, key=lambda d: d.date or datetime.date(d.year, 1, 1))  # stable
    )
