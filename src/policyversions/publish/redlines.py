"""Redline pages of the site, and the Word redline when there is one.

A redline page is :func:`~policyversions.render.htmlredline.render_redline`'s page (whole
document, every change marked in place, printable, self-contained, no script) with the site's
navigation line on top: the register, the policy, "Version 2 jämförd med version 3", and links
to both revisions' pages and to the Word redline beside it. Print leaves the navigation out, so
the printed page is the redline as the library prints it.

The Word redline (a ``.docx`` with tracked changes) comes from a :data:`DocxRedline` hook:
:func:`library_docx_redline` is the library's own ``render_docx_redline``; a caller may pass
another, or none (``--no-docx``).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import html as lxml_html

from ..compare.policydiff import PolicyDiff
from ..model import Policy
from ..render.htmlpage import Quoted, append_text, element, serialize
from ..render.htmlredline import render_redline
from ..render.marks import shorten
from ..render.words import words_for
from ..store.revision import Revision
from . import paths
from .sitepage import SITE_STYLE, anchor, navigation

DocxRedline = Callable[[PolicyDiff, Policy, Policy, str], bytes]
"""Makes the Word redline of a diff: ``hook(diff, old, new, lang)`` returns the ``.docx``
bytes."""


def library_docx_redline() -> DocxRedline:
    """A :data:`DocxRedline` calling the library's
    :func:`~policyversions.render.docx.redline.render_docx_redline` (imported only when a Word
    redline is made)."""

    def hook(diff: PolicyDiff, old: Policy, new: Policy, lang: str) -> bytes:
        from ..render.docx.redline import render_docx_redline

        return render_docx_redline(diff, old=old, new=new, lang=lang)

    return hook


def render_redline_page(
    old_revision: Revision,
    new_revision: Revision,
    diff: PolicyDiff,
    old: Policy,
    new: Policy,
    lang: str,
    *,
    docx: bool = False,
) -> bytes:
    """The site's redline page from *old_revision* (text *old*) to *new_revision* (text *new*)
    of one policy, in *lang*: the library's redline with the navigation line on top; *docx*
    whether the Word redline beside it is published. UTF-8 HTML."""
    texts = words_for(lang).publish
    policy_id = new_revision.policy_id
    source = paths.redline_page(policy_id, old_revision.number, new_revision.number)
    page = render_redline(diff, old=old, new=new, lang=lang)
    root = lxml_html.document_fromstring(page)
    style = root.find("head/style")
    body = root.find("body")
    assert style is not None and body is not None
    style.text = (style.text or "") + SITE_STYLE
    here = texts["redline_between"].format(old=old_revision.number, new=new_revision.number)
    nav = navigation(
        body,
        source,
        lang,
        [(Quoted(shorten(new.title, 80)), paths.policy_page(policy_id)), (here, None)],
    )
    links = element(nav, "p", class_="steps")
    for revision in (old_revision, new_revision):
        if len(links):
            append_text(links, " · ")
        target = paths.revision_page(policy_id, revision.number)
        anchor(paths.link(source, target), texts["revision"].format(number=revision.number))(links)
    if docx:
        append_text(links, " · ")
        target = paths.redline_docx(policy_id, old_revision.number, new_revision.number)
        anchor(paths.link(source, target), texts["docx"])(links)
    body.remove(nav)
    body.insert(0, nav)
    return serialize(root).encode("utf-8")


__all__ = ["DocxRedline", "library_docx_redline", "render_redline_page"]
