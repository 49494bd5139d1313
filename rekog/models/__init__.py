"""Typed models of every Rekognition shape.

Importing this package is cheap: the model modules (and pydantic) load on first attribute
access, and each model builds its validation schema the first time it is used.

Every structure shape of the service is a model named as in botocore (``FaceDetail``,
``SearchUsersByImageResponse``, ...); every enum shape is an :class:`OpenEnum`. The models
and enums are generated into private modules (``rekog/_generated/models/``) that load one by
one, but this package is their home: their ``__module__`` says ``rekog.models``, and type
checkers read them from ``rekog/models/__init__.pyi`` (generated), which defines them all.
Their bases are in :mod:`rekog.models.base` and :mod:`rekog.models.open_enum`.
"""

from __future__ import annotations

from typing import Any

from .._generated import models as _generated

__all__ = _generated.__all__


def __getattr__(name: str) -> Any:
    # The generated face loads the name's module on first use; pickles of a model find
    # ``rekog.models.FaceDetail`` through here too.
    value = getattr(_generated, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
