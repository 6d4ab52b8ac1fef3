"""Benchmark of publishing the register as a static site: a synthetic register built, then
rendered through the library (the baseline), published, published again after one new revision,
and published again unchanged.

Run from the repository root::

    .venv/bin/python benchmarks/publish_bench.py                # 300 policies x 10 revisions
    .venv/bin/python benchmarks/publish_bench.py --quick        # 30 policies x 10 revisions
    .venv/bin/python benchmarks/publish_bench.py --policies 100 --revisions 5 --keep /tmp/bench

What runs
---------
The register: ``--policies`` policies of ``--commitments`` commitments (default 40; sections of
4-12 commitments, most with a paragraph of prose and a lead-in; Swedish sentences of 6-30 words
from :mod:`synthetic`), each recorded ``--revisions`` times (default 10) with
:meth:`policyversions.Repository.record`: every later revision rewords 1-2 commitments, adds
one, removes one and moves one. Revision *r* of policy *p* is decided by KF in 2010 + about 1.4
years per revision (``Reviderad KF <date> § <n> (Dnr KS <year>/<n>)``) and takes effect a month
later; every 20th policy's last revision takes effect after the day published (a new text to
come) and every 25th policy's last revision repeals it. Statuses are given as on 2026-01-01.

Then, each in a fresh process (so that its peak memory is its own; the library is imported
before the clock starts), one after the other:

``baseline``
    What the site holds, rendered through the library's public API with nothing written: for
    every policy, :meth:`~policyversions.Repository.read` of every revision,
    :func:`~policyversions.render_revision_html`, :func:`~policyversions.to_xml`,
    :func:`~policyversions.policy_to_json` and :func:`~policyversions.to_akn` of each, and
    :func:`~policyversions.diff` with :func:`~policyversions.render_redline` for each redline the
    site publishes (each revision against the one before, and against the latest).
``first build``
    :func:`policyversions.publish_site` into an empty folder (Swedish, no Word redlines): the
    same pages and downloads, plus the policy pages with banner and blame, the index, feeds,
    and every file written atomically (fsynced) with its manifest.
``rebuild``
    One new revision of one policy is recorded, then :func:`~policyversions.publish_site` again.
``unchanged``
    :func:`~policyversions.publish_site` once more, nothing changed.

The table gives seconds and peak resident memory (MB) of each process, the ratio of the first
build to the baseline (target <= 3) and of the rebuild to the first build (target <= 5 %), and
how many files each publish wrote. It is a benchmark, not a test: it exits 0 whatever the
numbers are; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import attrs

import policyversions as pv
from policyversions.model import Block, Commitment, CommitmentList, Paragraph, Section

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import LEAD_INS, TOPICS, make_sentence, reword

TODAY = datetime.date(2026, 1, 1)
FIRST_DAY = datetime.date(2010, 1, 1)
SPACING = datetime.timedelta(days=520)
LANG = "sv"


# --- the register -----------------------------------------------------------------------------


def drafted(title: str, commitments: int, rng: random.Random) -> pv.Policy:
    """A policy of about *commitments* commitments in sections of 4-12, each with a heading,
    mostly a paragraph of prose and a lead-in."""
    headings = rng.sample(TOPICS, len(TOPICS))
    body: list[Block] = []
    left = commitments
    while left > 0:
        size = min(left, rng.randint(4, 12))
        left -= size
        children: list[Block] = []
        if rng.random() < 0.7:
            children.append(Paragraph(" ".join(make_sentence(rng).text for _ in range(2))))
        items = tuple(Commitment(make_sentence(rng).text) for _ in range(size))
        lead_in = rng.choice(LEAD_INS) if rng.random() < 0.7 else None
        children.append(CommitmentList(items, lead_in))
        body.append(Section(headings[len(body) % len(headings)], tuple(children)))
    return pv.Policy(title, pv.assign_positional_ids(body))


def edited(policy: pv.Policy, rng: random.Random) -> pv.Policy:
    """*policy* with 1-2 commitments reworded, one added, one removed and one moved."""
    body = list(policy.body)
    lists: list[tuple[int, int]] = []  # (section, child) of every list
    for s, block in enumerate(body):
        assert isinstance(block, Section)
        for c, child in enumerate(block.children):
            if isinstance(child, CommitmentList):
                lists.append((s, c))
    items = {place: list(_list(body, place).items) for place in lists}
    for _ in range(rng.randint(1, 2)):
        place = rng.choice(lists)
        if items[place]:
            j = rng.randrange(len(items[place]))
            items[place][j] = Commitment(reword(items[place][j].text, rng, 2))
    place = rng.choice(lists)
    items[place].insert(rng.randint(0, len(items[place])), Commitment(make_sentence(rng).text))
    place = rng.choice(lists)
    if len(items[place]) > 2:
        items[place].pop(rng.randrange(len(items[place])))
    source, target = rng.choice(lists), rng.choice(lists)
    if len(items[source]) > 2:
        moved = items[source].pop(rng.randrange(len(items[source])))
        items[target].insert(rng.randint(0, len(items[target])), moved)
    for s, c in lists:
        section = body[s]
        assert isinstance(section, Section)
        children: list[Block] = list(section.children)
        children[c] = attrs.evolve(_list(body, (s, c)), items=tuple(items[(s, c)]))
        body[s] = attrs.evolve(section, children=tuple(children))
    return attrs.evolve(policy, body=pv.assign_positional_ids(body))


def _list(body: Sequence[Block], place: tuple[int, int]) -> CommitmentList:
    section = body[place[0]]
    assert isinstance(section, Section)
    found = section.children[place[1]]
    assert isinstance(found, CommitmentList)
    return found


def decision(policy: int, revision: int, last: bool, policies: int) -> tuple[str, str]:
    """The decision text and effective date of revision *revision* of policy *policy*."""
    if last and policy % 20 == 19:
        day = TODAY - datetime.timedelta(days=30 + policy % 7)
        effective = TODAY + datetime.timedelta(days=180)
    else:
        day = FIRST_DAY + SPACING * (revision - 1) + datetime.timedelta(days=policy % 300)
        effective = day + datetime.timedelta(days=31)
    item = policy * 20 + revision
    action = "Antagen" if revision == 1 else "Reviderad"
    if last and policy % 25 == 24:
        return f"Upphävd KF {day.isoformat()} § {item}", effective.isoformat()
    text = f"{action} KF {day.isoformat()} § {item} (Dnr KS {day.year}/{item})"
    return text, effective.isoformat()


def generate(root: Path, policies: int, revisions: int, commitments: int, seed: int) -> None:
    """Record the synthetic register (module docstring) into a new repository *root*."""
    repo = pv.Repository.init(root)
    for number in range(policies):
        rng = random.Random(f"publish-bench/{seed}/{number}")
        title = f"Riktlinje {number + 1:03d} om {rng.choice(TOPICS).lower()}"
        policy = drafted(title, commitments, rng)
        policy_id = f"forvaltning-{number % 10}/riktlinje-{number + 1:03d}"
        for revision in range(1, revisions + 1):
            last = revision == revisions
            text, effective = decision(number, revision, last, policies)
            if text.startswith("Upphävd"):
                repo.repeal(policy_id, text, effective)
            else:
                repo.record(policy_id, policy, text, effective)
            policy = edited(policy, rng)
        if number % 25 == 0:
            progress(f"recorded {number + 1} of {policies} policies")


# --- the phases (each in its own process) -----------------------------------------------------


def phase_baseline(root: Path) -> dict[str, object]:
    """The library renders what the site holds; nothing is written."""
    from policyversions.publish.plan import akn_number, redline_pairs

    for name in (
        "render_revision_html",
        "to_xml",
        "policy_to_json",
        "to_akn",
        "diff",
        "render_redline",
    ):
        getattr(pv, name)  # imported before the clock starts, as publish_site is
    repo = pv.Repository.open(root)
    pages = files = 0
    start = time.perf_counter()
    for policy_id in repo.policies():
        revisions = repo.log(policy_id)
        texts = {revision.number: repo.read(revision) for revision in revisions}
        for revision in revisions:
            policy = texts[revision.number]
            pv.render_revision_html(policy, lang=LANG)
            pv.to_xml(policy)
            pv.policy_to_json(policy)
            pv.to_akn(policy, number=akn_number(policy_id), language="swe")
            pages += 1
            files += 3
        for old, new in redline_pairs(len(revisions)):
            changes = pv.diff(texts[old], texts[new])
            pv.render_redline(changes, old=texts[old], new=texts[new], lang=LANG)
            pages += 1
    return {"seconds": time.perf_counter() - start, "pages": pages, "files": files + pages}


def phase_publish(root: Path, site: Path) -> dict[str, object]:
    """One publish of the site."""
    publish = pv.publish_site  # imports the library before the clock starts
    start = time.perf_counter()
    report = publish(root, site, lang=LANG, today=TODAY, docx=False)
    return {
        "seconds": time.perf_counter() - start,
        "written": len(report.written),
        "files": report.files,
        "removed": len(report.removed),
    }


def run_phase(name: str, root: Path, site: Path) -> dict[str, object]:
    """Run phase *name* in a fresh Python process; return what it measured, with its peak
    resident memory in MB."""
    command = [sys.executable, __file__, "--phase", name, "--root", str(root), "--site", str(site)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(output)
    return result


def child(arguments: argparse.Namespace) -> int:
    """The body of a phase process: measure, print JSON."""
    if arguments.phase == "baseline":
        result = phase_baseline(arguments.root)
    else:
        result = phase_publish(arguments.root, arguments.site)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    return 0


# --- the report -------------------------------------------------------------------------------


def progress(message: str) -> None:
    print(f"[publish_bench] {message}", file=sys.stderr, flush=True)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A plain text table, columns right-aligned but the first."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    return lines


def site_size(site: Path) -> tuple[int, int]:
    """Files and bytes of the site."""
    sizes = [path.stat().st_size for path in site.rglob("*") if path.is_file()]
    return len(sizes), sum(sizes)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--policies", type=int, default=300)
    parser.add_argument("--revisions", type=int, default=10)
    parser.add_argument("--commitments", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="30 policies")
    parser.add_argument("--keep", type=Path, help="build in DIR (a new folder) and keep it")
    parser.add_argument("--phase", choices=["baseline", "publish"], help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.phase is not None:
        return child(arguments)
    if arguments.quick:
        arguments.policies = 30
    if arguments.revisions < 3 or arguments.policies < 1 or arguments.commitments < 10:
        parser.error("at least 1 policy, 3 revisions and 10 commitments")
    scratch = arguments.keep or Path(tempfile.mkdtemp(prefix="policyversions-publish-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    root, site = scratch / "repository", scratch / "site"
    try:
        load = os.getloadavg()[0]
        start = time.perf_counter()
        progress(
            f"recording {arguments.policies} policies x {arguments.revisions} revisions "
            f"of {arguments.commitments} commitments"
        )
        generate(
            root, arguments.policies, arguments.revisions, arguments.commitments, arguments.seed
        )
        generated = time.perf_counter() - start
        progress("baseline: the library renders the same pages")
        baseline = run_phase("baseline", root, site)
        progress("first build")
        first = run_phase("publish", root, site)
        files, size = site_size(site)
        repo = pv.Repository.open(root)
        target = repo.policies()[len(repo.policies()) // 2]
        latest = repo.policy(target)
        rng = random.Random("publish-bench/new")
        started = time.perf_counter()
        repo.record(target, edited(latest, rng), "Reviderad KF 2025-12-15 § 999", "2025-12-20")
        recorded = time.perf_counter() - started
        progress(f"rebuild after one new revision of {target}")
        rebuild = run_phase("publish", root, site)
        progress("unchanged")
        unchanged = run_phase("publish", root, site)
        base = float(baseline["seconds"])  # type: ignore[arg-type]
        build = float(first["seconds"])  # type: ignore[arg-type]
        rows = [
            [
                "library render (baseline)",
                f"{base:.2f}",
                f"{baseline['peak_mb']:.0f}",
                "1.00",
                "-",
                f"{baseline['files']} (none written)",
            ],
        ]
        for name, result in (
            ("first build", first),
            ("rebuild, 1 new revision", rebuild),
            ("publish unchanged", unchanged),
        ):
            seconds = float(result["seconds"])  # type: ignore[arg-type]
            rows.append(
                [
                    name,
                    f"{seconds:.2f}",
                    f"{result['peak_mb']:.0f}",
                    f"{seconds / base:.2f}",
                    f"{100 * seconds / build:.1f} %",
                    f"{result['written']} of {result['files']} written",
                ]
            )
        print(
            f"Publishing {arguments.policies} policies x {arguments.revisions} revisions of "
            f"{arguments.commitments} commitments (statuses on {TODAY.isoformat()}); "
            f"load average {load:.2f} at start, {os.getloadavg()[0]:.2f} at end"
        )
        print(
            f"Register recorded in {generated:.1f} s; the site: {files} files, "
            f"{size / 2**20:.1f} MiB; the new revision recorded in {recorded * 1000:.0f} ms"
        )
        print()
        for line in table(
            ["phase", "seconds", "peak MB", "vs baseline", "vs first build", "files"], rows
        ):
            print(line)
        print()
        ratio = build / base
        share = float(rebuild["seconds"]) / build  # type: ignore[arg-type]
        print(
            f"{'PASS' if ratio <= 3 else 'FAIL'}  first build {ratio:.2f}x the baseline "
            "(target <= 3x)"
        )
        print(
            f"{'PASS' if share <= 0.05 else 'FAIL'}  rebuild {100 * share:.1f} % of the first "
            "build (target <= 5 %)"
        )
    finally:
        if arguments.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
