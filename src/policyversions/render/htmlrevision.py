"""One revision of a policy as a clean, printable HTML page.

Layout, top to bottom: the title (``h1``) and its latest decision (or "utan beslut"/"no
decision"), which are also the running header of every printed page, with the page number; a
metadata block listing the non-empty :class:`~policyversions.model.Metadata` fields (a ``dl``);
the decision history (every decision in ``policy.decisions``, oldest first, cited in the page's
language with the date it takes effect); then the document itself, sections as ``h3``–``h6``, each
node's element carrying its node id as ``id``. The page follows the rules of
:mod:`policyversions.render.htmlpage`: built with lxml, self-contained (no script, no external
resource, a strict Content-Security-Policy), A4 print CSS, ``<html lang>``.

>>> import policyversions as pv
>>> policy = pv.Policy("Policy", pv.assign_positional_ids([pv.Paragraph("Text.")]))
>>> "<h1>Policy</h1>" in render_revision_html(policy, lang="en")
True
"""

from __future__ import annotations

from ..model import Policy, policy_language
from .htmlpage import (
    BodyWriter,
    Line,
    Quoted,
    decision_part,
    decision_text,
    element,
    metadata_fields,
    page,
    serialize,
    write_line,
)
from .marks import shorten
from .words import words_for


def render_revision_html(policy: Policy, *, lang: str | None = None) -> str:
    """Return *policy* as one self-contained, printable HTML page.

    *lang* (``"sv"`` or ``"en"``; by default the policy's own,
    :func:`~policyversions.model.language.policy_language`) chooses the labels and the page's
    ``lang``; any other value raises ``ValueError``.
    """
    lang = policy_language(policy) if lang is None else lang
    texts = words_for(lang).revision
    labels = words_for(lang).page
    latest: Line = (f"{texts['latest']}: ", decision_part(policy.decision, lang))
    compact: Line = (f"{texts['latest']}: ", decision_part(policy.decision, lang, effective=False))
    running = [(Quoted(shorten(policy.title, 110)),), compact]
    root, body = page((Quoted(policy.title),), lang, running)
    header = element(body, "header")
    element(header, "p", texts["kicker"], class_="kicker")
    element(header, "h1", policy.title)
    write_line(element(header, "p", class_="decision"), latest)
    fields = metadata_fields(policy.metadata, lang)
    if fields:
        block = element(body, "section", class_="metadata")
        element(block, "h2", labels["metadata"])
        table = element(block, "dl", class_="meta")
        for label, value in fields:
            element(table, "dt", label)
            element(table, "dd", value)
    if policy.decisions:
        block = element(body, "section", class_="decisions")
        element(block, "h2", labels["decisions"])
        history = element(block, "ol")
        for decision in policy.decisions:
            element(history, "li", decision_text(decision, lang))
    main = element(body, "main")
    element(main, "h2", labels["document"])
    BodyWriter(lang).blocks(main, policy.body, "", 1)
    return serialize(root)
