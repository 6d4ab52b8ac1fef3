"""Reading a published site in tests: its files, its pages, the links between them, its words.

Shared by the site tests and the browser tests of the site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urldefrag

import attrs
from lxml import etree

import policyversions as pv
from htmlcheck import WORD, by_id, parse, policy_words
from policyversions.render.words import Words, words_for

MANIFEST = ".policyversions-site.json"
LOCK = ".policyversions-site.lock"
CSP = "default-src 'none'; style-src 'unsafe-inline'"
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
ID = re.compile(r"\b\w*_\w*\b")
SHOWN_ATTRIBUTES = frozenset(
    {
        "title",
        "aria-label",
        "alt",
        "data-filter",
        "data-all",
        "data-status-filter",
        "data-shown",
        "data-status-text",
    }
)
"""Attributes whose values a person meets (the data- ones: the words the index's script
shows)."""


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of the site by its path (``/``-separated), the manifest and lock aside."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name not in (MANIFEST, LOCK)
    }


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time (ns) of every file of the site, the manifest included."""
    return {
        path.relative_to(site).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in site.rglob("*")
        if path.is_file() and path.name != LOCK
    }


def pages(site: Path) -> dict[str, etree._Element]:
    """Every HTML page of the site, parsed, by its path."""
    return {
        path: parse(data.decode("utf-8"))
        for path, data in site_files(site).items()
        if path.endswith(".html")
    }


def check_site_page(path: str, root: etree._Element, lang: str) -> None:
    """The rules every page of the site follows: its language, a strict CSP that allows no
    script but the one inline script the page holds (by its hash), nothing external, no
    active content but that script, unique ids."""
    assert root.get("lang") == lang, path
    csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    scripts = root.xpath("//script")
    if scripts:
        assert len(scripts) == 1 and not scripts[0].get("src"), path
        code = scripts[0].text or ""
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        assert csp == [f"{CSP}; script-src 'sha256-{digest}'"], path
    else:
        assert csp == [CSP], path
    for tag in ("img", "iframe", "object", "embed", "form", "base", "svg", "video", "audio"):
        assert not root.xpath(f"//{tag}"), f"<{tag}> in {path}"
    for link in root.xpath("//link"):
        assert link.get("rel") == "alternate" and not EXTERNAL.match(link.get("href", "")), path
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name} in {path}"
            if name in ("src", "href", "action", "srcset", "poster", "data"):
                assert not EXTERNAL.match(value), f"external {name}={value!r} in {path}"
    for style in root.xpath("//style/text()") + root.xpath("//@style"):
        assert "url(" not in style and "@import" not in style, path
    by_id(root)  # fails on a duplicate id


@attrs.frozen
class Link:
    """A link on a page: the page, the site path it leads to, and its anchor (or ``""``)."""

    page: str
    target: str
    anchor: str


def links(path: str, root: etree._Element) -> list[Link]:
    """Every link (``a`` and ``link`` elements) of the page at *path*, resolved to site paths."""
    found = []
    base = Path(path).parent
    for href in root.xpath("//a/@href | //link/@href"):
        url, anchor = urldefrag(href)
        target = path if not url else (base / unquote(url)).as_posix()
        parts: list[str] = []
        for part in target.split("/"):
            if part == "..":
                assert parts, f"{href!r} on {path} leaves the site"
                parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        found.append(Link(path, "/".join(parts), anchor))
    return found


def dangling(site: Path) -> list[str]:
    """Every link of every page of *site* that leads to no file, or to no element of its
    page with that id."""
    files = site_files(site)
    parsed = pages(site)
    ids = {path: set(by_id(root)) for path, root in parsed.items()}
    problems = []
    for path, root in parsed.items():
        for link in links(path, root):
            if link.target not in files:
                problems.append(f"{path}: no file {link.target}")
            elif link.anchor and link.anchor not in ids.get(link.target, set()):
                problems.append(f"{path}: no #{link.anchor} in {link.target}")
    return problems


def vocabulary(lang: str) -> set[str]:
    """Every word (lower case) of every table of the words of *lang*."""
    words = words_for(lang)
    found: set[str] = set()
    for field in attrs.fields(Words):
        table = getattr(words, field.name)
        for value in table.values():
            texts = value if isinstance(value, tuple) else (value,)
            for text in texts:
                found.update(word.lower() for word in WORD.findall(text))
    return found


def page_words(root: etree._Element) -> list[str]:
    """Every word a person can meet on a page: its text, ``title``, ``aria-label`` and the
    words the index's script shows (``data-`` attributes of the table), the running header;
    node ids and policy ids (words joined by ``_``, ``-`` or ``/``) aside."""
    texts: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in ("style", "script"):
            texts.append(element.text or "")
        texts.append(element.tail or "")
        for name, value in element.attrib.items():
            if name in SHOWN_ATTRIBUTES:
                texts.append(value)
    style = root.findtext(".//style") or ""
    for content in re.findall(r'content: ("[^"]*"(?: [^;]*)?);', style):
        content = re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m[1], 16)), content)
        texts.append(re.sub(r"\w+…", "…", content))
    words = []
    for text in texts:
        text = re.sub(r"[\w-]+(?:/[\w-]+)+", " ", ID.sub(" ", text))  # ids, policy ids
        words.extend(WORD.findall(text))
    return words


def foreign(root: etree._Element, lang: str, policies: Iterable[pv.Policy]) -> set[str]:
    """The words of a page that are neither its policies' own nor words of *lang*."""
    own = policy_words(policies) | vocabulary(lang) | {"counter", "page", "pages"}
    return {word for word in page_words(root) if word.lower() not in own}


__all__ = [
    "CSP",
    "LOCK",
    "MANIFEST",
    "Link",
    "check_site_page",
    "dangling",
    "foreign",
    "links",
    "page_words",
    "pages",
    "policy_words",
    "site_files",
    "stamps",
    "vocabulary",
]
