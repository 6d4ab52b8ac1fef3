"""The publish room: the register as a static website.

:func:`publish_site` writes every policy of a repository, its history and its redlines as plain
files that work from ``file://`` and from any web server, and that never make a request
outside the site (every page is self-contained, with a strict Content-Security-Policy):

- the index (:mod:`~policyversions.publish.indexpage`): every policy with its status, latest
  decision, the date it takes effect and its number of revisions, sortable and filterable by a
  small inline script (the page works without it);
- a page per policy (:mod:`~policyversions.publish.policypage`): the text in force under a
  banner (:mod:`~policyversions.publish.banner`), every node with its stable id as an anchor
  and the decisions that introduced and changed it, the timeline of its revisions;
- a page per revision (:mod:`~policyversions.publish.revisionpage`): its text, decisions, what
  changed from the one before, links to the redlines and downloads (our XML and JSON, Akoma
  Ntoso);
- redline pages (:mod:`~policyversions.publish.redlines`) between consecutive revisions and
  from each revision to the latest, and Word redlines when the library makes them;
- Atom feeds of the register and of each policy, and a sitemap
  (:mod:`~policyversions.publish.feeds`).

Where each file goes: :mod:`~policyversions.publish.paths`. What each file is made from, so
that publishing again rewrites only what changed: :mod:`~policyversions.publish.plan` and
:mod:`~policyversions.publish.writer`. Every word comes from the ``publish`` table of
:mod:`policyversions.render.words`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .banner import Banner, BannerLine, policy_banner
    from .redlines import DocxRedline, library_docx_redline
    from .site import PublishReport, check_base_url, publish_site
    from .state import PolicyState
    from .writer import PublishError

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Banner": ".banner",
        "BannerLine": ".banner",
        "DocxRedline": ".redlines",
        "PolicyState": ".state",
        "PublishError": ".writer",
        "PublishReport": ".site",
        "policy_banner": ".banner",
        "check_base_url": ".site",
        "library_docx_redline": ".redlines",
        "publish_site": ".site",
    },
)

__all__ = [
    "Banner",
    "BannerLine",
    "DocxRedline",
    "PolicyState",
    "PublishError",
    "PublishReport",
    "check_base_url",
    "library_docx_redline",
    "policy_banner",
    "publish_site",
]
