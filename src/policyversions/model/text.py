"""Text normalisation shared by the model and the importers.

All text stored in the model is *normal*: Unicode NFC, every run of white space collapsed to
one ASCII space, no leading or trailing space. Characters that XML 1.0 cannot carry (C0 and C1
control characters other than tab, line feed and carriage return, lone surrogates, U+FFFE,
U+FFFF) are rejected with a :class:`~policyversions.errors.ModelError`, never silently dropped.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import ModelError

_WHITESPACE = re.compile(r"\s+")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def check_characters(text: str, where: str | None = None) -> None:
    """Raise :class:`ModelError` if *text* holds a character that XML cannot carry."""
    match = _FORBIDDEN.search(text)
    if match is not None:
        code = ord(match.group())
        raise ModelError(
            f"control character U+{code:04X} is not allowed in policy text",
            where or f"at character {match.start() + 1} of {text[:40]!r}",
        )


def normalize(text: str) -> str:
    """Return *text* in normal form: NFC, single spaces, stripped.

    >>> normalize("  Ledar-  och\\n medarbetarpolicy ")
    'Ledar- och medarbetarpolicy'
    """
    check_characters(text)
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normalize_optional(text: str | None) -> str | None:
    """Normalise *text*; ``None`` and text that is only white space become ``None``."""
    if text is None:
        return None
    result = normalize(text)
    return result or None


def words(text: str) -> list[str]:
    """Split normal text into its white-space separated words."""
    return normalize(text).split()
