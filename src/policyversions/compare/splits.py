"""Splits and merges: one old leaf whose words went into several adjacent new leaves, or the
mirror image (step 5 of :mod:`policyversions.compare.matching`)."""

from __future__ import annotations

from collections import Counter

from .matchstate import MatchState
from .similarity import CandidateIndex, containment, counter_containment, counter_dice, dice
from .tree import LEAF_KINDS, ROOT, Entry, Tree

SPLIT_CONTAINMENT = 0.8
SPLIT_SIMILARITY = 0.8
SPLIT_LEFTOVER = 0.5


class SplitsAndMerges(MatchState):
    """The phase that finds splits and merges among the leaves left unpaired."""

    def splits_and_merges(self) -> None:
        self._find_runs(split=True)
        self._find_runs(split=False)

    def _find_runs(self, split: bool) -> None:
        """Find splits (one old leaf, several new) or, with ``split=False``, merges."""
        result = self.result
        one_tree, many_tree = (self.old, self.new) if split else (self.new, self.old)
        one_is_old = split
        one_pairs = result.pairs if split else result.reverse
        many_pairs = result.reverse if split else result.pairs
        # Leaves already in a split or merge, on the side of the many and of the one.
        taken = self._in_runs_new if split else self._in_runs
        taken_one = self._in_runs if split else self._in_runs_new
        weak_old = {i for i in self._similar if i in result.pairs}
        weak_new = {result.pairs[i] for i in weak_old}
        weak, weak_many = (weak_old, weak_new) if split else (weak_new, weak_old)
        for kind in LEAF_KINDS:
            starts = [
                e
                for e in self._leftovers(not split, kind)
                if e.id not in many_pairs and e.id not in taken
            ]
            if not starts:
                continue
            ones = [
                e
                for e in self._leftovers(split, kind)
                if (e.id not in one_pairs or e.id in weak) and e.id not in taken_one
            ]
            if not ones:
                continue
            free = {entry.id for entry in ones}
            index: CandidateIndex | None = None
            for start in starts:
                if start.id in taken:
                    continue  # a run starts from a leaf nobody claimed
                if not self._has_free_neighbour(start, many_tree, many_pairs, weak_many, taken):
                    continue  # alone between matched leaves: no run of two or more
                own = self.words(start, not one_is_old)
                if not own.total:
                    continue
                # The whole is looked for first among the free leaves of the parent's partner,
                # then through the index.
                best: Entry | None = None
                best_share = SPLIT_CONTAINMENT
                home = many_pairs.get(start.parent or ROOT)
                for node_id in one_tree[home].children if home is not None else ():
                    if node_id in free and node_id not in taken_one:
                        candidate = one_tree[node_id]
                        found = containment(own, self.words(candidate, one_is_old))
                        if found >= best_share and (best is None or found > best_share):
                            best, best_share = candidate, found
                if best is None:
                    index = index or CandidateIndex(
                        ones, lambda entry: self.words(entry, one_is_old)
                    )
                    for candidate in index.candidates(own.keys):
                        if candidate.id in taken_one:
                            continue
                        found = containment(own, self.words(candidate, one_is_old))
                        if found >= SPLIT_CONTAINMENT:
                            best = candidate
                            break
                if best is None:
                    continue
                run = self._run(start, best, many_tree, many_pairs, one_pairs, one_is_old, taken)
                if len(run) < 2:
                    continue
                whole_words = self.words(best, one_is_old)
                whole = Counter(whole_words.counts)
                joined: Counter[str] = Counter()
                union: Counter[str] = Counter()
                for entry in run:
                    counts = self.words(entry, not one_is_old).counts
                    joined.update(counts)
                    union |= Counter(counts)
                # A split repeats the subject and modal in each part; the union forgives that.
                similarity = max(counter_dice(joined, whole), counter_dice(union, whole))
                partner = one_pairs.get(best.id)
                if partner is not None and any(entry.id == partner for entry in run):
                    # The old leaf went by similarity to one part: the others must hold its
                    # leftover words, and the parts together must resemble it more closely.
                    part_words = self.words(many_tree[partner], not one_is_old)
                    current = dice(whole_words, part_words)
                    rest: Counter[str] = Counter()
                    for entry in run:
                        if entry.id != partner:
                            rest.update(self.words(entry, not one_is_old).counts)
                    leftover = whole - Counter(part_words.counts)
                    if counter_containment(leftover, rest) < SPLIT_LEFTOVER:
                        continue
                else:
                    current = self._score_of(best.id, one_is_old)
                if similarity < SPLIT_SIMILARITY or similarity <= current:
                    continue
                self._record_run(best, run, split)  # adds them to taken and taken_one

    @staticmethod
    def _has_free_neighbour(
        start: Entry, tree: Tree, pairs: dict[str, str], weak: set[str], taken: set[str]
    ) -> bool:
        """Whether a sibling next to *start* could join it in a run (see :meth:`_run`)."""
        siblings = tree[start.parent or ROOT].children
        for index in (start.index - 1, start.index + 1):
            if 0 <= index < len(siblings):
                node_id = siblings[index]
                if (
                    tree[node_id].kind == start.kind
                    and node_id not in taken
                    and (node_id not in pairs or node_id in weak)
                ):
                    return True
        return False

    def _run(
        self,
        start: Entry,
        one: Entry,
        many_tree: Tree,
        many_pairs: dict[str, str],
        one_pairs: dict[str, str],
        one_is_old: bool,
        taken: set[str],
    ) -> list[Entry]:
        siblings = many_tree[start.parent or ROOT].children
        partner = one_pairs.get(one.id)
        whole = self.words(one, one_is_old)

        def fits(node_id: str) -> bool:
            entry = many_tree[node_id]
            if entry.kind != start.kind or node_id in taken:
                return False
            if node_id in many_pairs and node_id != partner:
                return False
            part = self.words(entry, not one_is_old)
            return part.total > 0 and containment(part, whole) >= SPLIT_CONTAINMENT

        first = last = start.index
        while first > 0 and fits(siblings[first - 1]):
            first -= 1
        while last + 1 < len(siblings) and fits(siblings[last + 1]):
            last += 1
        return [many_tree[node_id] for node_id in siblings[first : last + 1]]

    def _record_run(self, one: Entry, run: list[Entry], split: bool) -> None:
        result = self.result
        olds, news = ([one], run) if split else (run, [one])
        self._in_runs.update(entry.id for entry in olds)
        self._in_runs_new.update(entry.id for entry in news)
        if split:
            if one.id in result.pairs:
                result.unpair(one.id)
            for entry in run:
                if entry.id in result.reverse:
                    result.unpair(result.reverse[entry.id])
            result.splits.append((one.id, tuple(entry.id for entry in run)))
        else:
            if one.id in result.reverse:
                result.unpair(result.reverse[one.id])
            for entry in run:
                if entry.id in result.pairs:
                    result.unpair(entry.id)
            result.merges.append((tuple(entry.id for entry in run), one.id))


__all__ = ["SPLIT_CONTAINMENT", "SPLIT_LEFTOVER", "SPLIT_SIMILARITY", "SplitsAndMerges"]
