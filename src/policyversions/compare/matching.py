"""Pairing the nodes of two revisions of a policy.

The matcher pairs sections, paragraphs, lists and commitments of an *old* and a *new* policy
even when they moved (within their list or to another section), were reworded, split, merged,
or their section was renamed. Node ids are evidence only when the revisions share an id
history (at least :data:`ID_AGREEMENT` of the leaves paired by their unique text kept their id):
two revisions imported independently (positional ids, shifted by any insertion) diff as well as
two from the store. Nodes pair only with nodes of the same kind. Where a text is repeated,
*context* decides: an unchanged node keeps its place, and an addition that repeats existing
text is one addition, not a move of the original. Steps, each near linear in the size of the
documents:

1. **Exact leaves.** Paragraphs and commitments are grouped by their folded text
   (:func:`~policyversions.compare.wording.fold`: case, white space and punctuation ignored). A text
   that occurs once on each side pairs at once. Only texts without a verbatim twin on the other
   side are folded (a typical revision leaves all but a few per cent of its texts as they were).
   Then the leaves of **identical subtrees**: a section, list or table that occurs exactly as it
   is once on each side pairs its leaves with their copies there, even when every text in it is
   repeated elsewhere (:mod:`~policyversions.compare.twins`).
2. **Containers and repeated texts, top down** (step C below): containers that their content
   (texts that occur once) or their paired parents tell apart pair; then repeated texts pair
   under paired parents, in order; then the containers under those; until nothing more pairs.
3. **Duplicate leaves.** The rest of the containers pair (by place alone now), then the rest of
   the repeated texts: by equal ids when the revisions share ids, then by the most context
   they share (parent text, the texts just before and after, heading trail), then in document
   order; each stage hashes, so 100,000 copies of one text cost linear time. Containers are
   matched again when such a pair joins parents not yet matched to each other (as in step 5)
   or a container was paired by its place alone. From here on only the leaves left unpaired
   by steps 1 to 3 are looked at.
4. **Similar leaves in place.** A leaf whose parent is matched is compared with the unpaired
   children of that parent's partner that stand in the same *gap* (between the same paired
   siblings: a rewording in place keeps its place among its neighbours); a leaf whose parent is
   unmatched with unpaired leaves whose parents are unmatched too, found through the inverted
   index (below). The score is the Dice coefficient over token multisets, plus
   :data:`PARENT_BONUS` when the parents are matched and :data:`ID_BONUS` when the ids are equal
   and shared. Pairs at or above :data:`LEAF_THRESHOLD` are taken best first (greedy). Never
   all pairs.
5. **Containers** again (only when a pair of step 4 joins parents that are not yet matched to
   each other: other pairs only add votes to container pairs already taken, which cannot change
   the greedy choice), then **splits and merges**: adjacent unpaired (or paired by similarity
   only) new leaves whose words are contained in one old leaf and together resemble it closely
   are a split of it; the mirror image is a merge. A run is only looked for from a leaf with
   such a neighbour. The old leaf is looked for first among the free leaves of the partner of
   the parent (the one holding most of the part's words, at least a share of
   :data:`~policyversions.compare.splits.SPLIT_CONTAINMENT`), then through the inverted index.
   Resemblance is the Dice coefficient of the old leaf with the parts' words summed or united (a
   split repeats the subject), whichever is higher; it must reach
   :data:`~policyversions.compare.splits.SPLIT_SIMILARITY`. When the old leaf went by similarity to
   one of the parts, the others must hold at least
   :data:`~policyversions.compare.splits.SPLIT_LEFTOVER` of its leftover words and the parts
   together must resemble it more than that one part alone. A leaf belongs to one split or merge at
   most.
6. **Reworded moves.** Leaves still unpaired pair across parents that are matched elsewhere
   (a move and a rewording at once) only when they are clearly the same text: the Dice
   coefficient, and the Dice coefficient with each word weighted by its rarity
   (``log(1 + n / (1 + df))``, document frequencies over the old leaves, or over an evenly
   spread sample of :data:`DF_SAMPLE` of them in a longer policy), must both reach
   :data:`MOVE_THRESHOLD`, so that a shared subject, modal and function words do not pair
   unrelated sentences however many of them there are. Leaves of the same parent in different
   gaps (moved within their list and reworded) are held to the same bar. This step comes last, so
   that rewordings in place, splits and merges are never taken for moves. Then **containers** once
   more if anything paired.

7. **Repeated texts rehomed.** A repeated text paired while its parent was still paired
   elsewhere moves to a free copy under its parent's final pair (a table split in two repeats
   the old header row in both; the header stays with the table the old one became).

8. **Cells.** The cells of two paired rows pair column by column.

C. **Containers** (:mod:`~policyversions.compare.containers`). Lists pair by the votes of
   their matched items (each matched item pair votes for its two lists; score
   ``2·votes / (items_old + items_new)``) plus an equal lead-in (1.0) or a similar one
   (0.4·Dice); a list nested under a point is a list like any other. Tables pair the same way,
   by their rows and captions. Sections pair by the votes of their matched direct children plus
   an equal heading (1.0) or a similar one (0.4·Dice), plus ``LABEL_BONUS`` when they carry the
   same number (a provision keeps its number however its text changes; a renumbered one goes
   with its content, which votes more), plus 0.1 when their parents are matched; rounds repeat
   so that sections holding only sections pair after their children. Where that leaves a tie,
   *context* breaks it (a bonus of at most 0.17, less than any real evidence: the same parent
   text, trail and neighbours, and the same neighbours of the parent). Pairs at or above
   ``CONTAINER_THRESHOLD`` are taken best first; in the first pass only those told by their
   content, their name or number occurring once, their paired parents, or a clear lead
   (``CLEAR_MARGIN``) over every other candidate.

Paragraphs, points and table rows are the leaves of steps 1 to 6 (a row is compared by its
cells' words together).

**Inverted index.** Each leaf's *keys* are its word tokens and its word bigrams (two adjacent
tokens). The index maps each key to the unpaired leaves holding it. A lookup takes the
``_RARE_KEYS`` rarest keys of a leaf that at most ``_POSTING_LIMIT`` leaves hold and returns the
``_CANDIDATE_LIMIT`` leaves sharing most of them. Bigrams keep lookups selective in long
policies, where every single word of the vocabulary is common.

The result is a one-to-one :class:`Matching` (old id to new id) with a similarity score per pair
(a container keeps the score it was paired with) and the splits and merges found. Matching
allocates many small objects and no reference cycles, so :func:`match` pauses Python's cyclic
garbage collector while it runs (:func:`cycle_collection_paused`).
"""

from __future__ import annotations

import gc
import math
import threading
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager

from ..model import Policy
from .containers import ContainerPairing
from .matchstate import ID_BONUS, PARENT_BONUS
from .similarity import CandidateIndex, Words, dice
from .splits import SplitsAndMerges
from .tree import LEAF_KINDS, ROOT, Entry, Matching, Tree
from .twins import twins
from .wording import fold, tokens

LEAF_THRESHOLD = 0.5
MOVE_THRESHOLD = 0.65
ROW_KEY_BONUS = 0.2
ID_AGREEMENT = 0.9
DF_SAMPLE = 1024
_SIBLING_LIMIT = 64


def match(old: Policy | Tree, new: Policy | Tree) -> Matching:
    """Pair the nodes of *old* and *new* (see the module docstring for the algorithm)."""
    with cycle_collection_paused():
        old_tree = old if isinstance(old, Tree) else Tree(old)
        new_tree = new if isinstance(new, Tree) else Tree(new)
        return _Matcher(old_tree, new_tree).run()


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration (if it was running).

    Matching builds a great many small objects and no reference cycles, so reference counting
    frees all of it and the collector's passes over the whole heap are pure cost (a quarter of
    the time of a 50,000-commitment diff). The collector is restarted afterwards, also on error.
    Pauses nest and may overlap across threads: the collector restarts when the last one ends,
    and only if it was running when the first one began.
    """
    global _pauses, _restart
    with _PAUSE_LOCK:
        if _pauses == 0:
            _restart = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _pauses -= 1
            if _pauses == 0 and _restart:
                gc.enable()


_PAUSE_LOCK = threading.Lock()
_pauses = 0
_restart = False



_Scored = list[tuple[float, int, int, str, str]]



def _first_free(queue: deque[Entry] | None, taken: set[str]) -> Entry | None:
    """The first entry of *queue* not in *taken* (taken ones at its head are dropped)."""
    while queue and queue[0].id in taken:
        queue.popleft()
    return queue.popleft() if queue else None


class _Matcher(SplitsAndMerges, ContainerPairing):
    """Runs the phases in order (module docstring)."""

    def run(self) -> Matching:
        self.exact_leaves()
        self.twin_leaves()
        exact = [(o, n) for o, n in self.result.pairs.items() if o != ROOT]
        agreeing = sum(1 for o, n in exact if o == n)
        self.ids_agree = bool(exact) and agreeing >= ID_AGREEMENT * len(exact)
        # Repeated texts pair top-down: the containers their places tell apart, then the
        # repeated texts under them, then the containers under those, ...
        containers = self.old.of_kind("section", "list", "table")
        for _ in range(2 * self._depth + 2):
            self.containers(settle=False)
            if not self.placed_duplicates():
                break
            if all(entry.id in self.result.pairs for entry in containers):
                break  # every container is paired: the new pairs can tell no more
        self.containers(fresh=False)  # the containers their places alone tell apart
        if self.duplicate_leaves() or self._tied:
            self.containers()  # with the repeated texts paired, ties between places resolve
        placed = self._container_pairs(containers)
        if self.similar_leaves(moves=False):
            self.containers()
        self.splits_and_merges()
        if self.similar_leaves(moves=True):
            self.containers()
        if self._container_pairs(containers) != placed:
            # Containers paired anew since the leaves were compared in place: compare the
            # leaves left over under their final pairs (a table split in two goes with the
            # part that holds most of it, and its reworded rows with it).
            self._gaps.clear()
            if self.similar_leaves(moves=False):
                self.containers()
        self.rehome_duplicates()
        self.cells()
        return self.result

    def _container_pairs(self, containers: list[Entry]) -> dict[str, str]:
        pairs = self.result.pairs
        return {entry.id: pairs[entry.id] for entry in containers if entry.id in pairs}

    # -- steps -------------------------------------------------------------------------------

    def exact_leaves(self) -> None:
        self._duplicates = []
        pairs, reverse, scores = self.result.pairs, self.result.reverse, self.result.scores
        for kind in LEAF_KINDS:
            olds, news = self.old.of_kind(kind), self.new.of_kind(kind)
            old_texts = [entry.text for entry in olds]
            new_texts = [entry.text for entry in news]
            old_set, new_set = set(old_texts), set(new_texts)
            # Fold only texts without a verbatim twin on the other side: most texts do not change.
            old_keys = [text if text in new_set else fold(text) for text in old_texts]
            new_keys = [text if text in old_set else fold(text) for text in new_texts]
            old_counts, new_counts = Counter(old_keys), Counter(new_keys)
            common = old_counts.keys() & new_counts.keys()
            groups: list[str] = []
            if len(old_counts) < len(old_keys) or len(new_counts) < len(new_keys):
                repeated = {key for key, count in old_counts.items() if count > 1}
                repeated.update(key for key, count in new_counts.items() if count > 1)
                repeated &= common
                groups = [key for key in old_counts if key in repeated]
                common -= repeated
            # Texts that occur once on each side pair at once, in document order.
            once = [key for key in old_keys if key in common]
            old_by_key = dict(zip(old_keys, olds, strict=True))
            new_by_key = dict(zip(new_keys, news, strict=True))
            old_ids = [old_by_key[key].id for key in once]
            new_ids = [new_by_key[key].id for key in once]
            pairs.update(zip(old_ids, new_ids, strict=True))
            reverse.update(zip(new_ids, old_ids, strict=True))
            scores.update(dict.fromkeys(old_ids, 1.0))
            if groups:
                wanted = set(groups)
                old_groups: dict[str, list[Entry]] = defaultdict(list)
                new_groups: dict[str, list[Entry]] = defaultdict(list)
                for key, entry in zip(old_keys, olds, strict=True):
                    if key in wanted:
                        old_groups[key].append(entry)
                for key, entry in zip(new_keys, news, strict=True):
                    if key in wanted:
                        new_groups[key].append(entry)
                for key in groups:
                    group = self._labelled_once(old_groups[key], new_groups[key])
                    if group[0] and group[1]:
                        self._duplicates.append(group)

    def twin_leaves(self) -> None:
        """Pair the leaves of containers that occur once on each side, identical (step 1;
        :mod:`policyversions.compare.twins`): their texts may all be repeated elsewhere, but
        the whole subtree tells which copy is which."""
        if not self._duplicates:
            return  # every leaf text occurs once: the twins' leaves are paired already
        pairs, reverse = self.result.pairs, self.result.reverse
        paired = 0
        for old, new in twins(self.old, self.new):
            if old.kind in LEAF_KINDS and old.id not in pairs and new.id not in reverse:
                self.result.pair(old.id, new.id, 1.0)
                paired += 1
        if paired:
            self._duplicates = [
                group
                for group in (
                    (
                        [entry for entry in olds if entry.id not in pairs],
                        [entry for entry in news if entry.id not in reverse],
                    )
                    for olds, news in self._duplicates
                )
                if group[0] and group[1]
            ]

    def _labelled_once(
        self, olds: list[Entry], news: list[Entry]
    ) -> tuple[list[Entry], list[Entry]]:
        """Pair the copies of a repeated text that its label tells apart (``1.`` once on each
        side among the copies) and return the copies left."""
        if all(entry.label is None for entry in olds) and all(e.label is None for e in news):
            return olds, news
        old_labels = Counter(entry.label for entry in olds)
        new_labels = Counter(entry.label for entry in news)
        if len(old_labels) < 2 and len(new_labels) < 2:
            return olds, news  # one label for all copies: it tells nothing
        once = {
            label
            for label, count in old_labels.items()
            if count == 1 and new_labels.get(label) == 1
        }
        if not once:
            return olds, news
        partner = {entry.label: entry for entry in news if entry.label in once}
        for entry in olds:
            if entry.label in once:
                self.result.pair(entry.id, partner[entry.label].id, 1.0)
        return (
            [entry for entry in olds if entry.label not in once],
            [entry for entry in news if entry.label not in once],
        )

    def placed_duplicates(self) -> int:
        """Pair repeated texts under paired parents: each with a copy in the same gap between
        paired siblings if there is one (so that a copy added before or after it leaves it in
        place; by id first in the gap when the revisions share ids), else the first free copy,
        in order; return how many pairs were made."""
        pairs, reverse = self.result.pairs, self.result.reverse
        made = 0
        for olds, news in self._duplicates:
            by_place: dict[tuple[str | None, str], deque[Entry]] = defaultdict(deque)
            by_parent: dict[str | None, deque[Entry]] = defaultdict(deque)
            by_id: dict[str, Entry] = {}
            for entry in news:
                if entry.id not in reverse and entry.parent in reverse:
                    by_place[(entry.parent, self.gap(entry, False))].append(entry)
                    by_parent[entry.parent].append(entry)
                    by_id[entry.id] = entry
            if not by_parent:
                continue
            taken: set[str] = set()
            for entry in olds:
                if entry.id in pairs or entry.parent is None or entry.parent not in pairs:
                    continue
                parent = pairs[entry.parent]
                gap = self.gap(entry, True)
                chosen = by_id.get(entry.id) if self.ids_agree else None
                if (
                    chosen is None
                    or chosen.id in taken
                    or chosen.parent != parent
                    or self.gap(chosen, False) != gap
                ):
                    chosen = _first_free(by_place.get((parent, gap)), taken)
                if chosen is None:
                    chosen = _first_free(by_parent.get(parent), taken)
                if chosen is None:
                    continue
                taken.add(chosen.id)
                self.result.pair(entry.id, chosen.id, 1.0)
                made += 1
        return made

    def rehome_duplicates(self) -> None:
        """Move a repeated text to its place (step 7). One paired while its parent was paired
        elsewhere sits under another container than its old parent's final pair, although a
        copy there is free (a table split in two repeats the old header row in both; the
        header stays with the table the old one became). One paired before its neighbours
        were sits in another gap between them than it did, although a copy in its old gap is
        free (a copy of the last paragraph added first). Either takes that copy; the one it
        leaves is the addition."""
        pairs, reverse, new_entries = self.result.pairs, self.result.reverse, self.new.entries
        self._gaps.clear()
        for olds, news in self._duplicates:
            by_parent: dict[str | None, deque[Entry]] = defaultdict(deque)
            by_place: dict[tuple[str | None, str], deque[Entry]] = defaultdict(deque)
            for entry in news:
                if entry.id not in reverse:
                    by_parent[entry.parent].append(entry)
                    if entry.parent in reverse:
                        by_place[(entry.parent, self.gap(entry, False))].append(entry)
            if not by_parent:
                continue
            taken: set[str] = set()
            for entry in olds:
                new_id = pairs.get(entry.id)
                home = pairs.get(entry.parent) if entry.parent is not None else None
                if new_id is None or home is None:
                    continue
                paired = new_entries[new_id]
                if paired.parent != home:
                    chosen = _first_free(by_place.get((home, self.gap(entry, True))), taken)
                    chosen = chosen or _first_free(by_parent.get(home), taken)
                elif self.gap(paired, False) != self.gap(entry, True):
                    chosen = _first_free(by_place.get((home, self.gap(entry, True))), taken)
                else:
                    continue
                if chosen is None:
                    continue
                taken.add(chosen.id)
                score = self.result.scores[entry.id]
                self.result.unpair(entry.id)
                self.result.pair(entry.id, chosen.id, score)

    def duplicate_leaves(self) -> bool:
        """Pair the repeated texts left (step 3): under paired parents (see
        :meth:`placed_duplicates`), then by equal ids when the revisions share ids, then by the
        most context they share (parent text, neighbours' texts, heading trail), then in
        document order. Each stage hashes, so a text repeated 100,000 times costs linear time,
        and an unchanged text keeps its place when the new revision repeats it elsewhere."""
        self.placed_duplicates()
        evidence = False
        for olds, news in self._duplicates:
            rest_old = [entry for entry in olds if entry.id not in self.result.pairs]
            rest_new = [entry for entry in news if entry.id not in self.result.reverse]
            if not rest_old or not rest_new:
                continue
            if self.ids_agree:
                by_id = {entry.id: entry for entry in rest_new}
                for entry in list(rest_old):
                    same = by_id.pop(entry.id, None)
                    if same is not None:
                        self.result.pair(entry.id, same.id, 1.0)
                        rest_old.remove(entry)
                        evidence = evidence or self._new_evidence(entry.id, same.id)
                rest_new = list(by_id.values())
            for context in (self._full_context, self._parent_context, self._trail_context, None):
                if not rest_old or not rest_new:
                    break
                buckets: dict[object, list[Entry]] = defaultdict(list)
                for entry in rest_new:
                    buckets[None if context is None else context(entry, False)].append(entry)
                unpaired: list[Entry] = []
                for entry in rest_old:
                    bucket = buckets.get(None if context is None else context(entry, True))
                    if bucket:
                        chosen = bucket.pop(0)
                        self.result.pair(entry.id, chosen.id, 1.0)
                        evidence = evidence or self._new_evidence(entry.id, chosen.id)
                    else:
                        unpaired.append(entry)
                rest_old = unpaired
                rest_new = [e for e in rest_new if e.id not in self.result.reverse]
        return evidence

    def _full_context(self, entry: Entry, is_old: bool) -> object:
        return (
            entry.trail,
            self.parent_text(entry, is_old),
            self.neighbour_text(entry, is_old, -1),
            self.neighbour_text(entry, is_old, 1),
        )

    def _parent_context(self, entry: Entry, is_old: bool) -> object:
        return (entry.trail, self.parent_text(entry, is_old))

    @staticmethod
    def _trail_context(entry: Entry, is_old: bool) -> object:
        return entry.trail

    def cells(self) -> None:
        """Pair the cells of every pair of rows column by column (step 8)."""
        result, old_entries, new_entries = self.result, self.old.entries, self.new.entries
        for old_row in self.old.of_kind("row"):
            new_id = result.pairs.get(old_row.id)
            if new_id is None:
                continue
            for old_cell, new_cell in zip(
                old_row.children, new_entries[new_id].children, strict=False
            ):
                same = old_entries[old_cell].text == new_entries[new_cell].text
                result.pair(old_cell, new_cell, 1.0 if same else 0.5)

    def similar_leaves(self, moves: bool) -> bool:
        """Pair similar leaves in place (step 4) or, with ``moves``, across parents (step 6)."""
        result = self.result
        evidence = False
        for kind in LEAF_KINDS:
            olds = [
                e
                for e in self._leftovers(True, kind)
                if e.id not in result.pairs and e.id not in self._in_runs
            ]
            news = [
                e
                for e in self._leftovers(False, kind)
                if e.id not in result.reverse and e.id not in self._in_runs_new
            ]
            if not olds or not news:
                continue
            scored = self._score_moves(olds, news) if moves else self._score_in_place(olds, news)
            for negative, _, _, old_id, new_id in sorted(scored):
                if old_id not in result.pairs and new_id not in result.reverse:
                    result.pair(old_id, new_id, -negative)
                    self._similar.add(old_id)
                    evidence = evidence or self._new_evidence(old_id, new_id)
        return evidence

    def _new_evidence(self, old_id: str, new_id: str) -> bool:
        """Whether a new leaf pair votes for containers not yet matched to each other.

        A vote for a matched container pair cannot change the (greedy) container matching, so
        the containers need matching again only after a pair that is not in place.
        """
        return not self.parents_matched(self.old[old_id], self.new[new_id])

    def _new_words(self, entry: Entry) -> Words:
        return self.words(entry, False)

    def _score_in_place(self, olds: list[Entry], news: list[Entry]) -> _Scored:
        pairs, reverse = self.result.pairs, self.result.reverse
        children_of: dict[str | None, list[Entry]] = defaultdict(list)
        for entry in news:
            children_of[entry.parent].append(entry)
        index: CandidateIndex | None = None
        scored: _Scored = []
        for entry in olds:
            own = self.words(entry, True)
            partner = pairs.get(entry.parent) if entry.parent is not None else None
            if partner is not None:
                bonus = PARENT_BONUS
                candidates = children_of.get(partner, [])
                if len(candidates) > _SIBLING_LIMIT:
                    index = index or CandidateIndex(news, self._new_words)
                    candidates = [c for c in index.candidates(own.keys) if c.parent == partner]
            else:
                bonus = 0.0
                index = index or CandidateIndex(news, self._new_words)
                candidates = [
                    c
                    for c in index.candidates(own.keys)
                    if c.parent is not None and c.parent not in reverse
                ]
            if partner is not None:
                place = self.gap(entry, True)
                candidates = [c for c in candidates if self.gap(c, False) == place]
            for candidate in candidates:
                theirs = self.words(candidate, False)
                score = dice(own, theirs) + bonus
                if entry.kind == "row":
                    score = self._row_score(entry, candidate, own, theirs) + bonus
                if entry.id == candidate.id and self.ids_agree:
                    score += ID_BONUS
                if score >= LEAF_THRESHOLD:
                    scored.append((-score, entry.order, candidate.order, entry.id, candidate.id))
        return scored

    def _row_score(self, old: Entry, new: Entry, own: Words, theirs: Words) -> float:
        """How alike two rows are: the lesser of Dice and rarity-weighted Dice (the words every
        row of a table repeats, such as a country, do not make two rows alike), plus
        :data:`ROW_KEY_BONUS` when their first cells (the name a row is known by) are equal."""
        score = min(dice(own, theirs), self._weighted_dice(own, theirs))
        if old.children and new.children:
            old_key = self.folded(self.old.entries[old.children[0]])
            if old_key and old_key == self.folded(self.new.entries[new.children[0]]):
                score += ROW_KEY_BONUS
        return score

    def _score_moves(self, olds: list[Entry], news: list[Entry]) -> _Scored:
        pairs, reverse = self.result.pairs, self.result.reverse
        index = CandidateIndex(news, self._new_words)
        scored: _Scored = []
        for entry in olds:
            own = self.words(entry, True)
            partner = pairs.get(entry.parent) if entry.parent is not None else None
            for candidate in index.candidates(own.keys):
                if (partner is None and candidate.parent not in reverse) or (
                    candidate.parent == partner
                    and self.gap(entry, True) == self.gap(candidate, False)
                ):
                    continue  # in place: step 4 had its chance
                theirs = self.words(candidate, False)
                score = dice(own, theirs)
                if score < MOVE_THRESHOLD:
                    continue
                score = min(score, self._weighted_dice(own, theirs))
                if entry.id == candidate.id and self.ids_agree:
                    score += ID_BONUS
                if score >= MOVE_THRESHOLD:
                    scored.append((-score, entry.order, candidate.order, entry.id, candidate.id))
        return scored

    def _weighted_dice(self, old: Words, new: Words) -> float:
        """Dice with each token weighted by its rarity (IDF over the old leaves, or a sample)."""
        weights = self._weights
        if weights is None:
            leaves = self.old.of_kind(*LEAF_KINDS)
            sample = leaves[:: max(1, math.ceil(len(leaves) / DF_SAMPLE))]
            frequency: Counter[str] = Counter()
            for entry in sample:
                frequency.update(set(tokens(entry.text)))
            count = len(sample) + 1
            weights = self._weights = {
                token: math.log(1.0 + count / (1 + n)) for token, n in frequency.items()
            }
            self._unseen_weight = math.log(1.0 + count)
        unseen = self._unseen_weight

        def total(counts: dict[str, int]) -> float:
            return sum(weights.get(t, unseen) * n for t, n in counts.items())

        both = total(old.counts) + total(new.counts)
        if both == 0:
            return 1.0
        shared = 0.0
        for token, count in old.counts.items():
            other = new.counts.get(token)
            if other:
                shared += weights.get(token, unseen) * min(count, other)
        return 2.0 * shared / both


__all__ = ["Matching", "cycle_collection_paused", "match"]
