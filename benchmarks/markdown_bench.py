"""Benchmark of Markdown import: ours (markdown-it-py) against the old hand-written parser, in
one run, on real-shaped and pathological input.

Run from the repository root::

    .venv/bin/python benchmarks/markdown_bench.py            # 62.5 kB to 1 MB, both parsers
    .venv/bin/python benchmarks/markdown_bench.py --quick    # 125 kB to 500 kB, 20 s timeout

What runs
---------
Each shape is generated at each size (bytes of UTF-8, decimal: 1 MB = 1,000,000 bytes) and
imported by :func:`policyversions.importers.markdown.parse_markdown` (ours) and by the parser it
replaced, kept in ``benchmarks/old_markdown.py`` (old). Real-shaped input:

``statute``
    SFS 2011:319 (Drivmedelslag, ``../shared/corpus-sources`` or ``corpus/``): its YAML header
    once, its body (provisions, numbered points with lettered points under them, definitions,
    links) repeated.
``synthetic``
    The synthetic policy of ``benchmarks/synthetic.py`` (sections of 5-40 commitments with
    lead-ins, paragraphs of municipal Swedish) written as Markdown: ``##`` sections,
    paragraphs, ``-`` lists.

Pathological input, each a way to make a parser slow or large:

``brackets``       ``[`` repeated in one paragraph (the old parser was quadratic)
``images``         ``![`` repeated in one paragraph (markdown-it-py's worst bracket case)
``one-word``       one-word paragraphs, ``ord`` and a blank line, repeated
``deep lists``     lists nested eight deep (as deep as markdown-it-py reads is nine), repeated
``wide table``     one table of 10 rows whose width grows with the size

Every measurement runs in a fresh process (``--child``) that generates its input, imports the
parser, and then either times the import (best of three runs in the process, one run when it
takes over 5 s) or measures its peak memory with :mod:`tracemalloc` (one run; allocations made
while importing, the input text not included). Times are CPU seconds of the importing process
(:func:`time.process_time`), which a busy shared machine disturbs less than wall time; the
verdicts at 1 MB show the wall time too. A process that takes longer than ``--timeout``
seconds is stopped and the size is shown as ``> T s``; once a parser times out on a shape,
its larger sizes are not tried. Processes run with a 6 GB address-space limit; a parser that
exceeds it is shown as ``> 6 GB``.

Reported: seconds per size; the worst time and memory ratio of a doubling, scaled to an exact
doubling of the bytes (linear growth keeps them near 2.0: on a shared machine a doubling's time
ratio jitters by some 10 %, and list over-allocation moves memory by a few %); the power of the
size that time and memory grow with, fitted over every size (1.0 is linear, 2.0 quadratic:
this is what the verdict "linear" checks, at most 1.10 for time and 1.05 for memory); the peak
memory and the rate (MB/s) at the largest size, and whether
each target of issue 13 holds: real-shaped input at 2 MB/s or better, every shape linear, and
at 1 MB no shape over 15 s or 1 GB. Last, input over ``MAX_INPUT_BYTES`` is shown refused.
It is a benchmark, not a test: it exits 0 whatever the numbers are.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import math
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STATUTE_PATHS = (
    ROOT.parent / "shared" / "corpus-sources" / "sfs-2011-319" / "2025-07-01.md",
    ROOT / "corpus" / "sfs-2011-319" / "2025-07-01.md",
)
SIZES = (62_500, 125_000, 250_000, 500_000, 1_000_000)
QUICK_SIZES = (125_000, 250_000, 500_000)
PARSERS = ("ours", "old")
MEMORY_LIMIT = 6 * 1024**3
REAL_SHAPED = ("statute", "synthetic")
TARGET_RATE = 2.0  # MB/s, real-shaped input
TARGET_SECONDS = 15.0  # at 1 MB
TARGET_MEMORY = 1024**3  # bytes, at 1 MB
# Linear: the fitted power of the size; a doubling's ratio jitters by some 10 % on a busy
# machine (time) and by a few % from list over-allocation (memory), a fitted power much less.
MAX_TIME_EXPONENT = 1.10
MAX_MEMORY_EXPONENT = 1.05


# --- shapes ---------------------------------------------------------------------------------


def _repeat_to(size: int, head: str, unit: str) -> str:
    """*head* and as many whole *unit*s as make at least *size* bytes."""
    unit_bytes = len(unit.encode("utf-8"))
    count = max(1, -(-(size - len(head.encode("utf-8"))) // unit_bytes))
    return head + unit * count


def statute(size: int) -> str:
    path = next(path for path in STATUTE_PATHS if path.exists())
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + 5
    return _repeat_to(size, text[:end], text[end:].rstrip("\n") + "\n\n")


def _sibling(name: str) -> Any:
    """A module of this folder (not a package): ``synthetic``, ``old_markdown``."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    return importlib.import_module(name)


def synthetic(size: int) -> str:
    make_pair = _sibling("synthetic").make_pair

    from policyversions.model import CommitmentList, Paragraph, Policy, Section

    def markdown(policy: Policy) -> str:
        out = [f"# {policy.title}", ""]
        for block in policy.body:
            assert isinstance(block, Section)
            out += [f"## {block.heading}", ""]
            for child in block.children:
                if isinstance(child, Paragraph):
                    out += [child.text, ""]
                elif isinstance(child, CommitmentList):
                    if child.lead_in:
                        out += [child.lead_in, ""]
                    out += [f"- {item.text}" for item in child.items]
                    out.append("")
        return "\n".join(out)

    sample = len(markdown(make_pair(400).old).encode("utf-8")) / 400
    return markdown(make_pair(max(40, round(size / sample))).old)


def brackets(size: int) -> str:
    return "# T\n\n" + "[" * (size - 5) + "\n"


def images(size: int) -> str:
    return "# T\n\n" + "![" * ((size - 5) // 2) + "\n"


def one_word(size: int) -> str:
    return _repeat_to(size, "# T\n\n", "ord\n\n")


def deep_lists(size: int) -> str:
    unit = "".join("  " * level + "- punkt\n" for level in range(8)) + "\n"
    return _repeat_to(size, "# T\n\n", unit)


def wide_table(size: int) -> str:
    rows = 10
    width = max(2, (size - 5) // (rows * 4 + 4))
    lines = ["|" + "|".join(f"k{n % 10}" for n in range(width)) + "|", "|" + "-|" * width]
    lines += ["|" + "|".join(f"v{n % 10}" for n in range(width)) + "|"] * (rows - 1)
    return "# T\n\n" + "\n".join(lines) + "\n"


SHAPES: dict[str, Callable[[int], str]] = {
    "statute": statute,
    "synthetic": synthetic,
    "brackets": brackets,
    "images": images,
    "one-word": one_word,
    "deep lists": deep_lists,
    "wide table": wide_table,
}


# --- one measurement, in a child process ----------------------------------------------------------


def child(shape: str, size: int, parser: str, mode: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    text = SHAPES[shape](size)
    parse_markdown: Callable[[str], object]
    if parser == "ours":
        from policyversions.importers.markdown import parse_markdown
    else:
        parse_markdown = _sibling("old_markdown").parse_markdown
    parse_markdown("# Uppvärmning\n\nText [länk](u).\n\n- a\n\n| a |\n|---|\n| b |\n")
    result: dict[str, object] = {"bytes": len(text.encode("utf-8"))}
    try:
        if mode == "time":
            best, wall = float("inf"), float("inf")
            for _ in range(3):
                start, start_wall = time.process_time(), time.perf_counter()
                parse_markdown(text)
                best = min(best, time.process_time() - start)
                wall = min(wall, time.perf_counter() - start_wall)
                if wall > 5:  # one run of a slow parser is enough
                    break
            result["seconds"] = best
            result["wall"] = wall
        else:
            tracemalloc.start()
            parse_markdown(text)
            result["peak"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    except MemoryError:
        result["memory_error"] = True
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {str(error)[:120]}"
    print(json.dumps(result))


def measure(shape: str, size: int, parser: str, mode: str, timeout: float) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", shape, str(size), parser, mode]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if done.returncode != 0 or not done.stdout.strip():
        if "MemoryError" in done.stderr:
            return {"memory_error": True}
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1][:120]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- report ---------------------------------------------------------------------------------------


def _seconds(cell: dict[str, object], timeout: float) -> str:
    if cell.get("timeout"):
        return f"> {timeout:.0f} s"
    if cell.get("memory_error"):
        return "> 6 GB"
    if "error" in cell:
        return "error"
    if "seconds" not in cell:
        return "–"
    return f"{float(cell['seconds']):.3f}"  # type: ignore[arg-type]


def _doubling(small: dict[str, object], large: dict[str, object], key: str) -> float | None:
    """How much *key* (seconds or peak bytes) grew from *small* to *large*, scaled to an exact
    doubling of the input (the generated sizes are whole repetitions, so not exact doubles)."""
    a, b = small.get(key), large.get(key)
    size_a, size_b = small.get("bytes"), large.get("bytes")
    if not all(isinstance(value, int | float) and value > 0 for value in (a, b, size_a, size_b)):
        return None
    assert isinstance(a, int | float) and isinstance(b, int | float)
    assert isinstance(size_a, int) and isinstance(size_b, int)
    return float((b / a) ** (math.log(2) / math.log(size_b / size_a)))


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _worst_doubling(cells: list[dict[str, object]], key: str) -> float | None:
    ratios = [_doubling(a, b, key) for a, b in itertools.pairwise(cells)]
    return max((ratio for ratio in ratios if ratio is not None), default=None)


def _exponent(cells: list[dict[str, object]], key: str) -> float | None:
    """The power of the input size that *key* grows with: the least-squares slope of
    log(value) on log(bytes) over every measured size (1.0 is linear, 2.0 quadratic)."""
    points = [
        (math.log(cell["bytes"]), math.log(cell[key]))  # type: ignore[arg-type]
        for cell in cells
        if isinstance(cell.get(key), int | float) and cell[key] > 0  # type: ignore[operator]
    ]
    if len(points) < 3:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    arguments.add_argument("--child", nargs=4, metavar=("SHAPE", "SIZE", "PARSER", "MODE"))
    arguments.add_argument("--quick", action="store_true")
    arguments.add_argument("--timeout", type=float, default=None)
    arguments.add_argument("--shapes", help="comma-separated shape names (default: all)")
    options = arguments.parse_args()
    if options.child:
        shape, size, parser, mode = options.child
        child(shape, int(size), parser, mode)
        return

    sizes = QUICK_SIZES if options.quick else SIZES
    timeout = options.timeout or (20.0 if options.quick else 60.0)
    shapes = options.shapes.split(",") if options.shapes else list(SHAPES)
    load = os.getloadavg()
    print(
        f"Markdown import, ours (markdown-it-py) and old (hand-written), {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}, load average {load[0]:.2f} at start",
        flush=True,
    )
    results: dict[tuple[str, str, int, str], dict[str, object]] = {}
    for shape in shapes:
        for parser in PARSERS:
            stopped = False
            for size in sizes:
                if stopped:
                    results[shape, parser, size, "time"] = {"skipped": True}
                    continue
                cell = measure(shape, size, parser, "time", timeout)
                results[shape, parser, size, "time"] = cell
                if "seconds" not in cell:
                    stopped = True
                    continue
                results[shape, parser, size, "memory"] = measure(
                    shape, size, parser, "memory", timeout * 3
                )
                print(
                    f"  {shape:<11} {parser:<4} {size:>9,} B  {_seconds(cell, timeout)} s",
                    file=sys.stderr,
                    flush=True,
                )

    largest = sizes[-1]
    header = ["shape", "parser", *(f"{size / 1000:g} kB" for size in sizes)]
    header += [
        "time ×2, worst",
        "memory ×2, worst",
        "exponent time / memory",
        f"peak MB at {largest / 1e6:g} MB",
        "MB/s",
    ]
    print()
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join("---" for _ in header) + " |")
    verdicts: list[str] = []
    for shape in shapes:
        for parser in PARSERS:
            row = [shape, parser]
            for size in sizes:
                cell = results[shape, parser, size, "time"]
                row.append("" if cell.get("skipped") else _seconds(cell, timeout))
            times = [results[shape, parser, size, "time"] for size in sizes]
            memory = [results.get((shape, parser, size, "memory"), {}) for size in sizes]
            row.append(_ratio(_worst_doubling(times, "seconds")))
            row.append(_ratio(_worst_doubling(memory, "peak")))
            exponents = (_exponent(times, "seconds"), _exponent(memory, "peak"))
            row.append(" / ".join(_ratio(value) for value in exponents))
            peak = memory[-1].get("peak")
            row.append(f"{peak / 1e6:.0f}" if isinstance(peak, int) else "–")
            seconds, size_bytes = times[-1].get("seconds"), times[-1].get("bytes")
            rate = (
                size_bytes / 1e6 / seconds
                if isinstance(seconds, float) and isinstance(size_bytes, int)
                else None
            )
            row.append(f"{rate:.2f}" if rate is not None else "–")
            print("| " + " | ".join(row) + " |")
            if parser == "ours":
                verdicts.extend(_verdicts(shape, largest, times, memory, rate, timeout))
    print()
    for line in verdicts:
        print(line)
    _refusal()
    end = os.getloadavg()
    print(f"\nload average {end[0]:.2f} at end")


def _verdicts(
    shape: str,
    size: int,
    times: list[dict[str, object]],
    memory: list[dict[str, object]],
    rate: float | None,
    timeout: float,
) -> list[str]:
    lines = []
    time_exponent, memory_exponent = _exponent(times, "seconds"), _exponent(memory, "peak")
    linear = (
        time_exponent is not None
        and memory_exponent is not None
        and time_exponent <= MAX_TIME_EXPONENT
        and memory_exponent <= MAX_MEMORY_EXPONENT
    )
    lines.append(
        f"{'ok  ' if linear else 'MISS'} {shape}: linear: time grows as size^"
        f"{_ratio(time_exponent)}, memory as size^{_ratio(memory_exponent)} (worst doubling: "
        f"time ×{_ratio(_worst_doubling(times, 'seconds'))}, memory "
        f"×{_ratio(_worst_doubling(memory, 'peak'))})"
    )
    largest, peak = times[-1], memory[-1].get("peak")
    seconds, wall = largest.get("seconds"), largest.get("wall")
    if size >= 1_000_000:
        fits = (
            isinstance(seconds, float)
            and seconds <= TARGET_SECONDS
            and isinstance(peak, int)
            and peak <= TARGET_MEMORY
        )
        shown = (
            f"{seconds:.2f} s CPU ({wall:.2f} s wall)"
            if isinstance(seconds, float) and isinstance(wall, float)
            else _seconds(largest, timeout)
        )
        peak_shown = f"{peak / 1e6:.0f} MB" if isinstance(peak, int) else "–"
        lines.append(
            f"{'ok  ' if fits else 'MISS'} {shape}: at 1 MB {shown}, {peak_shown} "
            f"(targets {TARGET_SECONDS:.0f} s, 1 GB)"
        )
    if shape in REAL_SHAPED:
        fast = rate is not None and rate >= TARGET_RATE
        lines.append(
            f"{'ok  ' if fast else 'MISS'} {shape}: {rate or 0:.2f} MB/s (target "
            f"{TARGET_RATE:.0f} MB/s)"
        )
    return lines


def _refusal() -> None:
    import policyversions as pv
    from policyversions.importers.loading import MAX_INPUT_BYTES

    data = b"x" * (MAX_INPUT_BYTES + 1)
    start = time.perf_counter()
    try:
        pv.loads(data, "markdown", source="too-large.md")
    except pv.InputError as error:
        seconds = time.perf_counter() - start
        print(f"\ninput over the limit: `error: {error}` ({seconds * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
