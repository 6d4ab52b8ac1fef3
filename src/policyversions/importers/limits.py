"""How large an input may be: one limit for every importer, checked before anything is read.

:mod:`~policyversions.importers.loading` checks files and bytes; the importers check the text
they are given directly (``parse_text``, ``parse_markdown``) with :func:`check_size`.
"""

from __future__ import annotations

from typing import Final

from ..errors import InputError

#: The largest input accepted, in bytes (20 MiB: far beyond any real policy document).
MAX_INPUT_BYTES: Final = 20 * 1024 * 1024


def check_size(text: str, source: str) -> None:
    """Refuse *text* if it is larger than :data:`MAX_INPUT_BYTES` as UTF-8 (one line)."""
    if len(text) > MAX_INPUT_BYTES // 4:  # only then can it be over the limit
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > MAX_INPUT_BYTES:
            raise too_large(size, source)


def too_large(size: int, source: str) -> InputError:
    """The error for an input of *size* bytes, over :data:`MAX_INPUT_BYTES`."""
    return InputError(f"input is {size} bytes, over the limit of {MAX_INPUT_BYTES} bytes", source)


__all__ = ["MAX_INPUT_BYTES", "check_size", "too_large"]
