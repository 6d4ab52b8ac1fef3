"""The language a policy is written in, so that what is printed about it speaks it.

:func:`policy_language` gives ``"sv"`` or ``"en"`` (the languages our output is written in).
The policy's own word comes first (:func:`stated_language`): a ``lang``, ``language``,
``språk`` or ``sprak`` key in its metadata's ``extra`` (front matter ``lang: en``) that names
one of them (``sv``, ``sv-SE``, ``swe``, ``svenska``, ``Swedish``, ``en``, ``en-GB``, ``eng``,
``English``, ...). Without one, the common short words of each language are counted in the
title and the first few thousand words of the text (:func:`text_language`: ``och``, ``att``,
``ska`` against ``the``, ``and``, ``shall``); Swedish wins a tie, since the documents this
library is made for are Swedish. The word lists are for telling the languages apart, not
output: the words a renderer prints are in :mod:`policyversions.render.words`.

>>> from policyversions.model import Paragraph, Policy, assign_positional_ids
>>> body = assign_positional_ids([Paragraph("We pledge to act in ways that help the community.")])
>>> policy_language(Policy("Code of conduct", body))
'en'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from .policy import Cell, Commitment, CommitmentList, Paragraph, Policy, Section, Table, walk_blocks

LANGUAGES: Final = ("sv", "en")
"""The languages a policy can be told to be in, the first the default."""

LANGUAGE_KEYS: Final = ("language", "lang", "språk", "sprak")
"""The metadata keys (``Metadata.extra``, compared in lower case) that name a language."""

_NAMES: Final = {
    "swe": "sv",
    "svenska": "sv",
    "swedish": "sv",
    "eng": "en",
    "english": "en",
    "engelska": "en",
}
COMMON_WORDS: Final = {
    "sv": frozenset(
        {
            *("och", "att", "som", "för", "på", "är", "med", "av", "till", "det", "den", "de"),
            *("inte", "har", "ska", "skall", "bör", "får", "kan", "om", "eller", "vid", "samt"),
            *("från", "alla", "denna", "detta", "enligt", "vara", "sin", "sina", "vi", "du"),
            *("ett", "också", "när"),
        }
    ),
    "en": frozenset(
        {
            *("the", "and", "of", "to", "is", "that", "for", "with", "be", "are", "as", "by"),
            *("this", "it", "not", "shall", "should", "may", "must", "will", "we", "you", "our"),
            *("an", "or", "which", "from", "on", "at", "these", "all", "any", "have", "has"),
        }
    ),
}
"""Short words frequent in each language and rare in the other (lower case)."""
_WORD: Final = re.compile(r"[^\W\d_]+")
_ENOUGH: Final = 5000


def policy_language(policy: Policy) -> str:
    """``"sv"`` or ``"en"``: the language *policy* is written in (module docstring)."""
    stated = stated_language(policy)
    return stated if stated is not None else text_language(_texts(policy))


def stated_language(policy: Policy) -> str | None:
    """The language *policy*'s metadata names (``lang: en-GB`` gives ``en``), if it names one of
    :data:`LANGUAGES`; else ``None``."""
    for key, value in policy.metadata.extra:
        if key.strip().casefold() not in LANGUAGE_KEYS:
            continue
        name = value.strip().casefold()
        code = _NAMES.get(name) or re.split(r"[-_]", name, maxsplit=1)[0]
        code = _NAMES.get(code, code)
        if code in LANGUAGES:
            return code
    return None


def text_language(texts: Iterable[str]) -> str:
    """The language whose :data:`COMMON_WORDS` occur most often in *texts* (up to some
    thousands of words); the first of :data:`LANGUAGES` on a tie."""
    counts = dict.fromkeys(LANGUAGES, 0)
    seen = 0
    for text in texts:
        for word in _WORD.findall(text.casefold()):
            for lang in LANGUAGES:
                counts[lang] += word in COMMON_WORDS[lang]
            seen += 1
        if seen >= _ENOUGH:
            break
    best = max(counts.values())
    return next(lang for lang in LANGUAGES if counts[lang] == best)


def _texts(policy: Policy) -> Iterable[str]:
    yield policy.title
    for node in walk_blocks(policy.body):
        if isinstance(node, Section):
            yield node.heading or ""
        elif isinstance(node, CommitmentList):
            yield node.lead_in or ""
            yield node.wrap_up or ""
        elif isinstance(node, Table):
            yield node.caption or ""
        elif isinstance(node, Paragraph | Commitment | Cell):
            yield node.text


__all__ = [
    "COMMON_WORDS",
    "LANGUAGES",
    "LANGUAGE_KEYS",
    "policy_language",
    "stated_language",
    "text_language",
]
