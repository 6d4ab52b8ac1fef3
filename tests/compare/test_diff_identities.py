"""Property tests: the diff identities hold for random revisions."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from edit_strategies import policies, revisions
from policyversions.compare.differ import diff
from policyversions.compare.patch import apply
from policyversions.compare.policydiff import PolicyDiff
from policyversions.model import Policy


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@_settings(25)
@given(policies())
def test_diff_of_a_policy_with_itself_is_empty(policy: Policy) -> None:
    result = diff(policy, policy)
    assert result.is_empty
    assert result.changes == ()
    assert apply(policy, result) == policy


@_settings(60)
@given(revisions())
def test_identities_hold_for_edited_revisions(pair: tuple[Policy, Policy]) -> None:
    old, new = pair
    result = diff(old, new)
    assert apply(old, result) == new
    assert apply(new, result.inverted()) == old
    assert result.is_empty == (old == new)
    again = PolicyDiff.from_json(result.to_json())
    assert again == result
    assert again.to_dict() == result.to_dict()
    old_ids = {node.id for node in old.walk()}
    new_ids = {node.id for node in new.walk()}
    for change in result.changes:
        assert set(change.old_ids) <= old_ids
        assert set(change.new_ids) <= new_ids
        if change.node != "policy":
            assert change.old_ids or change.new_ids
    assert result.summary().total == len(result.changes)


@_settings(25)
@given(policies(), policies())
def test_identities_hold_between_unrelated_policies(old: Policy, new: Policy) -> None:
    result = diff(old, new)
    assert apply(old, result) == new
    assert apply(new, result.inverted()) == old
