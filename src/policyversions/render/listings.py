"""The listings of the revision store as text tables and JSON: ``log``, ``blame``, ``history``,
``policies``, and the line ``record`` prints.

Every table has a header row, in Swedish or English (:mod:`~policyversions.render.words`,
table ``listings``), and shows when each revision held: its status on the day asked about
(*i kraft*, *ersatt*, *upphävd*, *ännu ej i kraft*; :func:`policyversions.store.history.periods`)
and from when until when. Columns are padded to their widest cell; the last column (a text) is
cut at 60 characters with an ellipsis. Notes and warnings kept with a revision follow its row,
indented.

The JSON forms hold data, not words: statuses as keys (``in_force``, ``superseded``, ...), dates
as ``YYYY-MM-DD``; they are documented on each function.

>>> from policyversions.render.listings import table
>>> print(table(["Nr", "Text"], [["1", "a"], ["10", "b"]]), end="")
Nr  Text
1   a
10  b
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..store.history import BlameEntry, NodeVersion, Period, PolicySummary
from ..store.revision import Revision
from .words import words_for

_TEXT_WIDTH = 60


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """*rows* under *headers*, each column padded to its widest cell, two spaces apart; the
    last column is not padded. Lines end with a line break."""
    widths = [len(header) for header in headers]
    for row in rows:
        for column, cell in enumerate(row[:-1]):
            widths[column] = max(widths[column], len(cell))
    lines = []
    for row in (list(headers), *rows):
        cells = [cell.ljust(widths[column]) for column, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int = _TEXT_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _date(day: datetime.date | None, words: Mapping[str, str]) -> str:
    return words["none"] if day is None else day.isoformat()


def _changes(revision: Revision, words: Mapping[str, str]) -> str:
    changes = revision.changes
    if not changes.touched():
        return words["none"]
    return words["changes_summary"].format(
        added=len(changes.added),
        changed=len(changes.changed),
        editorial=len(changes.editorial),
        moved=len(changes.moved),
        removed=len(changes.removed),
    )


def status_word(status: str, lang: str) -> str:
    """The word for a status (``in_force`` -> ``i kraft`` / ``in force``)."""
    return words_for(lang).listings[f"status_{status}"]


def recorded_line(revision: Revision, *, lang: str = "sv") -> str:
    """What ``record`` and ``repeal`` print: the ref, the decision with when it takes effect,
    and (for a record) what it changed."""
    words = words_for(lang).listings
    decision = revision.decision.citation
    if revision.effective is not None:
        effective = words_for(lang).page["effective"].format(date=revision.effective.isoformat())
        decision = f"{decision}, {effective}"
    if revision.repeals:
        return words["repealed_line"].format(ref=revision.ref, decision=decision)
    return words["recorded_line"].format(
        ref=revision.ref, decision=decision, changes=_changes(revision, words)
    )


def render_log(
    policy_id: str, revisions: Sequence[Revision], periods: Sequence[Period], *, lang: str = "sv"
) -> str:
    """The revisions of *policy_id* as a table, oldest first: number, decision, status, from,
    until, time recorded and what changed; each revision's note and warnings below its row.
    *periods* are those of :func:`~policyversions.store.history.periods`, in the same order."""
    words = words_for(lang).listings
    title = revisions[-1].title if revisions else ""
    head = words["log_title"].format(policy=policy_id, title=title) + "\n\n"
    headers = [
        words[key] for key in ("number", "decision", "status", "from", "until", "recorded")
    ]
    headers.append(words["changes"])
    lines: list[str] = []
    rows: list[list[str]] = []
    extras: dict[int, list[str]] = {}
    for revision, period in zip(revisions, periods, strict=True):
        rows.append(
            [
                str(revision.number),
                revision.decision.citation,
                status_word(period.status, lang),
                period.start.isoformat(),
                _date(period.until, words),
                revision.recorded.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
                _changes(revision, words),
            ]
        )
        more = [f"{words['note']}: {revision.note}"] if revision.note else []
        more.extend(f"{words['warning']}: {warning}" for warning in revision.warnings)
        extras[len(rows)] = more
    for number, line in enumerate(table(headers, rows).splitlines()):
        lines.append(line)
        lines.extend(" " * 6 + extra for extra in extras.get(number, ()))
    return head + "\n".join(lines) + "\n"


def log_to_json(
    policy_id: str, revisions: Sequence[Revision], periods: Sequence[Period]
) -> str:
    """``log --json``: ``{"policy", "revisions": [entry]}`` where an entry is the revision's
    index entry (:meth:`~policyversions.store.Revision.to_dict`) with ``status``, ``from`` and
    ``until`` (:class:`~policyversions.store.history.Period`)."""
    data = {
        "policy": policy_id,
        "revisions": [
            {**revision.to_dict(), **period.to_dict()}
            for revision, period in zip(revisions, periods, strict=True)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _legend(revisions: Sequence[Revision], lang: str) -> list[str]:
    words = words_for(lang).listings
    rows = [
        [
            str(revision.number),
            revision.decision.citation,
            words["in_force_from"].format(date=revision.in_force_from.isoformat()),
        ]
        for revision in revisions
    ]
    lines = table(["", "", ""], rows).splitlines()[1:]
    return ["", words["legend"], *("  " + line for line in lines)]


def render_blame(entries: Sequence[BlameEntry], *, lang: str = "sv") -> str:
    """Blame as a table: for every node, the numbers of the revisions that introduced it, last
    changed it and last moved it (``–``: never moved), the node id (indented by depth) and its
    text; then the revisions named, each with its decision and the date it took effect."""
    words = words_for(lang).listings
    headers = [words[key] for key in ("introduced", "changed", "moved", "node", "text")]
    rows = []
    named: dict[int, Revision] = {}
    for entry in entries:
        for revision in (entry.introduced, entry.changed, entry.moved):
            if revision is not None:
                named[revision.number] = revision
        rows.append(
            [
                str(entry.introduced.number),
                str(entry.changed.number),
                words["none"] if entry.moved is None else str(entry.moved.number),
                "  " * entry.depth + entry.node_id,
                _cut(entry.text),
            ]
        )
    legend = _legend([named[number] for number in sorted(named)], lang)
    return table(headers, rows) + "\n".join(legend) + "\n"


def blame_to_json(entries: Sequence[BlameEntry]) -> str:
    """``blame --json``: a list of :meth:`~policyversions.store.BlameEntry.to_dict`."""
    return json.dumps([entry.to_dict() for entry in entries], ensure_ascii=False, indent=2)


def render_node_history(
    policy_id: str, node_id: str, versions: Sequence[NodeVersion], *, lang: str = "sv"
) -> str:
    """The history of one node as a table: revision, decision, what happened to the node, from
    when until when its text held (``–``: still), and the text."""
    words = words_for(lang).listings
    headers = [words[key] for key in ("number", "decision", "change", "from", "until", "text")]
    rows = [
        [
            str(version.revision.number),
            version.revision.decision.citation,
            words[f"change_{version.change}"],
            _date(version.start, words),
            _date(version.until, words),
            words["none"] if version.text is None else _cut(version.text),
        ]
        for version in versions
    ]
    head = words["history_title"].format(policy=policy_id, node=node_id) + "\n\n"
    return head + table(headers, rows)


def node_history_to_json(policy_id: str, node_id: str, versions: Sequence[NodeVersion]) -> str:
    """``history --json``: ``{"policy", "node", "versions": [NodeVersion.to_dict()]}``."""
    data: dict[str, Any] = {
        "policy": policy_id,
        "node": node_id,
        "versions": [version.to_dict() for version in versions],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_policies(summaries: Sequence[PolicySummary], *, lang: str = "sv") -> str:
    """The policies as a table: id, title, status, latest decision, the date it took effect
    and the number of revisions."""
    words = words_for(lang).listings
    if not summaries:
        return words["empty"] + "\n"
    headers = [
        words[key] for key in ("policy", "status", "latest", "from", "revisions", "title")
    ]
    rows = [
        [
            item.policy_id,
            status_word(item.status, lang),
            item.latest.decision.citation,
            item.latest.in_force_from.isoformat(),
            str(item.revisions),
            _cut(item.title),
        ]
        for item in summaries
    ]
    return table(headers, rows)


def policies_to_json(summaries: Sequence[PolicySummary]) -> str:
    """``policies --json``: a list of :meth:`~policyversions.store.PolicySummary.to_dict`."""
    return json.dumps([item.to_dict() for item in summaries], ensure_ascii=False, indent=2)


def listing_language(languages: Sequence[str]) -> str:
    """The default language of a listing of texts in *languages*: theirs when they share one
    we write, else Swedish."""
    distinct = set(languages)
    return distinct.pop() if len(distinct) == 1 and distinct <= {"sv", "en"} else "sv"


__all__ = [
    "blame_to_json",
    "listing_language",
    "log_to_json",
    "node_history_to_json",
    "policies_to_json",
    "recorded_line",
    "render_blame",
    "render_log",
    "render_node_history",
    "render_policies",
    "status_word",
    "table",
]
