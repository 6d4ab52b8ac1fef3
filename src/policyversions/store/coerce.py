"""The arguments of :meth:`Repository.record`, :meth:`~Repository.repeal` and
:meth:`~Repository.at` as a caller gives them (a :class:`~policyversions.model.Decision` or its
text, a date or ``YYYY-MM-DD``, a note), checked and made values; anything else is one
:class:`~policyversions.store.errors.StoreError` (or :class:`~policyversions.errors.DecisionError`)
line naming the option it came from.
"""

from __future__ import annotations

import datetime

from ..errors import DecisionError, PolicyVersionsError
from ..importers.decision_text import parse_decision
from ..model import Decision, normalize
from .errors import StoreError
from .revision import MAX_NOTE_LENGTH


def as_decision(decision: Decision | str) -> Decision:
    """*decision* itself, or the decision its text names (:func:`parse_decision`)."""
    if isinstance(decision, Decision):
        return decision
    if isinstance(decision, str):
        try:
            return parse_decision(decision)
        except DecisionError as error:
            raise DecisionError(f"the decision (--decision): {error.what}", error.where) from None
    raise StoreError(f"a decision must be a Decision or text, got {type(decision).__name__}")


def as_date(value: datetime.date | str | None, what: str) -> datetime.date | None:
    """*value* as a date (``None`` stays ``None``); *what* names it in the error."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise StoreError(f"{what} must be a date YYYY-MM-DD, got {value!r}") from None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    raise StoreError(f"{what} must be a date, got {value!r}")


def as_note(note: str | None) -> str | None:
    """*note* normalised, at most :data:`~policyversions.store.revision.MAX_NOTE_LENGTH`
    characters; ``None`` for none or an empty one."""
    if note is None:
        return None
    if not isinstance(note, str):
        raise StoreError(f"a note must be text, got {type(note).__name__}")
    try:
        text = normalize(note)
    except PolicyVersionsError as error:
        raise StoreError(f"the note (--note) {error.what}") from None
    if len(text) > MAX_NOTE_LENGTH:
        raise StoreError(
            f"the note (--note) is {len(text)} characters long, at most {MAX_NOTE_LENGTH}"
        )
    return text or None


__all__ = ["as_date", "as_decision", "as_note"]
