"""What a lenient import repairs, and the error a strict import raises for the same input.

Real archives hold input that is almost right: a byte that is not UTF-8 (a Latin-1 ``ä`` in an
otherwise UTF-8 file), a control character such as U+009C left by an old conversion, a YAML
header that does not parse. A *strict* import (the default) refuses such input with one
:class:`~policyversions.errors.InputError` that says what, where (line and column) and that a
lenient import exists; a *lenient* import (``lenient=True``, ``--lenient``) repairs it, keeps
every word it can, and reports each repair as a
:class:`~policyversions.errors.RepairWarning` with its location.

Repairs made here (the importers make their own, through :class:`Repairs`):

- a byte sequence that is not UTF-8 is read byte by byte as Windows-1252 (``0xe4`` → ``ä``; the
  five bytes Windows-1252 leaves undefined become U+FFFD);
- a control character that XML cannot carry (see
  :func:`~policyversions.model.text.check_characters`) is removed, or replaced by a space if it
  separates words (vertical tab, form feed, the information separators U+001C–U+001F).

A document with very many repairs of one kind reports the first :data:`MAX_WARNINGS_PER_KIND`
one by one and the rest in one closing warning.
"""

from __future__ import annotations

import codecs
import contextvars
import re
import warnings
from collections import Counter
from typing import Final, NoReturn

from ..errors import InputError, ParseError, PolicyVersionsError, RepairWarning

MAX_WARNINGS_PER_KIND: Final = 50
"""Repairs of one kind reported one by one; the rest are counted in one warning."""

LENIENT: Final = "a lenient import (--lenient, lenient=True)"
"""How an error names the lenient import, in the API and on the command line alike."""

# The characters model.text refuses (kept equal by a test): C0 and C1 controls other than tab,
# line feed, carriage return and U+0085, lone surrogates, U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE_LIKE: Final = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")


class Repairs:
    """The repairs of one import: raises in a strict import, collects warnings in a lenient one.

    *source* names the input in every message; :meth:`emit` issues the collected warnings.
    """

    def __init__(self, source: str, lenient: bool) -> None:
        self.source = source
        self.lenient = lenient
        self._found: list[tuple[str, str, str]] = []  # (kind, what, where)

    def where(self, line: int | None = None, column: int | None = None) -> str:
        """``source, line L, column C`` (the parts that are known)."""
        parts = [self.source]
        if line is not None:
            parts.append(f"line {line}")
            if column is not None:
                parts.append(f"column {column}")
        return ", ".join(parts)

    def repair(
        self,
        kind: str,
        problem: str,
        where: str,
        *,
        does: str,
        did: str,
        error: type[InputError] = ParseError,
    ) -> None:
        """Report *problem* at *where*: strict, raise *error* saying what a lenient import
        *does*; lenient, note a warning saying what it *did*. *kind* groups repairs for the
        cap on warnings."""
        if not self.lenient:
            raise error(f"{problem}; {LENIENT} {does}", where)
        self._found.append((kind, f"{problem}: {did}", where))

    def recover(self, error: PolicyVersionsError, *, does: str, did: str) -> None:
        """Like :meth:`repair`, for an error an importer already raised (and caught)."""
        if not self.lenient:
            raise ParseError(f"{error.what}; {LENIENT} {does}", error.where) from error
        self._found.append((error.what, f"{error.what}: {did}", error.where or self.source))

    def emit(self) -> None:
        """Issue each collected repair as a :class:`RepairWarning` (at most
        :data:`MAX_WARNINGS_PER_KIND` of a kind, then one that counts the rest)."""
        counts: Counter[str] = Counter()
        found, self._found = self._found, []
        for kind, what, where in found:
            counts[kind] += 1
            if counts[kind] <= MAX_WARNINGS_PER_KIND:
                warnings.warn(RepairWarning(what, where), stacklevel=3)
        for kind, count in counts.items():
            if count > MAX_WARNINGS_PER_KIND:
                warnings.warn(
                    RepairWarning(
                        f"{count - MAX_WARNINGS_PER_KIND} more repairs like those above ({kind})",
                        self.source,
                    ),
                    stacklevel=3,
                )

    def take(self, other: Repairs) -> None:
        """Collect the repairs *other* has collected (and not yet emitted) as this one's."""
        self._found.extend(other._found)
        other._found = []

    @property
    def count(self) -> int:
        """How many repairs were collected and not yet emitted."""
        return len(self._found)


# --- control characters ---------------------------------------------------------------------


def clean_characters(text: str, repairs: Repairs) -> str:
    """*text* without the characters XML cannot carry (lines counted from 1 at ``\\n``).

    Strict, the first one is a :class:`ParseError` naming the character, its line and column;
    lenient, each is removed (or replaced by a space, see the module docstring) and reported.
    """
    first = _FORBIDDEN.search(text)
    if first is None:
        return text
    pieces: list[str] = []
    line, line_start, counted_to, kept_to = 1, 0, 0, 0
    for match in _FORBIDDEN.finditer(text, first.start()):
        position = match.start()
        newlines = text.count("\n", counted_to, position)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted_to, position) + 1
        counted_to = position
        char = match.group()
        replacement = " " if char in _SPACE_LIKE else ""
        repairs.repair(
            "control characters",
            f"control character U+{ord(char):04X} is not allowed in policy text",
            repairs.where(line, position - line_start + 1),
            does="removes it",
            did="replaced by a space" if replacement else "removed",
        )
        pieces.append(text[kept_to:position])
        pieces.append(replacement)
        kept_to = match.end()
    pieces.append(text[kept_to:])
    return "".join(pieces)


# --- bytes that are not UTF-8 -----------------------------------------------------------------

_HANDLER: Final = "policyversions-windows-1252"
_STRAY: contextvars.ContextVar[list[tuple[int, bytes, str]]] = contextvars.ContextVar("stray")


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = bytes(error.object[error.start : error.end])
    replacement = bad.decode("cp1252", errors="replace")
    found = _STRAY.get(None)
    if found is not None:
        found.append((error.start, bad, replacement))
    return replacement, error.end


codecs.register_error(_HANDLER, _as_windows_1252)


def decode(raw: bytes, repairs: Repairs) -> str:
    """*raw* decoded as UTF-8.

    Strict, the first byte that is not UTF-8 is an :class:`InputError` naming it, its line and
    column; lenient, each such byte is read as Windows-1252 and reported.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if not repairs.lenient:
            _refuse(raw, error.start, repairs)
    found: list[tuple[int, bytes, str]] = []
    token = _STRAY.set(found)
    try:
        text = raw.decode("utf-8", errors=_HANDLER)
    finally:
        _STRAY.reset(token)
    line, counted_to = 1, 0
    for start, bad, replacement in found:
        line += raw.count(b"\n", counted_to, start)
        counted_to = start
        shown = " ".join(f"0x{byte:02x}" for byte in bad)
        repairs.repair(
            "bytes that are not UTF-8",
            f"{'byte' if len(bad) == 1 else 'bytes'} {shown} {'is' if len(bad) == 1 else 'are'} "
            "not UTF-8",
            repairs.where(line, _column(raw, start)),
            does="reads it as Windows-1252",
            did=f"read as Windows-1252 {replacement!r}",
            error=InputError,
        )
    return text


def _refuse(raw: bytes, start: int, repairs: Repairs) -> NoReturn:
    line = raw.count(b"\n", 0, start) + 1
    raise InputError(
        f"not UTF-8: byte 0x{raw[start]:02x} cannot be decoded; {LENIENT} reads it as Windows-1252",
        repairs.where(line, _column(raw, start)),
    )


def _column(raw: bytes, start: int) -> int:
    line_start = raw.rfind(b"\n", 0, start) + 1
    return len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
