"""Real revision pairs from the corpus, diffed and compared with reviewed golden redlines.

Each golden file under ``tests/compare/golden/`` was read as a clerk would read it before it was
accepted. When the engine changes on purpose, regenerate with ``UPDATE_GOLDEN=1 pytest
tests/compare/test_golden_diffs.py`` and review the change with ``git diff tests/compare/golden``
before committing it.
"""

from __future__ import annotations

import datetime
import os

import pytest

import policyversions as pv
from conftest import CORPUS, ROOT

GOLDEN = ROOT / "tests" / "compare" / "golden"

PAIRS = [
    ("contributor-covenant/sv-1.4.md", "contributor-covenant/sv-2.1.md", "sv"),
    ("contributor-covenant/en-1.4.md", "contributor-covenant/en-2.0.md", "en"),
    ("contributor-covenant/en-2.0.md", "contributor-covenant/en-2.1.md", "en"),
    ("sfs-2008-975/2008-11-20.md", "sfs-2008-975/2025-07-01.md", "sv"),
    ("sfs-2008-975/2025-07-01.md", "sfs-2008-975/2025-10-01.md", "sv"),
]


def _name(old: str, new: str) -> str:
    folder, old_name = old.split("/")
    return f"{folder}_{old_name.rsplit('.', 1)[0]}_to_{new.split('/')[1].rsplit('.', 1)[0]}.txt"


@pytest.mark.parametrize(("old", "new", "lang"), PAIRS, ids=[_name(o, n) for o, n, _ in PAIRS])
def test_real_revision_diff_matches_reviewed_golden(old: str, new: str, lang: str) -> None:
    before, after = pv.load(CORPUS / old), pv.load(CORPUS / new)
    changes = pv.diff(before, after)
    rendered = pv.render_text_redline(changes, old=before, new=after, lang=lang)
    golden = GOLDEN / _name(old, new)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run with UPDATE_GOLDEN=1 and review it"
    assert rendered == golden.read_text(encoding="utf-8")
    # Whatever the wording of the report, the diff must rebuild both revisions exactly.
    assert pv.apply(before, changes) == after
    assert pv.apply(after, changes.inverted()) == before


def test_sfs_2025_10_adds_back_4_section_as_one_change() -> None:
    before = pv.load(CORPUS / "sfs-2008-975/2025-07-01.md")
    after = pv.load(CORPUS / "sfs-2008-975/2025-10-01.md")
    changes = pv.diff(before, after).changes
    assert [change.kind for change in changes] == ["added"]
    (added,) = changes
    assert added.node == "section"
    (section,) = added.new_content
    assert isinstance(section, pv.Section) and (section.number, section.heading) == ("4 §", None)
    lists = [child for child in section.children if isinstance(child, pv.CommitmentList)]
    assert len(lists) == 1
    assert len(lists[0].items) == 7


def test_en_2_0_to_2_1_is_two_rewordings_of_paragraphs() -> None:
    before = pv.load(CORPUS / "contributor-covenant/en-2.0.md")
    after = pv.load(CORPUS / "contributor-covenant/en-2.1.md")
    changes = [c for c in pv.diff(before, after).changes if c.node != "policy"]
    assert [(c.kind, c.node) for c in changes] == [("reworded", "paragraph")] * 2
    inserted = "".join(text for c in changes for op, text in c.ops if op == "insert")
    assert "caste, color," in inserted


def test_metadata_lines_use_the_same_labels_as_the_html_pages() -> None:
    """A changed metadata field is named by its label in the chosen language, the same label
    the HTML redline's table of fields uses (one shared list of fields)."""
    body = pv.assign_positional_ids([pv.Paragraph("Text.")])
    old = pv.Policy("P", body, pv.Metadata(owner="HR", extra=(("note", "a"),)))
    new = pv.Policy("P", body, pv.Metadata(owner="IT", review_by=datetime.date(2026, 1, 1)))
    changes = pv.diff(old, new)
    swedish = pv.render_text_redline(changes, lang="sv")
    assert "    Dokumentansvarig: [-HR-] {+IT+}\n" in swedish
    assert "    Ska revideras senast:  {+2026-01-01+}\n" in swedish
    assert "    note: [-a-]\n" in swedish
    english = pv.render_text_redline(changes, lang="en")
    assert "    Owner: [-HR-] {+IT+}\n" in english
    assert "    Review by:  {+2026-01-01+}\n" in english
    page = pv.render_redline(changes, old=old, new=new, lang="en")
    for label in ("Owner", "Review by", "note"):
        assert f'<th scope="row">{label}</th>' in page
