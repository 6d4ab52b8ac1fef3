"""What every command shares: error reporting, the repository option, reading an input.

Errors the user can fix (bad input, bad decision text, a refused record) print one line,
``error: <what> (<where>)``, on stderr and exit with status 1; bad usage exits with status 2
(Click's own handling).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

import policyversions as pv

F = TypeVar("F", bound=Callable[..., Any])

INPUT_FORMATS = click.Choice(list(pv.FORMATS))


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


def repo_option() -> str | None:
    """The ``--repo`` given to the ``policyversions`` group, if any."""
    context = click.get_current_context(silent=True)
    if context is None:
        return None
    value = context.find_root().params.get("repo")
    return value if isinstance(value, str) else None


def load_input(argument: str, input_format: str | None = None) -> pv.Policy:
    """Read *argument*: a file if it exists, else a ref ``POLICY[@REV]`` in the repository."""
    return pv.load_argument(argument, repo=repo_option(), format=input_format)
