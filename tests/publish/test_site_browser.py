"""The published site in headless Chromium: every page loads with no request leaving it and no
error, every link and anchor a page holds resolves (as the browser resolves them), the index's
script runs under the page's Content-Security-Policy and sorts and filters, and the pages print
on A4 with their running header.

These tests fail (they never skip) when Chromium or poppler-utils is missing; CI installs
both (``.ci/run``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

import chromium
from policyversions.publish import publish_site
from policyversions.publish.sitepage import site_page
from policyversions.render.htmlpage import element
from sitebuild import TODAY, build_register

A4 = (595.0, 842.0)
LEDARPOLICY = "policies/soderhamn/ledarpolicy"

LINKS = """JSON.parse(JSON.stringify({
  ids: Array.prototype.map.call(document.querySelectorAll("[id]"), function (e) { return e.id; }),
  links: Array.prototype.map.call(document.querySelectorAll("a[href], link[href]"),
                                  function (e) { return e.href; })
}))"""

INDEX = """(function () {
  var table = document.getElementById("register");
  var search = document.querySelector("#register-controls input[type=search]");
  var select = document.querySelector("#register-controls select");
  var count = document.querySelector("#register-controls output");
  function visible() {
    return Array.prototype.filter.call(table.tBodies[0].rows, function (row) {
      return !row.hidden;
    }).map(function (row) { return row.cells[0].querySelector("span").textContent; });
  }
  var result = {controls: !!search && !!select, total: table.tBodies[0].rows.length};
  result.options = Array.prototype.map.call(select.options, function (o) { return o.value; });
  search.value = "klimat";
  search.dispatchEvent(new Event("input"));
  result.searched = visible();
  result.count = count.textContent;
  search.value = "";
  search.dispatchEvent(new Event("input"));
  select.value = "repealed";
  select.dispatchEvent(new Event("change"));
  result.repealed = visible();
  select.value = "";
  select.dispatchEvent(new Event("change"));
  table.tHead.rows[0].cells[3].querySelector("button").click();
  result.by_date = visible();
  result.sort = table.tHead.rows[0].cells[3].getAttribute("aria-sort");
  table.tHead.rows[0].cells[3].querySelector("button").click();
  result.by_date_descending = visible();
  return result;
})()"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The register published and read in Chromium: ``site`` the folder, ``visits`` every
    HTML page's :class:`chromium.Visit` (ids and resolved links), ``index`` the index's script
    at work, and PDFs and screenshots, made in parallel (each is a fresh browser)."""
    chromium.require()
    folder = tmp_path_factory.mktemp("site-browser")
    build_register(folder / "repo")
    site = folder / "site"
    publish_site(folder / "repo", site, today=TODAY, docx=False)
    pages = sorted(site.rglob("*.html"))
    printed = {
        "index": site / "index.html",
        "policy": site / LEDARPOLICY / "index.html",
        "revision": site / LEDARPOLICY / "revision-2.html",
        "redline": site / LEDARPOLICY / "redline-1-2.html",
        "repealed": site / "policies/representation/index.html",
    }
    control = folder / "control.html"  # a page whose content runs into the right margin
    page = site_page("Kontroll", "sv")
    element(page.body, "p", "Ett_ord_som_inte_kan_brytas_" * 16)
    control.write_bytes(page.to_bytes())
    printed["control"] = control
    jobs: dict[str, Callable[[], Any]] = {
        "visits": functools.partial(chromium.visit_pages, pages, LINKS, 0.05),
        "index": functools.partial(chromium.visit_pages, [site / "index.html"], INDEX, 0.05),
    }
    for name, page in printed.items():
        jobs[f"pdf:{name}"] = functools.partial(chromium.print_pdf, page, folder / f"{name}.pdf")
    for name in ("index", "policy"):
        jobs[f"png:{name}"] = functools.partial(
            chromium.screenshot, printed[name], folder / f"{name}.png", 1280, 1600
        )
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(job) for key, job in jobs.items()}
        result: dict[str, Any] = {key: future.result() for key, future in futures.items()}
    result["site"] = site
    result["pages"] = pages
    return result


def _site_path(site: Path, url: str) -> tuple[str, str]:
    """The site path and anchor of a ``file://`` URL the browser resolved."""
    parts = urlsplit(url)
    assert parts.scheme == "file", f"a link out of the site: {url}"
    path = Path(unquote(parts.path))
    assert site.resolve() in path.parents, f"a link out of the site: {url}"
    return path.relative_to(site.resolve()).as_posix(), unquote(parts.fragment)


def test_no_page_makes_a_request_beyond_itself_or_logs_an_error(browser: dict[str, Any]) -> None:
    pages: list[Path] = browser["pages"]
    assert len(pages) == 28
    for page, visit in zip(pages, browser["visits"], strict=True):
        assert [(r.url, r.blocked) for r in visit.requests] == [(page.resolve().as_uri(), None)]
        assert visit.errors == [], page
    index = browser["index"][0]
    assert index.errors == [] and len(index.requests) == 1


def test_every_link_and_anchor_resolves_in_the_browser(browser: dict[str, Any]) -> None:
    site: Path = browser["site"]
    ids = {
        page.resolve().relative_to(site.resolve()).as_posix(): set(visit.value["ids"])
        for page, visit in zip(browser["pages"], browser["visits"], strict=True)
    }
    checked = 0
    for page, visit in zip(browser["pages"], browser["visits"], strict=True):
        for url in visit.value["links"]:
            path, anchor = _site_path(site, url)
            assert (site / path).is_file(), f"{page}: {url} leads to no file"
            if anchor:
                assert anchor in ids[path], f"{page}: no #{anchor} in {path}"
            checked += 1
    assert checked > 300


def test_the_index_sorts_and_filters_with_its_script(browser: dict[str, Any]) -> None:
    result = browser["index"][0].value
    assert result["controls"] and result["total"] == 5
    assert result["options"] == ["", "in_force", "not_yet", "repealed"]
    assert result["searched"] == ["klimat/anpassningsplan"]
    assert result["count"] == "Visar 1 av 5"
    assert result["repealed"] == ["representation"]
    assert result["sort"] == "ascending"
    assert result["by_date"] == [
        "contributor-covenant/en",
        "representation",
        "sfs/2008-975",
        "soderhamn/ledarpolicy",
        "klimat/anpassningsplan",
    ]
    assert result["by_date_descending"] == list(reversed(result["by_date"]))


@pytest.mark.parametrize("name", ["index", "policy", "revision", "redline", "repealed"])
def test_pages_print_on_a4_with_the_running_header(browser: dict[str, Any], name: str) -> None:
    pdf: Path = browser[f"pdf:{name}"]
    width, height = chromium.page_size(pdf)
    assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1
    pages = int(chromium.pdf_info(pdf)["Pages"])
    top = 24 * 72 / 25.4
    right = A4[0] - 16 * 72 / 25.4  # the page's right margin, 16 mm
    for page in range(1, pages + 1):
        assert not _ink_right_of(pdf, page, right + 2, top), f"{name}: page {page} overflows"
        assert _text_height(pdf, page) >= 10, f"{name}: page {page} is shrunk to fit"
        header = " ".join(
            word for word, _x0, _y0, _x1, y1 in chromium.word_boxes(pdf, page) if y1 <= top
        )
        assert f"Sida {page} av {pages}" in header, (name, page, header)


def _ink_right_of(pdf: Path, page: int, x: float, top: float, dpi: int = 50) -> int:
    """How many dark pixels *page* of *pdf* has right of *x* and below *top* (points): ink in
    the right margin, where nothing of the page's content should be."""
    width, height, pixels = chromium.pdf_gray(pdf, dpi, page)
    scale = dpi / 72
    left, first = round(x * scale), round(top * scale)
    return sum(
        1
        for row in range(first, height)
        for value in pixels[row * width + left : (row + 1) * width]
        if value < 160
    )


def _text_height(pdf: Path, page: int) -> float:
    """The median height (points) of the words on *page* of *pdf*: about 12 for text of
    10.5 pt, less when the browser shrank a page too wide for A4 to fit it."""
    heights = sorted(y1 - y0 for _word, _x0, y0, _x1, y1 in chromium.word_boxes(pdf, page))
    return heights[len(heights) // 2]


def test_the_overflow_check_finds_a_page_too_wide(browser: dict[str, Any]) -> None:
    """The control of the A4 test: a word too long for the page makes the browser shrink the
    page to fit it."""
    assert _text_height(browser["pdf:control"], 1) < 10
    assert _text_height(browser["pdf:policy"], 1) >= 10


def test_the_printed_policy_page_is_the_banner_and_the_text(browser: dict[str, Any]) -> None:
    """Navigation, margin notes and links to each node are for the screen; print shows the
    banner and the text in force."""
    pdf: Path = browser["pdf:policy"]
    pages = int(chromium.pdf_info(pdf)["Pages"])
    words = " ".join(
        word for page in range(1, pages + 1) for word, *_ in chromium.word_boxes(pdf, page)
    )
    assert "Gäller från 2019-04-01 enligt KF 2019-02-25 § 12" in words
    assert "Ny lydelse gäller från 2026-07-01 enligt KF 2026-02-16 § 20" in words
    assert "Ledare i kommunen bör bygga sitt ledarskap" in words
    assert "Versioner och beslut" in words
    for screen_only in ("Alla styrdokument", "ändrat genom", "¶", "I marginalen"):
        assert screen_only not in words, screen_only
    repealed = browser["pdf:repealed"]
    first = " ".join(word for word, *_ in chromium.word_boxes(repealed, 1))
    assert "Upphävd genom KF 2021-11-29 § 201 från 2022-01-01" in first


def test_screenshots_at_screen_size(browser: dict[str, Any]) -> None:
    for name in ("index", "policy"):
        assert chromium.png_size(browser[f"png:{name}"]) == (1280, 1600)
