"""What every phase of the matcher shares: the two trees, the result so far, and caches of
words, folded texts and the leaves left unpaired by equal texts (see
:mod:`policyversions.compare.matching` for the phases)."""

from __future__ import annotations

from .similarity import Words
from .tree import ROOT, Entry, Matching, Tree
from .wording import fold


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

    def _score_of(self, node_id: str, is_old: bool) -> float:
        result = self.result
        old_id = node_id if is_old else result.reverse.get(node_id)
        if old_id is None or old_id not in result.scores:
            return 0.0
        return result.scores[old_id]


__all__ = ["MatchState"]
