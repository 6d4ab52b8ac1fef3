"""The XML form of a :class:`~policyversions.compare.changes.PolicyDiff`.

:func:`diff_to_xml` writes a diff, :func:`diff_from_xml` reads it back, and
``diff_from_xml(diff_to_xml(d)) == d`` for every diff. It carries exactly what the JSON form
(:meth:`PolicyDiff.to_json <policyversions.compare.changes.PolicyDiff.to_json>`) carries; every
document :func:`diff_to_xml` writes validates against the RELAX NG schema shipped as
``policyversions/formats/schemas/diff-1.rng``, and :func:`diff_from_xml` refuses every document that
does not.

Example (a commitment that went from *ska* to *bör*)::

    <?xml version='1.0' encoding='UTF-8'?>
    <diff xmlns="urn:policyversions:diff" xmlns:p="urn:policyversions:policy"
          format-version="2" old-digest="3f1c…" new-digest="9a0b…">
      <id-map>
        <renamed old="sec_3" new="sec_4"/>
      </id-map>
      <changes>
        <change kind="reworded" node="commitment" field="text" classification="substantive">
          <old parent="sec_3__list_1" index="1">
            <id>sec_3__list_1__point_2</id>
            <text>Du ska ge återkoppling.</text>
            <trail><heading>Ledarskap</heading></trail>
          </old>
          <new parent="sec_4__list_1" index="1">
            <id>sec_4__list_1__point_2</id>
            <text>Du bör ge återkoppling.</text>
            <trail><heading>Ledarskap</heading></trail>
          </new>
          <ops><equal>Du </equal><delete>ska</delete><insert>bör</insert>
               <equal> ge återkoppling.</equal></ops>
          <strength change="weakened" old="ska" new="bör"/>
        </change>
      </changes>
    </diff>

Elements and attributes
-----------------------
Elements of the diff are in the namespace ``urn:policyversions:diff`` (:data:`NAMESPACE`);
node content, metadata and decisions are elements of our policy format (namespace
``urn:policyversions:policy``, documented in :mod:`policyversions.formats.policyxml`; the diff
schema includes ``policy-2.rng``). Attributes are in no namespace. Children appear in the order
listed. Unlike the policy format, white space inside text is significant here: word operations
such as ``"Du "`` keep their spaces, and text is read back exactly as written.

``<diff format-version="2" old-digest="..." new-digest="...">``
    The root. ``format-version`` is ``2`` (:data:`FORMAT_VERSION`; version ``1`` diffs, made
    before provisions, labels, nested points and tables, are read too); the digests are
    :func:`~policyversions.formats.digest.policy_digest` of the two revisions (may be empty).
    Children: an optional ``<id-map>`` and an optional ``<changes>`` (:func:`diff_to_xml` writes
    both).
``<id-map>``
    Zero or more ``<renamed old="..." new="..."/>``: the ``id_map`` pairs, in order.
``<changes>``
    Zero or more ``<change>``, in the diff's order.
``<change kind="..." node="..." field="..." classification="...">``
    One :class:`~policyversions.compare.changes.Change`. ``kind`` is one of the change kinds
    (``added``, ``removed``, ``reworded``, ``moved``, ``split``, ``merged``,
    ``section_renamed``, ``section_moved``, ``lead_in_changed``, ``style_changed``,
    ``relabelled``, ``title_changed``, ``metadata_changed``, ``decisions_changed``); ``node`` is
    ``section``, ``paragraph``, ``list``, ``commitment``, ``table``, ``row``, ``cell`` or
    ``policy``; ``field`` names the field that changed (``text``, ``heading``, ``number``,
    ``label``, ``lead_in``, ``caption``, …); ``classification`` is ``editorial`` or
    ``substantive``. Children: ``<old>`` and ``<new>`` (always both), then an optional ``<ops>``
    and an optional ``<strength>``.
``<old>`` / ``<new>``
    One side of the change. Attributes ``parent`` (the parent id; ``""`` is the policy body;
    absent means none) and ``index`` (an integer; absent means none). Children, each optional,
    in this order:

    ``<id>`` (repeatable)
        The node ids on this side (``old_ids`` / ``new_ids``), in order.
    ``<text>``
        The text on this side (absent means ``None``; an empty element is the empty text).
    ``<trail>``
        The headings of the enclosing sections, from the root, as ``<heading>`` elements
        (absent means no heading).
    ``<content>``
        The nodes of the change on this side (``old_content`` / ``new_content``) with their
        subtrees, as policy-format ``<p:section>``, ``<p:paragraph>``, ``<p:list>``,
        ``<p:table>``, or, for a lone point, row or cell, ``<p:item>``, ``<p:row>``,
        ``<p:cell>``.
    ``<p:metadata>``
        The metadata on this side (``metadata_changed`` only), as in the policy format.
    ``<p:decisions>``
        The decisions on this side (``decisions_changed`` only; absent means ``None``, empty
        means none), as in the policy format.
``<ops>``
    The word-level redline: ``<equal>``, ``<delete>`` and ``<insert>`` elements in order, each
    holding its text exactly (an empty element is the empty text).
``<strength change="weakened|strengthened" old="ska" new="bör" old-points="6" new-points="6"/>``
    A change of obligation strength (:class:`~policyversions.compare.modality.Strength`);
    ``old-points``/``new-points`` (both or neither; absent means 0) count the points whose force
    a lead-in's change changed.

Reading untrusted XML
---------------------
:func:`diff_from_xml` reads with the hardened parser of :mod:`policyversions.formats.xmlsafe`: input
larger than :data:`~policyversions.formats.xmlsafe.MAX_XML_BYTES` is refused before parsing, every
``DOCTYPE`` is refused (no entity is ever declared, expanded or loaded), the network is never
touched, comments and processing instructions are dropped; then the document is validated
against the schema and the model is built. Every failure is a
:class:`~policyversions.errors.DiffError` whose ``where`` names the source and the line:
``"changes.xml, line 12"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lxml import etree

from ..errors import DecisionError, DiffError, ModelError, XMLFormatError
from ..formats import policyxml, xmlsafe
from ..model import Cell, Commitment, Decision, Metadata, Node, Row
from .changes import CHANGE_KINDS, Change
from .modality import Strength
from .policydiff import PolicyDiff
from .wording import Op, WordOp

__all__ = ["FORMAT_VERSION", "NAMESPACE", "SCHEMAS", "SCHEMA_RESOURCE", "diff_from_xml",
"diff_to_xml"]

NAMESPACE = "urn:policyversions:diff"
"""The namespace of the diff's own elements."""

FORMAT_VERSION = "2"
"""The value of ``format-version`` this module writes."""

SCHEMAS = {"1": "schemas/diff-1.rng", "2": "schemas/diff-2.rng"}
"""The schema of each format version this module reads."""

SCHEMA_RESOURCE = SCHEMAS[FORMAT_VERSION]
"""The RELAX NG schema's path inside the ``policyversions`` package."""

_POLICY = policyxml.NAMESPACE
_NSMAP: Any = {None: NAMESPACE, "p": _POLICY}
_OPS: tuple[Op, ...] = ("equal", "delete", "insert")


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


# --------------------------------------------------------------------------------------------
# Writing


def diff_to_xml(diff: PolicyDiff) -> bytes:
    """Serialise *diff* to XML: UTF-8 bytes with an XML declaration, indented.

    The result validates against ``schemas/diff-1.rng`` and :func:`diff_from_xml` reads it
    back to an equal diff. Raises :class:`DiffError` only for a hand-made change whose text
    holds a character XML cannot carry (the model never holds one).
    """
    root = etree.Element(_tag("diff"), nsmap=_NSMAP)
    root.set("format-version", FORMAT_VERSION)
    try:
        root.set("old-digest", diff.old_digest)
        root.set("new-digest", diff.new_digest)
        id_map = etree.SubElement(root, _tag("id-map"))
        for old, new in diff.id_map:
            etree.SubElement(id_map, _tag("renamed"), old=old, new=new)
        changes = etree.SubElement(root, _tag("changes"))
        for number, change in enumerate(diff.changes, start=1):
            try:
                _write_change(changes, change)
            except ValueError as error:
                raise DiffError(f"cannot write change {number} as XML: {error}") from None
    except ValueError as error:
        raise DiffError(f"cannot write the diff as XML: {error}") from None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_change(parent: etree._Element, change: Change) -> None:
    element = etree.SubElement(parent, _tag("change"))
    element.set("kind", change.kind)
    element.set("node", change.node)
    element.set("field", change.field)
    element.set("classification", change.classification)
    _write_side(
        element,
        "old",
        change.old_ids,
        change.old_text,
        change.old_trail,
        change.old_parent,
        change.old_index,
        change.old_content,
        change.old_metadata,
        change.old_decisions,
    )
    _write_side(
        element,
        "new",
        change.new_ids,
        change.new_text,
        change.new_trail,
        change.new_parent,
        change.new_index,
        change.new_content,
        change.new_metadata,
        change.new_decisions,
    )
    if change.ops:
        ops = etree.SubElement(element, _tag("ops"))
        for op, text in change.ops:
            etree.SubElement(ops, _tag(op)).text = text
    if change.strength is not None:
        strength = change.strength
        node = etree.SubElement(
            element, _tag("strength"), change=strength.change, old=strength.old, new=strength.new
        )
        if strength.old_points or strength.new_points:
            node.set("old-points", str(strength.old_points))
            node.set("new-points", str(strength.new_points))


def _write_side(
    parent: etree._Element,
    name: str,
    ids: tuple[str, ...],
    text: str | None,
    trail: tuple[str, ...],
    parent_id: str | None,
    index: int | None,
    content: tuple[Node, ...],
    metadata: Metadata | None,
    decisions: tuple[Decision, ...] | None,
) -> None:
    side = etree.SubElement(parent, _tag(name))
    if parent_id is not None:
        side.set("parent", parent_id)
    if index is not None:
        side.set("index", str(index))
    for node_id in ids:
        etree.SubElement(side, _tag("id")).text = node_id
    if text is not None:
        etree.SubElement(side, _tag("text")).text = text
    if trail:
        trail_element = etree.SubElement(side, _tag("trail"))
        for heading in trail:
            etree.SubElement(trail_element, _tag("heading")).text = heading
    if content:
        content_element = etree.SubElement(side, _tag("content"))
        for node in content:
            if isinstance(node, Commitment):
                policyxml.write_item(content_element, node)
            elif isinstance(node, Row):
                policyxml.write_row(content_element, node)
            elif isinstance(node, Cell):
                cell = etree.SubElement(content_element, f"{{{_POLICY}}}cell", id=node.id)
                cell.text = node.text
            else:
                policyxml.write_block(content_element, node)
    if metadata is not None:
        policyxml.write_metadata(side, metadata)
    if decisions is not None:
        decisions_element = etree.SubElement(side, f"{{{_POLICY}}}decisions")
        for decision in decisions:
            policyxml.write_decision(decisions_element, decision)


# --------------------------------------------------------------------------------------------
# Reading


def diff_from_xml(data: bytes | str, *, source: str = "<xml>") -> PolicyDiff:
    """Parse the XML form of a diff (as :func:`diff_to_xml` writes it) into a :class:`PolicyDiff`.

    *source* names the input in error messages. Raises :class:`DiffError` with the line for
    anything wrong: input too large, malformed XML, a ``DOCTYPE``, a wrong root, namespace or
    ``format-version``, a document the schema refuses, or content the model refuses.
    """
    try:
        root = xmlsafe.parse_untrusted(data, source=source, kind="diff XML")
        xmlsafe.check_root(
            root,
            source=source,
            name="diff",
            namespace=NAMESPACE,
            versions=tuple(SCHEMAS),
            kind="a policy diff",
        )
        policyxml.check_values(root, source)  # clearer messages for policy-format content
        schema = SCHEMAS[root.get("format-version", FORMAT_VERSION)]
        xmlsafe.check_schema(root.getroottree(), schema, source=source, kind="diff")
        return _read_diff(root, source)
    except XMLFormatError as error:
        raise DiffError(error.what, error.where) from None


def _read_diff(root: etree._Element, source: str) -> PolicyDiff:
    children = {etree.QName(child).localname: child for child in root}
    id_map: tuple[tuple[str, str], ...] = ()
    if "id-map" in children:
        id_map = tuple(
            (element.get("old", ""), element.get("new", "")) for element in children["id-map"]
        )
    changes: tuple[Change, ...] = ()
    if "changes" in children:
        changes = tuple(_read_change(element, source) for element in children["changes"])
    return PolicyDiff(
        changes=changes,
        id_map=id_map,
        old_digest=root.get("old-digest", ""),
        new_digest=root.get("new-digest", ""),
    )


@contextmanager
def _at(element: etree._Element, source: str) -> Iterator[None]:
    """Turn model errors raised inside the block into DiffError at *element*'s line."""
    try:
        yield
    except (ModelError, DecisionError, XMLFormatError) as error:
        where = error.where if isinstance(error, XMLFormatError) else None
        raise DiffError(
            f"malformed policy diff: {error.what}",
            where or xmlsafe.location(source, xmlsafe.line_of(element)),
        ) from None


class _Side:
    """What one ``<old>`` or ``<new>`` element holds."""

    def __init__(self, element: etree._Element, source: str) -> None:
        parent = element.get("parent")
        index = element.get("index")
        self.parent: str | None = parent
        self.index: int | None = None if index is None else int(index)
        self.ids: list[str] = []
        self.text: str | None = None
        self.trail: tuple[str, ...] = ()
        self.content: tuple[Node, ...] = ()
        self.metadata: Metadata | None = None
        self.decisions: tuple[Decision, ...] | None = None
        for child in element:
            qname = etree.QName(child)
            name = qname.localname
            if name == "id":
                self.ids.append(_exact_text(child))
            elif name == "text":
                self.text = _exact_text(child)
            elif name == "trail":
                self.trail = tuple(_exact_text(heading) for heading in child)
            elif name == "content":
                self.content = tuple(_read_node(node, source) for node in child)
            elif name == "metadata":
                with _at(child, source):
                    self.metadata = policyxml.Reader(source).metadata(child)
            elif name == "decisions":
                reader = policyxml.Reader(source)
                with _at(child, source):
                    self.decisions = tuple(reader.decision(item) for item in child)


def _read_node(element: etree._Element, source: str) -> Node:
    reader = policyxml.Reader(source)  # one per node: ids repeat across a change's sides
    name = etree.QName(element).localname
    with _at(element, source):
        if name == "item":
            return reader.item(element)
        if name == "row":
            return reader.row(element)
        if name == "cell":
            return Cell(policyxml.element_text(element), id=element.get("id", ""))
        return reader.block(element)


def _read_change(element: etree._Element, source: str) -> Change:
    children = {etree.QName(child).localname: child for child in element}
    old = _Side(children["old"], source)
    new = _Side(children["new"], source)
    ops: tuple[WordOp, ...] = ()
    if "ops" in children:
        ops = tuple(_read_op(op) for op in children["ops"])
    strength: Strength | None = None
    if "strength" in children:
        attributes = children["strength"]
        strength = Strength(
            attributes.get("change"),  # type: ignore[arg-type]  # the schema allows two values
            attributes.get("old", ""),
            attributes.get("new", ""),
            int(attributes.get("old-points", "0")),
            int(attributes.get("new-points", "0")),
        )
    kind = element.get("kind", "")
    if kind not in CHANGE_KINDS:  # the schema already refuses it; kept for a clear message
        raise DiffError(
            f"unknown change kind {kind!r}",
            xmlsafe.location(source, xmlsafe.line_of(element)),
        )
    values: dict[str, Any] = {
        "kind": kind,
        "node": element.get("node"),
        "classification": element.get("classification"),
    }
    return Change(
        **values,
        old_ids=tuple(old.ids),
        new_ids=tuple(new.ids),
        field=element.get("field", "text"),
        old_text=old.text,
        new_text=new.text,
        old_trail=old.trail,
        new_trail=new.trail,
        old_parent=old.parent,
        old_index=old.index,
        new_parent=new.parent,
        new_index=new.index,
        ops=ops,
        strength=strength,
        old_content=old.content,
        new_content=new.content,
        old_metadata=old.metadata,
        new_metadata=new.metadata,
        old_decisions=old.decisions,
        new_decisions=new.decisions,
    )


def _read_op(element: etree._Element) -> WordOp:
    name = etree.QName(element).localname
    op = next(op for op in _OPS if op == name)
    return (op, _exact_text(element))


def _exact_text(element: etree._Element) -> str:
    """The text of a text-only element, exactly as written (``""`` when empty)."""
    return element.text or ""
