"""One revision's page: its full text as it was, its decisions, what changed from the revision
before, and where to go from there (redlines, Word, downloads).

Top to bottom: the navigation line; "Version 3 av 5", the title, its decision with the date it
takes effect, its status and the days it held (from the store's periods), links to the
previous, next and latest revision; what changed from the revision before (the summary in
words, the counts, every weakened and strengthened obligation linking to its place in the
redline; links to the HTML redline, to the Word redline when one is made, and to the redline
to the latest revision); the downloads (our XML and JSON, Akoma Ntoso); the document's details;
every decision of its history (those its record brought in bold); the text, every node carrying
its node id as its ``id``.
"""

from __future__ import annotations

from lxml import etree

from ..compare.changes import Change
from ..compare.policydiff import PolicyDiff
from ..model import Policy
from ..render.htmlpage import (
    BodyWriter,
    Quoted,
    append_text,
    decision_text,
    element,
    write_line,
)
from ..render.htmlredline import strength_lists
from ..render.listings import status_word
from ..render.marks import shorten
from ..render.summary import render_summary
from ..render.words import words_for
from ..store.decisions import same_decision
from ..store.revision import Revision
from . import paths
from .policypage import write_details
from .sitepage import anchor, fill, navigation, site_page
from .state import PolicyState


def change_target(change: Change) -> str:
    """The anchor of *change* in a whole-document redline: its node in the new revision, or
    ``old-<id>`` where only the old one is shown."""
    if change.new_id:
        return change.new_id
    return f"old-{change.old_id}"


def period_text(state: PolicyState, number: int, lang: str) -> str:
    """The status of revision *number* and the days it held, in words."""
    words = words_for(lang).publish
    period = state.period(number)
    status = status_word(period.status, lang)
    status = status[:1].upper() + status[1:]
    if period.status == "not_yet":
        return words["period_not_yet"].format(status=status, start=period.start.isoformat())
    if period.until is None or period.status == "never":
        return words["period_open"].format(status=status, start=period.start.isoformat())
    return words["period_closed"].format(
        status=status, start=period.start.isoformat(), until=period.until.isoformat()
    )


def _write_changes(
    parent: etree._Element,
    state: PolicyState,
    revision: Revision,
    diff: PolicyDiff | None,
    source: str,
    lang: str,
    docx: bool,
) -> None:
    words = words_for(lang)
    texts = words.publish
    policy_id = state.policy_id
    block = element(parent, "section", class_="changes", id="changes")
    element(block, "h2", texts["changes_from_previous"])
    links = etree.Element("ul", {"class": "links"})
    number = revision.number
    if diff is None:
        element(block, "p", texts["first_revision"])
    else:
        summary = diff.summary()
        element(block, "p", render_summary(summary, lang))
        redline = paths.redline_page(policy_id, number - 1, number)
        strength_lists(
            block,
            [("weakened", summary.weakened), ("strengthened", summary.strengthened)],
            lang,
            lambda change: paths.link(source, redline, change_target(change)),
        )
        table = element(block, "table", class_="counts")
        element(table, "caption", texts["counts"])
        rows = element(table, "tbody")
        classes = dict(summary.by_class)
        counted = (
            (words.redline["substantive_row"], classes.get("substantive", 0)),
            (words.redline["editorial_row"], classes.get("editorial", 0)),
            (texts["weakened_count"], len(summary.weakened)),
            (texts["strengthened_count"], len(summary.strengthened)),
            (words.redline["total"], summary.total),
        )
        for label, count in counted:
            row = element(rows, "tr")
            element(row, "th", label, scope="row")
            element(row, "td", str(count), class_="count")
        anchor(paths.link(source, redline), texts["redline_previous"])(element(links, "li"))
        if docx:
            target = paths.redline_docx(policy_id, number - 1, number)
            anchor(paths.link(source, target), texts["docx"])(element(links, "li"))
    latest = state.latest.number
    if number < latest:
        target = paths.redline_page(policy_id, number, latest)
        anchor(paths.link(source, target), texts["redline_latest"])(element(links, "li"))
    if len(links):
        block.append(links)


def render_revision_page(
    state: PolicyState,
    revision: Revision,
    policy: Policy,
    diff: PolicyDiff | None,
    lang: str,
    *,
    docx: bool = False,
) -> bytes:
    """The page of *revision* of the policy of *state*: *policy* is its text (with its decision
    history), *diff* the changes from the revision before (``None`` for the first), *docx*
    whether a Word redline from the revision before is published; UTF-8 HTML in *lang*."""
    words = words_for(lang)
    texts = words.publish
    policy_id = state.policy_id
    number = revision.number
    count = len(state.revisions)
    source = paths.revision_page(policy_id, number)
    kicker = texts["revision_of"].format(number=number, count=count)
    running = [
        (Quoted(shorten(policy.title, 110)),),
        (f"{kicker}: ", Quoted(decision_text(revision.decision, lang, effective=False))),
    ]
    site = site_page((Quoted(policy.title), f" ({kicker})"), lang, running)
    body = site.body
    navigation(
        body,
        source,
        lang,
        [
            (Quoted(shorten(state.title, 80)), paths.policy_page(policy_id)),
            (texts["revision"].format(number=number), None),
        ],
    )
    header = element(body, "header")
    element(header, "p", kicker, class_="kicker")
    element(header, "h1", policy.title)
    write_line(
        element(header, "p", class_="decision"),
        (Quoted(decision_text(revision.decision, lang)),),
    )
    element(header, "p", period_text(state, number, lang), class_="period")
    if revision.late:
        element(header, "p", texts["late"][:1].upper() + texts["late"][1:] + ".")
    steps = element(header, "p", class_="screen-only steps")
    for key, target_number in (
        ("previous", number - 1),
        ("next", number + 1),
        ("latest", count),
    ):
        if 1 <= target_number <= count and target_number != number:
            if len(steps):
                append_text(steps, " · ")
            target = paths.revision_page(policy_id, target_number)
            anchor(paths.link(source, target), texts[key])(steps)
    if not len(steps):
        header.remove(steps)
    _write_changes(body, state, revision, diff, source, lang, docx)
    downloads = element(body, "section", class_="downloads")
    element(downloads, "h2", texts["downloads"])
    items = element(downloads, "ul", class_="downloads")
    for kind in paths.DOWNLOADS:
        target = paths.download(policy_id, number, kind)
        anchor(paths.link(source, target), texts[f"download_{kind}"], download="")(
            element(items, "li")
        )
    write_details(body, policy, lang)
    if policy.decisions:
        block = element(body, "section", class_="decisions")
        element(block, "h2", words.page["decisions"])
        history = element(block, "ol")
        for decision in policy.decisions:
            item = element(history, "li")
            brought = any(same_decision(decision, own) for own in revision.decisions)
            fill(
                element(item, "strong") if brought else item,
                "{decision}",
                decision=Quoted(decision_text(decision, lang)),
            )
    main = element(body, "main")
    element(main, "h2", words.page["document"])
    document = element(main, "div", class_="document")
    if revision.language != lang:
        document.set("lang", revision.language)
    BodyWriter(lang).blocks(document, policy.body, "", 1)
    return site.to_bytes()


__all__ = ["change_target", "period_text", "render_revision_page"]
