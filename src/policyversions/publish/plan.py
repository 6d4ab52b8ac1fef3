"""The site plan: every file of the site, the key of what it is made from, and how to make it.

The plan is made from the repository's indexes alone (:class:`~policyversions.publish.state.
PolicyState`), so knowing which files are already right costs no reading of texts, no diff and
no rendering. Each :class:`Output` has a *key*: the SHA-256 of everything its bytes depend on,

* the code that renders it (:func:`code_digest`: every module and schema of the library);
* for a page about a whole policy (its page, its revisions' pages): the last link of its hash
  chain, which covers every revision's text and decisions, and every revision's status on the
  day (a status changes when an effective date passes, and with it the banner);
* for a redline, a download or a Word redline: the chain link of the newer revision (which
  covers the older one too);
* the language of the site, and for the feeds and the sitemap the base URL;

so a new revision changes the keys of its own policy's pages and of the index and feeds, and of
nothing else. Texts are read, diffed and blamed on demand, each once per policy
(:class:`PolicyTexts`), only for the files whose key changed.

The redlines published: each revision against the one before, and each against the latest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import attrs

from ..compare.differ import diff
from ..compare.policydiff import PolicyDiff
from ..formats.akn import to_akn
from ..formats.policyjson import policy_to_json
from ..formats.policyxml import to_xml
from ..model import Policy
from ..store.history import BlameEntry, blame
from ..store.repository import Repository
from . import paths
from .feeds import render_feed, render_sitemap
from .indexpage import render_index
from .policypage import render_policy_page
from .redlines import DocxRedline, render_redline_page
from .revisionpage import render_revision_page
from .state import PolicyState

_AKN_LANGUAGES = {"sv": "swe", "en": "eng"}


@cache
def code_digest() -> str:
    """The SHA-256 of every module and schema of the library (a new version of any of them
    renders every file again)."""
    package = Path(str(resources.files("policyversions")))
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".rng") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def make_key(*parts: object) -> str:
    """The key of a file made from *parts* (and the code): a SHA-256 in hex."""
    text = json.dumps([code_digest(), *parts], ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen
class SiteOptions:
    """How the site is made: its language, base URL (``None``: relative links only, no
    sitemap), the day statuses are given for, and the Word redline hook (``None``: none)."""

    lang: str
    base_url: str | None
    today: datetime.date
    docx: DocxRedline | None = None


@attrs.frozen
class Output:
    """One file of the site: its path, its key, and the function that makes its bytes."""

    path: str
    key: str
    render: Callable[[], bytes]


class PolicyTexts:
    """A policy's texts, diffs and blame, each read or computed once, on demand."""

    def __init__(self, repository: Repository, state: PolicyState) -> None:
        self.repository = repository
        self.state = state
        self._texts: dict[int, Policy] = {}
        self._diffs: dict[tuple[int, int], PolicyDiff] = {}

    def text(self, number: int) -> Policy:
        """The text of revision *number*, with its decision history."""
        found = self._texts.get(number)
        if found is None:
            found = self.repository.read(self.state.revision(number))
            self._texts[number] = found
        return found

    def diff(self, old: int, new: int) -> PolicyDiff:
        """The diff from revision *old* to revision *new*."""
        found = self._diffs.get((old, new))
        if found is None:
            found = diff(self.text(old), self.text(new))
            self._diffs[(old, new)] = found
        return found

    def blame(self) -> list[BlameEntry]:
        """The blame of the text the policy's page shows."""
        shown = self.state.banner.shown.number
        return blame(self.state.revisions[:shown], self.text(shown))


def redline_pairs(count: int) -> list[tuple[int, int]]:
    """The redlines of a policy of *count* revisions: each against the one before, each
    against the latest; in order, once each."""
    pairs = {(number - 1, number) for number in range(2, count + 1)}
    pairs.update((number, count) for number in range(1, count - 1))
    return sorted(pairs)


def akn_number(policy_id: str) -> str:
    """The Akoma Ntoso work number of *policy_id*: stable across its revisions."""
    return policy_id.replace("/", ".")[:100]


def export(policy: Policy, kind: paths.Download, policy_id: str, language: str) -> bytes:
    """*policy* (a revision of *policy_id* in *language*) as a download of *kind*: our XML, our
    JSON, or Akoma Ntoso."""
    if kind == "xml":
        return to_xml(policy)
    if kind == "json":
        return (policy_to_json(policy) + "\n").encode("utf-8")
    return to_akn(
        policy, number=akn_number(policy_id), language=_AKN_LANGUAGES.get(language, "und")
    )


def policy_outputs(
    state: PolicyState, texts: PolicyTexts, options: SiteOptions
) -> Iterator[Output]:
    """Every file about the policy of *state*."""
    policy_id = state.policy_id
    lang = options.lang
    docx = options.docx is not None
    whole = state.key()
    yield Output(
        paths.policy_page(policy_id),
        make_key("policy", whole, lang),
        lambda: render_policy_page(
            state, texts.text(state.banner.shown.number), texts.blame(), lang
        ),
    )
    yield Output(
        paths.policy_feed(policy_id),
        make_key("policy-feed", policy_id, state.latest.chain, lang, options.base_url),
        lambda: render_feed([state], lang, options.base_url, policy=policy_id),
    )
    for revision in state.revisions:
        number = revision.number

        def page(number: int = number) -> bytes:
            previous = texts.diff(number - 1, number) if number > 1 else None
            return render_revision_page(
                state, state.revision(number), texts.text(number), previous, lang, docx=docx
            )

        yield Output(
            paths.revision_page(policy_id, number),
            make_key("revision", whole, number, lang, docx),
            page,
        )
        chain = revision.chain
        for kind in paths.DOWNLOADS:

            def download(kind: paths.Download = kind, number: int = number) -> bytes:
                language = state.revision(number).language
                return export(texts.text(number), kind, policy_id, language)

            yield Output(
                paths.download(policy_id, number, kind),
                make_key(kind, policy_id, number, chain),
                download,
            )
    for old, new in redline_pairs(len(state.revisions)):
        chain = state.revision(new).chain

        def redline(old: int = old, new: int = new) -> bytes:
            return render_redline_page(
                state.revision(old),
                state.revision(new),
                texts.diff(old, new),
                texts.text(old),
                texts.text(new),
                lang,
                docx=docx,
            )

        yield Output(
            paths.redline_page(policy_id, old, new),
            make_key("redline", policy_id, old, new, chain, lang, docx),
            redline,
        )
        hook = options.docx
        if hook is not None:

            def word(old: int = old, new: int = new, hook: DocxRedline = hook) -> bytes:
                return hook(texts.diff(old, new), texts.text(old), texts.text(new), lang)

            yield Output(
                paths.redline_docx(policy_id, old, new),
                make_key("docx", policy_id, old, new, chain, lang),
                word,
            )


def site_pages(states: Sequence[PolicyState]) -> list[str]:
    """Every HTML page of the site, index first, then by policy id."""
    pages = [paths.INDEX]
    for state in sorted(states, key=lambda state: state.policy_id):
        count = len(state.revisions)
        pages.append(paths.policy_page(state.policy_id))
        pages.extend(paths.revision_page(state.policy_id, n) for n in range(1, count + 1))
        pages.extend(paths.redline_page(state.policy_id, *pair) for pair in redline_pairs(count))
    return pages


def register_outputs(states: Sequence[PolicyState], options: SiteOptions) -> list[Output]:
    """The files about the whole register: the index, the feed and (with a base URL) the
    sitemap."""
    lang = options.lang
    base_url = options.base_url
    outputs = [
        Output(
            paths.INDEX,
            make_key("index", [state.key() for state in states], lang),
            lambda: render_index(states, lang),
        ),
        Output(
            paths.FEED,
            make_key("feed", [(s.policy_id, s.latest.chain) for s in states], lang, base_url),
            lambda: render_feed(states, lang, base_url),
        ),
    ]
    if base_url is not None:
        counts = [(state.policy_id, len(state.revisions)) for state in states]
        outputs.append(
            Output(
                paths.SITEMAP,
                make_key("sitemap", counts, base_url),
                lambda: render_sitemap(site_pages(states), base_url),
            )
        )
    return outputs


__all__ = [
    "Output",
    "PolicyTexts",
    "SiteOptions",
    "akn_number",
    "code_digest",
    "export",
    "make_key",
    "policy_outputs",
    "redline_pairs",
    "register_outputs",
    "site_pages",
]
