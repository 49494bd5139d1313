"""A module that is imported when an attribute of it is first read."""

from __future__ import annotations

import importlib
from typing import Any


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
