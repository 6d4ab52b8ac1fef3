"""A policy as the site sees it on the day it is published, from its index alone: revisions,
the period and status of each, the banner. Nothing here reads a revision's text."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs

from ..store.history import Period, periods
from ..store.revision import Revision
from .banner import Banner, policy_banner


@attrs.frozen
class PolicyState:
    """One policy on the day the site is published: its revisions (recording order), their
    periods on that day (same order) and its :class:`~policyversions.publish.banner.Banner`."""

    policy_id: str
    revisions: tuple[Revision, ...]
    periods: tuple[Period, ...]
    banner: Banner

    @classmethod
    def of(cls, policy_id: str, revisions: Sequence[Revision], today: datetime.date) -> PolicyState:
        """The state of *policy_id*, which has *revisions* (at least one), on *today*."""
        return cls(
            policy_id,
            tuple(revisions),
            tuple(periods(revisions, today)),
            policy_banner(revisions, today),
        )

    @property
    def latest(self) -> Revision:
        """The last revision recorded."""
        return self.revisions[-1]

    @property
    def title(self) -> str:
        """The title of the text the policy's page shows."""
        return self.banner.shown.title

    def revision(self, number: int) -> Revision:
        """Revision *number* (from 1)."""
        return self.revisions[number - 1]

    def period(self, number: int) -> Period:
        """The period of revision *number*."""
        return self.periods[number - 1]

    def key(self) -> list[object]:
        """What every page about the whole policy depends on: its id, the last link of its
        hash chain (which covers every revision, text and decision) and every status on the
        day."""
        return [
            self.policy_id,
            self.latest.chain,
            [period.status for period in self.periods],
        ]


__all__ = ["PolicyState"]
