"""What every page of the site shares, on top of :mod:`policyversions.render.htmlpage`: the
site's style, the navigation line, templates filled with links, decisions as cited on the site.

A site page is a render page (:func:`~policyversions.render.htmlpage.page`: lxml-built,
self-contained, inline style, A4 print CSS with a running header, ``Content-Security-Policy``
``default-src 'none'; style-src 'unsafe-inline'``) with the site's style added. A page with a
script (the index's sorting and filtering) carries it inline and its CSP allows exactly that
script, by its SHA-256 (``script-src 'sha256-...'``), and nothing else: no other script, no
request. Links between pages are relative (:func:`~policyversions.publish.paths.link`).
"""

from __future__ import annotations

import base64
import hashlib
import string
from collections.abc import Callable, Sequence

import attrs
from lxml import etree

from ..model import Decision
from ..render.htmlpage import (
    CSP,
    Line,
    Quoted,
    append_text,
    element,
    page,
    quoted,
    serialize,
)
from ..render.words import words_for
from . import paths

SITE_STYLE = """
body.wide { max-width: 64em; }
nav.site { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt;
  margin: 0 0 1.4em; }
nav.site ol { list-style: none; padding: 0; margin: 0; }
nav.site li { display: inline; margin: 0; }
nav.site li + li::before { content: "\\203a"; margin: 0 0.5em; }
nav.site p { margin: 0.4em 0 0; }
.banner { border: 1.5pt solid #111; padding: 0.45em 0.9em; margin: 0.8em 0 1.2em;
  break-inside: avoid; page-break-inside: avoid; }
.banner p { margin: 0.25em 0; }
.banner p.main { font-weight: bold; font-size: 12pt; }
.banner.repealed { border-width: 3pt; border-style: double; }
.banner.not_yet { border-style: dashed; }
.note { display: block; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 7.5pt; font-weight: normal; line-height: 1.3; color: #444; margin: 0 0 0.1em;
  letter-spacing: 0; text-transform: none; }
.note a { color: #444; white-space: nowrap; }
a.self { display: inline-block; width: 0; white-space: nowrap; position: relative; left: 0.3em;
  font-family: "DejaVu Sans", Arial, sans-serif; font-size: 0.8em; font-weight: normal;
  text-decoration: none; color: #555; opacity: 0; user-select: none; }
:hover > a.self, a.self:focus { opacity: 1; }
p.legend-note { font-size: 0.9em; font-style: italic; }
@media screen and (min-width: 75em) {
  .note { float: right; clear: right; width: 17em; margin: 0.15em -19.5em 0 1em; }
}
table.listing { width: 100%; font-size: 0.92em; }
table.listing td.number, table.listing th.number { text-align: right; }
table.listing .sub { display: block; font-size: 0.88em; }
table.listing ul.links { list-style: none; padding: 0; margin: 0; }
table.listing ul.links li { margin: 0; }
td.date { white-space: nowrap; }
ul.downloads { padding-left: 1.2em; }
section.changes table.counts { font-size: 0.92em; }
.controls { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt;
  display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; align-items: baseline; }
.controls input, .controls select { font: inherit; }
th button { font: inherit; font-weight: bold; border: 0; background: none; padding: 0;
  cursor: pointer; text-align: left; }
th[aria-sort="ascending"] button::after { content: " \\2191"; }
th[aria-sort="descending"] button::after { content: " \\2193"; }
@media print {
  nav.site, .note, .controls, .screen-only, a.self { display: none; }
  body.wide { max-width: none; }
  a[href] { text-decoration: none; }
}
"""

Part = str | Quoted | Callable[[etree._Element], object]
"""A part of a filled template: our words (``str``), policy text (:class:`Quoted`, written in a
``bdi``), or a function that appends elements (a link) to the parent."""


def script_hash(script: str) -> str:
    """The CSP source that allows exactly the inline *script*: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@attrs.define
class SitePage:
    """A page being built: its ``html`` root, its ``body`` and its script, if any."""

    root: etree._Element
    body: etree._Element
    script: str | None = None

    def to_bytes(self) -> bytes:
        """The page as UTF-8 HTML, its script (if any) last in the body."""
        if self.script is not None:
            element(self.body, "script", self.script)
        data = serialize(self.root).encode("utf-8")
        if self.script is not None:
            self.body.remove(self.body[-1])
        return data


def site_page(
    title: str | Line,
    lang: str,
    running: Sequence[Line] = (),
    *,
    script: str | None = None,
    wide: bool = False,
    feed: tuple[str, str] | None = None,
) -> SitePage:
    """A new page of the site (see the module docstring). *script*, when given, ends the body
    and the CSP allows it by hash; *wide* gives a table room; *feed* (its address and title)
    names the Atom feed of what the page shows, for feed readers to discover."""
    root, body = page(title, lang, running)
    head = root.find("head")
    assert head is not None
    if feed is not None:
        href, feed_title = feed
        element(
            head, "link", rel="alternate", type="application/atom+xml", href=href,
            title=feed_title,
        )
    style = head.find("style")
    assert style is not None
    style.text = (style.text or "") + SITE_STYLE
    if script is not None:
        meta = head.find("meta[@http-equiv='Content-Security-Policy']")
        assert meta is not None
        meta.set("content", f"{CSP}; script-src {script_hash(script)}")
    if wide:
        body.set("class", "wide")
    return SitePage(root, body, script)


def fill(parent: etree._Element, template: str, **parts: Part) -> etree._Element:
    """Append *template* to *parent*, each ``{field}`` replaced by its part (see :data:`Part`);
    return *parent*."""
    for text, field, _spec, _conversion in string.Formatter().parse(template):
        if text:
            append_text(parent, text)
        if field is None:
            continue
        part = parts[field]
        if isinstance(part, Quoted):
            quoted(parent, part.text)
        elif isinstance(part, str):
            append_text(parent, part)
        else:
            part(parent)
    return parent


def template_line(template: str, **parts: str | Quoted) -> Line:
    """*template* as a :data:`~policyversions.render.htmlpage.Line` (for a ``title`` or the
    running header): our words as text, policy text :class:`Quoted`."""
    line: list[str | Quoted] = []
    for text, field, _spec, _conversion in string.Formatter().parse(template):
        if text:
            line.append(text)
        if field is not None:
            line.append(parts[field])
    return tuple(line)


def anchor(href: str, text: str | Quoted, **attributes: str) -> Callable[[etree._Element], object]:
    """A :data:`Part`: a link to *href* reading *text*."""

    def write(parent: etree._Element) -> etree._Element:
        node = element(parent, "a", href=href, **attributes)
        if isinstance(text, Quoted):
            quoted(node, text.text)
        else:
            append_text(node, text)
        return node

    return write


def short_citation(decision: Decision) -> str:
    """*decision* as a banner cites it: organ, date, § and act number, without its action, case
    number and effective date (``KF 2024-03-18 § 45``, ``Regeringen 2025 (SFS 2025:488)``)."""
    return attrs.evolve(decision, action=None, case_number=None, effective=None).citation


def navigation(
    body: etree._Element, source: str, lang: str, crumbs: Sequence[tuple[str | Quoted, str | None]]
) -> etree._Element:
    """Append the navigation line of the page at *source*: the register first, then each of
    *crumbs* (text and target path; ``None``: this page, not a link)."""
    words = words_for(lang).publish
    nav = element(body, "nav", class_="site", aria_label=words["nav"])
    items = element(nav, "ol")
    steps: list[tuple[str | Quoted, str | None]] = [
        (words["nav_register"], paths.INDEX),
        *crumbs,
    ]
    for text, target in steps:
        item = element(items, "li")
        if target is None:
            item.set("aria-current", "page")
            fill(item, "{text}", text=text)
        else:
            anchor(paths.link(source, target), text)(item)
    return nav


def plural(lang: str, key: str, count: int, **fields: object) -> str:
    """The ``_one`` or ``_many`` template of *key* in the ``publish`` words, filled."""
    words = words_for(lang).publish
    return words[f"{key}_{'one' if count == 1 else 'many'}"].format(count=count, **fields)


__all__ = [
    "SITE_STYLE",
    "Part",
    "SitePage",
    "anchor",
    "fill",
    "navigation",
    "plural",
    "script_hash",
    "short_citation",
    "site_page",
    "template_line",
]
