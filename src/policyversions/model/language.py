"""The language a policy is written in, for choosing the words of what is printed about it.

:func:`policy_language` gives ``"sv"`` or ``"en"`` (the languages the output is written in):
a ``language``, ``lang``, ``språk`` or ``sprak`` key in the metadata's ``extra`` decides when it
names one of them (``sv``, ``swe``, ``svenska``, ``Swedish``, ``en``, ``eng``, ``English``);
otherwise the most common short words of the title and the first 2,000 words of the text are
counted (``och``, ``att``, ``ska`` against ``the``, ``and``, ``shall``). Swedish wins a tie: the
documents this library is made for are Swedish.
"""

from __future__ import annotations

import re
from typing import Final

from .policy import Policy

LANGUAGE_KEYS: Final = ("language", "lang", "språk", "sprak")
_NAMES: Final = {
    "sv": "sv",
    "swe": "sv",
    "svenska": "sv",
    "swedish": "sv",
    "sv-se": "sv",
    "en": "en",
    "eng": "en",
    "english": "en",
    "engelska": "en",
    "en-gb": "en",
    "en-us": "en",
}
_SWEDISH: Final = frozenset(
    (
        *("och", "att", "som", "ska", "skall", "är", "av", "för", "på", "med", "den", "det"),
        *("till", "inte", "de", "en", "ett", "om", "har", "kan", "vi", "du", "eller", "alla"),
        *("vid", "från", "får", "bör"),
    )
)
_ENGLISH: Final = frozenset(
    (
        *("the", "and", "of", "to", "a", "in", "is", "for", "that", "we", "be", "our", "with"),
        *("as", "are", "on", "or", "shall", "must", "not", "by", "this", "it", "you", "all"),
        *("may", "will", "should"),
    )
)
_WORD: Final = re.compile(r"[^\W\d_]+")
_MAX_WORDS: Final = 2000


def policy_language(policy: Policy) -> str:
    """``"sv"`` or ``"en"``: the language *policy* is written in (module docstring)."""
    for key, value in policy.metadata.extra:
        if key.casefold() in LANGUAGE_KEYS:
            named = _NAMES.get(value.strip().casefold())
            if named is not None:
                return named
    texts = [policy.title]
    count = 0
    for node in policy.walk():
        for text in _texts(node):
            texts.append(text)
            count += text.count(" ") + 1
        if count > _MAX_WORDS:
            break
    swedish = english = 0
    for word in _WORD.findall(" ".join(texts).casefold()):
        swedish += word in _SWEDISH
        english += word in _ENGLISH
    return "en" if english > swedish else "sv"


def _texts(node: object) -> list[str]:
    found = []
    for name in ("heading", "text", "lead_in", "wrap_up"):
        value = getattr(node, name, None)
        if isinstance(value, str):
            found.append(value)
    return found


__all__ = ["LANGUAGE_KEYS", "policy_language"]
