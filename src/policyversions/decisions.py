"""Decision references: which body adopted or revised a policy, when, and under which item.

(The parser :func:`parse_decision` is completed in this module; see its docstring.)
"""

from __future__ import annotations

import datetime
import enum

import attrs

from .errors import DecisionError


class Action(enum.Enum):
    """What a decision did to a policy. Values are the canonical Swedish participles."""

    ADOPTED = "antagen"
    REVISED = "reviderad"
    ESTABLISHED = "fastställd"
    DECIDED = "beslutad"
    REPEALED = "upphävd"


@attrs.frozen
class Organ:
    """The body that decided: an abbreviation and/or a full name.

    Known municipal organs carry both (``KF``, ``kommunfullmäktige``); an unknown organ is kept
    as free text in ``name`` so that non-municipal documents fit.
    """

    abbreviation: str | None = None
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.abbreviation and not self.name:
            raise DecisionError("an organ needs an abbreviation or a name")

    def __str__(self) -> str:
        return self.abbreviation or self.name or ""


@attrs.frozen
class Decision:
    """A decision reference such as ``Reviderad KF 2007-06-18 § 118``.

    ``date`` is the meeting date; some citations give only the year (``KF § 118/2007``), in which
    case ``date`` is ``None`` and ``year`` holds the year. ``item`` is the paragraph (§) number of
    the minutes, ``case_number`` the diarienummer (without the ``Dnr`` prefix).
    """

    organ: Organ
    year: int
    date: datetime.date | None = None
    item: int | None = None
    case_number: str | None = None
    action: Action | None = None

    def __attrs_post_init__(self) -> None:
        if self.date is not None and self.date.year != self.year:
            raise DecisionError(f"year {self.year} does not match date {self.date.isoformat()}")
        if self.item is not None and self.item <= 0:
            raise DecisionError(f"§ must be a positive number, got {self.item}")


def parse_decision(text: str) -> Decision:
    """Parse a decision reference. Placeholder until the parser lands."""
    raise DecisionError("decision parsing is not implemented yet", repr(text))
