"""What every command shares: error reporting, the repository option, reading an input.

Errors the user can fix (bad input, bad decision text, a refused record) print one line,
``error: <what> (<where>)``, on stderr and exit with status 1; bad usage exits with status 2
(Click's own handling).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

import policyversions as pv

F = TypeVar("F", bound=Callable[..., Any])

INPUT_FORMATS = click.Choice(list(pv.FORMATS))


def reports_errors(command: F) -> F:
    """Turn the library's errors into one line on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except pv.PolicyVersionsError as error:
            click.echo(f"error: {error}", err=True)
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
