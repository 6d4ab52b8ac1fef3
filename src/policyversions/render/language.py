"""Which of our languages a policy is written in, so that its redline and pages speak it.

:func:`policy_language` reads the policy's own word first: a ``lang``, ``language`` or ``språk``
field in its metadata (front matter ``lang: en``; ``sv``, ``sv-SE``, ``swe``, ``svenska``,
``en-GB``, ``eng``, ``English`` are all understood). Without one, it counts the language's
:attr:`~policyversions.render.words.Words.common_words` (``och``, ``att``, ``som``; ``the``,
``and``, ``of``) in the title and text; the language with more wins, and a tie (a text with
none of them) goes to the first of :data:`~policyversions.render.words.LANGUAGES`, Swedish.

>>> import policyversions as pv
>>> policy = pv.loads("Code of conduct\\n\\nWe pledge to act in ways that help the community.\\n",
...                   "text")
>>> policy_language(policy)
'en'
"""

from __future__ import annotations

import re

from ..model import Cell, Commitment, CommitmentList, Paragraph, Policy, Section, Table, walk_blocks
from .words import LANGUAGES, words_for

FIELDS = ("lang", "language", "språk", "sprak")
"""The metadata keys (``Metadata.extra``, compared in lower case) that name a policy's
language."""

_NAMES = {
    "swe": "sv",
    "svenska": "sv",
    "swedish": "sv",
    "eng": "en",
    "english": "en",
    "engelska": "en",
}
_WORD = re.compile(r"[^\W\d_]+")
_ENOUGH = 5000
"""Words read at most: a page of text tells the language as well as the whole policy."""


def policy_language(policy: Policy) -> str:
    """Return the language of *policy*, one of :data:`~policyversions.render.words.LANGUAGES`
    (see the module docstring: its metadata's ``lang``, else a count of common words)."""
    stated = stated_language(policy)
    if stated is not None:
        return stated
    return text_language(_texts(policy))


def stated_language(policy: Policy) -> str | None:
    """The language *policy*'s metadata names (``lang: en-GB`` gives ``en``), if it names one
    we write; else ``None``."""
    for key, value in policy.metadata.extra:
        if key.strip().lower() not in FIELDS:
            continue
        name = value.strip().lower()
        code = _NAMES.get(name) or re.split(r"[-_]", name, maxsplit=1)[0]
        code = _NAMES.get(code, code)
        if code in LANGUAGES:
            return code
    return None


def text_language(texts: list[str]) -> str:
    """The language whose common words occur most often in *texts* (up to some thousands of
    words); the first of :data:`~policyversions.render.words.LANGUAGES` on a tie."""
    counts = dict.fromkeys(LANGUAGES, 0)
    common = {lang: words_for(lang).common_words for lang in LANGUAGES}
    seen = 0
    for text in texts:
        for word in _WORD.findall(text.lower()):
            for lang in LANGUAGES:
                if word in common[lang]:
                    counts[lang] += 1
            seen += 1
        if seen >= _ENOUGH:
            break
    best = max(counts.values())
    return next(lang for lang in LANGUAGES if counts[lang] == best)


def _texts(policy: Policy) -> list[str]:
    texts = [policy.title]
    for node in walk_blocks(policy.body):
        if isinstance(node, Section):
            texts.append(node.heading or "")
        elif isinstance(node, CommitmentList):
            texts.extend((node.lead_in or "", node.wrap_up or ""))
        elif isinstance(node, Table):
            texts.append(node.caption or "")
        elif isinstance(node, Paragraph | Commitment | Cell):
            texts.append(node.text)
    return texts


__all__ = ["policy_language", "stated_language", "text_language"]
