"""The texts of the Word comments: what the semantic diff knows beyond the tracked text, which
changes get a comment (:func:`commented`) and where its range and reference go in the body
(:func:`place_comment`).

The comment on a change names it as the HTML redline's label does (kind, ``saklig`` /
``redaktionell``, a weakened or strengthened obligation, where a moved node came from, moved
*and* reworded; for a move written in place, where it belongs now), with a sentence for a
weakened or strengthened obligation and one for an editorial change. The comment on the title
holds the summary: the plain-language paragraph, the weakened and strengthened obligations, and
the changes to the document's details (title, metadata, decisions), which have no place in the
body.
"""

from __future__ import annotations

from ...compare.changes import Change
from ...compare.policydiff import PolicyDiff
from ..htmlpage import metadata_fields
from ..marks import kind_key, shorten, style_text, trail_text
from ..placement import MOVES
from ..summary import render_summary
from ..words import words_for
from .blocks import DEL, INS, Marker, Para, plain

_COMMENTED = (
    "reworded",
    "moved",
    "section_moved",
    "section_renamed",
    "lead_in_changed",
    "relabelled",
    "style_changed",
    "split",
    "merged",
)


def place_text(change: Change, side: str, lang: str) -> str:
    """Where a node sat (``old``) or sits (``new``): heading trail and position."""
    texts = words_for(lang).redline
    trail = change.old_trail if side == "old" else change.new_trail
    index = change.old_index if side == "old" else change.new_index
    text = trail_text(trail, lang)
    if index is not None:
        word = texts["item" if change.node == "commitment" else "position"]
        text += f", {word} {index + 1}"
    return text


def change_comment(change: Change, lang: str, in_place: bool = False) -> tuple[str, ...]:
    """The paragraphs of the comment on *change*; a move written *in_place* (its place in the
    reading order unchanged) says where it belongs now instead of where it came from."""
    words = words_for(lang)
    texts, docx = words.redline, words.docx
    parts = [words.change_kinds[kind_key(change)]]
    parts.append(texts["editorial"] if change.is_editorial else texts["substantive"])
    if change.strength is not None:
        parts.append(f"{texts[change.strength.change + '_tag']}: {change.strength.words}")
    if change.kind in MOVES and in_place:
        trail = change.new_trail
        parts.append(
            docx["in_place"].format(trail=trail_text(trail, lang)) if trail
            else docx["in_place_top"]
        )
    elif change.kind in MOVES:
        parts.append(f"{texts['moved_from']} {place_text(change, 'old', lang)}")
        if change.is_reworded:
            parts.append(docx["moved_reworded"])
    if change.kind == "style_changed":
        parts.append(style_text(change, lang))
    paragraphs = [" · ".join(parts)]
    if change.strength is not None:
        note = docx[f"{change.strength.change}_note"]
        paragraphs.append(note.format(words=change.strength.words))
    if change.is_editorial and change.kind not in ("style_changed",):
        paragraphs.append(docx["editorial_note"])
    return tuple(paragraphs)


def summary_comment(diff: PolicyDiff, lang: str) -> tuple[str, ...]:
    """The paragraphs of the comment on the title: the summary of the whole diff."""
    words = words_for(lang)
    texts = words.redline
    paragraphs = [texts["summary"], render_summary(diff.summary(), lang)]
    for direction in ("weakened", "strengthened"):
        found = [c for c in diff.changes if c.strength and c.strength.change == direction]
        if not found:
            continue
        paragraphs.append(f"{texts[direction]} ({len(found)}):")
        for change in found:
            assert change.strength is not None
            trail = " › ".join(change.new_trail or change.old_trail)
            snippet = shorten(change.new_text or change.old_text or "", 110)
            where = f"{trail}: {snippet}" if trail else snippet
            paragraphs.append(f"{change.strength.words} – {where}")
    details = [change for change in diff.changes if change.node == "policy"]
    if details:
        paragraphs.append(f"{texts['details']}:")
    for change in details:
        if change.kind == "title_changed":
            paragraphs.append(_field_change(texts["title"], change.old_text, change.new_text, lang))
        elif change.kind == "metadata_changed" and change.old_metadata and change.new_metadata:
            before = dict(metadata_fields(change.old_metadata, lang))
            after = dict(metadata_fields(change.new_metadata, lang))
            for key in dict.fromkeys([*before, *after]):
                if before.get(key) != after.get(key):
                    paragraphs.append(_field_change(key, before.get(key), after.get(key), lang))
        elif change.kind == "decisions_changed":
            old = "; ".join(str(d) for d in change.old_decisions or ()) or None
            new = "; ".join(str(d) for d in change.new_decisions or ()) or None
            paragraphs.append(_field_change(words.page["decisions"], old, new, lang))
    return tuple(paragraphs)


def _field_change(field: str, before: str | None, after: str | None, lang: str) -> str:
    docx = words_for(lang).docx
    return docx["field_change"].format(
        field=field, before=before or docx["nothing"], after=after or docx["nothing"]
    )


def commented(change: Change) -> bool:
    """Whether a change gets a comment of its own (what its tracked text cannot say)."""
    return change.kind in _COMMENTED or change.strength is not None


def place_comment(paras: list[Para], key: str) -> None:
    """Anchor comment *key* on *paras*: its range from the start of the first to the end of
    the last, the reference in the last paragraph's revision (gone where its text goes)."""
    first, last = paras[0], paras[-1]
    first.content.insert(0, Marker("comment_start", key))
    rev = None
    if last.mark is not None:
        rev = INS if last.mark.new_only else DEL
    elif last.runs() and all(run.rev is not None for run in last.runs()):
        rev = plain(last.runs()[-1].rev)
    end = len(last.content)
    while end and isinstance(last.content[end - 1], Marker) and str(
        last.content[end - 1].kind  # type: ignore[union-attr]
    ).startswith("move"):
        end -= 1
    last.content.insert(end, Marker("comment_end", key, rev))


__all__ = ["change_comment", "commented", "place_comment", "place_text", "summary_comment"]
