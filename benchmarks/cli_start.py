"""Start-up time of the command line against the time it takes to import Click.

Runs, in turns, ``python -c "import click"`` (the baseline: what any Click program pays),
``policyversions --help`` and ``policyversions show SEED --format json`` as whole processes,
best of N runs each (default 7), and prints the times and the ratios to the baseline with the
targets: help within 2x, show within 3x. Every command runs from the same virtual environment
as this script. A benchmark, not a test: it exits 0 whatever the numbers are.

    .venv/bin/python benchmarks/cli_start.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "soderhamn" / "ledar-och-medarbetarpolicy.txt"
SCRIPT = Path(sys.executable).with_name("policyversions")


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    show = [str(SCRIPT), "show", str(SEED), "--format", "json"]
    commands = {
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "policyversions --help": [str(SCRIPT), "--help"],
        "policyversions show SEED --format json": show,
    }
    targets = {"policyversions --help": 2.0, "policyversions show SEED --format json": 3.0}
    best = dict.fromkeys(commands, float("inf"))
    for command in commands.values():  # warm the file cache once
        _time(command)
    for _ in range(runs):
        for name, command in commands.items():  # in turns: a busy spell falls on all of them
            best[name] = min(best[name], _time(command))
    baseline = best["python -c 'import click'"]
    print(f"best of {runs} runs, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"{'command':<42} {'seconds':>8} {'ratio':>7}  target")
    for name, seconds in best.items():
        ratio = seconds / baseline
        target = targets.get(name)
        verdict = ""
        if target is not None:
            verdict = f"<= {target:g}x {'PASS' if ratio <= target else 'FAIL'}"
        print(f"{name:<42} {seconds:>8.4f} {ratio:>6.2f}x  {verdict}")


if __name__ == "__main__":
    main()
