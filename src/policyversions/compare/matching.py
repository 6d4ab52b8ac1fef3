"""Pairing the nodes of two revisions of a policy.

The matcher pairs sections, paragraphs, lists and commitments of an *old* and a *new* policy
even when they moved (within their list or to another section), were reworded, split, merged,
or their section was renamed. Node ids are only a tie-breaker: two revisions imported
independently (positional ids) diff as well as two that share an id history. Nodes pair only
with nodes of the same kind. Steps, each near linear in the size of the documents:

1. **Exact leaves.** Paragraphs and commitments are grouped by their folded text
   (:func:`~policyversions.compare.wording.fold`: case, white space and punctuation ignored). A text
   that occurs once on each side pairs at once. Only texts without a verbatim twin on the other
   side are folded (a typical revision leaves all but a few per cent of its texts as they were).
2. **Containers** (step C below) from that evidence.
3. **Duplicate leaves.** A text that occurs several times pairs first within already matched
   parents (in order), then the rest in document order (equal ids first); containers are
   matched again when such a pair joins parents not yet matched to each other (as in step 5).
   From here on only the leaves left unpaired by steps 1 and 3 are looked at.
4. **Similar leaves in place.** A leaf whose parent is matched is compared with the unpaired
   children of that parent's partner; a leaf whose parent is unmatched with unpaired leaves
   whose parents are unmatched too, found through the inverted index (below). The score is the
   Dice coefficient over token multisets, plus :data:`PARENT_BONUS` when the parents are
   matched and :data:`ID_BONUS` when the ids are equal. Pairs at or above
   :data:`LEAF_THRESHOLD` are taken best first (greedy). Never all pairs.
5. **Containers** again (only when a pair of step 4 joins parents that are not yet matched to
   each other: other pairs only add votes to container pairs already taken, which cannot change
   the greedy choice), then **splits and merges**: adjacent unpaired (or paired by similarity
   only) new leaves whose words are contained in one old leaf and together resemble it closely
   are a split of it; the mirror image is a merge. A run is only looked for from a leaf with
   such a neighbour. The old leaf is looked for first among the free leaves of the partner of
   the parent (the one holding most of the part's words, at least a share of
   :data:`SPLIT_CONTAINMENT`), then through the inverted index. Resemblance is the Dice
   coefficient of the old leaf with the parts' words summed or united (a split repeats the
   subject), whichever is higher; it must reach :data:`SPLIT_SIMILARITY`. When the old leaf went
   by similarity to one of the parts, the others must hold at least :data:`SPLIT_LEFTOVER` of
   its leftover words and the parts together must resemble it more than that one part alone. A
   leaf belongs to one split or merge at most.
6. **Reworded moves.** Leaves still unpaired pair across parents that are matched elsewhere
   (a move and a rewording at once) only when they are clearly the same text: the Dice
   coefficient, and the Dice coefficient with each word weighted by its rarity
   (``log(1 + n / (1 + df))``, document frequencies over the old leaves, or over an evenly
   spread sample of :data:`DF_SAMPLE` of them in a longer policy), must both reach
   :data:`MOVE_THRESHOLD`, so that a shared subject, modal and function words do not pair
   unrelated sentences however many of them there are. This step comes last, so that
   rewordings in place, splits and merges are never taken for moves. Then **containers** once
   more if anything paired.

C. **Containers.** Lists pair by the votes of their matched items (each matched item pair
   votes for its two lists; score ``2·votes / (items_old + items_new)``) plus an equal lead-in
   (1.0) or a similar one (0.4·Dice). Sections pair by the votes of their matched direct
   children plus an equal heading (1.0) or a similar one (0.4·Dice), plus 0.1 when their parents
   are matched; rounds repeat so that sections holding only sections pair after their children.
   Pairs at or above :data:`CONTAINER_THRESHOLD` are taken best first.

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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import pairwise

import attrs

from ..model import CommitmentList, Node, Paragraph, Policy, Section
from .wording import fold, tokens

LEAF_THRESHOLD = 0.5
MOVE_THRESHOLD = 0.65
CONTAINER_THRESHOLD = 0.5
SPLIT_CONTAINMENT = 0.8
SPLIT_SIMILARITY = 0.8
SPLIT_LEFTOVER = 0.5
PARENT_BONUS = 0.1
ID_BONUS = 0.01
DF_SAMPLE = 1024
_POSTING_LIMIT = 64
_RARE_KEYS = 12
_CANDIDATE_LIMIT = 24
_SIBLING_LIMIT = 64
_GROUP_LIMIT = 8
LEAF_KINDS = ("paragraph", "commitment")

ROOT = ""


_NO_CHILDREN: tuple[str, ...] = ()


class Entry:
    """One node of a flattened policy: kind, main text, parent, position and heading trail.

    ``children`` holds the ids of a container's children in order; leaves share one empty tuple.
    """

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
        children: Sequence[str] = _NO_CHILDREN,
    ) -> None:
        self.id = node_id
        self.kind = kind
        self.node = node
        self.parent = parent
        self.index = index
        self.text = text
        self.trail = trail
        self.order = order
        self.children = children


class Tree:
    """A policy flattened for matching: entries by id, in document order (root first)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        children: list[str] = []
        root = Entry(ROOT, "root", None, None, 0, policy.title, (), 0, children)
        self.entries: dict[str, Entry] = {ROOT: root}
        self.order: list[Entry] = [root]
        self._by_kinds: dict[tuple[str, ...], list[Entry]] = {}
        self._add(policy.body, ROOT, children, ())
        by_kind: dict[str, list[Entry]] = {"section": [], "list": [], "paragraph": []}
        commitments = []
        for entry in self.order[1:]:
            if entry.kind == "commitment":
                commitments.append(entry)
            else:
                by_kind[entry.kind].append(entry)
        by_kind["commitment"] = commitments
        self._by_kinds.update(((kind,), entries) for kind, entries in by_kind.items())

    def _add(
        self, nodes: Iterable[Node], parent_id: str, children: list[str], trail: tuple[str, ...]
    ) -> None:
        entries, order = self.entries, self.order
        for index, node in enumerate(nodes):
            node_id = node.id
            children.append(node_id)
            if isinstance(node, Section):
                kids: list[str] = []
                heading = node.heading
                at = len(order)
                entry = Entry(node_id, "section", node, parent_id, index, heading, trail, at, kids)
                entries[node_id] = entry
                order.append(entry)
                self._add(node.children, node_id, kids, (*trail, heading))
            elif isinstance(node, CommitmentList):
                kids = []
                text, at = node.lead_in or "", len(order)
                entry = Entry(node_id, "list", node, parent_id, index, text, trail, at, kids)
                entries[node_id] = entry
                order.append(entry)
                # Items are most of a policy: one tight loop for them.
                for number, item in enumerate(node.items):
                    item_id = item.id
                    leaf = Entry(
                        item_id, "commitment", item, node_id, number, item.text, trail, len(order)
                    )
                    entries[item_id] = leaf
                    order.append(leaf)
                    kids.append(item_id)
            else:
                kind = "paragraph" if isinstance(node, Paragraph) else "commitment"
                entry = Entry(node_id, kind, node, parent_id, index, node.text, trail, len(order))
                entries[node_id] = entry
                order.append(entry)

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


class _Words:
    """The word tokens of one text: counts, how many, and its index keys (tokens, bigrams)."""

    __slots__ = ("_keys", "_tokens", "counts", "repeated", "total")

    def __init__(self, text: str) -> None:
        found = self._tokens = tokens(text)
        self.counts: dict[str, int] = Counter(found)
        self.total = len(found)
        self.repeated: dict[str, int] = (
            {token: count for token, count in self.counts.items() if count > 1}
            if self.total > len(self.counts)
            else {}
        )
        self._keys: frozenset[str] | None = None

    @property
    def keys(self) -> frozenset[str]:
        """The tokens and the bigrams (pairs of adjacent tokens) of the text."""
        if self._keys is None:
            found = self._tokens
            self._keys = frozenset(self.counts).union(map(" ".join, pairwise(found)))
        return self._keys


def _shared(a: _Words, b: _Words) -> int:
    """Size of the multiset intersection of two texts' tokens."""
    shared = len(a.counts.keys() & b.counts.keys())  # each shared token once
    if a.repeated and b.repeated:  # and again, as often as it occurs on both sides
        for token, count in a.repeated.items():
            other = b.repeated.get(token)
            if other:
                shared += (count if count < other else other) - 1
    return shared


def _shared_counts(a: dict[str, int], b: dict[str, int]) -> int:
    """Size of the multiset intersection of two token counts."""
    if len(a) > len(b):
        a, b = b, a
    shared = 0
    for token, count in a.items():
        other = b.get(token)
        if other:
            shared += count if count < other else other
    return shared


def _dice(a: _Words, b: _Words) -> float:
    total = a.total + b.total
    return 2.0 * _shared(a, b) / total if total else 1.0


def _containment(part: _Words, whole: _Words) -> float:
    """Share of *part*'s tokens (as a multiset) that *whole* holds."""
    return _shared(part, whole) / part.total if part.total else 0.0


def _counter_containment(part: Counter[str], whole: Counter[str]) -> float:
    total = sum(part.values())
    return _shared_counts(part, whole) / total if total else 0.0


def _counter_dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2.0 * _shared_counts(a, b) / total if total else 1.0


class _Index:
    """Unmatched leaves by key (token or bigram), for candidate lookups (module docstring)."""

    def __init__(self, entries: Sequence[Entry], words: Callable[[Entry], _Words]) -> None:
        self.entries = entries
        postings: dict[str, list[int]] = defaultdict(list)
        for number, entry in enumerate(entries):
            for key in words(entry).keys:
                postings[key].append(number)
        self.postings = dict(postings)

    def candidates(self, keys: Iterable[str]) -> list[Entry]:
        """The leaves sharing most of the rarest of *keys*, best first."""
        postings = self.postings
        rare = sorted(
            (len(found), key)
            for key in keys
            if (found := postings.get(key)) is not None and len(found) <= _POSTING_LIMIT
        )[:_RARE_KEYS]
        if not rare:
            return []
        shared: Counter[int] = Counter()
        for _, key in rare:
            shared.update(postings[key])
        entries = self.entries
        return [entries[number] for number, _ in shared.most_common(_CANDIDATE_LIMIT)]


_Scorer = Callable[[Entry, Entry, int], float]
_Scored = list[tuple[float, int, int, str, str]]


class _Matcher:
    def __init__(self, old: Tree, new: Tree) -> None:
        self.old = old
        self.new = new
        self.result = Matching()
        self.result.pair(ROOT, ROOT, 1.0)
        self._words: dict[tuple[bool, str], _Words] = {}
        self._folds: dict[str, str] = {}  # text -> its folded form
        self._similar: set[str] = set()
        self._left: dict[tuple[bool, str], list[Entry]] = {}
        self._in_runs: set[str] = set()  # old leaves of splits and merges
        self._in_runs_new: set[str] = set()  # new leaves of splits and merges
        self._weights: dict[str, float] | None = None
        sections = old.of_kind("section")
        self._depth = 1 + max((len(entry.trail) + 1 for entry in sections), default=0)

    def run(self) -> Matching:
        self.exact_leaves()
        self.containers()
        if self.duplicate_leaves():
            self.containers()
        if self.similar_leaves(moves=False):
            self.containers()
        self.splits_and_merges()
        if self.similar_leaves(moves=True):
            self.containers()
        return self.result

    # -- helpers -----------------------------------------------------------------------------

    def words(self, entry: Entry, is_old: bool) -> _Words:
        key = (is_old, entry.id)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = _Words(entry.text)
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

    # -- steps -------------------------------------------------------------------------------

    def exact_leaves(self) -> None:
        self._duplicates: list[tuple[list[Entry], list[Entry]]] = []
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
                self._duplicates.extend((old_groups[key], new_groups[key]) for key in groups)

    def duplicate_leaves(self) -> bool:
        pairs = self.result.pairs
        evidence = False
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
                    evidence = evidence or self._new_evidence(entry.id, same.id)
            for old_entry, new_entry in zip(rest_old, new_ids.values(), strict=False):
                self.result.pair(old_entry.id, new_entry.id, 1.0)
                evidence = evidence or self._new_evidence(old_entry.id, new_entry.id)
        return evidence

    def containers(self) -> None:
        result = self.result
        for entry in self.old.of_kind("section", "list"):
            if entry.id in result.pairs:
                result.unpair(entry.id)
        self._match_containers("list", self._list_score)
        for _ in range(self._depth + 1):
            if not self._match_containers("section", self._section_score):
                break

    def _text_score(self, old: Entry, new: Entry, votes: int) -> float:
        """1.0 for equal headings or lead-ins, 0.4·Dice for similar ones backed by votes."""
        if self.folded(old) == self.folded(new):
            return 1.0
        if votes:
            return 0.4 * _dice(self.words(old, True), self.words(new, False))
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
        score += self._text_score(old, new, votes)
        if self.parents_matched(old, new):
            score += PARENT_BONUS
        return score

    def _match_containers(self, kind: str, scorer: _Scorer) -> bool:
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
        headings: dict[str, tuple[list[Entry], list[Entry]]] = defaultdict(lambda: ([], []))
        for entry in olds:
            if entry.text:
                headings[self.folded(entry)][0].append(entry)
        for entry in news:
            if entry.text:
                headings[self.folded(entry)][1].append(entry)
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

    def _new_words(self, entry: Entry) -> _Words:
        return self.words(entry, False)

    def _score_in_place(self, olds: list[Entry], news: list[Entry]) -> _Scored:
        pairs, reverse = self.result.pairs, self.result.reverse
        children_of: dict[str | None, list[Entry]] = defaultdict(list)
        for entry in news:
            children_of[entry.parent].append(entry)
        index: _Index | None = None
        scored: _Scored = []
        for entry in olds:
            own = self.words(entry, True)
            partner = pairs.get(entry.parent) if entry.parent is not None else None
            if partner is not None:
                bonus = PARENT_BONUS
                candidates = children_of.get(partner, [])
                if len(candidates) > _SIBLING_LIMIT:
                    index = index or _Index(news, self._new_words)
                    candidates = [c for c in index.candidates(own.keys) if c.parent == partner]
            else:
                bonus = 0.0
                index = index or _Index(news, self._new_words)
                candidates = [
                    c
                    for c in index.candidates(own.keys)
                    if c.parent is not None and c.parent not in reverse
                ]
            for candidate in candidates:
                score = _dice(own, self.words(candidate, False)) + bonus
                if entry.id == candidate.id:
                    score += ID_BONUS
                if score >= LEAF_THRESHOLD:
                    scored.append((-score, entry.order, candidate.order, entry.id, candidate.id))
        return scored

    def _score_moves(self, olds: list[Entry], news: list[Entry]) -> _Scored:
        pairs, reverse = self.result.pairs, self.result.reverse
        index = _Index(news, self._new_words)
        scored: _Scored = []
        for entry in olds:
            own = self.words(entry, True)
            partner = pairs.get(entry.parent) if entry.parent is not None else None
            for candidate in index.candidates(own.keys):
                if candidate.parent == partner or (
                    partner is None and candidate.parent not in reverse
                ):
                    continue  # in place: step 4 had its chance
                theirs = self.words(candidate, False)
                score = _dice(own, theirs)
                if score < MOVE_THRESHOLD:
                    continue
                score = min(score, self._weighted_dice(own, theirs))
                if entry.id == candidate.id:
                    score += ID_BONUS
                if score >= MOVE_THRESHOLD:
                    scored.append((-score, entry.order, candidate.order, entry.id, candidate.id))
        return scored

    def _weighted_dice(self, old: _Words, new: _Words) -> float:
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
            index: _Index | None = None
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
                containment = SPLIT_CONTAINMENT
                home = many_pairs.get(start.parent or ROOT)
                for node_id in one_tree[home].children if home is not None else ():
                    if node_id in free and node_id not in taken_one:
                        candidate = one_tree[node_id]
                        found = _containment(own, self.words(candidate, one_is_old))
                        if found >= containment and (best is None or found > containment):
                            best, containment = candidate, found
                if best is None:
                    index = index or _Index(ones, lambda entry: self.words(entry, one_is_old))
                    for candidate in index.candidates(own.keys):
                        if candidate.id in taken_one:
                            continue
                        found = _containment(own, self.words(candidate, one_is_old))
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
                similarity = max(_counter_dice(joined, whole), _counter_dice(union, whole))
                partner = one_pairs.get(best.id)
                if partner is not None and any(entry.id == partner for entry in run):
                    # The old leaf went by similarity to one part: the others must hold its
                    # leftover words, and the parts together must resemble it more closely.
                    part_words = self.words(many_tree[partner], not one_is_old)
                    current = _dice(whole_words, part_words)
                    rest: Counter[str] = Counter()
                    for entry in run:
                        if entry.id != partner:
                            rest.update(self.words(entry, not one_is_old).counts)
                    leftover = whole - Counter(part_words.counts)
                    if _counter_containment(leftover, rest) < SPLIT_LEFTOVER:
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

    def _score_of(self, node_id: str, is_old: bool) -> float:
        result = self.result
        old_id = node_id if is_old else result.reverse.get(node_id)
        if old_id is None or old_id not in result.scores:
            return 0.0
        return result.scores[old_id]

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
            return part.total > 0 and _containment(part, whole) >= SPLIT_CONTAINMENT

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
