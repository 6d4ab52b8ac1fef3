"""A printable HTML redline of a :class:`~policyversions.changes.PolicyDiff`.

:func:`render_redline` writes one self-contained page (rules in :mod:`policyversions.htmlpage`:
lxml-built, no script, no external resource, strict Content-Security-Policy, A4 print CSS,
readable in black and white). Top to bottom:

1. a header: the policy's title and the latest decision of each revision
   (``Reviderad KF 2007-06-18 § 118 → Reviderad KF 2019-02-25 § 12``; "utan beslut" / "no
   decision" when a revision has none);
2. the summary: the plain-language :meth:`~policyversions.summary.Summary.text`, the weakened
   and strengthened obligations listed first (each linking to its place), then a table of the
   counts by kind and by class (substantive / editorial);
3. a legend;
4. changes to the document's details (title, metadata field by field, decisions), if any;
5. either the whole new revision with every change marked in place (the default), or, with
   ``changes_only=True``, one entry per change in the diff's (new-document) order.

Markup of a change:

* insertions are ``ins`` (underlined), deletions ``del`` (struck through); each announces its
  start and end to screen readers with visually hidden text ("infogat: " … " (slut
  infogat)"). A reworded text shows the word-level ``ops``; an added or removed node shows its
  whole subtree inserted or deleted;
* the element of a changed node carries ``data-change="<kind>"`` (the
  :class:`~policyversions.changes.Change` kind) and ``data-node``, a change bar in the margin
  (``border-left``: solid, dashed for a move, dotted at a moved node's old place) and a small
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

import contextlib
from collections.abc import Iterable, Iterator, Sequence

from lxml import etree

from .changes import CHANGE_KINDS, Change, PolicyDiff
from .digest import policy_digest
from .errors import DiffError
from .htmlpage import (
    BodyWriter,
    append_text,
    decision_text,
    element,
    hidden,
    labels,
    marked,
    metadata_fields,
    page,
    serialize,
)
from .model import (
    Block,
    Commitment,
    CommitmentList,
    Node,
    Paragraph,
    Policy,
    Section,
    walk_blocks,
)
from .wording import WordOp

_TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "kicker": "Jämförelse mellan två versioner",
        "summary": "Sammanfattning",
        "legend": "Teckenförklaring",
        "details": "Ändrade uppgifter om dokumentet",
        "document": "Dokumentet med ändringarna markerade",
        "changes": "Ändringar",
        "none": "Inga ändringar.",
        "weakened": "Försvagade skyldigheter",
        "strengthened": "Skärpta skyldigheter",
        "weakened_tag": "FÖRSVAGAD",
        "strengthened_tag": "SKÄRPT",
        "editorial": "redaktionell",
        "substantive": "saklig",
        "kind": "Ändring",
        "count": "Antal",
        "by_kind": "Antal ändringar per slag",
        "substantive_row": "Sakliga ändringar",
        "editorial_row": "Redaktionella ändringar",
        "total": "Totalt",
        "top": "översta nivån",
        "in": "i",
        "from": "från",
        "to": "till",
        "moved_from": "hit från",
        "moved_to": "härifrån till",
        "item": "punkt",
        "position": "plats",
        "split_from": "Uppdelad",
        "merged_from": "Sammanslagen",
        "field": "Uppgift",
        "before": "Före",
        "after": "Efter",
        "title": "Titel",
        "bullet": "punktlista",
        "number": "numrerad lista",
        "legend_ins": "ny text",
        "legend_ins_text": "Understruken text har lagts till.",
        "legend_del": "gammal text",
        "legend_del_text": "Genomstruken text har tagits bort.",
        "legend_moved": "flyttad text",
        "legend_moved_text": (
            "Kursiv genomstruken text (prickat streck i marginalen) har flyttats härifrån; "
            "en länk leder till den nya platsen, och den nya platsen länkar tillbaka."
        ),
        "legend_bar": "Streck i marginalen",
        "legend_bar_text": (
            "Heldraget streck: något har ändrats här. Streckat: flyttat hit. "
            "Prickat: flyttat härifrån."
        ),
        "legend_tag": "Etikett",
        "legend_tag_text": (
            "En liten rubrik över varje ändring säger vad som har hänt, om ändringen bara är "
            "redaktionell och om en skyldighet har försvagats eller skärpts."
        ),
    },
    "en": {
        "kicker": "Comparison of two revisions",
        "summary": "Summary",
        "legend": "Legend",
        "details": "Changes to the document's details",
        "document": "The document with changes marked",
        "changes": "Changes",
        "none": "No changes.",
        "weakened": "Weakened obligations",
        "strengthened": "Strengthened obligations",
        "weakened_tag": "WEAKENED",
        "strengthened_tag": "STRENGTHENED",
        "editorial": "editorial",
        "substantive": "substantive",
        "kind": "Change",
        "count": "Count",
        "by_kind": "Number of changes by kind",
        "substantive_row": "Substantive changes",
        "editorial_row": "Editorial changes",
        "total": "Total",
        "top": "top level",
        "in": "in",
        "from": "from",
        "to": "to",
        "moved_from": "here from",
        "moved_to": "away from here to",
        "item": "item",
        "position": "position",
        "split_from": "Split",
        "merged_from": "Merged",
        "field": "Field",
        "before": "Before",
        "after": "After",
        "title": "Title",
        "bullet": "bulleted list",
        "number": "numbered list",
        "legend_ins": "new text",
        "legend_ins_text": "Underlined text was inserted.",
        "legend_del": "old text",
        "legend_del_text": "Struck-through text was deleted.",
        "legend_moved": "moved text",
        "legend_moved_text": (
            "Italic struck-through text (a dotted bar in the margin) was moved away from here; "
            "a link leads to its new place, and the new place links back."
        ),
        "legend_bar": "Bar in the margin",
        "legend_bar_text": (
            "Solid: something changed here. Dashed: moved here. Dotted: moved away from here."
        ),
        "legend_tag": "Label",
        "legend_tag_text": (
            "A small label above each change says what happened, whether the change is only "
            "editorial, and whether an obligation was weakened or strengthened."
        ),
    },
}

_KINDS: dict[str, dict[str, str]] = {
    "sv": {
        "added": "Tillagt",
        "removed": "Struket",
        "reworded": "Omformulerat",
        "moved": "Flyttat",
        "split": "Uppdelat",
        "merged": "Sammanslaget",
        "section_renamed": "Ny rubrik",
        "section_moved": "Avsnitt flyttat",
        "lead_in_changed": "Ny inledning eller avslutning",
        "lead_in": "Ny inledning",
        "wrap_up": "Ny avslutning",
        "style_changed": "Ny punktstil",
        "title_changed": "Ny titel",
        "metadata_changed": "Ändrade uppgifter",
        "decisions_changed": "Ändrade beslut",
    },
    "en": {
        "added": "Added",
        "removed": "Removed",
        "reworded": "Reworded",
        "moved": "Moved",
        "split": "Split",
        "merged": "Merged",
        "section_renamed": "Section renamed",
        "section_moved": "Section moved",
        "lead_in_changed": "New lead-in or wrap-up",
        "lead_in": "New lead-in",
        "wrap_up": "New wrap-up",
        "style_changed": "New list style",
        "title_changed": "Title changed",
        "metadata_changed": "Metadata changed",
        "decisions_changed": "Decisions changed",
    },
}

_NODES = {
    "sv": {
        "section": "avsnitt",
        "paragraph": "stycke",
        "list": "lista",
        "commitment": "åtagande",
        "policy": "dokumentet",
    },
    "en": {
        "section": "section",
        "paragraph": "paragraph",
        "list": "list",
        "commitment": "commitment",
        "policy": "document",
    },
}

_MOVES = ("moved", "section_moved")


def render_redline(
    diff: PolicyDiff,
    *,
    old: Policy,
    new: Policy,
    lang: str = "sv",
    changes_only: bool = False,
) -> str:
    """Return a printable, self-contained HTML redline of *diff* from *old* to *new*.

    By default the whole new revision is shown with every change marked in place;
    ``changes_only=True`` lists the changes alone, in document order. *lang* is ``"sv"``
    (default) or ``"en"``; anything else raises ``ValueError``. A diff that was not made from
    *old* and *new* (its digests do not match) raises :class:`~policyversions.errors.DiffError`.
    """
    labels(lang)
    for side, policy, digest in (("old", old, diff.old_digest), ("new", new, diff.new_digest)):
        if digest and policy_digest(policy) != digest:
            raise DiffError(
                "the diff was not made from this revision", f"{side} revision {policy.title!r}"
            )
    texts = _TEXTS[lang]
    root, body = page(f"{texts['kicker']}: {new.title}", lang)
    _header(body, old, new, lang)
    writer = _RedlineWriter(diff, old, new, lang)
    _summary(body, diff, writer, lang)
    _legend(body, lang)
    policy_changes = [change for change in diff.changes if change.node == "policy"]
    if policy_changes:
        _policy_changes(body, policy_changes, lang)
    main = element(body, "main")
    if changes_only:
        node_changes = [change for change in diff.changes if change.node != "policy"]
        element(main, "h2", f"{texts['changes']} ({len(node_changes)})")
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


def _header(body: etree._Element, old: Policy, new: Policy, lang: str) -> None:
    header = element(body, "header")
    element(header, "p", _TEXTS[lang]["kicker"], class_="kicker")
    element(header, "h1", new.title)
    before = decision_text(old.decision, lang)
    after = decision_text(new.decision, lang)
    element(header, "p", f"{before} → {after}", class_="decision")


def _summary(body: etree._Element, diff: PolicyDiff, writer: _RedlineWriter, lang: str) -> None:
    texts = _TEXTS[lang]
    summary = diff.summary()
    block = element(body, "section", class_="summary")
    element(block, "h2", texts["summary"])
    element(block, "p", summary.text(lang))
    for direction in ("weakened", "strengthened"):
        found = [
            change
            for change in diff.changes
            if change.strength is not None and change.strength.change == direction
        ]
        if not found:
            continue
        part = element(block, "div", class_=f"strength-list {direction}")
        element(part, "h3", f"{texts[direction]} ({len(found)})")
        items = element(part, "ul")
        for change in found:
            assert change.strength is not None
            item = element(items, "li")
            element(item, "strong", change.strength.words)
            append_text(item, " – ")
            target = writer.target_of(change)
            link = element(item, "a", href=f"#{target}") if target else element(item, "span")
            trail = " › ".join(change.new_trail or change.old_trail)
            snippet = _shorten(change.new_text or change.old_text or "", 110)
            link.text = f"{trail}: {snippet}" if trail else snippet
    table = element(block, "table", class_="counts")
    element(table, "caption", texts["by_kind"])
    head = element(element(table, "thead"), "tr")
    element(head, "th", texts["kind"], scope="col")
    element(head, "th", texts["count"], scope="col")
    rows = element(table, "tbody")
    counts = dict(summary.by_kind)
    for kind in CHANGE_KINDS:
        if counts.get(kind):
            row = element(rows, "tr", data_kind=kind)
            element(row, "th", _KINDS[lang][kind], scope="row")
            element(row, "td", str(counts[kind]), class_="count")
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


def _legend(body: etree._Element, lang: str) -> None:
    texts = _TEXTS[lang]
    block = element(body, "section", class_="legend")
    element(block, "h2", texts["legend"])
    terms = element(block, "dl")
    marked(element(terms, "dt"), "insert", texts["legend_ins"], lang)
    element(terms, "dd", texts["legend_ins_text"])
    marked(element(terms, "dt"), "delete", texts["legend_del"], lang)
    element(terms, "dd", texts["legend_del_text"])
    _moved_away_text(element(terms, "dt"), texts["legend_moved"], lang)
    element(terms, "dd", texts["legend_moved_text"])
    term = element(terms, "dt")
    element(term, "span", texts["legend_bar"], class_="bar")
    element(terms, "dd", texts["legend_bar_text"])
    element(element(terms, "dt"), "span", texts["legend_tag"], class_="tag")
    element(terms, "dd", texts["legend_tag_text"])


def _policy_changes(body: etree._Element, changes: Iterable[Change], lang: str) -> None:
    texts = _TEXTS[lang]
    block = element(body, "section", class_="details")
    element(block, "h2", texts["details"])
    for change in changes:
        entry = element(block, "div", data_change=change.kind, data_node="policy")
        _tag(entry, change, lang)
        if change.kind == "title_changed":
            line = element(entry, "p")
            append_text(line, f"{texts['title']}: ")
            _ops(line, change.ops, lang)
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
            old_list = [str(d) for d in change.old_decisions or ()]
            new_list = [str(d) for d in change.new_decisions or ()]
            table = element(entry, "table", class_="decisions")
            head = element(element(table, "thead"), "tr")
            element(head, "th", texts["before"], scope="col")
            element(head, "th", texts["after"], scope="col")
            row = element(element(table, "tbody"), "tr")
            for cell_values, op in ((old_list, "delete"), (new_list, "insert")):
                cell = element(row, "td")
                listing = element(cell, "ul")
                for value in cell_values:
                    kept = value in (new_list if op == "delete" else old_list)
                    item = element(listing, "li")
                    if kept:
                        append_text(item, value)
                    else:
                        marked(item, op, value, lang)


def _before_after_table(
    parent: etree._Element, rows: Sequence[tuple[str, str | None, str | None]], lang: str
) -> None:
    texts = _TEXTS[lang]
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


# --- marking helpers ----------------------------------------------------------------------


def _ops(parent: etree._Element, ops: Iterable[WordOp], lang: str) -> None:
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


def _moved_away_text(parent: etree._Element, text: str, lang: str) -> etree._Element:
    """Append *text* struck through in italics, announced as moved away from here."""
    node = element(parent, "del", class_="moved")
    hidden(node, labels(lang)["moved_here"])
    append_text(node, text)
    hidden(node, labels(lang)["deleted_end"])
    return node


def _tag(parent: etree._Element, change: Change, lang: str) -> etree._Element:
    """Add the small label naming *change* (kind, editorial, strength) as the first child."""
    texts = _TEXTS[lang]
    key: str = change.kind
    if change.kind == "lead_in_changed":
        key = change.field
    tag = element(None, "span", class_="tag")
    parent.insert(0, tag)
    tag.tail, parent.text = parent.text, None
    tag.text = _KINDS[lang][key]
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


def _trail(trail: Sequence[str], lang: str) -> str:
    return " › ".join(trail) if trail else f"({_TEXTS[lang]['top']})"


def _shorten(text: str, width: int) -> str:
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


# --- the document walk --------------------------------------------------------------------


class _RedlineWriter(BodyWriter):
    """Writes the new revision with the diff's changes marked (see the module docstring)."""

    def __init__(self, diff: PolicyDiff, old: Policy, new: Policy, lang: str) -> None:
        super().__init__(lang)
        self.diff = diff
        self.texts = _TEXTS[lang]
        self.mode: str | None = None  # "insert" inside an added subtree, "delete" in a removed one
        self.old_children: dict[str, list[str]] = {}
        self.new_children: dict[str, list[str]] = {}
        self.new_place: dict[str, tuple[str, int]] = {}
        _children(old.body, "", self.old_children, {})
        _children(new.body, "", self.new_children, self.new_place)
        self.by_new: dict[str, list[Change]] = {}
        self.moved_by_old: dict[str, Change] = {}
        for change in diff.changes:
            if change.node == "policy":
                continue
            for new_id in change.new_ids:
                self.by_new.setdefault(new_id, []).append(change)
            if change.kind in _MOVES and change.old_id and change.old_id not in self.moved_by_old:
                self.moved_by_old[change.old_id] = change
        self.old_to_new = self._old_to_new(old, new)
        self.placed: dict[str, list[tuple[int, int, Change]]] = {}
        for change in diff.changes:
            if change.kind == "removed" or change.kind in _MOVES:
                self._place(change)

    # -- where things go -------------------------------------------------------------------

    def _old_to_new(self, old: Policy, new: Policy) -> dict[str, str]:
        """Map every matched old node id to its new id, from the diff alone."""
        unmatched_old: set[str] = set()
        unmatched_new: set[str] = set()
        matched_old: set[str] = set()
        for change in self.diff.changes:
            if change.kind == "removed":
                unmatched_old.update(node.id for node in walk_blocks(change.old_content))
            elif change.kind == "added":
                unmatched_new.update(node.id for node in walk_blocks(change.new_content))
            elif change.kind in ("split", "merged"):
                unmatched_old.update(change.old_ids)
                unmatched_new.update(change.new_ids)
            elif change.node != "policy":
                matched_old.update(change.old_ids)
        mapping = dict(self.diff.id_map)
        taken = set(mapping.values())
        new_ids = {node.id for node in new.walk()}
        for node in old.walk():
            if node.id in mapping:
                continue
            if node.id in unmatched_old and node.id not in matched_old:
                continue
            if node.id in new_ids and node.id not in taken and node.id not in unmatched_new:
                mapping[node.id] = node.id
        return mapping

    def _place(self, change: Change) -> None:
        """Find where a removed node or a moved node's old place goes among the new children."""
        old_id, old_parent, old_index = change.old_id, change.old_parent, change.old_index
        if old_id is None or old_parent is None or old_index is None:
            return
        parent = "" if old_parent == "" else self.old_to_new.get(old_parent)
        if parent is None or parent not in self.new_children:
            return
        after = -1
        for sibling in reversed(self.old_children.get(old_parent, [])[:old_index]):
            partner = self.old_to_new.get(sibling)
            if partner is not None and self.new_place.get(partner, ("?", 0))[0] == parent:
                after = self.new_place[partner][1]
                break
        self.placed.setdefault(parent, []).append((after, old_index, change))

    def target_of(self, change: Change) -> str | None:
        """The anchor a link to *change* should point at."""
        if change.new_id:
            return change.new_id
        return f"old-{change.old_id}" if change.old_id else None

    # -- walking ---------------------------------------------------------------------------

    def anchor(self, node: etree._Element, anchor_id: str) -> None:
        """Node ids of the old revision (inside a removed subtree) become ``old-<id>``."""
        if anchor_id and self.mode == "delete":
            anchor_id = f"old-{anchor_id}"
        super().anchor(node, anchor_id)

    def blocks(
        self, parent: etree._Element, blocks: Iterable[Block], parent_id: str, level: int
    ) -> None:
        """Write *blocks*, with removed nodes and old places of moved nodes in between."""
        pending = self._pending(parent_id)
        for index, block in enumerate(blocks):
            while pending and pending[0][0] < index:
                self._old_place(parent, pending.pop(0)[2], level)
            self.block(parent, block, level)
        for entry in pending:
            self._old_place(parent, entry[2], level)

    def items(self, parent: etree._Element, block: CommitmentList) -> None:
        """Write the items, with removed items and old places of moved items in between."""
        pending = self._pending(block.id)
        numbered = block.style == "number"
        for index, item in enumerate(block.items):
            while pending and pending[0][0] < index:
                self._old_place(parent, pending.pop(0)[2], 0)
            node = self.item(parent, item, block)
            if numbered:
                node.set("value", str(index + 1))
        for entry in pending:
            self._old_place(parent, entry[2], 0)

    @contextlib.contextmanager
    def _in_mode(self, mode: str | None) -> Iterator[None]:
        """Write with *mode* (``"insert"``, ``"delete"`` or ``None``), then restore the mode."""
        saved, self.mode = self.mode, mode
        try:
            yield
        finally:
            self.mode = saved

    def _pending(self, parent_id: str) -> list[tuple[int, int, Change]]:
        if self.mode is not None:
            return []
        return sorted(self.placed.get(parent_id, []), key=lambda entry: (entry[0], entry[1]))

    def block(self, parent: etree._Element, block: Block, level: int) -> etree._Element:
        """Write one block; an added block is written inserted, with its subtree."""
        if self.mode == "delete" and block.id in self.moved_by_old:
            return self._moved_away(parent, self.moved_by_old[block.id], block, level)
        if self._moved_into_added(block.id):
            with self._in_mode(None):
                return self.block(parent, block, level)
        added = self._change(block.id, "added")
        if added is None or self.mode is not None:
            node = super().block(parent, block, level)
            self._decorate_block(node, block)
            return node
        with self._in_mode("insert"):
            node = super().block(parent, block, level)
        self._mark_node(node, added, "new")
        return node

    def item(
        self, parent: etree._Element, item: Commitment, block: CommitmentList
    ) -> etree._Element:
        """Write a list item: inserted when added, a stub when moved out of a removed list."""
        if self.mode == "delete" and item.id in self.moved_by_old:
            return self._moved_away(parent, self.moved_by_old[item.id], item, 0)
        if self._moved_into_added(item.id):
            with self._in_mode(None):
                return self.item(parent, item, block)
        added = self._change(item.id, "added")
        if added is None or self.mode is not None:
            return super().item(parent, item, block)
        with self._in_mode("insert"):
            node = super().item(parent, item, block)
        self._mark_node(node, added, "new")
        return node

    def _moved_into_added(self, new_id: str) -> bool:
        """Whether *new_id*, inside an added subtree, is a node moved there (shown as moved)."""
        return self.mode == "insert" and any(
            change.kind in _MOVES for change in self.by_new.get(new_id, ())
        )

    def _change(self, new_id: str, *kinds: str) -> Change | None:
        if self.mode == "delete":
            return None
        for change in self.by_new.get(new_id, ()):
            if change.kind in kinds:
                return change
        return None

    def _mark_node(self, node: etree._Element, change: Change, place: str) -> None:
        node.set("data-change", change.kind)
        node.set("data-node", change.node)
        if change.kind in _MOVES or change.kind in ("split", "merged"):
            node.set("data-place", place)
        if node.tag == "section":
            heading = node[0]
            _tag(heading, change, self.lang)
        else:
            _tag(node, change, self.lang)

    def _decorate_block(self, node: etree._Element, block: Block) -> None:
        """Mark a list that moved or changed style (sections and leaves mark themselves)."""
        if not isinstance(block, CommitmentList) or self.mode is not None:
            return
        for change in self.by_new.get(block.id, ()):
            if change.kind in _MOVES or change.kind == "style_changed":
                if node.get("data-change") is None:
                    self._mark_node(node, change, "new")
                    self._move_link(node[0], change)
                if change.kind == "style_changed":
                    node.insert(1, element(None, "p", self._style_text(change), class_="where"))

    def _style_text(self, change: Change) -> str:
        """A list's old and new style, e.g. "punktlista → numrerad lista"."""
        return (
            f"{self.texts[change.old_text or 'bullet']} → {self.texts[change.new_text or 'bullet']}"
        )

    def _move_link(self, tag: etree._Element, change: Change) -> None:
        """Append the link from a moved node's new place to its old place to the label."""
        if change.kind not in _MOVES or tag.get("class") != "tag":
            return
        append_text(tag, f" · {self.texts['moved_from']} ")
        link = element(tag, "a", href=f"#old-{change.old_id}")
        link.text = self._place_text(change, "old")

    def _place_text(self, change: Change, side: str) -> str:
        """Where a node sat or sits: its heading trail and its position among its siblings."""
        trail = change.old_trail if side == "old" else change.new_trail
        index = change.old_index if side == "old" else change.new_index
        text = _trail(trail, self.lang)
        if index is not None:
            word = self.texts["item" if change.node == "commitment" else "position"]
            text += f", {word} {index + 1}"
        return text

    def heading_text(self, heading: etree._Element, section: Section) -> None:
        """Mark an inserted or deleted heading, a renamed heading's words, a moved section."""
        if self.mode is not None:
            marked(heading, self.mode, section.heading, self.lang)
            return
        change = self._change(section.id, "section_renamed", "section_moved")
        if change is None:
            append_text(heading, section.heading)
            return
        if change.ops:
            _ops(heading, change.ops, self.lang)
        else:
            append_text(heading, section.heading)
        heading.set("data-change", change.kind)
        heading.set("data-node", "section")
        if change.kind == "section_moved":
            heading.set("data-place", "new")
        self._move_link(_tag(heading, change, self.lang), change)

    def leaf_text(self, node: etree._Element, leaf: Paragraph | Commitment) -> None:
        """Mark a leaf: inserted, deleted, reworded, moved, split or merged."""
        if self.mode is not None:
            marked(node, self.mode, leaf.text, self.lang)
            return
        change = self._change(leaf.id, "reworded", "moved", "split", "merged")
        if change is None:
            append_text(node, leaf.text)
            return
        if change.kind == "split":
            self._split_part(node, leaf, change)
        elif change.ops:
            _ops(node, change.ops, self.lang)
        else:
            append_text(node, leaf.text)
        if change.kind == "merged":
            for old_id in change.old_ids:
                self._old_anchor(node, old_id)
        self._mark_node(node, change, "new")
        self._move_link(node[0], change)

    def _split_part(
        self, node: etree._Element, leaf: Paragraph | Commitment, change: Change
    ) -> None:
        parts = [_node_text(item) for item in change.new_content]
        pieces = split_ops(change.ops, parts)
        index = change.new_ids.index(leaf.id)
        if index == 0 and change.old_id:
            self._old_anchor(node, change.old_id)
        if pieces is None:
            append_text(node, leaf.text)
        else:
            _ops(node, pieces[index], self.lang)

    def _old_anchor(self, node: etree._Element, old_id: str) -> None:
        anchor = element(node, "span", class_="anchor")
        super().anchor(anchor, f"old-{old_id}")

    def list_text(self, node: etree._Element, block: CommitmentList, field: str) -> None:
        """Mark a list's lead-in or wrap-up: inserted, deleted or reworded."""
        text = getattr(block, field) or ""
        if self.mode is not None:
            marked(node, self.mode, text, self.lang)
            return
        change = next(
            (
                change
                for change in self.by_new.get(block.id, ())
                if change.field == field and change.kind in ("lead_in_changed", *_MOVES)
            ),
            None,
        )
        if change is None or not change.ops:
            append_text(node, text)
        else:
            _ops(node, change.ops, self.lang)
        if change is not None and change.kind == "lead_in_changed":
            self._mark_node(node, change, "new")

    def _old_place(self, parent: etree._Element, change: Change, level: int) -> None:
        """Write a removed node, or the old place of a moved node, at its old position."""
        if change.kind == "removed":
            self.removed(parent, change, level)
        elif change.old_id:
            self._moved_away(parent, change, None, level)

    def removed(self, parent: etree._Element, change: Change, level: int) -> None:
        """Write the removed subtree of *change*, every text deleted."""
        with self._in_mode("delete"):
            for node in change.old_content:
                if isinstance(node, Commitment):
                    element_ = element(parent, "li")
                    self.anchor(element_, node.id)
                    marked(element_, "delete", node.text, self.lang)
                else:
                    element_ = super().block(parent, node, max(level, 1))
        self._mark_node(element_, change, "old")

    def _moved_away(
        self, parent: etree._Element, change: Change, node: Node | None, level: int
    ) -> etree._Element:
        """Write the old place of a moved node: its text struck through in italics, linking to
        its new place."""
        tag = "li" if parent.tag in ("ul", "ol") else "div"
        stub = element(parent, tag)
        super().anchor(stub, f"old-{change.old_id}")
        stub.set("data-change", change.kind)
        stub.set("data-node", change.node)
        stub.set("data-place", "old")
        label = element(stub, "span", class_="tag")
        label.text = f"{_KINDS[self.lang][change.kind]} {self.texts['moved_to']} "
        link = element(label, "a", href=f"#{change.new_id}")
        link.text = self._place_text(change, "new")
        text = change.old_text
        if not text and node is not None:
            text = _node_text(node)
        if not text:
            old = next(iter(change.old_content), None)
            text = _node_text(old) if old is not None else ""
        if not text and change.node == "list":
            text = "(" + _NODES[self.lang]["list"] + ")"
        _moved_away_text(stub, text, self.lang)
        return stub

    # -- changes only ----------------------------------------------------------------------

    def change_entry(self, parent: etree._Element, change: Change) -> None:
        """Write one change as an ``article``: what, where, and the text marked."""
        texts = self.texts
        entry = element(parent, "article", class_="change")
        entry.set("data-change", change.kind)
        entry.set("data-node", change.node)
        key = change.field if change.kind == "lead_in_changed" else change.kind
        element(entry, "h3", f"{_KINDS[self.lang][key]} · {_NODES[self.lang][change.node]}")
        old_where = _trail(change.old_trail, self.lang)
        new_where = _trail(change.new_trail, self.lang)
        where = element(entry, "p", class_="where")
        if change.kind in _MOVES:
            old_place, new_place = self._place_text(change, "old"), self._place_text(change, "new")
            where.text = f"{texts['from']} {old_place} {texts['to']} {new_place}"
        elif change.old_ids and change.new_ids and old_where != new_where:
            where.text = f"{texts['from']} {old_where} {texts['to']} {new_where}"
        else:
            where.text = f"{texts['in']} {new_where if change.new_ids else old_where}"
        flags = []
        if change.is_editorial:
            flags.append(texts["editorial"])
        if change.strength is not None:
            strength = element(None, "span", class_="strength")
            strength.text = f"{texts[change.strength.change + '_tag']}: {change.strength.words}"
            label = element(entry, "p", class_="tag")
            label.append(strength)
        if flags:
            element(entry, "p", " · ".join(flags), class_="tag")
        for old_id in change.old_ids:
            self._old_anchor(entry, old_id)
        self._entry_body(entry, change)

    def _entry_body(self, entry: etree._Element, change: Change) -> None:
        if change.kind in ("added", "removed"):
            added = change.kind == "added"
            with self._in_mode("insert" if added else "delete"):
                self._content(entry, change.new_content if added else change.old_content)
            return
        if change.kind == "style_changed":
            element(entry, "p", self._style_text(change))
            return
        container = entry
        if change.node == "commitment":
            container = element(entry, "ul")
        tag = "li" if change.node == "commitment" else "p"
        if change.kind == "split":
            pieces = split_ops(change.ops, [_node_text(item) for item in change.new_content])
            for number, new_id in enumerate(change.new_ids):
                part = element(container, tag)
                self.anchor(part, new_id)
                if pieces is None:
                    if number == 0:
                        _ops(part, change.ops, self.lang)
                else:
                    _ops(part, pieces[number], self.lang)
            return
        text = element(container, tag)
        self.anchor(text, change.new_id or "")
        if change.ops:
            _ops(text, change.ops, self.lang)
        elif change.old_text is None and change.new_text:
            marked(text, "insert", change.new_text, self.lang)
        elif change.new_text is None and change.old_text:
            marked(text, "delete", change.old_text, self.lang)
        else:
            append_text(text, change.new_text or change.old_text or "")

    def _content(self, parent: etree._Element, nodes: Iterable[Node]) -> None:
        listing: etree._Element | None = None
        for node in nodes:
            if isinstance(node, Commitment):
                if listing is None:
                    listing = element(parent, "ul")
                item = element(listing, "li")
                self.anchor(item, node.id)
                marked(item, self.mode or "insert", node.text, self.lang)
            else:
                BodyWriter.block(self, parent, node, 2)


def _children(
    blocks: Iterable[Block],
    parent: str,
    children: dict[str, list[str]],
    place: dict[str, tuple[str, int]],
) -> None:
    """Record every node's children ids and every node's (parent id, index)."""
    ids = children.setdefault(parent, [])
    for index, block in enumerate(blocks):
        ids.append(block.id)
        place[block.id] = (parent, index)
        if isinstance(block, Section):
            _children(block.children, block.id, children, place)
        elif isinstance(block, CommitmentList):
            items = children.setdefault(block.id, [])
            for number, item in enumerate(block.items):
                items.append(item.id)
                place[item.id] = (block.id, number)


def _node_text(node: Node) -> str:
    if isinstance(node, Section):
        return node.heading
    if isinstance(node, CommitmentList):
        return node.lead_in or node.items[0].text
    return node.text


def _drop_dangling_links(root: etree._Element) -> None:
    """Turn links to anchors that are not on the page into plain text."""
    ids = {node.get("id") for node in root.iter() if node.get("id")}
    for link in list(root.iter("a")):
        href = link.get("href") or ""
        if href.startswith("#") and href[1:] not in ids:
            del link.attrib["href"]
            link.tag = "span"


__all__ = ["render_redline", "split_ops"]
