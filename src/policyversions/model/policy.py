"""The policy model: a frozen, typed tree.

A :class:`Policy` has a title, :class:`Metadata`, the
:class:`~policyversions.model.decision.Decision` values that adopted or revised it, and a body of
blocks. A block is a :class:`Section` (a heading and blocks of its own; sections nest), a
:class:`Paragraph` of prose, or a :class:`CommitmentList`: an optional lead-in, the
:class:`Commitment` items that complete its sentence, and an optional wrap-up.

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


@attrs.frozen
class Commitment:
    """One normative unit: a bullet point or numbered item, read with its list's lead-in."""

    text: str = attrs.field(converter=_required_text)
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


def _section_children(value: Iterable[Any]) -> tuple[Block, ...]:
    # Block is defined after Section; the name is looked up when a Section is built.
    return _blocks(value)


@attrs.frozen
class Section:
    """A headed section; its children are paragraphs, commitment lists and sections."""

    heading: str = attrs.field(converter=_required_text)
    children: tuple[Block, ...] = attrs.field(default=(), converter=_section_children)
    id: str = attrs.field(default="", kw_only=True, validator=_check_id)


Block: TypeAlias = Section | Paragraph | CommitmentList
Node: TypeAlias = Section | Paragraph | CommitmentList | Commitment
BLOCK_TYPES = (Section, Paragraph, CommitmentList)


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
        for node in self.walk():
            if not node.id:
                raise ModelError(
                    "every node of a policy needs an id (use assign_positional_ids)",
                    f"{type(node).__name__} {_label(node)!r}",
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


def walk_blocks(blocks: Iterable[Node]) -> Iterator[Node]:
    """Yield each of *blocks* and every node below it, in document order."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk_blocks(block.children)
        elif isinstance(block, CommitmentList):
            yield from block.items


def _label(node: Node) -> str:
    if isinstance(node, Section):
        return node.heading[:40]
    if isinstance(node, CommitmentList):
        return (node.lead_in or node.items[0].text)[:40]
    return node.text[:40]
