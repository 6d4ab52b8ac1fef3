"""A terminal redline of a :class:`~policyversions.compare.changes.PolicyDiff`.

The summary comes first, then one entry per change in new-document order: a marker
(``+`` added, ``-`` removed, ``~`` reworded or renamed, ``>`` moved, ``<`` split, ``>`` merged),
the kind and node, the ids, where it sits (the heading trail), and the text. Reworded text shows
the word-level redline. Without colour, deletions are written ``[-so-]`` and insertions ``{+so+}``
(the wdiff convention, readable when printed or piped); with colour, deletions are red and struck
through and insertions green and underlined, so the difference never rests on colour alone.
Text from the policy that holds a bidirectional control or right-to-left script is put between
U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE, so that in a terminal that lays
out bidirectional text it cannot reorder the markers and labels around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from ..compare.changes import Change
from ..compare.policydiff import PolicyDiff
from ..compare.wording import WordOp
from ..model import (
    Cell,
    Commitment,
    CommitmentList,
    Metadata,
    Node,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    policy_language,
)
from .htmlpage import decision_text, isolated, metadata_fields
from .marks import MOVES, change_title, listed_changes, style_text
from .summary import render_summary
from .words import LANGUAGES, words_for

_PROVISION = re.compile(r"§|\d+\s?[a-z]?\s?§", re.IGNORECASE)
_RESET = "\x1b[0m"
_STYLES = {
    "delete": "\x1b[31;9m",
    "insert": "\x1b[32;4m",
    "heading": "\x1b[1m",
    "dim": "\x1b[2m",
    "weak": "\x1b[1;33m",
}
_MARKERS = {
    "added": "+",
    "removed": "-",
    "reworded": "~",
    "moved": ">",
    "section_moved": ">",
    "split": "<",
    "merged": ">",
}
def render_text_redline(
    diff: PolicyDiff,
    *,
    old: Policy | None = None,
    new: Policy | None = None,
    color: bool = False,
    lang: str | None = None,
) -> str:
    """Return a readable terminal redline of *diff*, summary first.

    Given the two revisions *old* and *new*, a header names the policy and both decisions.
    *color* adds ANSI styles (use it only for a terminal); *lang* is ``"sv"`` or ``"en"``, by
    default the language of *new* (:func:`~policyversions.model.language.policy_language`),
    Swedish without it.
    """
    if lang is None:
        lang = policy_language(new) if new is not None else LANGUAGES[0]
    labels = words_for(lang).redline
    paint = _Painter(color)
    lines = _header(old, new, lang, paint)
    summary = _indent(render_summary(diff.summary(), lang))
    lines += [paint("heading", labels["summary"]), summary, ""]
    if not diff.changes:
        lines.append(labels["none"])
        return "\n".join(lines) + "\n"
    lines.append(paint("heading", f"{labels['changes']} ({len(diff.changes)})"))
    moved = _Moved(
        frozenset(i for c in diff.changes if c.kind in MOVES for i in c.old_ids),
        frozenset(i for c in diff.changes if c.kind in MOVES for i in c.new_ids),
    )
    for change in diff.changes:
        lines.append("")
        lines.extend(_change(change, lang, paint, moved))
    return "\n".join(lines) + "\n"


class _Painter:
    """Wraps text in an ANSI style when colour is on; leaves it alone otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.color and text else text


def _header(old: Policy | None, new: Policy | None, lang: str, paint: _Painter) -> list[str]:
    """The title and both revisions' latest decisions, each with when it takes effect."""
    if old is None or new is None:
        return []
    title = (
        isolated(new.title)
        if old.title == new.title
        else f"{isolated(old.title)} → {isolated(new.title)}"
    )
    lines = [paint("heading", title)]
    if old.decision or new.decision:
        before, after = decision_text(old.decision, lang), decision_text(new.decision, lang)
        lines.append(f"    {isolated(before)} → {isolated(after)}")
    return [*lines, ""]


def _trail(trail: Iterable[str], labels: Mapping[str, str]) -> str:
    parts = [isolated(heading) for heading in trail]
    return " › ".join(parts) if parts else f"({labels['top']})"


def _ids(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "–"


class _Moved(NamedTuple):
    """The nodes that moved: their old ids (gone from a removed subtree, shown where they went)
    and new ids (in an added subtree, but not new: their own entries say where from)."""

    old_ids: frozenset[str]
    new_ids: frozenset[str]


def _change(change: Change, lang: str, paint: _Painter, moved: _Moved) -> list[str]:
    labels = words_for(lang).redline
    marker = _MARKERS.get(change.kind, "~")
    flags = [labels[change.classification]]
    if change.strength is not None:
        flags.append(
            paint("weak", f"{labels[change.strength.change + '_tag']}: {change.strength.words}")
        )
    title = f"{marker} {change_title(change, lang)}"
    lines = [paint("heading", title) + f" [{', '.join(flags)}]"]
    if change.node != "policy":
        old_where = f"{_ids(change.old_ids)} {labels['in']} {_trail(change.old_trail, labels)}"
        new_where = f"{_ids(change.new_ids)} {labels['in']} {_trail(change.new_trail, labels)}"
        if change.old_ids and change.new_ids and old_where != new_where:
            lines.append(paint("dim", f"    {labels['from']} {old_where}"))
            lines.append(paint("dim", f"    {labels['to']}   {new_where}"))
        else:
            lines.append(paint("dim", f"    {new_where if change.new_ids else old_where}"))
    if change.old_metadata is not None and change.new_metadata is not None:
        lines.extend(_metadata_lines(change.old_metadata, change.new_metadata, lang, paint))
    elif change.old_decisions is not None and change.new_decisions is not None:
        lines.extend(_decision_lines(change, lang, paint))
    elif change.ops:
        lines.append(_indent(_redline(change.ops, paint)))
    elif change.kind == "style_changed":
        lines.append(_indent(style_text(change, lang)))
    elif change.kind == "added" and change.new_content:
        lines.extend(_content(change.new_content, "insert", paint, moved.new_ids))
    elif change.kind == "removed" and change.old_content:
        lines.extend(_content(change.old_content, "delete", paint, moved.old_ids))
    elif change.kind == "added" or (change.old_text is None and change.new_text):
        lines.append(_indent(_mark("insert", change.new_text or "", paint)))
    elif change.kind == "removed" or (change.new_text is None and change.old_text):
        lines.append(_indent(_mark("delete", change.old_text or "", paint)))
    elif change.old_text != change.new_text:
        before = _mark("delete", change.old_text or "", paint)
        after = _mark("insert", change.new_text or "", paint)
        lines.append(_indent(f"{before} {after}".strip()))
    elif change.new_text:
        lines.append(_indent(isolated(change.new_text)))
    return lines


def _decision_lines(change: Change, lang: str, paint: _Painter) -> list[str]:
    """A change of the decisions, each decision cited in *lang* on a line of its own, only the
    words that changed marked."""
    old = [decision_text(decision, lang) for decision in change.old_decisions or ()]
    new = [decision_text(decision, lang) for decision in change.new_decisions or ()]
    return [_indent(_redline(line, paint)) for line in listed_changes(old, new)]


def _metadata_lines(old: Metadata, new: Metadata, lang: str, paint: _Painter) -> list[str]:
    """One line per metadata field that differs: the field's label, then old and new value."""
    before, after = dict(metadata_fields(old, lang)), dict(metadata_fields(new, lang))
    lines = []
    for key in dict.fromkeys([*before, *after]):
        if before.get(key) != after.get(key):
            old_value = _mark("delete", before.get(key, ""), paint)
            new_value = _mark("insert", after.get(key, ""), paint)
            lines.append(_indent(f"{isolated(key)}: {old_value} {new_value}".rstrip()))
    return lines


def _content(
    nodes: Iterable[Node],
    op: str | None,
    paint: _Painter,
    moved: frozenset[str],
    depth: int = 1,
) -> list[str]:
    """The whole subtree of an added or removed node, every text marked, but for a node that
    moved into it or out of it: that one is shown unmarked behind ``>`` (its own entry says
    where it came from or went)."""
    lines: list[str] = []
    for node in nodes:
        if op is not None and node.id in moved:
            inner = _node_content(node, None, paint, moved, depth)
            inner[0] = "    " * depth + "> " + inner[0][4 * depth :]
            lines.extend(inner)
        else:
            lines.extend(_node_content(node, op, paint, moved, depth))
    return lines


def _node_content(
    node: Node, op: str | None, paint: _Painter, moved: frozenset[str], depth: int
) -> list[str]:
    """The lines of *node* and its subtree (see :func:`_content`)."""
    pad = "    " * depth
    if isinstance(node, Section):
        # "§" marks a heading, unless the heading is a provision that cites one ("4 §")
        title = node.title if _PROVISION.match(node.title) else f"§ {node.title}"
        children = _content(node.children, op, paint, moved, depth + 1)
        return [pad + _mark(op, title, paint), *children]
    if isinstance(node, CommitmentList):
        lines = [pad + _mark(op, node.lead_in, paint)] if node.lead_in else []
        for number, item in enumerate(node.items, start=1):
            label = isolated(item.label or ("•" if node.style == "bullet" else f"{number}."))
            item_op, mark = (None, "> ") if op is not None and item.id in moved else (op, "")
            lines.append(f"{pad}  {mark}{label} " + _mark(item_op, item.text, paint))
            if item.sublist is not None:
                lines.extend(_content((item.sublist,), item_op, paint, moved, depth + 1))
        if node.wrap_up:
            lines.append(pad + _mark(op, node.wrap_up, paint))
        return lines
    if isinstance(node, Table):
        lines = [pad + _mark(op, node.caption, paint)] if node.caption else []
        return lines + _content(node.rows, op, paint, moved, depth)
    if isinstance(node, Row):
        return [f"{pad}| " + " | ".join(_mark(op, cell.text, paint) for cell in node.cells) + " |"]
    if isinstance(node, Commitment):
        return [f"{pad}{isolated(node.label or '•')} " + _mark(op, node.text, paint)]
    assert isinstance(node, Paragraph | Cell)
    return [pad + _mark(op, node.text, paint)]


def _mark(op: str | None, text: str, paint: _Painter) -> str:
    if not text:
        return ""
    text = isolated(text)
    if op is None:
        return text
    if paint.color:
        return paint(op, text)
    return f"[-{text}-]" if op == "delete" else f"{{+{text}+}}"


def _redline(ops: Iterable[WordOp], paint: _Painter) -> str:
    return "".join(isolated(text) if op == "equal" else _mark(op, text, paint) for op, text in ops)


def _indent(text: str, width: int = 96) -> str:
    """Indent *text* by four spaces and wrap it at *width* columns on spaces."""
    out: list[str] = []
    line = "   "
    for word in text.split(" "):
        if len(line) + 1 + len(word) > width and line.strip():
            out.append(line)
            line = "   "
        line += " " + word
    out.append(line)
    return "\n".join(out)
