"""A policy's page: the text in force under a banner, every node with its stable id and the
decisions that introduced and last changed it, and the timeline of every revision.

Top to bottom: the navigation line; the title and the banner (:mod:`~policyversions.publish.
banner`: "Gäller från 2024-07-01 enligt KF 2024-03-18 § 45", "Upphävd genom …", "Ny lydelse
gäller från …", each decision a link to its revision's page); the document's details; the text
(in force, last in force or as decided), each node carrying its node id as its ``id`` (a link
to ``…/index.html#sec_3__list_1__point_2`` keeps pointing at that commitment whatever revisions
follow) and a note with that id as a link and the decisions that introduced, last changed and
last moved it (blame: :func:`policyversions.store.history.blame`), each a link to the node on
its revision's page; then the timeline: every revision with its decisions (and Dnr), status,
from and until, what it changed (a link to the redline from the revision before).

On screen the notes stand in the right margin when there is room; in print they are left out
(as is the navigation), so the printed page is the banner and the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from lxml import etree

from ..model import Commitment, CommitmentList, Paragraph, Policy, Section
from ..render.htmlpage import (
    BodyWriter,
    Quoted,
    append_text,
    decision_text,
    element,
    metadata_fields,
    quoted,
)
from ..render.listings import status_word
from ..render.marks import shorten
from ..render.words import words_for
from ..store.history import BlameEntry
from ..store.revision import Revision
from . import paths
from .banner import Banner
from .sitepage import (
    Part,
    SitePage,
    anchor,
    fill,
    navigation,
    plural,
    short_citation,
    site_page,
    template_line,
)
from .state import PolicyState


def banner_lines(banner: Banner, source: str, lang: str) -> list[tuple[str, dict[str, Part]]]:
    """Each line of *banner* as a template of the ``publish`` words and its parts (the date,
    and the decision as a link to its revision's page from the page at *source*)."""
    words = words_for(lang).publish
    lines: list[tuple[str, dict[str, Part]]] = []
    for line in banner.lines:
        revision = line.revision
        target = paths.revision_page(revision.policy_id, revision.number)
        parts: dict[str, Part] = {
            "date": line.date.isoformat(),
            "decision": anchor(
                paths.link(source, target), Quoted(short_citation(revision.decision))
            ),
        }
        lines.append((words[f"banner_{line.kind}"], parts))
    return lines


def write_banner(parent: etree._Element, banner: Banner, source: str, lang: str) -> None:
    """Append the banner box: its lines, the first one bold; for a repealed policy, the days
    its last text was in force."""
    words = words_for(lang).publish
    box = element(parent, "div", class_=f"banner {banner.status}", role="note")
    for number, (template, parts) in enumerate(banner_lines(banner, source, lang)):
        fill(element(box, "p", class_="main" if number == 0 else "next"), template, **parts)
    if banner.start is not None and banner.until is not None:
        text = words["banner_last_text"].format(
            start=banner.start.isoformat(), until=banner.until.isoformat()
        )
        element(box, "p", text, class_="last")


def banner_running_line(banner: Banner, lang: str) -> tuple[str | Quoted, ...]:
    """The banner's first line for the running header of printed pages."""
    words = words_for(lang).publish
    if not banner.lines:
        return ()
    line = banner.lines[0]
    return template_line(
        words[f"banner_{line.kind}"],
        date=line.date.isoformat(),
        decision=Quoted(short_citation(line.revision.decision)),
    )


NoteKind = Literal["introduced", "changed", "moved"]


def blame_notes(
    entries: Sequence[BlameEntry], first: Revision
) -> dict[str, list[tuple[NoteKind, Revision]]]:
    """What the margin says about each node of a blamed text whose history begins with *first*:
    the decision that introduced it when that is not the one that introduced its parent (the
    text itself came with *first*), the decision that last changed it when it changed after it
    came, and the one that last moved it. Nodes with nothing to say are left out."""
    notes: dict[str, list[tuple[NoteKind, Revision]]] = {}
    parents: list[int] = []
    for entry in entries:
        del parents[entry.depth :]
        parent = parents[-1] if parents else first.number
        said: list[tuple[NoteKind, Revision]] = []
        if entry.introduced.number != parent:
            said.append(("introduced", entry.introduced))
        if entry.changed.number != entry.introduced.number:
            said.append(("changed", entry.changed))
        if entry.moved is not None:
            said.append(("moved", entry.moved))
        if said:
            notes[entry.node_id] = said
        parents.append(entry.introduced.number)
    return notes


class BlameWriter(BodyWriter):
    """A clean revision in which every node ends with a link to itself (its stable id, shown
    on hover: ``¶``) and begins with a note in the margin when :func:`blame_notes` has
    something to say: the decisions that introduced, changed or moved it, each a link to the
    node on its revision's page."""

    def __init__(
        self,
        lang: str,
        source: str,
        notes: Mapping[str, list[tuple[NoteKind, Revision]]],
    ) -> None:
        super().__init__(lang)
        self.source = source
        self.notes = notes
        self.words = words_for(lang).publish

    def note(self, parent: etree._Element, node_id: str) -> None:
        """Append the margin note of *node_id* to *parent*, if it has one."""
        said = self.notes.get(node_id)
        if not said:
            return
        span = element(parent, "span", class_="note")
        for number, (kind, revision) in enumerate(said):
            if number:
                append_text(span, " · ")
            append_text(span, f"{self.words[kind]} ")
            target = paths.revision_page(revision.policy_id, revision.number)
            link = paths.link(self.source, target, node_id)
            anchor(link, Quoted(short_citation(revision.decision)))(span)

    def self_link(self, parent: etree._Element, node_id: str) -> None:
        """Append the link to *node_id* itself (no space before it: a link of no width cannot
        start a line of its own)."""
        element(parent, "a", "\u00b6", href=f"#{node_id}", class_="self", title=node_id)

    def heading_text(self, heading: etree._Element, section: Section) -> None:
        """The note, the heading, the link to the section."""
        self.note(heading, section.id)
        super().heading_text(heading, section)
        self.self_link(heading, section.id)

    def leaf_text(self, node: etree._Element, leaf: Paragraph | Commitment) -> None:
        """The note, the text, the link to the node."""
        self.note(node, leaf.id)
        super().leaf_text(node, leaf)
        self.self_link(node, leaf.id)

    def list_text(self, node: etree._Element, block: CommitmentList, field: str) -> None:
        """A lead-in carries the list's note and link."""
        if field == "lead_in":
            self.note(node, block.id)
        super().list_text(node, block, field)
        if field == "lead_in":
            self.self_link(node, block.id)


def write_details(parent: etree._Element, policy: Policy, lang: str) -> None:
    """Append the document's details (its metadata) when it has any."""
    fields = metadata_fields(policy.metadata, lang)
    if not fields:
        return
    block = element(parent, "section", class_="metadata")
    element(block, "h2", words_for(lang).page["metadata"])
    table = element(block, "dl", class_="meta")
    for label, value in fields:
        element(table, "dt", label)
        element(table, "dd", value)


def changes_text(revision: Revision, lang: str) -> str:
    """What *revision* changed, counted from its index entry, the kinds it did not change
    left out: ``3 nya, 1 ändrad`` (``–`` for nothing)."""
    changes = revision.changes
    parts = [
        plural(lang, kind, len(getattr(changes, kind)))
        for kind in ("added", "changed", "editorial", "moved", "removed")
        if getattr(changes, kind)
    ]
    return ", ".join(parts) if parts else words_for(lang).listings["none"]


def write_timeline(parent: etree._Element, state: PolicyState, source: str, lang: str) -> None:
    """Append the timeline: one row per revision, with its decisions, status, from, until and
    changes (a link to its redline)."""
    words = words_for(lang)
    texts = words.publish
    listings = words.listings
    block = element(parent, "section", class_="timeline", id="timeline")
    element(block, "h2", texts["timeline"])
    table = element(block, "table", class_="listing timeline")
    head = element(element(table, "thead"), "tr")
    for key in ("number", "decision", "status", "from", "until", "changes"):
        cell = element(head, "th", listings[key], scope="col")
        if key == "number":
            cell.set("class", "number")
    rows = element(table, "tbody")
    policy_id = state.policy_id
    for revision, period in zip(state.revisions, state.periods, strict=True):
        row = element(rows, "tr", id=f"revision-{revision.number}")
        cell = element(row, "td", class_="number")
        target = paths.revision_page(policy_id, revision.number)
        anchor(paths.link(source, target), str(revision.number))(cell)
        cell = element(row, "td")
        anchor(
            paths.link(source, target),
            Quoted(decision_text(revision.decision, lang, effective=False)),
        )(cell)
        for other in revision.decisions:
            if other != revision.decision:
                append_text(cell, " ")
                quoted(
                    element(cell, "span", class_="sub"),
                    decision_text(other, lang, effective=False),
                )
        if revision.late:
            append_text(cell, " ")
            element(cell, "span", texts["late"], class_="sub")
        element(row, "td", status_word(period.status, lang), class_="status")
        element(row, "td", period.start.isoformat(), class_="date")
        until = listings["none"] if period.until is None else period.until.isoformat()
        element(row, "td", until, class_="date")
        cell = element(row, "td")
        summary = changes_text(revision, lang)
        if revision.number > 1 and not revision.repeals:
            target = paths.redline_page(policy_id, revision.number - 1, revision.number)
            anchor(paths.link(source, target), summary)(cell)
        else:
            append_text(cell, summary)


def render_policy_page(
    state: PolicyState, policy: Policy, blame: list[BlameEntry], lang: str
) -> bytes:
    """The page of the policy of *state*, showing *policy* (the text of its banner's shown
    revision) with *blame* (of that text), in *lang*, as UTF-8 HTML."""
    words = words_for(lang)
    texts = words.publish
    source = paths.policy_page(state.policy_id)
    banner = state.banner
    running = [(Quoted(shorten(policy.title, 110)),), banner_running_line(banner, lang)]
    feed = (
        paths.link(source, paths.policy_feed(state.policy_id)),
        texts["policy_feed_title"].format(title=policy.title),
    )
    site: SitePage = site_page((Quoted(policy.title),), lang, running, feed=feed)
    body = site.body
    navigation(body, source, lang, [(Quoted(shorten(policy.title, 80)), None)])
    header = element(body, "header")
    element(header, "p", words.revision["kicker"], class_="kicker")
    element(header, "h1", policy.title)
    write_banner(header, banner, source, lang)
    line = element(header, "p", class_="screen-only")
    fill(line, f"{texts['policy_id']}: {{id}}", id=Quoted(state.policy_id))
    append_text(line, " · ")
    anchor("#timeline", texts["timeline"])(line)
    append_text(line, " · ")
    anchor(paths.link(source, paths.policy_feed(state.policy_id)), texts["feed"])(line)
    write_details(body, policy, lang)
    main = element(body, "main")
    heading = {"in_force": "text_in_force", "repealed": "text_last", "not_yet": "text_decided"}
    element(main, "h2", texts[heading[banner.status]])
    notes = blame_notes(blame, state.revisions[0])
    if notes:
        first = state.revisions[0]
        legend = element(main, "p", class_="screen-only legend-note")
        fill(legend, texts["margin"], decision=Quoted(short_citation(first.decision)))
    text = element(main, "div", class_="document")
    if banner.shown.language != lang:
        text.set("lang", banner.shown.language)
    BlameWriter(lang, source, notes).blocks(text, policy.body, "", 1)
    write_timeline(body, state, source, lang)
    return site.to_bytes()


__all__ = [
    "BlameWriter",
    "NoteKind",
    "banner_lines",
    "banner_running_line",
    "blame_notes",
    "changes_text",
    "render_policy_page",
    "write_banner",
    "write_details",
    "write_timeline",
]
