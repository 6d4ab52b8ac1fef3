"""The corpus is a repository: its recorded history is what ``corpus/history.toml`` records,
and it answers the questions a secretary and a clerk ask of it."""

from __future__ import annotations

import datetime
import json
import runpy
from pathlib import Path
from typing import Any

import pytest

import policyversions as pv
from conftest import CORPUS

BUILD: dict[str, Any] = runpy.run_path(str(CORPUS / "build_repository.py"))
SFS = "sfs/2008-975"
SEED = "soderhamn/ledar-och-medarbetarpolicy"


@pytest.fixture(scope="module")
def corpus() -> pv.Repository:
    return pv.Repository.open(CORPUS)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("rebuilt") / "corpus"
    BUILD["build"](target)
    return target


def _index(root: Path, policy_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "policies" / policy_id / "index.json").read_text())
    for entry in data["revisions"]:
        # The only fields that depend on when it was built: the time, and the chain over it.
        del entry["recorded"], entry["chain"]
    return data


def _shape(policy: pv.Policy) -> list[tuple[object, ...]]:
    return [
        (
            type(node).__name__,
            *(
                getattr(node, f, None)
                for f in ("number", "heading", "label", "text", "lead_in", "wrap_up", "header")
            ),
        )
        for node in policy.walk()
    ]


def test_the_corpus_repository_verifies(corpus: pv.Repository) -> None:
    report = corpus.verify(deep=True)
    assert report.ok, report.problems
    assert report.orphans == ()
    assert corpus.policies() == [
        "contributor-covenant/en",
        "contributor-covenant/sv",
        "github/subprocessors",
        SFS,
        "sfs/2011-319",
        SEED,
    ]


def test_the_corpus_repository_is_what_history_toml_records(
    corpus: pv.Repository, rebuilt: Path
) -> None:
    history = BUILD["load_history"]()
    assert sum(len(corpus.log(p)) for p in corpus.policies()) == len(history)
    for policy_id in corpus.policies():
        assert _index(CORPUS, policy_id) == _index(rebuilt, policy_id), (
            f"{policy_id}: corpus/policies is out of date: run corpus/rebuild.sh"
        )
        for revision in corpus.log(policy_id):
            committed = corpus.policy_dir(policy_id) / revision.file
            fresh = rebuilt / "policies" / policy_id / revision.file
            assert committed.read_bytes() == fresh.read_bytes()


def test_each_revision_holds_its_source_text(corpus: pv.Repository) -> None:
    for entry in BUILD["load_history"]():
        revisions = corpus.log(entry["policy"])
        cited = pv.parse_decision(entry["decision"]).citation
        revision = next(r for r in revisions if r.decision.citation == cited)
        stored = corpus.read(revision)
        source = pv.load(CORPUS / entry["source"])
        assert stored.title == source.title
        assert stored.metadata == source.metadata
        assert _shape(stored) == _shape(source)  # the same text, whatever ids it carries


def test_sfs_amendment_adds_section_4_and_is_in_force_from_its_date(
    corpus: pv.Repository,
) -> None:
    first, second = corpus.log(SFS)
    assert str(second.decision) == (
        "Reviderad Regeringen 2024 (SFS 2024:1362), gäller från 2025-10-01"
    )
    assert second.late and second.effective == datetime.date(2025, 10, 1)
    changes = pv.diff(corpus.read(first), corpus.read(second)).changes
    added = [c for c in changes if c.kind == "added"]
    assert [c.node for c in added] == ["section"]
    (section,) = added[0].new_content
    assert isinstance(section, pv.Section)
    assert (section.number, section.heading) == ("4 §", None)  # a provision: number, no heading
    (items,) = [b for b in section.children if isinstance(b, pv.CommitmentList)]
    assert len(items.items) == 7
    assert {c.kind for c in changes} == {"added", "decisions_changed"}
    # Every node of the first consolidation keeps its id in the second.
    old_ids = {n.id for n in corpus.read(first).walk()}
    assert old_ids <= {n.id for n in corpus.read(second).walk()}
    assert corpus.at(SFS, "2025-06-30") is None
    assert corpus.at(SFS, "2025-09-30") == first
    assert corpus.at(SFS, "2025-10-01") == second


def test_blame_of_the_covenant_traces_text_back_to_version_1_4(corpus: pv.Repository) -> None:
    blame = corpus.blame("contributor-covenant/en")
    assert {entry.introduced.number for entry in blame} == {1, 2}  # 2.1 added no node
    harassment = next(e for e in blame if e.text == "Public or private harassment")
    assert (harassment.introduced.number, harassment.changed.number) == (1, 1)
    assert str(harassment.introduced.decision) == "Antagen Contributor Covenant 2016"
    # 2.1 added "caste, color" to the pledge, a paragraph 2.0 had rewritten from 1.4's.
    (pledge,) = [e for e in blame if "caste, color" in e.text]
    assert (pledge.introduced.number, pledge.changed.number) == (1, 3)
    guidelines = next(e for e in blame if e.text == "Enforcement Guidelines")
    assert guidelines.introduced.number == 2
