"""The semantic diff on repeated text: many identical items, in time and memory linear in size.

Real statutes and policies repeat text: hundreds of provisions reading only "Upphävd." (repealed),
identical list items, the same row in a table. For each shape, at several sizes, this times
``diff(old, new)`` (best of 3) against the same diff of the same shape with every text made
distinct (each ends with its own number: the case the matcher pairs by hashing alone), measures
peak memory with tracemalloc, checks that the diff says exactly what changed (and reports no
move), and prints the growth of time and memory from one size to the next (doubling the input
should at most double both). Repeated text should cost about what distinct text costs. (The
difflib floor of ``diff_bench.py`` is no baseline here: on 10,000 identical lines it takes
minutes.)

Shapes (n items each, the revision makes one or a few edits):

* ``items``: one list of n identical points; the revision inserts one point in the middle;
* ``paragraphs``: n identical paragraphs; the revision removes five from the middle;
* ``provisions``: n numbered provisions (``1 §`` … ``n §``) each reading "Upphävd."; the revision
  adds one provision at the end;
* ``lists``: n/2 lists of two identical points with the same lead-in; the revision adds a
  paragraph at the top.

    .venv/bin/python benchmarks/repeated_bench.py [--sizes 25000,50000,100000]

A benchmark, not a test: it exits 0 whatever the numbers are; the load average is printed, since
a busy machine slows both sides.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
import tracemalloc
from collections.abc import Callable

import policyversions as pv
from policyversions.model import (
    Block,
    Commitment,
    CommitmentList,
    Paragraph,
    Policy,
    Section,
    assign_positional_ids,
)

Expected = list[tuple[str, str]]  # (kind, node) of each change, in order


def _policy(blocks: list[Block]) -> Policy:
    return Policy("Lag om upprepningar", assign_positional_ids(blocks))


def _texts(n: int, distinct: bool) -> list[str]:
    return [f"Upphävd {i}." for i in range(n)] if distinct else ["Upphävd."] * n


def items(n: int, distinct: bool = False) -> tuple[Policy, Policy, Expected]:
    texts = _texts(n, distinct)
    new = [*texts[: n // 2], "Ny bestämmelse.", *texts[n // 2 :]]
    return (
        _policy([CommitmentList([Commitment(text) for text in texts])]),
        _policy([CommitmentList([Commitment(text) for text in new])]),
        [("added", "commitment")],
    )


def paragraphs(n: int, distinct: bool = False) -> tuple[Policy, Policy, Expected]:
    old = [Paragraph(text) for text in _texts(n, distinct)]
    new = old[: n // 2] + old[n // 2 + 5 :]
    return _policy(list(old)), _policy(list(new)), [("removed", "paragraph")] * 5


def provisions(n: int, distinct: bool = False) -> tuple[Policy, Policy, Expected]:
    def build(count: int) -> list[Block]:
        texts = _texts(count, distinct)
        return [Section(None, [Paragraph(texts[i])], number=f"{i} §") for i in range(1, count)]

    return _policy(build(n)), _policy(build(n + 1)), [("added", "section")]


def lists(n: int, distinct: bool = False) -> tuple[Policy, Policy, Expected]:
    texts = _texts(n, distinct)

    def pair(i: int) -> CommitmentList:
        return CommitmentList(
            [Commitment(texts[2 * i]), Commitment(texts[2 * i + 1])], lead_in="Följande gäller:"
        )

    old: list[Block] = [pair(i) for i in range(n // 2)]
    return _policy(old), _policy([Paragraph("Inledning."), *old]), [("added", "paragraph")]


SHAPES: dict[str, Callable[[int, bool], tuple[Policy, Policy, Expected]]] = {
    "items": items,
    "paragraphs": paragraphs,
    "provisions": provisions,
    "lists": lists,
}


def best(function: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb(function: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="25000,50000,100000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    header = f"{'shape':<11} {'n':>8} {'repeated s':>10} {'distinct s':>10} {'ratio':>6}"
    print(f"{header} {'MB':>6} {'time x':>7} {'mem x':>6}  reads right")
    for name, make in SHAPES.items():
        previous: tuple[float, float] | None = None
        for size in sizes:
            old, new, expected = make(size, False)
            plain_old, plain_new, _ = make(size, True)
            result = pv.diff(old, new)
            said = [(change.kind, change.node) for change in result]
            right = said == expected and pv.apply(old, result) == new
            ours = best(lambda: pv.diff(old, new))  # noqa: B023
            distinct = best(lambda: pv.diff(plain_old, plain_new))  # noqa: B023
            memory = peak_mb(lambda: pv.diff(old, new))  # noqa: B023
            growth = " " * 14
            if previous is not None:
                growth = f"{ours / previous[0]:>7.2f} {memory / previous[1]:>6.2f}"
            print(
                f"{name:<11} {size:>8,} {ours:>10.3f} {distinct:>10.3f} {ours / distinct:>5.2f}x "
                f"{memory:>6.1f} {growth}  {'yes' if right else f'NO: {said[:4]}'}"
            )
            previous = (ours, memory)
    print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
