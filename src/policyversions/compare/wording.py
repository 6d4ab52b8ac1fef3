"""Word-level comparison of two texts: tokens, folded forms and word operations.

* :func:`tokens` splits text into lowercase word tokens (letters and digits), the unit the
  matcher compares with (Dice coefficient over token multisets, :func:`dice`).
* :func:`fold` is the *editorial* form of a text: case folded, with every white-space,
  punctuation and dash character removed except marks that carry meaning (``§ % & # @ ‰``),
  so ``verk- samhet`` folds like ``verksamhet``, and ``–`` like ``-``; quote style disappears.
  Two texts whose folded forms are equal differ only editorially (:func:`is_editorial`).
* :func:`word_ops` is a word-level redline: the texts are cut into words, runs of white space
  and single punctuation marks; each distinct piece is mapped to one private-use character,
  the two strings are diffed with diff-match-patch (``diff_main`` then
  ``diff_cleanupSemantic``) and mapped back. The result is a tuple of ``(op, text)`` with
  ``op`` in ``"equal"``, ``"insert"``, ``"delete"``; joining the
  ``equal`` and ``delete`` texts gives the old text, ``equal`` and ``insert`` the new one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Literal

from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

Op = Literal["equal", "insert", "delete"]
WordOp = tuple[Op, str]

_TOKEN = re.compile(r"\w+")
_WORD_PIECES = re.compile(r"\w+|\s+|[^\w\s]")
_OP_NAMES: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}
_PRIVATE_USE = 0xF0000  # Supplementary Private Use Area-A: 65,534 code points


def tokens(text: str) -> list[str]:
    """Return the lowercase word tokens (runs of letters and digits) of *text*."""
    return _TOKEN.findall(text.casefold())


_MEANINGFUL_MARKS = "§%&#@‰"  # punctuation by Unicode category, but they carry meaning


def _folded_away() -> tuple[bytes, re.Pattern[str]]:
    """Every character :func:`fold` removes: the ASCII ones as bytes, the others as a pattern."""
    ascii_codes: list[int] = []
    ranges: list[list[int]] = []
    for code in range(0x10000):
        char = chr(code)
        if (
            unicodedata.category(char).startswith(("P", "Z", "Cc", "Cf")) or char.isspace()
        ) and char not in _MEANINGFUL_MARKS:
            if code < 0x80:
                ascii_codes.append(code)
            elif ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = (f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return bytes(ascii_codes), re.compile("[" + "".join(parts) + "]+")


_ASCII_FOLDED_AWAY, _FOLDED_AWAY = _folded_away()


def fold(text: str) -> str:
    """Return the editorial form of *text*: case folded, without spaces, punctuation or dashes."""
    folded = unicodedata.normalize("NFC", text).casefold().encode("utf-8", "surrogatepass")
    # ASCII bytes never occur inside a multi-byte UTF-8 sequence, so deleting them is safe.
    result = folded.translate(None, _ASCII_FOLDED_AWAY).decode("utf-8", "surrogatepass")
    return result if result.isascii() else _FOLDED_AWAY.sub("", result)


def is_editorial(old: str | None, new: str | None) -> bool:
    """Whether *old* and *new* differ only in white space, punctuation, case or dash style."""
    if old is None or new is None:
        return old is new
    return fold(old) == fold(new)


def dice(old: Counter[str], new: Counter[str]) -> float:
    """Dice coefficient of two token multisets (1.0 for equal, 0.0 for disjoint)."""
    total = sum(old.values()) + sum(new.values())
    if total == 0:
        return 1.0
    shared = sum((old & new).values())
    return 2.0 * shared / total


def word_ops(old: str, new: str) -> tuple[WordOp, ...]:
    """Return the word-level operations that turn *old* into *new*."""
    if old == new:
        return (("equal", old),) if old else ()
    codes: dict[str, str] = {}
    pieces: list[str] = []

    def encode(text: str) -> str:
        out = []
        for piece in _WORD_PIECES.findall(text):
            code = codes.get(piece)
            if code is None:
                code = chr(_PRIVATE_USE + len(pieces) % 0xFFFE)
                codes[piece] = code
                pieces.append(piece)
            out.append(code)
        return "".join(out)

    old_code, new_code = encode(old), encode(new)
    if len(pieces) >= 0xFFFE:  # too many distinct words to encode: fall back to whole texts
        return tuple(op for op in (("delete", old), ("insert", new)) if op[1])
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    result = engine.diff_main(old_code, new_code, False)
    engine.diff_cleanupSemantic(result)
    ops: list[WordOp] = []
    for code, chunk in result:
        text = "".join(pieces[ord(char) - _PRIVATE_USE] for char in chunk)
        name = _OP_NAMES[code]
        if ops and ops[-1][0] == name:
            ops[-1] = (name, ops[-1][1] + text)
        elif text:
            ops.append((name, text))
    return tuple(ops)


def invert_ops(ops: tuple[WordOp, ...]) -> tuple[WordOp, ...]:
    """Return *ops* read backwards in time: insertions become deletions and vice versa."""
    swap: dict[Op, Op] = {"equal": "equal", "insert": "delete", "delete": "insert"}
    return tuple((swap[op], text) for op, text in ops)
