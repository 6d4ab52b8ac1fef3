"""Reading a command-line argument that names a policy: a file, or a ref into the repository."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..errors import InputError
from ..importers.loading import load
from .errors import StoreError
from .refs import parse_ref

if TYPE_CHECKING:
    from ..model import Policy


def load_argument(
    argument: str,
    *,
    repo: str | os.PathLike[str] | None = None,
    format: str | None = None,
    start: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    lenient: bool = False,
    accept_changes: bool = False,
) -> Policy:
    """Read a policy from *argument*: a file if there is one at that path, else a ref
    ``POLICY[@REV]`` in the repository :meth:`Repository.find` finds (from *repo*).

    An argument that is neither an existing file nor a valid ref raises
    :class:`~policyversions.errors.InputError` ``no such file``. *lenient* goes to
    :func:`~policyversions.load` for a file (a stored revision is read as it was stored), and
    so does *accept_changes* (a Word document's tracked changes, all accepted).
    """
    if os.path.isfile(argument):
        return load(argument, format=format, lenient=lenient, accept_changes=accept_changes)
    try:
        parse_ref(argument)
    except StoreError:
        if os.path.isdir(argument):
            # the loader says what is wrong
            return load(argument, format=format, lenient=lenient, accept_changes=accept_changes)
        raise InputError("no such file", argument) from None
    try:
        from .repository import Repository  # only for a ref: reading a file needs no store

        repository = Repository.find(repo, start=start, environ=environ)
    except StoreError as error:
        raise StoreError(f"no such file, and {error.what}", error.where) from None
    return repository.read(repository.resolve(argument))


__all__ = ["load_argument"]
