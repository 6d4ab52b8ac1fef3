"""What marks a change in an HTML redline: word-level ``ins``/``del``, the struck-through text
at a moved node's old place, the small label (tag) naming a change, heading trails, and the
cutting of a split's word operations into its parts. Shared by the page
(:mod:`~policyversions.render.htmlredline`) and its document walk
(:mod:`~policyversions.render.redlinewriter`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from lxml import etree

from ..compare.changes import Change
from ..compare.wording import WordOp, word_ops
from .htmlpage import Line, Quoted, append_text, element, hidden, marked
from .placement import MOVES as MOVES
from .words import words_for

_BY_FIELD = ("lead_in_changed", "relabelled", "style_changed")


def kind_key(change: Change) -> str:
    """The key of *change* in :attr:`~policyversions.render.words.Words.change_kinds`: its
    kind, or for a change of a lead-in, label or style, the field that changed (``wrap_up``,
    ``caption``, ``number``, ``label``, ``header``, ...)."""
    return change.field if change.kind in _BY_FIELD else change.kind


def change_title(change: Change, lang: str) -> str:
    """What a change is, as the heading of its entry: the kind and the node ("Omformulerat ·
    stycke"), or the kind alone when its name already says the node ("Avsnitt flyttat", not
    "Avsnitt flyttat · avsnitt")."""
    words = words_for(lang)
    kind, node = words.change_kinds[kind_key(change)], words.nodes[change.node]
    return kind if node.lower() in kind.lower().split() else f"{kind} · {node}"


def style_text(change: Change, lang: str) -> str:
    """A style change's old and new style: "punktlista → numrerad lista" for a list, "rubrikrad
    → vanlig rad" for a table row."""
    texts = words_for(lang).redline
    if change.field == "header":
        old, new = (
            texts["header_row" if value == "true" else "body_row"]
            for value in (change.old_text, change.new_text)
        )
        return f"{old} → {new}"
    return f"{texts[change.old_text or 'bullet']} → {texts[change.new_text or 'bullet']}"


def mark_ops(parent: etree._Element, ops: Iterable[WordOp], lang: str) -> None:
    """Append a word-level redline: equal text plain, deleted in ``del``, inserted in ``ins``."""
    previous = "equal"
    for op, text in ops:
        if op == "equal":
            append_text(parent, text)
        else:
            node = marked(parent, op, text, lang)
            if op == "insert" and previous == "delete":
                node.set("class", "after-del")
        previous = op


def moved_away_text(parent: etree._Element, text: str, lang: str) -> etree._Element:
    """Append *text* struck through in italics, announced as moved away from here."""
    node = element(parent, "del", class_="moved")
    hidden(node, words_for(lang).page["moved_here"])
    append_text(node, text)
    hidden(node, words_for(lang).page["deleted_end"])
    return node


def change_tag(parent: etree._Element, change: Change, lang: str) -> etree._Element:
    """Add the small label naming *change* (kind, editorial, strength) as the first child."""
    texts = words_for(lang).redline
    key = kind_key(change)
    tag = element(None, "span", class_="tag")
    parent.insert(0, tag)
    tag.tail, parent.text = parent.text, None
    tag.text = words_for(lang).change_kinds[key]
    if change.is_editorial:
        append_text(tag, f" · {texts['editorial']}")
    if change.strength is not None:
        append_text(tag, " · ")
        element(
            tag,
            "span",
            f"{texts[change.strength.change + '_tag']}: {change.strength.words}",
            class_="strength",
        )
    return tag


def trail_text(trail: Sequence[str], lang: str) -> str:
    """A heading trail as plain text: ``Ledarskap › Mål``, or "(översta nivån)" / "(top
    level)"."""
    return " › ".join(trail) if trail else f"({words_for(lang).redline['top']})"


def trail_line(trail: Sequence[str], lang: str) -> Line:
    """A heading trail as a :data:`~policyversions.render.htmlpage.Line`: each heading
    :class:`~policyversions.render.htmlpage.Quoted` (isolated), joined by ``›``."""
    if not trail:
        return (f"({words_for(lang).redline['top']})",)
    parts: list[str | Quoted] = []
    for heading in trail:
        if parts:
            parts.append(" › ")
        parts.append(Quoted(heading))
    return tuple(parts)


def listed_changes(old: Sequence[str], new: Sequence[str]) -> list[tuple[WordOp, ...]]:
    """Two lists of short texts (the decisions before and after) as lines of word operations,
    in order: a text kept is one equal line, a text changed one line with only its changed words
    marked (``§ 12`` → ``§ 14``), a text added or removed one inserted or deleted line."""
    lines: list[tuple[WordOp, ...]] = []
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        before, after = old[old_start:old_end], new[new_start:new_end]
        if tag == "equal":
            lines.extend((("equal", text),) for text in before)
            continue
        paired = min(len(before), len(after))
        lines.extend(word_ops(a, b) for a, b in zip(before[:paired], after[:paired], strict=True))
        lines.extend((("delete", text),) for text in before[paired:])
        lines.extend((("insert", text),) for text in after[paired:])
    return lines


def shorten(text: str, width: int) -> str:
    """*text*, cut to *width* characters with an ellipsis when longer."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def split_ops(ops: Sequence[WordOp], parts: Sequence[str]) -> list[list[WordOp]] | None:
    """Cut the word-level *ops* of a split (old text against the *parts* joined by one space)
    into one list of ops per part; deletions stay with the part where they occur.

    Returns ``None`` when the ops do not spell the joined parts.
    """
    if not parts:
        return None
    ends: list[int] = []
    position = 0
    for part in parts:
        ends.append(position + len(part))
        position += len(part) + 1
    result: list[list[WordOp]] = [[] for _ in parts]
    current = 0
    position = 0
    for op, text in ops:
        if op == "delete":
            result[current].append((op, text))
            continue
        while text:
            end = ends[current]
            if position < end:
                take = min(len(text), end - position)
                result[current].append((op, text[:take]))
                text = text[take:]
                position += take
            elif current + 1 < len(parts):
                if text[0] != " ":
                    return None
                text = text[1:]
                position += 1
                current += 1
            else:
                return None
    for number, part in enumerate(parts):
        if "".join(text for op, text in result[number] if op != "delete") != part:
            return None
    return result
