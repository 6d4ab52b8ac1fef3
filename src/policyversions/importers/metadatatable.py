"""The metadata table many municipal templates put first: which rows it has, and what they
mean for the policy's :class:`~policyversions.model.Metadata` and decisions.

Any importer that finds a table of labels and values (the first table of a Word document, the
label/value lines on a PDF's first page) hands its rows to :func:`metadata_pairs`, which says
whether they make a metadata table, and then to :func:`read_metadata_table`. Labels are
compared without case, trailing ``:`` or extra spaces; Swedish and English forms:

=============== ==========================================================================
field           labels
=============== ==========================================================================
title           Titel, Dokumentnamn, Dokumenttitel, Namn, Title, Document title
document_type   Dokumenttyp, Typ av dokument, Dokumentkategori, Document type
organ           Beslutad av, Fastställd av, Antagen av, Reviderad av, Beslutsinstans,
                Beslutande organ, Beslutande, Decided by, Adopted by, Approved by
date            Beslutsdatum, Datum för beslut, Beslutad datum, Fastställd datum, Datum,
                Decision date, Date of decision, Date
item            Paragraf, §, Beslutsparagraf, Paragrafnummer, Protokollsparagraf, Item
case_number     Diarienummer, Dnr, Diarienr, Ärendenummer, Case number, Reference number
action          Beslutstyp, Typ av beslut, Beslut (Antagen, Revidering, Fastställd, ...)
adopted         Antagen, Antagen datum, Första beslut, Adopted (a date, or a decision)
revised         Reviderad, Senast reviderad, Reviderad datum, Revised, Last revised
owner           Dokumentansvarig, Ansvarig, Dokumentägare, Ägare, Owner, Document owner
scope           Omfattning, Gäller för, Målgrupp, Scope, Applies to
valid_from      Gäller från, Gäller fr.o.m., Giltig från, Giltig fr.o.m., Ikraftträdande,
                Valid from, Effective from
valid_until     Gäller till och med, Gäller t.o.m., Gäller till, Giltig till, Giltig t.o.m.,
                Valid until, Valid to
review_by       Revideras, Revideras senast, Ska revideras senast, Revidering, Review by,
                Next review
replaces        Ersätter, Replaces, Supersedes (one entry per line of the cell)
=============== ==========================================================================

The organ, date, item and case number make one decision, read by
:func:`~policyversions.importers.decision_text.parse_decision` from the citation they spell
together (``Fastställd av Kommunfullmäktige 2007-06-18 § 118 (Dnr KS 2007/12)``); the action
comes from the organ's label (*Fastställd av*: fastställd; *Beslutad av*, *Beslutsinstans*:
beslutad) unless a *Beslutstyp* row names it. An *Antagen* or *Reviderad* row holding a date
dates that decision (with that action) when no *Beslutsdatum* does, else it is a decision of its
own by the same organ; one holding a whole decision (``KF 2005-03-21 § 34``) is that decision.
Date fields need a date (``2020-01-01``, ``1 januari 2020``): another value (``Årligen``) is
kept, with every row of another label, in ``Metadata.extra`` under its label as written. A
decision that does not read is an error; a lenient import keeps its rows in ``extra`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import attrs

from ..errors import ParseError, PolicyVersionsError
from ..model import Action, Decision, Metadata, normalize
from .decision_text import ACTION_WORDS, parse_date, parse_decision
from .grammar import chronological, decision_history
from .repairs import Repairs

_LABELS: Final[dict[str, tuple[str, ...]]] = {
    "title": ("titel", "dokumentnamn", "dokumenttitel", "namn", "title", "document title"),
    "document_type": (
        "dokumenttyp",
        "typ av dokument",
        "dokumentkategori",
        "document type",
        "type of document",
    ),
    "organ": (
        "beslutad av",
        "fastställd av",
        "antagen av",
        "reviderad av",
        "beslutsinstans",
        "beslutande organ",
        "beslutande",
        "beslutsfattare",
        "decided by",
        "adopted by",
        "approved by",
        "revised by",
    ),
    "date": (
        "beslutsdatum",
        "datum för beslut",
        "beslutad datum",
        "beslutad den",
        "fastställd datum",
        "fastställd den",
        "datum",
        "decision date",
        "date of decision",
        "date",
    ),
    "item": (
        "paragraf",
        "§",
        "beslutsparagraf",
        "paragrafnummer",
        "protokollsparagraf",
        "item",
    ),
    "case_number": (
        "diarienummer",
        "dnr",
        "diarienr",
        "ärendenummer",
        "case number",
        "reference number",
    ),
    "action": ("beslutstyp", "typ av beslut", "beslut", "type of decision"),
    "adopted": ("antagen", "antagen datum", "antagen den", "första beslut", "adopted"),
    "revised": (
        "reviderad",
        "senast reviderad",
        "reviderad datum",
        "reviderad den",
        "revised",
        "last revised",
    ),
    "owner": (
        "dokumentansvarig",
        "ansvarig",
        "dokumentägare",
        "ägare",
        "ansvarig för dokumentet",
        "owner",
        "document owner",
    ),
    "scope": ("omfattning", "gäller för", "målgrupp", "scope", "applies to"),
    "valid_from": (
        "gäller från",
        "gäller fr.o.m.",
        "gäller från och med",
        "giltig från",
        "giltig fr.o.m.",
        "ikraftträdande",
        "träder i kraft",
        "valid from",
        "effective from",
    ),
    "valid_until": (
        "gäller till och med",
        "gäller t.o.m.",
        "gäller till",
        "giltig till",
        "giltig t.o.m.",
        "giltig till och med",
        "valid until",
        "valid to",
    ),
    "review_by": (
        "revideras",
        "revideras senast",
        "ska revideras senast",
        "revidering",
        "review by",
        "next review",
    ),
    "replaces": ("ersätter", "replaces", "supersedes"),
}
_FIELD_OF: Final = {label: field for field, labels in _LABELS.items() for label in labels}
_ORGAN_ACTIONS: Final = {
    "beslutad av": Action.DECIDED,
    "fastställd av": Action.ESTABLISHED,
    "antagen av": Action.ADOPTED,
    "reviderad av": Action.REVISED,
    "beslutsinstans": Action.DECIDED,
    "beslutande organ": Action.DECIDED,
    "beslutande": Action.DECIDED,
    "beslutsfattare": Action.DECIDED,
    "decided by": Action.DECIDED,
    "adopted by": Action.ADOPTED,
    "approved by": Action.ESTABLISHED,
    "revised by": Action.REVISED,
}
_ACTION_NOUNS: Final = {
    "antagande": Action.ADOPTED,
    "nytt dokument": Action.ADOPTED,
    "ny": Action.ADOPTED,
    "revidering": Action.REVISED,
    "ändring": Action.REVISED,
    "fastställelse": Action.ESTABLISHED,
    "upphävande": Action.REPEALED,
}
_DATE_FIELDS: Final = ("valid_from", "valid_until", "review_by")
_DECISION_FIELDS: Final = ("organ", "date", "item", "case_number", "action")
_MAX_LABEL: Final = 60

Pair = tuple[str, tuple[str, ...]]
"""A label as written and the lines of its value."""


def label_key(text: str) -> str:
    """A label as compared: case folded, single spaces, without a trailing ``:`` or ``.``
    (``Beslutad av:`` → ``beslutad av``)."""
    folded = normalize(text).casefold().rstrip(":").strip()
    return folded if folded.endswith(("fr.o.m.", "t.o.m.")) else folded.rstrip(".").strip()


def is_label(text: str) -> bool:
    """Whether *text* is one of the labels of a metadata table."""
    return label_key(text) in _FIELD_OF


def metadata_pairs(rows: Sequence[Sequence[Sequence[str]]]) -> list[Pair] | None:
    """The label/value pairs of a table (rows of cells of lines) if it is a metadata table, else
    ``None``.

    A row of two cells is a label and its value, a row of four two pairs; a row whose cells
    are all labels names the values in the row below, cell by cell; a cell whose first line is
    a label holds its value in the lines below it, and one written ``Label: value`` both. It is
    a metadata table when at least two labels are known ones and they are at least half of
    its pairs.
    """
    pairs: list[Pair] = []
    index = 0
    while index < len(rows):
        cells = [tuple(line for line in cell if line.strip()) for cell in rows[index]]
        filled = [cell for cell in cells if cell]
        below = rows[index + 1] if index + 1 < len(rows) else None
        if (
            len(filled) >= 2
            and all(len(cell) == 1 and is_label(cell[0]) for cell in filled)
            and below is not None
            and len(below) == len(cells)
        ):
            for cell, value in zip(cells, below, strict=True):
                if cell:
                    pairs.append((cell[0], tuple(line for line in value if line.strip())))
            index += 2
            continue
        pairs.extend(_row_pairs(cells))
        index += 1
    known = sum(1 for label, _ in pairs if is_label(label))
    if known < 2 or known * 2 < len(pairs):
        return None
    return pairs


def _row_pairs(cells: list[tuple[str, ...]]) -> list[Pair]:
    if all(len(cell) <= 1 for cell in cells) and len(cells) % 2 == 0 and cells:
        labels = cells[0::2]
        if all(cell and len(cell[0]) <= _MAX_LABEL for cell in labels):
            return [(label[0], value) for label, value in zip(labels, cells[1::2], strict=True)]
    pairs: list[Pair] = []
    for cell in cells:
        if not cell:
            continue
        if is_label(cell[0]) and len(cell) > 1:
            pairs.append((cell[0], cell[1:]))
            continue
        label, colon, value = cell[0].partition(":")
        if colon and is_label(label):
            pairs.append((label, tuple(line for line in (value, *cell[1:]) if line.strip())))
        else:
            pairs.append((cell[0], cell[1:]))
    return pairs


@attrs.frozen
class MetadataTable:
    """What a metadata table says: metadata, decisions (oldest first) and perhaps a title."""

    metadata: Metadata
    decisions: tuple[Decision, ...]
    title: str | None


def read_metadata_table(pairs: Sequence[Pair], repairs: Repairs, where: str) -> MetadataTable:
    """Read the pairs of a metadata table (see the module docstring); *where* names the table
    in errors (``policy.docx, table 1``)."""
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    decision_rows: dict[str, tuple[str, str]] = {}  # field -> (label, value)
    history_rows: list[tuple[str, str, str]] = []  # (field, label, value)
    title: str | None = None
    for label, lines in pairs:
        key = label_key(label)
        field = _FIELD_OF.get(key)
        value = normalize(" ".join(lines))
        written = normalize(label).rstrip(":").strip() or label
        if field is None or not value:
            if value or field is None:
                extra.append(_unique(extra, written, value))
            continue
        if field == "title" and title is None:
            title = value
        elif field in _DECISION_FIELDS and field not in decision_rows:
            decision_rows[field] = (key, value)
        elif field in ("adopted", "revised"):
            history_rows.append((field, written, value))
        elif field in _DATE_FIELDS and field not in fields:
            date = parse_date(value)
            if date is None:
                extra.append(_unique(extra, written, value))
            else:
                fields[field] = date
        elif field == "replaces" and field not in fields:
            fields[field] = tuple(normalize(line) for line in lines if normalize(line))
        elif field in ("document_type", "owner", "scope") and field not in fields:
            fields[field] = value
        else:
            extra.append(_unique(extra, written, value))
    decisions = _decisions(decision_rows, history_rows, repairs, where, extra)
    return MetadataTable(Metadata(**fields, extra=tuple(extra)), decisions, title)


def _unique(extra: list[tuple[str, str]], key: str, value: str) -> tuple[str, str]:
    taken = {name for name, _ in extra}
    name, number = key, 2
    while name in taken:
        name, number = f"{key} ({number})", number + 1
    return name, value


def _decisions(
    rows: dict[str, tuple[str, str]],
    history: list[tuple[str, str, str]],
    repairs: Repairs,
    where: str,
    extra: list[tuple[str, str]],
) -> tuple[Decision, ...]:
    found: list[Decision] = []
    organ = rows.get("organ")
    action = _ORGAN_ACTIONS.get(organ[0]) if organ else None
    if "action" in rows:
        action = _action(rows["action"][1]) or action
    date = rows["date"][1] if "date" in rows else None
    pending: list[tuple[Action, str, str]] = []
    for field, label, value in history:
        row_action = Action.ADOPTED if field == "adopted" else Action.REVISED
        if parse_date(value) is not None and date is None and organ is not None:
            date, action = value, row_action
        else:
            pending.append((row_action, label, value))
    if organ is not None or date is not None:
        citation = _citation(action, organ[1] if organ else None, date, rows)
        try:
            found.append(parse_decision(citation))
        except PolicyVersionsError as error:
            _keep(repairs, where, f"the decision in the metadata table ({citation!r}) cannot "
                  f"be read: {error.what}", extra, [rows[key] for key in rows])
    for row_action, label, value in pending:
        decisions = _history(row_action, organ[1] if organ else None, value)
        if decisions is None:
            _keep(repairs, where, f"the metadata table's {label!r} is not a date or a decision: "
                  f"{value!r}", extra, [(label, value)])
        else:
            found.extend(decisions)
    return chronological(found)


def _citation(
    action: Action | None, organ: str | None, date: str | None, rows: dict[str, tuple[str, str]]
) -> str:
    parts = [action.value.capitalize() if action else "", organ or "", date or ""]
    if "item" in rows:
        item = rows["item"][1].strip()
        parts.append(item if item.startswith("§") else f"§ {item}")
    if "case_number" in rows:
        parts.append(f"(Dnr {rows['case_number'][1]})")
    return " ".join(part for part in parts if part)


def _history(action: Action, organ: str | None, value: str) -> tuple[Decision, ...] | None:
    candidates = [value]
    if organ is not None:
        candidates.append(f"{organ} {value}")
    for text in candidates:
        found = decision_history(f"{action.value.capitalize()} {text}")
        if found is not None:
            return found
    return None


def _action(text: str) -> Action | None:
    word = normalize(text).casefold().rstrip(".")
    return _ACTION_NOUNS.get(word) or ACTION_WORDS.get(word)


def _keep(
    repairs: Repairs,
    where: str,
    problem: str,
    extra: list[tuple[str, str]],
    rows: list[tuple[str, str]],
) -> None:
    repairs.repair(
        "metadata table",
        problem,
        where,
        does="keeps its rows as text in the metadata",
        did="kept as text in the metadata",
        error=ParseError,
    )
    for label, value in rows:
        extra.append(_unique(extra, label, value))


__all__ = [
    "MetadataTable",
    "is_label",
    "label_key",
    "metadata_pairs",
    "read_metadata_table",
]
