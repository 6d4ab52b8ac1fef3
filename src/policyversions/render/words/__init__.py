"""Every word a person reads in our output, in each language we write: one file a language.

:func:`words_for` returns the :class:`Words` of a language (``"sv"`` or ``"en"``); each renderer
takes its labels from there and writes no word of its own. Every language holds the same keys in
every table (a test checks it), so adding a language is adding one file beside ``sv.py`` and
``en.py`` and naming it in :data:`LANGUAGES`. Templates use :meth:`str.format` fields
(``{count}``, ``{noun}``, ...); where a form depends on a count, the keys come in pairs ending
``_one`` and ``_many``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache

import attrs

LANGUAGES: tuple[str, ...] = ("sv", "en")
"""The languages we write, the first the default."""


@attrs.frozen
class Words:
    """The words of one language, by what they label."""

    page: Mapping[str, str]
    """Shared by every HTML page: screen-reader words, part headings, "no decision"."""
    metadata_fields: Mapping[str, str]
    """The label of each :class:`~policyversions.model.Metadata` field."""
    revision: Mapping[str, str]
    """One revision as a page."""
    redline: Mapping[str, str]
    """The redlines (HTML and terminal): headings, legend, places, tags."""
    change_kinds: Mapping[str, str]
    """The name of each change kind (and of a lead-in's or wrap-up's own change)."""
    nodes: Mapping[str, str]
    """The name of each kind of node."""
    summary: Mapping[str, str]
    """Sentences and sentence parts of the plain-language summary of a diff."""
    nouns: Mapping[str, tuple[str, str]]
    """Singular and plural of each kind of node, as the summary counts them."""
    verbs: Mapping[str, str]
    """What happened to a node, as the summary says it (``lagts till`` / ``added``)."""
    listings: Mapping[str, str]
    """The listings of the store (log, blame, history, policies) and what record prints:
    column headers, statuses, kinds of change, templates."""
    actions: Mapping[str, str]
    """What a decision did, by :class:`~policyversions.model.Action` value (``reviderad``):
    ``Reviderad`` / ``Revised``, as a decision is cited in this language."""
    docx: Mapping[str, str]
    """The Word documents: page header and footer, and the comments on changes."""
    publish: Mapping[str, str]
    """The published register (:mod:`policyversions.publish`): index, policy, revision and
    redline pages, banners, the index's sorting and filtering, feeds."""


def check_language(lang: str) -> str:
    """Return *lang* if we write it, else raise ``ValueError`` naming the languages we do."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use {' or '.join(map(repr, LANGUAGES))}")
    return lang


@cache
def words_for(lang: str) -> Words:
    """Return the :class:`Words` of *lang*; ``ValueError`` for a language we do not write."""
    module = importlib.import_module(f".{check_language(lang)}", __name__)
    result = module.WORDS
    assert isinstance(result, Words)
    return result


__all__ = ["LANGUAGES", "Words", "check_language", "words_for"]
