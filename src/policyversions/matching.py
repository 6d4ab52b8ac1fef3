"""Pairing the nodes of two revisions of a policy.

The matcher pairs sections, paragraphs, lists and commitments of an *old* and a *new* policy
even when they moved (within their list or to another section), were reworded, or their
section was renamed. Node ids are only a tie-breaker: two revisions imported independently
(positional ids) diff as well as two that share an id history. Nodes pair only with nodes of
the same kind. Steps, each near linear in the size of the documents:

1. **Exact leaves.** Paragraphs and commitments are grouped by their folded text
   (:func:`~policyversions.wording.fold`: case, white space and punctuation ignored). A text
   that occurs once on each side pairs at once.
2. **Containers** (step C below) from that evidence.
3. **Duplicate leaves.** A text that occurs several times pairs first within already matched
   parents (in order), then the rest in document order (equal ids first).
4. **Similar leaves.** The remaining leaves are compared only with plausible candidates: an
   inverted index maps each word token to the unmatched new leaves holding it; an old leaf looks
   up its rarest tokens (few postings) and its matched parent's unmatched children, keeps the
   best-sharing candidates and scores them with the Dice coefficient over token multisets,
   plus a bonus when their parents are matched and a tiny one when their ids are equal.
   When a parent of the pair is already matched to another container (a move), the score is
   at most the Dice coefficient with each word weighted by its rarity (``log(1 + n / (1 + df))``,
   document frequencies over the old leaves), so that a shared subject, modal and function
   words do not pair unrelated sentences. Pairs at or above :data:`LEAF_THRESHOLD` are taken
   best first (greedy). Never all pairs.
5. **Containers** again, then **splits and merges**: adjacent unmatched (or matched by
   similarity only) new leaves whose words are contained in one old leaf and together
   resemble it closely are a split of it; the mirror image is a merge. Resemblance is the
   Dice coefficient of the old leaf with the parts' words summed or united (a split repeats
   the subject), whichever is higher. When the old leaf went by similarity to one of the parts,
   the others must hold at least :data:`SPLIT_LEFTOVER` of its leftover words and the parts
   together must resemble it more than that one part alone.

C. **Containers.** Lists pair by the votes of their matched items (each matched item pair
   votes for its two lists; score ``2·votes / (items_old + items_new)``) plus an equal lead-in
   (1.0) or a similar one (0.4·Dice). Sections pair by the votes of their matched direct
   children plus an equal heading (1.0) or a similar one (0.4·Dice), plus 0.1 when their parents
   are matched; rounds repeat so that sections holding only sections pair after their children.
   Pairs at or above :data:`CONTAINER_THRESHOLD` are taken best first.

The result is a one-to-one :class:`Matching` (old id to new id) with a similarity score per pair
and the splits and merges found.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

import attrs

from .model import CommitmentList, Node, Paragraph, Policy, Section
from .wording import dice, fold, tokens

LEAF_THRESHOLD = 0.5
CONTAINER_THRESHOLD = 0.5
SPLIT_CONTAINMENT = 0.8
SPLIT_SIMILARITY = 0.8
SPLIT_LEFTOVER = 0.5
PARENT_BONUS = 0.1
ID_BONUS = 0.01
_POSTING_LIMIT = 64
_RARE_TOKENS = 8
_CANDIDATE_LIMIT = 24
_GROUP_LIMIT = 8
LEAF_KINDS = ("paragraph", "commitment")

ROOT = ""


class Entry:
    """One node of a flattened policy: kind, main text, parent, position and heading trail."""

    __slots__ = ("children", "id", "index", "kind", "node", "order", "parent", "text", "trail")

    def __init__(
        self,
        node_id: str,
        kind: str,
        node: Node | None,
        parent: str | None,
        index: int,
        text: str,
        trail: tuple[str, ...],
        order: int,
    ) -> None:
        self.id = node_id
        self.kind = kind
        self.node = node
        self.parent = parent
        self.index = index
        self.text = text
        self.trail = trail
        self.order = order
        self.children: list[str] = []


class Tree:
    """A policy flattened for matching: entries by id, in document order (root first)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        root = Entry(ROOT, "root", None, None, 0, policy.title, (), 0)
        self.entries: dict[str, Entry] = {ROOT: root}
        self.order: list[Entry] = [root]
        self._by_kinds: dict[tuple[str, ...], list[Entry]] = {}
        self._add(policy.body, root, ())

    def _add(self, nodes: Iterable[Node], parent: Entry, trail: tuple[str, ...]) -> None:
        for index, node in enumerate(nodes):
            if isinstance(node, Section):
                kind, text = "section", node.heading
            elif isinstance(node, CommitmentList):
                kind, text = "list", node.lead_in or ""
            elif isinstance(node, Paragraph):
                kind, text = "paragraph", node.text
            else:
                kind, text = "commitment", node.text
            entry = Entry(node.id, kind, node, parent.id, index, text, trail, len(self.order))
            self.entries[node.id] = entry
            self.order.append(entry)
            parent.children.append(node.id)
            if isinstance(node, Section):
                self._add(node.children, entry, (*trail, node.heading))
            elif isinstance(node, CommitmentList):
                self._add(node.items, entry, trail)

    def __getitem__(self, node_id: str) -> Entry:
        return self.entries[node_id]

    def of_kind(self, *kinds: str) -> list[Entry]:
        """Return the entries of the given kinds, in document order."""
        found = self._by_kinds.get(kinds)
        if found is None:
            found = [entry for entry in self.order if entry.kind in kinds]
            self._by_kinds[kinds] = found
        return found


@attrs.define
class Matching:
    """A one-to-one pairing of old and new node ids, with the splits and merges found."""

    pairs: dict[str, str] = attrs.Factory(dict)
    reverse: dict[str, str] = attrs.Factory(dict)
    scores: dict[str, float] = attrs.Factory(dict)
    splits: list[tuple[str, tuple[str, ...]]] = attrs.Factory(list)
    merges: list[tuple[tuple[str, ...], str]] = attrs.Factory(list)

    def pair(self, old: str, new: str, score: float) -> None:
        """Record that *old* and *new* are the same node."""
        self.pairs[old] = new
        self.reverse[new] = old
        self.scores[old] = score

    def unpair(self, old: str) -> None:
        """Forget the pair of *old*."""
        new = self.pairs.pop(old)
        del self.reverse[new]
        del self.scores[old]


def match(old: Policy | Tree, new: Policy | Tree) -> Matching:
    """Pair the nodes of *old* and *new* (see the module docstring for the algorithm)."""
    old_tree = old if isinstance(old, Tree) else Tree(old)
    new_tree = new if isinstance(new, Tree) else Tree(new)
    return _Matcher(old_tree, new_tree).run()


_Scorer = Callable[[Entry, Entry, int], float]


class _Matcher:
    def __init__(self, old: Tree, new: Tree) -> None:
        self.old = old
        self.new = new
        self.result = Matching()
        self.result.pair(ROOT, ROOT, 1.0)
        # Fold only texts without a verbatim twin on the other side: most texts do not change.
        old_texts = {e.text for e in old.of_kind(*LEAF_KINDS)}
        new_texts = {e.text for e in new.of_kind(*LEAF_KINDS)}
        self._folded_old = {
            e.id: e.text if e.text in new_texts else fold(e.text) for e in old.of_kind(*LEAF_KINDS)
        }
        self._folded_new = {
            e.id: e.text if e.text in old_texts else fold(e.text) for e in new.of_kind(*LEAF_KINDS)
        }
        self._counters: dict[tuple[bool, str], Counter[str]] = {}
        self._similar: set[str] = set()
        self._frequency: Counter[str] | None = None
        self._leaf_count = 1

    def run(self) -> Matching:
        self.exact_leaves()
        self.containers()
        if self.duplicate_leaves():
            self.containers()
        if self.similar_leaves():
            self.containers()
        self.splits_and_merges()
        return self.result

    # -- helpers -----------------------------------------------------------------------------

    def counter(self, entry: Entry, is_old: bool) -> Counter[str]:
        key = (is_old, entry.id)
        found = self._counters.get(key)
        if found is None:
            found = Counter(tokens(entry.text))
            self._counters[key] = found
        return found

    def parents_matched(self, old: Entry, new: Entry) -> bool:
        return old.parent is not None and self.result.pairs.get(old.parent) == new.parent

    def _groups(self) -> dict[tuple[str, str], tuple[list[Entry], list[Entry]]]:
        groups: dict[tuple[str, str], tuple[list[Entry], list[Entry]]] = defaultdict(
            lambda: ([], [])
        )
        for entry in self.old.of_kind(*LEAF_KINDS):
            groups[(entry.kind, self._folded_old[entry.id])][0].append(entry)
        for entry in self.new.of_kind(*LEAF_KINDS):
            groups[(entry.kind, self._folded_new[entry.id])][1].append(entry)
        return groups

    # -- steps -------------------------------------------------------------------------------

    def exact_leaves(self) -> None:
        self._duplicates: list[tuple[list[Entry], list[Entry]]] = []
        for olds, news in self._groups().values():
            if len(olds) == 1 and len(news) == 1:
                self.result.pair(olds[0].id, news[0].id, 1.0)
            elif olds and news:
                self._duplicates.append((olds, news))

    def duplicate_leaves(self) -> bool:
        pairs = self.result.pairs
        before = len(pairs)
        for olds, news in self._duplicates:
            free_new = [entry for entry in news if entry.id not in self.result.reverse]
            by_parent: dict[str | None, list[Entry]] = defaultdict(list)
            for entry in free_new:
                by_parent[entry.parent].append(entry)
            taken: set[str] = set()
            rest_old: list[Entry] = []
            for entry in olds:
                candidates = by_parent.get(pairs.get(entry.parent or "", None))
                if entry.parent is not None and entry.parent in pairs and candidates:
                    chosen = next((c for c in candidates if c.id == entry.id), candidates[0])
                    candidates.remove(chosen)
                    taken.add(chosen.id)
                    self.result.pair(entry.id, chosen.id, 1.0)
                else:
                    rest_old.append(entry)
            rest_new = [entry for entry in free_new if entry.id not in taken]
            new_ids = {entry.id: entry for entry in rest_new}
            for entry in list(rest_old):
                same = new_ids.pop(entry.id, None)
                if same is not None:
                    self.result.pair(entry.id, same.id, 1.0)
                    rest_old.remove(entry)
            for old_entry, new_entry in zip(rest_old, new_ids.values(), strict=False):
                self.result.pair(old_entry.id, new_entry.id, 1.0)
        return len(pairs) > before

    def containers(self) -> None:
        result = self.result
        for entry in self.old.of_kind("section", "list"):
            if entry.id in result.pairs:
                result.unpair(entry.id)
        self._match_containers("list", self._list_score)
        depth = 1 + max((len(entry.trail) for entry in self.old.order), default=0)
        for _ in range(depth + 1):
            if not self._match_containers("section", self._section_score):
                break

    def _list_score(self, old: Entry, new: Entry, votes: int) -> float:
        score = 2.0 * votes / (len(old.children) + len(new.children))
        if old.text and new.text:
            if fold(old.text) == fold(new.text):
                score += 1.0
            elif votes:
                score += 0.4 * dice(self.counter(old, True), self.counter(new, False))
        elif votes and not old.text and not new.text:
            score += 0.2
        if self.parents_matched(old, new):
            score += PARENT_BONUS
        return score

    def _section_score(self, old: Entry, new: Entry, votes: int) -> float:
        sizes = len(old.children) + len(new.children)
        score = 2.0 * votes / sizes if sizes else 0.0
        if fold(old.text) == fold(new.text):
            score += 1.0
        elif votes:
            score += 0.4 * dice(self.counter(old, True), self.counter(new, False))
        if self.parents_matched(old, new):
            score += PARENT_BONUS
        return score

    def _match_containers(self, kind: str, scorer: _Scorer) -> bool:
        result = self.result
        olds = [e for e in self.old.of_kind(kind) if e.id not in result.pairs]
        news = [e for e in self.new.of_kind(kind) if e.id not in result.reverse]
        if not olds or not news:
            return False
        free_old = {e.id for e in olds}
        free_new = {e.id for e in news}
        votes: Counter[tuple[str, str]] = Counter()
        for entry in news:
            for child in entry.children:
                old_child = result.reverse.get(child)
                if old_child is None:
                    continue
                old_parent = self.old[old_child].parent
                if old_parent in free_old:
                    votes[(old_parent, entry.id)] += 1
        headings: dict[str, tuple[list[Entry], list[Entry]]] = defaultdict(lambda: ([], []))
        for entry in olds:
            if entry.text:
                headings[fold(entry.text)][0].append(entry)
        for entry in news:
            if entry.text:
                headings[fold(entry.text)][1].append(entry)
        candidates = set(votes)
        for group_old, group_new in headings.values():
            if len(group_old) * len(group_new) <= _GROUP_LIMIT * _GROUP_LIMIT:
                candidates.update((o.id, n.id) for o in group_old for n in group_new)
            else:
                candidates.update((o.id, n.id) for o, n in zip(group_old, group_new, strict=False))
        scored = []
        for old_id, new_id in candidates:
            old_entry, new_entry = self.old[old_id], self.new[new_id]
            score = scorer(old_entry, new_entry, votes.get((old_id, new_id), 0))
            if old_id == new_id:
                score += ID_BONUS
            if score >= CONTAINER_THRESHOLD:
                scored.append((-score, old_entry.order, new_entry.order, old_id, new_id))
        scored.sort()
        found = False
        for negative, _, _, old_id, new_id in scored:
            if old_id in free_old and new_id in free_new:
                result.pair(old_id, new_id, -negative)
                free_old.discard(old_id)
                free_new.discard(new_id)
                found = True
        return found

    def similar_leaves(self) -> bool:
        result = self.result
        before = len(result.pairs)
        for kind in LEAF_KINDS:
            olds = [e for e in self.old.of_kind(kind) if e.id not in result.pairs]
            news = [e for e in self.new.of_kind(kind) if e.id not in result.reverse]
            if not olds or not news:
                continue
            scored = self._score_candidates(olds, news)
            for negative, _, _, old_id, new_id in sorted(scored):
                if old_id not in result.pairs and new_id not in result.reverse:
                    result.pair(old_id, new_id, -negative)
                    self._similar.add(old_id)
        return len(result.pairs) > before

    def _score_candidates(
        self, olds: list[Entry], news: list[Entry]
    ) -> list[tuple[float, int, int, str, str]]:
        postings: dict[str, list[Entry]] = defaultdict(list)
        children_of: dict[str | None, list[Entry]] = defaultdict(list)
        for entry in news:
            for token in self.counter(entry, False):
                postings[token].append(entry)
            children_of[entry.parent].append(entry)
        scored = []
        for entry in olds:
            own = self.counter(entry, True)
            shared, lookup = _rare_token_candidates(own, postings)
            new_parent = result_parent = self.result.pairs.get(entry.parent or "")
            if entry.parent is not None and result_parent is not None:
                for candidate in children_of.get(new_parent, ())[: _POSTING_LIMIT * 4]:
                    shared[candidate.id] += 1
                    lookup[candidate.id] = candidate
            for new_id, _ in shared.most_common(_CANDIDATE_LIMIT):
                candidate = lookup[new_id]
                theirs = self.counter(candidate, False)
                score = dice(own, theirs)
                if score < LEAF_THRESHOLD - PARENT_BONUS:
                    continue
                if self.parents_matched(entry, candidate):
                    score += PARENT_BONUS
                elif score < LEAF_THRESHOLD:
                    continue
                elif entry.parent in self.result.pairs or candidate.parent in self.result.reverse:
                    # A move between parents paired elsewhere: shared common words (subject,
                    # modal, function words) must not carry it, so weight words by rarity.
                    score = min(score, self._weighted_dice(own, theirs))
                if entry.id == candidate.id:
                    score += ID_BONUS
                if score >= LEAF_THRESHOLD:
                    scored.append((-score, entry.order, candidate.order, entry.id, new_id))
        return scored

    def _weighted_dice(self, old: Counter[str], new: Counter[str]) -> float:
        """Dice with each token weighted by its rarity (IDF over the old leaves)."""
        if self._frequency is None:
            self._frequency = Counter()
            for entry in self.old.of_kind(*LEAF_KINDS):
                self._frequency.update(self.counter(entry, True).keys())
            self._leaf_count = len(self.old.of_kind(*LEAF_KINDS)) + 1
        frequency, count = self._frequency, self._leaf_count

        def weight(token: str) -> float:
            return math.log(1.0 + count / (1 + frequency.get(token, 0)))

        total = sum(weight(t) * n for t, n in old.items()) + sum(
            weight(t) * n for t, n in new.items()
        )
        if total == 0:
            return 1.0
        shared = sum(weight(t) * n for t, n in (old & new).items())
        return 2.0 * shared / total

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
        taken: set[str] = set()
        for kind in LEAF_KINDS:
            ones = [
                e
                for e in one_tree.of_kind(kind)
                if e.id not in one_pairs or self._weak(e.id, one_is_old)
            ]
            manys = [
                e
                for e in many_tree.of_kind(kind)
                if e.id not in many_pairs or self._weak(e.id, not one_is_old)
            ]
            if not ones or not any(e.id not in many_pairs for e in manys):
                continue
            postings: dict[str, list[Entry]] = defaultdict(list)
            for entry in ones:
                for token in self.counter(entry, one_is_old):
                    postings[token].append(entry)
            for start in manys:
                if start.id in many_pairs or start.id in taken:
                    continue  # a run starts from a leaf nobody claimed
                own = self.counter(start, not one_is_old)
                if not own:
                    continue
                seen, lookup = _rare_token_candidates(own, postings)
                best: Entry | None = None
                for one_id, _ in seen.most_common(_CANDIDATE_LIMIT):
                    if one_id in taken:
                        continue
                    if self._containment(own, self.counter(lookup[one_id], one_is_old)) >= (
                        SPLIT_CONTAINMENT
                    ):
                        best = lookup[one_id]
                        break
                if best is None:
                    continue
                run = self._run(start, best, many_tree, many_pairs, one_pairs, one_is_old, taken)
                if len(run) < 2:
                    continue
                whole = self.counter(best, one_is_old)
                joined: Counter[str] = Counter()
                union: Counter[str] = Counter()
                for entry in run:
                    joined.update(self.counter(entry, not one_is_old))
                    union |= self.counter(entry, not one_is_old)
                # A split repeats the subject and modal in each part; the union forgives that.
                similarity = max(dice(joined, whole), dice(union, whole))
                partner = one_pairs.get(best.id)
                if partner is not None and any(entry.id == partner for entry in run):
                    # The old leaf went by similarity to one part: the others must hold its
                    # leftover words, and the parts together must resemble it more closely.
                    part = self.counter(many_tree[partner], not one_is_old)
                    current = dice(whole, part)
                    rest: Counter[str] = Counter()
                    for entry in run:
                        if entry.id != partner:
                            rest.update(self.counter(entry, not one_is_old))
                    if self._containment(whole - part, rest) < SPLIT_LEFTOVER:
                        continue
                else:
                    current = self._score_of(best.id, one_is_old)
                if similarity < SPLIT_SIMILARITY or similarity <= current:
                    continue
                self._record_run(best, run, split)
                taken.add(best.id)
                taken.update(entry.id for entry in run)

    def _weak(self, node_id: str, is_old: bool) -> bool:
        """Whether the node is matched by similarity only (not by equal text)."""
        old_id = node_id if is_old else self.result.reverse.get(node_id)
        return old_id in self._similar

    def _score_of(self, node_id: str, is_old: bool) -> float:
        result = self.result
        old_id = node_id if is_old else result.reverse.get(node_id)
        if old_id is None or old_id not in result.scores:
            return 0.0
        return result.scores[old_id]

    @staticmethod
    def _containment(part: Counter[str], whole: Counter[str]) -> float:
        total = sum(part.values())
        return sum((part & whole).values()) / total if total else 0.0

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
        whole = self.counter(one, one_is_old)

        def fits(node_id: str) -> bool:
            entry = many_tree[node_id]
            if entry.kind != start.kind or node_id in taken:
                return False
            if node_id in many_pairs and node_id != partner:
                return False
            part = self.counter(entry, not one_is_old)
            return bool(part) and self._containment(part, whole) >= SPLIT_CONTAINMENT

        first = last = start.index
        while first > 0 and fits(siblings[first - 1]):
            first -= 1
        while last + 1 < len(siblings) and fits(siblings[last + 1]):
            last += 1
        return [many_tree[node_id] for node_id in siblings[first : last + 1]]

    def _record_run(self, one: Entry, run: list[Entry], split: bool) -> None:
        result = self.result
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


def _rare_token_candidates(
    own: Iterable[str], postings: dict[str, list[Entry]]
) -> tuple[Counter[str], dict[str, Entry]]:
    """Candidates that share the rarest of *own* tokens, with how many each shares.

    Only tokens held by at most ``_POSTING_LIMIT`` entries count, the ``_RARE_TOKENS`` rarest
    of them, so the lookup stays near linear however common a word is.
    """
    rare = sorted(
        (len(postings[t]), t) for t in own if 0 < len(postings.get(t, ())) <= _POSTING_LIMIT
    )[:_RARE_TOKENS]
    shared: Counter[str] = Counter()
    lookup: dict[str, Entry] = {}
    for _, token in rare:
        for candidate in postings[token]:
            shared[candidate.id] += 1
            lookup[candidate.id] = candidate
    return shared, lookup
