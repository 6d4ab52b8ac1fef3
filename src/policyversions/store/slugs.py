"""Policy ids: the names policies are stored under.

A policy id is one or more *parts* joined by ``/`` (for grouping, e.g.
``soderhamn/ledar-och-medarbetarpolicy``). A part is lowercase ASCII letters and digits in
words joined by single ``-`` (``[a-z0-9]+(-[a-z0-9]+)*``): no upper case, no ``.``, no ``_``,
no leading, trailing or doubled ``-``. Hence no id can be empty, absolute (``/etc``), climb out
of the repository (``..``, ``a/./b``), hold an empty part (``a//b``) or clash with the files the
store keeps beside a policy's revisions (those names all hold a ``.``). An id is at most
:data:`MAX_POLICY_ID_LENGTH` characters and :data:`MAX_PARTS` parts.
"""

from __future__ import annotations

import re
from typing import Final

from .errors import StoreError

MAX_POLICY_ID_LENGTH: Final = 200
MAX_PARTS: Final = 8
_PART = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_policy_id(policy_id: object) -> str:
    """Return *policy_id* if it is a valid policy id, else raise :class:`StoreError`.

    >>> check_policy_id("soderhamn/ledar-och-medarbetarpolicy")
    'soderhamn/ledar-och-medarbetarpolicy'
    """
    if not isinstance(policy_id, str):
        raise StoreError(f"a policy id must be text, got {type(policy_id).__name__}")
    shown = policy_id if len(policy_id) <= 80 else policy_id[:77] + "..."
    if not policy_id:
        raise StoreError("empty policy id: use lowercase letters, digits and '-', e.g. 'it-policy'")
    if len(policy_id) > MAX_POLICY_ID_LENGTH:
        raise StoreError(
            f"policy id too long ({len(policy_id)} characters, at most {MAX_POLICY_ID_LENGTH})",
            repr(shown),
        )
    if policy_id.startswith("/"):
        raise StoreError("a policy id must not be an absolute path", repr(shown))
    parts = policy_id.split("/")
    if len(parts) > MAX_PARTS:
        raise StoreError(f"a policy id has at most {MAX_PARTS} parts", repr(shown))
    for part in parts:
        if part == "":
            raise StoreError(
                "a policy id must not hold an empty part ('//' or '/' at the end)", repr(shown)
            )
        if part in (".", ".."):
            raise StoreError(f"a policy id must not hold {part!r}", repr(shown))
        if _PART.fullmatch(part) is None:
            raise StoreError(
                f"invalid policy id part {part!r}: use lowercase letters a-z, digits and single "
                "'-' between them; '/' separates groups",
                repr(shown),
            )
    return policy_id


def is_policy_id(text: str) -> bool:
    """Whether *text* is a valid policy id."""
    try:
        check_policy_id(text)
    except StoreError:
        return False
    return True


__all__ = ["MAX_PARTS", "MAX_POLICY_ID_LENGTH", "check_policy_id", "is_policy_id"]
