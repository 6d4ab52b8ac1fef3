"""A policy's language: from its metadata, else from its words; the default of every output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import policyversions as pv
from htmlcheck import check_page
from policyversions.model.language import stated_language, text_language
from policyversions_cli.main import main

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
COVENANT_EN = CORPUS / "contributor-covenant" / "en-1.4.md"
COVENANT_EN_NEW = CORPUS / "contributor-covenant" / "en-2.1.md"


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("soderhamn/ledar-och-medarbetarpolicy.txt", "sv"),
        ("sfs-2008-975/2025-07-01.md", "sv"),
        ("contributor-covenant/sv-1.4.md", "sv"),
        ("contributor-covenant/sv-2.1.md", "sv"),
        ("contributor-covenant/en-1.4.md", "en"),
        ("contributor-covenant/en-2.1.md", "en"),
    ],
)
def test_the_corpus_documents_are_told_apart_by_their_words(path: str, lang: str) -> None:
    assert pv.policy_language(pv.load(CORPUS / path)) == lang


@pytest.mark.parametrize(
    ("value", "lang"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("EN_us", "en"),
        ("eng", "en"),
        ("English", "en"),
        ("sv", "sv"),
        ("sv-SE", "sv"),
        ("swe", "sv"),
        ("svenska", "sv"),
    ],
)
def test_the_metadata_lang_wins_over_the_words(value: str, lang: str) -> None:
    text = "We shall act and we should help the community." if lang == "sv" else (
        "Nämnden ska och bör arbeta för att det blir bra."
    )
    policy = pv.loads(f"---\nlang: {value}\n---\n# Titel\n\n{text}\n", "markdown")
    assert stated_language(policy) == lang
    assert pv.policy_language(policy) == lang


def test_a_language_we_do_not_write_falls_back_to_the_words() -> None:
    policy = pv.loads("---\nspråk: de\n---\n# Policy\n\nThe board shall act.\n", "markdown")
    assert stated_language(policy) is None
    assert pv.policy_language(policy) == "en"


def test_a_text_without_common_words_is_swedish() -> None:
    assert text_language([]) == "sv"
    assert text_language(["1234", "X-Y", "Mål"]) == "sv"
    assert text_language(["the board and the council"]) == "en"
    assert text_language(["nämnden och styrelsen"]) == "sv"


def test_every_output_speaks_the_documents_language_by_default() -> None:
    old, new = pv.load(COVENANT_EN), pv.load(COVENANT_EN_NEW)
    changes = pv.diff(old, new)
    root = check_page(pv.render_redline(changes, old=old, new=new), "en")
    assert root.findtext(".//section[@class='summary']/h2") == "Summary"
    assert "Summary" in pv.render_text_redline(changes, old=old, new=new)
    assert check_page(pv.render_revision_html(new), "en") is not None
    # An explicit language wins.
    root = check_page(pv.render_redline(changes, old=old, new=new, lang="sv"), "sv")
    assert root.findtext(".//section[@class='summary']/h2") == "Sammanfattning"
    # Without the revisions, the text redline has only its default.
    assert "Sammanfattning" in pv.render_text_redline(changes)


def test_cli_lang_defaults_to_the_documents_language() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["diff", str(COVENANT_EN), str(COVENANT_EN_NEW)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2] == "Summary"
    result = runner.invoke(main, ["diff", str(COVENANT_EN), str(COVENANT_EN_NEW), "--lang", "sv"])
    assert "Sammanfattning" in result.output
    result = runner.invoke(main, ["show", str(COVENANT_EN), "--format", "html"])
    assert result.exit_code == 0, result.output
    check_page(result.output, "en")
    seed = CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt"
    result = runner.invoke(main, ["show", str(seed), "--format", "html"])
    check_page(result.output, "sv")
