"""Every word of our output comes from the words module, in the language asked for.

Both languages hold the same keys (and the same template fields) in every table, and a redline
or page in one language holds no word of the other: whatever is printed, screen-reader text,
the ``title`` and the running header included, is either the policy's own text or a word of
that language's :class:`~policyversions.render.words.Words`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import policyversions as pv
from edit_strategies import revisions
from htmlcheck import WORD, parse, policy_words, seed_edited
from policyversions.model import Action
from policyversions.model.language import COMMON_WORDS
from policyversions.render.words import LANGUAGES, Words, words_for

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ID = re.compile(r"\b\w*_\w*\b")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")


def _tables(words: Words) -> dict[str, object]:
    return {field.name: getattr(words, field.name) for field in attrs.fields(Words)}


def test_every_language_has_the_same_keys_and_template_fields() -> None:
    first = _tables(words_for(LANGUAGES[0]))
    for lang in LANGUAGES[1:]:
        other = _tables(words_for(lang))
        for name, table in first.items():
            if isinstance(table, frozenset):
                assert other[name], f"{lang}: {name} is empty"
                continue
            assert isinstance(table, dict)
            assert set(table) == set(other[name]), f"{lang}: keys of {name} differ"  # type: ignore[arg-type]
            for key, value in table.items():
                theirs = other[name][key]  # type: ignore[index]
                if isinstance(value, str):
                    assert _fields(value) == _fields(theirs), f"{lang}: fields of {name}[{key!r}]"


def test_every_action_has_a_word_and_the_common_words_tell_the_languages_apart() -> None:
    for lang in LANGUAGES:
        words = words_for(lang)
        assert set(words.actions) == {action.value for action in Action}
        for other in LANGUAGES:
            if other != lang:
                assert not COMMON_WORDS[lang] & COMMON_WORDS[other]


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _vocabulary(lang: str) -> set[str]:
    """Every word (lower case) of the tables of *lang*."""
    words = words_for(lang)
    found: set[str] = set()
    for table in (
        words.page,
        words.metadata_fields,
        words.revision,
        words.redline,
        words.change_kinds,
        words.nodes,
        words.summary,
        words.verbs,
        words.actions,
    ):
        for value in table.values():
            found.update(word.lower() for word in WORD.findall(value))
    for pair in words.nouns.values():
        found.update(word.lower() for text in pair for word in WORD.findall(text))
    return found


def _html_words(page: str) -> list[str]:
    """Every word of the page a person can meet: printed text, screen-reader text, the
    ``title`` and the running header (the ``content`` of the ``@page`` margin boxes)."""
    root = parse(page)
    texts: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag != "style":
            texts.append(element.text or "")
        texts.append(element.tail or "")
        for name in ("title", "aria-label", "alt"):
            texts.append(element.get(name) or "")
    style = root.findtext(".//style") or ""
    for content in re.findall(r'content: ("[^"]*"(?: [^;]*)?);', style):
        content = CSS_ESCAPE.sub(lambda match: chr(int(match[1], 16)), content)
        texts.append(re.sub(r"\w+…", "…", content))  # a title shortened in the header
    return [word for text in texts for word in WORD.findall(ID.sub(" ", text))]


def _text_words(text: str) -> list[str]:
    return WORD.findall(ID.sub(" ", text))


def _foreign(words: Iterable[str], lang: str, policies: tuple[pv.Policy, ...]) -> set[str]:
    """The words that are neither the policies' own nor words of *lang*."""
    own = policy_words(policies) | _vocabulary(lang) | {"counter", "page", "pages"}
    return {word for word in words if word.lower() not in own}


def _pairs() -> dict[str, tuple[pv.Policy, pv.Policy]]:
    seed = pv.load(CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt")
    return {
        "seed": (seed, seed_edited(seed)),
        "sfs": (
            pv.load(CORPUS / "sfs-2008-975" / "2008-11-20.md"),
            pv.load(CORPUS / "sfs-2008-975" / "2025-07-01.md"),
        ),
        "covenant-sv": (
            pv.load(CORPUS / "contributor-covenant" / "sv-1.4.md"),
            pv.load(CORPUS / "contributor-covenant" / "sv-2.1.md"),
        ),
        "covenant-en": (
            pv.load(CORPUS / "contributor-covenant" / "en-1.4.md"),
            pv.load(CORPUS / "contributor-covenant" / "en-2.1.md"),
        ),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["seed", "sfs", "covenant-sv", "covenant-en"])
def test_real_redlines_speak_one_language(name: str, lang: str) -> None:
    old, new = _pairs()[name]
    changes = pv.diff(old, new)
    for changes_only in (False, True):
        page = pv.render_redline(changes, old=old, new=new, lang=lang, changes_only=changes_only)
        assert not _foreign(_html_words(page), lang, (old, new)), (name, changes_only)
    text = pv.render_text_redline(changes, old=old, new=new, lang=lang)
    assert not _foreign(_text_words(text), lang, (old, new))
    for policy in (old, new):
        page = pv.render_revision_html(policy, lang=lang)
        assert not _foreign(_html_words(page), lang, (policy,))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revisions())
def test_any_redline_speaks_one_language(pair: tuple[pv.Policy, pv.Policy]) -> None:
    old, new = pair
    changes = pv.diff(old, new)
    for lang in LANGUAGES:
        for changes_only in (False, True):
            page = pv.render_redline(
                changes, old=old, new=new, lang=lang, changes_only=changes_only
            )
            assert not _foreign(_html_words(page), lang, (old, new))
        text = pv.render_text_redline(changes, old=old, new=new, lang=lang)
        assert not _foreign(_text_words(text), lang, (old, new))


def test_the_check_finds_a_foreign_word() -> None:
    """The control: an English label in a Swedish page is found."""
    old, new = _pairs()["seed"]
    page = pv.render_redline(pv.diff(old, new), old=old, new=new, lang="sv")
    assert _foreign(_html_words(page.replace("Sammanfattning", "Summary")), "sv", (old, new)) == {
        "Summary"
    }
    english = pv.render_redline(pv.diff(old, new), old=old, new=new, lang="en")
    assert "Revised" in _html_words(english)  # the decisions are cited in English
    assert "Reviderad" not in _html_words(english)
