"""Word documents of a policy: :func:`render_docx_redline` (two revisions, every difference a
real tracked change) and :func:`render_docx` (one revision, clean).

The redline's rule: accepting every change gives exactly the new revision's clean document,
rejecting every change exactly the old one's (same paragraphs, texts and styles). Its body is
the title, the decision line and the policy; nothing else is in the body, so nothing else can
be accepted or rejected. The summary is a comment on the title; the page header names the
title and the two decisions compared, the footer numbers the pages. A move that leaves a node's
place in the reading order as it was (a heading inserted above it) is written once, in place,
with its inner changes tracked (:mod:`~policyversions.render.docx.inplace`).

Each revision (and comment) is by the body that took the new revision's decision (its name,
``Kommunfullmäktige``, or its abbreviation when it has no name) and dated on the decision's
date (no date when the decision gives only a year). A revision without a decision gives the
neutral author :data:`NEUTRAL_AUTHOR`.
"""

from __future__ import annotations

from ...compare.policydiff import PolicyDiff
from ...errors import DiffError
from ...formats.digest import policy_digest
from ...model import Decision, Policy, policy_language
from ..htmlpage import decision_text
from ..words import words_for
from .comments import change_comment, commented, place_comment, summary_comment
from .inplace import in_place
from .package import Comment, Document, write_package
from .writer import Builder

NEUTRAL_AUTHOR = "policyversions"
"""The author of the revisions when the new revision has no decision."""


def author_of(decision: Decision | None) -> tuple[str, str | None]:
    """The author and date (``YYYY-MM-DDT00:00:00Z``, or ``None``) of revisions made by
    *decision*: its body's name (capitalised) or abbreviation, and its date."""
    if decision is None:
        return NEUTRAL_AUTHOR, None
    organ = decision.organ
    name = organ.name or organ.abbreviation or NEUTRAL_AUTHOR
    name = name[:1].upper() + name[1:]
    date = f"{decision.date.isoformat()}T00:00:00Z" if decision.date is not None else None
    return name, date


def _decision_text(decision: Decision | None, lang: str) -> str:
    """A decision as the page header cites it: in *lang*, without its effective date."""
    return decision_text(decision, lang, effective=False)


def render_docx_redline(
    diff: PolicyDiff, *, old: Policy, new: Policy, lang: str | None = None
) -> bytes:
    """Return a Word document (``.docx`` bytes) of *new* with every change of *diff* from
    *old* as a tracked change, the summary and what the diff knows beyond the text as comments.

    *lang* (``"sv"`` or ``"en"``; by default the language of *new*,
    :func:`~policyversions.model.language.policy_language`) sets the document language and
    every label; anything else raises ``ValueError``. A diff that was not made from *old* and
    *new* raises :class:`~policyversions.errors.DiffError`.
    """
    lang = policy_language(new) if lang is None else lang
    words = words_for(lang)
    for side, policy, digest in (("old", old, diff.old_digest), ("new", new, diff.new_digest)):
        if digest and policy_digest(policy) != digest:
            raise DiffError(
                "the diff was not made from this revision", f"{side} revision {policy.title!r}"
            )
    builder = Builder(new, old, diff)
    body = builder.document()
    moved_in_place = in_place(builder.sides, builder.move_ends)
    if moved_in_place:  # written again, with those moves in place
        builder = Builder(new, old, diff, in_place=moved_in_place)
        body = builder.document()
    comments = [Comment("summary", summary_comment(diff, lang))]
    title = builder.anchors[("", "title")]
    place_comment(title, "summary")
    for number, change in enumerate(diff.changes):
        if change.node == "policy" or not commented(change):
            continue
        anchor = builder.anchor_of(change)
        if anchor is None:
            continue
        key = f"c{number}"
        text = change_comment(change, lang, in_place=builder.written_in_place(change))
        comments.append(Comment(key, text))
        place_comment(anchor, key)
    author, date = author_of(new.decision)
    decisions = f"{_decision_text(old.decision, lang)} → {_decision_text(new.decision, lang)}"
    document = Document(
        body=body,
        lang=lang,
        title=new.title,
        header=(new.title, f"{words.docx['comparison']}: {decisions}"),
        footer=words.docx["page"],
        author=author,
        date=date,
        numbered_lists=builder.numbered,
        comments=comments,
        track_changes=True,
        subject=f"{words.redline['kicker']}: {decisions}",
    )
    return write_package(document)


def render_docx(policy: Policy, *, lang: str | None = None) -> bytes:
    """Return *policy* as a clean Word document (``.docx`` bytes): title, decision line and
    body with the same styles, numbering, page header and footer as the redline, no revisions;
    *lang* as for :func:`render_docx_redline` (by default the policy's own).
    """
    lang = policy_language(policy) if lang is None else lang
    words = words_for(lang)
    builder = Builder(policy)
    body = builder.document()
    author, date = author_of(policy.decision)
    document = Document(
        body=body,
        lang=lang,
        title=policy.title,
        header=(policy.title, _decision_text(policy.decision, lang)),
        footer=words.docx["page"],
        author=author,
        date=date,
        numbered_lists=builder.numbered,
    )
    return write_package(document)


__all__ = ["NEUTRAL_AUTHOR", "author_of", "render_docx", "render_docx_redline"]
