"""Decision values: which body adopted or revised a policy, when, and under which item.

A *decision reference* cites the body (:class:`Organ`) that decided, the meeting date and the
item (*paragraf*, §) of the minutes, often with the case number (*diarienummer*, Dnr) and what
the decision did (the :class:`Action`). This module holds the values only; the grammar that
reads the forms found in real documents is
:func:`policyversions.importers.decision_text.parse_decision`, and
``parse_decision(str(d)) == d``.

Canonical form (``str``)::

    [Action] ORGAN YYYY-MM-DD [§ N] [(ACT)] [(Dnr CASE)] [, gäller från YYYY-MM-DD]
    [Action] ORGAN § N/YYYY [(ACT)] [(Dnr CASE)] [, gäller från YYYY-MM-DD]   year only, item
    [Action] ORGAN YYYY [(ACT)] [(Dnr CASE)] [, gäller från YYYY-MM-DD]       year only

e.g. ``Reviderad KF 2007-06-18 § 118``, ``Reviderad Regeringen 2025 (SFS 2025:480), gäller från
2025-07-01``. ``ACT`` is the act number (:data:`ACT_NUMBER`: ``SFS 2024:1362``, ``KFS 2019:3``):
the number of the decision in a statute book (*författningssamling*). The effective date (*gäller
från*, *träder i kraft*) is when the decision takes effect; :attr:`Decision.citation` is the
form without it.

A decision carries up to three numbers: the item (§) of the minutes, the act number and the case
number (*diarienummer*, Dnr). Which decisions are the same is a question of a history, decided
by the store (:mod:`policyversions.store.decisions`): two citations are of one decision only when
nothing they both state disagrees.

Organ names are written in Latin letters: a name holding a letter of another script (a Cyrillic
``К`` that looks like ``K``) or an invisible character is refused naming the character, so that
a look-alike never becomes a new body.

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
"""A Swedish statute number (Svensk författningssamling): ``SFS 2024:1362``."""

ACT_NUMBER: Final = re.compile(
    r"(?P<series>(?:[A-ZÅÄÖ]+-)*[A-ZÅÄÖ]+FS|(?:[A-ZÅÄÖ]+-)+FS)"
    r" (?P<year>[0-9]{4}):(?P<number>[1-9][0-9]*)"
)
"""An act number in a statute book (*författningssamling*) as :class:`Decision` stores it: the
series, a space, the year, ``:`` and the number: ``SFS 2024:1362`` (the national statute book),
``KFS 2019:3`` (a municipality's), ``SOSFS 2011:9``, ``HSLF-FS 2016:40``. The series is upper
case and ends in ``FS``."""

_ACT_INPUT: Final = re.compile(
    r"(?P<series>[A-Za-zÅÄÖåäö]+(?:-[A-Za-zÅÄÖåäö]+)*)\s*(?P<year>[0-9]{4})\s*:\s*(?P<number>[0-9]+)"
)


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


def check_latin(text: str, what: str) -> None:
    """Raise :class:`DecisionError` when *text* holds a letter that is not Latin (a Cyrillic
    or Greek look-alike such as ``К`` for ``K``) or an invisible character, naming it.

    Letters are Latin when their Unicode name says so (``Ö``, ``ß``, full-width ``Ｋ``);
    combining marks, digits, spaces and punctuation are not letters and pass.
    """
    for position, char in enumerate(text, start=1):
        category = unicodedata.category(char)
        if category.startswith("L"):
            if "LATIN" in unicodedata.name(char, ""):
                continue
            problem = "is not a Latin letter (a look-alike?): write it in Latin letters"
        elif category in ("Cf", "Co", "Cn") or (category == "Zs" and char != " "):
            problem = "is an invisible or unusual character: delete it"
        else:
            continue
        name = unicodedata.name(char, "unnamed character")
        raise DecisionError(
            f"{what} {text!r} holds {char!r} (U+{ord(char):04X} {name}) at character "
            f"{position}, which {problem}"
        )


def _organ_abbreviation(value: str | None) -> str | None:
    text = _normal_text(value, "an organ's abbreviation")
    if text is not None:
        check_latin(text, "the organ")
    return text


def _organ_name(value: str | None) -> str | None:
    text = _normal_text(value, "an organ's name")
    if text is not None:
        check_latin(text, "the organ")
    return text


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


def _act_number(value: str | None) -> str | None:
    text = _normal_text(value, "an act number")
    if text is None:
        return None
    match = _ACT_INPUT.fullmatch(text)
    if match is None or not match["series"].upper().endswith("FS"):
        raise DecisionError(
            f"an act number is a statute book, a year, ':' and a number, such as SFS 2024:1362 "
            f"or KFS 2019:3; got {text!r}"
        )
    number = int(match["number"])
    if number == 0:
        raise DecisionError(f"an act number's number must be positive, got {text!r}")
    result = f"{match['series'].upper()} {match['year']}:{number}"
    if ACT_NUMBER.fullmatch(result) is None:
        raise DecisionError(f"cannot read the act number {text!r}: write it as SFS 2024:1362")
    return result


def act_slug(act_number: str) -> str:
    """The slug form of an act number: ``SFS 2024:1362`` -> ``SFS-2024-1362``."""
    return "-".join(re.findall(r"[A-Z0-9]+", fold_name(act_number).upper()))


def case_slug(case_number: str) -> str:
    """The slug form of a case number: ASCII letters and digits in runs joined by ``-``
    (``KS 2010/0123`` -> ``KS-2010-0123``); ``x`` when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", case_number)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "-".join(re.findall(r"[A-Za-z0-9]+", text)) or "x"


def _optional_date(value: object, what: str) -> None:
    if value is not None and (
        not isinstance(value, datetime.date) or isinstance(value, datetime.datetime)
    ):
        raise DecisionError(f"{what} must be a date, got {value!r}")


@attrs.frozen
class Decision:
    """A decision reference such as ``Reviderad KF 2007-06-18 § 118``.

    ``date`` is the meeting date; some citations give only the year (``KF § 118/2007``), in which
    case ``date`` is ``None`` and ``year`` holds the year. ``item`` is the paragraph (§) number of
    the minutes, ``case_number`` the diarienummer (without the ``Dnr`` prefix; a given prefix is
    dropped), ``act_number`` the number in a statute book (:data:`ACT_NUMBER`, ``SFS 2024:1362``;
    a case number of that form is taken as the act number when none is given), ``effective``
    the date the decision takes effect (*gäller från*; ``None``: from its date). The effective
    date may be any date here; the store refuses one before the decision unless told it is
    retroactive. ``str(decision)`` is the canonical form, which :func:`parse_decision` reads back.
    """

    organ: Organ
    year: int
    date: datetime.date | None = None
    item: int | None = None
    case_number: str | None = attrs.field(default=None, converter=_case_number)
    action: Action | None = None
    act_number: str | None = attrs.field(default=None, converter=_act_number)
    effective: datetime.date | None = None

    def __attrs_post_init__(self) -> None:
        if (
            self.act_number is None
            and self.case_number is not None
            and ACT_NUMBER.fullmatch(self.case_number) is not None
        ):
            # Files written before act numbers had a field of their own kept them here.
            object.__setattr__(self, "act_number", self.case_number)
            object.__setattr__(self, "case_number", None)
        _optional_date(self.effective, "the effective date")
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
        if self.effective is None:
            return self.citation
        return f"{self.citation}, gäller från {self.effective.isoformat()}"

    @property
    def citation(self) -> str:
        """The canonical form without the effective date: ``Reviderad KF 2007-06-18 § 118``."""
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
        if self.act_number is not None:
            parts.append(f"({self.act_number})")
        if self.case_number is not None:
            parts.append(f"(Dnr {self.case_number})")
        return " ".join(parts)

    @property
    def pinned(self) -> bool:
        """Whether a number pins this decision down among the decisions of its organ and
        year: an item (§) of the minutes, or an act number."""
        return self.item is not None or self.act_number is not None

    @property
    def slug(self) -> str:
        """A filesystem- and URL-safe form that tells this decision from any other:
        ``KF-2007-06-18-118``, year only ``KF-2007-118``, with an act number
        ``regeringen-2025-SFS-2025-480``, and, when neither an item nor an act number pins the
        decision down, its case number: ``KS-2019-dnr-KS-2019-12``.

        No action and no effective date. It holds ASCII letters, digits and ``-`` (see
        :attr:`Organ.slug`); :func:`parse_decision` reads it back (a case number as its
        letters and digits joined by ``-``).
        """
        parts = [self.organ.slug]
        parts.append(self.date.isoformat() if self.date is not None else f"{self.year:04d}")
        if self.item is not None:
            parts.append(str(self.item))
        if self.act_number is not None:
            parts.append(act_slug(self.act_number))
        elif self.item is None and self.case_number is not None:
            parts.append(f"dnr-{case_slug(self.case_number)}")
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
            "act_number": self.act_number,
            "effective": None if self.effective is None else self.effective.isoformat(),
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
            act_number=data.get("act_number"),
            effective=_date_from_data(data.get("effective"), "effective date"),
        )


_DICT_KEYS: Final = frozenset(
    {"organ", "year", "date", "item", "case_number", "action", "act_number", "effective"}
)


def _organ_from_data(value: object) -> Organ:
    if isinstance(value, str):
        return Organ(name=value)
    if isinstance(value, Mapping):
        unknown = sorted(str(key) for key in value if key not in ("abbreviation", "name"))
        if unknown:
            raise DecisionError(f"unknown organ field(s): {', '.join(unknown)}")
        return Organ(value.get("abbreviation"), value.get("name"))
    raise DecisionError(f"organ must be a mapping or text, got {type(value).__name__}")


def _date_from_data(value: object, what: str = "date") -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, str) or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is None:
        raise DecisionError(f"{what} must be text in the form YYYY-MM-DD, got {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DecisionError(f"impossible date {value}") from None
