"""How alike two texts are, as the matcher measures it: word tokens with their counts and index
keys (:class:`Words`), the Dice coefficient and containment over token multisets, and an
inverted index of unmatched leaves by their rarest keys (:class:`CandidateIndex`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from .tree import Entry
from .wording import tokens

_POSTING_LIMIT = 64
_RARE_KEYS = 12
_CANDIDATE_LIMIT = 24


class Words:
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


def shared(a: Words, b: Words) -> int:
    """Size of the multiset intersection of two texts' tokens."""
    shared = len(a.counts.keys() & b.counts.keys())  # each shared token once
    if a.repeated and b.repeated:  # and again, as often as it occurs on both sides
        for token, count in a.repeated.items():
            other = b.repeated.get(token)
            if other:
                shared += (count if count < other else other) - 1
    return shared


def shared_counts(a: dict[str, int], b: dict[str, int]) -> int:
    """Size of the multiset intersection of two token counts."""
    if len(a) > len(b):
        a, b = b, a
    shared = 0
    for token, count in a.items():
        other = b.get(token)
        if other:
            shared += count if count < other else other
    return shared


def dice(a: Words, b: Words) -> float:
    total = a.total + b.total
    return 2.0 * shared(a, b) / total if total else 1.0


def containment(part: Words, whole: Words) -> float:
    """Share of *part*'s tokens (as a multiset) that *whole* holds."""
    return shared(part, whole) / part.total if part.total else 0.0


def counter_containment(part: Counter[str], whole: Counter[str]) -> float:
    total = sum(part.values())
    return shared_counts(part, whole) / total if total else 0.0


def counter_dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2.0 * shared_counts(a, b) / total if total else 1.0


class CandidateIndex:
    """Unmatched leaves by key (token or bigram), for candidate lookups (module docstring)."""

    def __init__(self, entries: Sequence[Entry], words: Callable[[Entry], Words]) -> None:
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


__all__ = [
    "CandidateIndex",
    "Words",
    "containment",
    "counter_containment",
    "counter_dice",
    "dice",
    "shared",
    "shared_counts",
]
