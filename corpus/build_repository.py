"""Build the corpus repository from ``corpus/history.toml``: record every revision in order.

Usage: ``python corpus/build_repository.py [TARGET]`` (default: ``corpus/`` itself). The
target must not yet hold a repository's policies: recorded history is never rewritten in place.
To rebuild the corpus after a change to the importers or the store, remove ``corpus/policies``
and ``corpus/policyversions.json`` first (``corpus/rebuild.sh`` does this) and review the diff.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

import policyversions as pv

CORPUS = Path(__file__).resolve().parent
HISTORY = CORPUS / "history.toml"


def load_history(path: Path = HISTORY) -> list[dict[str, Any]]:
    """The revisions listed in *path*, in order."""
    with path.open("rb") as stream:
        entries: list[dict[str, Any]] = tomllib.load(stream)["revision"]
    return entries


def build(target: Path, history: list[dict[str, Any]] | None = None) -> pv.Repository:
    """Record every revision of *history* (default: ``history.toml``) into a new repository."""
    repo = pv.Repository.init(target)
    for entry in history if history is not None else load_history():
        policy = pv.load(CORPUS / entry["source"])
        revision = repo.record(
            entry["policy"],
            policy,
            entry["decision"],
            entry.get("effective"),
            late=bool(entry.get("late", False)),
            retroactive=bool(entry.get("retroactive", False)),
            note=entry.get("note"),
        )
        print(f"recorded {revision.ref}: {revision.decision} <- {entry['source']}")
        for warning in revision.warnings:
            print(f"  warning: {warning}")
    return repo


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
