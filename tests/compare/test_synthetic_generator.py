"""The diff benchmark's generator: its ground truth must be consistent with the policies it builds.

If the generator lied (an id that does not exist, an "unchanged" item whose text changed, a count
that is not 5 %), every precision and recall the benchmark prints would be meaningless.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyversions import Commitment, CommitmentList, Policy, Section

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import synthetic
from synthetic import EDIT_KINDS, SyntheticPair, commitment_texts, make_pair


@pytest.fixture(scope="module")
def pair_1000() -> SyntheticPair:
    """The pair the benchmark uses at 1,000 commitments."""
    return make_pair(1000)


def _commitments(policy: Policy) -> dict[str, str]:
    return dict(commitment_texts(policy))


def _words(text: str) -> list[str]:
    return text.rstrip(".").replace(",", "").split()


def test_size_and_edit_share(pair_1000: SyntheticPair) -> None:
    assert len(_commitments(pair_1000.old)) == 1000
    assert len(pair_1000.edits) == 50  # 5 % of 1,000
    assert synthetic.edit_count(100) == 5
    assert synthetic.edit_count(50_000) == 2500


def test_every_kind_present_and_evenly_dealt(pair_1000: SyntheticPair) -> None:
    counts = Counter(edit.kind for edit in pair_1000.edits)
    assert set(counts) == set(EDIT_KINDS)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_deterministic_for_a_seed() -> None:
    first, again, other = make_pair(200, seed=3), make_pair(200, seed=3), make_pair(200, seed=4)
    assert first.old == again.old
    assert first.new == again.new
    assert first.edits == again.edits
    assert first.old != other.old


def test_sections_lists_and_sentence_lengths(pair_1000: SyntheticPair) -> None:
    sizes = []
    for block in pair_1000.old.body:
        assert isinstance(block, Section)
        lists = [child for child in block.children if isinstance(child, CommitmentList)]
        assert len(lists) == 1
        sizes.append(len(lists[0].items))
    assert min(sizes) >= synthetic.MIN_SECTION
    assert max(sizes) <= synthetic.MAX_SECTION
    assert any(
        len(block.children) > 1 for block in pair_1000.old.body if isinstance(block, Section)
    )
    lengths = [len(text.split()) for text in _commitments(pair_1000.old).values()]
    assert min(lengths) >= synthetic.MIN_WORDS
    assert max(lengths) <= synthetic.MAX_WORDS
    assert len(set(lengths)) >= 15  # varied, not one template length


def test_sentences_use_a_large_vocabulary_and_modals(pair_1000: SyntheticPair) -> None:
    texts = list(_commitments(pair_1000.old).values())
    assert len(set(texts)) == len(texts)
    used = {word.lower() for text in texts for word in _words(text)}
    assert len(used) >= 400
    assert len(synthetic.vocabulary()) >= 400
    modals = Counter(word for text in texts for word in text.split() if word in synthetic.MODALS)
    assert set(modals) == set(synthetic.MODALS)


def test_ids_exist_and_unchanged_items_are_unchanged(pair_1000: SyntheticPair) -> None:
    old, new = _commitments(pair_1000.old), _commitments(pair_1000.new)
    touched_old = [i for edit in pair_1000.edits for i in edit.old_ids]
    touched_new = [i for edit in pair_1000.edits for i in edit.new_ids]
    assert len(set(touched_old)) == len(touched_old)
    assert len(set(touched_new)) == len(touched_new)
    assert set(touched_old) <= set(old)
    assert set(touched_new) <= set(new)
    # Every old commitment is either untouched (same text somewhere in new) or in one edit.
    assert set(pair_1000.unchanged) | set(touched_old) == set(old)
    assert not set(pair_1000.unchanged) & set(touched_old)
    for old_id, new_id in pair_1000.unchanged.items():
        assert old[old_id] == new[new_id]
    # ... and every new commitment is untouched or produced by one edit.
    assert set(pair_1000.unchanged.values()) | set(touched_new) == set(new)
    # Fresh positional ids: the new policy numbers its items anew, so ids shift.
    assert any(old_id != new_id for old_id, new_id in pair_1000.unchanged.items())


def test_each_edit_kind_means_what_it_says(pair_1000: SyntheticPair) -> None:
    old, new = _commitments(pair_1000.old), _commitments(pair_1000.new)
    for edit in pair_1000.edits:
        arity = (len(edit.old_ids), len(edit.new_ids))
        if edit.kind == "reword":
            assert arity == (1, 1)
            before, after = _words(old[edit.old_ids[0]]), _words(new[edit.new_ids[0]])
            assert len(before) == len(after)
            assert 1 <= sum(a != b for a, b in zip(before, after, strict=True)) <= 3
        elif edit.kind == "insert":
            assert arity == (0, 1)
            assert new[edit.new_ids[0]] not in old.values()
        elif edit.kind == "delete":
            assert arity == (1, 0)
            assert old[edit.old_ids[0]] not in new.values()
        elif edit.kind == "move":
            assert arity == (1, 1)
            assert old[edit.old_ids[0]] == new[edit.new_ids[0]]
            assert _section(edit.old_ids[0]) != _section(edit.new_ids[0])
        elif edit.kind == "split":
            assert arity == (1, 2)
            first, second = (new[i] for i in edit.new_ids)
            assert _section(edit.new_ids[0]) == _section(edit.new_ids[1])
            assert set(_words(old[edit.old_ids[0]])) - {"och"} <= set(
                _words(first) + _words(second)
            )
        else:
            assert edit.kind == "merge"
            assert arity == (2, 1)
            first, second = (old[i] for i in edit.old_ids)
            merged = new[edit.new_ids[0]]
            assert merged.startswith(first.rstrip("."))
            assert merged.endswith(second[1:])


def _section(node_id: str) -> str:
    return node_id.split("__")[0]


def test_reword_keeps_word_classes() -> None:
    import random

    rng = random.Random(1)
    text = "Nämnden ska aktivt följa upp tydliga rutiner för verksamheten."
    changed = synthetic.reword(text, rng, 3)
    assert changed != text
    assert len(changed.split()) == len(text.split())
    assert changed.endswith(".")


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10_000), target=st.integers(min_value=0, max_value=40)
)
def test_sentences_stay_within_bounds(seed: int, target: int) -> None:
    import random

    sentence = synthetic.make_sentence(random.Random(seed), target)
    count = len(sentence.text.split())
    assert synthetic.MIN_WORDS <= count <= synthetic.MAX_WORDS
    assert sentence.text.endswith(".")
    assert sentence.modal in synthetic.MODALS + synthetic.RARE_MODALS
    if len(sentence.phrases) > 1:
        first, second = sentence.split(1)
        assert first.phrases + second.phrases == sentence.phrases
        assert second.text.startswith(f"{sentence.subject} {sentence.modal} även ")


def test_small_pairs_build_and_commitments_are_model_objects() -> None:
    pair = make_pair(100, seed=7)
    assert len(pair.edits) == 5
    assert all(isinstance(node, Commitment) for node in pair.new.walk() if "point" in node.id)
    with pytest.raises(ValueError, match="at least"):
        make_pair(5)


def test_benchmark_scorer_counts_matches_by_kind_and_ids(pair_1000: SyntheticPair) -> None:
    from diff_bench import REPORTED_KIND, score

    from policyversions.compare.changes import Change
    from policyversions.compare.policydiff import PolicyDiff

    perfect = PolicyDiff(
        changes=tuple(
            Change(
                kind=REPORTED_KIND[edit.kind],  # type: ignore[arg-type]
                node="commitment",
                old_ids=tuple(reversed(edit.old_ids)),  # order does not matter
                new_ids=edit.new_ids,
            )
            for edit in pair_1000.edits
        )
    )
    accuracy = score(pair_1000, perfect)
    assert accuracy.other == []
    for kind in EDIT_KINDS:
        assert accuracy.kinds[kind].precision == accuracy.kinds[kind].recall == 1.0
    # A split reported as a rewording plus an addition is a miss for split and a false
    # positive for reword and insert.
    split = pair_1000.edits_of("split")[0]
    others = tuple(c for c in perfect.changes if set(c.old_ids) != set(split.old_ids))
    wrong = (
        Change(
            kind="reworded", node="commitment", old_ids=split.old_ids, new_ids=split.new_ids[:1]
        ),
        Change(kind="added", node="commitment", new_ids=split.new_ids[1:]),
    )
    accuracy = score(pair_1000, PolicyDiff(changes=others + wrong))
    split_score = accuracy.kinds["split"]
    assert split_score.recall == (split_score.true - 1) / split_score.true
    assert accuracy.kinds["reword"].precision < 1.0
    assert accuracy.kinds["insert"].precision < 1.0
    assert split_score.missed == [split]
