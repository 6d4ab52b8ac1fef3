"""The formats room: our own serialisations of a policy, in both directions, and Akoma Ntoso.

- :mod:`~policyversions.formats.policyxml`: our XML (:func:`to_xml` / :func:`from_xml`), with
  its RELAX NG schemas in ``schemas/``;
- :mod:`~policyversions.formats.policyjson`: the JSON form of policies, nodes and metadata;
- :mod:`~policyversions.formats.akn`: the Akoma Ntoso 3.0 export (:func:`to_akn`);
- :mod:`~policyversions.formats.digest`: the content digest of a policy;
- :mod:`~policyversions.formats.xmlsafe`: the hardened XML parser and schema checks every XML
  reader uses.

Names are imported on first use: JSON does not import lxml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .akn import to_akn
    from .digest import policy_digest
    from .policyjson import (
        metadata_from_dict,
        metadata_to_dict,
        node_from_dict,
        node_to_dict,
        policy_from_dict,
        policy_to_dict,
        policy_to_json,
    )
    from .policyxml import from_xml, to_xml

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "from_xml": ".policyxml",
        "metadata_from_dict": ".policyjson",
        "metadata_to_dict": ".policyjson",
        "node_from_dict": ".policyjson",
        "node_to_dict": ".policyjson",
        "policy_digest": ".digest",
        "policy_from_dict": ".policyjson",
        "policy_to_dict": ".policyjson",
        "policy_to_json": ".policyjson",
        "to_akn": ".akn",
        "to_xml": ".policyxml",
    },
)

__all__ = [
    "from_xml",
    "metadata_from_dict",
    "metadata_to_dict",
    "node_from_dict",
    "node_to_dict",
    "policy_digest",
    "policy_from_dict",
    "policy_to_dict",
    "policy_to_json",
    "to_akn",
    "to_xml",
]
