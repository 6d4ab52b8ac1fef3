"""Real-browser tests of the HTML redline: headless Chromium prints it to A4 PDF, takes a
screenshot, dumps the DOM and records the network; poppler reads the PDFs back: the running
header and "Sida N av M" on every page, a first page filled by the summary, legend and the start
of the document, and a heading with a bidi control that leaves the labels beside it as written.

These tests fail (they never skip) when Chromium or poppler-utils is missing; CI installs
both (``.ci/run``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import chromium
import policyversions as pv
from htmlcheck import bidi_pair, parse, seed_edited

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
A4 = (595.0, 842.0)
ATTACKS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<script>document.documentElement.setAttribute('data-pwned', '1')</script>",
)


def _pair(old: str, new: str) -> tuple[pv.Policy, pv.Policy]:
    return pv.load(CORPUS / old), pv.load(CORPUS / new)


def _gray_pair() -> tuple[pv.Policy, pv.Policy]:
    """One word deleted, one inserted, one unchanged control word, each in its own paragraph."""
    texts = (
        "Kommunen ska alltid redovisa KONTROLLORD i tid.",
        "Nämnden ska alltid redovisa STRYKORD i tid.",
    )
    old = pv.Policy("Gråskala", pv.assign_positional_ids([pv.Paragraph(t) for t in texts]))
    new_texts = (texts[0], texts[1].replace("STRYKORD", "TILLORD"))
    new = pv.Policy("Gråskala", pv.assign_positional_ids([pv.Paragraph(t) for t in new_texts]))
    return old, new


def _attack_pair() -> tuple[pv.Policy, pv.Policy]:
    """A policy whose title, heading, lead-in and commitments carry markup."""
    heading = " ".join(ATTACKS)
    old_list = pv.CommitmentList([pv.Commitment(f"Du ska {heading}")])
    old = pv.Policy(heading, pv.assign_positional_ids([pv.Section(heading, [old_list])]))
    new_list = pv.CommitmentList([pv.Commitment(f"Du bör {heading}")], lead_in=heading)
    new = pv.Policy(heading, pv.assign_positional_ids([pv.Section(f"{heading} ny", [new_list])]))
    return old, new


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every Chromium job of this module, run in parallel (each is a fresh browser):

    ``pdf:<name>`` the redline printed to PDF, ``html:<name>`` the page, ``screenshot`` a PNG of
    the seed's redline, ``dom:redline`` / ``dom:revision`` the DOM of the pages with markup.
    """
    chromium.require()
    folder = tmp_path_factory.mktemp("browser")
    seed = pv.load(CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt")
    covenant = _pair("contributor-covenant/en-1.4.md", "contributor-covenant/en-2.1.md")
    pairs = {
        "sfs": (_pair("sfs-2008-975/2025-07-01.md", "sfs-2008-975/2025-10-01.md"), "sv", False),
        "covenant": (covenant, "en", False),
        "covenant-only": (covenant, "en", True),
        "seed": ((seed, seed_edited(seed)), "sv", False),
        "seed-only": ((seed, seed_edited(seed)), "sv", True),
        "gray": (_gray_pair(), "sv", False),
        "attack": (_attack_pair(), "sv", False),
        "bidi": (bidi_pair(), "sv", False),
    }
    result: dict[str, Any] = {}
    for name, ((old, new), lang, only) in pairs.items():
        page = folder / f"{name}.html"
        changes = pv.diff(old, new)
        page.write_text(
            pv.render_redline(changes, old=old, new=new, lang=lang, changes_only=only)
        )
        result[f"html:{name}"] = page
    revision = folder / "revision.html"
    revision.write_text(pv.render_revision_html(_attack_pair()[1]))
    jobs: dict[str, Callable[[], Any]] = {
        f"pdf:{name}": functools.partial(
            chromium.print_pdf, result[f"html:{name}"], folder / f"{name}.pdf"
        )
        for name in ("sfs", "covenant", "covenant-only", "seed", "seed-only", "gray", "bidi")
    }
    jobs["screenshot"] = functools.partial(
        chromium.screenshot, result["html:seed"], folder / "seed.png", 900, 1200
    )
    jobs["dom:redline"] = functools.partial(chromium.dump_dom, result["html:attack"])
    jobs["dom:revision"] = functools.partial(chromium.dump_dom, revision)
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = {key: pool.submit(job) for key, job in jobs.items()}
        result.update({key: future.result() for key, future in futures.items()})
    return result


@pytest.mark.parametrize("name", ["sfs", "covenant", "seed"])
def test_redline_prints_on_a4_and_converts_to_png(browser: dict[str, Any], name: str) -> None:
    pdf: Path = browser[f"pdf:{name}"]
    width, height = chromium.page_size(pdf)
    assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1
    pages = int(chromium.pdf_info(pdf)["Pages"])
    assert pages > 0
    pngs = chromium.pdf_pages(pdf, pdf.parent / f"{name}-page", dpi=40)
    assert len(pngs) == pages
    for png in pngs:
        png_width, png_height = chromium.png_size(png)
        assert abs(png_height / png_width - A4[1] / A4[0]) < 0.01


def test_printed_text_is_the_redline(browser: dict[str, Any]) -> None:
    words = [word for word, *_ in chromium.word_boxes(browser["pdf:seed"])]
    text = " ".join(words)
    assert "Ledar- och medarbetarpolicy" in text
    assert "Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 § 12" in text
    assert "Försvagade skyldigheter (1) ska → bör" in text


def test_screenshot_of_the_redline(browser: dict[str, Any]) -> None:
    assert chromium.png_size(browser["screenshot"]) == (900, 1200)


def _dark_rows(
    pixels: bytes, width: int, box: tuple[float, float, float, float], rows: tuple[float, float]
) -> list[float]:
    """For each pixel row between *rows* (fractions of the box height, from its top; may pass
    the box), the share of dark pixels across the box's width."""
    x0, y0, x1, y1 = (round(value) for value in box)
    height = y1 - y0
    shares = []
    for y in range(y0 + int(rows[0] * height), y0 + int(rows[1] * height) + 1):
        row = pixels[y * width + x0 : y * width + x1]
        shares.append(sum(1 for value in row if value < 140) / max(len(row), 1))
    return shares


def test_insertion_and_deletion_are_told_apart_in_grayscale(browser: dict[str, Any]) -> None:
    """A word deleted carries a line through its middle, a word inserted a line under it, and
    an unchanged word neither: read from the pixels of the printed page in grayscale."""
    pdf = browser["pdf:gray"]
    dpi = 150
    width, _height, pixels = chromium.pdf_gray(pdf, dpi)
    boxes = {
        word: tuple(value * dpi / 72 for value in box)
        for word, *box in chromium.word_boxes(pdf)
        if word in ("KONTROLLORD", "STRYKORD", "TILLORD")
    }
    assert set(boxes) == {"KONTROLLORD", "STRYKORD", "TILLORD"}

    def line_through(word: str) -> bool:
        return max(_dark_rows(pixels, width, boxes[word], (0.3, 0.75))) > 0.9  # type: ignore[arg-type]

    def line_under(word: str) -> bool:
        return max(_dark_rows(pixels, width, boxes[word], (0.8, 1.35))) > 0.9  # type: ignore[arg-type]

    assert line_through("STRYKORD") and not line_under("STRYKORD")
    assert line_under("TILLORD") and not line_through("TILLORD")
    assert not line_through("KONTROLLORD") and not line_under("KONTROLLORD")


def test_no_request_leaves_the_page(tmp_path: Path, browser: dict[str, Any]) -> None:
    """Only the page itself is requested. Controls: the same recorder sees an image request on
    a page without our policy, and sees none once our Content-Security-Policy is added."""
    bait = '<img src="http://127.0.0.1:9/bait.png" alt="">'
    open_page = tmp_path / "open.html"
    open_page.write_text(f"<!DOCTYPE html><html><body>{bait}</body></html>")
    csp = (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )
    closed_page = tmp_path / "closed.html"
    closed_page.write_text(f"<!DOCTYPE html><html><head>{csp}</head><body>{bait}</body></html>")
    redlines = [browser[f"html:{name}"] for name in ("seed", "covenant")]
    seed, covenant, opened, closed = chromium.page_requests([*redlines, open_page, closed_page])
    assert [(request.url, request.blocked) for request in seed] == [(redlines[0].as_uri(), None)]
    assert [request.url for request in covenant] == [redlines[1].as_uri()]
    assert ("http://127.0.0.1:9/bait.png", None) in [(r.url, r.blocked) for r in opened]
    sent = [request.url for request in closed if request.blocked is None]
    assert sent == [closed_page.as_uri()]
    assert [request.blocked for request in closed if request.url.startswith("http")] == ["csp"]


def test_markup_in_a_policy_is_shown_as_text_and_never_runs(browser: dict[str, Any]) -> None:
    for dom in (browser["dom:redline"], browser["dom:revision"]):
        root = parse(dom)
        assert not root.xpath("//script | //img"), "markup from the policy became elements"
        assert root.get("data-pwned") is None, "a script from the policy ran"
        text = root.text_content()
        for attack in ATTACKS:
            assert attack in text
        assert root.findtext(".//h1").startswith("<script>alert(1)</script>")


def _find_words(pdf: Path, words: tuple[str, ...]) -> tuple[int, tuple[float, float, float, float]]:
    """The page (from 1) and box in points of the first word of the first run of *words*."""
    for page in range(1, int(chromium.pdf_info(pdf)["Pages"]) + 1):
        boxes = chromium.word_boxes(pdf, page)
        for start in range(len(boxes) - len(words) + 1):
            if tuple(word for word, *_ in boxes[start : start + len(words)]) == words:
                _word, *box = boxes[start]
                return page, (box[0], box[1], box[2], box[3])
    raise AssertionError(f"{' '.join(words)!r} is not in {pdf}")


def _bar_columns(pdf: Path, words: tuple[str, ...], dpi: int = 100) -> tuple[float, list[float]]:
    """The left edge of the line that starts with *words*, and the x (points) of every pixel
    column left of it that is dark all along that line: a change bar."""
    page, (x0, y0, _x1, y1) = _find_words(pdf, words)
    width, _height, pixels = chromium.pdf_gray(pdf, dpi, page)
    scale = dpi / 72
    top, bottom = round(y0 * scale), round(y1 * scale)
    columns = []
    for x in range(round(x0 * scale)):
        dark = sum(1 for y in range(top, bottom + 1) if pixels[y * width + x] < 140)
        if dark / (bottom - top + 1) > 0.9:
            columns.append(x / scale)
    return x0, columns


def test_a_list_items_change_bar_is_in_the_margin_with_the_paragraphs(
    browser: dict[str, Any],
) -> None:
    """The bar of a changed list item sits left of its bullet, in the same column as the bar
    of a changed paragraph (not between the bullet and the text)."""
    pdf = browser["pdf:seed"]
    paragraph_x, paragraph_bar = _bar_columns(pdf, ("Ledare", "i", "kommunen", "ska"))
    item_x, item_bar = _bar_columns(pdf, ("ser", "att", "mångfald"))
    assert paragraph_bar and item_bar
    assert max(paragraph_bar) < paragraph_x
    assert max(item_bar) < item_x - 20  # left of the bullet, which sits left of the text
    assert abs(min(item_bar) - min(paragraph_bar)) <= 1.5


def test_printed_text_has_no_screen_reader_words(browser: dict[str, Any]) -> None:
    """Text copied from the printed PDF is the policy's own: the words announcing insertions
    and deletions to screen readers are left out of print."""
    for name in ("seed", "covenant"):
        pdf = browser[f"pdf:{name}"]
        pages = int(chromium.pdf_info(pdf)["Pages"])
        text = " ".join(
            word for page in range(1, pages + 1) for word, *_ in chromium.word_boxes(pdf, page)
        )
        assert "bör" in text or "Pledge" in text
        for words in ("infogat:", "borttaget:", "(slut", "inserted:", "deleted:", "(end"):
            assert words not in text, f"{words!r} printed in {name}"


def test_summary_and_legend_leave_room_on_the_first_page(browser: dict[str, Any]) -> None:
    """The summary and the compact legend (terms beside their explanations) take part of the
    first page only: the changed details of the document begin on it too."""
    pdf = browser["pdf:seed"]
    page, _box = _find_words(pdf, ("Teckenförklaring",))
    assert page == 1
    page, _box = _find_words(pdf, ("Ändrade", "uppgifter", "om", "dokumentet"))
    assert page == 1


def _page_words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    return chromium.word_boxes(pdf, page)


@pytest.mark.parametrize(
    ("name", "title", "decisions", "numbering"),
    [
        (
            "seed",
            "Ledar- och medarbetarpolicy för Söderhamns kommun",
            "Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 § 12",
            "Sida {page} av {pages}",
        ),
        (
            "seed-only",
            "Ledar- och medarbetarpolicy för Söderhamns kommun",
            "Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 § 12",
            "Sida {page} av {pages}",
        ),
        (
            "sfs",
            "Förordning om uppgiftsskyldighet i vissa fall på socialtjänstens område",
            "Antagen Regeringen 2008-11-20 (SFS 2008:975) → Antagen Regeringen 2008-11-20 (SFS "
            "2008:975)",
            "Sida {page} av {pages}",
        ),
        (
            "covenant",
            "Contributor Covenant Code of Conduct",
            "no decision → no decision",
            "Page {page} of {pages}",
        ),
    ],
)
def test_every_printed_page_has_the_running_header_and_its_number(
    browser: dict[str, Any], name: str, title: str, decisions: str, numbering: str
) -> None:
    """Read back from the PDF: at the top of every page (above the text area), the title and
    the two decisions compared, and "Sida N av M" with the right N and M."""
    pdf = browser[f"pdf:{name}"]
    pages = int(chromium.pdf_info(pdf)["Pages"])
    assert pages >= 2 or name == "seed-only"
    top_margin = 24 * 72 / 25.4  # the page's top margin, 24 mm, in points
    for page in range(1, pages + 1):
        words = _page_words(pdf, page)
        band = [word for word in words if word[4] <= top_margin]
        lines: dict[float, list[str]] = {}
        for word, _x0, y0, _x1, _y1 in sorted(band, key=lambda word: (word[2], word[1])):
            lines.setdefault(round(y0), []).append(word)
        text = [" ".join(line) for line in lines.values()]
        number = numbering.format(page=page, pages=pages)
        assert text[0] == title, (page, text)
        assert text[1] in (decisions, f"{decisions} {number}"), (page, text)
        assert number in " ".join(text), (page, text)
        below = [word for word in words if word[2] > top_margin]
        assert below, f"page {page} has nothing but its header"


@pytest.mark.parametrize("name", ["seed", "seed-only", "sfs", "covenant", "covenant-only"])
def test_the_first_page_is_not_left_half_empty(browser: dict[str, Any], name: str) -> None:
    """The summary and legend do not push the document to page 2: page 1 is filled down to
    its last fifth, and (whole document) the document itself begins on it."""
    pdf = browser[f"pdf:{name}"]
    assert int(chromium.pdf_info(pdf)["Pages"]) >= 2
    lowest = max(y1 for *_word, y1 in _page_words(pdf, 1))
    assert lowest > 0.8 * A4[1], f"page 1 of {name} ends at {lowest / A4[1]:.0%} of its height"
    heading = {
        "seed": ("Dokumentet", "med", "ändringarna", "markerade"),
        "seed-only": ("Ändringar", "i", "texten", "(3)"),
        "sfs": ("Dokumentet", "med", "ändringarna", "markerade"),
        "covenant": ("The", "document", "with", "changes", "marked"),
        "covenant-only": ("Changes", "to", "the", "text", "(25)"),
    }[name]
    page, _box = _find_words(pdf, heading)
    assert page == 1


def test_a_bidi_control_in_a_heading_does_not_reorder_the_labels_in_print(
    browser: dict[str, Any],
) -> None:
    """The heading "Ansvar <RLO>nämnden" prints its own word reversed (as its author asked),
    but the words after it read as written: ", punkt 2" and ": bör planera arbetet"."""
    pdf = browser["pdf:bidi"]
    text = _clean(" ".join(word for word, *_ in _page_words(pdf, 1)))
    assert "Ansvar nednmän" in text  # the override did act on the heading's own word
    assert "Flyttat · hit från Ansvar nednmän, punkt 2" in text
    assert "ska → bör i Ansvar nednmän: bör planera arbetet" in text
    assert "tknup" not in text and "arenalp" not in text


def _clean(text: str) -> str:
    """*text* without the bidirectional controls a PDF's text may carry along."""
    return "".join(char for char in text if char not in "\u202a\u202b\u202c\u202d\u202e"
                   "\u2066\u2067\u2068\u2069\u200e\u200f")
