"""Where every file of the site lives, and links between them.

Every path is relative to the site's folder and written with ``/``; every link between pages is
relative (:func:`link`), so the site works from ``file://`` and from any web server, under any
path. Pages are named as files (``index.html``), never as folders, because a browser opening
``file://`` shows a folder's listing, not its ``index.html``::

    index.html                               the register: every policy
    feed.atom                                every revision of every policy (Atom)
    sitemap.xml                              every page (with a base URL only)
    policies/<policy id>/index.html          the policy: its text in force, banner, timeline
    policies/<policy id>/feed.atom           its revisions (Atom)
    policies/<policy id>/revision-3.html     revision 3: its text, decisions, changes
    policies/<policy id>/revision-3.xml      ... as our XML, with its decision history
    policies/<policy id>/revision-3.json     ... as our JSON
    policies/<policy id>/revision-3.akn.xml  ... as Akoma Ntoso 3.0
    policies/<policy id>/redline-2-3.html    what changed from revision 2 to 3
    policies/<policy id>/redline-2-3.docx    the same in Word, when a Word redline is given

A policy id is lowercase letters, digits and ``-`` with ``/`` for grouping
(:mod:`~policyversions.store.slugs`), so ``/`` nests folders as in the repository; every file
name holds a ``.``, which no policy id part does, so a policy's files never clash with the
folder of a policy under it (``a/index.html`` beside ``a/b/``). Ids need no escaping in a URL.
"""

from __future__ import annotations

import posixpath
from typing import Final, Literal

INDEX: Final = "index.html"
FEED: Final = "feed.atom"
SITEMAP: Final = "sitemap.xml"
POLICIES: Final = "policies"
Download = Literal["xml", "json", "akn"]
DOWNLOADS: Final[tuple[Download, ...]] = ("xml", "json", "akn")
_SUFFIXES: Final = {"xml": ".xml", "json": ".json", "akn": ".akn.xml"}


def policy_folder(policy_id: str) -> str:
    """The folder of *policy_id*'s files."""
    return f"{POLICIES}/{policy_id}"


def policy_page(policy_id: str) -> str:
    """The page of *policy_id*: its text in force."""
    return f"{policy_folder(policy_id)}/{INDEX}"


def policy_feed(policy_id: str) -> str:
    """The Atom feed of *policy_id*'s revisions."""
    return f"{policy_folder(policy_id)}/{FEED}"


def revision_page(policy_id: str, number: int) -> str:
    """The page of revision *number* of *policy_id*."""
    return f"{policy_folder(policy_id)}/revision-{number}.html"


def download(policy_id: str, number: int, kind: Download) -> str:
    """Revision *number* of *policy_id* as a file of *kind* (``xml``, ``json``, ``akn``)."""
    return f"{policy_folder(policy_id)}/revision-{number}{_SUFFIXES[kind]}"


def redline_page(policy_id: str, old: int, new: int) -> str:
    """The redline of *policy_id* from revision *old* to revision *new*."""
    return f"{policy_folder(policy_id)}/redline-{old}-{new}.html"


def redline_docx(policy_id: str, old: int, new: int) -> str:
    """The Word redline of *policy_id* from revision *old* to revision *new*."""
    return f"{policy_folder(policy_id)}/redline-{old}-{new}.docx"


def link(source: str, target: str, anchor: str | None = None) -> str:
    """The relative link from the page at *source* to *target* (both site paths), with
    ``#anchor`` when given; a link to an anchor on the same page is ``#anchor``."""
    if source == target and anchor:
        return f"#{anchor}"
    relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
    return f"{relative}#{anchor}" if anchor else relative


def absolute(base_url: str, path: str) -> str:
    """*path* under *base_url* (which ends with ``/``)."""
    return base_url + path


__all__ = [
    "DOWNLOADS",
    "FEED",
    "INDEX",
    "POLICIES",
    "SITEMAP",
    "Download",
    "absolute",
    "download",
    "link",
    "policy_feed",
    "policy_folder",
    "policy_page",
    "redline_docx",
    "redline_page",
    "revision_page",
]
