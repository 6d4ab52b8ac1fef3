"""Decision references: which body adopted or revised a policy, when, and under which item.

A *decision reference* cites the body (organ) that decided, the meeting date and the item
(*paragraf*, §) of the minutes, often with the case number (*diarienummer*, Dnr) and what the
decision did (the action). :func:`parse_decision` reads the forms found in real documents;
``str(decision)`` writes the canonical form, and ``parse_decision(str(d)) == d``.

>>> d = parse_decision("Fastställd av kommunstyrelsen den 4 maj 2010, § 87 (Dnr KS 2010/0123)")
>>> str(d)
'Fastställd KS 2010-05-04 § 87 (Dnr KS 2010/0123)'
>>> d.slug
'KS-2010-05-04-87'

Grammar
-------
The input is first normalised (Unicode NFC, white space collapsed, stripped); surrounding
parentheses and one final full stop are dropped. Words are matched case-insensitively::

    reference  := [["senast"] action ["av" | "i" | "by"]] organ [","] when [case]
                | slug
    action     := an inflection of antagen, reviderad, fastställd, beslutad or upphävd
                  (antaget, antagna, antogs, reviderat, reviderade, fastställdes, beslutat,
                  upphävt, ...; see ACTION_WORDS), or English adopted/revised/established/
                  decided/repealed; an optional "," or ":" may follow it
    organ      := a known organ, by abbreviation or name (see KNOWN_ORGANS; definite and
                  indefinite forms, with or without hyphens and diacritics), or free text:
                  letters, spaces and - – ' ’ . & / , only; no digits; none of its words
                  (compared without case or diacritics) an action word or dnr, the first
                  not av/i/by, the last not "den". Free text is the whole text before the
                  date, so "Gäller från 2020-01-01" reads as organ "Gäller från"
    when       := date [","] [item]                       e.g. 2007-06-18, § 118
                | year [","] [item]                       e.g. 2007 § 118 (year only)
                | "§" number "/" year                     e.g. § 118/2007 (year only)
    date       := ["den"] (YYYY-M-D | D[:e|:a][.] month[.] YYYY)
    month      := januari|jan|februari|feb|mars|mar|april|apr|maj|juni|jun|juli|jul|
                  augusti|aug|september|sept|sep|oktober|okt|november|nov|december|dec
    item       := "§" [" "] positive-number ["/" year]   (a year after "/" must match)
    case       := [","] "(" dnr text ")" | [","] "(" sfs ")" | [","] dnr text-to-the-end
    sfs        := "SFS" YYYY ":" number     a Swedish statute number (Svensk författningssamling),
                  for decisions that are amending acts; stored as the case number "SFS YYYY:N"
    dnr        := "dnr" | "dnr:" | "dnr." | "diarienummer" | "diarienr" (any case)
    slug       := ORGAN "-" YYYY ["-" MM "-" DD] ["-" number]   (no spaces; see Decision.slug;
                  ORGAN is ASCII letters in words joined by "-")

Anything else is a :class:`~policyversions.errors.DecisionError` naming the problem and
quoting the input: an empty text, a missing organ, a missing date (neither date nor year), an
impossible date (``2007-02-30``), a § that is not a positive number, or trailing text.

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

from .errors import DecisionError, ModelError
from .text import normalize

MAX_LENGTH: Final = 1000
"""Longest decision reference :func:`parse_decision` reads, in characters."""


class Action(enum.Enum):
    """What a decision did to a policy. Values are the canonical Swedish participles."""

    ADOPTED = "antagen"
    REVISED = "reviderad"
    ESTABLISHED = "fastställd"
    DECIDED = "beslutad"
    REPEALED = "upphävd"


ACTION_WORDS: Final[Mapping[str, Action]] = {
    **dict.fromkeys(
        ("antagen", "antaget", "antagna", "antogs", "antagits", "antas", "adopted"),
        Action.ADOPTED,
    ),
    **dict.fromkeys(
        (
            "reviderad",
            "reviderat",
            "reviderade",
            "reviderades",
            "reviderats",
            "revideras",
            "revised",
        ),
        Action.REVISED,
    ),
    **dict.fromkeys(
        (
            "fastställd",
            "fastställt",
            "fastställda",
            "fastställde",
            "fastställdes",
            "fastställts",
            "fastställs",
            "established",
        ),
        Action.ESTABLISHED,
    ),
    **dict.fromkeys(
        (
            "beslutad",
            "beslutat",
            "beslutade",
            "beslutades",
            "beslutats",
            "beslutas",
            "decided",
        ),
        Action.DECIDED,
    ),
    **dict.fromkeys(
        (
            "upphävd",
            "upphävt",
            "upphävda",
            "upphävde",
            "upphävdes",
            "upphävts",
            "upphävs",
            "repealed",
        ),
        Action.REPEALED,
    ),
}
"""Every word read as an action (lower case), mapped to its :class:`Action`."""

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

_MONTHS: Final[Mapping[str, int]] = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_CONNECTIVES: Final = frozenset({"av", "i", "by"})
_DNR_WORDS: Final = frozenset({"dnr", "diarienr", "diarienummer"})
_ORGAN_PUNCTUATION: Final = frozenset(" -–‐'’.&/,")


def _fold(text: str) -> str:
    """Casefold and drop diacritics: ``Överförmyndarnämnden`` -> ``overformyndarnamnden``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _slug_words(text: str) -> list[str]:
    """The runs of ASCII letters in *text* folded: ``Söderhamn Nära`` -> ``soderhamn``, ``nara``."""
    return re.findall(r"[a-z]+", _fold(text))


_FOLDED_ACTION_WORDS: Final = frozenset(_fold(word) for word in ACTION_WORDS)


def _organ_key(text: str) -> str:
    """The lookup key of an organ name or abbreviation: its folded letters and digits.

    Case, diacritics, hyphens and other punctuation do not count: ``Barn- och
    utbildningsnämnden`` and ``barn-och-utbildningsnamnden`` have the same key.
    """
    return " ".join(re.findall(r"[a-z0-9]+", _fold(text)))


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
            return _fold(self.abbreviation).upper()
        text = self.abbreviation or self.name or ""
        return "-".join(_slug_words(text)) or "organ"


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
        if self.case_number is not None and _SFS_NUMBER.fullmatch(self.case_number):
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

        >>> parse_decision("KF § 118/2007").to_dict()["organ"]
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


# --- parsing -----------------------------------------------------------------------------

_MONTH_PATTERN = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DEN = r"(?:\bden\s+)?"
_ISO = r"\b(?P<iso_y>[0-9]{4})-(?P<iso_m>[0-9]{1,2})-(?P<iso_d>[0-9]{1,2})\b"
_SPELLED = (
    r"\b(?P<sp_d>[0-9]{1,2})(?::[ae])?\.?\s*"
    rf"(?P<sp_m>{_MONTH_PATTERN})\b\.?\s*(?P<sp_y>[0-9]{{4}})\b"
)
_BARE_YEAR = r"\b(?P<bare>[0-9]{4})(?=\s*(?:$|,|§|\(|(?:dnr|diarienr|diarienummer)\b))"
_WHEN = re.compile(
    rf"(?P<date>{_DEN}(?:{_ISO}|{_SPELLED}))|{_BARE_YEAR}|(?P<para>§)"
    r"|(?P<dnr>\b(?:dnr|diarienr|diarienummer)\b)",
    re.IGNORECASE,
)
_ITEM = re.compile(r"§\s*(?P<token>[0-9]+\s*/\s*[0-9]+|[^\s,()]+)?")
_CASE_IN_PARENS = re.compile(
    r"\(\s*(?:dnr\b[.:]?|diarienr\b[.:]?|diarienummer\b:?)\s*(?P<case>[^()]*?)\s*\)",
    re.IGNORECASE,
)
_SFS_NUMBER = re.compile(r"SFS [0-9]{4}:[1-9][0-9]*")
_SFS_IN_PARENS = re.compile(r"\(\s*(?P<case>SFS\s+[0-9]{4}:[1-9][0-9]*)\s*\)")
_CASE_OPEN = re.compile(
    r"(?:dnr\b[.:]?|diarienr\b[.:]?|diarienummer\b:?)\s*(?P<case>.*)$", re.IGNORECASE
)
_MISSING_DATE = "missing date: give one such as 2007-06-18, 4 maj 2010 or § 118/2007"
_SLUG = re.compile(
    r"(?P<organ>[A-Za-z]+(?:-[A-Za-z]+)*)-(?P<y>[0-9]{4})"
    r"(?:-(?P<m>[0-9]{2})-(?P<d>[0-9]{2}))?(?:-(?P<item>[0-9]+))?"
)


def _skip_separators(text: str, pos: int) -> int:
    """Return the position after any spaces and commas at *pos*."""
    while pos < len(text) and text[pos] in " ,":
        pos += 1
    return pos


class _Reader:
    """Reads one decision reference; ``fail`` raises with the input quoted."""

    def __init__(self, original: str) -> None:
        self.original = original

    def fail(self, what: str) -> DecisionError:
        quoted = self.original if len(self.original) <= 120 else self.original[:117] + "..."
        return DecisionError(what, f"in {quoted!r}")

    def date(self, raw: str, year: str, month: str | int, day: str) -> datetime.date:
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise self.fail(f"impossible date {raw}") from None

    def item(self, token: str | None) -> tuple[int, int | None]:
        """Read the token after §: ``N`` or ``N/YYYY``; return (item, year or None)."""
        if not token:
            raise self.fail("missing number after §")
        number, slash, year_text = token.partition("/")
        number = number.strip()
        if re.fullmatch(r"[0-9]+", number) is None or int(number) == 0:
            raise self.fail(f"§ must be a positive number, got {token!r}")
        if not slash:
            return int(number), None
        year_text = year_text.strip()
        if re.fullmatch(r"[0-9]{4}", year_text) is None:
            raise self.fail(f"the year after § {number}/ must have four digits, got {year_text!r}")
        return int(number), int(year_text)

    def organ(self, text: str) -> Organ:
        """Read the organ text between the action and the date."""
        text = text.strip(" ,")
        if not text:
            raise self.fail("missing organ")
        for char in text:
            if char.isdigit() or char.isnumeric():
                raise self.fail(
                    f"cannot read the organ {text!r}: it holds a number (is the date misspelt?)"
                )
            if not (
                char.isalpha()
                or unicodedata.category(char).startswith("M")
                or char in _ORGAN_PUNCTUATION
            ):
                raise self.fail(f"unexpected {char!r} in the organ {text!r}")
        if not any(char.isalpha() for char in text):
            raise self.fail(f"cannot read the organ {text!r}")
        # Checked on the words the slug keeps, so that a slug always reads back.
        words = _slug_words(text) or ["organ"]
        for word in words:
            if word in _FOLDED_ACTION_WORDS:
                raise self.fail(f"the action {word!r} must come before the organ")
            if word in _DNR_WORDS:
                raise self.fail(f"missing date before {word!r}")
        if words[0] in _CONNECTIVES:
            raise self.fail(f"cannot read the organ {text!r}: it starts with {words[0]!r}")
        if words[-1] == "den":
            raise self.fail(f"cannot read the organ {text!r}: it ends with 'den'")
        return Organ(name=text)

    def slug(self, match: re.Match[str]) -> Decision:
        organ = self.organ(match["organ"])
        year = int(match["y"])
        date = None
        if match["m"] is not None:
            raw = f"{match['y']}-{match['m']}-{match['d']}"
            date = self.date(raw, match["y"], match["m"], match["d"])
        item = None if match["item"] is None else self.item(match["item"])[0]
        return self.build(organ=organ, year=year, date=date, item=item)

    def build(self, **fields: Any) -> Decision:
        try:
            return Decision(**fields)
        except DecisionError as error:
            raise self.fail(error.what) from None

    def parse(self, text: str) -> Decision:
        text = self.clean(text)
        if not text:
            raise self.fail("empty decision reference")
        if " " not in text and (slug := _SLUG.fullmatch(text)) is not None:
            return self.slug(slug)

        tokens = text.split(" ")
        action = None
        start = 0
        if (
            len(tokens) > 1
            and tokens[0].casefold() == "senast"
            and tokens[1].strip(",:").casefold() in ACTION_WORDS
        ):
            start = 1
        first = tokens[start].strip(",:").casefold()
        if first in ACTION_WORDS:
            action = ACTION_WORDS[first]
            start += 1
            if start < len(tokens) and tokens[start].casefold() in _CONNECTIVES:
                start += 1
        rest = " ".join(tokens[start:])

        when = _WHEN.search(rest)
        if when is None or when["dnr"] is not None:
            self.organ(rest if when is None else rest[: when.start()].rstrip(" ("))
            raise self.fail(_MISSING_DATE)
        organ = self.organ(rest[: when.start()])

        date: datetime.date | None = None
        year: int | None = None
        item: int | None = None
        pos = when.start()
        if when["date"] is not None:
            raw = when["date"]
            raw = re.sub(r"^den\s+", "", raw, flags=re.IGNORECASE)
            if when["iso_y"] is not None:
                date = self.date(raw, when["iso_y"], when["iso_m"], when["iso_d"])
            else:
                month = _MONTHS[when["sp_m"].casefold()]
                date = self.date(raw, when["sp_y"], month, when["sp_d"])
            year = date.year
            pos = when.end()
        elif when["bare"] is not None:
            year = int(when["bare"])
            pos = when.end()

        pos = _skip_separators(rest, pos)
        if rest.startswith("§", pos):
            item_match = _ITEM.match(rest, pos)
            assert item_match is not None  # _ITEM matches any text starting with §
            item, item_year = self.item(item_match["token"])
            if item_year is not None:
                if year is not None and item_year != year:
                    raise self.fail(f"the year in § {item}/{item_year} does not match {year}")
                year = item_year
            pos = _skip_separators(rest, item_match.end())
        if year is None:
            raise self.fail(_MISSING_DATE)

        case_number: str | None = None
        case = (
            _CASE_IN_PARENS.match(rest, pos)
            or _SFS_IN_PARENS.match(rest, pos)
            or _CASE_OPEN.match(rest, pos)
        )
        if case is not None:
            case_number = self.case(case["case"])
            pos = case.end()
        elif rest.startswith("(", pos) and _CASE_OPEN.match(rest, pos + 1):
            raise self.fail("missing ')' after the case number")
        trailing = rest[pos:].strip()
        if trailing:
            raise self.fail(f"unexpected text {trailing!r} after the decision")
        return self.build(
            organ=organ,
            year=year,
            date=date,
            item=item,
            case_number=case_number,
            action=action,
        )

    def case(self, text: str) -> str:
        text = text.strip()
        if not text or not any(char.isalnum() for char in text):
            raise self.fail("missing case number after Dnr")
        if "(" in text or ")" in text:
            raise self.fail(f"unexpected parenthesis in the case number {text!r}")
        return text

    def clean(self, text: str) -> str:
        """Normalise, then drop surrounding parentheses and one final full stop."""
        try:
            text = normalize(text)
        except ModelError as error:
            raise self.fail(error.what) from None
        while True:
            before = text
            if text.endswith(".") and not text.endswith(".."):
                text = text[:-1].rstrip()
            if text.startswith("(") and text.endswith(")") and _closing(text, 0) == len(text) - 1:
                text = text[1:-1].strip()
            if text == before:
                return text


def _closing(text: str, start: int) -> int:
    """Index of the parenthesis closing the one at *start*, or -1."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1


def parse_decision(text: str) -> Decision:
    """Parse a decision reference such as ``Reviderad KF 2007-06-18 § 118``.

    Reads every form in the module docstring's grammar, including the :attr:`Decision.slug`
    form (``KF-2007-06-18-118``), and raises :class:`DecisionError` naming the problem and
    quoting *text* for anything else.

    >>> parse_decision("Antagen av kommunfullmäktige 2005-03-21, § 34") == parse_decision(
    ...     "Antagen KF 2005-03-21 § 34"
    ... )
    True
    >>> str(parse_decision("(Reviderad KF 2007-06-18 § 118) "))
    'Reviderad KF 2007-06-18 § 118'
    """
    if not isinstance(text, str):
        raise DecisionError(f"a decision reference must be text, got {type(text).__name__}")
    reader = _Reader(text)
    if len(text) > MAX_LENGTH:
        raise reader.fail(f"decision reference too long ({len(text)} characters)")
    return reader.parse(text)
