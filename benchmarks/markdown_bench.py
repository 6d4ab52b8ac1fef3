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

Reported: seconds per size, the time and memory ratios of each doubling (linear growth keeps
them at or below 2.0), the peak memory and the rate (MB/s) at the largest size, and whether
each target of issue 13 holds: real-shaped input at 2 MB/s or better, every shape linear, and
at 1 MB no shape over 15 s or 1 GB. Last, input over ``MAX_INPUT_BYTES`` is shown refused.
It is a benchmark, not a test: it exits 0 whatever the numbers are.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

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


def synthetic(size: int) -> str:
    sys.path.insert(0, str(HERE))
    from synthetic import make_pair

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
    if parser == "ours":
        from policyversions.importers.markdown import parse_markdown
    else:
        sys.path.insert(0, str(HERE))
        from old_markdown import parse_markdown  # type: ignore[no-redef]
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


def _ratio(small: object, large: object) -> str:
    if isinstance(small, int | float) and isinstance(large, int | float) and small > 0:
        return f"{large / small:.2f}"
    return "–"


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
                if size in sizes[-2:]:
                    results[shape, parser, size, "memory"] = measure(
                        shape, size, parser, "memory", timeout * 3
                    )
                print(
                    f"  {shape:<11} {parser:<4} {size:>9,} B  {_seconds(cell, timeout)} s",
                    file=sys.stderr,
                    flush=True,
                )

    largest, second = sizes[-1], sizes[-2]
    header = ["shape", "parser", *(f"{size / 1000:g} kB" for size in sizes)]
    header += [
        f"time ×{largest // second} ",
        "memory ×2",
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
            big = results[shape, parser, largest, "time"]
            small = results[shape, parser, second, "time"]
            memory_big = results.get((shape, parser, largest, "memory"), {})
            memory_small = results.get((shape, parser, second, "memory"), {})
            row.append(_ratio(small.get("seconds"), big.get("seconds")))
            row.append(_ratio(memory_small.get("peak"), memory_big.get("peak")))
            peak = memory_big.get("peak")
            row.append(f"{peak / 1e6:.0f}" if isinstance(peak, int) else "–")
            seconds = big.get("seconds")
            size_bytes = big.get("bytes")
            rate = (
                size_bytes / 1e6 / seconds
                if isinstance(seconds, float) and isinstance(size_bytes, int)
                else None
            )
            row.append(f"{rate:.2f}" if rate is not None else "–")
            print("| " + " | ".join(row) + " |")
            if parser == "ours":
                verdicts.extend(_verdicts(shape, results, sizes, rate, timeout))
    print()
    for line in verdicts:
        print(line)
    _refusal()
    end = os.getloadavg()
    print(f"\nload average {end[0]:.2f} at end")


def _verdicts(
    shape: str,
    results: dict[tuple[str, str, int, str], dict[str, object]],
    sizes: tuple[int, ...],
    rate: float | None,
    timeout: float,
) -> list[str]:
    lines = []
    times = [results[shape, "ours", size, "time"].get("seconds") for size in sizes]
    ratios = [
        b / a
        for a, b in itertools.pairwise(times)
        if isinstance(a, float) and isinstance(b, float) and a > 0
    ]
    worst = max(ratios, default=float("nan"))
    memory = [results.get((shape, "ours", size, "memory"), {}).get("peak") for size in sizes[-2:]]
    memory_ratio = (
        memory[1] / memory[0]
        if all(isinstance(value, int) and value > 0 for value in memory)
        else float("nan")
    )
    largest = results[shape, "ours", sizes[-1], "time"]
    seconds = largest.get("seconds")
    peak = memory[1]
    ok_linear = worst <= 2.0 and memory_ratio <= 2.0
    lines.append(
        f"{'ok  ' if ok_linear else 'MISS'} {shape}: linear (worst time ×{worst:.2f} per doubling"
        f", memory ×{memory_ratio:.2f})"
    )
    if sizes[-1] >= 1_000_000:
        fits = (
            isinstance(seconds, float)
            and seconds <= TARGET_SECONDS
            and isinstance(peak, int)
            and peak <= TARGET_MEMORY
        )
        wall = largest.get("wall")
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
