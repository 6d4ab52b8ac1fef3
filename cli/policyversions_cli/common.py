"""What every command shares: error reporting, the repository option, reading an input.

Errors the user can fix (bad input, bad decision text, a refused record) print one line,
``error: <what> (<where>)``, on stderr and exit with status 1; bad usage exits with status 2
(Click's own handling). The repairs of a lenient import (``--lenient``) print one line each,
``warning: <what> (<where>)``, on stderr, and JSON output lists them under ``"warnings"``.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import functools
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

import policyversions as pv

F = TypeVar("F", bound=Callable[..., Any])

INPUT_FORMATS = click.Choice(list(pv.FORMATS))

_WARNINGS = "policyversions.warnings"


_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EPIPE})
"""What writing standard output can meet (a full disk, a closed pipe): one line, not a trace."""


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that nothing tries to flush it again at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def reports_errors(command: F) -> F:
    """Turn the library's errors into one line on stderr and exit status 1; so too a failure
    to write standard output (a full disk, a closed pipe)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()
            return result
        except pv.PolicyVersionsError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        except OSError as error:
            if error.errno not in _OUTPUT_ERRORS:
                raise
            _silence_stdout()
            if error.errno != errno.EPIPE:
                click.echo(
                    f"error: cannot write the output: {error.strerror} (standard output)",
                    err=True,
                )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def lenient_option(command: F) -> F:
    """The ``--lenient`` flag of every command that reads a file."""
    return click.option(
        "--lenient",
        is_flag=True,
        help="Repair what a strict import refuses (bytes that are not UTF-8, control "
        "characters, malformed front matter) and report each repair as a warning.",
    )(command)


def input_format_option(command: F) -> F:
    """``--from`` (alias ``--input-format``): the format of the files a command reads."""
    return click.option(
        "--from",
        "--input-format",
        "input_format",
        type=INPUT_FORMATS,
        help="The format of the input: text, markdown, xml, docx or pdf (default: from the "
        "file's extension).",
    )(command)


def accept_changes_option(command: F) -> F:
    """The ``--accept-changes`` flag of every command that reads a file."""
    return click.option(
        "--accept-changes",
        is_flag=True,
        help="Word: import the text with every tracked change accepted (a document with "
        "tracked changes is refused without it).",
    )(command)


def repo_option() -> str | None:
    """The ``--repo`` given to the ``policyversions`` group, if any."""
    context = click.get_current_context(silent=True)
    if context is None:
        return None
    value = context.find_root().params.get("repo")
    return value if isinstance(value, str) else None


def parse_day(value: str | None) -> datetime.date | None:
    """The day an ``--on`` option gives (``None`` when it is not given)."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint="--on") from None


def load_input(
    argument: str,
    input_format: str | None = None,
    lenient: bool = False,
    accept_changes: bool = False,
) -> pv.Policy:
    """Read *argument*: a file if it exists, else a ref ``POLICY[@REV]`` in the repository.

    The repairs of a lenient import are printed on stderr (and kept for :func:`json_output`).
    """
    with reporting_repairs():
        return pv.load_argument(
            argument,
            repo=repo_option(),
            format=input_format,
            lenient=lenient,
            accept_changes=accept_changes,
        )


def load_file(
    path: str,
    input_format: str | None = None,
    lenient: bool = False,
    accept_changes: bool = False,
) -> pv.Policy:
    """Read the file at *path*, printing the repairs of a lenient import on stderr."""
    with reporting_repairs():
        return pv.load(path, format=input_format, lenient=lenient, accept_changes=accept_changes)


@contextmanager
def reporting_repairs() -> Iterator[None]:
    """Print each :class:`~policyversions.RepairWarning` raised inside as one line on stderr,
    even when the import then fails, and keep it for :func:`json_output`."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pv.RepairWarning)
        try:
            yield
        finally:
            found = [str(item.message) for item in caught if item.category is pv.RepairWarning]
            for message in found:
                click.echo(f"warning: {message}", err=True)
            context = click.get_current_context(silent=True)
            if context is not None:
                context.meta.setdefault(_WARNINGS, []).extend(found)


def repairs_reported() -> list[str]:
    """The repairs printed so far by this command."""
    context = click.get_current_context(silent=True)
    return list(context.meta.get(_WARNINGS, [])) if context is not None else []


def json_output(data: dict[str, Any], *, indent: int) -> str:
    """*data* as JSON, with the repairs of a lenient import under ``"warnings"`` if any."""
    found = repairs_reported()
    if found:
        data = {**data, "warnings": found}
    return json.dumps(data, ensure_ascii=False, indent=indent)
