"""Imports deferred to first use: a module's lazy names, and a module standing in for itself."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(
    package: str, homes: dict[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name of ``homes`` (name -> module,
    relative to ``package``) is imported on first read and kept in ``namespace`` (the
    module's globals), so later reads cost nothing; any other name is an AttributeError."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home, package), name)
        namespace[name] = value
        return value

    return __getattr__


class ImportOnUse:
    """Stands in for a module in a namespace until an attribute of it is read.

    It lets a runtime annotation such as ``boto3.session.Session`` resolve
    (``typing.get_type_hints``) in a module that must not pay for the import when it loads.
    The attribute comes from the real module in ``sys.modules``, so identities hold.
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"
