"""What a diff reports: :class:`Change` values collected in a :class:`PolicyDiff`.

A change has a ``kind``:

``added`` / ``removed``
    a node (with its whole subtree, in ``new_content`` / ``old_content``) appeared or went away;
    the children of an added or removed node are not listed separately.
``reworded``
    a paragraph's, commitment's or table cell's text changed in place (``ops`` holds the
    word-level redline).
``moved``
    a paragraph, list, commitment, table or table row changed parent or left the order of its
    siblings; when its text changed too, the same change carries the rewording
    (``is_reworded``); a row's cells report their own rewording.
``split`` / ``merged``
    one item (paragraph, point or row) became several adjacent items (``new_ids``), or several
    adjacent items became one.
``section_renamed`` / ``section_moved``
    a section's heading changed / a section moved (and perhaps was renamed too).
``relabelled``
    a provision's number (``field == "number"``: ``4 §`` → ``5 §``) or a point's label
    (``field == "label"``: ``a)`` → ``b)``) changed.
``lead_in_changed``
    a list's lead-in (``field == "lead_in"``) or wrap-up (``field == "wrap_up"``), or a table's
    caption (``field == "caption"``) changed.
``style_changed``
    a list changed between ``bullet`` and ``number`` (``field == "style"``), or a table row
    became or stopped being a header row (``field == "header"``: ``"true"``/``"false"``).
``title_changed`` / ``metadata_changed`` / ``decisions_changed``
    the policy's title, metadata or decisions changed (``node == "policy"``).

Every change carries the ids on both sides (``old_ids`` / ``new_ids``; ``old_id`` / ``new_id``
name the first), the ``node`` kind (``section``, ``paragraph``, ``list``, ``commitment``,
``table``, ``row``, ``cell``, ``policy``), the texts before and after, and the heading trails
(titles of the enclosing sections, from the root; a cell's trail ends with the name of its row).
``classification`` is ``editorial`` when the texts differ only in white space, punctuation, case or
dash and quote style, else ``substantive``; a move, even within its list, is always ``substantive``
(a new order is not one of those forms). ``strength`` reports a weakened or strengthened obligation
(``ska → bör``).

Positions: ``old_parent``/``new_parent`` are parent ids (``""`` is the policy body) and
``old_index``/``new_index`` the index among the parent's children (for a split, of the first new
item). Together with ``PolicyDiff.id_map`` (``[old id, new id]`` of every matched node whose id
changed) they let :func:`~policyversions.compare.patch.apply` rebuild the new revision exactly.

JSON shape (:meth:`PolicyDiff.to_json`)::

    {"format": "policyversions-diff", "version": 2,
     "old_digest": "<sha256>", "new_digest": "<sha256>",
     "id_map": [["sec_3", "sec_4"], ...],
     "changes": [{"kind": "reworded", "node": "commitment",
                  "old_ids": ["sec_3__list_1__point_2"], "new_ids": [...],
                  "field": "text", "old_text": "...", "new_text": "...",
                  "old_trail": ["Ledarskap"], "new_trail": ["Ledarskap"],
                  "old_parent": "sec_3__list_1", "old_index": 1,
                  "new_parent": "sec_3__list_1", "new_index": 1,
                  "ops": [["equal", "Du "], ["delete", "ska"], ["insert", "bör"], ...],
                  "classification": "substantive",
                  "strength": {"change": "weakened", "old": "ska", "new": "bör",
                               "old_points": 0, "new_points": 0},
                  "old_content": [<node>, ...], "new_content": [<node>, ...],
                  "old_metadata": null, "new_metadata": null,
                  "old_decisions": null, "new_decisions": null}, ...]}

``<node>`` is a node in the form of :func:`policyversions.formats.policyjson.node_to_dict`
(tagged by ``"type"``: ``section``, ``paragraph``, ``list``, ``commitment``, ``table``, ``row``
or ``cell``, with its whole subtree);
``old_metadata``/``new_metadata`` (set by ``metadata_changed``) are in the form of
:func:`~policyversions.formats.policyjson.metadata_to_dict` (``extra`` an object ``{key: value}``);
``old_decisions``/``new_decisions`` (set by ``decisions_changed``) are lists of
:meth:`Decision.to_dict() <policyversions.model.decision.Decision.to_dict>` objects. The digests are
:func:`~policyversions.formats.digest.policy_digest` of the two revisions.

Reading a diff (:meth:`PolicyDiff.from_json`, :meth:`PolicyDiff.from_dict`) raises
:class:`~policyversions.errors.DiffError` for anything that does not fit, content included;
:class:`~policyversions.errors.PatchError` is raised when applying one. Both live in
:mod:`policyversions.errors` and can be imported from here too.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from ..errors import DiffError as DiffError
from ..errors import PatchError as PatchError
from ..formats.policyjson import metadata_from_dict, metadata_to_dict, node_from_dict, node_to_dict
from ..model import Decision, Metadata, Node
from .modality import Strength, StrengthChange
from .wording import WordOp, invert_ops

ChangeKind = Literal[
    "added",
    "removed",
    "reworded",
    "moved",
    "split",
    "merged",
    "section_renamed",
    "section_moved",
    "lead_in_changed",
    "style_changed",
    "relabelled",
    "title_changed",
    "metadata_changed",
    "decisions_changed",
]
CHANGE_KINDS: tuple[str, ...] = ChangeKind.__args__  # type: ignore[attr-defined]
NodeKind = Literal["section", "paragraph", "list", "commitment", "table", "row", "cell", "policy"]
Classification = Literal["editorial", "substantive"]

FORMAT = "policyversions-diff"
VERSION = 2
READ_VERSIONS = (1, 2)
"""Version 1 diffs (before provisions, labels, nested points and tables) read as well."""

_INVERSE_KIND: dict[str, ChangeKind] = {
    "added": "removed",
    "removed": "added",
    "split": "merged",
    "merged": "split",
}


@attrs.frozen(kw_only=True)
class Change:
    """One change between two revisions; see the module docstring for the kinds and fields."""

    kind: ChangeKind
    node: NodeKind
    old_ids: tuple[str, ...] = ()
    new_ids: tuple[str, ...] = ()
    field: str = "text"
    old_text: str | None = None
    new_text: str | None = None
    old_trail: tuple[str, ...] = ()
    new_trail: tuple[str, ...] = ()
    old_parent: str | None = None
    old_index: int | None = None
    new_parent: str | None = None
    new_index: int | None = None
    ops: tuple[WordOp, ...] = ()
    classification: Classification = "substantive"
    strength: Strength | None = None
    old_content: tuple[Node, ...] = ()
    new_content: tuple[Node, ...] = ()
    old_metadata: Metadata | None = None
    new_metadata: Metadata | None = None
    old_decisions: tuple[Decision, ...] | None = None
    new_decisions: tuple[Decision, ...] | None = None

    @property
    def old_id(self) -> str | None:
        """The (first) id of the node in the old revision, if it had one there."""
        return self.old_ids[0] if self.old_ids else None

    @property
    def new_id(self) -> str | None:
        """The (first) id of the node in the new revision, if it has one there."""
        return self.new_ids[0] if self.new_ids else None

    @property
    def is_editorial(self) -> bool:
        """Whether the change is only editorial (white space, punctuation, case, dashes)."""
        return self.classification == "editorial"

    @property
    def is_reworded(self) -> bool:
        """Whether the node's text changed (a rewording, or a move that also reworded)."""
        return self.kind in ("reworded", "moved", "section_moved", "section_renamed") and (
            self.old_text != self.new_text
        )

    def inverted(self) -> Change:
        """Return the change read backwards in time (old and new swapped)."""
        strength = self.strength
        if strength is not None:
            flipped: StrengthChange = (
                "strengthened" if strength.change == "weakened" else "weakened"
            )
            strength = Strength(
                flipped, strength.new, strength.old, strength.new_points, strength.old_points
            )
        return Change(
            kind=_INVERSE_KIND.get(self.kind, self.kind),
            node=self.node,
            old_ids=self.new_ids,
            new_ids=self.old_ids,
            field=self.field,
            old_text=self.new_text,
            new_text=self.old_text,
            old_trail=self.new_trail,
            new_trail=self.old_trail,
            old_parent=self.new_parent,
            old_index=self.new_index,
            new_parent=self.old_parent,
            new_index=self.old_index,
            ops=invert_ops(self.ops),
            classification=self.classification,
            strength=strength,
            old_content=self.new_content,
            new_content=self.old_content,
            old_metadata=self.new_metadata,
            new_metadata=self.old_metadata,
            old_decisions=self.new_decisions,
            new_decisions=self.old_decisions,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the plain-data (JSON-ready) form of the change."""
        strength = self.strength
        return {
            "kind": self.kind,
            "node": self.node,
            "old_ids": list(self.old_ids),
            "new_ids": list(self.new_ids),
            "field": self.field,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "old_trail": list(self.old_trail),
            "new_trail": list(self.new_trail),
            "old_parent": self.old_parent,
            "old_index": self.old_index,
            "new_parent": self.new_parent,
            "new_index": self.new_index,
            "ops": [[op, text] for op, text in self.ops],
            "classification": self.classification,
            "strength": (
                None
                if strength is None
                else {
                    "change": strength.change,
                    "old": strength.old,
                    "new": strength.new,
                    "old_points": strength.old_points,
                    "new_points": strength.new_points,
                }
            ),
            "old_content": [node_to_dict(node) for node in self.old_content],
            "new_content": [node_to_dict(node) for node in self.new_content],
            "old_metadata": _optional(metadata_to_dict, self.old_metadata),
            "new_metadata": _optional(metadata_to_dict, self.new_metadata),
            "old_decisions": _decisions_to_list(self.old_decisions),
            "new_decisions": _decisions_to_list(self.new_decisions),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        """Rebuild a change from :meth:`to_dict` output."""
        if data.get("kind") not in CHANGE_KINDS:
            raise DiffError(f"unknown change kind {data.get('kind')!r}")
        strength = data.get("strength")
        return cls(
            kind=data["kind"],
            node=data["node"],
            old_ids=tuple(data.get("old_ids", ())),
            new_ids=tuple(data.get("new_ids", ())),
            field=data.get("field", "text"),
            old_text=data.get("old_text"),
            new_text=data.get("new_text"),
            old_trail=tuple(data.get("old_trail", ())),
            new_trail=tuple(data.get("new_trail", ())),
            old_parent=data.get("old_parent"),
            old_index=data.get("old_index"),
            new_parent=data.get("new_parent"),
            new_index=data.get("new_index"),
            ops=tuple((op, text) for op, text in data.get("ops", ())),
            classification=data.get("classification", "substantive"),
            strength=(
                None
                if strength is None
                else Strength(
                    strength["change"],
                    strength["old"],
                    strength["new"],
                    strength.get("old_points", 0),
                    strength.get("new_points", 0),
                )
            ),
            old_content=tuple(node_from_dict(node) for node in data.get("old_content", ())),
            new_content=tuple(node_from_dict(node) for node in data.get("new_content", ())),
            old_metadata=_optional(metadata_from_dict, data.get("old_metadata")),
            new_metadata=_optional(metadata_from_dict, data.get("new_metadata")),
            old_decisions=_decisions_from_list(data.get("old_decisions")),
            new_decisions=_decisions_from_list(data.get("new_decisions")),
        )


def _optional(function: Any, value: Any) -> Any:
    return None if value is None else function(value)


def _decisions_to_list(value: tuple[Decision, ...] | None) -> list[dict[str, Any]] | None:
    return None if value is None else [decision.to_dict() for decision in value]


def _decisions_from_list(value: list[dict[str, Any]] | None) -> tuple[Decision, ...] | None:
    return None if value is None else tuple(Decision.from_dict(item) for item in value)
