"""What every phase of the matcher shares: the two trees, the result so far, and caches of
words, folded texts and the leaves left unpaired by equal texts (see
:mod:`policyversions.compare.matching` for the phases)."""

from __future__ import annotations

from .order import longest_increasing
from .similarity import Words
from .tree import ROOT, Entry, Matching, Tree
from .wording import fold

_CONTEXT_WEIGHTS = (0.05, 0.04, 0.03, 0.02, 0.02, 0.01)

PARENT_BONUS = 0.1
"""Added to a pair's score when the two parents are paired with each other."""
ID_BONUS = 0.01
"""Added to a pair's score when the ids are equal and the revisions share an id history."""


class MatchState:
    """The trees being matched and what the phases found; the phases subclass it."""

    def __init__(self, old: Tree, new: Tree) -> None:
        self.old = old
        self.new = new
        self.result = Matching()
        self.result.pair(ROOT, ROOT, 1.0)
        self._words: dict[tuple[bool, str], Words] = {}
        self._folds: dict[str, str] = {}  # text -> its folded form
        self._similar: set[str] = set()
        self._left: dict[tuple[bool, str], list[Entry]] = {}
        self._in_runs: set[str] = set()  # old leaves of splits and merges
        self._in_runs_new: set[str] = set()  # new leaves of splits and merges
        self._weights: dict[str, float] | None = None
        sections = old.of_kind("section")
        self._depth = 1 + max((len(entry.trail) + 1 for entry in sections), default=0)
        self.ids_agree = False
        """Whether the two revisions share an id history (most leaves paired by their unique
        text kept their id), so that an equal id is evidence; set after the exact leaves."""
        self._gaps: dict[tuple[bool, str], dict[str, str]] = {}
        self._tied = False
        self._duplicates: list[tuple[list[Entry], list[Entry]]] = []
        """The repeated texts: per folded text, its old and new copies not yet paired."""
        self._neighbours: dict[tuple[bool, str, int], str] = {}
        self._places: dict[tuple[bool, str], tuple[object, ...]] = {}
        """Whether a container was paired by nothing but its place while its parent was not
        yet paired (a tie that pairing the repeated texts can resolve)."""

    # -- helpers -----------------------------------------------------------------------------

    def words(self, entry: Entry, is_old: bool) -> Words:
        key = (is_old, entry.id)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = Words(entry.text)
        return found

    def folded(self, entry: Entry) -> str:
        found = self._folds.get(entry.text)
        if found is None:
            found = self._folds[entry.text] = fold(entry.text)
        return found

    def _leftovers(self, is_old: bool, kind: str) -> list[Entry]:
        """The leaves of *kind* left unmatched by equal texts (exact and duplicate leaves).

        Later steps look only at these: a leaf paired by equal text stays paired.
        """
        key = (is_old, kind)
        found = self._left.get(key)
        if found is None:
            tree, paired = (
                (self.old, self.result.pairs) if is_old else (self.new, self.result.reverse)
            )
            found = self._left[key] = [e for e in tree.of_kind(kind) if e.id not in paired]
        return found

    def parents_matched(self, old: Entry, new: Entry) -> bool:
        return old.parent is not None and self.result.pairs.get(old.parent) == new.parent

    def neighbour_text(self, entry: Entry, is_old: bool, step: int) -> str:
        """What stands *step* places away from *entry* among its siblings: the sibling's folded
        text, or its label when it has no text (a provision without a heading); ``^`` or ``$``
        past either end (characters no folded text holds)."""
        key = (is_old, entry.id, step)
        found = self._neighbours.get(key)
        if found is None:
            tree = self.old if is_old else self.new
            siblings = tree[entry.parent or ROOT].children
            index = entry.index + step
            if 0 <= index < len(siblings):
                sibling = tree[siblings[index]]
                found = self.folded(sibling) or f"#{sibling.label or ''}"
            else:
                found = "^" if index < 0 else "$"
            self._neighbours[key] = found
        return found

    def parent_text(self, entry: Entry, is_old: bool) -> str:
        """The folded text (heading, lead-in, caption) of *entry*'s parent."""
        tree = self.old if is_old else self.new
        return self.folded(tree[entry.parent or ROOT])

    def context(self, old: Entry, new: Entry) -> float:
        """How alike the places of *old* and *new* are, as a tie-breaker below any evidence of
        content: 0.05 for parents with the same text, 0.04 for the same heading trail, 0.03 and
        0.02 for the same text just before and just after, and 0.02 and 0.01 for the same text
        just before and after the parent (a repeated section is told from the original by what
        stands around it)."""
        mine, theirs = self._place(old, True), self._place(new, False)
        return sum(
            weight
            for weight, a, b in zip(_CONTEXT_WEIGHTS, mine, theirs, strict=True)
            if a == b
        )

    def _place(self, entry: Entry, is_old: bool) -> tuple[object, ...]:
        """What stands around *entry* (see :meth:`context`), computed once per entry."""
        key = (is_old, entry.id)
        found = self._places.get(key)
        if found is None:
            tree = self.old if is_old else self.new
            parent = tree[entry.parent or ROOT]
            lifted = entry.parent is not None and entry.parent != ROOT
            found = (
                self.parent_text(entry, is_old),
                entry.trail,
                self.neighbour_text(entry, is_old, -1),
                self.neighbour_text(entry, is_old, 1),
                self.neighbour_text(parent, is_old, -1) if lifted else "^",
                self.neighbour_text(parent, is_old, 1) if lifted else "$",
            )
            self._places[key] = found
        return found

    def gap(self, entry: Entry, is_old: bool) -> str:
        """Which gap between paired siblings *entry* sits in, named by the new id of the nearest
        sibling before it that stayed in order (``""`` before the first): an old and a new leaf
        under paired parents are *in place* when their gaps agree. Under paired parents only
        siblings paired with siblings in order anchor a gap (one longest run kept in order, the
        same run for both sides), so a sibling that moved does not shift the gaps after it.
        Computed once per parent, from the pairs made so far."""
        parent = entry.parent or ROOT
        gaps = self._gaps.get((is_old, parent))
        if gaps is None:
            self._place_gaps(parent, is_old)
            gaps = self._gaps[(is_old, parent)]
        return gaps[entry.id]

    def _place_gaps(self, parent: str, is_old: bool) -> None:
        pairs, reverse = self.result.pairs, self.result.reverse
        old_parent = parent if is_old else reverse.get(parent)
        new_parent = pairs.get(parent) if is_old else parent
        if old_parent is None or new_parent is None:
            # Parent unpaired: every paired child anchors (no order to keep).
            paired = pairs if is_old else reverse
            tree = self.old if is_old else self.new
            gaps, anchor = {}, ""
            for child in tree[parent].children:
                gaps[child] = anchor
                partner = paired.get(child)
                if partner is not None:
                    anchor = partner if is_old else child
            self._gaps[(is_old, parent)] = gaps
            return
        old_children = self.old[old_parent].children
        new_children = self.new[new_parent].children
        position = {child: number for number, child in enumerate(new_children)}
        kept_pairs = [
            (child, partner)
            for child in old_children
            if (partner := pairs.get(child)) is not None and partner in position
        ]
        kept = longest_increasing([position[partner] for _, partner in kept_pairs])
        anchors = {kept_pairs[number][1] for number in kept}  # new ids of in-order pairs
        old_gaps, anchor = {}, ""
        for child in old_children:
            old_gaps[child] = anchor
            partner = pairs.get(child)
            if partner in anchors:
                anchor = partner
        new_gaps, anchor = {}, ""
        for child in new_children:
            new_gaps[child] = anchor
            if child in anchors:
                anchor = child
        self._gaps[(True, old_parent)] = old_gaps
        self._gaps[(False, new_parent)] = new_gaps

    def _score_of(self, node_id: str, is_old: bool) -> float:
        result = self.result
        old_id = node_id if is_old else result.reverse.get(node_id)
        if old_id is None or old_id not in result.scores:
            return 0.0
        return result.scores[old_id]


__all__ = ["MatchState"]
