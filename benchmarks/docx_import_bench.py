"""Word import: time and peak memory on large generated documents, linear scaling, a peer in the
same run, and the worst inputs.

For each size (paragraphs of the generated document: headings, paragraphs, bullet points,
numbered points with their lead-ins, from ``synthetic.py``, written by our Word export) the
benchmark times, in turns, best of N runs:

- **ours**: ``policyversions.loads(data, "docx")``: the package opened and checked, every part
  parsed with the hardened parser, styles, numbering, the policy tree built;
- **python-docx**: ``docx.Document(io.BytesIO(data))`` and every paragraph's ``.text``
  (and every table cell's): the floor of reading the same text with python-docx, with no
  structure built and none of our checks.

Then peak memory (tracemalloc) of one run each, the ratio ours / python-docx, seconds per page
(a page: 40 paragraphs) and the scaling check: each size is double the one before, so a linear
importer shows a time ratio near 2.0 between neighbours.

Worst cases, each timed: an input of 50 MB (refused before it is read: the size limit), a ZIP
bomb (refused from the ZIP's directory before anything is inflated), a document of the most
paragraphs that fit in the size limit when compressed (read, its time and memory shown, or
refused in one line: a part the importer parses may unpack to 40 MiB).

    .venv/bin/python benchmarks/docx_import_bench.py [--sizes 5000,10000,20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx

import policyversions as pv

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_pair  # noqa: E402

PARAGRAPHS_PER_PAGE = 40


def document(paragraphs: int) -> tuple[bytes, int]:
    """A Word document of about *paragraphs* paragraphs; its bytes and its paragraph count."""
    commitments = max(10, paragraphs * 3 // 4)  # synthetic sections: a quarter other blocks
    policy = make_pair(commitments, seed=0).old
    data = pv.render_docx(policy)
    count = len(docx.Document(io.BytesIO(data)).paragraphs)
    return data, count


def ours(data: bytes) -> object:
    return pv.loads(data, "docx")


def python_docx(data: bytes) -> object:
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def best_in_turns(first: Callable[[], object], second: Callable[[], object],
                  runs: int) -> tuple[float, float]:
    """The fastest of *runs* runs of each, run in turns (a busy spell falls on both)."""
    first(), second()  # warm up
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for index, function in enumerate((first, second)):
            gc.collect()
            start = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - start)
    return best[0], best[1]


def peak_mb(function: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def timed(function: Callable[[], object]) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        function()
        outcome = "read"
    except pv.PolicyVersionsError as error:
        outcome = f"refused: {str(error)[:70]}"
    return time.perf_counter() - start, outcome


def worst_cases() -> list[tuple[str, int, float, str, float]]:
    rows = []
    big = b"PK\x03\x04" + os.urandom(50 * 1024 * 1024)
    seconds, outcome = timed(lambda: pv.loads(big, "docx"))
    rows.append(("50 MB input", len(big), seconds, outcome, 0.0))
    out = io.BytesIO()
    base, _ = document(100)
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/media/zeros.bin", bytes(1024 * 1024 * 1024),
                        compress_type=zipfile.ZIP_DEFLATED)
    bomb = out.getvalue()
    seconds, outcome = timed(lambda: pv.loads(bomb, "docx"))
    rows.append(("ZIP bomb (1 GiB of zeros)", len(bomb), seconds, outcome, 0.0))
    # As many paragraphs as fit: the document part of a big generated document repeated.
    with zipfile.ZipFile(io.BytesIO(document(20000)[0])) as source:
        members = {item.filename: source.read(item.filename) for item in source.infolist()}
    body_start = members["word/document.xml"].index(b"<w:body>") + len(b"<w:body>")
    body_end = members["word/document.xml"].rindex(b"<w:sectPr")
    head = members["word/document.xml"][:body_start]
    chunk = members["word/document.xml"][body_start:body_end]
    tail = members["word/document.xml"][body_end:]
    for label, unpacked in (("document part of 35 MiB", 35), ("document part of 150 MiB", 150)):
        repeats = max(1, unpacked * 1024 * 1024 // len(chunk))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in members.items():
                target.writestr(name, head + chunk * repeats + tail
                                if name == "word/document.xml" else data)
        packed = out.getvalue()
        del out
        gc.collect()
        seconds, outcome = timed(lambda packed=packed: pv.loads(packed, "docx"))
        memory = _rss_peak_mb(packed) if outcome == "read" else 0.0
        rows.append((label, len(packed), seconds, outcome, memory))
    return rows


def _rss_peak_mb(data: bytes) -> float:
    """Peak resident memory of a child that imports *data* (tracemalloc does not see lxml's
    own allocations, which dominate here)."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".docx") as handle:
        handle.write(data)
        handle.flush()
        code = (f"import resource, policyversions as pv; pv.load({handle.name!r}); "
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=False)
    try:
        return int(done.stdout.strip()) / 1024
    except ValueError:
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-worst", action="store_true", help="skip the worst cases")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    header = (f"{'paragraphs':>10} {'pages':>6} {'KB':>7} {'ours s':>8} {'docx s':>8} "
              f"{'ratio':>6} {'ms/page':>8} {'ours MB':>8} {'docx MB':>8} {'x time':>7}")
    print(header)
    print("-" * len(header))
    previous: float | None = None
    for size in sizes:
        data, count = document(size)
        mine, floor = best_in_turns(lambda data=data: ours(data),
                                    lambda data=data: python_docx(data), args.runs)
        pages = count / PARAGRAPHS_PER_PAGE
        growth = f"{mine / previous:7.2f}" if previous else f"{'':>7}"
        print(f"{count:>10} {pages:>6.0f} {len(data) / 1024:>7.0f} {mine:>8.3f} {floor:>8.3f} "
              f"{mine / floor:>6.2f} {1000 * mine / pages:>8.2f} "
              f"{peak_mb(lambda data=data: ours(data)):>8.1f} "
              f"{peak_mb(lambda data=data: python_docx(data)):>8.1f} {growth}")
        previous = mine
    print("ratio: ours / python-docx (Document() and every paragraph's text); x time: this "
          "size's time / the previous size's (linear: about 2.0 per doubling)")
    if args.no_worst:
        return
    print()
    print(f"{'worst case':<28} {'bytes':>10} {'seconds':>8} {'RSS MB':>8}  outcome")
    for label, size, seconds, outcome, memory in worst_cases():
        print(f"{label:<28} {size:>10} {seconds:>8.3f} {memory:>8.0f}  {outcome}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
