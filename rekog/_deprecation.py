"""Old public names that moved: still importable, with a ``DeprecationWarning`` naming the new home."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any


def moved_names(
    module: str, moved: dict[str, str], *, public: bool = False
) -> Callable[[str], Any]:
    """The lookup behind a module's ``__getattr__``, serving ``moved`` (old name ->
    ``"package.module:name"``); the module's ``__getattr__`` calls it directly.

    Each access warns (``DeprecationWarning``, pointing at the caller) and returns the object
    from its new home; any other name raises ``AttributeError`` as usual. ``public``: the
    names are still public, in their new home (otherwise they are internal helpers).
    """

    def __getattr__(name: str) -> Any:
        target = moved.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        home, _, attribute = target.partition(":")
        if public:
            message = f"{module}.{name} moved to {home}.{attribute}; import it from there"
        else:
            message = (
                f"{module}.{name} is internal and will be removed; "
                f"it now lives in {home}.{attribute} (not public API)"
            )
        warnings.warn(
            message,
            DeprecationWarning,
            stacklevel=3,  # past this lookup and the module's __getattr__
        )
        return getattr(importlib.import_module(home), attribute)

    return __getattr__
