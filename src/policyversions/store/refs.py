"""Naming revisions (``POLICY@REV``) and finding the repository.

A *ref* is ``POLICY`` (the latest revision) or ``POLICY@REV``, where ``REV`` is

* a revision number: ``3``;
* a date ``YYYY-MM-DD``: the revision in force on that day;
* a decision, as a slug (``KF-2007-06-18-118``) or as text (``KF 2007-06-18 § 118``): the
  revision recorded under that decision (see :func:`~policyversions.store.decisions.same_decision`).

The repository is, in this order: the directory given explicitly, else the one named by the
environment variable :data:`ENVIRONMENT_VARIABLE`, else the nearest directory, from the
current one upwards, that holds the marker file :data:`MARKER` (as git finds ``.git``).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from ..errors import DecisionError
from ..importers.decision_text import parse_decision
from ..model import Decision
from .errors import StoreError
from .slugs import check_policy_id

MARKER: Final = "policyversions.json"
ENVIRONMENT_VARIABLE: Final = "POLICYVERSIONS_REPO"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

Rev = int | datetime.date | Decision


def parse_rev(text: str) -> Rev:
    """Read the ``REV`` of a ref: a number, a date or a decision (module docstring)."""
    text = text.strip()
    if text.isdigit() and text.isascii():
        number = int(text)
        if number < 1:
            raise StoreError("revision numbers start at 1", repr(text))
        return number
    if _DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise StoreError(f"impossible date {text}") from None
    try:
        return parse_decision(text)
    except DecisionError as error:
        raise StoreError(
            f"cannot read revision {text!r}: use a number, a date YYYY-MM-DD or a decision "
            f"such as KF-2007-06-18-118 ({error.what})"
        ) from None


def parse_ref(text: str) -> tuple[str, Rev | None]:
    """Split ``POLICY[@REV]`` into a checked policy id and the revision (``None``: latest)."""
    policy_id, at, rev = text.partition("@")
    check_policy_id(policy_id)
    if not at:
        return policy_id, None
    if not rev.strip():
        raise StoreError("missing revision after '@'", repr(text))
    return policy_id, parse_rev(rev)


def is_repository(path: Path) -> bool:
    """Whether *path* is a directory holding the repository marker file."""
    return (path / MARKER).is_file()


def find_root(
    explicit: str | os.PathLike[str] | None = None,
    *,
    start: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """Return the repository directory (module docstring) or raise :class:`StoreError`."""
    environ = os.environ if environ is None else environ
    chosen = explicit if explicit is not None else environ.get(ENVIRONMENT_VARIABLE) or None
    if chosen is not None:
        path = Path(chosen)
        if not is_repository(path):
            how = "" if explicit is not None else f" (from {ENVIRONMENT_VARIABLE})"
            raise StoreError(f"not a policyversions repository{how}: no {MARKER}", str(path))
        return path
    here = Path(start if start is not None else os.getcwd()).resolve()
    for directory in (here, *here.parents):
        if is_repository(directory):
            return directory
    raise StoreError(
        "no policyversions repository here or in any parent directory: run "
        f"'policyversions init', give --repo DIR or set {ENVIRONMENT_VARIABLE}",
        str(here),
    )


__all__ = [
    "ENVIRONMENT_VARIABLE",
    "MARKER",
    "Rev",
    "find_root",
    "is_repository",
    "parse_ref",
    "parse_rev",
]
