"""The banner of a policy's page: what is in force on a day, under which decision, and what is
coming.

:func:`policy_banner` reads a policy's revisions (in recording order) and a day, and says, in data:

* the policy's status that day (:func:`~policyversions.store.history.policy_status`):
  ``in_force`` (*i kraft*), ``repealed`` (*upphävd*) or ``not_yet`` (*beslutad men ännu ej i
  kraft*: nothing of it has taken effect);
* which revision's text the page shows (:attr:`Banner.shown`): the one in force; after a repeal
  the one last in force (with the days it held); before anything took effect the first one to
  take effect;
* its lines, each citing one revision's decision and a date: ``in_force`` "Gäller från
  2024-07-01 enligt KF 2024-03-18 § 45", ``repealed`` "Upphävd genom KF 2021-11-29 § 201 från
  2022-01-01", ``not_yet`` "Beslutad men ännu ej i kraft: gäller från ...", then one line per
  revision decided that takes effect later, in the order they take effect: ``upcoming`` "Ny
  lydelse gäller från ..." or ``upcoming_repeal`` "Upphävs från ...".

A revision followed by another on the day it takes effect never holds (status ``never``) and is
never named. Only the store's functions decide what holds when
(:mod:`policyversions.store.history`), so a late registration (decided earlier, recorded later)
lands where its effective date puts it.

>>> policy_banner(revisions, datetime.date(2026, 1, 1)).lines[0].kind  # doctest: +SKIP
'in_force'
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Literal

import attrs

from ..store.history import PolicyStatus, in_force, periods, policy_status
from ..store.revision import Revision

BannerKind = Literal["in_force", "repealed", "not_yet", "upcoming", "upcoming_repeal"]
_DAY = datetime.timedelta(days=1)


@attrs.frozen
class BannerLine:
    """One line of a banner: what (*kind*), under the decision of *revision*, from *date*."""

    kind: BannerKind
    revision: Revision
    date: datetime.date


@attrs.frozen
class Banner:
    """What a policy's page says on top (module docstring).

    ``shown`` is the revision whose text the page shows; for a repealed policy ``start`` and
    ``until`` are the first and last day that text was in force (``None`` otherwise).
    """

    status: PolicyStatus
    shown: Revision
    lines: tuple[BannerLine, ...]
    start: datetime.date | None = None
    until: datetime.date | None = None

    @property
    def upcoming(self) -> tuple[BannerLine, ...]:
        """The lines about revisions that take effect later."""
        return tuple(line for line in self.lines if line.kind.startswith("upcoming"))


def policy_banner(revisions: Sequence[Revision], today: datetime.date) -> Banner:
    """The :class:`Banner` of a policy with *revisions* (recording order, at least one) on
    *today*; ``ValueError`` for no revisions."""
    if not revisions:
        raise ValueError("a banner needs at least one revision")
    status = policy_status(revisions, today)
    held = [period.revision for period in periods(revisions, today) if period.status != "never"]
    order = sorted(held, key=lambda revision: (revision.in_force_from, revision.number))
    later = [revision for revision in order if revision.in_force_from > today]
    lines: list[BannerLine] = []
    start: datetime.date | None = None
    until: datetime.date | None = None
    if status == "in_force":
        shown = in_force(revisions, today)
        assert shown is not None
        lines.append(BannerLine("in_force", shown, shown.in_force_from))
    elif status == "repealed":
        started = [revision for revision in order if revision.in_force_from <= today]
        repeal = started[-1]
        lines.append(BannerLine("repealed", repeal, repeal.in_force_from))
        until = repeal.in_force_from - _DAY
        last = in_force(revisions, until)
        shown = repeal if last is None else last
        start = None if last is None else last.in_force_from
        until = None if last is None else until
    else:
        first = next((revision for revision in later if not revision.repeals), None)
        shown = revisions[-1] if first is None else first
        if first is not None:
            lines.append(BannerLine("not_yet", first, first.in_force_from))
        later = [revision for revision in later if revision is not first]
    for revision in later:
        kind: BannerKind = "upcoming_repeal" if revision.repeals else "upcoming"
        lines.append(BannerLine(kind, revision, revision.in_force_from))
    return Banner(status, shown, tuple(lines), start, until)


__all__ = ["Banner", "BannerKind", "BannerLine", "policy_banner"]
