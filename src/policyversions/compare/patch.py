"""Applying a :class:`~policyversions.compare.changes.PolicyDiff` to a policy.

``apply(old, diff(old, new)) == new`` exactly, and ``apply(new, diff(old, new).inverted()) ==
old``. The new tree is rebuilt from the old one:

* nodes the diff removed, moved away, split or merged leave their old parent; the other
  children of each surviving parent (*stayers*) keep their relative order;
* rewordings, renamings and lead-in, wrap-up and style changes rewrite their node;
  ``PolicyDiff.id_map`` gives surviving nodes their new ids;
* *arrivals* (moved nodes, and the content of added, split and merged nodes) are inserted at
  their new index among their new parent's children; the stayers fill the other places in order.
  Added content is carried whole, so arrivals into a node that is itself new are already there;
* title, metadata and decisions are replaced when the diff changes them.

A diff that does not fit raises :class:`~policyversions.compare.changes.PatchError`: an id it names
is missing or holds other text, an index does not fit, the result is not a valid policy, or the
policy's digest is not the one the diff was made from.
"""

from __future__ import annotations

from collections import defaultdict

import attrs

from ..errors import ModelError
from ..formats.digest import policy_digest
from ..model import (
    Cell,
    Commitment,
    CommitmentList,
    ListStyle,
    Node,
    Policy,
    Row,
    Section,
    Table,
    child_nodes,
    walk_blocks,
)
from .changes import Change, PatchError
from .policydiff import PolicyDiff
from .tree import ROOT, Tree

_POSITION_KINDS = {"added", "moved", "section_moved", "split", "merged"}
_EDIT_KINDS = {
    "reworded",
    "moved",
    "section_moved",
    "section_renamed",
    "lead_in_changed",
    "style_changed",
    "relabelled",
}

Arrival = tuple[int, str, Node | None]  # (new index, old id of a moved node or "", content)


def apply(policy: Policy, diff: PolicyDiff) -> Policy:
    """Return *policy* with *diff* applied; raise :class:`PatchError` if the diff does not fit."""
    if diff.old_digest and policy_digest(policy) != diff.old_digest:
        raise PatchError(
            "the diff was made from another revision of the policy",
            f"expected digest {diff.old_digest[:12]}…, got {policy_digest(policy)[:12]}…",
        )
    result = _Patcher(policy, diff).run()
    if diff.new_digest and policy_digest(result) != diff.new_digest:
        raise PatchError("the diff is inconsistent: its result does not have the expected digest")
    return result


class _Patcher:
    def __init__(self, policy: Policy, diff: PolicyDiff) -> None:
        self.policy = policy
        self.tree = Tree(policy)
        self.diff = diff
        self.id_map = dict(diff.id_map)
        self.gone: set[str] = set()
        self.edits: dict[str, dict[str, str | None]] = defaultdict(dict)
        self.arrivals: dict[str, list[Arrival]] = defaultdict(list)
        self.payload_ids: set[str] = set()
        self.title = policy.title
        self.metadata = policy.metadata
        self.decisions = policy.decisions

    def run(self) -> Policy:
        for change in self.diff.changes:
            self._read(change)
        kept_new_ids = {
            self.id_map.get(e.id, e.id) for e in self.tree.order if e.id not in self.gone
        }
        kept_new_ids.update(self.id_map.get(old, old) for _, old, _ in self._moved())
        for parent in self.arrivals:
            if parent not in kept_new_ids and parent not in self.payload_ids:
                raise PatchError(f"the diff inserts into unknown parent {parent!r}")
        for parent in self.payload_ids:
            self.arrivals.pop(parent, None)
        try:
            body = self._children(ROOT, ROOT)
            return Policy(self.title, body, self.metadata, self.decisions)
        except ModelError as error:
            raise PatchError(f"the diff does not make a valid policy: {error}") from error

    def _moved(self) -> list[Arrival]:
        return [a for arrivals in self.arrivals.values() for a in arrivals if a[1]]

    def _check(self, change: Change, number: int, old_id: str) -> None:
        entry = self.tree.entries.get(old_id)
        if entry is None or entry.node is None:
            raise PatchError(f"the diff's {change.kind} change names a missing node", old_id)
        if entry.kind != change.node:
            raise PatchError(
                f"the diff's {change.kind} change expects a {change.node}, found a {entry.kind}",
                old_id,
            )
        if change.kind in ("removed", "split", "merged"):
            if number >= len(change.old_content) or change.old_content[number] != entry.node:
                raise PatchError(f"the diff's {change.kind} change expects other content", old_id)
        elif _field(entry.node, change.field) != change.old_text:
            raise PatchError(
                f"the diff's {change.kind} change expects another {change.field}", old_id
            )

    def _read(self, change: Change) -> None:
        kind = change.kind
        if kind == "title_changed":
            if change.old_text != self.title:
                raise PatchError("the diff expects another title", repr(self.title[:40]))
            self.title = change.new_text or self.title
            return
        if kind == "metadata_changed":
            if change.new_metadata is None or change.old_metadata != self.metadata:
                raise PatchError("the diff expects other metadata")
            self.metadata = change.new_metadata
            return
        if kind == "decisions_changed":
            if change.new_decisions is None or change.old_decisions != self.decisions:
                raise PatchError("the diff expects other decisions")
            self.decisions = change.new_decisions
            return
        for number, old_id in enumerate(change.old_ids):
            self._check(change, number, old_id)
        if kind in ("removed", "split", "merged", "moved", "section_moved"):
            self.gone.update(change.old_ids)
        if kind in _EDIT_KINDS and change.old_ids:
            self.edits[change.old_ids[0]][change.field] = change.new_text
        if kind in _POSITION_KINDS:
            if change.new_parent is None or change.new_index is None:
                raise PatchError(f"the diff's {kind} change has no new position")
            if kind in ("moved", "section_moved"):
                self.arrivals[change.new_parent].append((change.new_index, change.old_ids[0], None))
            else:
                for offset, node in enumerate(change.new_content):
                    self.arrivals[change.new_parent].append((change.new_index + offset, "", node))
                    self.payload_ids.update(_subtree_ids(node))

    def _children(self, old_parent: str, new_parent: str) -> list[Node]:
        entry = self.tree.entries.get(old_parent)
        stayers = [c for c in entry.children if c not in self.gone] if entry else []
        arrivals = sorted(self.arrivals.get(new_parent, ()), key=lambda a: a[0])
        result: list[Node] = []
        stay = arrive = 0
        for position in range(len(stayers) + len(arrivals)):
            if arrive < len(arrivals) and arrivals[arrive][0] == position:
                _, moved_id, content = arrivals[arrive]
                arrive += 1
                result.append(content if content is not None else self._build(moved_id))
            elif stay < len(stayers):
                result.append(self._build(stayers[stay]))
                stay += 1
            else:
                break
        if arrive < len(arrivals) or stay < len(stayers):
            raise PatchError("the diff's positions do not fit", f"children of {new_parent!r}")
        return result

    def _build(self, old_id: str) -> Node:
        node = self.tree[old_id].node
        assert node is not None
        new_id = self.id_map.get(old_id, old_id)
        edits = self.edits.get(old_id, {})
        old_children = child_nodes(node)
        children: list[Node] = []
        if old_children or self.arrivals.get(new_id):
            children = self._children(old_id, new_id)
            unchanged = len(children) == len(old_children) and all(
                new is old for new, old in zip(children, old_children, strict=True)
            )
            if unchanged and not edits and new_id == old_id:
                return node  # reuse: nothing below it changed
        elif not edits and new_id == old_id:
            return node
        try:
            return _rebuilt(node, children, edits, new_id)
        except ModelError as error:
            raise PatchError(f"the diff does not make a valid node: {error.what}", old_id) from None


def _rebuilt(node: Node, children: list[Node], edits: dict[str, str | None], new_id: str) -> Node:
    """*node* with new *children*, the field *edits* made and its new id."""

    def edited(field: str, value: str | None) -> str | None:
        return edits.get(field, value)

    if isinstance(node, Section):
        return attrs.evolve(
            node,
            heading=edited("heading", node.heading),
            number=edited("number", node.number),
            children=children,
            id=new_id,
        )
    if isinstance(node, CommitmentList):
        return attrs.evolve(
            node,
            items=children,
            lead_in=edited("lead_in", node.lead_in),
            wrap_up=edited("wrap_up", node.wrap_up),
            style=_style(edited("style", node.style)),
            id=new_id,
        )
    if isinstance(node, Commitment):
        if len(children) > 1 or (children and not isinstance(children[0], CommitmentList)):
            raise PatchError("a point holds at most one list", node.id)
        sublist = children[0] if children else None
        assert sublist is None or isinstance(sublist, CommitmentList)
        return attrs.evolve(
            node,
            text=edited("text", node.text) or node.text,
            label=edited("label", node.label),
            sublist=sublist,
            id=new_id,
        )
    if isinstance(node, Table):
        return attrs.evolve(node, rows=children, caption=edited("caption", node.caption), id=new_id)
    if isinstance(node, Row):
        header = edited("header", "true" if node.header else "false")
        if header not in ("true", "false"):
            raise PatchError(f"a row's header flag is true or false, not {header!r}", node.id)
        return attrs.evolve(node, cells=children, header=header == "true", id=new_id)
    if isinstance(node, Cell):
        return attrs.evolve(node, text=edited("text", node.text) or "", id=new_id)
    return attrs.evolve(node, text=edited("text", node.text) or node.text, id=new_id)


def _style(value: str | None) -> ListStyle:
    if value not in ("bullet", "number"):
        raise PatchError(f"unknown list style {value!r}")
    return value  # type: ignore[return-value]


def _subtree_ids(node: Node) -> list[str]:
    return [n.id for n in walk_blocks((node,))]


def _field(node: Node, field: str) -> str | None:
    """The value of *field* (a change's ``field``) of *node*, as the diff writes it."""
    if isinstance(node, Section):
        return {"heading": node.heading, "number": node.number}.get(field)
    if isinstance(node, CommitmentList):
        values = {"lead_in": node.lead_in, "wrap_up": node.wrap_up, "style": node.style}
        return values.get(field)
    if isinstance(node, Commitment):
        return {"text": node.text, "label": node.label}.get(field)
    if isinstance(node, Table):
        return node.caption if field == "caption" else None
    if isinstance(node, Row):
        return {"text": node.text, "header": "true" if node.header else "false"}.get(field)
    return node.text if field == "text" else None
