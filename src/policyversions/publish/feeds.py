"""Atom feeds (RFC 4287) of the register and of each policy, and the sitemap.

Each revision is an entry: ``id`` ``urn:policyversions:<policy id>:<number>:<SHA-256 of its
file>`` (permanent wherever the site is served, and never the same for two revisions),
``updated`` the date of its decision (dates come from decisions, never from the build), a
``title`` (the policy's title and the decision), a ``summary`` (the decision with the date it
takes effect, and what it changed), the deciding body as ``author`` and a ``link`` to the
revision's page. The register's feed holds every revision of every policy, a policy's feed its
own; newest decision first. A feed's ``id`` is its absolute URL when the site has a base URL,
else ``urn:policyversions:register`` or ``urn:policyversions:<policy id>``; links are absolute
with a base URL (and the feed names itself, ``rel="self"``), else relative to the feed.

The sitemap (sitemaps.org) lists every page of the site; the protocol wants absolute URLs, so
it is only written for a site with a base URL.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from lxml import etree

from ..render.htmlpage import decision_text
from ..render.words import words_for
from ..store.revision import Revision
from . import paths
from .policypage import changes_text
from .state import PolicyState

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "policyversions"


def _atom(
    parent: etree._Element | None, name: str, text: str | None = None, **attrib: str
) -> etree._Element:
    tag = f"{{{ATOM}}}{name}"
    node = (
        etree.Element(tag, attrib, nsmap={None: ATOM})  # type: ignore[dict-item]
        if parent is None
        else etree.SubElement(parent, tag, attrib)
    )
    if text is not None:
        node.text = text
    return node


def _timestamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def entry_id(revision: Revision) -> str:
    """The permanent id of *revision*'s entry (module docstring)."""
    return f"urn:policyversions:{revision.policy_id}:{revision.number}:{revision.sha256}"


def _href(base_url: str | None, feed: str, target: str) -> str:
    return paths.absolute(base_url, target) if base_url else paths.link(feed, target)


def _entries(states: Iterable[PolicyState]) -> list[tuple[PolicyState, Revision]]:
    found = [(state, revision) for state in states for revision in state.revisions]
    found.sort(
        key=lambda pair: (
            pair[1].decided,
            pair[1].in_force_from,
            pair[1].policy_id,
            pair[1].number,
        ),
        reverse=True,
    )
    return found


def render_feed(
    states: Sequence[PolicyState], lang: str, base_url: str | None, *, policy: str | None = None
) -> bytes:
    """The Atom feed of every revision of *states* (the register's), or with *policy*, of that
    policy alone (one state); UTF-8 XML."""
    words = words_for(lang).publish
    if policy is None:
        feed_path = paths.FEED
        title = words["register_feed_title"]
        page = paths.INDEX
        feed_id = "urn:policyversions:register"
    else:
        feed_path = paths.policy_feed(policy)
        title = words["policy_feed_title"].format(title=states[0].title)
        page = paths.policy_page(policy)
        feed_id = f"urn:policyversions:{policy}"
    if base_url:
        feed_id = paths.absolute(base_url, feed_path)
    entries = _entries(states)
    root = _atom(None, "feed")
    root.set(XML_LANG, lang)
    _atom(root, "id", feed_id)
    _atom(root, "title", title)
    newest = max((revision.decided for _, revision in entries), default=datetime.date(1970, 1, 1))
    _atom(root, "updated", _timestamp(newest))
    _atom(root, "generator", GENERATOR)
    _atom(root, "link", rel="alternate", type="text/html", href=_href(base_url, feed_path, page))
    if base_url:
        _atom(
            root,
            "link",
            rel="self",
            type="application/atom+xml",
            href=paths.absolute(base_url, feed_path),
        )
    if not entries:
        _atom(_atom(root, "author"), "name", GENERATOR)
    for state, revision in entries:
        entry = _atom(root, "entry")
        _atom(entry, "id", entry_id(revision))
        citation = decision_text(revision.decision, lang, effective=False)
        _atom(
            entry,
            "title",
            words["feed_entry_title"].format(title=revision.title, decision=citation),
        )
        _atom(entry, "updated", _timestamp(revision.decided))
        organ = revision.decision.organ
        _atom(_atom(entry, "author"), "name", organ.name or str(organ))
        target = paths.revision_page(state.policy_id, revision.number)
        _atom(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=_href(base_url, feed_path, target),
        )
        summary = decision_text(revision.decision, lang)
        if not revision.repeals:
            summary = f"{summary}. {changes_text(revision, lang)}"
        _atom(entry, "summary", summary)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render_sitemap(pages: Iterable[str], base_url: str) -> bytes:
    """The sitemap of *pages* (site paths) under *base_url*, in the order given; UTF-8 XML."""
    root = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP})  # type: ignore[dict-item]
    for page in pages:
        url = etree.SubElement(root, f"{{{SITEMAP}}}url")
        etree.SubElement(url, f"{{{SITEMAP}}}loc").text = paths.absolute(base_url, page)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


__all__ = ["ATOM", "SITEMAP", "entry_id", "render_feed", "render_sitemap"]
