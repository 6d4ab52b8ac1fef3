"""Front matter: the YAML (``---``) or TOML (``+++``) header of a Markdown document, read into
:class:`~policyversions.model.Metadata`, decisions and perhaps the title.

YAML is read with a safe loader that keeps number-like values as written (``2011:10``, ``1.10``,
``010`` stay text; only plain decimal integers become numbers), TOML with :mod:`tomllib`.
Front matter that does not parse, or is not a mapping, is a
:class:`~policyversions.errors.ParseError` naming the line and column; a lenient import reads it
line by line instead: each top-level key with its indented lines on its own, as YAML (or TOML)
where that part parses, else as ``key: value`` text, so that one bad line loses nothing else.

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

Date fields need a date (a YAML/TOML date or ISO text). Every other key, including a second key
for an already filled field, goes to ``Metadata.extra`` in source order: text as written,
numbers as text, booleans ``true``/``false``, no value as empty text, dates and times in ISO form,
lists and mappings as compact JSON (``ensure_ascii=False``, dates in ISO form).

Decisions
    ``decision`` or ``beslut`` (text or a list of texts) is parsed with
    :func:`~policyversions.importers.decision_text.parse_decision`. Swedish statute headers
    (SFS, as exported by se-lex) carry ``utfardad_datum``: the statute was issued by Regeringen
    on that date (``Action.ADOPTED``, act number ``SFS <beteckning>``, effective from the
    top-level ``ikraft_datum``); each entry of ``andringsforfattningar`` (an amending act with
    ``beteckning`` and ``ikraft_datum``) is a revision by Regeringen (``Action.REVISED``, act
    number ``SFS <beteckning>``) in the year its number gives (``2024:1362`` was issued in
    2024): its ``ikraft_datum`` is when it took effect (the decision's ``effective`` date), not
    when it was decided, and dates the decision only for a number without a year. Decisions
    are returned oldest first. These keys are also kept in ``extra``.

A value that does not fit its field (a date that is not one, a decision that does not parse) is
an error; a lenient import keeps it as text in ``extra`` (it is there already for decisions) and
reports it.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
import tomllib
from collections.abc import Callable
from typing import Any, Final

import attrs
import yaml

from ..errors import ParseError, PolicyVersionsError
from ..model import Action, Decision, Metadata, Organ, normalize
from .decision_text import parse_decision
from .grammar import chronological
from .repairs import Repairs

_MAX_DEPTH: Final = 50
_MAX_NODES: Final = 100_000


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

TITLE_KEYS: Final = ("title", "titel", "rubrik")
_FIELD_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "document_type": ("document_type", "typ", "dokumenttyp"),
    "owner": ("owner", "dokumentansvarig"),
    "scope": ("scope", "omfattning"),
    "valid_from": ("valid_from", "gäller_från", "galler_fran", "ikraft_datum"),
    "valid_until": ("valid_until", "gäller_till", "galler_till"),
    "review_by": ("review_by", "revideras_senast"),
    "replaces": ("replaces", "ersätter", "ersatter"),
    "source": ("source", "källa", "kalla"),
}
_OWNER_OF: Final = {key: field for field, keys in _FIELD_KEYS.items() for key in keys}
_DATE_FIELDS: Final = ("valid_from", "valid_until", "review_by")
_DECISION_KEYS: Final = ("decision", "beslut")
_ISSUED_KEYS: Final = ("utfardad_datum", "utfärdad_datum")
_AMENDMENT_KEYS: Final = ("andringsforfattningar", "ändringsförfattningar")
_GOVERNMENT: Final = "Regeringen"
_KEPT: Final = dict(does="keeps the value as text", did="kept as text")


@attrs.frozen
class FrontMatter:
    """Front matter as read: its key/value pairs and where it sits in the source."""

    kind: str
    """``"YAML"`` or ``"TOML"``."""
    data: dict[str, Any]
    first_line: int
    """The line number of the opening fence."""
    lines: tuple[str, ...]
    """The lines between the fences."""

    def key_line(self, key: str) -> int:
        """The source line of top-level *key* (the opening fence if it is not found)."""
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[:=]")
        for offset, line in enumerate(self.lines):
            if pattern.match(line):
                return self.first_line + 1 + offset
        return self.first_line

    def key_text(self, key: str) -> str:
        """The source text of top-level *key*'s value: the rest of its line and the indented
        lines under it, as written."""
        line = self.key_line(key) - self.first_line - 1
        if not 0 <= line < len(self.lines):
            return ""
        head = re.sub(r"^\s*[\"']?[^:=]*?[\"']?\s*[:=]\s?", "", self.lines[line], count=1)
        rest = []
        for following in self.lines[line + 1 :]:
            if following and not following[0].isspace() and not following.startswith("- "):
                break
            rest.append(following.strip())
        return " ".join([head.strip(), *rest]).strip()


def read_front_matter(kind: str, content: str, repairs: Repairs) -> FrontMatter:
    """Read *content* (the lines between the fences on lines 1 and n) as *kind*."""
    lines = tuple(content.split("\n")) if content else ()
    front = FrontMatter(kind, {}, 1, lines)
    try:
        loaded = _load(kind, content, front, repairs)
    except ParseError as error:
        repairs.recover(error, does="reads it line by line", did="read line by line")
        loaded = _line_by_line(front, repairs)
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        repairs.repair(
            "front matter",
            f"{kind} front matter must be a mapping of keys to values, not {type(loaded).__name__}",
            repairs.where(2),
            does="keeps it as text",
            did="kept as text under 'front_matter'",
        )
        loaded = {"front_matter": " ".join(line.strip() for line in lines)}
    return attrs.evolve(front, data=_string_keys(loaded, front, repairs))


def _load(kind: str, text: str, front: FrontMatter, repairs: Repairs) -> object:
    if kind == "TOML":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
            if match is not None:
                where = repairs.where(int(match.group(1)) + front.first_line, int(match[2]))
                what = message[: match.start()].strip()
            else:  # "(at end of document)": point at the last line of the front matter
                where = repairs.where(len(front.lines) + front.first_line)
                what = re.sub(r"\s*\(at end of document\)$", "", message)
            raise ParseError(f"malformed TOML front matter: {what}", where) from error
    try:
        return yaml.load(text, Loader=_FrontMatterLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = (
            repairs.where(mark.line + front.first_line + 1, mark.column + 1)
            if mark is not None
            else repairs.where(front.first_line)
        )
        problem = error.problem or error.context or "syntax error"
        raise ParseError(f"malformed YAML front matter: {problem}", where) from error
    except Exception as error:  # PyYAML's constructors raise anything on odd explicit tags
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        bad_date = _impossible_date_line(front.lines)
        where = (
            repairs.where(bad_date + front.first_line)
            if bad_date
            else f"{repairs.source}, lines {front.first_line}-{len(front.lines) + 2}"
        )
        raise ParseError(f"malformed YAML front matter: {first_line}", where) from error


def _impossible_date_line(lines: tuple[str, ...]) -> int | None:
    """The line (1 for the first) of the first date-like value that is not a real date."""
    for offset, line in enumerate(lines):
        for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return offset + 1
    return None


def _line_by_line(front: FrontMatter, repairs: Repairs) -> dict[str, Any]:
    """Read each top-level key with its indented lines on its own (see the module docstring)."""
    chunks: list[tuple[int, list[str]]] = []
    for offset, line in enumerate(front.lines):
        starts = bool(line.strip()) and not line[0].isspace() and not line.startswith(("- ", "#"))
        if starts or not chunks:
            chunks.append((offset, [line]))
        else:
            chunks[-1][1].append(line)
    result: dict[str, Any] = {}
    for offset, lines in chunks:
        text = "\n".join(lines)
        if not text.strip():
            continue
        number = front.first_line + 1 + offset
        problem: str | None = None
        try:
            loaded = _load(front.kind, text, attrs.evolve(front, lines=tuple(lines)), repairs)
        except ParseError as error:
            loaded, problem = None, error.what
        if isinstance(loaded, dict) and not set(loaded) & set(result):
            result.update(loaded)
            continue
        key, separator, value = lines[0].partition("=" if front.kind == "TOML" else ":")
        key = key.strip().strip("\"'")
        if not separator or not key or key in result:
            key = f"front_matter_line_{number}"
            value = lines[0]
        value = " ".join([value.strip(), *(more.strip() for more in lines[1:])]).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        result[key] = value
        repairs.repair(
            "front matter",
            problem or f"front matter line {number} is not {front.kind}",
            repairs.where(number),
            does="keeps the line as text",
            did=f"kept as text under {key!r}",
        )
    return result


def _string_keys(data: dict[Any, Any], front: FrontMatter, repairs: Repairs) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in data.items():
        name = normalize(_scalar_text(key)) if key is not None else ""
        problem = None
        if not name:
            problem, name = "front matter has an empty key", "front_matter_key"
        elif name in result:
            problem = f"front matter key {name!r} appears twice"
        if problem is not None:
            repairs.repair(
                "front matter",
                problem,
                repairs.where(front.first_line),
                does="numbers the key",
                did="numbered",
            )
            base, number = name, 2
            while name in result:
                name, number = f"{base}_{number}", number + 1
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


def _value_text(value: object, key: str, front: FrontMatter, repairs: Repairs) -> str:
    if isinstance(value, dict | list | tuple | set | frozenset):
        try:
            plain = _jsonable(value, [_MAX_NODES])
        except ValueError as error:
            repairs.repair(
                "front matter",
                str(error),
                repairs.where(front.key_line(key)),
                does="keeps its text as written",
                did="kept its text as written",
            )
            return front.key_text(key)
        return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return _scalar_text(value)


def _as_date(value: object, key: str, where: str) -> datetime.date:
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
        f"front matter key {key!r} needs a date (YYYY-MM-DD), got {_scalar_text(value)!r}", where
    )


def metadata(front: FrontMatter | None, repairs: Repairs) -> Metadata:
    """The :class:`Metadata` that *front* gives (see the module docstring)."""
    if front is None:
        return Metadata()
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for key, value in front.data.items():
        field = _OWNER_OF.get(key.casefold())
        if field is None or field in fields or value is None:
            extra.append((key, _value_text(value, key, front, repairs)))
        elif field in _DATE_FIELDS:
            try:
                fields[field] = _as_date(value, key, repairs.where(front.key_line(key)))
            except ParseError as error:
                repairs.recover(error, **_KEPT)
                extra.append((key, _value_text(value, key, front, repairs)))
        elif field == "replaces":
            items = value if isinstance(value, list) else [value]
            texts = [_value_text(item, key, front, repairs) for item in items]
            fields[field] = tuple(text for text in texts if normalize(text))
        else:
            fields[field] = _value_text(value, key, front, repairs)
    return Metadata(**fields, extra=tuple(extra))


def _find(data: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    for key, value in data.items():
        if key.casefold() in keys:
            return key, value
    return None


def decisions(front: FrontMatter | None, repairs: Repairs) -> tuple[Decision, ...]:
    """The decisions *front* records, oldest first (see the module docstring)."""
    if front is None:
        return ()
    data = front.data
    found: list[Decision] = []

    def attempt(make: Callable[..., Decision], *arguments: object) -> None:
        try:
            found.append(make(*arguments))
        except ParseError as error:
            repairs.recover(error, does="skips it (its text stays in extra)", did="skipped")

    issued = _find(data, _ISSUED_KEYS)
    if issued is not None:
        key, value = issued
        where = repairs.where(front.key_line(key))
        attempt(_issue, key, value, data.get("beteckning"), data.get("ikraft_datum"), where)
    amendments = _find(data, _AMENDMENT_KEYS)
    if amendments is not None:
        key, value = amendments
        where = repairs.where(front.key_line(key))
        if not isinstance(value, list):
            attempt(_refuse, f"front matter key {key!r} needs a list of amending acts", where)
        else:
            for number, entry in enumerate(value, start=1):
                attempt(_amendment, key, number, entry, where)
    given = _find(data, _DECISION_KEYS)
    if given is not None:
        key, value = given
        where = repairs.where(front.key_line(key))
        for text in value if isinstance(value, list) else [value]:
            attempt(_stated, key, text, where)
    return chronological(found)


def _refuse(what: str, where: str) -> Decision:
    raise ParseError(what, where)


def _issue(
    key: str, value: object, designation: object, in_force: object, where: str
) -> Decision:
    date = _as_date(value, key, where)
    effective = None if in_force is None else _as_date(in_force, "ikraft_datum", where)
    try:
        return Decision(
            organ=Organ(name=_GOVERNMENT),
            year=date.year,
            date=date,
            act_number=_sfs_number(designation),
            action=Action.ADOPTED,
            effective=effective,
        )
    except PolicyVersionsError as error:
        raise ParseError(f"beteckning: {error.what}", where) from error


def _stated(key: str, text: object, where: str) -> Decision:
    if not isinstance(text, str):
        raise ParseError(f"front matter key {key!r} needs decision references as text", where)
    try:
        return parse_decision(text)
    except PolicyVersionsError as error:
        raise ParseError(f"front matter key {key!r}: {error.what}", where) from error


def _sfs_number(designation: object) -> str | None:
    if designation is None:
        return None
    text = normalize(_scalar_text(designation))
    return f"SFS {text}" if text else None


def _amendment(key: str, number: int, entry: object, where: str) -> Decision:
    if not isinstance(entry, dict):
        raise ParseError(f"amending act {number} of {key!r} is not a mapping", where)
    designation = entry.get("beteckning")
    in_force = entry.get("ikraft_datum")
    # The act's number starts with the year it was issued: the year of the decision. Its date in
    # force is when it took effect, not when it was decided, so it dates the decision only when
    # the number gives no year.
    date: datetime.date | None = None
    effective: datetime.date | None = None
    if in_force is not None:
        effective = _as_date(in_force, f"{key}[{number}].ikraft_datum", where)
    match = re.match(r"\s*(\d{4})\s*:", _scalar_text(designation or ""))
    if match is not None:
        year = int(match.group(1))
    elif effective is not None:
        date = effective
        year = date.year
    else:
        raise ParseError(
            f"amending act {number} of {key!r} has neither ikraft_datum nor a beteckning "
            "starting with a year",
            where,
        )
    try:
        return Decision(
            organ=Organ(name=_GOVERNMENT),
            year=year,
            date=date,
            act_number=_sfs_number(designation),
            action=Action.REVISED,
            effective=effective,
        )
    except PolicyVersionsError as error:
        raise ParseError(f"amending act {number} of {key!r}: {error.what}", where) from error


def front_title(front: FrontMatter | None) -> str | None:
    """The title the front matter gives (``title``, ``titel`` or ``rubrik``), if any."""
    if front is None:
        return None
    found = _find(front.data, TITLE_KEYS)
    if found is None or found[1] is None or isinstance(found[1], dict | list):
        return None
    return normalize(_scalar_text(found[1])) or None
