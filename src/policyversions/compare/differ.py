"""Computing the :class:`~policyversions.compare.changes.PolicyDiff` between two revisions.

:func:`diff` pairs the nodes of both revisions (:mod:`policyversions.compare.matching`), then
reports:

* every matched node whose text, heading, lead-in, wrap-up or style changed, or that moved. A
  matched child is *moved* when its parent changed, or when it is not in the longest increasing
  subsequence of its parent's matched children (by old position); the others keep their relative
  order. A move and a rewording of the same node are one change;
* every unmatched new node whose parent is matched as ``added`` (its subtree is carried whole
  and its children are not reported again), every unmatched old node whose parent is matched as
  ``removed``; splits and merges found by the matcher;
* title, metadata and decision changes first.

Changes come in new-document order; a removal sits after the nearest preceding old node that
survived. Each change is classified *editorial* or *substantive* and, for commitments (read with
their lead-in), paragraphs and lead-ins, checked for a weakened or strengthened obligation.
"""

from __future__ import annotations

from typing import Literal

import attrs

from ..formats.digest import policy_digest
from ..formats.policyjson import metadata_to_dict
from ..model import Commitment, CommitmentList, Metadata, Node, Policy, Row, Section, Table
from .changes import Change, ChangeKind, Classification, NodeKind
from .matching import cycle_collection_paused, match
from .modality import Strength, commitment_modal, compare, from_ops, modal
from .order import longest_increasing
from .policydiff import PolicyDiff
from .tree import ROOT, Entry, Matching, Tree
from .wording import WordOp, is_editorial, word_ops

_PLAIN_LEAVES = frozenset({"paragraph", "commitment", "cell"})
"""Kinds whose every change shows in their text and label (a row's header flag does not)."""


def diff(old: Policy, new: Policy) -> PolicyDiff:
    """Return the changes that turn *old* into *new* (``apply(old, diff(old, new)) == new``)."""
    with cycle_collection_paused():  # many small objects, no cycles (see the function)
        old_tree, new_tree = Tree(old), Tree(new)
        matching = match(old_tree, new_tree)
        return _Differ(old_tree, new_tree, matching).run()


def _kind_of(entry: Entry) -> NodeKind:
    return entry.kind  # type: ignore[return-value]


def _classify(old: str | None, new: str | None) -> Classification:
    return "editorial" if is_editorial(old, new) else "substantive"


def _list_text_change(
    kind: ChangeKind,
    field: Literal["lead_in", "wrap_up"],
    old: CommitmentList,
    new: CommitmentList,
    classification: Classification,
    common: dict[str, object],
) -> Change:
    """The change of a kept list's lead-in or wrap-up text (*field*), with its word operations
    and any change of obligation strength it carries."""
    old_text, new_text = getattr(old, field), getattr(new, field)
    return Change(
        kind=kind,
        field=field,
        old_text=old_text,
        new_text=new_text,
        ops=_optional_ops(old_text, new_text),
        classification=classification,
        strength=compare(modal(old_text), modal(new_text)),
        **common,  # type: ignore[arg-type]
    )


class _Differ:
    def __init__(self, old: Tree, new: Tree, matching: Matching) -> None:
        self.old = old
        self.new = new
        self.m = matching
        self.moved = self._moves()
        self.split_of = {ids[0]: (source, ids) for source, ids in matching.splits}
        self.split_members = {i for _, ids in matching.splits for i in ids}
        self.split_sources = {source for source, _ in matching.splits}
        self.merge_into = {target: sources for sources, target in matching.merges}
        self.merge_sources = {i for sources, _ in matching.merges for i in sources}

    def _moves(self) -> set[str]:
        """Return the new ids of matched nodes that moved."""
        moved: set[str] = set()
        reverse, old_entries = self.m.reverse, self.old.entries
        parents = [self.new[ROOT], *self.new.of_kind("section", "list", "table", "commitment")]
        for parent in parents:
            old_parent = reverse.get(parent.id)
            staying: list[str] = []
            positions: list[int] = []
            for child in parent.children:
                old_child = reverse.get(child)
                if old_child is None:
                    continue
                old_entry = old_entries[old_child]
                if old_parent is not None and old_entry.parent == old_parent:
                    staying.append(child)
                    positions.append(old_entry.index)
                else:
                    moved.add(child)
            if positions != sorted(positions):  # in order (the usual case): nothing moved
                keep = longest_increasing(positions)
                moved.update(child for i, child in enumerate(staying) if i not in keep)
        return moved

    def run(self) -> PolicyDiff:
        keyed: list[tuple[tuple[int, int, int], Change]] = []
        for change in self._policy_changes():
            keyed.append(((-1, 0, len(keyed)), change))
        self._walk_new(keyed)
        self._walk_old(keyed)
        keyed.sort(key=lambda pair: pair[0])
        entries = self.old.entries
        id_map = tuple(
            sorted(
                ((old_id, new_id) for old_id, new_id in self.m.pairs.items() if old_id != new_id),
                key=lambda pair: entries[pair[0]].order,
            )
        )
        return PolicyDiff(
            changes=tuple(change for _, change in keyed),
            id_map=id_map,
            old_digest=policy_digest(self.old.policy),
            new_digest=policy_digest(self.new.policy),
        )

    # -- policy level ------------------------------------------------------------------------

    def _policy_changes(self) -> list[Change]:
        old, new = self.old.policy, self.new.policy
        changes = []
        if old.title != new.title:
            ops = word_ops(old.title, new.title)
            changes.append(
                Change(
                    kind="title_changed",
                    node="policy",
                    field="title",
                    old_text=old.title,
                    new_text=new.title,
                    ops=ops,
                    classification=_classify(old.title, new.title),
                )
            )
        if old.metadata != new.metadata:
            old_text, new_text = _metadata_texts(old.metadata, new.metadata)
            changes.append(
                Change(
                    kind="metadata_changed",
                    node="policy",
                    field="metadata",
                    old_text=old_text,
                    new_text=new_text,
                    old_metadata=old.metadata,
                    new_metadata=new.metadata,
                )
            )
        if old.decisions != new.decisions:
            changes.append(
                Change(
                    kind="decisions_changed",
                    node="policy",
                    field="decisions",
                    old_text="; ".join(str(d) for d in old.decisions) or None,
                    new_text="; ".join(str(d) for d in new.decisions) or None,
                    old_decisions=old.decisions,
                    new_decisions=new.decisions,
                )
            )
        return changes

    # -- new side: kept, added, split, merged ------------------------------------------------

    def _walk_new(self, keyed: list[tuple[tuple[int, int, int], Change]]) -> None:
        reverse, old_entries, moved = self.m.reverse, self.old.entries, self.moved
        for entry in self.new.order[1:]:
            old_id = reverse.get(entry.id)
            if old_id is not None:
                old = old_entries[old_id]
                if (
                    old.text == entry.text
                    and old.label == entry.label
                    and entry.kind in _PLAIN_LEAVES
                    and entry.id not in moved
                ):
                    continue  # unchanged and in place: the usual case, made quick
                for number, change in enumerate(self._kept(old, entry)):
                    keyed.append(((entry.order, 0, number), change))
                continue
            key = (entry.order, 0, 0)
            if entry.id in self.split_of:
                source, ids = self.split_of[entry.id]
                keyed.append((key, self._split(self.old[source], [self.new[i] for i in ids])))
            elif entry.id in self.merge_into:
                sources = [self.old[i] for i in self.merge_into[entry.id]]
                keyed.append((key, self._merge(sources, entry)))
            elif entry.id not in self.split_members and self._parent_stays(entry):
                keyed.append((key, self._added(entry)))

    def _parent_stays(self, entry: Entry) -> bool:
        return entry.parent == ROOT or entry.parent in self.m.reverse

    def _position(self, old: Entry | None, new: Entry | None) -> dict[str, object]:
        values: dict[str, object] = {}
        if old is not None:
            values.update(old_parent=old.parent, old_index=old.index, old_trail=old.trail)
        if new is not None:
            values.update(new_parent=new.parent, new_index=new.index, new_trail=new.trail)
        return values

    def _kept(self, old: Entry, new: Entry) -> list[Change]:
        moved = new.id in self.moved
        node = _kind_of(new)
        common = {
            "node": node,
            "old_ids": (old.id,),
            "new_ids": (new.id,),
            **self._position(old, new),
        }
        changes: list[Change] = []
        if node == "section":
            changes.extend(self._kept_section(old, new, moved, common))
        elif node == "list":
            changes.extend(self._kept_list(old, new, moved, common))
        elif node == "table":
            changes.extend(self._kept_table(old, new, moved, common))
        elif node == "row":
            changes.extend(self._kept_row(old, new, moved, common))
        elif moved or old.text != new.text:
            ops = word_ops(old.text, new.text) if old.text != new.text else ()
            leaf_kind: ChangeKind = "moved" if moved else "reworded"
            strength = self._leaf_strength(old, new, ops)
            if strength is not None and (old.children or new.children):
                strength = attrs.evolve(
                    strength,
                    old_points=self._points(self.old, old),
                    new_points=self._points(self.new, new),
                )
            changes.append(
                Change(
                    kind=leaf_kind,
                    field="text",
                    old_text=old.text,
                    new_text=new.text,
                    ops=ops,
                    classification=self._classify_move(old, new, moved),
                    strength=strength,
                    **common,  # type: ignore[arg-type]
                )
            )
        if old.label != new.label and node in ("section", "commitment"):
            changes.append(
                Change(
                    kind="relabelled",
                    field="number" if node == "section" else "label",
                    old_text=old.label,
                    new_text=new.label,
                    ops=_optional_ops(old.label, new.label),
                    classification=_classify(old.label, new.label),
                    **common,  # type: ignore[arg-type]
                )
            )
        return changes

    def _kept_section(
        self, old: Entry, new: Entry, moved: bool, common: dict[str, object]
    ) -> list[Change]:
        old_node, new_node = old.node, new.node
        assert isinstance(old_node, Section) and isinstance(new_node, Section)
        kind: ChangeKind = "section_moved" if moved else "section_renamed"
        return self._kept_titled(
            old, new, moved, common, kind, "heading", old_node.heading, new_node.heading
        )

    def _kept_table(
        self, old: Entry, new: Entry, moved: bool, common: dict[str, object]
    ) -> list[Change]:
        old_node, new_node = old.node, new.node
        assert isinstance(old_node, Table) and isinstance(new_node, Table)
        kind: ChangeKind = "moved" if moved else "lead_in_changed"
        return self._kept_titled(
            old, new, moved, common, kind, "caption", old_node.caption, new_node.caption
        )

    def _kept_titled(
        self,
        old: Entry,
        new: Entry,
        moved: bool,
        common: dict[str, object],
        kind: ChangeKind,
        field: str,
        old_text: str | None,
        new_text: str | None,
    ) -> list[Change]:
        """The one change of a kept section or table: moved, or its heading or caption
        changed in place (nothing when neither)."""
        if not moved and old_text == new_text:
            return []
        return [
            Change(
                kind=kind,
                field=field,
                old_text=old_text,
                new_text=new_text,
                ops=_optional_ops(old_text, new_text),
                classification=self._classify_move(old, new, moved),
                **common,  # type: ignore[arg-type]
            )
        ]

    def _kept_row(
        self, old: Entry, new: Entry, moved: bool, common: dict[str, object]
    ) -> list[Change]:
        """A row's own changes: moved, or a header row made a body row (or back). What changed
        in its cells is reported cell by cell."""
        old_node, new_node = old.node, new.node
        assert isinstance(old_node, Row) and isinstance(new_node, Row)
        changes = []
        if moved:
            changes.append(
                Change(
                    kind="moved",
                    field="text",
                    old_text=old.text,
                    new_text=new.text,
                    classification="substantive",
                    **common,  # type: ignore[arg-type]
                )
            )
        if old_node.header != new_node.header:
            changes.append(
                Change(
                    kind="style_changed",
                    field="header",
                    old_text=_flag(old_node.header),
                    new_text=_flag(new_node.header),
                    classification="editorial",
                    **common,  # type: ignore[arg-type]
                )
            )
        return changes

    @staticmethod
    def _classify_move(old: Entry, new: Entry, moved: bool) -> Classification:
        # Only white space, hyphenation, punctuation, case and dash or quote style are editorial;
        # a new order (of commitments, which often reads as priority) is not among them.
        if moved:
            return "substantive"
        return _classify(old.text, new.text)

    @staticmethod
    def _context(tree: Tree, entry: Entry) -> list[str | None]:
        """The texts a point completes, nearest first: its list's lead-in, then, for a list
        nested under a point, that point's text and its own list's lead-in, and so on."""
        texts: list[str | None] = []
        current = entry
        while True:
            parent = tree[current.parent or ROOT]
            if not isinstance(parent.node, CommitmentList):
                return texts
            texts.append(parent.node.lead_in)
            holder = tree[parent.parent or ROOT]
            if not isinstance(holder.node, Commitment):
                return texts
            texts.append(holder.node.text)
            current = holder

    def _leaf_strength(self, old: Entry, new: Entry, ops: tuple[WordOp, ...]) -> Strength | None:
        if new.kind == "commitment":
            old_context, new_context = self._context(self.old, old), self._context(self.new, new)
            if (
                old_context != new_context
                and modal(old.text) is None
                and modal(new.text) is None
                and old.parent is not None
                and self.m.pairs.get(old.parent) == new.parent
            ):
                return None  # the change of the text it completes reports it, with its points
            found = compare(
                commitment_modal(old.text, *old_context),
                commitment_modal(new.text, *new_context),
            )
            if found is not None:
                return found
        return from_ops(ops)

    def _points(self, tree: Tree, holder: Entry) -> int:
        """How many points take their force from *holder* (a list's lead-in, or a point that
        the points nested under it complete): those without a modal word of their own, with the
        points nested under them that have none either."""
        count = 0
        lists = [holder] if holder.kind == "list" else [tree[i] for i in holder.children]
        while lists:
            current = lists.pop()
            for child in current.children:
                point = tree[child]
                if modal(point.text) is None:
                    count += 1
                    lists.extend(tree[i] for i in point.children)
        return count

    def _kept_list(
        self, old: Entry, new: Entry, moved: bool, common: dict[str, object]
    ) -> list[Change]:
        old_node, new_node = old.node, new.node
        assert isinstance(old_node, CommitmentList) and isinstance(new_node, CommitmentList)
        changes: list[Change] = []
        if moved or old_node.lead_in != new_node.lead_in:
            kind: ChangeKind = "moved" if moved else "lead_in_changed"
            classification = self._classify_move(old, new, moved)
            change = _list_text_change(kind, "lead_in", old_node, new_node, classification, common)
            if change.strength is not None:
                change = attrs.evolve(
                    change,
                    strength=attrs.evolve(
                        change.strength,
                        old_points=self._points(self.old, old),
                        new_points=self._points(self.new, new),
                    ),
                )
            changes.append(change)
        if old_node.wrap_up != new_node.wrap_up:
            classification = _classify(old_node.wrap_up, new_node.wrap_up)
            changes.append(
                _list_text_change(
                    "lead_in_changed", "wrap_up", old_node, new_node, classification, common
                )
            )
        if old_node.style != new_node.style:
            changes.append(
                Change(
                    kind="style_changed",
                    field="style",
                    old_text=old_node.style,
                    new_text=new_node.style,
                    classification="editorial",
                    **common,  # type: ignore[arg-type]
                )
            )
        return changes

    def _added(self, entry: Entry) -> Change:
        node = entry.node
        assert node is not None
        return Change(
            kind="added",
            node=_kind_of(entry),
            new_ids=(entry.id,),
            field=_main_field(entry),
            new_text=entry.text or None,
            new_content=(node,),
            **self._position(None, entry),  # type: ignore[arg-type]
        )

    def _split(self, source: Entry, parts: list[Entry]) -> Change:
        joined = " ".join(part.text for part in parts)
        ops = word_ops(source.text, joined)
        return Change(
            kind="split",
            node=_kind_of(source),
            old_ids=(source.id,),
            new_ids=tuple(part.id for part in parts),
            old_text=source.text,
            new_text=joined,
            ops=ops,
            classification=_classify(source.text, joined),
            strength=from_ops(ops),
            old_content=(_node(source),),
            new_content=tuple(_node(part) for part in parts),
            **self._position(source, parts[0]),  # type: ignore[arg-type]
        )

    def _merge(self, sources: list[Entry], target: Entry) -> Change:
        joined = " ".join(source.text for source in sources)
        ops = word_ops(joined, target.text)
        return Change(
            kind="merged",
            node=_kind_of(target),
            old_ids=tuple(source.id for source in sources),
            new_ids=(target.id,),
            old_text=joined,
            new_text=target.text,
            ops=ops,
            classification=_classify(joined, target.text),
            strength=from_ops(ops),
            old_content=tuple(_node(source) for source in sources),
            new_content=(_node(target),),
            **self._position(sources[0], target),  # type: ignore[arg-type]
        )

    # -- old side: removed -------------------------------------------------------------------

    def _walk_old(self, keyed: list[tuple[tuple[int, int, int], Change]]) -> None:
        pairs, new_entries = self.m.pairs, self.new.entries
        anchor = -1  # the position in the new document order of the last old node that survived
        for entry in self.old.order[1:]:
            partner = pairs.get(entry.id)
            if partner is not None:
                anchor = new_entries[partner].order
                continue
            if entry.id in self.split_sources or entry.id in self.merge_sources:
                continue
            if entry.parent == ROOT or entry.parent in pairs:
                change = Change(
                    kind="removed",
                    node=_kind_of(entry),
                    old_ids=(entry.id,),
                    field=_main_field(entry),
                    old_text=entry.text or None,
                    old_content=(_node(entry),),
                    **self._position(entry, None),  # type: ignore[arg-type]
                )
                keyed.append(((anchor, 1, entry.order), change))


def _node(entry: Entry) -> Node:
    assert entry.node is not None
    return entry.node


def _main_field(entry: Entry) -> str:
    return {"section": "heading", "list": "lead_in", "table": "caption"}.get(entry.kind, "text")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _optional_ops(old: str | None, new: str | None) -> tuple[WordOp, ...]:
    if old == new or old is None or new is None:
        return ()
    return word_ops(old, new)


def _metadata_texts(old: Metadata, new: Metadata) -> tuple[str | None, str | None]:
    old_data, new_data = metadata_to_dict(old), metadata_to_dict(new)
    old_parts, new_parts = [], []
    for name, old_value in old_data.items():
        new_value = new_data[name]
        if name == "extra":
            old_extra, new_extra = dict(old.extra), dict(new.extra)
            for key in [*old_extra, *[k for k in new_extra if k not in old_extra]]:
                if old_extra.get(key) != new_extra.get(key):
                    if key in old_extra:
                        old_parts.append(f"{key}: {old_extra[key]}")
                    if key in new_extra:
                        new_parts.append(f"{key}: {new_extra[key]}")
            continue
        if old_value != new_value:
            if old_value not in (None, []):
                old_parts.append(f"{name}: {_show(old_value)}")
            if new_value not in (None, []):
                new_parts.append(f"{name}: {_show(new_value)}")
    return "; ".join(old_parts) or None, "; ".join(new_parts) or None


def _show(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


__all__ = ["diff"]
