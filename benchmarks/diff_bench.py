"""Benchmark of the semantic diff engine against xmldiff and a difflib + diff-match-patch floor.

Run from the repository root (xmldiff comes with the ``bench`` extra)::

    .venv/bin/python benchmarks/diff_bench.py                  # 100, 1,000, 5,000, 50,000
    .venv/bin/python benchmarks/diff_bench.py --sizes 100,1000
    .venv/bin/python benchmarks/diff_bench.py --quick          # 100 and 1,000, fewer repeats

For every size, :func:`synthetic.make_pair` builds an old policy and a revision with 5 % of its
commitments edited (reword, insert, delete, move, split, merge) and the ground truth. On that pair:

* **ours**: :func:`policyversions.compare.differ.diff`; seconds (best of several runs below 50,000
  commitments, one run at 50,000, taken in turns with the floor's) and peak MB (tracemalloc
  peak of one more, separate run);
  precision and recall per edit kind against the ground truth;
* **floor**: :class:`difflib.SequenceMatcher` over the texts of all leaves (headings, lead-ins,
  paragraphs, commitments) in document order, plus a word diff (diff-match-patch in word mode)
  of every pair of replaced texts; seconds;
* **xmldiff**: ``xmldiff.main.diff_trees`` on the pair serialised with
  :func:`policyversions.to_xml`, with default options and with ``uniqueattrs=['id']``, each in
  a subprocess that is killed after ``--timeout`` seconds (120); a size it cannot finish is
  "skipped (>120 s)", and so are larger sizes. Seconds and peak MB (``ru_maxrss`` growth).

Ratios: ``xmldiff / ours`` (how many times faster ours is) and ``ours / floor`` (how many times
the floor's time ours takes). Targets are printed as PASS/FAIL lines after the table. The
benchmark is not a test: it always exits 0 unless it crashes.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

from policyversions import CommitmentList, Paragraph, Policy, Section, to_xml
from policyversions.compare.changes import Change
from policyversions.compare.differ import diff
from policyversions.compare.policydiff import PolicyDiff

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import EDIT_KINDS, SyntheticPair, TrueEdit, make_pair

DEFAULT_SIZES = (100, 1000, 5000, 50_000)
QUICK_SIZES = (100, 1000)
TIMEOUT = 120.0

REPORTED_KIND = {
    "reword": "reworded",
    "insert": "added",
    "delete": "removed",
    "move": "moved",
    "split": "split",
    "merge": "merged",
}
"""Ground-truth edit kind -> the :class:`~policyversions.compare.changes.Change` kind that reports
it."""

TRUE_KIND = {reported: kind for kind, reported in REPORTED_KIND.items()}


# --- Measuring --------------------------------------------------------------------------------


def best_seconds(function: Callable[[], object], repeats: int) -> float:
    """Return the fastest of *repeats* timed calls of *function*."""
    return best_seconds_of([function], repeats)[0]


def best_seconds_of(functions: Sequence[Callable[[], object]], repeats: int) -> list[float]:
    """Return the fastest of *repeats* timed calls of each function, calls taken in turns.

    Taking turns (a, b, a, b, ...) spreads a busy spell of the machine over all of them, so
    that their ratio stays fair when other processes come and go.
    """
    best = [float("inf")] * len(functions)
    for _ in range(repeats):
        for number, function in enumerate(functions):
            gc.collect()
            start = time.perf_counter()
            function()
            best[number] = min(best[number], time.perf_counter() - start)
    return best


def peak_mb(function: Callable[[], object]) -> float:
    """Return the tracemalloc peak (MB) of the memory *function* allocates while it runs."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


# --- The floor: difflib over leaf texts, diff-match-patch word diff of replaced pairs ----------


def leaf_texts(policy: Policy) -> list[str]:
    """Return the texts a line-based tool would compare: headings, lead-ins, prose, items."""
    texts: list[str] = [policy.title]

    def walk(blocks: Iterable[Section | Paragraph | CommitmentList]) -> None:
        for block in blocks:
            if isinstance(block, Section):
                texts.append(block.heading)
                walk(block.children)
            elif isinstance(block, Paragraph):
                texts.append(block.text)
            else:
                if block.lead_in:
                    texts.append(block.lead_in)
                texts.extend(item.text for item in block.items)
                if block.wrap_up:
                    texts.append(block.wrap_up)

    walk(policy.body)
    return texts


def word_diff(dmp: Any, old: str, new: str) -> list[tuple[int, str]]:
    """Diff two texts word by word with diff-match-patch (each word mapped to one character)."""
    table: dict[str, str] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        out = []
        for word in text.split(" "):
            code = table.get(word)
            if code is None:
                code = chr(0xF0000 + len(words))
                table[word] = code
                words.append(word)
            out.append(code)
        return "".join(out)

    diffs = dmp.diff_main(encode(old), encode(new), False)
    dmp.diff_cleanupSemantic(diffs)
    return [(op, " ".join(words[ord(char) - 0xF0000] for char in chunk)) for op, chunk in diffs]


def floor_diff(old: Policy, new: Policy) -> list[tuple[str, list[str], list[str]]]:
    """Return difflib opcodes over leaf texts, with a word diff of each replaced pair."""
    dmp = diff_match_patch()
    a, b = leaf_texts(old), leaf_texts(new)
    result: list[tuple[str, list[str], list[str]]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace":
            for left, right in zip(a[i1:i2], b[j1:j2], strict=False):
                word_diff(dmp, left, right)
        result.append((tag, a[i1:i2], b[j1:j2]))
    return result


# --- xmldiff, in a subprocess ------------------------------------------------------------------


def xmldiff_worker(old_path: str, new_path: str, mode: str) -> None:
    """Run xmldiff on two files and print ``{"seconds", "mb", "actions"}`` as JSON."""
    from lxml import etree
    from xmldiff import main as xmldiff_main  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    left = etree.parse(old_path, parser)
    right = etree.parse(new_path, parser)
    options = {"uniqueattrs": ["id"]} if mode == "ids" else None
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    actions = xmldiff_main.diff_trees(left, right, diff_options=options)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "mb": (after - before) / 1024, "actions": len(actions)}))


@dataclass
class XmldiffResult:
    """What one xmldiff run gave: seconds and MB, or why there are none."""

    seconds: float | None = None
    mb: float | None = None
    actions: int | None = None
    skipped: str | None = None
    estimate: float | None = None
    """When skipped: seconds extrapolated from the smaller sizes it finished (power law)."""


def run_xmldiff(old_xml: bytes, new_xml: bytes, mode: str, timeout: float) -> XmldiffResult:
    """Run :func:`xmldiff_worker` in a subprocess, killed after *timeout* seconds."""
    with tempfile.TemporaryDirectory(prefix="pv-bench-") as folder:
        old_path, new_path = Path(folder) / "old.xml", Path(folder) / "new.xml"
        old_path.write_bytes(old_xml)
        new_path.write_bytes(new_xml)
        command = [sys.executable, __file__, "--xmldiff-worker", str(old_path), str(new_path)]
        try:
            done = subprocess.run(
                [*command, mode], capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return XmldiffResult(skipped=f"skipped (>{timeout:g} s)")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return XmldiffResult(skipped=f"failed: {last[:60]}")
    data = json.loads(done.stdout)
    return XmldiffResult(data["seconds"], data["mb"], data["actions"])


# --- Accuracy ---------------------------------------------------------------------------------


@dataclass
class KindScore:
    """Precision and recall of one edit kind, with the misses kept as examples."""

    true: int = 0
    reported: int = 0
    matched: int = 0
    missed: list[TrueEdit] = field(default_factory=list)
    spurious: list[Change] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        """Matched / reported, or ``None`` when nothing of this kind was reported."""
        return self.matched / self.reported if self.reported else None

    @property
    def recall(self) -> float | None:
        """Matched / true, or ``None`` when the pair has no edit of this kind."""
        return self.matched / self.true if self.true else None


@dataclass
class Accuracy:
    """Scores per edit kind, and the reported changes that no kind covers."""

    kinds: dict[str, KindScore]
    other: list[Change]


def _key(kind: str, old_ids: Iterable[str], new_ids: Iterable[str]) -> tuple[object, ...]:
    return (kind, frozenset(old_ids), frozenset(new_ids))


def score(pair: SyntheticPair, result: PolicyDiff) -> Accuracy:
    """Match every reported change to a true edit by kind and ids (as sets) and count."""
    kinds = {kind: KindScore() for kind in EDIT_KINDS}
    truth: dict[tuple[object, ...], TrueEdit] = {}
    for edit in pair.edits:
        kinds[edit.kind].true += 1
        truth[_key(edit.kind, edit.old_ids, edit.new_ids)] = edit
    found: set[tuple[object, ...]] = set()
    other: list[Change] = []
    for change in result.changes:
        kind = TRUE_KIND.get(change.kind)
        if kind is None or change.node != "commitment":
            other.append(change)
            continue
        kinds[kind].reported += 1
        key = _key(kind, change.old_ids, change.new_ids)
        if key in truth and key not in found:
            found.add(key)
            kinds[kind].matched += 1
        else:
            kinds[kind].spurious.append(change)
    for key, edit in truth.items():
        if key not in found:
            kinds[edit.kind].missed.append(edit)
    return Accuracy(kinds, other)


def explain_missed(edit: TrueEdit, result: PolicyDiff) -> str:
    """Describe a true edit and what the diff reported for its ids instead."""
    ids = set(edit.old_ids) | set(edit.new_ids)
    reported = [
        _show_change(change)
        for change in result.changes
        if ids & (set(change.old_ids) | set(change.new_ids))
    ]
    return f"{edit.kind} {_ids(edit.old_ids)} -> {_ids(edit.new_ids)}: reported " + (
        "; ".join(reported) if reported else "nothing"
    )


def explain_spurious(change: Change, pair: SyntheticPair) -> str:
    """Describe a reported change that matches no true edit, with the truth about its ids."""
    notes = []
    for old_id in change.old_ids:
        if old_id in pair.unchanged:
            notes.append(f"{old_id} is unchanged (now {pair.unchanged[old_id]})")
    for edit in pair.edits:
        if (set(edit.old_ids) | set(edit.new_ids)) & (set(change.old_ids) | set(change.new_ids)):
            notes.append(f"truth: {edit.kind} {_ids(edit.old_ids)} -> {_ids(edit.new_ids)}")
    return _show_change(change) + ("; " + "; ".join(notes) if notes else "")


def _show_change(change: Change) -> str:
    return f"{change.kind} {_ids(change.old_ids)} -> {_ids(change.new_ids)}"


def _ids(ids: Sequence[str]) -> str:
    return "[" + ", ".join(ids) + "]" if ids else "[]"


# --- The run ----------------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Everything measured at one size."""

    size: int
    edits: int
    ours_seconds: float
    ours_mb: float
    floor_seconds: float
    xmldiff: XmldiffResult
    xmldiff_ids: XmldiffResult
    accuracy: Accuracy
    examples: list[str]


def repeats_for(size: int, quick: bool) -> int:
    """Best of how many runs: more for small sizes, one at 50,000."""
    if size >= 50_000:
        return 1
    if quick:
        return 2
    return 7 if size <= 5000 else 3


def extrapolate(points: Sequence[tuple[int, float]], size: int) -> float | None:
    """Estimate seconds at *size* from measured ``(size, seconds)`` by a power law.

    The exponent comes from the last two points (at least 1); with one point it is 2, the
    growth of xmldiff's default matching. ``None`` without points.
    """
    if not points:
        return None
    last_size, last_seconds = points[-1]
    exponent = 2.0
    if len(points) >= 2:
        first_size, first_seconds = points[-2]
        if first_seconds > 0 and last_size > first_size:
            exponent = math.log(last_seconds / first_seconds) / math.log(last_size / first_size)
            exponent = max(exponent, 1.0)
    return float(last_seconds * (size / last_size) ** exponent)


def measure(
    size: int,
    seed: int,
    quick: bool,
    timeout: float,
    skip: dict[str, bool],
    history: dict[str, list[tuple[int, float]]],
    examples: int,
) -> SizeResult:
    """Measure ours, the floor and both xmldiff variants on one synthetic pair."""
    log(f"{size:,} commitments: generating")
    pair = make_pair(size, seed)
    repeats = repeats_for(size, quick)
    log(f"{size:,}: ours and floor x{repeats}, in turns")
    result = diff(pair.old, pair.new)
    ours, floor = best_seconds_of(
        [lambda: diff(pair.old, pair.new), lambda: floor_diff(pair.old, pair.new)], repeats
    )
    ours_mb = peak_mb(lambda: diff(pair.old, pair.new))
    old_xml, new_xml = to_xml(pair.old), to_xml(pair.new)
    runs: dict[str, XmldiffResult] = {}
    for mode in ("default", "ids"):
        if skip.get(mode):
            runs[mode] = XmldiffResult(skipped=f"skipped (>{timeout:g} s)")
        else:
            log(f"{size:,}: xmldiff {mode} (timeout {timeout:g} s)")
            runs[mode] = run_xmldiff(old_xml, new_xml, mode, timeout)
        run = runs[mode]
        if run.seconds is not None:
            history.setdefault(mode, []).append((size, run.seconds))
        elif run.skipped and run.skipped.startswith("skipped"):
            skip[mode] = True
            run.estimate = extrapolate(history.get(mode, []), size)
    accuracy = score(pair, result)
    notes: list[str] = []
    for kind, kind_score in accuracy.kinds.items():
        notes.extend(
            f"{size:,} {kind} missed: {explain_missed(edit, result)}"
            for edit in kind_score.missed[:examples]
        )
        notes.extend(
            f"{size:,} {kind} spurious: {explain_spurious(change, pair)}"
            for change in kind_score.spurious[:examples]
        )
    notes.extend(
        f"{size:,} other: {_show_change(change)} ({change.node})"
        for change in accuracy.other[:examples]
    )
    return SizeResult(
        size, len(pair.edits), ours, ours_mb, floor, runs["default"], runs["ids"], accuracy, notes
    )


def log(message: str) -> None:
    """Progress goes to stderr, so that stdout holds only the report."""
    print(f"[diff_bench] {message}", file=sys.stderr, flush=True)


# --- The report -------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.4f}" if value < 1 else f"{value:.2f}"


def _ratio(value: float | None, lower_bound: bool = False) -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}x" if value >= 10 else f"{value:.2f}x"
    return (">" if lower_bound else "") + text


def speedup(ours: float, other: XmldiffResult, timeout: float) -> tuple[float | None, bool]:
    """Return xmldiff seconds / ours, and whether it is only a lower bound (xmldiff timed out)."""
    if other.seconds is not None:
        return other.seconds / ours, False
    if other.skipped and other.skipped.startswith("skipped"):
        return timeout / ours, True
    return None, False


def _speedup_cell(ours: float, other: XmldiffResult, timeout: float) -> str:
    cell = _ratio(*speedup(ours, other, timeout))
    if other.estimate is not None:
        cell += f" (est. {_ratio(other.estimate / ours)})"
    return cell


def _pr(kind_score: KindScore) -> str:
    def show(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    return (
        f"{show(kind_score.precision)}/{show(kind_score.recall)} "
        f"({kind_score.matched}/{kind_score.true}/{kind_score.reported})"
    )


def table(results: Sequence[SizeResult], timeout: float) -> list[str]:
    """Return the report table: one row per measure, one column per size."""
    rows: list[list[str]] = [["", *(f"{r.size:,}" for r in results)]]

    def row(label: str, values: Iterable[str]) -> None:
        rows.append([label, *values])

    row("edits (5 %)", (str(r.edits) for r in results))
    row("ours: seconds", (_seconds(r.ours_seconds) for r in results))
    row("ours: peak MB", (f"{r.ours_mb:.1f}" for r in results))
    row("floor: seconds", (_seconds(r.floor_seconds) for r in results))
    variants: tuple[tuple[str, list[XmldiffResult]], ...] = (
        ("xmldiff defaults", [r.xmldiff for r in results]),
        ("xmldiff ids", [r.xmldiff_ids for r in results]),
    )
    for label, runs in variants:
        row(f"{label}: seconds", (x.skipped or _seconds(x.seconds) for x in runs))
        row(f"{label}: peak MB", ("-" if x.mb is None else f"{x.mb:.1f}" for x in runs))
        row(f"{label}: actions", ("-" if x.actions is None else str(x.actions) for x in runs))
        row(
            f"speed-up vs {label}",
            (_speedup_cell(r.ours_seconds, x, timeout) for r, x in zip(results, runs, strict=True)),
        )
    row("ours / floor", (_ratio(r.ours_seconds / r.floor_seconds) for r in results))
    for kind in EDIT_KINDS:
        row(f"{kind} ({REPORTED_KIND[kind]}) P/R", (_pr(r.accuracy.kinds[kind]) for r in results))
    row("other changes reported", (str(len(r.accuracy.other)) for r in results))
    widths = [max(len(cells[i]) for cells in rows) for i in range(len(rows[0]))]
    lines = []
    for index, cells in enumerate(rows):
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        lines.append("  ".join([first, *rest]).rstrip())
        if index == 0:
            lines.append("-" * len(lines[0]))
    return lines


def targets(results: Sequence[SizeResult], timeout: float) -> list[str]:
    """Return the PASS/FAIL lines for the issue's targets."""
    by_size = {r.size: r for r in results}
    lines: list[str] = []

    def verdict(ok: bool | None, text: str) -> None:
        lines.append(f"{'n/a ' if ok is None else 'PASS' if ok else 'FAIL'}  {text}")

    at5k = by_size.get(5000)
    if at5k is None:
        verdict(None, "5,000 commitments: >= 300x faster than xmldiff defaults (size not run)")
        verdict(None, "5,000 commitments: <= 3x the floor (size not run)")
    else:
        ratio, bound = speedup(at5k.ours_seconds, at5k.xmldiff, timeout)
        shown = _ratio(ratio, bound)
        text = "5,000 commitments: >= 300x faster than xmldiff defaults"
        if ratio is None:
            verdict(None, f"{text} (xmldiff: {at5k.xmldiff.skipped})")
        elif not bound or ratio >= 300:
            verdict(ratio >= 300, f"{text} (got {shown})")
        elif at5k.xmldiff.estimate is not None:
            estimate = at5k.xmldiff.estimate / at5k.ours_seconds
            verdict(
                estimate >= 300,
                f"{text} (estimated: xmldiff timed out, so only {shown} was measured; "
                f"extrapolated from smaller sizes {_ratio(estimate)})",
            )
        else:
            verdict(None, f"{text} (xmldiff timed out: only {shown} known)")
        floor_ratio = at5k.ours_seconds / at5k.floor_seconds
        verdict(floor_ratio <= 3, f"5,000 commitments: <= 3x the floor (got {floor_ratio:.2f}x)")
    for kind in EDIT_KINDS:
        low = []
        measured = False
        for r in results:
            kind_score = r.accuracy.kinds[kind]
            for name, value in (("P", kind_score.precision), ("R", kind_score.recall)):
                if kind_score.true or kind_score.reported:
                    measured = True
                    if value is None or value < 0.99:
                        low.append(f"{name}={'-' if value is None else f'{value:.2f}'}@{r.size:,}")
        verdict(
            (not low) if measured else None,
            f"{kind}: precision and recall >= 0.99" + (f" (low: {', '.join(low)})" if low else ""),
        )
    at50k = by_size.get(50_000)
    if at50k is None:
        verdict(None, "50,000 commitments: < 3 s (size not run)")
        verdict(None, "50,000 commitments: < 300 MB (size not run)")
    else:
        verdict(
            at50k.ours_seconds < 3, f"50,000 commitments: < 3 s (got {at50k.ours_seconds:.2f} s)"
        )
        verdict(at50k.ours_mb < 300, f"50,000 commitments: < 300 MB (got {at50k.ours_mb:.0f} MB)")
    return lines


def parse_sizes(text: str) -> tuple[int, ...]:
    """Parse ``100,1000,5000`` (underscores and thousands commas inside numbers are not allowed)."""
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes must be integers: {text!r}") from error
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("sizes must be integers of at least 10")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table, the targets and examples of misses."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--xmldiff-worker"]:
        xmldiff_worker(*args[1:4])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, help="comma-separated commitment counts")
    parser.add_argument("--quick", action="store_true", help="100 and 1,000, fewer repeats")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="xmldiff limit, seconds")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--examples", type=int, default=3, help="misses shown per kind and size")
    options = parser.parse_args(args)
    sizes = options.sizes or (QUICK_SIZES if options.quick else DEFAULT_SIZES)
    skip: dict[str, bool] = {}
    history: dict[str, list[tuple[int, float]]] = {}
    load_before = os.getloadavg()[0]
    results = [
        measure(size, options.seed, options.quick, options.timeout, skip, history, options.examples)
        for size in sorted(sizes)
    ]
    print(
        f"Semantic diff benchmark (seed {options.seed}, python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} at start, "
        f"{os.getloadavg()[0]:.1f} at end)"
    )
    print("P/R cells: precision/recall (matched/true/reported) of commitment changes.")
    print()
    for line in table(results, options.timeout):
        print(line)
    print()
    for line in targets(results, options.timeout):
        print(line)
    notes = [note for r in results for note in r.examples]
    if notes:
        print()
        print("Examples of misses (true edit -> what was reported for its ids):")
        for note in notes:
            print(f"  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
