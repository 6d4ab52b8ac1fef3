"""Plain-data (JSON-ready) forms of model values, and reading them back.

This module is the one home of the plain-data forms: ``policyversions show --format json``
prints :func:`policy_to_json`, and the diff JSON (:mod:`policyversions.compare.changes`) carries
nodes, metadata and decisions in the same forms. Every ``*_to_dict`` has a ``*_from_dict`` that
reads its output back to an equal value: ``policy_from_dict(policy_to_dict(p)) == p``.

Shape (the README's "JSON shape" section describes the same)::

    policy = {"format": "policyversions/policy", "format_version": 1,
              "title": str,
              "metadata": metadata,
              "decisions": [decision],
              "body": [block]}

    metadata = {"document_type": str|null, "owner": str|null, "scope": str|null,
                "valid_from": "YYYY-MM-DD"|null, "valid_until": "YYYY-MM-DD"|null,
                "review_by": "YYYY-MM-DD"|null,
                "replaces": [str], "source": str|null,
                "extra": {key: str}}          # keys are unique; their order is kept

    decision = Decision.to_dict()    # {"organ": {"abbreviation", "name"}, "year", "date",
                                     #  "item", "case_number", "action", "act_number",
                                     #  "effective"}

    block = {"type": "section", "id": str, "number": str|null, "heading": str|null,
             "children": [block]}                  # number or heading, or both
          | {"type": "paragraph", "id": str, "text": str}
          | {"type": "list", "id": str, "style": "bullet"|"number",
             "lead_in": str|null, "items": [commitment], "wrap_up": str|null}
          | {"type": "table", "id": str, "caption": str|null, "rows": [row]}
    commitment = {"type": "commitment", "id": str, "label": str|null, "text": str,
                  "sublist": list|null}            # the points nested under this one
    row = {"type": "row", "id": str, "header": bool, "cells": [cell]}
    cell = {"type": "cell", "id": str, "text": str}   # text may be empty

A node on its own (a diff's ``old_content``/``new_content``) is a block, a commitment, a row or
a cell. Format version 1 (no numbers, labels, sublists or tables) reads as well.

Reading rules (the ``*_from_dict`` functions):

* the writers always write every key; a reader lets a nullable key (``lead_in``, ``wrap_up``,
  ``number``, ``heading``, ``label``, ``sublist``, ``caption``, the metadata fields), ``style``
  (``"bullet"``), ``header`` (``false``), ``id`` (``""``, "not assigned yet"), and the ``"type"``
  of a commitment inside a list's ``items`` (a row in ``rows``, a cell in ``cells``) be left
  out;
* nesting deeper than :data:`~policyversions.model.MAX_DEPTH` is refused before it is read;
* ``format`` and ``format_version`` must be the values above;
* ``"warnings"``, a list of texts that the command line adds to its JSON output when a lenient
  import repaired the input, is allowed and ignored;
* unknown keys, values of the wrong type, dates not in the form ``YYYY-MM-DD`` and values the
  model refuses raise :class:`~policyversions.errors.ModelError` (a decision's problems raise
  :class:`~policyversions.errors.DecisionError`), whose ``where`` is the path of the offending
  value, e.g. ``body[2].children[3].items[1].text`` (paths in a lone node start at ``node``,
  in lone metadata at ``metadata``); when the model refuses a value, its own location follows
  after a colon: ``body[1]: id``.

Text is normalised by the model on reading, as everywhere (see :mod:`policyversions.model.text`).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final, TypeVar

from ..errors import ModelError, PolicyVersionsError
from ..model import (
    BLOCK_TYPES,
    MAX_DEPTH,
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Decision,
    ListStyle,
    Metadata,
    Node,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
)

JSONObject = dict[str, Any]
"""A JSON object as Python data."""

FORMAT: Final = "policyversions/policy"
"""The ``format`` value of :func:`policy_to_dict`."""

FORMAT_VERSION: Final = 2
"""The ``format_version`` value of :func:`policy_to_dict`; version 1 is read too."""

READ_VERSIONS: Final = (1, 2)

_T = TypeVar("_T")

_POLICY_KEYS: Final = (
    "format",
    "format_version",
    "title",
    "metadata",
    "decisions",
    "body",
    "warnings",
)
_METADATA_KEYS: Final = (
    "document_type",
    "owner",
    "scope",
    "valid_from",
    "valid_until",
    "review_by",
    "replaces",
    "source",
    "extra",
)
_NODE_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "section": ("type", "id", "number", "heading", "children"),
    "paragraph": ("type", "id", "text"),
    "list": ("type", "id", "style", "lead_in", "items", "wrap_up"),
    "commitment": ("type", "id", "label", "text", "sublist"),
    "table": ("type", "id", "caption", "rows"),
    "row": ("type", "id", "header", "cells"),
    "cell": ("type", "id", "text"),
}
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --- writing -------------------------------------------------------------------------------


def node_to_dict(node: Node) -> JSONObject:
    """Return the plain-data form of *node* and its subtree (a block or a commitment)."""
    if isinstance(node, Section):
        return {
            "type": "section",
            "id": node.id,
            "number": node.number,
            "heading": node.heading,
            "children": [node_to_dict(child) for child in node.children],
        }
    if isinstance(node, CommitmentList):
        return {
            "type": "list",
            "id": node.id,
            "style": node.style,
            "lead_in": node.lead_in,
            "items": [node_to_dict(item) for item in node.items],
            "wrap_up": node.wrap_up,
        }
    if isinstance(node, Paragraph):
        return {"type": "paragraph", "id": node.id, "text": node.text}
    if isinstance(node, Commitment):
        return {
            "type": "commitment",
            "id": node.id,
            "label": node.label,
            "text": node.text,
            "sublist": None if node.sublist is None else node_to_dict(node.sublist),
        }
    if isinstance(node, Table):
        return {
            "type": "table",
            "id": node.id,
            "caption": node.caption,
            "rows": [node_to_dict(row) for row in node.rows],
        }
    if isinstance(node, Row):
        return {
            "type": "row",
            "id": node.id,
            "header": node.header,
            "cells": [node_to_dict(cell) for cell in node.cells],
        }
    if isinstance(node, Cell):
        return {"type": "cell", "id": node.id, "text": node.text}
    raise ModelError(f"not a policy node: {type(node).__name__}")


def metadata_to_dict(metadata: Metadata) -> JSONObject:
    """Return the plain-data form of *metadata* (``extra`` as an object, in order)."""
    return {
        "document_type": metadata.document_type,
        "owner": metadata.owner,
        "scope": metadata.scope,
        "valid_from": _date_text(metadata.valid_from),
        "valid_until": _date_text(metadata.valid_until),
        "review_by": _date_text(metadata.review_by),
        "replaces": list(metadata.replaces),
        "source": metadata.source,
        "extra": dict(metadata.extra),
    }


def policy_to_dict(policy: Policy) -> JSONObject:
    """Return *policy* as plain data (dicts, lists, strings, numbers, ``None``)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "title": policy.title,
        "metadata": metadata_to_dict(policy.metadata),
        "decisions": [decision.to_dict() for decision in policy.decisions],
        "body": [node_to_dict(block) for block in policy.body],
    }


def policy_to_json(policy: Policy, *, indent: int | None = 2) -> str:
    """Return *policy* as JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(policy_to_dict(policy), ensure_ascii=False, indent=indent)


def _date_text(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


# --- reading -------------------------------------------------------------------------------


def node_from_dict(data: Mapping[str, Any]) -> Node:
    """Rebuild a node (and its subtree) from :func:`node_to_dict` output.

    Raises :class:`ModelError` (``where`` is the path inside *data*) when *data* does not
    have the shape in the module docstring.
    """
    return _node(data, "node")


def metadata_from_dict(data: Mapping[str, Any]) -> Metadata:
    """Rebuild :class:`Metadata` from :func:`metadata_to_dict` output."""
    return _metadata(data, "metadata")


def policy_from_dict(data: Mapping[str, Any]) -> Policy:
    """Rebuild a :class:`Policy` from :func:`policy_to_dict` output.

    ``policy_from_dict(policy_to_dict(p)) == p``. Raises :class:`ModelError` (or
    :class:`~policyversions.errors.DecisionError` for a decision) naming the path of the value
    that does not fit, e.g. ``body[0].children[1].text``.
    """
    data = _mapping(data, "policy")
    _check_keys(data, _POLICY_KEYS, "")
    if data.get("format") != FORMAT:
        raise ModelError(f"not a policy: expected format {FORMAT!r}", "format")
    if data.get("format_version") not in READ_VERSIONS:
        raise ModelError(
            f"unsupported policy format version {data.get('format_version')!r}", "format_version"
        )
    warnings = data.get("warnings", [])
    if not isinstance(warnings, list) or not all(isinstance(item, str) for item in warnings):
        raise ModelError("warnings must be a list of texts", "warnings")
    title = _text(data, "title", "")
    metadata = _metadata(data.get("metadata", {}), "metadata")
    decisions = _listed(data, "decisions", "", _decision)
    body = _listed(data, "body", "", _block)
    with _located("policy"):
        return Policy(title=title, body=body, metadata=metadata, decisions=decisions)


def _node(
    data: object, where: str, *, default_type: str | None = None, depth: int = 1
) -> Node:
    data = _mapping(data, where)
    kind = data.get("type", default_type)
    if kind not in _NODE_KEYS:
        raise ModelError(
            f"unknown node type {kind!r}: use section, paragraph, list, commitment, table, row "
            "or cell",
            _path(where, "type"),
        )
    if depth > MAX_DEPTH:
        raise ModelError(f"nested deeper than {MAX_DEPTH} levels", where)
    _check_keys(data, _NODE_KEYS[kind], where)
    node_id = _text(data, "id", where, default="")
    if kind == "section":
        heading = _optional_text(data, "heading", where)
        number = _optional_text(data, "number", where)
        children = _listed(data, "children", where, _nested(_block, depth + 1))
        with _located(where):
            return Section(heading, children, number=number, id=node_id)
    if kind == "list":
        items = _listed(data, "items", where, _nested(_commitment, depth))
        lead_in = _optional_text(data, "lead_in", where)
        wrap_up = _optional_text(data, "wrap_up", where)
        style = _style(data, where)
        with _located(where):
            return CommitmentList(items, lead_in, wrap_up, style, id=node_id)
    if kind == "table":
        rows = _listed(data, "rows", where, _typed(Row, "row", "a table's rows"))
        caption = _optional_text(data, "caption", where)
        with _located(where):
            return Table(rows, caption=caption, id=node_id)
    if kind == "row":
        cells = _listed(data, "cells", where, _typed(Cell, "cell", "a row's cells"))
        header = data.get("header", False)
        if not isinstance(header, bool):
            raise ModelError(
                f"expected true or false, got {_type_name(header)}", _path(where, "header")
            )
        with _located(where):
            return Row(cells, header=header, id=node_id)
    if kind == "cell":
        text = _text(data, "text", where, default="")
        with _located(where):
            return Cell(text, id=node_id)
    text = _text(data, "text", where)
    if kind == "paragraph":
        with _located(where):
            return Paragraph(text, id=node_id)
    label = _optional_text(data, "label", where)
    sublist: CommitmentList | None = None
    if data.get("sublist") is not None:
        nested = _node(
            data["sublist"], _path(where, "sublist"), default_type="list", depth=depth + 1
        )
        if not isinstance(nested, CommitmentList):
            raise ModelError("a point's sublist must be a list", _path(where, "sublist"))
        sublist = nested
    with _located(where):
        return Commitment(text, label=label, sublist=sublist, id=node_id)


def _nested(read: Callable[[object, str, int], _T], depth: int) -> Callable[[object, str], _T]:
    return lambda data, where: read(data, where, depth)


def _typed(kind: type[_T], name: str, what: str) -> Callable[[object, str], _T]:
    def read(data: object, where: str) -> _T:
        node = _node(data, where, default_type=name)
        if not isinstance(node, kind):
            raise ModelError(f"{what} must be of type {name!r}", where)
        return node

    return read


def _block(data: object, where: str, depth: int = 1) -> Block:
    node = _node(data, where, depth=depth)
    if not isinstance(node, BLOCK_TYPES):
        raise ModelError(f"a {type(node).__name__.lower()} cannot stand as a block", where)
    return node


def _commitment(data: object, where: str, depth: int = 1) -> Commitment:
    node = _node(data, where, default_type="commitment", depth=depth)
    if not isinstance(node, Commitment):
        raise ModelError("a list's items must be commitments", where)
    return node


def _style(data: Mapping[str, Any], where: str) -> ListStyle:
    style = _text(data, "style", where, default="bullet")
    if style == "bullet":
        return "bullet"
    if style == "number":
        return "number"
    raise ModelError(
        f"unknown list style {style!r}: use 'bullet' or 'number'", _path(where, "style")
    )


def _metadata(data: object, where: str) -> Metadata:
    data = _mapping(data, where)
    _check_keys(data, _METADATA_KEYS, where)
    fields: dict[str, Any] = {
        key: _optional_text(data, key, where)
        for key in ("document_type", "owner", "scope", "source")
    }
    fields.update(
        (key, _date(data, key, where)) for key in ("valid_from", "valid_until", "review_by")
    )
    fields["replaces"] = _listed(data, "replaces", where, _text_value)
    extra_data = _mapping(data.get("extra", {}), _path(where, "extra"))
    fields["extra"] = [(key, _text(extra_data, key, _path(where, "extra"))) for key in extra_data]
    with _located(where):
        return Metadata(**fields)


def _decision(data: object, where: str) -> Decision:
    data = _mapping(data, where)
    with _located(where):
        return Decision.from_dict(data)


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ModelError(f"expected an object, got {_type_name(value)}", where)
    return value


def _listed(
    data: Mapping[str, Any], key: str, where: str, read: Callable[[object, str], _T]
) -> list[_T]:
    """Read the list under *key* with *read*, each item with its path."""
    path = _path(where, key)
    value = data.get(key, [])
    if not isinstance(value, list | tuple):
        raise ModelError(f"expected a list, got {_type_name(value)}", path)
    return [read(item, f"{path}[{index}]") for index, item in enumerate(value)]


def _text_value(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise ModelError(f"expected text, got {_type_name(value)}", path)
    return value


def _text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    if key not in data:
        if default is None:
            raise ModelError(f"missing {key!r}", where or None)
        return default
    return _text_value(data[key], _path(where, key))


def _optional_text(data: Mapping[str, Any], key: str, where: str) -> str | None:
    return None if data.get(key) is None else _text(data, key, where)


def _date(data: Mapping[str, Any], key: str, where: str) -> datetime.date | None:
    text = _optional_text(data, key, where)
    if text is None:
        return None
    path = _path(where, key)
    if _ISO_DATE.fullmatch(text) is None:
        raise ModelError(f"a date must be text in the form YYYY-MM-DD, got {text!r}", path)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ModelError(f"impossible date {text}", path) from None


def _check_keys(data: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    unknown = sorted(str(key) for key in data if key not in known)
    if unknown:
        raise ModelError(f"unknown field(s): {', '.join(unknown)}", where or None)


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


@contextmanager
def _located(where: str) -> Iterator[None]:
    """Put *where* in front of the location of an error the model raises while building."""
    try:
        yield
    except PolicyVersionsError as error:
        located = where if error.where is None else f"{where}: {error.where}"
        raise type(error)(error.what, located) from error
