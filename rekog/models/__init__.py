"""Typed models of every Rekognition shape.

Importing this package is cheap: the model modules (and pydantic) load on first attribute
access, and each model builds its validation schema the first time it is used.

Every structure shape of the service is a model named as in botocore (``FaceDetail``,
``SearchUsersByImageResponse``, ...); every enum shape is an :class:`OpenEnum`. The models are
generated (``rekog/_generated/models/``); this package is their public face, and
``_base.py`` the hand-written base classes they build on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._generated.models import *  # noqa: F403
    from ._base import RESPONSE_CONTEXT as RESPONSE_CONTEXT
    from ._base import RekogModel as RekogModel
    from ._base import SharedShapeModel as SharedShapeModel
    from ._open_enum import OpenEnum as OpenEnum

from .._generated import models as _generated

__all__ = _generated.__all__


if not TYPE_CHECKING:  # type checkers see the names above: a misspelt one is an error

    def __getattr__(name: str) -> Any:
        value = getattr(_generated, name)  # the generated face loads the module on first use
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return list(__all__)
