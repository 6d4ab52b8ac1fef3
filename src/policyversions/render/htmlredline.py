"""A printable HTML redline of a :class:`~policyversions.compare.changes.PolicyDiff`.

:func:`render_redline` writes one self-contained page (rules in
:mod:`policyversions.render.htmlpage`: lxml-built, no script, no external resource, strict
Content-Security-Policy, A4 print CSS, readable in black and white). Top to bottom:

1. a header: the policy's title and the lines of :func:`heading_lines`, today the latest
   decision of each revision (``Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 §
   12``; "utan beslut" / "no decision" when a revision has none). The title and the same lines
   are the running header of every printed page, beside the page number ("Sida 3 av 7");
2. the summary: the plain-language :func:`~policyversions.render.summary.render_summary`, the
   weakened and strengthened obligations listed first (each linking to its place), and beside
   them a table of the counts by kind and by class (substantive / editorial);
3. a compact legend (terms and samples beside their meaning, two to a row);
4. changes to the document's details (title, metadata field by field, decisions), if any;
5. either the whole new revision with every change marked in place (the default), or, with
   ``changes_only=True``, one entry per change in the diff's (new-document) order, under the
   heading trail of the section it is in (written once for a run of changes in one section),
   a changed commitment with its list's lead-in for context.

Printing: the page flows from the summary into the document (nothing forces a page break, and
only headings, labels and lead-ins are kept with what follows them), so the first page is never
left half empty.

Markup of a change:

* insertions are ``ins`` (underlined), deletions ``del`` (struck through); each announces its
  start and end to screen readers with visually hidden text ("infogat: " … " (slut
  infogat)"). A reworded text shows the word-level ``ops``; an added or removed node shows its
  whole subtree inserted or deleted;
* the element of a changed node carries ``data-change="<kind>"`` (the
  :class:`~policyversions.compare.changes.Change` kind) and ``data-node``, a change bar in the
  margin (``border-left``: solid, dashed for a move, dotted at a moved node's old place) and a small
  label naming the change, its class when editorial, and a weakened or strengthened obligation;
* a moved node is shown at its new place (``data-place="new"``) and, struck through in italics,
  at its old place (``data-place="old"``, ``id="old-<old id>"``); each links to the other;
* every node of the new revision carries its id as ``id``; nodes shown from the old revision
  (removed, moved away, sources of a split or merge) carry ``old-<id>``.

Placement in the whole document: the new revision is walked in order. A removed node, and the old
place of a moved node, is shown among the children of its old parent's counterpart, right after
the counterpart of the nearest preceding old sibling that is still there (so it lands where it
used to be); when its old parent was itself removed, it is shown inside that removed subtree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from lxml import etree

from ..compare.changes import CHANGE_KINDS, Change
from ..compare.policydiff import PolicyDiff
from ..errors import DiffError
from ..formats.digest import policy_digest
from ..model import Policy, policy_language
from .htmlpage import (
    Line,
    Quoted,
    append_text,
    decision_part,
    decision_text,
    element,
    marked,
    metadata_fields,
    page,
    serialize,
    write_line,
)
from .marks import change_tag, listed_changes, mark_ops, moved_away_text, shorten, trail_line
from .redlinewriter import RedlineWriter
from .summary import render_summary
from .words import words_for


def render_redline(
    diff: PolicyDiff,
    *,
    old: Policy,
    new: Policy,
    lang: str | None = None,
    changes_only: bool = False,
) -> str:
    """Return a printable, self-contained HTML redline of *diff* from *old* to *new*.

    By default the whole new revision is shown with every change marked in place;
    ``changes_only=True`` lists the changes alone, in document order. *lang* is ``"sv"`` or
    ``"en"``, by default the language of *new*
    (:func:`~policyversions.model.language.policy_language`); anything else raises
    ``ValueError``. A diff that was not made from *old* and *new* (its digests do not match)
    raises :class:`~policyversions.errors.DiffError`.
    """
    lang = policy_language(new) if lang is None else lang
    words_for(lang)  # refuses a language we do not write
    for side, policy, digest in (("old", old, diff.old_digest), ("new", new, diff.new_digest)):
        if digest and policy_digest(policy) != digest:
            raise DiffError(
                "the diff was not made from this revision", f"{side} revision {policy.title!r}"
            )
    texts = words_for(lang).redline
    lines = heading_lines(old, new, lang)
    # The running header names the decisions compared, without the dates they take effect
    # (the header under the title gives those), so that it fits on one line.
    compared = (
        decision_part(old.decision, lang, effective=False),
        " → ",
        decision_part(new.decision, lang, effective=False),
    )
    running = [(Quoted(shorten(new.title, 110)),), compared]
    root, body = page((f"{texts['kicker']}: ", Quoted(new.title)), lang, running)
    _header(body, new, lines, lang)
    writer = RedlineWriter(diff, old, new, lang)
    _summary(body, diff, writer, lang)
    _legend(body, lang)
    policy_changes = [change for change in diff.changes if change.node == "policy"]
    if policy_changes:
        _policy_changes(body, policy_changes, lang)
    main = element(body, "main")
    if changes_only:
        node_changes = [change for change in diff.changes if change.node != "policy"]
        element(main, "h2", f"{texts['text_changes']} ({len(node_changes)})")
        if not node_changes:
            element(main, "p", texts["none"])
        for change in node_changes:
            writer.change_entry(main, change)
    else:
        element(main, "h2", texts["document"])
        writer.blocks(main, new.body, "", 1)
    _drop_dangling_links(root)
    return serialize(root)


# --- header, summary, legend --------------------------------------------------------------


def heading_lines(old: Policy, new: Policy, lang: str) -> list[tuple[str, Line]]:
    """The lines under the title of a redline, each with its name (the ``class`` of its ``p``):
    the latest decision of each revision, with the date it takes effect,
    ``Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 § 12, gäller från 2019-04-01``.

    A new line about the two revisions (the dates they take effect, say) is one more entry here.
    """
    decisions = (decision_part(old.decision, lang), " → ", decision_part(new.decision, lang))
    return [("decision", decisions)]


def _header(
    body: etree._Element, new: Policy, lines: list[tuple[str, Line]], lang: str
) -> None:
    header = element(body, "header")
    element(header, "p", words_for(lang).redline["kicker"], class_="kicker")
    element(header, "h1", new.title)
    for name, line in lines:
        write_line(element(header, "p", class_=name), line)


def strength_lists(
    parent: etree._Element,
    groups: Sequence[tuple[str, Sequence[Change]]],
    lang: str,
    href_of: Callable[[Change], str | None],
) -> None:
    """The lists of weakened and strengthened obligations (*groups*: ``"weakened"`` or
    ``"strengthened"`` and its changes; an empty group writes nothing): each change's modal
    verbs, where it stands and its text, shortened, linked to ``href_of(change)`` if any. The
    redline page and the register's revision page share them."""
    texts = words_for(lang).redline
    for direction, found in groups:
        if not found:
            continue
        part = element(parent, "div", class_=f"strength-list {direction}")
        element(part, "h3", f"{texts[direction]} ({len(found)})")
        items = element(part, "ul")
        for change in found:
            assert change.strength is not None
            item = element(items, "li")
            element(item, "strong", change.strength.words)
            trail = change.new_trail or change.old_trail
            if trail:
                write_line(item, (f" {texts['in']} ", *trail_line(trail, lang)))
            append_text(item, ": ")
            href = href_of(change)
            link = element(item, "a", href=href) if href else element(item, "span")
            write_line(link, (Quoted(shorten(change.new_text or change.old_text or "", 110)),))


def _summary(body: etree._Element, diff: PolicyDiff, writer: RedlineWriter, lang: str) -> None:
    texts = words_for(lang).redline
    summary = diff.summary()
    block = element(body, "section", class_="summary")
    element(block, "h2", texts["summary"])
    overview = element(block, "div", class_="overview")
    said = element(overview, "div", class_="said")
    element(said, "p", render_summary(summary, lang))
    strength_lists(
        said,
        [
            (direction, [c for c in diff.changes if c.strength and c.strength.change == direction])
            for direction in ("weakened", "strengthened")
        ],
        lang,
        lambda change: f"#{target}" if (target := writer.target_of(change)) else None,
    )
    table = element(overview, "table", class_="counts")
    element(table, "caption", texts["by_kind"])
    head = element(element(table, "thead"), "tr")
    element(head, "th", texts["kind"], scope="col")
    element(head, "th", texts["count"], scope="col")
    element(head, "th", texts["where"], scope="col")
    rows = element(table, "tbody")
    for kind in CHANGE_KINDS:
        found = [change for change in diff.changes if change.kind == kind]
        if found:
            row = element(rows, "tr", data_kind=kind)
            element(row, "th", words_for(lang).change_kinds[kind], scope="row")
            element(row, "td", str(len(found)), class_="count")
            _links(element(row, "td", class_="where"), found, writer)
    for direction, changes in (
        ("weakened", summary.weakened),
        ("strengthened", summary.strengthened),
    ):
        if changes:
            row = element(rows, "tr", data_strength=direction)
            element(row, "th", texts[direction], scope="row")
            element(row, "td", str(len(changes)), class_="count")
            _links(element(row, "td", class_="where"), changes, writer)
    classes = element(table, "tbody", class_="classes")
    for key, name in (
        ("substantive", "substantive_row"),
        ("editorial", "editorial_row"),
    ):
        row = element(classes, "tr", data_class=key)
        element(row, "th", texts[name], scope="row")
        element(row, "td", str(dict(summary.by_class).get(key, 0)), class_="count")
    row = element(classes, "tr", data_class="total")
    element(row, "th", texts["total"], scope="row")
    element(row, "td", str(summary.total), class_="count")


_MAX_LINKS = 9


def _links(cell: etree._Element, changes: Sequence[Change], writer: RedlineWriter) -> None:
    """Numbered links to *changes* (``1 2 3``), the first :data:`_MAX_LINKS` of them."""
    for number, change in enumerate(changes[:_MAX_LINKS], start=1):
        target = writer.target_of(change)
        link = element(cell, "a", href=f"#{target}") if target else element(cell, "span")
        link.text = str(number)
        link.tail = " "
    if len(changes) > _MAX_LINKS:
        append_text(cell, "…")


def _legend(body: etree._Element, lang: str) -> None:
    texts = words_for(lang).redline
    block = element(body, "section", class_="legend")
    element(block, "h2", texts["legend"])
    terms = element(block, "dl")
    marked(element(terms, "dt"), "insert", texts["legend_ins"], lang)
    element(terms, "dd", texts["legend_ins_text"])
    marked(element(terms, "dt"), "delete", texts["legend_del"], lang)
    element(terms, "dd", texts["legend_del_text"])
    moved_away_text(element(terms, "dt"), texts["legend_moved"], lang)
    element(terms, "dd", texts["legend_moved_text"])
    element(element(terms, "dt"), "span", texts["legend_tag"], class_="tag")
    element(terms, "dd", texts["legend_tag_text"])
    for style in ("solid", "dashed", "dotted"):
        element(element(terms, "dt"), "span", texts[f"legend_bar_{style}"], class_=f"bar {style}")
        element(terms, "dd", texts[f"legend_bar_{style}_text"])


def _policy_changes(body: etree._Element, changes: Iterable[Change], lang: str) -> None:
    texts = words_for(lang).redline
    block = element(body, "section", class_="details")
    element(block, "h2", texts["details"])
    for change in changes:
        entry = element(block, "div", data_change=change.kind, data_node="policy")
        entry.set("id", f"policy-{change.kind}")
        change_tag(entry, change, lang)
        if change.kind == "title_changed":
            line = element(entry, "p")
            append_text(line, f"{texts['title']}: ")
            mark_ops(element(line, "bdi"), change.ops, lang)
        elif change.kind == "metadata_changed" and change.old_metadata and change.new_metadata:
            before = dict(metadata_fields(change.old_metadata, lang))
            after = dict(metadata_fields(change.new_metadata, lang))
            rows = [
                (key, before.get(key), after.get(key))
                for key in dict.fromkeys([*before, *after])
                if before.get(key) != after.get(key)
            ]
            _before_after_table(entry, rows, lang)
        elif change.kind == "decisions_changed":
            # Each decision on a line of its own, only the words that changed marked.
            old_list = [decision_text(d, lang) for d in change.old_decisions or ()]
            new_list = [decision_text(d, lang) for d in change.new_decisions or ()]
            listing = element(entry, "ul", class_="decisions")
            for ops in listed_changes(old_list, new_list):
                mark_ops(element(listing, "li"), ops, lang)


def _before_after_table(
    parent: etree._Element, rows: Sequence[tuple[str, str | None, str | None]], lang: str
) -> None:
    texts = words_for(lang).redline
    table = element(parent, "table", class_="fields")
    head = element(element(table, "thead"), "tr")
    for name in ("field", "before", "after"):
        element(head, "th", texts[name], scope="col")
    tbody = element(table, "tbody")
    for key, before, after in rows:
        row = element(tbody, "tr")
        element(row, "th", key, scope="row")
        for value, op in ((before, "delete"), (after, "insert")):
            cell = element(row, "td")
            if value:
                marked(cell, op, value, lang)



def _drop_dangling_links(root: etree._Element) -> None:
    """Turn links to anchors that are not on the page into plain text."""
    ids = {node.get("id") for node in root.iter() if node.get("id")}
    for link in list(root.iter("a")):
        href = link.get("href") or ""
        if href.startswith("#") and href[1:] not in ids:
            del link.attrib["href"]
            link.tag = "span"


__all__ = ["heading_lines", "render_redline"]
