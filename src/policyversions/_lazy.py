"""Lazy public names for the package and its rooms, so that importing one room costs only it.

``import policyversions`` must not import lxml, the renderers and the store: the command line
starts in the time it takes to import what the one command needs. Each package ``__init__``
lists its public names with the module that defines each (a mapping) and calls
:func:`lazy_exports`; the first access of a name imports its module and caches the value in the
package's namespace. The same names are imported under ``if TYPE_CHECKING:`` for type checkers.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return ``__getattr__`` and ``__dir__`` for *package*, whose names live in *exports*.

    *exports* maps each public name to the module that defines it, relative to *package*
    (``"load": ".importers.loading"``).
    """

    def __getattr__(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *exports})

    return __getattr__, __dir__
