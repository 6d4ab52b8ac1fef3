"""The policy model: a frozen, typed tree.

A :class:`Policy` has a title, :class:`Metadata`, the
:class:`~policyversions.model.decision.Decision` values that adopted or revised it, and a body of
blocks. A block is

* a :class:`Section`: a heading and/or a number as written (a numbered provision such as ``4 §``,
  ``§ 4``, ``8 d §`` or ``2.3`` is a section with a ``number``; its heading may be absent), and
  blocks of its own (sections nest);
* a :class:`Paragraph` of prose;
* a :class:`CommitmentList`: an optional lead-in, the :class:`Commitment` items (points) that
  complete its sentence, and an optional wrap-up. A point keeps its ``label`` exactly as written
  (``1.``, ``2)``, ``a)``, ``–``, ``365.``) and may hold a list of points of its own
  (``sublist``), whose sentence its text begins (``4. destillationen ska innebära att`` /
  ``a) …``);
* a :class:`Table`: :class:`Row` values (a row may be a header row) of :class:`Cell` values, each
  cell holding inline text (possibly empty).

Nesting (sections in sections, lists under points) is limited to :data:`MAX_DEPTH` levels: real
documents use a handful, and a deeper tree is refused with a :class:`ModelError`.

Every node has an ``id``. Ids follow Akoma Ntoso ``eId`` conventions (``sec_4__list_1__point_2``):
lowercase letters, digits and single underscores, parts joined by ``__``.
:func:`~policyversions.model.ids.assign_positional_ids` derives them from position; an empty id
means "not assigned yet", and a :class:`Policy` refuses nodes without ids or with duplicate ids.

All text is normalised at construction (see :mod:`policyversions.model.text`). Values are immutable
and compare by value, so ``parse(render(p)) == p`` is a meaningful test.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, TypeAlias

import attrs

from ..errors import ModelError
from .decision import Decision
from .text import normalize, normalize_optional

ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:__[a-z][a-z0-9]*(?:_[a-z0-9]+)*)*")
MAX_ID_LENGTH = 200
MAX_DEPTH = 16
"""The deepest nesting a policy may have: sections within sections and lists under points
count one level each (a top-level paragraph is at depth 1)."""
MAX_LABEL_LENGTH = 40
"""The longest number of a section or label of a point, in characters."""

ListStyle = Literal["bullet", "number"]


def _check_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value == "":
        return
    if len(value) > MAX_ID_LENGTH or ID_PATTERN.fullmatch(value) is None:
        raise ModelError(
            f"invalid node id {value!r}: use lowercase letters, digits and '_' "
            f"(parts joined by '__'), at most {MAX_ID_LENGTH} characters",
            attribute.name,
        )


def _required_text(value: str) -> str:
    if not isinstance(value, str):
        raise ModelError(f"expected text, got {type(value).__name__}")
    result = normalize(value)
    if not result:
        raise ModelError("text must not be empty")
    return result


def _any_text(value: str) -> str:
    if not isinstance(value, str):
        raise ModelError(f"expected text, got {type(value).__name__}")
    return normalize(value)


def _label(value: str | None) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ModelError(f"expected text, got {type(value).__name__}")
    result = normalize_optional(value)
    if result is not None and len(result) > MAX_LABEL_LENGTH:
        raise ModelError(
            f"a number or label is at most {MAX_LABEL_LENGTH} characters, got {result[:60]!r}"
        )
    return result


def _checked_tuple(
    value: Iterable[Any], kind: type | tuple[type, ...], what: str
) -> tuple[Any, ...]:
    if isinstance(value, str | bytes):
        raise ModelError(f"{what} needs a sequence of nodes, not text")
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise ModelError(f"{what} cannot hold {type(item).__name__}")
    return items


def _commitments(value: Iterable[Any]) -> tuple[Commitment, ...]:
    return _checked_tuple(value, Commitment, "a commitment list")


def _optional_sublist(value: object) -> CommitmentList | None:
    if value is None or isinstance(value, CommitmentList):
        return value
    raise ModelError(f"a point's sublist must be a CommitmentList, got {type(value).__name__}")


@attrs.frozen
class Commitment:
    """One normative unit: a point of a list, read with its list's lead-in.

    ``label`` is the point's number or bullet exactly as written (``1.``, ``a)``, ``–``), or
    ``None`` when the source gave none of its own; ``sublist`` the points nested under it.
    """

    text: str = attrs.field(converter=_required_text)
    label: str | None = attrs.field(default=None, kw_only=True, converter=_label)
    sublist: CommitmentList | None = attrs.field(
        default=None, kw_only=True, converter=_optional_sublist
    )
    id: str = attrs.field(default="", kw_only=True, validator=_check_id)


@attrs.frozen
class Paragraph:
    """A paragraph of prose."""

    text: str = attrs.field(converter=_required_text)
    id: str = attrs.field(default="", kw_only=True, validator=_check_id)


@attrs.frozen
class CommitmentList:
    """A list of commitments with the lead-in they complete and an optional wrap-up."""

    items: tuple[Commitment, ...] = attrs.field(converter=_commitments)
    lead_in: str | None = attrs.field(default=None, converter=normalize_optional)
    wrap_up: str | None = attrs.field(default=None, converter=normalize_optional)
    style: ListStyle = attrs.field(default="bullet")
    id: str = attrs.field(default="", kw_only=True, validator=_check_id)

    @items.validator
    def _not_empty(self, _attribute: attrs.Attribute[object], value: tuple[Commitment]) -> None:
        if not value:
            raise ModelError("a commitment list needs at least one commitment", self.id or None)

    @style.validator
    def _known_style(self, _attribute: attrs.Attribute[object], value: str) -> None:
        if value not in ("bullet", "number"):
            raise ModelError(f"unknown list style {value!r}: use 'bullet' or 'number'")


@attrs.frozen
class Cell:
    """One cell of a table row: inline text, possibly empty."""

    text: str = attrs.field(default="", converter=_any_text)
    id: str = attrs.field(default="", kw_only=True, validator=_check_id)


def _cells(value: Iterable[Any]) -> tuple[Cell, ...]:
    cells = _checked_tuple(value, Cell, "a table row")
    if not cells:
        raise ModelError("a table row needs at least one cell")
    return cells


@attrs.frozen
class Row:
    """A row of a table; ``header`` marks a header row (its cells name the columns)."""

    cells: tuple[Cell, ...] = attrs.field(converter=_cells)
    header: bool = attrs.field(default=False, kw_only=True)
    id: str = attrs.field(default="", kw_only=True, validator=_check_id)

    @header.validator
    def _boolean(self, _attribute: attrs.Attribute[object], value: object) -> None:
        if not isinstance(value, bool):
            raise ModelError(f"a row's header flag must be true or false, got {value!r}")

    @property
    def text(self) -> str:
        """The row's cells joined by `` | ``, for reading and comparing it as one line."""
        return " | ".join(cell.text for cell in self.cells)


def _rows(value: Iterable[Any]) -> tuple[Row, ...]:
    rows = _checked_tuple(value, Row, "a table")
    if not rows:
        raise ModelError("a table needs at least one row")
    return rows


@attrs.frozen
class Table:
    """A table: rows of cells, with an optional caption; it stands wherever a paragraph can."""

    rows: tuple[Row, ...] = attrs.field(converter=_rows)
    caption: str | None = attrs.field(default=None, converter=normalize_optional)
    id: str = attrs.field(default="", kw_only=True, validator=_check_id)

    @property
    def header_rows(self) -> tuple[Row, ...]:
        """The header rows, in order."""
        return tuple(row for row in self.rows if row.header)


def _section_children(value: Iterable[Any]) -> tuple[Block, ...]:
    # Block is defined after Section; the name is looked up when a Section is built.
    return _blocks(value)


@attrs.frozen
class Section:
    """A section or numbered provision: a heading and/or a ``number`` as written (``4 §``,
    ``§ 4``, ``8 d §``, ``2.3``), and its children: paragraphs, lists, tables and sections."""

    heading: str | None = attrs.field(default=None, converter=normalize_optional)
    children: tuple[Block, ...] = attrs.field(default=(), converter=_section_children)
    number: str | None = attrs.field(default=None, kw_only=True, converter=_label)
    id: str = attrs.field(default="", kw_only=True, validator=_check_id)

    def __attrs_post_init__(self) -> None:
        if self.heading is None and self.number is None:
            raise ModelError("a section needs a heading or a number", self.id or None)

    @property
    def title(self) -> str:
        """The number and heading as one line (``4 § Tillsyn``), as a reader names the section."""
        return " ".join(part for part in (self.number, self.heading) if part)


Block: TypeAlias = Section | Paragraph | CommitmentList | Table
Node: TypeAlias = Section | Paragraph | CommitmentList | Commitment | Table | Row | Cell
BLOCK_TYPES = (Section, Paragraph, CommitmentList, Table)


def _blocks(value: Iterable[Any]) -> tuple[Block, ...]:
    return _checked_tuple(value, BLOCK_TYPES, "a section or body")


def _string_tuple(value: str | Iterable[str]) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else tuple(value)
    return tuple(_required_text(item) for item in items)


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    result = []
    for key, text in pairs:
        key_text = _required_text(key)
        if not isinstance(text, str):
            raise ModelError(f"metadata value for {key_text!r} must be text")
        result.append((key_text, normalize(text)))
    keys = [key for key, _ in result]
    if len(set(keys)) != len(keys):
        raise ModelError("metadata keys must be unique")
    return tuple(result)


def _optional_date(value: object) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    raise ModelError(f"expected a date, got {value!r}")


@attrs.frozen
class Metadata:
    """What a policy says about itself. Every field is optional.

    ``extra`` keeps, in order, every other key/value the source carried (front matter fields
    that have no field of their own), so that importing loses nothing.
    """

    document_type: str | None = attrs.field(default=None, converter=normalize_optional)
    owner: str | None = attrs.field(default=None, converter=normalize_optional)
    scope: str | None = attrs.field(default=None, converter=normalize_optional)
    valid_from: datetime.date | None = attrs.field(default=None, converter=_optional_date)
    valid_until: datetime.date | None = attrs.field(default=None, converter=_optional_date)
    review_by: datetime.date | None = attrs.field(default=None, converter=_optional_date)
    replaces: tuple[str, ...] = attrs.field(default=(), converter=_string_tuple)
    source: str | None = attrs.field(default=None, converter=normalize_optional)
    extra: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)

    def get(self, key: str) -> str | None:
        """Return the ``extra`` value stored under *key*, or ``None``."""
        for name, value in self.extra:
            if name == key:
                return value
        return None


def _decisions(value: Iterable[Any]) -> tuple[Decision, ...]:
    return _checked_tuple(value, Decision, "decisions")


@attrs.frozen
class Policy:
    """A policy document: title, metadata, decisions and body."""

    title: str = attrs.field(converter=_required_text)
    body: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)
    metadata: Metadata = attrs.field(factory=Metadata)
    decisions: tuple[Decision, ...] = attrs.field(default=(), converter=_decisions)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for node, depth in walk_with_depth(self.body):
            if depth > MAX_DEPTH:
                raise ModelError(
                    f"the policy nests deeper than {MAX_DEPTH} levels (sections in sections, "
                    "lists under points)",
                    f"{type(node).__name__} {_node_text(node)!r}",
                )
            if not node.id:
                raise ModelError(
                    "every node of a policy needs an id (use assign_positional_ids)",
                    f"{type(node).__name__} {_node_text(node)!r}",
                )
            if node.id in seen:
                raise ModelError(f"duplicate node id {node.id!r}")
            seen.add(node.id)

    def walk(self) -> Iterator[Node]:
        """Yield every node in document order, parents before their children."""
        return walk_blocks(self.body)

    def find(self, node_id: str) -> Node | None:
        """Return the node with *node_id*, or ``None``."""
        for node in self.walk():
            if node.id == node_id:
                return node
        return None

    @property
    def decision(self) -> Decision | None:
        """The latest decision, if any."""
        return self.decisions[-1] if self.decisions else None


def child_nodes(node: Node) -> tuple[Node, ...]:
    """The children of *node* in document order: a section's blocks, a list's points, a point's
    sublist, a table's rows, a row's cells; a paragraph and a cell have none."""
    if isinstance(node, Section):
        return node.children
    if isinstance(node, CommitmentList):
        return node.items
    if isinstance(node, Commitment):
        return () if node.sublist is None else (node.sublist,)
    if isinstance(node, Table):
        return node.rows
    if isinstance(node, Row):
        return node.cells
    return ()


def walk_with_depth(blocks: Iterable[Node], depth: int = 1) -> Iterator[tuple[Node, int]]:
    """Yield each of *blocks* and every node below it, in document order, with its depth: one
    for *blocks*, one more inside each section and each list under a point (not for a list's
    points, a table's rows or a row's cells, which belong to their container's level).

    Iterative, so that even a tree far deeper than :data:`MAX_DEPTH` is walked without
    exhausting Python's recursion limit (and refused by :class:`Policy`).
    """
    stack: list[Iterator[Node]] = [iter(blocks)]
    depths = [depth]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            depths.pop()
            continue
        level = depths[-1]
        yield node, level
        children = child_nodes(node)
        if children:
            nested = isinstance(node, Section | Commitment)
            stack.append(iter(children))
            depths.append(level + 1 if nested else level)


def walk_blocks(blocks: Iterable[Node]) -> Iterator[Node]:
    """Yield each of *blocks* and every node below it, in document order."""
    for node, _depth in walk_with_depth(blocks):
        yield node


def _node_text(node: Node) -> str:
    if isinstance(node, Section):
        return node.title[:40]
    if isinstance(node, CommitmentList):
        return (node.lead_in or node.items[0].text)[:40]
    if isinstance(node, Table):
        return (node.caption or node.rows[0].text)[:40]
    if isinstance(node, Row):
        return node.text[:40]
    return node.text[:40]
