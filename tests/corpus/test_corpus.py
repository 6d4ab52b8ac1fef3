"""The corpus: every source imports, and the XML beside it is what the importers make today."""

from __future__ import annotations

from pathlib import Path

import pytest

import policyversions as pv
from conftest import CORPUS, ROOT

SOURCES = sorted(
    path
    for path in CORPUS.glob("*/*")
    if path.suffix in {".txt", ".md"} and path.name != "README.md"
)
SHARED = ROOT.parent / "shared"


def test_corpus_holds_every_document() -> None:
    names = {path.relative_to(CORPUS).as_posix() for path in SOURCES}
    assert "soderhamn/ledar-och-medarbetarpolicy.txt" in names
    assert {
        f"contributor-covenant/{v}.md" for v in ("sv-1.4", "sv-2.1", "en-1.4", "en-2.0", "en-2.1")
    } <= names
    assert {f"sfs-2008-975/{d}.md" for d in ("2008-11-20", "2025-07-01", "2025-10-01")} <= names
    assert "sfs-2011-319/2025-07-01.md" in names
    assert {
        f"github-subprocessors/{d}.md" for d in ("2024-06-03", "2025-05-28", "2026-03-11")
    } <= names


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.relative_to(CORPUS).as_posix())
def test_corpus_xml_is_up_to_date(source: Path) -> None:
    stored = source.with_suffix(".xml")
    assert stored.exists(), f"{stored} is missing: run corpus/rebuild.sh"
    fresh = pv.to_xml(pv.load(source))
    assert stored.read_bytes() == fresh, f"{stored} is out of date: run corpus/rebuild.sh"
    assert pv.load(stored) == pv.load(source)


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside this checkout")
@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.relative_to(CORPUS).as_posix())
def test_corpus_sources_are_unchanged_copies(source: Path) -> None:
    relative = source.relative_to(CORPUS).as_posix()
    original = (
        SHARED / "seeds" / "000_2ae883d0ebc59b23.txt"
        if relative.startswith("soderhamn/")
        else SHARED / "corpus-sources" / relative
    )
    assert source.read_bytes() == original.read_bytes()
