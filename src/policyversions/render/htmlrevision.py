"""One revision of a policy as a clean, printable HTML page.

Layout, top to bottom: the title (``h1``) and its latest decision (or "utan beslut"/"no
decision"); a metadata block listing the non-empty :class:`~policyversions.model.Metadata`
fields (a ``dl``); the decision history (every decision in ``policy.decisions``, oldest first,
in canonical form with the date each takes effect, in the page's language); then the document
itself, sections as ``h3``–``h6``, each node's element carrying its node id as ``id``. The
page follows the rules of :mod:`policyversions.render.htmlpage`: built with lxml,
self-contained (no script, no external resource, a strict Content-Security-Policy), A4 print
CSS, ``<html lang>``.

>>> import policyversions as pv
>>> policy = pv.Policy("Policy", pv.assign_positional_ids([pv.Paragraph("Text.")]))
>>> "<h1>Policy</h1>" in render_revision_html(policy, lang="en")
True
"""

from __future__ import annotations

from ..model import Policy
from .htmlpage import BodyWriter, decision_text, element, metadata_fields, page, serialize
from .words import words_for


def render_revision_html(policy: Policy, *, lang: str = "sv") -> str:
    """Return *policy* as one self-contained, printable HTML page.

    *lang* (``"sv"`` or ``"en"``) chooses the labels and the page's ``lang``; any other value
    raises ``ValueError``.
    """
    texts = words_for(lang).revision
    labels = words_for(lang).page
    root, body = page(policy.title, lang)
    header = element(body, "header")
    element(header, "p", texts["kicker"], class_="kicker")
    element(header, "h1", policy.title)
    element(
        header,
        "p",
        f"{texts['latest']}: {decision_text(policy.decision, lang)}",
        class_="decision",
    )
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
