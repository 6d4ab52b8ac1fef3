"""Naming revisions (``POLICY@REV``) and finding the repository.

A *ref* is ``POLICY`` (the latest revision) or ``POLICY@REV``, where ``REV`` is

* a revision number: ``3``;
* a date ``YYYY-MM-DD``: the revision in force on that day;
* a decision, as a slug (``KF-2007-06-18-118``) or as text (``KF 2007-06-18 § 118``): the
  revision recorded under that decision (see :func:`same_decision`).

The repository is, in this order: the directory given explicitly, else the one named by the
environment variable :data:`ENVIRONMENT_VARIABLE`, else the nearest directory, from the
current one upwards, that holds the marker file :data:`MARKER` (as git finds ``.git``).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Mapping
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


_ORGAN_SLUGS: dict[tuple[str | None, str | None], str] = {}
"""Organ slugs by (abbreviation, name), the fields the slug depends on: folding Unicode is
worth doing once per organ. Bounded by :data:`_MAX_ORGAN_SLUGS`."""
_MAX_ORGAN_SLUGS: Final = 4096


def decision_key(decision: Decision) -> tuple[str, int, int | None]:
    """The organ (as in the slug), year and item of *decision*: two decisions are the same
    (:func:`same_decision`) only if their keys are equal, so a dict by key finds candidates."""
    organ = decision.organ
    pair = (organ.abbreviation, organ.name)
    slug = _ORGAN_SLUGS.get(pair)
    if slug is None:
        if len(_ORGAN_SLUGS) >= _MAX_ORGAN_SLUGS:
            _ORGAN_SLUGS.clear()
        slug = _ORGAN_SLUGS[pair] = organ.slug
    return (slug, decision.year, decision.item)


def same_decision(a: Decision, b: Decision) -> bool:
    """Whether *a* and *b* cite the same decision: equal slugs, or, when one gives only a year,
    the same organ, year and item.

    Equal slugs mean equal organ slug, date (or year) and item, so this is: equal
    :func:`decision_key` and, when both give a date, the same date.
    """
    if a.date is not None and b.date is not None and (a.date != b.date or a.item != b.item):
        return False  # the common case, decided without building any slug
    return a.item == b.item and a.year == b.year and decision_key(a) == decision_key(b)


class DecisionTable:
    """A list of decisions searched by :func:`same_decision` in constant time, through a dict
    by :func:`decision_key` (the same decisions have the same key).

    ``decisions`` is the list, in order of :meth:`add`; :meth:`replace` puts another form of the
    same decision at a position.
    """

    def __init__(self, decisions: Iterable[Decision] = ()) -> None:
        self.decisions: list[Decision] = []
        self._by_key: dict[tuple[str, int, int | None], list[int]] = {}
        for decision in decisions:
            self.add(decision)

    def add(self, decision: Decision) -> int:
        """Append *decision* and return its position."""
        position = len(self.decisions)
        self.decisions.append(decision)
        self._by_key.setdefault(decision_key(decision), []).append(position)
        return position

    def replace(self, position: int, decision: Decision) -> None:
        """Put *decision*, the same decision as the one at *position*, in its place."""
        self.decisions[position] = decision

    def find_all(self, decision: Decision) -> list[int]:
        """The positions of the decisions that are the same as *decision*, in order."""
        date = decision.date
        decisions = self.decisions
        return [
            position
            for position in self._by_key.get(decision_key(decision), ())
            if date is None or decisions[position].date is None or decisions[position].date == date
        ]

    def find(self, decision: Decision) -> int | None:
        """The position of the first decision that is the same as *decision*, or ``None``."""
        found = self.find_all(decision)
        return found[0] if found else None

    def __contains__(self, decision: object) -> bool:
        return isinstance(decision, Decision) and bool(self.find_all(decision))


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
    "DecisionTable",
    "Rev",
    "decision_key",
    "find_root",
    "is_repository",
    "parse_ref",
    "parse_rev",
    "same_decision",
]
