"""The revision store: many policies, each an ordered history of immutable revisions.

>>> repo = Repository.init("styrdokument")  # doctest: +SKIP
>>> repo.record("soderhamn/ledar-och-medarbetarpolicy", policy, "Reviderad KF 2007-06-18 § 118")
... # doctest: +SKIP
>>> repo.at("soderhamn/ledar-och-medarbetarpolicy", "2010-01-01").number  # doctest: +SKIP
1

Layout on disk
--------------
Plain files, readable without this library, friendly to git and to archives::

    REPO/
      policyversions.json          marker: {"format": "policyversions-repository", "version": 1}
      README.txt                   this layout, for people who find the directory
      .gitignore                   ignores the lock file and temporary files
      .lock                        locked (fcntl) by writers; may be deleted when idle
      policies/
        <policy id>/               '/' in the id nests directories: soderhamn/ledar-och-.../
          index.json               the history in order (see policyversions.store.revision)
          head.json                seals the index: revisions, last chain link, its SHA-256
          0001-KF-2007-06-18-118.xml   revision 1 in our XML format: <number>-<decision slug>
          0002-regeringen-2025-SFS-2025-480.xml   revision 2, ...

A policy id is lowercase letters, digits and ``-``, with ``/`` for grouping
(:mod:`~policyversions.store.slugs`); every file the store keeps holds a ``.``, which no id
part does, so ids and files never clash. Revision files are written once and never changed; the
index holds, for each, its number, file name, the SHA-256 of its bytes (the canonical bytes of
:func:`~policyversions.formats.policyxml.to_xml`), its decision (with its effective date), the
decisions its record brought, title, language, recording time, warnings, note, the node ids it
added, changed (substantively or editorially), moved and removed, and a hash chain over all this
(:mod:`~policyversions.store.revision`); and, for the policy, every node id ever used. The order
of history is the order of the index, never file times. Nothing is read or written through a
symbolic link.

Writing (:meth:`Repository.record`, :mod:`~policyversions.store.recording`)
----------------------------------------------------------------------------
One writer at a time holds ``.lock`` (others wait, up to ``lock_timeout`` seconds, then get a
:class:`ConflictError`). The writer reads the index, checks that its head seals it (a lost,
corrupt, hand-edited or rolled-back index is refused: :meth:`Repository.repair` rebuilds it from
the revision files), reads the latest revision, writes the new revision file (temporary file,
fsync, rename, fsync of the directory), then replaces the index and then the head the same way.
A writer killed at any moment leaves the old index or the new one; at worst an *orphan* revision
file that no index names, or a head one revision behind, which :meth:`Repository.verify` notes
and the next record brings up to date. A revision whose XML would be over
:data:`~policyversions.formats.policyxml.MAX_XML_BYTES` is refused before anything is written.

Node ids carry over from the previous revision (:mod:`~policyversions.store.identity`):
unchanged, reworded and moved nodes keep their ids, new nodes get ids never used before in the
policy. ``record`` refuses (:class:`RefusedError`) a text (title, metadata and body; ids and
decisions aside) identical to the latest revision unless forced (except under a repealing
decision, see :meth:`Repository.repeal`), and what :mod:`~policyversions.store.decisions`
refuses: a decision already recorded (unless forced), one dated before the latest one (unless
late), an ambiguous one, two citations of one decision that disagree, an effective date before
the decision (unless retroactive) or implausible, a text naming a later decision it is not
recorded under (unless forced); a *stale header* (a text naming only an earlier or already
recorded decision) is a warning kept with the revision, refused with ``strict``.

Decision history
----------------
A revision reads back (:meth:`Repository.read`, :meth:`~Repository.policy`, refs) with its
decision history: every decision recorded with the revisions up to it, merged, never
overwritten, oldest first by the date each took effect
(:mod:`~policyversions.store.decisions` has the exact rule). Each index entry and each
revision file hold only what that record brought, so files do not grow with the history, and
the files alone rebuild it.

Reading
-------
:meth:`Repository.log`, :meth:`~Repository.periods` (status and dates of each revision),
:meth:`~Repository.summaries` (every policy), :meth:`~Repository.revision` (by number, decision
or date), :meth:`~Repository.at` (in force on a date), :meth:`~Repository.blame`,
:meth:`~Repository.node_history` (:mod:`~policyversions.store.history`), refs ``POLICY@REV`` and
finding the repository (:mod:`~policyversions.store.refs`), :func:`load_argument` (a file or a
ref), :meth:`~Repository.verify` (:mod:`~policyversions.store.verify`),
:meth:`~Repository.repair` (:mod:`~policyversions.store.repair`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .arguments import load_argument
    from .errors import ConflictError, IntegrityError, RefusedError, StoreError
    from .files import write_atomic
    from .history import BlameEntry, NodeVersion, Period, PolicySummary
    from .identity import ChangeSummary
    from .refs import ENVIRONMENT_VARIABLE, MARKER, find_root, parse_ref, parse_rev
    from .repository import RepairReport, Repository
    from .revision import Revision
    from .slugs import check_policy_id, is_policy_id
    from .verify import Problem, VerifyReport

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "ENVIRONMENT_VARIABLE": ".refs",
        "MARKER": ".refs",
        "BlameEntry": ".history",
        "ChangeSummary": ".identity",
        "ConflictError": ".errors",
        "IntegrityError": ".errors",
        "NodeVersion": ".history",
        "Period": ".history",
        "PolicySummary": ".history",
        "Problem": ".verify",
        "RefusedError": ".errors",
        "RepairReport": ".repository",
        "Repository": ".repository",
        "Revision": ".revision",
        "StoreError": ".errors",
        "VerifyReport": ".verify",
        "check_policy_id": ".slugs",
        "find_root": ".refs",
        "is_policy_id": ".slugs",
        "load_argument": ".arguments",
        "parse_ref": ".refs",
        "parse_rev": ".refs",
        "write_atomic": ".files",
    },
)

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "MARKER",
    "BlameEntry",
    "ChangeSummary",
    "ConflictError",
    "IntegrityError",
    "NodeVersion",
    "Period",
    "PolicySummary",
    "Problem",
    "RefusedError",
    "RepairReport",
    "Repository",
    "Revision",
    "StoreError",
    "VerifyReport",
    "check_policy_id",
    "find_root",
    "is_policy_id",
    "load_argument",
    "parse_ref",
    "parse_rev",
    "write_atomic",
]
