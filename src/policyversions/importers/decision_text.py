"""The grammar of decision references: every form a secretary writes, read into a
:class:`~policyversions.model.decision.Decision`.

>>> d = parse_decision("Fastställd av kommunstyrelsen den 4 maj 2010, § 87 (Dnr KS 2010/0123)")
>>> str(d)
'Fastställd KS 2010-05-04 § 87 (Dnr KS 2010/0123)'
>>> d.slug
'KS-2010-05-04-87'

Grammar
-------
The input is first normalised (Unicode NFC, white space collapsed, stripped); surrounding
parentheses and one final full stop are dropped. Words are matched case-insensitively::

    reference  := [["senast"] action ["av" | "i" | "by"]] organ [","] when [act] [case]
                  [effective]
                | slug
    action     := an inflection of antagen, reviderad, fastställd, beslutad or upphävd
                  (antaget, antagna, antogs, reviderat, reviderade, fastställdes, beslutat,
                  upphävt, ...; see ACTION_WORDS); ändrad (amended, in every inflection) is a
                  revision; or English adopted/revised/amended/established/decided/repealed;
                  an optional "," or ":" may follow it
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
    act        := [","] "(" series YYYY ":" number ")" | "," series YYYY ":" number
    series     := letters (and "-") ending in "FS", any case: SFS (Svensk författningssamling),
                  KFS (a municipality's), SOSFS, HSLF-FS, ...: the act number of a decision
                  that is an act in a statute book, stored upper case ("SFS 2024:1362")
    case       := [","] "(" dnr text ")" | [","] dnr text-to-the-end
                  (a case in parentheses may also come before the act)
    dnr        := "dnr" | "dnr:" | "dnr." | "diarienummer" | "diarienr" (any case)
    effective  := ("," | ";" | " ") ["("] marker [":"] ["den"] date [")"]   at the very end
    marker     := "gäller från" | "gäller fr.o.m." | "gäller från och med" | "träder i kraft"
                  | "trädde i kraft" | "i kraft" | "i kraft från" | "ikraftträdande"
                  | "in force from" | "effective" | "effective from"   (any case)
    slug       := ORGAN "-" YYYY ["-" MM "-" DD] ["-" number] ["-" SERIES "-" YYYY "-" number]
                  ["-dnr-" letters and digits joined by "-"]   (no spaces; see Decision.slug;
                  ORGAN is ASCII letters in words joined by "-", SERIES upper-case letters)

Anything else is a :class:`~policyversions.errors.DecisionError` naming the problem and
quoting the input: an empty text, a missing organ, a missing date (neither date nor year), an
impossible date (``2007-02-30``), a § that is not a positive number, or trailing text.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Final

from ..errors import DecisionError, ModelError
from ..model import Action, Decision, Organ, normalize
from ..model.decision import fold_name, slug_words

MAX_LENGTH: Final = 1000
"""Longest decision reference :func:`parse_decision` reads, in characters."""

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
            "ändrad",
            "ändrat",
            "ändrade",
            "ändrades",
            "ändrats",
            "ändras",
            "amended",
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


_FOLDED_ACTION_WORDS: Final = frozenset(fold_name(word) for word in ACTION_WORDS)


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
_ACT = r"(?P<act>(?:[A-Za-zÅÄÖåäö]+-)*[A-Za-zÅÄÖåäö]*[Ff][Ss]\s*[0-9]{4}\s*:\s*[1-9][0-9]*)"
_ACT_IN_PARENS = re.compile(rf"\(\s*{_ACT}\s*\)")
_ACT_BARE = re.compile(rf"{_ACT}(?=\s*(?:$|,|\())")
_CASE_OPEN = re.compile(
    r"(?:dnr\b[.:]?|diarienr\b[.:]?|diarienummer\b:?)\s*(?P<case>.*)$", re.IGNORECASE
)
_MISSING_DATE = "missing date: give one such as 2007-06-18, 4 maj 2010 or § 118/2007"
_SLUG = re.compile(
    r"(?P<organ>[A-Za-z]+(?:-[A-Za-z]+)*)-(?P<y>[0-9]{4})"
    r"(?:-(?P<m>[0-9]{2})-(?P<d>[0-9]{2}))?(?:-(?P<item>[0-9]+))?"
    r"(?:-(?P<series>[A-Z]+(?:-[A-Z]+)*)-(?P<act_y>[0-9]{4})-(?P<act_n>[0-9]+))?"
    r"(?:-dnr-(?P<dnr>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*))?"
)
_EFFECTIVE_MARKER = (
    r"(?:gäller\s+(?:från\s+och\s+med|från|fr\.?\s*o\.?\s*m\.?)|träder\s+i\s+kraft"
    r"|trädde\s+i\s+kraft|i\s+kraft(?:\s+från)?|ikraftträdande|in\s+force\s+from"
    r"|effective(?:\s+from)?)"
)
_EFFECTIVE_DATE = (
    r"(?:den\s+)?(?:(?P<e_iso_y>[0-9]{4})-(?P<e_iso_m>[0-9]{1,2})-(?P<e_iso_d>[0-9]{1,2})"
    rf"|(?P<e_sp_d>[0-9]{{1,2}})(?::[ae])?\.?\s*(?P<e_sp_m>{_MONTH_PATTERN})\.?\s*"
    r"(?P<e_sp_y>[0-9]{4}))"
)
_EFFECTIVE = re.compile(
    rf"(?:\s*[,;]\s*|\s+)(?P<open>\(\s*)?{_EFFECTIVE_MARKER}\s*:?\s*{_EFFECTIVE_DATE}"
    r"\s*(?(open)\))$",
    re.IGNORECASE,
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
        words = slug_words(text) or ["organ"]
        for word in words:
            if word in _FOLDED_ACTION_WORDS:
                raise self.fail(f"the action {word!r} must come before the organ")
            if word in _DNR_WORDS:
                raise self.fail(f"missing date before {word!r}")
        if words[0] in _CONNECTIVES:
            raise self.fail(f"cannot read the organ {text!r}: it starts with {words[0]!r}")
        if words[-1] == "den":
            raise self.fail(f"cannot read the organ {text!r}: it ends with 'den'")
        try:
            return Organ(name=text)
        except DecisionError as error:
            raise self.fail(error.what) from None

    def slug(self, match: re.Match[str]) -> Decision:
        organ = self.organ(match["organ"])
        year = int(match["y"])
        date = None
        if match["m"] is not None:
            raw = f"{match['y']}-{match['m']}-{match['d']}"
            date = self.date(raw, match["y"], match["m"], match["d"])
        item = None if match["item"] is None else self.item(match["item"])[0]
        act = None
        if match["series"] is not None:
            act = f"{match['series']} {match['act_y']}:{int(match['act_n'])}"
        return self.build(
            organ=organ, year=year, date=date, item=item, act_number=act, case_number=match["dnr"]
        )

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
        effective: datetime.date | None = None
        suffix = _EFFECTIVE.search(text)
        if suffix is not None and suffix.start() > 0:
            if suffix["e_iso_y"] is not None:
                raw = f"{suffix['e_iso_y']}-{suffix['e_iso_m']}-{suffix['e_iso_d']}"
                effective = self.date(raw, suffix["e_iso_y"], suffix["e_iso_m"], suffix["e_iso_d"])
            else:
                month = _MONTHS[suffix["e_sp_m"].casefold()]
                raw = f"{suffix['e_sp_d']} {suffix['e_sp_m']} {suffix['e_sp_y']}"
                effective = self.date(raw, suffix["e_sp_y"], month, suffix["e_sp_d"])
            text = self.clean(text[: suffix.start()])

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
        act_number: str | None = None
        while pos < len(rest):
            act = _ACT_IN_PARENS.match(rest, pos) or (
                _ACT_BARE.match(rest, pos) if rest[:pos].rstrip().endswith(",") else None
            )
            if act is not None and act_number is None:
                act_number = act["act"]
                pos = _skip_separators(rest, act.end())
                continue
            case = None
            if case_number is None:
                case = _CASE_IN_PARENS.match(rest, pos) or _CASE_OPEN.match(rest, pos)
            if case is not None:
                case_number = self.case(case["case"])
                pos = _skip_separators(rest, case.end())
                continue
            if rest.startswith("(", pos) and _CASE_OPEN.match(rest, pos + 1):
                raise self.fail("missing ')' after the case number")
            break
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
            act_number=act_number,
            effective=effective,
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


_DATE_ONLY = re.compile(rf"\s*{_DEN}(?:{_ISO}|{_SPELLED})\s*\.?\s*", re.IGNORECASE)


def parse_date(text: str) -> datetime.date | None:
    """The date *text* is, written as decisions write dates (``2007-06-18``, ``18 juni 2007``,
    ``den 4 maj 2010``), or ``None`` when it is not exactly one real date.

    >>> parse_date("den 4 maj 2010"), parse_date("2007-02-30"), parse_date("snart")
    (datetime.date(2010, 5, 4), None, None)
    """
    match = _DATE_ONLY.fullmatch(normalize(text)) if isinstance(text, str) else None
    if match is None:
        return None
    if match.group("iso_y") is not None:
        parts = (match.group("iso_y"), match.group("iso_m"), match.group("iso_d"))
    else:
        month = _MONTHS[match.group("sp_m").casefold()]
        parts = (match.group("sp_y"), str(month), match.group("sp_d"))
    try:
        return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


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
