"""Pairing containers: lists, tables and sections (step C of
:mod:`policyversions.compare.matching`), by the votes of their paired children, their heading,
lead-in or caption, their number, their parents and, to break a tie, their context."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from .matchstate import ID_BONUS, PARENT_BONUS, MatchState
from .similarity import dice
from .tree import ROOT, Entry

CONTAINER_THRESHOLD = 0.5
"""The least score at which two containers pair."""
LABEL_BONUS = 0.5
"""Added when two sections carry the same number (a provision keeps its number)."""
CLEAR_MARGIN = 0.3
"""How far a pair must lead each side's next candidate to be taken in the first pass."""
_GROUP_LIMIT = 8

_Scorer = Callable[[Entry, Entry, int], float]


def _clearly_best(rated: list[tuple[float, Entry, Entry]]) -> set[tuple[str, str]]:
    """The pairs of *rated* (score, old, new) that are each side's best by at least
    :data:`CLEAR_MARGIN` over its next candidate (or its only one)."""
    best: dict[tuple[bool, str], list[float]] = defaultdict(list)
    for score, old, new in rated:
        best[(True, old.id)].append(score)
        best[(False, new.id)].append(score)

    def clearly(key: tuple[bool, str], score: float) -> bool:
        scores = sorted(best[key], reverse=True)
        return scores[0] == score and (len(scores) == 1 or score - scores[1] >= CLEAR_MARGIN)

    return {
        (old.id, new.id)
        for score, old, new in rated
        if clearly((True, old.id), score) and clearly((False, new.id), score)
    }


class ContainerPairing(MatchState):
    """The phase that pairs containers (step C); repeated texts and leaves are paired by the
    other phases."""

    def containers(self, settle: bool = True, fresh: bool = True) -> None:
        """Pair lists, tables and sections (step C), in two passes: first only pairs with
        evidence of content (votes of texts that occur once) or whose parents are paired, so
        that two containers told apart by nothing but their place wait until their parents are
        known; then (when *settle*) the rest. Unless *fresh* is false (the first pass has just
        run and nothing changed since), every container pair is made anew."""
        result = self.result
        if fresh:
            for entry in self.old.of_kind("section", "list", "table"):
                if entry.id in result.pairs:
                    result.unpair(entry.id)
        self._gaps.clear()
        passes = (False, True) if fresh else (True,)
        for settle_now in passes if settle else (False,):
            for _ in range(self._depth + 1):  # until no container pairs: parents before children
                found = self._match_containers("list", self._list_score, settle_now)
                found = self._match_containers("table", self._list_score, settle_now) or found
                for _ in range(self._depth + 1):
                    if not self._match_containers("section", self._section_score, settle_now):
                        break
                    found = True
                if not found:
                    break

    def _duplicate_votes(self) -> Counter[tuple[str, str]]:
        """Votes of texts repeated on a side, which no step has paired yet: each such text
        votes for an old and a new parent as often as both hold it (only where it stands in a
        few parents on each side, so that a text repeated everywhere costs nothing)."""
        votes: Counter[tuple[str, str]] = Counter()
        reverse, pairs = self.result.reverse, self.result.pairs
        for olds, news in self._duplicates:
            old_parents = Counter(e.parent or ROOT for e in olds if e.id not in pairs)
            new_parents = Counter(e.parent or ROOT for e in news if e.id not in reverse)
            if len(old_parents) > _GROUP_LIMIT or len(new_parents) > _GROUP_LIMIT:
                continue
            for old_parent, old_count in old_parents.items():
                for new_parent, new_count in new_parents.items():
                    votes[(old_parent, new_parent)] += min(old_count, new_count)
        return votes

    def _waiting(self, olds: list[Entry], voted: set[str]) -> set[str]:
        """The old containers among *olds* holding a container that is about to pair by its
        content (one of *voted*) and may then vote for it."""
        return {entry.id for entry in olds if any(child in voted for child in entry.children)}

    def _text_score(self, old: Entry, new: Entry, votes: int) -> float:
        """1.0 for equal headings or lead-ins, 0.4·Dice for similar ones backed by votes."""
        if self.folded(old) == self.folded(new):
            return 1.0
        if votes:
            return 0.4 * dice(self.words(old, True), self.words(new, False))
        return 0.0

    def _list_score(self, old: Entry, new: Entry, votes: int) -> float:
        score = 2.0 * votes / (len(old.children) + len(new.children))
        if old.text and new.text:
            score += self._text_score(old, new, votes)
        elif votes and not old.text and not new.text:
            score += 0.2
        if self.parents_matched(old, new):
            score += PARENT_BONUS
        return score

    def _section_score(self, old: Entry, new: Entry, votes: int) -> float:
        sizes = len(old.children) + len(new.children)
        score = 2.0 * votes / sizes if sizes else 0.0
        if old.text or new.text:
            score += self._text_score(old, new, votes)
        if old.label is not None and old.label == new.label:
            score += LABEL_BONUS
        if self.parents_matched(old, new):
            score += PARENT_BONUS
        return score

    def _match_containers(self, kind: str, scorer: _Scorer, settle: bool = True) -> bool:
        result = self.result
        pairs, reverse = result.pairs, result.reverse
        olds = [e for e in self.old.of_kind(kind) if e.id not in pairs]
        news = [e for e in self.new.of_kind(kind) if e.id not in reverse]
        if not olds or not news:
            return False
        free_old = {e.id for e in olds}
        free_new = {e.id for e in news}
        old_entries = self.old.entries
        # Each matched child votes for its old parent and its new parent (when both are free).
        votes: Counter[tuple[str, str]] = Counter(
            (old_entries[old_child].parent or ROOT, entry.id)
            for entry in news
            for child in entry.children
            if (old_child := reverse.get(child)) is not None
        )
        for key in [key for key in votes if key[0] not in free_old]:
            del votes[key]
        unique_votes = Counter(votes)  # from children paired by their own text
        for key, count in self._duplicate_votes().items():
            if key[0] in free_old and key[1] in free_new:
                votes[key] += count
        headings: dict[str, tuple[list[Entry], list[Entry]]] = defaultdict(lambda: ([], []))
        for entry in olds:
            if entry.text:
                headings[self.folded(entry)][0].append(entry)
        for entry in news:
            if entry.text:
                headings[self.folded(entry)][1].append(entry)
        numbered: dict[str, tuple[list[Entry], list[Entry]]] = defaultdict(lambda: ([], []))
        for side, entries in enumerate((olds, news)):
            for entry in entries:
                if entry.label is not None:
                    numbered[entry.label][side].append(entry)
        candidates = set(votes)
        # A heading or number that occurs once on each side tells its pair as surely as a text
        # that occurs once: such a pair need not wait for its parents.
        named: set[tuple[str, str]] = set()
        for group_old, group_new in (*numbered.values(), *headings.values()):
            if len(group_old) == 1 and len(group_new) == 1:
                named.add((group_old[0].id, group_new[0].id))
            if len(group_old) * len(group_new) <= _GROUP_LIMIT * _GROUP_LIMIT:
                candidates.update((o.id, n.id) for o in group_old for n in group_new)
            else:
                candidates.update((o.id, n.id) for o, n in zip(group_old, group_new, strict=False))
        scored = []
        unplaced: set[tuple[str, str]] = set()
        if settle:
            waiting: set[str] = set()
        else:
            sure = {old for old, _ in unique_votes}
            sure.update(old for old, _ in named)
            waiting = self._waiting(olds, sure)
        rated = []
        for old_id, new_id in candidates:
            old_entry, new_entry = self.old[old_id], self.new[new_id]
            score = scorer(old_entry, new_entry, votes.get((old_id, new_id), 0))
            if old_id == new_id and self.ids_agree:
                score += ID_BONUS
            if score >= CONTAINER_THRESHOLD:
                rated.append((score, old_entry, new_entry))
        # Two containers that are each other's clearly best candidate are told by their content
        # too (by more than a parent and context could add): they need not wait.
        clear = set() if settle else _clearly_best(rated)
        for score, old_entry, new_entry in rated:
            old_id, new_id = old_entry.id, new_entry.id
            unique = (
                unique_votes.get((old_id, new_id), 0)
                or (old_id, new_id) in named
                or (old_id, new_id) in clear
            )
            placed = unique or self.parents_matched(old_entry, new_entry)
            if not settle and (not placed or (not unique and old_id in waiting)):
                # Nothing but its place tells it: wait until the parents are paired, and
                # until the containers in it are, which may vote for it.
                continue
            scored.append((-score, old_entry.order, new_entry.order, old_id, new_id))
            if not placed:
                unplaced.add((old_id, new_id))
        # Context breaks ties: it is worth computing only where candidates compete.
        per_old = Counter(item[3] for item in scored)
        per_new = Counter(item[4] for item in scored)
        for number, (negative, old_order, new_order, old_id, new_id) in enumerate(scored):
            if per_old[old_id] > 1 or per_new[new_id] > 1:
                bonus = self.context(self.old[old_id], self.new[new_id])
                scored[number] = (negative - bonus, old_order, new_order, old_id, new_id)
        scored.sort()
        found = False
        for negative, _, _, old_id, new_id in scored:
            if old_id in free_old and new_id in free_new:
                self._tied = self._tied or (old_id, new_id) in unplaced
                result.pair(old_id, new_id, -negative)
                free_old.discard(old_id)
                free_new.discard(new_id)
                found = True
        return found
