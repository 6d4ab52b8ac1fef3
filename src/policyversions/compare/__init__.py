"""The compare room: the semantic diff of two revisions, and the diff as a patch.

- :mod:`~policyversions.compare.matching`: pairing the nodes of two revisions
  (:mod:`~policyversions.compare.tree` flattens a policy for it,
  :mod:`~policyversions.compare.similarity` scores texts,
  :mod:`~policyversions.compare.splits` finds splits and merges);
- :mod:`~policyversions.compare.differ`: :func:`diff`, each pair and unpaired node described as
  a :class:`~policyversions.compare.changes.Change`, collected in a
  :class:`~policyversions.compare.policydiff.PolicyDiff`;
- :mod:`~policyversions.compare.wording` (word-level operations, editorial folding) and
  :mod:`~policyversions.compare.modality` (obligation strength, ``ska → bör``);
- :mod:`~policyversions.compare.summary`: counts of a diff;
- :mod:`~policyversions.compare.patch`: :func:`apply`, the diff as a patch;
- :mod:`~policyversions.compare.diffxml`: the diff as XML.

(The room is not called ``diff`` because :func:`policyversions.diff` is the function.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .changes import CHANGE_KINDS, Change
    from .differ import diff
    from .diffxml import diff_from_xml, diff_to_xml
    from .matching import Matching, match
    from .patch import apply
    from .policydiff import PolicyDiff
    from .summary import Summary

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CHANGE_KINDS": ".changes",
        "Change": ".changes",
        "Matching": ".matching",
        "PolicyDiff": ".policydiff",
        "Summary": ".summary",
        "apply": ".patch",
        "diff": ".differ",
        "diff_from_xml": ".diffxml",
        "diff_to_xml": ".diffxml",
        "match": ".matching",
    },
)

__all__ = [
    "CHANGE_KINDS",
    "Change",
    "Matching",
    "PolicyDiff",
    "Summary",
    "apply",
    "diff",
    "diff_from_xml",
    "diff_to_xml",
    "match",
]
