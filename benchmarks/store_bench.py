"""Benchmark of the revision store: a long history of one policy, recorded and read back.

Run from the repository root::

    .venv/bin/python benchmarks/store_bench.py                 # 1,000 revisions of 500 commitments
    .venv/bin/python benchmarks/store_bench.py --quick         # 100 revisions
    .venv/bin/python benchmarks/store_bench.py --revisions 300 --commitments 2000 --keep /tmp/repo

What runs
---------
:mod:`synthetic` drafts a policy of ``--commitments`` commitments (its section drafts, sentences and
word lists); every later revision applies 1-3 edits to the previous one, each of a kind drawn from
:data:`synthetic.EDIT_KINDS` (reword, insert, delete, move, split, merge), and is rebuilt with
fresh positional ids, as an independent import of the revised document would be. Revision *i*
is recorded under ``KS <2020-01-01 + i days> § i`` (:func:`policyversions.parse_decision`) by one
:class:`policyversions.Repository` object, in one process.

For every revision, in the same loop (so the same machine load hits all of them):

* ``record``: :meth:`Repository.record` of the revision;
* ``diff``: :func:`policyversions.diff` of the previous generated revision and this one (the
  semantic diff of the same pair, the baseline a record is compared with);
* ``to_xml``: :func:`policyversions.to_xml` of the revision;
* ``write``: a plain ``Path.write_bytes`` of the very bytes the store wrote for the revision;
* ``durable``: the same bytes written as the store writes them (temporary file, fsync, rename,
  fsync of the directory).

The record times are reported per block of ``revisions / 10`` revisions (100 by default) as
median, p90 and max, with the medians of the baselines, the ratios record/diff and
record/durable, the mean number of node ids a revision touched and the mean size of the
revision files the store wrote (they grow when the stored text carries a growing list of
decisions). Flatness is the ratio of the last block's median record time to the first's
(1.0 is flat); the same ratio of the record/diff ratios cancels changes of machine load.

Then the reads, over the whole history: ``log``, ``at`` (a date in the middle, one after the
last revision), ``blame`` (of the latest revision), ``node_history`` of the node touched by
most revisions, reading the latest text, and ``verify``; each *warm* (the object that recorded)
and *cold* (a fresh :meth:`Repository.open` per run: what one CLI call pays, without the
interpreter start), median of five runs. Baselines: reading ``index.json`` and ``json.loads``
(for log and at), reading one revision file and :func:`policyversions.from_xml` (blame,
latest text; as many as node_history reads for it), reading and hashing every file (verify).
Also one *cold record* of revision N+1 against one of revision 2 of a fresh two-revision
repository (the cost a long history adds to a CLI ``record``), and two CLI calls in a new
process (``policyversions log`` and ``blame``) against the bare import of the CLI.

Then ``verify`` and ``verify --deep`` per MB read, and the cost of history length: a cold
record, ``log``, ``log`` as the CLI prints it (with every revision's status and dates),
``blame`` and the latest text at the long history against a short one of 10 revisions of the
same texts, with the ratio long/short (1.0: flat in history length).

Last come the repository's size (bytes, allocated bytes, files), peak memory (the process's
``ru_maxrss`` after generating, recording and reading; the tracemalloc peak of a cold blame)
and PASS/FAIL lines for the targets: record flat (last/first block median ≤ 1.25), log, blame
and ``at`` each under 1 s cold. The repository is built in a temporary directory removed at the
end, unless ``--keep DIR``. The benchmark always exits 0 unless it crashes.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import policyversions as pv
from policyversions import Policy, Repository
from policyversions.model import Decision

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import (
    EDIT_KINDS,
    _build,
    _draft,
    _Item,
    _Keys,
    _merge_texts,
    _SectionDraft,
    _unique_sentence,
    reword,
)

POLICY_ID = "bench/synthetic-policy"
TITLE = "Synthetic policy"
FIRST_DAY = datetime.date(2020, 1, 1)
MIN_ITEMS = 4
"""A section keeps at least this many commitments (delete, move and merge leave it alone)."""
FLAT_LIMIT = 1.25
READ_LIMIT = 1.0
RUNS = 5


# --- The history: a chain of small edits over synthetic's drafts ------------------------------


@dataclass
class Chain:
    """The drafts of the current revision and the generator state; :meth:`step` edits them."""

    rng: random.Random
    drafts: list[_SectionDraft]
    seen: set[str]
    keys: _Keys
    kinds: Counter[str] = field(default_factory=Counter)

    @classmethod
    def start(cls, commitments: int, seed: int) -> Chain:
        """Draft the first revision with :mod:`synthetic`'s section drafts."""
        rng = random.Random(f"policyversions-store-bench/{commitments}/{seed}")
        seen: set[str] = set()
        keys = _Keys()
        return cls(rng, _draft(commitments, rng, seen, keys), seen, keys)

    def policy(self) -> Policy:
        """The current revision, with fresh positional ids."""
        policy: Policy = _build(self.drafts, TITLE)[0]
        return policy

    def step(self) -> list[str]:
        """Apply 1-3 edits (each to commitments no other edit of this step touched)."""
        touched: set[int] = set()
        done: list[str] = []
        for _ in range(self.rng.randint(1, 3)):
            for _attempt in range(100):
                kind = self.rng.choice(EDIT_KINDS)
                if self._edit(kind, touched):
                    done.append(kind)
                    self.kinds[kind] += 1
                    break
        return done

    def _fresh(self, text: str) -> _Item:
        self.seen.add(text)
        return _Item(self.keys(), None, text)

    def _edit(self, kind: str, touched: set[int]) -> bool:
        rng = self.rng
        s = rng.randrange(len(self.drafts))
        row = self.drafts[s].items
        j = rng.randrange(len(row))
        item = row[j]
        if item.key in touched:
            return False
        if kind == "reword":
            text = reword(item.text, rng, rng.randint(2, 3))
            if text in self.seen or text == item.text:
                return False
            row[j] = self._fresh(text)
        elif kind == "insert":
            sentence = _unique_sentence(rng, self.seen)
            row.insert(rng.randint(0, len(row)), _Item(self.keys(), sentence, sentence.text))
        elif kind in ("delete", "move"):
            if len(row) <= MIN_ITEMS:
                return False
            del row[j]
            if kind == "move":
                target = rng.choice([t for t in range(len(self.drafts)) if t != s])
                items = self.drafts[target].items
                items.insert(rng.randint(0, len(items)), item)
        elif kind == "split":
            if item.sentence is None or len(item.sentence.phrases) < 2:
                return False
            parts = item.sentence.split(rng.randint(1, len(item.sentence.phrases) - 1))
            if any(part.text in self.seen for part in parts):
                return False
            self.seen.update(part.text for part in parts)
            row[j : j + 1] = [_Item(self.keys(), part, part.text) for part in parts]
        else:  # merge
            if len(row) <= MIN_ITEMS or j + 1 >= len(row) or row[j + 1].key in touched:
                return False
            text = _merge_texts(item.text, row[j + 1].text)
            if text in self.seen:
                return False
            row[j : j + 2] = [self._fresh(text)]
        touched.add(item.key)
        return True


def decision_for(number: int) -> Decision:
    """The decision of revision *number*: ``KS <2020-01-01 + number days> § <number>``."""
    day = FIRST_DAY + datetime.timedelta(days=number)
    return pv.parse_decision(f"KS {day.isoformat()} § {number}")


# --- Measuring --------------------------------------------------------------------------------


def timed(function: Callable[[], object]) -> float:
    """Seconds one call of *function* takes."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median_of(function: Callable[[], object], runs: int = RUNS) -> float:
    """The median of *runs* timed calls of *function* (garbage collected before each)."""
    samples = []
    for _ in range(runs):
        gc.collect()
        samples.append(timed(function))
    return statistics.median(samples)


def durable_write(path: Path, data: bytes) -> None:
    """Write *data* the way the store writes a file: temporary file, fsync, rename, fsync dir."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def percentile(values: Sequence[float], share: float) -> float:
    """The *share* percentile of *values* (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def maxrss_mb() -> float:
    """The process's peak resident set so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ms(seconds: float) -> str:
    """*seconds* as milliseconds for the table."""
    return f"{seconds * 1000:.1f}"


def ratio(numerator: float, denominator: float) -> str:
    """``numerator / denominator`` for the table, ``-`` when it cannot be computed."""
    return f"{numerator / denominator:.2f}" if denominator > 0 else "-"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A plain text table with right-aligned columns but the first."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [row[0].ljust(widths[0])]
        cells.extend(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        return "  ".join(cells).rstrip()

    return [line(header), "  ".join("-" * width for width in widths), *map(line, rows)]


@dataclass
class RecordTiming:
    """The times measured for one revision (seconds)."""

    record: float
    diff: float
    to_xml: float
    write: float
    durable: float
    touched: int
    size: int


@dataclass
class Report:
    """Everything the benchmark prints."""

    lines: list[str] = field(default_factory=list)
    targets: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        """Add lines to the report."""
        self.lines.extend(lines)

    def target(self, text: str, passed: bool) -> None:
        """Add a PASS/FAIL target line."""
        self.targets.append((text, passed))


def progress(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


# --- The build --------------------------------------------------------------------------------


def build(
    repo: Repository, chain: Chain, revisions: int, scratch: Path
) -> tuple[list[RecordTiming], Policy, Policy]:
    """Record *revisions* revisions of the chain; return the timings and the first two texts."""
    timings: list[RecordTiming] = []
    previous: Policy | None = None
    first: Policy | None = None
    second: Policy | None = None
    directory = repo.policy_dir(POLICY_ID)
    plain = scratch / "plain.xml"
    durable = scratch / "durable.xml"
    started = time.perf_counter()
    for number in range(1, revisions + 1):
        if number > 1:
            chain.step()
        policy = chain.policy()
        decision = decision_for(number)
        gc.collect()
        start = time.perf_counter()
        revision = repo.record(POLICY_ID, policy, decision)
        record_seconds = time.perf_counter() - start
        diff_seconds = timed(partial(pv.diff, previous, policy)) if previous is not None else 0.0
        xml_seconds = timed(partial(pv.to_xml, policy))
        data = (directory / revision.file).read_bytes()
        write_seconds = timed(partial(plain.write_bytes, data))
        durable_seconds = timed(partial(durable_write, durable, data))
        timings.append(
            RecordTiming(
                record_seconds,
                diff_seconds,
                xml_seconds,
                write_seconds,
                durable_seconds,
                len(revision.changes.touched()),
                len(data),
            )
        )
        if number == 1:
            first = policy
        elif number == 2:
            second = policy
        previous = policy
        if number % max(1, revisions // 10) == 0 or number == revisions:
            progress(
                f"  recorded {number}/{revisions} "
                f"({time.perf_counter() - started:.0f} s, last record {ms(record_seconds)} ms)"
            )
    assert first is not None
    return timings, first, second if second is not None else first


def record_section(report: Report, timings: list[RecordTiming], block: int) -> None:
    """The per-block table of record times and baselines, and the flatness target."""
    header = [
        "revisions",
        "record med",
        "p90",
        "max",
        "diff med",
        "record/diff",
        "to_xml med",
        "write med",
        "durable med",
        "record/durable",
        "ids touched",
        "file KB",
    ]
    rows = []
    medians: list[tuple[float, float]] = []
    for start in range(0, len(timings), block):
        chunk = timings[start : start + block]
        records = [t.record for t in chunk]
        diffs = [t.diff for t in chunk if t.diff > 0]
        record_median = statistics.median(records)
        diff_median = statistics.median(diffs) if diffs else 0.0
        durable_median = statistics.median(t.durable for t in chunk)
        # The load-independent ratio: each record against the diff of the same pair.
        per_pair = [t.record / t.diff for t in chunk if t.diff > 0]
        medians.append((record_median, statistics.median(per_pair) if per_pair else 0.0))
        rows.append(
            [
                f"{start + 1}-{start + len(chunk)}",
                ms(record_median),
                ms(percentile(records, 0.9)),
                ms(max(records)),
                ms(diff_median),
                f"{medians[-1][1]:.2f}" if per_pair else "-",
                ms(statistics.median(t.to_xml for t in chunk)),
                ms(statistics.median(t.write for t in chunk)),
                ms(durable_median),
                ratio(record_median, durable_median),
                f"{statistics.mean(t.touched for t in chunk):.1f}",
                f"{statistics.mean(t.size for t in chunk) / 1000:.0f}",
            ]
        )
    report.add(
        "Record (ms per revision; median, p90 and max per block; baselines measured on the same",
        "revision in the same loop; record/diff is the median of per-revision ratios)",
        "",
        *table(header, rows),
        "",
    )
    (first_record, first_ratio), (last_record, last_ratio) = medians[0], medians[-1]
    flat = last_record / first_record
    flat_load = last_ratio / first_ratio if first_ratio > 0 else flat
    last_block = f"{len(timings) - len(timings[-block:]) + 1}-{len(timings)}"
    report.add(
        f"Flatness: median record, revisions {last_block} / revisions 1-{block}: {flat:.2f}",
        f"          median record/diff, the same blocks: {flat_load:.2f} (cancels machine load)",
        "",
    )
    report.target(
        f"record flat: last/first block median {flat:.2f}, "
        f"load-adjusted {flat_load:.2f} (≤ {FLAT_LIMIT})",
        min(flat, flat_load) <= FLAT_LIMIT,
    )


# --- The reads --------------------------------------------------------------------------------


def most_touched(revisions: Sequence[pv.Revision]) -> tuple[str, int]:
    """The node id touched by most revisions, and how many."""
    counts: Counter[str] = Counter()
    for revision in revisions:
        counts.update(revision.changes.touched())
    node_id, count = max(counts.items(), key=lambda pair: (pair[1], pair[0]))
    return node_id, count


def bound(
    operation: Callable[[Repository], object], repository: Callable[[], Repository]
) -> Callable[[], object]:
    """A call of *operation* on the repository *repository* returns (when called)."""
    return lambda: operation(repository())


def read_section(report: Report, repo: Repository, root: Path) -> None:
    """Time the reads warm and cold against their floors; add the read targets."""
    revisions = repo.log(POLICY_ID)
    last = revisions[-1]
    middle = revisions[len(revisions) // 2]
    node_id, node_count = most_touched(revisions)
    directory = repo.policy_dir(POLICY_ID)
    index_path = directory / "index.json"
    latest_path = directory / last.file
    after_last = last.in_force_from + datetime.timedelta(days=30)

    def index_floor() -> object:
        return json.loads(index_path.read_bytes())

    def text_floor() -> object:
        return pv.from_xml(latest_path.read_bytes())

    touched_files = [
        directory / r.file
        for r in revisions
        if node_id in r.changes.touched() and node_id not in r.changes.removed
    ]

    def history_floor() -> object:
        return [pv.from_xml(path.read_bytes()) for path in touched_files]

    files = sorted(path for path in root.rglob("*") if path.is_file())

    def hash_floor() -> object:
        return [hashlib.sha256(path.read_bytes()).hexdigest() for path in files]

    operations: list[tuple[str, Callable[[Repository], object], Callable[[], object], str, bool]]
    operations = [
        ("log", lambda r: r.log(POLICY_ID), index_floor, "read+parse index.json", True),
        (
            f"at (middle, {middle.in_force_from})",
            lambda r: r.at(POLICY_ID, middle.in_force_from),
            index_floor,
            "read+parse index.json",
            True,
        ),
        (
            f"at (after last, {after_last})",
            lambda r: r.at(POLICY_ID, after_last),
            index_floor,
            "read+parse index.json",
            True,
        ),
        ("blame (latest)", lambda r: r.blame(POLICY_ID), text_floor, "read+from_xml latest", True),
        (
            "policy (latest text)",
            lambda r: r.policy(POLICY_ID),
            text_floor,
            "read+from_xml latest",
            False,
        ),
        (
            f"node_history ({node_count} revs)",
            lambda r: r.node_history(POLICY_ID, node_id),
            history_floor,
            f"read+from_xml {len(touched_files)} files",
            False,
        ),
        ("verify", lambda r: r.verify(), hash_floor, f"sha256 of {len(files)} files", False),
    ]
    rows = []
    for name, operation, floor, floor_name, targeted in operations:
        progress(f"  reading: {name}")
        warm = median_of(bound(operation, lambda: repo))
        cold = median_of(bound(operation, lambda: Repository.open(root)))
        floor_seconds = median_of(floor)
        rows.append(
            [
                name,
                ms(warm),
                ms(cold),
                floor_name,
                ms(floor_seconds),
                ratio(cold, floor_seconds),
                f"< {READ_LIMIT:.0f} s" if targeted else "",
            ]
        )
        if targeted:
            report.target(f"{name} cold {cold:.3f} s (< {READ_LIMIT:.0f} s)", cold < READ_LIMIT)
    header = ["operation", "warm ms", "cold ms", "baseline", "baseline ms", "cold/base", "target"]
    report.add(
        f"Reads over the whole history ({len(revisions)} revisions; median of {RUNS} runs; cold =",
        "a fresh Repository.open() per run, warm = the object that recorded)",
        "",
        *table(header, rows),
        "",
    )
    gc.collect()
    tracemalloc.start()
    try:
        Repository.open(root).blame(POLICY_ID)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    report.add(f"Peak memory of a cold blame (tracemalloc): {peak / 1e6:.1f} MB", "")


def cold_record(root: Path, policy: Policy, decision: Decision) -> pv.Revision:
    """Record *policy* through a freshly opened repository (nothing cached)."""
    return Repository.open(root).record(POLICY_ID, policy, decision)


def cold_record_section(
    report: Report, root: Path, chain: Chain, scratch: Path, first: Policy, second: Policy
) -> None:
    """Cold records (a fresh Repository.open each) after the long history against revision 2
    of a new repository, three of each, interleaved; medians."""
    shorts: list[float] = []
    longs: list[float] = []
    number = len(Repository.open(root).log(POLICY_ID))
    for sample in range(3):
        small_root = scratch / f"two-revisions-{sample}"
        Repository.init(small_root).record(POLICY_ID, first, decision_for(1))
        gc.collect()
        shorts.append(timed(partial(cold_record, small_root, second, decision_for(2))))
        number += 1
        chain.step()
        policy = chain.policy()
        decision = decision_for(number)
        gc.collect()
        longs.append(timed(partial(cold_record, root, policy, decision)))
    short, long = statistics.median(shorts), statistics.median(longs)
    report.add(
        "Cold record (a fresh Repository.open() per record, as one CLI call pays: it reads the",
        "index and the previous text; median of 3)",
        "",
        *table(
            ["history", "record ms", "ratio"],
            [
                ["revision 2 (of a new repository)", ms(short), "1.00"],
                [f"revisions {number - 2}-{number}", ms(long), ratio(long, short)],
            ],
        ),
        "",
    )


def cli_section(report: Report, root: Path) -> None:
    """``policyversions log`` and ``blame`` in a new process against importing the CLI."""
    script = Path(sys.executable).with_name("policyversions")
    if not script.exists():
        report.add(f"(CLI calls skipped: no {script})", "")
        return
    commands = [
        ("import the CLI (python -c)", [sys.executable, "-c", "import policyversions_cli.main"]),
        ("policyversions log", [str(script), "--repo", str(root), "log", POLICY_ID]),
        ("policyversions blame", [str(script), "--repo", str(root), "blame", POLICY_ID]),
    ]
    times = []
    for _name, command in commands:
        samples = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            samples.append(time.perf_counter() - start)
        times.append(statistics.median(samples))
    rows = [[name, ms(t), ratio(t, times[0])] for (name, _), t in zip(commands, times, strict=True)]
    report.add(
        "CLI in a new process (median of 3; includes interpreter start and imports)",
        "",
        *table(["command", "ms", "/import"], rows),
        "",
    )


SHORT_HISTORY = 10
"""The short history that the long one is compared with."""


def history_section(
    report: Report, root: Path, chain: Chain, arguments: argparse.Namespace, scratch: Path
) -> None:
    """record, log and blame at the long history against a short one of
    :data:`SHORT_HISTORY` revisions whose last text is the long history's latest: the cost of
    history length alone.

    The short history is the generator's first texts, then the long history's latest text;
    both are then extended by the same three texts, in turns, each a cold record (a fresh
    Repository.open, as one CLI call pays). So both blame and read the very same text; the
    reads are medians of :data:`RUNS`, warm and cold. The ratio long/short is the point: 1.0
    is flat in history length."""
    short_root = scratch / "short-history"
    short_chain = Chain.start(arguments.commitments, arguments.seed)
    short_repo = Repository.init(short_root)
    for number in range(1, SHORT_HISTORY):
        if number > 1:
            short_chain.step()
        short_repo.record(POLICY_ID, short_chain.policy(), decision_for(number))
    short_repo.record(POLICY_ID, chain.policy(), decision_for(SHORT_HISTORY), force=True)
    long_number = len(Repository.open(root).log(POLICY_ID))
    short_number = SHORT_HISTORY
    records: dict[str, list[float]] = {"short": [], "long": []}
    for _ in range(3):
        chain.step()
        text = chain.policy()
        short_number += 1
        long_number += 1
        gc.collect()
        records["short"].append(
            timed(partial(cold_record, short_root, text, decision_for(short_number)))
        )
        gc.collect()
        records["long"].append(timed(partial(cold_record, root, text, decision_for(long_number))))
    short_record, long_record = (statistics.median(records[k]) for k in ("short", "long"))
    rows = [["record (cold)", ms(short_record), ms(long_record), ratio(long_record, short_record)]]

    def cli_log(repo: Repository) -> object:
        return pv.render_log(POLICY_ID, repo.log(POLICY_ID), repo.periods(POLICY_ID), lang="sv")

    reads: list[tuple[str, Callable[[Repository], object]]] = [
        ("log", lambda r: r.log(POLICY_ID)),
        ("log as the CLI prints it", cli_log),
        ("blame (latest)", lambda r: r.blame(POLICY_ID)),
        ("latest text with its decisions", lambda r: r.policy(POLICY_ID)),
    ]
    short_warm, long_warm = Repository.open(short_root), Repository.open(root)
    for name, operation in reads:
        for kind, short_of, long_of in (
            ("cold", lambda: Repository.open(short_root), lambda: Repository.open(root)),
            ("warm", lambda: short_warm, lambda: long_warm),
        ):
            short_seconds = median_of(bound(operation, short_of))
            long_seconds = median_of(bound(operation, long_of))
            rows.append(
                [
                    f"{name} ({kind})",
                    ms(short_seconds),
                    ms(long_seconds),
                    ratio(long_seconds, short_seconds),
                ]
            )
    report.add(
        f"History length: {long_number} revisions against {short_number}, the same latest text "
        f"(records median of 3, reads median of {RUNS})",
        "",
        *table(["operation", f"{short_number} revs ms", f"{long_number} revs ms", "ratio"], rows),
        "",
    )


def verify_section(report: Report, root: Path) -> None:
    """``verify`` and ``verify --deep`` per MB read (every revision file, index and head)."""
    rows = []
    for deep in (False, True):
        samples = []
        result = None
        for _ in range(3):
            gc.collect()
            start = time.perf_counter()
            result = Repository.open(root).verify(deep=deep)
            samples.append(time.perf_counter() - start)
        assert result is not None and result.ok
        seconds = statistics.median(samples)
        megabytes = result.bytes_read / 1e6
        rows.append(
            [
                "verify --deep" if deep else "verify",
                f"{result.revisions:,}",
                f"{megabytes:.1f}",
                f"{seconds:.2f}",
                f"{seconds / megabytes * 1000:.0f}",
                f"{megabytes / seconds:.1f}",
            ]
        )
    report.add(
        "Verify (median of 3; plain: SHA-256 of every file, the hash chain and the head; deep:",
        "also every revision read as XML and compared with its index entry, and the decision",
        "history folded)",
        "",
        *table(["command", "revisions", "MB read", "seconds", "ms per MB", "MB/s"], rows),
        "",
    )


def size_section(report: Report, root: Path, revisions: int) -> None:
    """The repository's size on disk."""
    files = [path for path in root.rglob("*") if path.is_file()]
    stats = [path.stat() for path in files]
    total = sum(stat.st_size for stat in stats)
    allocated = sum(stat.st_blocks * 512 for stat in stats)
    xml = [stat.st_size for path, stat in zip(files, stats, strict=True) if path.suffix == ".xml"]
    index = root.joinpath("policies", *POLICY_ID.split("/"), "index.json").stat().st_size
    report.add(
        "Repository on disk",
        "",
        *table(
            ["what", "value"],
            [
                ["files", f"{len(files):,}"],
                ["bytes (sum of file sizes)", f"{total:,} ({total / 1e6:.1f} MB)"],
                ["bytes allocated (st_blocks)", f"{allocated:,} ({allocated / 1e6:.1f} MB)"],
                ["revision files", f"{len(xml):,}"],
                ["mean revision file", f"{statistics.mean(xml):,.0f} bytes"],
                ["index.json", f"{index:,} bytes ({index / revisions:,.0f} per revision)"],
            ],
        ),
        "",
    )


# --- Main -------------------------------------------------------------------------------------


def run(arguments: argparse.Namespace, scratch: Path, root: Path) -> Report:
    """Build the history in *root*, measure everything, and return the report."""
    report = Report()
    revisions: int = arguments.revisions
    block = max(1, revisions // 10)
    load_start = os.getloadavg()
    chain = Chain.start(arguments.commitments, arguments.seed)
    rss_setup = maxrss_mb()
    repo = Repository.init(root)
    progress(f"recording {revisions} revisions of {arguments.commitments} commitments in {root}")
    build_start = time.perf_counter()
    timings, first, second = build(repo, chain, revisions, scratch)
    build_seconds = time.perf_counter() - build_start
    rss_build = maxrss_mb()
    report.add(
        "policyversions store benchmark",
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average at start {load_start[0]:.2f}",
        f"{revisions} revisions of a {arguments.commitments}-commitment policy "
        f"(seed {arguments.seed}); edits per revision 1-3: "
        + ", ".join(f"{kind} {chain.kinds[kind]}" for kind in EDIT_KINDS),
        f"final text: {sum(1 for n in chain.policy().walk() if isinstance(n, pv.Commitment))} "
        f"commitments; build took {build_seconds:.0f} s "
        f"(record {sum(t.record for t in timings):.0f} s)",
        "",
    )
    record_section(report, timings, block)
    read_section(report, repo, root)
    cli_section(report, root)
    size_section(report, root, revisions)
    verify_section(report, root)
    cold_record_section(report, root, chain, scratch, first, second)
    history_section(report, root, chain, arguments, scratch)
    rss_reads = maxrss_mb()
    report.add(
        "Peak memory (ru_maxrss of this process, MB)",
        "",
        *table(
            ["after", "MB"],
            [
                ["drafting the first revision", f"{rss_setup:.0f}"],
                [f"recording {revisions} revisions", f"{rss_build:.0f}"],
                ["the reads", f"{rss_reads:.0f}"],
            ],
        ),
        "",
        f"Load average at end {os.getloadavg()[0]:.2f}",
        "",
    )
    return report


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--revisions", type=int, default=1000, help="revisions (default 1000)")
    parser.add_argument(
        "--commitments", type=int, default=500, help="commitments of the policy (default 500)"
    )
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--quick", action="store_true", help="100 revisions")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        type=Path,
        help="build the repository in DIR (a new directory) and keep it",
    )
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.revisions = 100
    if arguments.revisions < 2:
        parser.error("--revisions must be at least 2")
    if arguments.commitments < 10:
        parser.error("--commitments must be at least 10")
    if arguments.keep is not None and arguments.keep.exists() and any(arguments.keep.iterdir()):
        parser.error(f"--keep: {arguments.keep} exists and is not empty")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its report."""
    arguments = parse_arguments(argv)
    scratch = Path(tempfile.mkdtemp(prefix="policyversions-store-bench-"))
    try:
        root = arguments.keep if arguments.keep is not None else scratch / "repository"
        report = run(arguments, scratch, root)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("\n".join(report.lines))
    for text, passed in report.targets:
        print(f"{'PASS' if passed else 'FAIL'}  {text}")
    if arguments.keep is not None:
        print(f"\nRepository kept in {arguments.keep}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
