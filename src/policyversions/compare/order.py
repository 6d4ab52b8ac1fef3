"""Order kept between two sequences: which pairs stay in order (the rest moved).

Used by the matcher (a gap between siblings is named by the nearest sibling that stayed in
order), the differ (which paired siblings moved) and the store (ids carried across revisions).
"""

from __future__ import annotations

from bisect import bisect_left


def longest_increasing(values: list[int]) -> set[int]:
    """Return the positions of one longest strictly increasing subsequence of *values*."""
    tails: list[int] = []
    tail_positions: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[slot] = value
            tail_positions[slot] = position
        previous[position] = tail_positions[slot - 1] if slot else -1
    kept: set[int] = set()
    position = tail_positions[-1] if tail_positions else -1
    while position >= 0:
        kept.add(position)
        position = previous[position]
    return kept


__all__ = ["longest_increasing"]
