"""Our own XML format for policies: a small, documented, lossless serialisation of the model.

:func:`to_xml` writes a :class:`~policyversions.model.Policy`, :func:`from_xml` reads it back, and
``from_xml(to_xml(p)) == p`` for every policy. Every document :func:`to_xml` writes validates
against the RELAX NG schema shipped as ``policyversions/formats/schemas/policy-1.rng``;
:func:`from_xml` and :func:`validate_xml` refuse every document that does not.

Example::

    <?xml version='1.0' encoding='UTF-8'?>
    <policy xmlns="urn:policyversions:policy" format-version="1">
      <title>Ledar- och medarbetarpolicy</title>
      <metadata>
        <owner>Personalavdelningen</owner>
        <valid-from>2007-07-01</valid-from>
        <extra key="diarienummer">KS 2007/12</extra>
      </metadata>
      <decisions>
        <decision action="reviderad" organ-abbreviation="KF" organ-name="kommunfullmäktige"
                  date="2007-06-18" year="2007" item="118">Reviderad KF 2007-06-18 § 118</decision>
      </decisions>
      <body>
        <section id="sec_1">
          <heading>Omfattning</heading>
          <paragraph id="sec_1__para_1">Policyn gäller alla anställda.</paragraph>
          <list id="sec_1__list_1" style="bullet">
            <lead-in>Du ska som ledare</lead-in>
            <item id="sec_1__list_1__point_1">vara tydlig,</item>
            <item id="sec_1__list_1__point_2">ge återkoppling.</item>
          </list>
        </section>
      </body>
    </policy>

Elements and attributes
-----------------------
All elements are in the namespace ``urn:policyversions:policy`` (:data:`NAMESPACE`); attributes
are in no namespace. Children appear in exactly the order listed here. Text is stored in the
model in normal form (NFC, white space collapsed; see :mod:`policyversions.model.text`), so white
space inside text elements is insignificant on input; text elements marked *required text*
must hold at least one character that is not white space.

``<policy format-version="1">``
    The root. ``format-version`` (required) is ``1`` (:data:`FORMAT_VERSION`); other versions
    are refused. Children: ``<title>``, an optional ``<metadata>``, an optional
    ``<decisions>``, and ``<body>``. :func:`to_xml` always writes all four.
``<title>``
    Required text: the policy's title.
``<metadata>``
    What the policy says about itself (:class:`~policyversions.model.Metadata`). Each child
    is optional and appears at most once unless marked repeatable, in this order:

    ``<document-type>`` (required text)
        The kind of document, e.g. ``policy``, ``riktlinje``.
    ``<owner>`` (required text)
        The document owner (*dokumentansvarig*).
    ``<scope>`` (required text)
        Whom the policy covers (*omfattning*, *gäller för*).
    ``<valid-from>``, ``<valid-until>``, ``<review-by>``
        Dates written ``YYYY-MM-DD`` with no white space around them (ISO 8601 calendar dates
        that exist: ``2007-02-30`` is refused): valid from, valid until and including, to be
        reviewed by.
    ``<replaces>`` (required text; repeatable)
        A document this policy replaces (*ersätter*), one element each, in order.
    ``<source>`` (required text)
        Where the text came from (a file name or address).
    ``<extra key="...">`` (repeatable)
        Any other key/value pair, in order. ``key`` (required, not only white space, unique
        within the policy) names it; the element text is the value and may be empty.
``<decisions>``
    The :class:`~policyversions.model.decision.Decision` values that adopted, revised or repealed
    the policy, oldest first, as zero or more ``<decision>`` elements. Each carries every field
    as an attribute:

    ``action`` (optional)
        One of ``antagen``, ``reviderad``, ``fastställd``, ``beslutad``, ``upphävd``
        (:class:`~policyversions.model.decision.Action` values).
    ``organ-abbreviation``, ``organ-name`` (optional; at least one of them)
        The deciding body, e.g. ``KF`` and ``kommunfullmäktige``. The model normalises both
        and completes a known organ given by either half (see
        :class:`~policyversions.model.decision.Organ`); the two must not name different organs.
    ``date`` (optional)
        The meeting date, ``YYYY-MM-DD``; its year must equal ``year``.
    ``year`` (required)
        The year of the decision, an integer from 1 to 9999.
    ``item`` (optional)
        The paragraph (§) number of the minutes, a positive integer without leading zeros.
    ``case-number`` (optional)
        The case number (*diarienummer*) without the ``Dnr`` prefix and without parentheses.
    ``act-number`` (optional)
        The act number in a statute book, ``SFS 2024:1362`` or ``KFS 2019:3``
        (:data:`~policyversions.model.decision.ACT_NUMBER`). Files written before this attribute
        kept an act number in ``case-number``; it is read as the act number.
    ``effective`` (optional)
        The date the decision takes effect (*gäller från*), ``YYYY-MM-DD``. Files without it
        read as decisions effective from their date.

    The element text is the canonical citation (``Reviderad KF 2007-06-18 § 118``), written
    for human readers and ignored on input.
``<body>``
    The policy's blocks, in order: zero or more ``<section>``, ``<paragraph>`` and ``<list>``
    elements, mixed freely.
``<section id="...">``
    A :class:`~policyversions.model.Section`: a ``<heading>`` (required text) followed by zero
    or more blocks (sections nest).
``<paragraph id="...">``
    A :class:`~policyversions.model.Paragraph`; its text is required text.
``<list id="..." style="bullet|number">``
    A :class:`~policyversions.model.CommitmentList`. ``style`` (required) is ``bullet`` or
    ``number``. Children: an optional ``<lead-in>`` (required text), one or more
    ``<item id="...">`` (a :class:`~policyversions.model.Commitment`; required text), and an
    optional ``<wrap-up>`` (required text).

``id`` (required on ``section``, ``paragraph``, ``list`` and ``item``) is the node id in Akoma
Ntoso ``eId`` style (``sec_4__list_1__point_2``): lowercase ASCII letters, digits and single
underscores, parts joined by ``__``, at most 200 characters; ids are unique within a document.

Reading untrusted XML
---------------------
:func:`from_xml` accepts ``bytes`` (any encoding the XML declaration names) or ``str`` (read as
Unicode whatever its declaration says). It refuses input larger than :data:`MAX_XML_BYTES`
before parsing, refuses every ``DOCTYPE`` (so no entity is ever declared, expanded or loaded:
no billion laughs, no external entities), never touches the network, drops comments and
processing instructions, validates against the schema and then builds the model. Every failure
is an :class:`~policyversions.errors.XMLFormatError` whose ``where`` names the source and the
line: ``"policy.xml, line 12"``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from ..errors import DecisionError, ModelError, XMLFormatError
from ..model import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    Action,
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Decision,
    Metadata,
    Organ,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    normalize,
)
from .xmlsafe import (
    MAX_XML_BYTES,
    check_root,
    check_schema,
    line_of,
    location,
    parse_untrusted,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_XML_BYTES",
    "NAMESPACE",
    "SCHEMAS",
    "SCHEMA_RESOURCE",
    "from_xml",
    "to_xml",
    "validate_xml",
]

NAMESPACE = "urn:policyversions:policy"
"""The namespace of every element of the format."""

FORMAT_VERSION = "2"
"""The value of ``format-version`` this module writes."""

SCHEMAS = {"1": "schemas/policy-1.rng", "2": "schemas/policy-2.rng"}
"""The RELAX NG schema of each format version this module reads, by ``format-version``: version
1 (sections with headings, lists of plain points) is a subset of version 2, and reads into the
same model."""

SCHEMA_RESOURCE = SCHEMAS[FORMAT_VERSION]
"""The path of the schema of the version this module writes, inside
:mod:`policyversions.formats`."""

_TEXT_ELEMENTS = frozenset(
    {
        "title",
        "document-type",
        "owner",
        "scope",
        "replaces",
        "source",
        "heading",
        "paragraph",
        "lead-in",
        "text",
        "wrap-up",
        "caption",
    }
)
_DATE_ELEMENTS = frozenset({"valid-from", "valid-until", "review-by"})
_ID_ELEMENTS = frozenset({"section", "paragraph", "list", "item", "table", "row", "cell"})
_YEAR = re.compile(r"-?[0-9]+")
_ITEM = re.compile(r"[1-9][0-9]*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ACTIONS = {action.value: action for action in Action}


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


# --------------------------------------------------------------------------------------------
# Writing


def to_xml(policy: Policy) -> bytes:
    """Serialise *policy* to our XML format: UTF-8 bytes with an XML declaration, indented.

    The result validates against the schema and :func:`from_xml` reads it back to an equal
    policy. It never fails: the model's text holds only characters XML can carry.
    """
    root = etree.Element(_tag("policy"), nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    root.set("format-version", FORMAT_VERSION)
    _text_element(root, "title", policy.title)
    write_metadata(root, policy.metadata)
    decisions = etree.SubElement(root, _tag("decisions"))
    for decision in policy.decisions:
        write_decision(decisions, decision)
    body = etree.SubElement(root, _tag("body"))
    for block in policy.body:
        write_block(body, block)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _text_element(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, _tag(name))
    element.text = text
    return element


def write_metadata(root: etree._Element, metadata: Metadata) -> None:
    """Append the ``<metadata>`` element of *metadata* to *root* (also used by other formats)."""
    element = etree.SubElement(root, _tag("metadata"))
    for name, value in (
        ("document-type", metadata.document_type),
        ("owner", metadata.owner),
        ("scope", metadata.scope),
    ):
        if value is not None:
            _text_element(element, name, value)
    for name, date in (
        ("valid-from", metadata.valid_from),
        ("valid-until", metadata.valid_until),
        ("review-by", metadata.review_by),
    ):
        if date is not None:
            _text_element(element, name, date.isoformat())
    for replaced in metadata.replaces:
        _text_element(element, "replaces", replaced)
    if metadata.source is not None:
        _text_element(element, "source", metadata.source)
    for key, value in metadata.extra:
        _text_element(element, "extra", value).set("key", key)


def write_decision(parent: etree._Element, decision: Decision) -> None:
    """Append a ``<decision>`` element for *decision* to *parent*."""
    element = etree.SubElement(parent, _tag("decision"))
    if decision.action is not None:
        element.set("action", decision.action.value)
    if decision.organ.abbreviation is not None:
        element.set("organ-abbreviation", decision.organ.abbreviation)
    if decision.organ.name is not None:
        element.set("organ-name", decision.organ.name)
    if decision.date is not None:
        element.set("date", decision.date.isoformat())
    element.set("year", str(decision.year))
    if decision.item is not None:
        element.set("item", str(decision.item))
    if decision.case_number is not None:
        element.set("case-number", decision.case_number)
    if decision.act_number is not None:
        element.set("act-number", decision.act_number)
    if decision.effective is not None:
        element.set("effective", decision.effective.isoformat())
    element.text = str(decision)


def write_block(parent: etree._Element, block: Block) -> None:
    """Append *block* and its whole subtree to *parent* as elements of our format."""
    if isinstance(block, Section):
        element = etree.SubElement(parent, _tag("section"), id=block.id)
        if block.number is not None:
            element.set("number", block.number)
        if block.heading is not None:
            _text_element(element, "heading", block.heading)
        for child in block.children:
            write_block(element, child)
    elif isinstance(block, Paragraph):
        _text_element(parent, "paragraph", block.text).set("id", block.id)
    elif isinstance(block, Table):
        write_table(parent, block)
    else:
        write_list(parent, block)


def write_list(parent: etree._Element, block: CommitmentList) -> None:
    """Append a ``<list>`` with its points (and the lists nested under them) to *parent*."""
    element = etree.SubElement(parent, _tag("list"), id=block.id, style=block.style)
    if block.lead_in is not None:
        _text_element(element, "lead-in", block.lead_in)
    for item in block.items:
        write_item(element, item)
    if block.wrap_up is not None:
        _text_element(element, "wrap-up", block.wrap_up)


def write_item(parent: etree._Element, item: Commitment) -> None:
    """Append an ``<item>``: its text alone, or ``<text>`` and the nested ``<list>``."""
    if item.sublist is None:
        element = _text_element(parent, "item", item.text)
    else:
        element = etree.SubElement(parent, _tag("item"))
        _text_element(element, "text", item.text)
        write_list(element, item.sublist)
    element.set("id", item.id)
    if item.label is not None:
        element.set("label", item.label)


def write_table(parent: etree._Element, table: Table) -> None:
    """Append a ``<table>`` with its rows and cells to *parent*."""
    element = etree.SubElement(parent, _tag("table"), id=table.id)
    if table.caption is not None:
        _text_element(element, "caption", table.caption)
    for row in table.rows:
        write_row(element, row)


def write_row(parent: etree._Element, row: Row) -> None:
    """Append a ``<row>`` (``header="true"`` for a header row) with its cells to *parent*."""
    element = etree.SubElement(parent, _tag("row"), id=row.id)
    if row.header:
        element.set("header", "true")
    for cell in row.cells:
        _text_element(element, "cell", cell.text).set("id", cell.id)


# --------------------------------------------------------------------------------------------
# Reading


def validate_xml(data: bytes | str, *, source: str = "<xml>") -> None:
    """Check that *data* is a valid document of our format: one :func:`from_xml` accepts.

    Returns ``None`` if it is; otherwise raises the :class:`XMLFormatError` that
    :func:`from_xml` raises (with ``where=f"{source}, line {n}"``). Beyond the schema this
    checks what only the model knows, such as duplicate ids and a decision whose date falls
    in another year than its ``year``.
    """
    from_xml(data, source=source)


def from_xml(data: bytes | str, *, source: str = "<xml>") -> Policy:
    """Parse a document of our format into a :class:`Policy`.

    *source* names the input in error messages (a file name, say). Raises
    :class:`XMLFormatError` with the line for anything wrong: input too large, malformed XML,
    a ``DOCTYPE``, a wrong namespace or ``format-version``, a document the schema refuses, or
    values the model refuses (invalid or duplicate ids, impossible dates, empty text).
    """
    root = _parse_valid(data, source)
    return Reader(source).policy(root)


def _parse_valid(data: bytes | str, source: str) -> etree._Element:
    root = parse_untrusted(data, source=source, kind="policy XML")
    check_root(
        root,
        source=source,
        name="policy",
        namespace=NAMESPACE,
        versions=tuple(SCHEMAS),
        kind="a policy",
    )
    check_values(root, source)
    schema = SCHEMAS[root.get("format-version", FORMAT_VERSION)]
    check_schema(root.getroottree(), schema, source=source, kind="policy")
    return root


def check_values(root: etree._Element, source: str) -> None:
    """Check ids, dates and required text, with clearer messages than the schema gives."""
    for element in root.iter(etree.Element):
        qname = etree.QName(element)
        if qname.namespace != NAMESPACE:
            continue
        name = qname.localname
        where = location(source, line_of(element))
        if name in _ID_ELEMENTS:
            node_id = element.get("id")
            if node_id is not None:
                _check_id(node_id, name, where)
        if name in _TEXT_ELEMENTS and not element_text(element).strip():
            raise XMLFormatError(f"<{name}> must not be empty", where)
        if name == "item" and len(element) == 0 and not element_text(element).strip():
            raise XMLFormatError("<item> must not be empty", where)
        if name in _DATE_ELEMENTS:
            _parse_date(element_text(element), f"date in <{name}>", where)
        if name == "decision":
            _check_decision(element, where)


def _check_decision(element: etree._Element, where: str) -> None:
    date = element.get("date")
    if date is not None:
        _parse_date(date, "decision date", where)
    year = element.get("year")
    if year is None:
        raise XMLFormatError("<decision> has no year attribute", where)
    if _YEAR.fullmatch(year) is None:
        raise XMLFormatError(f"invalid decision year {year[:40]!r}: write a number", where)
    item = element.get("item")
    if item is not None and _ITEM.fullmatch(item) is None:
        raise XMLFormatError(
            f"invalid decision item {item[:40]!r}: the § must be a positive number", where
        )
    effective = element.get("effective")
    if effective is not None:
        _parse_date(effective, "effective date", where)
    action = element.get("action")
    if action is not None and action not in _ACTIONS:
        raise XMLFormatError(
            f"unknown decision action {action[:40]!r}: use one of {', '.join(_ACTIONS)}", where
        )


def _check_id(node_id: str, name: str, where: str) -> None:
    if len(node_id) > MAX_ID_LENGTH or ID_PATTERN.fullmatch(node_id) is None:
        raise XMLFormatError(
            f"invalid id {node_id[:60]!r} on <{name}>: use lowercase letters, digits and '_' "
            f"(parts joined by '__'), at most {MAX_ID_LENGTH} characters",
            where,
        )


def _parse_date(value: str, what: str, where: str) -> datetime.date:
    if _ISO_DATE.fullmatch(value) is None:
        raise XMLFormatError(f"invalid {what} {value[:40]!r}: write dates as YYYY-MM-DD", where)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise XMLFormatError(f"invalid {what} {value!r}: {error}", where) from None


class Reader:
    """Builds the model from a validated tree, naming the line of anything the model refuses."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.seen_ids: dict[str, int | None] = {}

    @contextmanager
    def at(self, element: etree._Element) -> Iterator[None]:
        """Turn model errors raised inside the block into XMLFormatError at *element*'s line."""
        try:
            yield
        except (ModelError, DecisionError) as error:
            raise XMLFormatError(str(error), location(self.source, line_of(element))) from None

    def policy(self, root: etree._Element) -> Policy:
        """Read the ``<policy>`` root."""
        children = {etree.QName(child).localname: child for child in root}
        metadata = Metadata()
        if "metadata" in children:
            metadata = self.metadata(children["metadata"])
        decisions: list[Decision] = []
        if "decisions" in children:
            decisions = [self.decision(element) for element in children["decisions"]]
        body = tuple(self.block(element) for element in children["body"])
        with self.at(root):
            return Policy(
                title=element_text(children["title"]),
                body=body,
                metadata=metadata,
                decisions=decisions,
            )

    def metadata(self, element: etree._Element) -> Metadata:
        """Read ``<metadata>``."""
        texts: dict[str, str] = {}
        dates: dict[str, datetime.date] = {}
        replaces: list[str] = []
        extra: list[tuple[str, str]] = []
        keys: set[str] = set()
        for child in element:
            name = etree.QName(child).localname
            where = location(self.source, line_of(child))
            if name in _DATE_ELEMENTS:
                dates[name] = _parse_date(element_text(child), f"date in <{name}>", where)
            elif name == "replaces":
                replaces.append(element_text(child))
            elif name == "extra":
                key = child.get("key", "")
                with self.at(child):
                    normal_key = normalize(key)
                if normal_key in keys:
                    raise XMLFormatError(f"duplicate metadata key {normal_key!r}", where)
                keys.add(normal_key)
                extra.append((key, element_text(child)))
            else:
                texts[name] = element_text(child)
        with self.at(element):
            return Metadata(
                document_type=texts.get("document-type"),
                owner=texts.get("owner"),
                scope=texts.get("scope"),
                valid_from=dates.get("valid-from"),
                valid_until=dates.get("valid-until"),
                review_by=dates.get("review-by"),
                replaces=replaces,
                source=texts.get("source"),
                extra=extra,
            )

    def decision(self, element: etree._Element) -> Decision:
        """Read one ``<decision>``; its text is ignored."""
        where = location(self.source, line_of(element))
        date_text = element.get("date")
        date = None if date_text is None else _parse_date(date_text, "decision date", where)
        item = element.get("item")
        action = element.get("action")
        effective_text = element.get("effective")
        effective = (
            None if effective_text is None else _parse_date(effective_text, "effective date", where)
        )
        with self.at(element):
            return Decision(
                organ=Organ(
                    abbreviation=element.get("organ-abbreviation"),
                    name=element.get("organ-name"),
                ),
                year=int(element.get("year", "")),
                date=date,
                item=None if item is None else int(item),
                case_number=element.get("case-number"),
                action=None if action is None else _ACTIONS[action],
                act_number=element.get("act-number"),
                effective=effective,
            )

    def block(self, element: etree._Element) -> Block:
        """Read a ``<section>``, ``<paragraph>``, ``<list>`` or ``<table>``."""
        name = etree.QName(element).localname
        if name == "list":
            return self.list(element)
        if name == "table":
            return self.table(element)
        node_id = self.node_id(element)
        if name == "section":
            heading: str | None = None
            children: list[Block] = []
            for child in element:
                if etree.QName(child).localname == "heading":
                    heading = element_text(child)
                else:
                    children.append(self.block(child))
            with self.at(element):
                return Section(heading, children, number=element.get("number"), id=node_id)
        with self.at(element):
            return Paragraph(element_text(element), id=node_id)

    def list(self, element: etree._Element) -> CommitmentList:
        """Read a ``<list>`` and the lists nested under its points."""
        node_id = self.node_id(element)
        lead_in: str | None = None
        wrap_up: str | None = None
        items: list[Commitment] = []
        for child in element:
            child_name = etree.QName(child).localname
            if child_name == "lead-in":
                lead_in = element_text(child)
            elif child_name == "wrap-up":
                wrap_up = element_text(child)
            else:
                items.append(self.item(child))
        with self.at(element):
            return CommitmentList(
                items,
                lead_in=lead_in,
                wrap_up=wrap_up,
                style="number" if element.get("style") == "number" else "bullet",
                id=node_id,
            )

    def item(self, element: etree._Element) -> Commitment:
        """Read an ``<item>``: its text, or ``<text>`` and a nested ``<list>``."""
        item_id = self.node_id(element)
        parts = list(element)
        text = element_text(parts[0]) if parts else element_text(element)
        sublist = self.list(parts[1]) if len(parts) > 1 else None
        with self.at(element):
            return Commitment(text, label=element.get("label"), sublist=sublist, id=item_id)

    def table(self, element: etree._Element) -> Table:
        """Read a ``<table>`` with its rows and cells."""
        node_id = self.node_id(element)
        caption: str | None = None
        rows: list[Row] = []
        for child in element:
            if etree.QName(child).localname == "caption":
                caption = element_text(child)
            else:
                rows.append(self.row(child))
        with self.at(element):
            return Table(rows, caption=caption, id=node_id)

    def row(self, element: etree._Element) -> Row:
        """Read a ``<row>`` and its cells."""
        node_id = self.node_id(element)
        cells: list[Cell] = []
        for child in element:
            cell_id = self.node_id(child)
            with self.at(child):
                cells.append(Cell(element_text(child), id=cell_id))
        with self.at(element):
            return Row(cells, header=element.get("header") == "true", id=node_id)

    def node_id(self, element: etree._Element) -> str:
        """Return *element*'s id, refusing one already used earlier in the document."""
        node_id = element.get("id", "")
        if node_id in self.seen_ids:
            first = self.seen_ids[node_id]
            raise XMLFormatError(
                f"duplicate node id {node_id!r}"
                + (f" (first used on line {first})" if first else ""),
                location(self.source, line_of(element)),
            )
        self.seen_ids[node_id] = line_of(element)
        return node_id


def element_text(element: etree._Element) -> str:
    """The text of a validated text-only element (the model normalises it)."""
    return "".join(text for text in element.itertext() if isinstance(text, str))
