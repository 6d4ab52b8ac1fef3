"""Reading history: the revision in force on a date, when each revision held, blame, and one
node's history.

These are pure functions over a policy's revisions (in recording order) and, where a text is
needed, a function that reads a revision's policy. They rely on the change summaries stored in
the index (:class:`~policyversions.store.identity.ChangeSummary`), so none of them diffs.

In force (:func:`in_force`)
    A revision is in force from its effective date, else its decision date (1 January of the
    year for a year-only decision), until the next revision by that date (recording order breaks
    ties: the later recorded wins). A revision whose decision repeals the policy (action
    ``upphävd``) leaves nothing in force from its date on; neither is anything in force before
    the first revision's date. Both give ``None``.

Periods (:func:`periods`)
    For every revision, when it held and its status on a given day (``today``): from its
    effective date until the day before the next revision (in the order they took effect)
    took effect, or open. Status ``in_force`` (*i kraft*), ``not_yet`` (*ännu ej i kraft*: it
    takes effect later), ``superseded`` (*ersatt*), ``repealed`` (*upphävd*: the text was in
    force when a repeal took effect), ``repeal`` (the repealing decision itself, once in effect)
    or ``never`` (followed by another on the day it took effect). :func:`policy_status` is the
    status of a whole policy.

Blame (:func:`blame`)
    For every node of a revision, in document order: the revision that introduced its id, the
    one that last changed it substantively (editorial changes and moves do not count) and the
    one that last moved it (a move changes no words: it is told apart from a change), up to and
    including that revision.

Node history (:func:`node_history`)
    Every revision that added, changed (substantively or editorially), moved or removed a node,
    with the node's text in it and when that text held: from the revision's effective date until
    the day before the next revision that touched the node (or repealed the policy) took effect.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, get_args

import attrs

from ..compare.tree import kind_of as tree_kind_of
from ..model import Node, Policy, child_nodes
from .errors import StoreError
from .identity import node_label
from .revision import Revision

NodeKindName = Literal["section", "paragraph", "list", "commitment", "table", "row", "cell"]
HistoryChange = Literal["added", "changed", "editorial", "moved", "removed"]
Status = Literal["in_force", "not_yet", "superseded", "repealed", "repeal", "never"]
PolicyStatus = Literal["in_force", "not_yet", "repealed"]
_DAY = datetime.timedelta(days=1)


def kind_of(node: Node) -> NodeKindName:
    """The kind name of *node*: ``section``, ``paragraph``, ``list``, ``commitment``, ``table``,
    ``row`` or ``cell``."""
    return tree_kind_of(node)  # type: ignore[return-value]


def revision_summary(revision: Revision) -> dict[str, object]:
    """A revision as listings print it in JSON: number, decision, when it took effect."""
    return {
        "revision": revision.number,
        "decision": revision.decision.citation,
        "slug": revision.decision.slug,
        "decided": revision.decided.isoformat(),
        "in_force_from": revision.in_force_from.isoformat(),
    }


@attrs.frozen
class BlameEntry:
    """One node of a blamed revision: where it came from, when it last changed and when it
    last moved."""

    node_id: str
    kind: NodeKindName
    text: str
    depth: int
    introduced: Revision
    changed: Revision
    moved: Revision | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly dict: the node and the revisions that introduced, last changed and
        last moved it (:func:`revision_summary`; ``moved`` is ``null`` for a node never
        moved)."""
        return {
            "id": self.node_id,
            "kind": self.kind,
            "text": self.text,
            "depth": self.depth,
            "introduced": revision_summary(self.introduced),
            "changed": revision_summary(self.changed),
            "moved": None if self.moved is None else revision_summary(self.moved),
        }


@attrs.frozen
class NodeVersion:
    """A node in one revision that touched it: what happened, its text there (``None`` once
    removed), and from when until when (inclusive; ``None``: still) that text held."""

    revision: Revision
    change: HistoryChange
    text: str | None
    start: datetime.date | None = None
    until: datetime.date | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly dict of this version."""
        return {
            **revision_summary(self.revision),
            "change": self.change,
            "text": self.text,
            "from": None if self.start is None else self.start.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
        }


@attrs.frozen
class Period:
    """When a revision held (from *start* to *until* inclusive, ``None``: open) and its
    status on the day asked about (module docstring)."""

    revision: Revision
    status: Status
    start: datetime.date
    until: datetime.date | None

    def to_dict(self) -> dict[str, object]:
        """The status and dates as JSON-friendly values."""
        return {
            "status": self.status,
            "from": self.start.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
        }


def _in_force_order(revisions: Sequence[Revision]) -> list[Revision]:
    return sorted(revisions, key=lambda r: (r.in_force_from, r.number))


def periods(revisions: Sequence[Revision], today: datetime.date) -> list[Period]:
    """The :class:`Period` of every revision, in recording order (module docstring)."""
    order = _in_force_order(revisions)
    # For each place, the first revision after it that took effect later (one pass backwards).
    later_of: list[Revision | None] = [None] * len(order)
    for place in range(len(order) - 2, -1, -1):
        following_revision = order[place + 1]
        if following_revision.in_force_from > order[place].in_force_from:
            later_of[place] = following_revision
        else:
            later_of[place] = later_of[place + 1]
    found: dict[int, Period] = {}
    for place, revision in enumerate(order):
        start = revision.in_force_from
        following = order[place + 1] if place + 1 < len(order) else None
        later = later_of[place]
        until = None if later is None else later.in_force_from - _DAY
        status: Status
        if following is not None and following.in_force_from == start:
            status, until = "never", None
        elif start > today:
            status = "not_yet"
        elif revision.repeals:
            status = "repeal"
        elif until is not None and until < today:
            status = "repealed" if later is not None and later.repeals else "superseded"
        else:
            status = "in_force"
        found[revision.number] = Period(revision, status, start, until)
    return [found[revision.number] for revision in revisions]


def policy_status(revisions: Sequence[Revision], today: datetime.date) -> PolicyStatus:
    """``in_force`` when a revision is in force on *today*, ``repealed`` when a repeal has
    taken effect and nothing since, else ``not_yet``."""
    if in_force(revisions, today) is not None:
        return "in_force"
    started = [r for r in revisions if r.in_force_from <= today]
    return "repealed" if started else "not_yet"


@attrs.frozen
class PolicySummary:
    """One policy as ``policies`` lists it: its title and language (those of its latest
    revision), status on the day asked about, latest decision and number of revisions."""

    policy_id: str
    title: str
    language: str
    status: PolicyStatus
    latest: Revision
    revisions: int

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly dict."""
        return {
            "policy": self.policy_id,
            "title": self.title,
            "language": self.language,
            "status": self.status,
            "latest": revision_summary(self.latest),
            "revisions": self.revisions,
        }


def summary(policy_id: str, revisions: Sequence[Revision], today: datetime.date) -> PolicySummary:
    """The :class:`PolicySummary` of *policy_id* (which has *revisions*) on *today*."""
    latest = revisions[-1]
    return PolicySummary(
        policy_id=policy_id,
        title=latest.title,
        language=latest.language,
        status=policy_status(revisions, today),
        latest=latest,
        revisions=len(revisions),
    )


def in_force(revisions: Sequence[Revision], date: datetime.date) -> Revision | None:
    """The revision in force on *date* (module docstring), or ``None``."""
    best: Revision | None = None
    for revision in revisions:
        start = revision.in_force_from
        if start <= date and (best is None or start >= best.in_force_from):
            best = revision
    if best is None or best.repeals:
        return None
    return best


def _walk_with_depth(blocks: Iterable[Node], depth: int = 0) -> Iterable[tuple[Node, int]]:
    for node in blocks:
        yield node, depth
        yield from _walk_with_depth(child_nodes(node), depth + 1)


def blame(revisions: Sequence[Revision], policy: Policy) -> list[BlameEntry]:
    """Blame every node of *policy*, the text of the last of *revisions* (module docstring)."""
    if not revisions:
        raise StoreError("nothing to blame: the policy has no revisions")
    introduced: dict[str, Revision] = {}
    changed: dict[str, Revision] = {}
    moved: dict[str, Revision] = {}
    for revision in revisions:
        for node_id in revision.changes.added:
            introduced[node_id] = revision
            changed[node_id] = revision
            moved.pop(node_id, None)
        for node_id in revision.changes.changed:
            changed[node_id] = revision
        for node_id in revision.changes.moved:
            moved[node_id] = revision
    first = revisions[0]
    result = []
    for node, depth in _walk_with_depth(policy.body):
        came = introduced.get(node.id, first)
        result.append(
            BlameEntry(
                node_id=node.id,
                kind=kind_of(node),
                text=node_label(node),
                depth=depth,
                introduced=came,
                changed=changed.get(node.id, came),
                moved=moved.get(node.id),
            )
        )
    return result


def node_history(
    revisions: Sequence[Revision], node_id: str, read: Callable[[Revision], Policy]
) -> list[NodeVersion]:
    """Every revision that touched *node_id*, with its text there (module docstring).

    Reads only those revisions; raises :class:`StoreError` when no revision has the node.
    """
    result: list[NodeVersion] = []
    for revision in revisions:
        changes = revision.changes
        change: HistoryChange | None = next(
            (name for name in get_args(HistoryChange) if node_id in getattr(changes, name)), None
        )
        if change is None:
            continue
        if change == "removed":
            result.append(NodeVersion(revision, change, None))
            continue
        node = read(revision).find(node_id)
        result.append(NodeVersion(revision, change, None if node is None else node_label(node)))
    if not result:
        raise StoreError(
            f"no node {node_id!r} in the history of {revisions[0].policy_id!r}"
            if revisions
            else f"no node {node_id!r}: the policy has no revisions"
        )
    # From when until when each text held: until the next version or repeal took effect.
    boundaries = _in_force_order(
        [*(version.revision for version in result), *(r for r in revisions if r.repeals)]
    )
    dated = []
    for version in result:
        start = version.revision.in_force_from
        later = next(
            (r for r in boundaries if r.in_force_from > start and r is not version.revision),
            None,
        )
        until = None if later is None else later.in_force_from - _DAY
        dated.append(attrs.evolve(version, start=start, until=until))
    return dated


__all__ = [
    "BlameEntry",
    "HistoryChange",
    "NodeVersion",
    "Period",
    "PolicyStatus",
    "PolicySummary",
    "Status",
    "blame",
    "in_force",
    "kind_of",
    "node_history",
    "periods",
    "policy_status",
    "revision_summary",
    "summary",
]
