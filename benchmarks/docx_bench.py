"""The Word redline against the HTML redline of the same pair.

For each pair, the diff is made once; then ``render_redline`` (HTML, the whole document) and
``render_docx_redline`` run in turns, best of N runs each (default 15, after one warm-up run),
and the table shows both times, the ratio (target: the Word redline within 2x the HTML one),
the Word file's size and its number of revision elements. Pairs: the bundled corpus (SFS
2008:975, Contributor Covenant sv 1.4 → 2.1 and en 1.4 → 2.0), the seed edited, and synthetic
policies of 1,000 and 5,000 commitments with 5 % of them edited (``synthetic.py``). A
benchmark, not a test: it exits 0 whatever the numbers are.

    .venv/bin/python benchmarks/docx_bench.py [--runs 15] [--sizes 1000,5000]
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import policyversions as pv

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_pair  # noqa: E402

from docxpairs import pair  # noqa: E402

TARGET = 2.0


def _best_in_turns(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Best times of *first* and *second*, run in turns (so that a busy moment of the machine
    weighs on both alike), after one warm-up run each."""
    first()
    second()
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for slot, function in enumerate((first, second)):
            start = time.perf_counter()
            function()
            best[slot] = min(best[slot], time.perf_counter() - start)
    return best[0], best[1]


def _revisions(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode("utf-8")
    return sum(body.count(f"<w:{tag} ") for tag in ("ins", "del", "moveFrom", "moveTo"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", default="1000,5000")
    options = parser.parse_args()
    pairs: list[tuple[str, pv.Policy, pv.Policy, str]] = []
    for name, label in (
        ("sfs-2008-975_2025-07-01_to_2025-10-01", "SFS 2008:975 2025-07-01 → 10-01"),
        ("contributor-covenant_sv-1.4_to_sv-2.1", "Contributor Covenant sv 1.4 → 2.1"),
        ("contributor-covenant_en-1.4_to_en-2.0", "Contributor Covenant en 1.4 → 2.0"),
        ("seed", "seed edited (move, ska → bör, section)"),
    ):
        old, new, lang = pair(name)
        pairs.append((label, old, new, lang))
    for size in (int(value) for value in options.sizes.split(",") if value):
        synthetic = make_pair(size)
        pairs.append((f"synthetic, {size:,} commitments", synthetic.old, synthetic.new, "sv"))
    print(f"load average at start: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    rows = []
    for label, old, new, lang in pairs:
        changes = pv.diff(old, new)
        html, word = _best_in_turns(
            functools.partial(pv.render_redline, changes, old=old, new=new, lang=lang),
            functools.partial(pv.render_docx_redline, changes, old=old, new=new, lang=lang),
            options.runs,
        )
        data = pv.render_docx_redline(changes, old=old, new=new, lang=lang)
        rows.append((label, len(changes), html, word, word / html, len(data), _revisions(data)))
        print(f"  {label}: done", file=sys.stderr)
    print(f"Word redline against the HTML redline, best of {options.runs} (target ≤ {TARGET}x)")
    print()
    print("| pair | changes | HTML s | Word s | Word / HTML | .docx bytes | revisions |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, count, html, word, ratio, size, revisions in rows:
        mark = "" if ratio <= TARGET else " (over target)"
        print(
            f"| {label} | {count} | {html:.4f} | {word:.4f} | {ratio:.2f}x{mark} | "
            f"{size:,} | {revisions} |"
        )
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
