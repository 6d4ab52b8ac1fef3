"""The Markdown importer as it was before markdown-it-py (commit 2e53446), kept here only as the
baseline of ``benchmarks/markdown_bench.py``: a hand-written CommonMark subset. It is not part of
the package and is not maintained; the imports are made absolute, nothing else is changed.

The parser is our own, a small subset of CommonMark that covers what policy documents use. It is
pure: :func:`parse_markdown` takes text and returns a :class:`~policyversions.model.Policy` or
raises :class:`~policyversions.errors.ParseError` naming the source and line.

Front matter
    A first line ``---`` opens YAML front matter, closed by ``---`` (or ``...``); a first line
    ``+++`` opens TOML front matter, closed by ``+++``. YAML is read with a safe loader that keeps
    number-like values as written (``2011:10``, ``1.10``, ``010`` stay text; only plain decimal
    integers become numbers), TOML with :mod:`tomllib`. Malformed or unclosed front matter, or
    front matter that is not a mapping, is a :class:`ParseError` naming the line.

    Known keys fill :class:`~policyversions.model.Metadata` fields (the first key found wins):

    ============== =========================================================
    field          keys
    ============== =========================================================
    document_type  ``document_type``, ``typ``, ``dokumenttyp``
    owner          ``owner``, ``dokumentansvarig``
    scope          ``scope``, ``omfattning``
    valid_from     ``valid_from``, ``gäller_från``, ``galler_fran``, ``ikraft_datum``
    valid_until    ``valid_until``, ``gäller_till``, ``galler_till``
    review_by      ``review_by``, ``revideras_senast``
    replaces       ``replaces``, ``ersätter``, ``ersatter`` (text or a list of texts)
    source         ``source``, ``källa``, ``kalla``
    ============== =========================================================

    Date fields need a date (a YAML/TOML date or ISO text). Every other key, including a second
    key for an already filled field, goes to ``Metadata.extra`` in source order: text as written,
    numbers as text, booleans ``true``/``false``, no value as empty text, dates and times in ISO
    form, lists and mappings as compact JSON (``ensure_ascii=False``, dates in ISO form).

Decisions
    ``decision`` or ``beslut`` (text or a list of texts) is parsed with
    :func:`policyversions.importers.decision_text.parse_decision`. Swedish statute headers (SFS, as
    exported by se-lex) carry ``utfardad_datum``: the statute was issued by Regeringen on that date
    (``Action.ADOPTED``, case number ``SFS <beteckning>``); each entry of
    ``andringsforfattningar`` (an amending act with ``beteckning`` and ``ikraft_datum``) is a
    revision by Regeringen (``Action.REVISED``, case number ``SFS <beteckning>``) in the year its
    number gives (``2024:1362`` was issued in 2024): its ``ikraft_datum`` is when it took effect,
    not when it was decided, and dates the decision only for a number without a year. Decisions
    are returned in chronological order. These keys are also kept in ``extra``.

Title
    The first heading is the title if it is the only heading of the highest level used (so a
    lone ``#``, or a lone ``##`` above ``###`` sections). Otherwise the front matter's
    ``title``, ``titel`` or ``rubrik`` is the title (it stays in ``extra`` too); with neither,
    the document is a :class:`ParseError`, as is an empty document. Front matter with a title
    and no body (a header-only record) makes a policy with an empty body.

Blocks
    - ATX headings (``#`` .. ``######``, optional closing ``#``) and setext headings (a paragraph
      underlined with ``===`` for level 1, ``---`` for level 2) open sections. A heading nests
      under the nearest preceding heading of a higher level (skipping levels is fine); text
      before the first section is part of the body. An empty heading is a :class:`ParseError`.
    - Paragraphs are runs of non-blank lines; hard-wrapped lines are joined with a space (a
      trailing ``\\`` hard break is removed).
    - Bullet lists (``*``, ``-``, ``+``) and ordered lists (``1.``, ``1)``) become a
      :class:`~policyversions.model.CommitmentList` with style ``bullet`` or ``number``. Items
      separated by blank lines (loose lists) are still one list; a change of bullet character or
      of ordered delimiter starts a new list. An item's text may continue on indented lines or on
      unindented *lazy continuation* lines. Several paragraphs inside one item are joined with
      a space. A nested list is flattened into the same list: its items follow their parent
      item, in document order, each as a commitment of its own (the depth is lost, no word is).
      As in CommonMark, only a bullet or an item numbered 1 can interrupt a paragraph, so a
      wrapped line starting ``2008.`` stays text.
    - The paragraph right before a list is its ``lead_in`` if it ends with ``:`` or does not end
      a sentence (no final ``.``, ``!`` or ``?``, closing quotes and brackets ignored); it is then
      not also a paragraph. The paragraph right after a list is its ``wrap_up`` if it starts with
      a lowercase letter. A thematic break between them prevents either.
    - Block quotes (``>``, with lazy continuation) become paragraphs: each paragraph, heading or
      list item inside a quote becomes one :class:`~policyversions.model.Paragraph`.
    - Fenced (```` ``` ````, ``~~~``) and indented code becomes a paragraph of its text, without
      inline processing.
    - Thematic breaks (``***``, ``---``, ``___``) and link reference definitions
      (``[ref]: url``) are markup and are dropped.
    - Tables and HTML blocks are not recognised: their lines are paragraph text.

Inline markup
    Emphasis (``*``, ``_``, ``**``, ``__``, following CommonMark's flanking rules, so
    ``snake_case`` keeps its underscores) is removed keeping the text; code spans keep their
    content verbatim; links ``[text](url)``, ``[text][ref]`` (defined or not), ``[text][]`` and
    ``[text]`` (when ``text`` is a defined reference) keep only their text; images keep their
    alt text; autolinks ``<https://...>`` keep the URL; backslash escapes are resolved; HTML
    entities (``&amp;``, ``&#228;``) are decoded; HTML comments are removed everywhere. Other
    HTML is kept as text. Brackets that do not make a link (``[INSERT EMAIL ADDRESS]``) are kept.

Text may not contain characters XML cannot carry; such a character is a :class:`ParseError`
naming its line, as is nesting (quotes, lists, links) more than 50 levels deep.
"""

from __future__ import annotations

import base64
import datetime
import html
import json
import re
import tomllib
import unicodedata
from typing import Any

import attrs
import yaml

from policyversions.errors import ModelError, ParseError, PolicyVersionsError
from policyversions.importers.decision_text import parse_decision
from policyversions.model import (
    Action,
    Block,
    Commitment,
    CommitmentList,
    Decision,
    ListStyle,
    Metadata,
    Organ,
    Paragraph,
    Policy,
    Section,
    assign_positional_ids,
    check_characters,
    normalize,
)

__all__ = ["parse_markdown"]

_MAX_DEPTH = 50
_MAX_FRONT_MATTER_NODES = 100_000

# ---------------------------------------------------------------------------------------------
# Front matter


class _FrontMatterLoader(yaml.SafeLoader):
    """A safe YAML loader that keeps number-like scalars other than plain integers as text."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)

_TITLE_KEYS = ("title", "titel", "rubrik")
_FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "document_type": ("document_type", "typ", "dokumenttyp"),
    "owner": ("owner", "dokumentansvarig"),
    "scope": ("scope", "omfattning"),
    "valid_from": ("valid_from", "gäller_från", "galler_fran", "ikraft_datum"),
    "valid_until": ("valid_until", "gäller_till", "galler_till"),
    "review_by": ("review_by", "revideras_senast"),
    "replaces": ("replaces", "ersätter", "ersatter"),
    "source": ("source", "källa", "kalla"),
}
_DATE_FIELDS = ("valid_from", "valid_until", "review_by")
_DECISION_KEYS = ("decision", "beslut")
_ISSUED_KEYS = ("utfardad_datum", "utfärdad_datum")
_AMENDMENT_KEYS = ("andringsforfattningar", "ändringsförfattningar")
_GOVERNMENT = "Regeringen"


@attrs.frozen
class _FrontMatter:
    """Front matter as loaded: its key/value pairs and where it sits in the source."""

    data: dict[str, Any]
    first_line: int  # line number of the opening fence
    lines: tuple[str, ...]  # the lines between the fences


class _Located:
    """Builds the ``where`` text of errors: source name and line number."""

    def __init__(self, source: str) -> None:
        self.source = source

    def at(self, line: int | None) -> str:
        return self.source if line is None else f"{self.source}, line {line}"


def _split_front_matter(lines: list[str], where: _Located) -> tuple[_FrontMatter | None, int]:
    """Return the front matter (if any) and the index of the first body line."""
    if not lines:
        return None, 0
    opening = lines[0].rstrip()
    if opening == "---":
        closers: tuple[str, ...] = ("---", "...")
        kind = "YAML"
    elif opening == "+++":
        closers = ("+++",)
        kind = "TOML"
    else:
        return None, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            inner = lines[1:index]
            data = _load_front_matter(kind, inner, where)
            return _FrontMatter(data, 1, tuple(inner)), index + 1
    raise ParseError(f"{kind} front matter opened with {opening!r} is never closed", where.at(1))


def _load_front_matter(kind: str, inner: list[str], where: _Located) -> dict[str, Any]:
    text = "\n".join(inner)
    loaded: object
    if kind == "TOML":
        try:
            loaded = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            match = re.search(r"\(at line (\d+), column \d+\)$", message)
            if match is not None:
                line = int(match.group(1)) + 1
            else:  # "(at end of document)": point at the last line of the front matter
                match = re.search(r"\(at end of document\)$", message)
                line = len(inner) + 1
            what = message[: match.start()].strip() if match else message
            raise ParseError(f"malformed TOML front matter: {what}", where.at(line)) from error
    else:
        try:
            loaded = yaml.load(text, Loader=_FrontMatterLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 2 if mark is not None else 1
            problem = error.problem or error.context or "syntax error"
            raise ParseError(f"malformed YAML front matter: {problem}", where.at(line)) from error
        except Exception as error:  # PyYAML's constructors raise anything on odd explicit tags
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            bad_date = _impossible_date_line(inner)
            raise ParseError(
                f"malformed YAML front matter: {first_line}",
                where.at(bad_date) if bad_date else f"{where.source}, lines 1-{len(inner) + 2}",
            ) from error
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParseError(
            f"{kind} front matter must be a mapping of keys to values, not {type(loaded).__name__}",
            where.at(2),
        )
    return _string_keys(loaded, where)


def _impossible_date_line(inner: list[str]) -> int | None:
    """The source line of the first date-like value that is not a real date, if any."""
    for offset, line in enumerate(inner):
        for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return offset + 2
    return None


def _string_keys(data: dict[Any, Any], where: _Located) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in data.items():
        name = normalize(_scalar_text(key)) if key is not None else ""
        if not name:
            raise ParseError("front matter has an empty key", where.at(1))
        if name in result:
            raise ParseError(f"front matter key {name!r} appears twice", where.at(1))
        result[name] = value
    return result


def _scalar_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _jsonable(value: object, budget: list[int], depth: int = 0) -> object:
    budget[0] -= 1
    if budget[0] < 0 or depth > _MAX_DEPTH:
        raise ValueError("front matter value is too large or too deeply nested")
    if isinstance(value, dict):
        return {_scalar_text(k): _jsonable(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item, budget, depth + 1) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(_scalar_text(item) for item in value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return _scalar_text(value)


def _value_text(value: object, key: str, front: _FrontMatter, where: _Located) -> str:
    if isinstance(value, dict | list | tuple | set | frozenset):
        try:
            plain = _jsonable(value, [_MAX_FRONT_MATTER_NODES])
        except ValueError as error:
            raise ParseError(str(error), where.at(_key_line(front, key))) from error
        return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return _scalar_text(value)


def _key_line(front: _FrontMatter, key: str) -> int:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[:=]")
    for offset, line in enumerate(front.lines):
        if pattern.match(line):
            return front.first_line + 1 + offset
    return front.first_line


def _as_date(
    value: object, key: str, front: _FrontMatter, where: _Located, line_key: str | None = None
) -> datetime.date:
    """*value* as a date; *line_key* is the top-level key whose line an error names."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ParseError(
        f"front matter key {key!r} needs a date (YYYY-MM-DD), got {_scalar_text(value)!r}",
        where.at(_key_line(front, line_key or key)),
    )


def _metadata(front: _FrontMatter | None, where: _Located) -> Metadata:
    if front is None:
        return Metadata()
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    owner_of = {key: field for field, keys in _FIELD_KEYS.items() for key in keys}
    for key, value in front.data.items():
        field = owner_of.get(key.casefold())
        if field is None or field in fields or value is None:
            extra.append((key, _value_text(value, key, front, where)))
        elif field in _DATE_FIELDS:
            fields[field] = _as_date(value, key, front, where)
        elif field == "replaces":
            items = value if isinstance(value, list) else [value]
            texts = [_value_text(item, key, front, where) for item in items]
            fields[field] = tuple(text for text in texts if normalize(text))
        else:
            fields[field] = _value_text(value, key, front, where)
    return Metadata(**fields, extra=tuple(extra))


def _find(data: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    for key, value in data.items():
        if key.casefold() in keys:
            return key, value
    return None


def _decisions(front: _FrontMatter | None, where: _Located) -> list[Decision]:
    if front is None:
        return []
    data = front.data
    decisions: list[Decision] = []
    designation = data.get("beteckning")
    issued = _find(data, _ISSUED_KEYS)
    if issued is not None:
        date = _as_date(issued[1], issued[0], front, where)
        decisions.append(
            Decision(
                organ=Organ(name=_GOVERNMENT),
                year=date.year,
                date=date,
                case_number=_sfs_number(designation),
                action=Action.ADOPTED,
            )
        )
    amendments = _find(data, _AMENDMENT_KEYS)
    if amendments is not None:
        decisions.extend(_amendments(amendments[0], amendments[1], front, where))
    found = _find(data, _DECISION_KEYS)
    if found is not None:
        key, value = found
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if not isinstance(text, str):
                raise ParseError(
                    f"front matter key {key!r} needs decision references as text",
                    where.at(_key_line(front, key)),
                )
            try:
                decisions.append(parse_decision(text))
            except PolicyVersionsError as error:
                raise ParseError(
                    f"front matter key {key!r}: {error.what}", where.at(_key_line(front, key))
                ) from error
    order = {id(decision): index for index, decision in enumerate(decisions)}
    return sorted(
        decisions,
        key=lambda d: (d.date or datetime.date(d.year, 1, 1), order[id(d)]),
    )


def _sfs_number(designation: object) -> str | None:
    if designation is None:
        return None
    text = normalize(_scalar_text(designation))
    return f"SFS {text}" if text else None


def _amendments(key: str, value: object, front: _FrontMatter, where: _Located) -> list[Decision]:
    line = where.at(_key_line(front, key))
    if not isinstance(value, list):
        raise ParseError(f"front matter key {key!r} needs a list of amending acts", line)
    result = []
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            raise ParseError(f"amending act {number} of {key!r} is not a mapping", line)
        designation = entry.get("beteckning")
        in_force = entry.get("ikraft_datum")
        # The act's number starts with the year it was issued: the year of the decision. Its
        # date in force is when it took effect, not when it was decided, so it dates the
        # decision only when the number gives no year.
        date: datetime.date | None = None
        match = re.match(r"\s*(\d{4})\s*:", _scalar_text(designation or ""))
        if match is not None:
            year = int(match.group(1))
            if in_force is not None:  # still checked: a bad date is an error
                _as_date(in_force, f"{key}[{number}].ikraft_datum", front, where, key)
        elif in_force is not None:
            date = _as_date(in_force, f"{key}[{number}].ikraft_datum", front, where, key)
            year = date.year
        else:
            raise ParseError(
                f"amending act {number} of {key!r} has neither ikraft_datum nor a "
                "beteckning starting with a year",
                line,
            )
        try:
            decision = Decision(
                organ=Organ(name=_GOVERNMENT),
                year=year,
                date=date,
                case_number=_sfs_number(designation),
                action=Action.REVISED,
            )
        except PolicyVersionsError as error:
            raise ParseError(f"amending act {number} of {key!r}: {error.what}", line) from error
        result.append(decision)
    return result


def _front_title(front: _FrontMatter | None) -> str | None:
    if front is None:
        return None
    found = _find(front.data, _TITLE_KEYS)
    if found is None or found[1] is None or isinstance(found[1], dict | list):
        return None
    return normalize(_scalar_text(found[1])) or None


# ---------------------------------------------------------------------------------------------
# Block structure


@attrs.frozen
class _Heading:
    level: int
    text: str
    line: int


@attrs.frozen
class _Para:
    text: str
    line: int
    literal: bool = False  # code: no inline processing, never a lead-in or wrap-up


@attrs.frozen
class _List:
    style: ListStyle
    items: tuple[tuple[_Raw, ...], ...]
    line: int


@attrs.frozen
class _Quote:
    blocks: tuple[_Raw, ...]
    line: int


@attrs.frozen
class _Rule:
    line: int


_Raw = _Heading | _Para | _List | _Quote | _Rule

_Line = tuple[int, str]  # (source line number, text)

_BLANK = re.compile(r"^[ \t]*$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_ATX_EMPTY_CLOSE = re.compile(r"^#+$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_BULLET = re.compile(r"^( {0,3})([*+-])(?:([ \t]+)(.*)|$)")
_ORDERED = re.compile(r"^( {0,3})(\d{1,9})([.)])(?:([ \t]+)(.*)|$)")
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*(\S+)(?:[ \t]+.*)?$")


@attrs.frozen
class _Marker:
    """A list item marker: its list kind, number, and where its content starts."""

    kind: str  # "*", "-", "+", "." or ")"
    number: int | None
    content_indent: int
    content: str
    empty: bool

    @property
    def style(self) -> ListStyle:
        return "number" if self.kind in ".)" else "bullet"


def _marker(line: str) -> _Marker | None:
    match = _BULLET.match(line)
    if match is not None:
        kind, number, marker_end = match.group(2), None, match.end(2)
    else:
        match = _ORDERED.match(line)
        if match is None:
            return None
        kind, number, marker_end = match.group(3), int(match.group(2)), match.end(3)
    rest = line[marker_end:]
    content = rest.lstrip(" \t")
    gap = len(rest) - len(content)
    if not content:
        return _Marker(kind, number, marker_end + 1, "", True)
    if gap > 4:  # the content is indented code; the item's content starts one space after
        return _Marker(kind, number, marker_end + 1, rest[1:], False)
    return _Marker(kind, number, marker_end + gap, content, False)


def _can_interrupt_paragraph(line: str) -> bool:
    """Whether *line* starts a block even right after a paragraph line."""
    if _ATX.match(line) or _RULE.match(line) or _FENCE.match(line) or _QUOTE.match(line):
        return True
    marker = _marker(line)
    return marker is not None and not marker.empty and marker.number in (None, 1)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _BlockParser:
    """Line-based block parser; collects link reference definitions as it goes."""

    def __init__(self, where: _Located) -> None:
        self.where = where
        self.definitions: set[str] = set()

    def parse(self, lines: list[_Line], depth: int = 0) -> list[_Raw]:
        if depth > _MAX_DEPTH:
            raise ParseError("Markdown is nested too deeply", self.where.at(lines[0][0]))
        blocks: list[_Raw] = []
        para: list[_Line] = []

        def flush() -> None:
            if para:
                blocks.append(_Para(_join_lines([text for _, text in para]), para[0][0]))
                para.clear()

        index = 0
        while index < len(lines):
            number, line = lines[index]
            if _BLANK.match(line):
                flush()
                index += 1
                continue
            if para and _indent(line) >= 4:
                para.append((number, line))
                index += 1
                continue
            if _indent(line) >= 4:
                index = self._indented_code(lines, index, blocks)
                continue
            fence = _FENCE.match(line)
            if fence and not (fence.group(2)[0] == "`" and "`" in fence.group(3)):
                flush()
                index = self._fenced_code(lines, index, fence, blocks)
                continue
            atx = _ATX.match(line)
            if atx:
                flush()
                text = atx.group(2) or ""
                if _ATX_EMPTY_CLOSE.match(text):
                    text = ""
                if not text.strip():
                    raise ParseError("heading has no text", self.where.at(number))
                blocks.append(_Heading(len(atx.group(1)), text, number))
                index += 1
                continue
            setext = _SETEXT.match(line)
            if para and setext:
                level = 1 if setext.group(1)[0] == "=" else 2
                text = _join_lines([text for _, text in para])
                blocks.append(_Heading(level, text, para[0][0]))
                para.clear()
                index += 1
                continue
            if _RULE.match(line):
                flush()
                blocks.append(_Rule(number))
                index += 1
                continue
            if _QUOTE.match(line):
                flush()
                index = self._quote(lines, index, blocks, depth)
                continue
            marker = _marker(line)
            if marker is not None and not (
                para and (marker.empty or marker.number not in (None, 1))
            ):
                flush()
                index = self._list(lines, index, blocks, depth)
                continue
            if not para:
                definition = _DEFINITION.match(line)
                if definition:
                    self.definitions.add(_label_key(definition.group(1)))
                    index += 1
                    continue
            para.append((number, line))
            index += 1
        flush()
        return blocks

    def _indented_code(self, lines: list[_Line], index: int, blocks: list[_Raw]) -> int:
        start = index
        body: list[str] = []
        while index < len(lines):
            line = lines[index][1]
            if not _BLANK.match(line) and _indent(line) < 4:
                break
            body.append(line[4:])
            index += 1
        blocks.append(_Para("\n".join(body), lines[start][0], literal=True))
        return index

    def _fenced_code(
        self, lines: list[_Line], index: int, fence: re.Match[str], blocks: list[_Raw]
    ) -> int:
        start = lines[index][0]
        marker = fence.group(2)
        indent = len(fence.group(1))
        closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        body: list[str] = []
        index += 1
        while index < len(lines):
            line = lines[index][1]
            index += 1
            if closing.match(line):
                break
            body.append(line[min(indent, _indent(line)) :])
        blocks.append(_Para("\n".join(body), start, literal=True))
        return index

    def _quote(self, lines: list[_Line], index: int, blocks: list[_Raw], depth: int) -> int:
        start = lines[index][0]
        inner: list[_Line] = []
        lazy_ok = False
        while index < len(lines):
            number, line = lines[index]
            match = _QUOTE.match(line)
            if match:
                rest = line[match.end() :]
                inner.append((number, rest))
                lazy_ok = not _BLANK.match(rest) and not _FENCE.match(rest)
            elif lazy_ok and not _BLANK.match(line) and not _can_interrupt_paragraph(line):
                inner.append((number, line))
            else:
                break
            index += 1
        blocks.append(_Quote(tuple(self.parse(inner, depth + 1)), start))
        return index

    def _list(self, lines: list[_Line], index: int, blocks: list[_Raw], depth: int) -> int:
        first = _marker(lines[index][1])
        assert first is not None
        start = lines[index][0]
        items: list[tuple[_Raw, ...]] = []
        while index < len(lines):
            number, line = lines[index]
            marker = _marker(line)
            if marker is None or marker.kind != first.kind:
                break
            item: list[_Line] = [(number, marker.content)]
            previous_blank = marker.empty
            in_fence = bool(_FENCE.match(marker.content))
            index += 1
            while index < len(lines):
                number, line = lines[index]
                if _BLANK.match(line):
                    if marker.empty and len(item) == 1:
                        break  # an item that starts empty ends at a blank line
                    item.append((number, ""))
                    previous_blank = True
                    index += 1
                    continue
                if _indent(line) >= marker.content_indent:
                    content = line[marker.content_indent :]
                    item.append((number, content))
                    if _FENCE.match(content):
                        in_fence = not in_fence
                    previous_blank = False
                    index += 1
                    continue
                sibling = _marker(line)
                if sibling is not None and sibling.kind == first.kind:
                    break
                if previous_blank or in_fence or _can_interrupt_paragraph(line):
                    break
                item.append((number, line.lstrip(" ")))  # lazy continuation
                index += 1
            while item and _BLANK.match(item[-1][1]):
                item.pop()
            items.append(tuple(self.parse(item, depth + 1)) if item else ())
            # a blank line may separate items (a loose list): look past blank lines
            look = index
            while look < len(lines) and _BLANK.match(lines[look][1]):
                look += 1
            following = _marker(lines[look][1]) if look < len(lines) else None
            if following is None or following.kind != first.kind:
                break
            index = look
        blocks.append(_List(first.style, tuple(items), start))
        return index


def _join_lines(lines: list[str]) -> str:
    """Join a paragraph's lines; a trailing backslash (hard line break) is removed."""
    joined = []
    for position, line in enumerate(lines):
        text = line.strip(" \t")
        if position < len(lines) - 1 and text.endswith("\\"):
            backslashes = len(text) - len(text.rstrip("\\"))
            if backslashes % 2 == 1:
                text = text[:-1]
        joined.append(text)
    return "\n".join(joined)


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


# ---------------------------------------------------------------------------------------------
# Inline markup

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_URI_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_EMAIL_AUTOLINK = re.compile(
    r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@attrs.define
class _Delimiter:
    char: str
    count: int
    original: int
    can_open: bool
    can_close: bool


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


class _InlineRenderer:
    """Removes inline markup from a block's text, keeping the words."""

    def __init__(self, definitions: set[str], where: _Located) -> None:
        self.definitions = definitions
        self.where = where

    def render(self, text: str, line: int, depth: int = 0) -> str:
        if depth > _MAX_DEPTH:
            raise ParseError("links are nested too deeply", self.where.at(line))
        tokens: list[str | _Delimiter] = []
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                tokens.append("".join(buffer))
                buffer.clear()

        index = 0
        length = len(text)
        while index < length:
            char = text[index]
            if char == "\\" and index + 1 < length and text[index + 1] in _ASCII_PUNCTUATION:
                buffer.append(text[index + 1])
                index += 2
            elif char == "`":
                index = self._code_span(text, index, buffer)
            elif char == "<":
                match = _URI_AUTOLINK.match(text, index) or _EMAIL_AUTOLINK.match(text, index)
                if match:
                    buffer.append(match.group(1))
                    index = match.end()
                else:
                    buffer.append(char)
                    index += 1
            elif char == "&":
                match = _ENTITY.match(text, index)
                decoded = html.unescape(match.group()) if match else ""
                if match and decoded != match.group() and _xml_safe(decoded):
                    buffer.append(decoded)
                    index = match.end()
                else:
                    buffer.append(char)
                    index += 1
            elif char == "[" or (char == "!" and text.startswith("[", index + 1)):
                opening = index + 1 if char == "!" else index
                link = self._link(text, opening)
                if link is None:
                    buffer.append(text[index : opening + 1])
                    index = opening + 1
                else:
                    label, index = link
                    buffer.append(self.render(label, line, depth + 1))
            elif char in "*_":
                end = index
                while end < length and text[end] == char:
                    end += 1
                flush()
                tokens.append(_delimiter(text, index, end))
                index = end
            else:
                buffer.append(char)
                index += 1
        flush()
        _match_emphasis(tokens)
        return "".join(
            token if isinstance(token, str) else token.char * token.count for token in tokens
        )

    @staticmethod
    def _code_span(text: str, index: int, buffer: list[str]) -> int:
        end = index
        while end < len(text) and text[end] == "`":
            end += 1
        run = end - index
        search = end
        while True:
            found = text.find("`" * run, search)
            if found < 0:
                buffer.append("`" * run)
                return end
            after = found + run
            if after < len(text) and text[after] == "`":
                search = after
                while search < len(text) and text[search] == "`":
                    search += 1
                continue
            content = text[end:found].replace("\n", " ")
            if len(content) > 2 and content[0] == content[-1] == " " and content.strip():
                content = content[1:-1]
            buffer.append(content)
            return after

    def _link(self, text: str, opening: int) -> tuple[str, int] | None:
        closing = _matching(text, opening, "[", "]")
        if closing is None:
            return None
        label = text[opening + 1 : closing]
        after = closing + 1
        if text.startswith("(", after):
            end = _matching(text, after, "(", ")")
            if end is not None:
                return label, end + 1
        if text.startswith("[", after):
            end = text.find("]", after + 1)
            if end >= 0 and "[" not in text[after + 1 : end]:
                reference = text[after + 1 : end]
                if reference.strip() or _label_key(label) in self.definitions:
                    return label, end + 1
        if label.strip() and _label_key(label) in self.definitions:
            return label, after
        return None


def _xml_safe(text: str) -> bool:
    try:
        check_characters(text)
    except ModelError:
        return False
    return True


def _matching(text: str, opening: int, left: str, right: str) -> int | None:
    """Index of the bracket closing the one at *opening*, skipping escapes; or ``None``."""
    depth = 0
    index = opening
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == left:
            depth += 1
        elif char == right:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _delimiter(text: str, start: int, end: int) -> _Delimiter:
    char = text[start]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (
        not _is_punctuation(after) or before.isspace() or _is_punctuation(before)
    )
    right = not before.isspace() and (
        not _is_punctuation(before) or after.isspace() or _is_punctuation(after)
    )
    if char == "*":
        can_open, can_close = left, right
    else:
        can_open = left and (not right or _is_punctuation(before))
        can_close = right and (not left or _is_punctuation(after))
    return _Delimiter(char, end - start, end - start, can_open, can_close)


def _match_emphasis(tokens: list[str | _Delimiter]) -> None:
    """Pair emphasis delimiters as CommonMark does; paired characters are removed."""
    delimiters = [token for token in tokens if isinstance(token, _Delimiter)]
    position = 0
    while position < len(delimiters):
        closer = delimiters[position]
        if not closer.can_close or closer.count == 0:
            position += 1
            continue
        found = None
        for back in range(position - 1, -1, -1):
            opener = delimiters[back]
            if opener.char != closer.char or not opener.can_open or opener.count == 0:
                continue
            if (
                (opener.can_close or closer.can_open)
                and (opener.original + closer.original) % 3 == 0
                and not (opener.original % 3 == 0 and closer.original % 3 == 0)
            ):
                continue
            found = back
            break
        if found is None:
            position += 1
            continue
        opener = delimiters[found]
        used = 2 if opener.count >= 2 and closer.count >= 2 else 1
        opener.count -= used
        closer.count -= used
        for between in delimiters[found + 1 : position]:
            between.can_open = between.can_close = False
        if closer.count == 0:
            position += 1


# ---------------------------------------------------------------------------------------------
# From raw blocks to the model


@attrs.define
class _SectionNode:
    level: int
    heading: str
    line: int
    children: list[_Raw | _SectionNode] = attrs.field(factory=list)


def _sentence_ended(text: str) -> bool:
    return text.rstrip("\"'”’»)]*").endswith((".", "!", "?"))


def _is_lead_in(text: str) -> bool:
    return text.endswith(":") or not _sentence_ended(text)


class _Converter:
    """Turns raw blocks into model blocks: sections, paragraphs and commitment lists."""

    def __init__(self, inline: _InlineRenderer) -> None:
        self.inline = inline

    def text(self, raw: _Para | _Heading) -> str:
        if isinstance(raw, _Para) and raw.literal:
            return normalize(raw.text)
        return normalize(self.inline.render(raw.text, raw.line))

    def sequence(self, raws: list[_Raw | _SectionNode]) -> list[Block]:
        out: list[Block] = []
        last = "other"  # "para" (may become a lead-in), "list" (may take a wrap-up), "other"
        for raw in raws:
            if isinstance(raw, _SectionNode):
                out.append(Section(raw.heading, self.sequence(raw.children)))
                last = "other"
            elif isinstance(raw, _Para):
                text = self.text(raw)
                if not text:
                    continue
                previous = out[-1] if out else None
                if (
                    not raw.literal
                    and last == "list"
                    and isinstance(previous, CommitmentList)
                    and text[0].islower()
                ):
                    out[-1] = attrs.evolve(previous, wrap_up=text)
                    last = "other"
                else:
                    out.append(Paragraph(text))
                    last = "other" if raw.literal else "para"
            elif isinstance(raw, _List):
                texts = [text for item in raw.items for text in self.item_texts(item)]
                if not texts:
                    continue
                lead_in = None
                previous = out[-1] if out else None
                if (
                    last == "para"
                    and isinstance(previous, Paragraph)
                    and _is_lead_in(previous.text)
                ):
                    lead_in = previous.text
                    out.pop()
                items = [Commitment(text) for text in texts]
                out.append(CommitmentList(items, lead_in=lead_in, style=raw.style))
                last = "list"
            elif isinstance(raw, _Quote):
                out.extend(Paragraph(text) for text in self.flat_texts(raw.blocks))
                last = "other"
            else:  # a heading inside a container never reaches here; rules separate
                last = "other"
        return out

    def item_texts(self, blocks: tuple[_Raw, ...]) -> list[str]:
        """The commitments of one list item: its own text, then its nested lists' items."""
        result: list[str] = []
        current: list[str] = []

        def flush() -> None:
            joined = normalize(" ".join(current))
            if joined:
                result.append(joined)
            current.clear()

        for raw in blocks:
            if isinstance(raw, _List):
                flush()
                for item in raw.items:
                    result.extend(self.item_texts(item))
            elif isinstance(raw, _Quote):
                current.extend(self.flat_texts(raw.blocks))
            elif isinstance(raw, _Para | _Heading):
                current.append(self.text(raw))
        flush()
        return result

    def flat_texts(self, blocks: tuple[_Raw, ...]) -> list[str]:
        """Every text of *blocks* as separate paragraphs (for block quotes)."""
        result: list[str] = []
        for raw in blocks:
            if isinstance(raw, _List):
                for item in raw.items:
                    result.extend(self.item_texts(item))
            elif isinstance(raw, _Quote):
                result.extend(self.flat_texts(raw.blocks))
            elif isinstance(raw, _Para | _Heading):
                text = self.text(raw)
                if text:
                    result.append(text)
        return result


def _title_heading(raws: list[_Raw]) -> _Heading | None:
    headings = [raw for raw in raws if isinstance(raw, _Heading)]
    if not headings:
        return None
    top = min(heading.level for heading in headings)
    tops = [heading for heading in headings if heading.level == top]
    if len(tops) == 1 and tops[0] is headings[0]:
        return headings[0]
    return None


def _nest(
    raws: list[_Raw], title: _Heading | None, converter: _Converter
) -> list[_Raw | _SectionNode]:
    body: list[_Raw | _SectionNode] = []
    stack: list[_SectionNode] = []
    for raw in raws:
        if raw is title:
            continue
        if isinstance(raw, _Heading):
            text = converter.text(raw)
            if not text:
                raise ParseError("heading has no text", converter.inline.where.at(raw.line))
            node = _SectionNode(raw.level, text, raw.line)
            while stack and stack[-1].level >= raw.level:
                stack.pop()
            (stack[-1].children if stack else body).append(node)
            stack.append(node)
        else:
            (stack[-1].children if stack else body).append(raw)
    return body


# ---------------------------------------------------------------------------------------------
# Entry point


def _check_text(text: str, where: _Located) -> None:
    try:
        check_characters(text)
    except ModelError:
        for number, line in enumerate(_split_lines(text), start=1):
            try:
                check_characters(line)
            except ModelError as error:
                raise ParseError(error.what, where.at(number)) from error
        raise


def _split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def _remove_comments(lines: list[str]) -> list[str]:
    """Remove HTML comments, keeping the line count (a comment's line breaks stay)."""
    text = "\n".join(lines)
    if "<!--" not in text:
        return lines
    return _COMMENT.sub(lambda match: "\n" * match.group().count("\n"), text).split("\n")


def parse_markdown(text: str, *, source: str = "<markdown>") -> Policy:
    """Parse Markdown (with optional YAML or TOML front matter) into a policy.

    *source* names the input in error messages. The rules are in the module docstring.

    >>> policy = parse_markdown("# Policy\\n\\nVi ska:\\n\\n- lyssna\\n- svara\\n")
    >>> policy.title, policy.body[0].lead_in, [item.text for item in policy.body[0].items]
    ('Policy', 'Vi ska:', ['lyssna', 'svara'])
    """
    where = _Located(source)
    if not isinstance(text, str):
        raise ParseError(f"expected Markdown text, got {type(text).__name__}", source)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ParseError("the Markdown document is empty", source)
    _check_text(text, where)
    lines = _split_lines(text)
    front, body_start = _split_front_matter(lines, where)
    body_lines = _remove_comments(lines[body_start:])
    numbered = [
        (body_start + offset + 1, line.expandtabs(4)) for offset, line in enumerate(body_lines)
    ]
    parser = _BlockParser(where)
    raws = parser.parse(numbered)
    converter = _Converter(_InlineRenderer(parser.definitions, where))

    title_heading = _title_heading(raws)
    if title_heading is not None:
        title = converter.text(title_heading)
        if not title:
            raise ParseError("the title heading has no text", where.at(title_heading.line))
    else:
        found = _front_title(front)
        if found is None:
            if not raws and front is None:
                raise ParseError("the Markdown document has no content", source)
            raise ParseError(
                "no title: start with a single top-level heading or give a 'title' "
                "in the front matter",
                source,
            )
        title = found
    body = converter.sequence(_nest(raws, title_heading, converter))
    return Policy(
        title=title,
        body=assign_positional_ids(body),
        metadata=_metadata(front, where),
        decisions=_decisions(front, where),
    )
