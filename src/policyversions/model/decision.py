"""Decision values: which body adopted or revised a policy, when, and under which item.

A *decision reference* cites the body (:class:`Organ`) that decided, the meeting date and the
item (*paragraf*, §) of the minutes, often with the case number (*diarienummer*, Dnr) and what
the decision did (the :class:`Action`). This module holds the values only; the grammar that
reads the forms found in real documents is
:func:`policyversions.importers.decision_text.parse_decision`, and
``parse_decision(str(d)) == d``.

Canonical form (``str``)::

    [Action] ORGAN YYYY-MM-DD [§ N] [(Dnr CASE)]     e.g. Reviderad KF 2007-06-18 § 118
    [Action] ORGAN § N/YYYY [(Dnr CASE)]             year only, with an item
    [Action] ORGAN YYYY [(Dnr CASE)]                 year only, no item

A case number that is an SFS number is written ``(SFS 2024:1362)``, not ``(Dnr SFS …)``.

A known organ is written by its abbreviation; a free-text organ by its name. Known organs are
stored as, e.g., ``Organ("KF", "kommunfullmäktige")``; an :class:`Organ` built from either half
of a known organ is completed to that value, so equal meaning gives equal values.
"""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Final

import attrs

from ..errors import DecisionError, ModelError
from .text import normalize


class Action(enum.Enum):
    """What a decision did to a policy. Values are the canonical Swedish participles."""

    ADOPTED = "antagen"
    REVISED = "reviderad"
    ESTABLISHED = "fastställd"
    DECIDED = "beslutad"
    REPEALED = "upphävd"


KNOWN_ORGANS: Final[Mapping[str, str]] = {
    "KF": "kommunfullmäktige",
    "KS": "kommunstyrelsen",
    "KSAU": "kommunstyrelsens arbetsutskott",
    "BUN": "barn- och utbildningsnämnden",
    "SN": "socialnämnden",
    "MBN": "miljö- och byggnadsnämnden",
    "UN": "utbildningsnämnden",
    "KFN": "kultur- och fritidsnämnden",
    "TN": "tekniska nämnden",
    "VON": "vård- och omsorgsnämnden",
    "SBN": "samhällsbyggnadsnämnden",
    "BN": "byggnadsnämnden",
    "MN": "miljönämnden",
    "VN": "valnämnden",
    "ÖFN": "överförmyndarnämnden",
}
"""Known municipal organs: abbreviation -> canonical (definite) name."""

_ORGAN_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "KF": ("fullmäktige", "kommunfullmäktiges"),
    "KS": ("kommunstyrelse", "kommunstyrelsens"),
    "KSAU": ("KS AU", "KS:s AU", "kommunstyrelsens au", "KS arbetsutskott"),
    "BUN": ("barn- och utbildningsnämnd",),
    "SN": ("socialnämnd",),
    "MBN": ("miljö- och byggnadsnämnd",),
    "UN": ("utbildningsnämnd",),
    "KFN": ("kultur- och fritidsnämnd",),
    "TN": ("teknisk nämnd", "tekniska nämnd"),
    "VON": ("vård- och omsorgsnämnd",),
    "SBN": ("samhällsbyggnadsnämnd",),
    "BN": ("byggnadsnämnd",),
    "MN": ("miljönämnd",),
    "VN": ("valnämnd",),
    "ÖFN": ("överförmyndarnämnd", "överförmyndarnämnden"),
}

SFS_NUMBER: Final = re.compile(r"SFS [0-9]{4}:[1-9][0-9]*")
"""A Swedish statute number (Svensk författningssamling), as a case number: ``SFS 2024:1362``."""


def fold_name(text: str) -> str:
    """Casefold and drop diacritics: ``Överförmyndarnämnden`` -> ``overformyndarnamnden``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug_words(text: str) -> list[str]:
    """The runs of ASCII letters in *text* folded: ``Söderhamn Nära`` -> ``soderhamn``, ``nara``."""
    return re.findall(r"[a-z]+", fold_name(text))



def _organ_key(text: str) -> str:
    """The lookup key of an organ name or abbreviation: its folded letters and digits.

    Case, diacritics, hyphens and other punctuation do not count: ``Barn- och
    utbildningsnämnden`` and ``barn-och-utbildningsnamnden`` have the same key.
    """
    return " ".join(re.findall(r"[a-z0-9]+", fold_name(text)))


def _build_organ_index() -> tuple[dict[str, str], dict[str, str]]:
    by_abbreviation: dict[str, str] = {}
    by_any: dict[str, str] = {}
    for abbreviation, name in KNOWN_ORGANS.items():
        by_abbreviation[_organ_key(abbreviation)] = abbreviation
        for form in (abbreviation, name, *_ORGAN_ALIASES.get(abbreviation, ())):
            by_any[_organ_key(form)] = abbreviation
    return by_abbreviation, by_any


_BY_ABBREVIATION, _BY_ANY_FORM = _build_organ_index()


def known_organ(text: str) -> Organ | None:
    """Return the known organ that *text* names (abbreviation or name, any form), or ``None``.

    >>> known_organ("Kommunstyrelsen")
    Organ(abbreviation='KS', name='kommunstyrelsen')
    """
    abbreviation = _BY_ANY_FORM.get(_organ_key(text))
    if abbreviation is None:
        return None
    return Organ(abbreviation, KNOWN_ORGANS[abbreviation])


def _normal_text(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DecisionError(f"{what} must be text, got {type(value).__name__}")
    try:
        result = normalize(value)
    except ModelError as error:
        raise DecisionError(f"{what} holds a forbidden character", error.where) from None
    return result or None


def _organ_abbreviation(value: str | None) -> str | None:
    return _normal_text(value, "an organ's abbreviation")


def _organ_name(value: str | None) -> str | None:
    return _normal_text(value, "an organ's name")


@attrs.frozen
class Organ:
    """The body that decided: an abbreviation and/or a full name.

    Known municipal organs carry both (``KF``, ``kommunfullmäktige``); an unknown organ is kept
    as free text in ``name`` so that non-municipal documents fit. Text is normalised, and an
    organ given by either half of a known organ (``Organ(name="Kommunstyrelse")``,
    ``Organ("kf")``) is completed to the known value (``Organ("KS", "kommunstyrelsen")``).
    """

    abbreviation: str | None = attrs.field(default=None, converter=_organ_abbreviation)
    name: str | None = attrs.field(default=None, converter=_organ_name)

    def __attrs_post_init__(self) -> None:
        if not self.abbreviation and not self.name:
            raise DecisionError("an organ needs an abbreviation or a name")
        by_abbreviation = (
            _BY_ABBREVIATION.get(_organ_key(self.abbreviation)) if self.abbreviation else None
        )
        by_name = _BY_ANY_FORM.get(_organ_key(self.name)) if self.name else None
        if self.abbreviation is None:
            known = by_name
        elif self.name is None:
            known = by_abbreviation
        elif by_abbreviation is not None and by_name is not None:
            if by_abbreviation != by_name:
                raise DecisionError(
                    f"organ abbreviation {self.abbreviation!r} does not match name {self.name!r}"
                )
            known = by_abbreviation
        else:
            known = None
        if known is not None:
            object.__setattr__(self, "abbreviation", known)
            object.__setattr__(self, "name", KNOWN_ORGANS[known])

    def __str__(self) -> str:
        return self.abbreviation or self.name or ""

    @property
    def is_known(self) -> bool:
        """Whether this is one of the :data:`KNOWN_ORGANS`."""
        return self.abbreviation is not None and KNOWN_ORGANS.get(self.abbreviation) == self.name

    @property
    def slug(self) -> str:
        """The organ part of :attr:`Decision.slug`: ASCII letters joined by ``-``.

        A known organ gives its abbreviation (``KF``; ``ÖFN`` gives ``OFN``); any other organ its
        abbreviation or name, lower-cased, diacritics dropped, every run of other characters
        (digits included) turned into one ``-``; ``organ`` if nothing is left.
        """
        if self.is_known and self.abbreviation is not None:
            return fold_name(self.abbreviation).upper()
        text = self.abbreviation or self.name or ""
        return "-".join(slug_words(text)) or "organ"


_DNR_PREFIX = re.compile(r"(?:dnr\b[.:]?|diarienr\b[.:]?|diarienummer\b:?)\s*", re.IGNORECASE)


def _case_number(value: str | None) -> str | None:
    text = _normal_text(value, "a case number")
    if text is None:
        return None
    while (match := _DNR_PREFIX.match(text)) is not None and match.end() > 0:
        text = text[match.end() :]
    if not text:
        raise DecisionError("a case number needs more than the Dnr prefix")
    if "(" in text or ")" in text:
        raise DecisionError(f"a case number must not hold parentheses: {text!r}")
    return text


@attrs.frozen
class Decision:
    """A decision reference such as ``Reviderad KF 2007-06-18 § 118``.

    ``date`` is the meeting date; some citations give only the year (``KF § 118/2007``), in which
    case ``date`` is ``None`` and ``year`` holds the year. ``item`` is the paragraph (§) number of
    the minutes, ``case_number`` the diarienummer (without the ``Dnr`` prefix; a given prefix is
    dropped). ``str(decision)`` is the canonical form, which :func:`parse_decision` reads back.
    """

    organ: Organ
    year: int
    date: datetime.date | None = None
    item: int | None = None
    case_number: str | None = attrs.field(default=None, converter=_case_number)
    action: Action | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.organ, Organ):
            raise DecisionError(f"organ must be an Organ, got {type(self.organ).__name__}")
        if not isinstance(self.year, int) or isinstance(self.year, bool):
            raise DecisionError(f"year must be a number, got {self.year!r}")
        if not 1 <= self.year <= 9999:
            raise DecisionError(f"year must be between 1 and 9999, got {self.year}")
        if self.date is not None and (
            not isinstance(self.date, datetime.date) or isinstance(self.date, datetime.datetime)
        ):
            raise DecisionError(f"date must be a date, got {self.date!r}")
        if self.date is not None and self.date.year != self.year:
            raise DecisionError(f"year {self.year} does not match date {self.date.isoformat()}")
        if self.item is not None and (
            not isinstance(self.item, int) or isinstance(self.item, bool)
        ):
            raise DecisionError(f"§ must be a positive number, got {self.item!r}")
        if self.item is not None and self.item <= 0:
            raise DecisionError(f"§ must be a positive number, got {self.item}")
        if self.action is not None and not isinstance(self.action, Action):
            raise DecisionError(f"action must be an Action, got {self.action!r}")

    def __str__(self) -> str:
        parts: list[str] = []
        if self.action is not None:
            parts.append(self.action.value.capitalize())
        parts.append(str(self.organ))
        if self.date is not None:
            parts.append(self.date.isoformat())
            if self.item is not None:
                parts.append(f"§ {self.item}")
        elif self.item is not None:
            parts.append(f"§ {self.item}/{self.year:04d}")
        else:
            parts.append(f"{self.year:04d}")
        if self.case_number is not None and SFS_NUMBER.fullmatch(self.case_number):
            parts.append(f"({self.case_number})")
        elif self.case_number is not None:
            parts.append(f"(Dnr {self.case_number})")
        return " ".join(parts)

    @property
    def slug(self) -> str:
        """A filesystem- and URL-safe form: ``KF-2007-06-18-118``, year only ``KF-2007-118``.

        The slug carries organ, date (or year) and item only: no action, no case number. It
        holds ASCII letters, digits and ``-`` (see :attr:`Organ.slug`); :func:`parse_decision`
        reads it back.
        """
        parts = [self.organ.slug]
        parts.append(self.date.isoformat() if self.date is not None else f"{self.year:04d}")
        if self.item is not None:
            parts.append(str(self.item))
        return "-".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict; :meth:`from_dict` reads it back.

        >>> Decision(Organ("KF"), 2007, item=118).to_dict()["organ"]
        {'abbreviation': 'KF', 'name': 'kommunfullmäktige'}
        """
        return {
            "organ": {"abbreviation": self.organ.abbreviation, "name": self.organ.name},
            "year": self.year,
            "date": None if self.date is None else self.date.isoformat(),
            "item": self.item,
            "case_number": self.case_number,
            "action": None if self.action is None else self.action.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        """Build a decision from a :meth:`to_dict` dict.

        ``organ`` may also be a string (an abbreviation or name); ``year`` may be left out when
        ``date`` is given. Unknown keys and values of the wrong type raise
        :class:`DecisionError`.
        """
        if not isinstance(data, Mapping):
            raise DecisionError(f"a decision must be a mapping, got {type(data).__name__}")
        unknown = sorted(str(key) for key in data if key not in _DICT_KEYS)
        if unknown:
            raise DecisionError(f"unknown decision field(s): {', '.join(unknown)}")
        organ = _organ_from_data(data.get("organ"))
        date = _date_from_data(data.get("date"))
        year = data.get("year", date.year if date is not None else None)
        if year is None:
            raise DecisionError("a decision needs a year or a date")
        action_value = data.get("action")
        action: Action | None = None
        if action_value is not None:
            try:
                action = Action(action_value)
            except ValueError:
                raise DecisionError(f"unknown action {action_value!r}") from None
        return cls(
            organ=organ,
            year=year,
            date=date,
            item=data.get("item"),
            case_number=data.get("case_number"),
            action=action,
        )


_DICT_KEYS: Final = frozenset({"organ", "year", "date", "item", "case_number", "action"})


def _organ_from_data(value: object) -> Organ:
    if isinstance(value, str):
        return Organ(name=value)
    if isinstance(value, Mapping):
        unknown = sorted(str(key) for key in value if key not in ("abbreviation", "name"))
        if unknown:
            raise DecisionError(f"unknown organ field(s): {', '.join(unknown)}")
        return Organ(value.get("abbreviation"), value.get("name"))
    raise DecisionError(f"organ must be a mapping or text, got {type(value).__name__}")


def _date_from_data(value: object) -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, str) or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is None:
        raise DecisionError(f"date must be text in the form YYYY-MM-DD, got {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DecisionError(f"impossible date {value}") from None
