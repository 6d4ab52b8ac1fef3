"""Which PDF library the importer reads with: speed, reading order and text fidelity of the
candidates, against ``pdftotext -layout`` (poppler) in the same run.

Two documents are printed by LibreOffice from Word files the benchmark writes (as the tests do,
``tests/docxbuild.py``): a policy of about 20 pages in the municipal template (metadata table,
headings, ska-lists, page header and ``Sida N av M``), made from ``synthetic.py``, and a policy
set in two columns. Each tool reads each PDF, best of N runs, in turns with the baseline:

=================  ===========================================================================
ours               ``policyversions.loads(data, "pdf")``: PDFium's characters with their font,
                   lines, columns, running headers and footers out, headings, the whole tree
pypdfium2 text     PDFium's plain text of every page (``get_text_range``)
pdfminer.six       ``pdfminer.high_level.extract_text`` (its layout analysis, defaults)
pdfplumber         ``page.extract_text()`` of every page (pdfminer.six underneath)
pypdf              ``page.extract_text()`` of every page
pdftotext -layout  poppler's command, as a subprocess (its start included), the baseline
=================  ===========================================================================

Fidelity is measured on words: the policy's own words (title and body, from the tree it was
written from) against the words a tool returns. *In order* is the share of the policy's words
found in the right order (the longest common subsequence, ``difflib``); *extra* counts words
returned beyond them (page headers and footers, page numbers, the metadata table's labels). The
columns *font size/weight* and *licence* say what the tool gives and whether it may be a
dependency (GPL and AGPL code may not: PyMuPDF is not a candidate, and pdftotext is only the
baseline). A benchmark, not a test: it exits 0 whatever the numbers are.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/pdf_bench.py [--runs 5] [--pages 20]
"""

from __future__ import annotations

import argparse
import difflib
import gc
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import policyversions as pv
from policyversions.model import Paragraph, Policy, assign_positional_ids

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import make_pair  # noqa: E402

import docxbuild  # noqa: E402
from wordcount import tree_words  # noqa: E402

TARGET = 30.0
_BULLETS = re.compile(r"[•●▪■◦‣∙·\ue000-\uf8ff]+")


def ours(path: Path) -> list[str]:
    return tree_words(pv.loads(path.read_bytes(), "pdf"))


def pypdfium2_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path.read_bytes())
    words: list[str] = []
    for page in document:
        textpage = page.get_textpage()
        words.extend(textpage.get_text_range().split())
        textpage.close()
        page.close()
    document.close()
    return words


def pdfminer_text(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    return str(extract_text(io.BytesIO(path.read_bytes()))).split()


def pdfplumber_text(path: Path) -> list[str]:
    import pdfplumber

    words: list[str] = []
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as document:
        for page in document.pages:
            words.extend((page.extract_text() or "").split())
    return words


def pypdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [word for page in reader.pages for word in page.extract_text().split()]


def pdftotext(path: Path) -> list[str]:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True)
    return done.stdout.decode("utf-8").split()


TOOLS: list[tuple[str, Callable[[Path], list[str]], str, str]] = [
    ("ours (pypdfium2)", ours, "yes", "Apache-2.0/BSD-3"),
    ("pypdfium2 text", pypdfium2_text, "yes (per char)", "Apache-2.0/BSD-3"),
    ("pdfminer.six", pdfminer_text, "yes (per char)", "MIT"),
    ("pdfplumber", pdfplumber_text, "yes (per char)", "MIT"),
    ("pypdf", pypdf_text, "size only (visitor)", "BSD-3"),
    ("pdftotext -layout", pdftotext, "no", "GPL (baseline)"),
]


def documents(folder: Path, pages: int) -> dict[str, tuple[Path, list[str]]]:
    """The two PDFs and, for each, the policy's own words."""
    commitments = pages * 13
    long = make_pair(commitments, seed=0).old
    columns = _two_columns()
    paths = []
    for name, data in (("long", docxbuild.municipal_docx(long)),
                       ("columns", _two_column_docx(columns))):
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    long_pdf, columns_pdf = docxbuild.to_pdf(paths, folder)
    return {"long": (long_pdf, tree_words(long)), "columns": (columns_pdf, tree_words(columns))}


def _two_columns() -> Policy:
    rng_words = make_pair(60, seed=1).old
    texts = [node.text for node in rng_words.walk() if hasattr(node, "text")][:60]
    body = [Paragraph(f"Stycke {n}. {text}") for n, text in enumerate(texts, start=1)]
    return Policy("Riktlinje i två spalter", assign_positional_ids(body))


def _two_column_docx(policy: Policy) -> bytes:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph(policy.title, style="Title")
    for block in policy.body:
        assert isinstance(block, Paragraph)
        document.add_paragraph(block.text)
    document.element.body.sectPr.append(
        parse_xml(f'<w:cols xmlns:w="{docxbuild.W_NS}" w:num="2" w:space="720"/>'))
    docxbuild.header_and_footer(document)
    return docxbuild.save(document)


def fidelity(expected: list[str], got: list[str]) -> tuple[float, int]:
    """(share of *expected* found in order in *got*, words of *got* beyond them)."""
    got = [word for word in (_BULLETS.sub("", word) for word in got) if word]
    expected = [word for word in (_BULLETS.sub("", word) for word in expected) if word]
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(expected), len(got) - matched


def best_in_turns(function: Callable[[], object], baseline: Callable[[], object],
                  runs: int) -> tuple[float, float]:
    function(), baseline()
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for index, candidate in enumerate((function, baseline)):
            gc.collect()
            start = time.perf_counter()
            candidate()
            best[index] = min(best[index], time.perf_counter() - start)
    return best[0], best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    if shutil.which("pdftotext") is None or shutil.which("soffice") is None:
        sys.exit("pdftotext (poppler-utils) and soffice (LibreOffice) are needed")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="pv-pdf-bench-") as folder:
        docs = documents(Path(folder), args.pages)
        import pypdfium2 as pdfium

        for name, (path, expected) in docs.items():
            count = len(pdfium.PdfDocument(path.read_bytes()))
            print(f"\n{name}: {count} pages, {path.stat().st_size // 1024} KB, "
                  f"{len(expected)} words of policy text")
            header = (f"{'tool':<20} {'seconds':>8} {'ms/page':>8} {'x pdftotext':>11} "
                      f"{'in order':>9} {'extra':>6}  {'font size/weight':<20} licence")
            print(header)
            print("-" * len(header))
            for label, tool, fonts, licence in TOOLS:
                runs = args.runs if label.startswith(("ours", "pypdfium2", "pdftotext")) else 2
                seconds, base = best_in_turns(lambda tool=tool, path=path: tool(path),
                                              lambda path=path: pdftotext(path), runs)
                share, extra = fidelity(expected, tool(path))
                if tool is pdftotext:
                    seconds = base = min(seconds, base)  # the baseline against itself: 1.0
                print(f"{label:<20} {seconds:>8.3f} {1000 * seconds / count:>8.1f} "
                      f"{seconds / base:>11.1f} {share:>8.1%} {extra:>6}  {fonts:<20} {licence}")
    print(f"\ntarget: ours within {TARGET:.0f}x pdftotext -layout on the same file "
          "(x pdftotext: each tool's best time / pdftotext's best time in the same turns)")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
