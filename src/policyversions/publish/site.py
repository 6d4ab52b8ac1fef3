"""Publishing a repository as a static site: :func:`publish_site`.

>>> report = publish_site("styrdokument", "out/site", lang="sv",
...                  base_url="https://example.org/styrdokument/")  # doctest: +SKIP
>>> report.written[:2]  # doctest: +SKIP
('index.html', 'feed.atom')

The plan (:mod:`~policyversions.publish.plan`) is made from the indexes; each file whose key
is unchanged and that is still as the last publish left it is skipped, every other one is
rendered and written only when its bytes differ (:mod:`~policyversions.publish.writer`). The
same repository on a day with the same statuses gives the same bytes in every file: nothing in
the site comes from the clock but the day that decides the statuses (*today*), dates come
from decisions.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import attrs

from ..render.listings import listing_language
from ..render.words import check_language, words_for
from ..store.repository import Repository
from .plan import PolicyTexts, SiteOptions, policy_outputs, register_outputs
from .redlines import DocxRedline, library_docx_redline
from .state import PolicyState
from .writer import PublishError, SiteWriter

_BASE_URL = re.compile(r"https?://[^\s/?#]+(?:/[^\s?#]*)?", re.IGNORECASE)


@attrs.frozen
class PublishReport:
    """What :func:`publish_site` did: the site's folder, the files it wrote (site paths, sorted),
    how many it found already right, the files of the last publish it removed, and the number
    of policies published."""

    root: Path
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    policies: int
    lang: str = "sv"
    """The language of the site (and of :meth:`line`)."""

    @property
    def files(self) -> int:
        """How many files the site has (the manifest aside)."""
        return len(self.written) + self.unchanged

    def line(self) -> str:
        """What was done, in one line in the site's language: "publicerade 4 styrdokument i
        site: 120 filer skrivna, 0 oförändrade, 0 borttagna"."""
        texts = words_for(self.lang).publish
        policies = texts["published_one" if self.policies == 1 else "published_many"]
        return texts["published_line"].format(
            policies=policies.format(count=self.policies),
            root=self.root,
            written=len(self.written),
            unchanged=self.unchanged,
            removed=len(self.removed),
        )


def check_base_url(base_url: str | None) -> str | None:
    """*base_url* ending with ``/``; :class:`PublishError` unless it is an absolute ``http`` or
    ``https`` URL without a query or fragment."""
    if base_url is None:
        return None
    if not isinstance(base_url, str) or _BASE_URL.fullmatch(base_url.strip()) is None:
        raise PublishError(
            f"the base URL (--base-url) must be an absolute http(s) URL without a query or "
            f"fragment, such as https://example.org/styrdokument/, got {base_url!r}"
        )
    text = base_url.strip()
    return text if text.endswith("/") else text + "/"


def publish_site(
    repository: Repository | str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    *,
    lang: str | None = None,
    base_url: str | None = None,
    today: datetime.date | None = None,
    docx: DocxRedline | bool = True,
) -> PublishReport:
    """Write the static site of *repository* into *outdir* and return a
    :class:`PublishReport`.

    *lang* (``"sv"`` or ``"en"``) is the language of every page and feed, by default that of
    the policies (Swedish when they differ); *base_url* makes the feeds' links absolute and
    adds the sitemap; *today* (default: today) is the day statuses are given for; *docx* is a
    :data:`~policyversions.publish.redlines.DocxRedline` hook, ``True`` for the library's Word
    redline when it has one, ``False`` for none.

    Raises :class:`~policyversions.publish.writer.PublishError` when *outdir* holds other
    files and no site, or cannot be written; the store's errors when the repository cannot be
    read.
    """
    repo = repository if isinstance(repository, Repository) else Repository.open(repository)
    day = datetime.date.today() if today is None else today
    base = check_base_url(base_url)
    states = []
    for policy_id in repo.policies():
        revisions = repo.log(policy_id)
        if revisions:
            states.append(PolicyState.of(policy_id, revisions, day))
    chosen = lang or listing_language([state.latest.language for state in states])
    check_language(chosen)
    hook: DocxRedline | None
    if docx is True:
        hook = library_docx_redline()
    elif docx is False:
        hook = None
    else:
        hook = docx
    options = SiteOptions(chosen, base, day, hook)
    root = Path(outdir)
    with SiteWriter(root) as writer:
        for state in states:
            texts = PolicyTexts(repo, state)
            for output in policy_outputs(state, texts, options):
                if not writer.fresh(output.path, output.key):
                    writer.put(output.path, output.key, output.render())
        for output in register_outputs(states, options):
            if not writer.fresh(output.path, output.key):
                writer.put(output.path, output.key, output.render())
        writer.finish()
    return PublishReport(
        root=root,
        written=tuple(sorted(writer.written)),
        unchanged=writer.unchanged,
        removed=tuple(writer.removed),
        policies=len(states),
        lang=chosen,
    )


__all__ = ["PublishReport", "check_base_url", "publish_site"]
