"""Policy ids: what the store accepts as a name, and everything it refuses."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyversions.store import StoreError, check_policy_id, is_policy_id

_WORD = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
_PART = st.lists(_WORD, min_size=1, max_size=3).map("-".join)
POLICY_IDS = st.lists(_PART, min_size=1, max_size=3).map("/".join)


@pytest.mark.parametrize(
    "policy_id",
    ["it-policy", "soderhamn/ledar-och-medarbetarpolicy", "a", "2019/plan-3", "a/b/c"],
)
def test_valid_ids_are_returned_unchanged(policy_id: str) -> None:
    assert check_policy_id(policy_id) == policy_id


@pytest.mark.parametrize(
    ("policy_id", "message"),
    [
        ("", "empty policy id"),
        ("../x", "'..'"),
        ("a/../b", "'..'"),
        ("/etc", "absolute"),
        ("/etc/passwd", "absolute"),
        ("a//b", "empty part"),
        ("a/", "empty part"),
        ("A", "invalid policy id part 'A'"),
        ("a/./b", "'.'"),
        (".", "'.'"),
        ("a b", "invalid policy id part"),
        ("a_b", "invalid policy id part"),
        ("-a", "invalid policy id part"),
        ("a-", "invalid policy id part"),
        ("a--b", "invalid policy id part"),
        ("a\\b", "invalid policy id part"),
        ("a.xml", "invalid policy id part"),
        ("index.json", "invalid policy id part"),
        ("å", "invalid policy id part"),
        ("a\x00", "invalid policy id part"),
        ("x" * 201, "too long"),
        ("/".join("a" * 9), "at most 8 parts"),
    ],
)
def test_invalid_ids_are_refused_with_a_clear_message(policy_id: str, message: str) -> None:
    with pytest.raises(StoreError, match=r"policy id|absolute|parts") as error:
        check_policy_id(policy_id)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not is_policy_id(policy_id)


def test_non_text_is_refused() -> None:
    with pytest.raises(StoreError, match="must be text"):
        check_policy_id(3)


@given(POLICY_IDS)
def test_generated_ids_are_valid(policy_id: str) -> None:
    assert is_policy_id(policy_id)


@given(st.text(max_size=30))
def test_a_valid_id_never_escapes_or_clashes(text: str) -> None:
    if is_policy_id(text):
        parts = text.split("/")
        assert all(part and part not in (".", "..") for part in parts)
        assert not text.startswith("/")
        assert "." not in text  # the store's own files all hold a "."
        assert text == text.lower()
        assert text.isascii()
