"""Requests the installed botocore can serialise: members and operations it does not know.

rekog's models are generated from a newer botocore than many installs have. A request member
added to the service after the installed botocore was released (``Settings.ChallengePreferences``
of ``CreateFaceLivenessSession`` is new in botocore 1.38.32) would reach botocore's serialiser
and fail there with a bare ``KeyError``; an operation it does not know has no client method.
Both become an :class:`InvalidRequestError` naming the member, the installed botocore and the
fix, before anything is sent.

The check walks the wire request against the installed service model only when that botocore
is older than the one rekog was generated with: an up-to-date install pays nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import botocore
from botocore import xform_name

from ._generated.operations import GENERATED_WITH_BOTOCORE
from .errors import InvalidRequestError

__all__ = [
    "GENERATED_WITH_BOTOCORE",
    "INSTALLED_IS_OLDER",
    "check_installed_model",
    "installed_botocore_is_older",
    "unknown_members",
]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _older(installed: str) -> bool:
    return _version(installed) < _version(GENERATED_WITH_BOTOCORE)


#: Whether the installed botocore predates rekog's models, decided once per process: every
#: request asks, and the answer cannot change.
INSTALLED_IS_OLDER: bool = _older(botocore.__version__)


def installed_botocore_is_older(installed: str | None = None) -> bool:
    """Whether the installed botocore (or ``installed``) predates rekog's generated models."""
    return INSTALLED_IS_OLDER if installed is None else _older(installed)


@functools.lru_cache(maxsize=1)
def _installed_service_model() -> Any:
    from botocore.session import get_session

    return get_session().get_service_model("rekognition")


def _fix() -> str:
    return (
        f"the installed botocore {botocore.__version__} predates it (rekog's models come from "
        f"botocore {GENERATED_WITH_BOTOCORE}); upgrade with "
        f"`pip install -U 'boto3>={GENERATED_WITH_BOTOCORE}' 'botocore>={GENERATED_WITH_BOTOCORE}'`"
    )


def check_installed_model(
    operation: str, wire: dict[str, Any], *, service_model: Any = None
) -> None:
    """Raise :class:`InvalidRequestError` when ``operation`` or a member of ``wire`` is unknown
    to the installed botocore's service model (or ``service_model``).

    Without ``service_model``, does nothing when the installed botocore is not older than the
    one rekog was generated with.
    """
    if service_model is None:
        if not installed_botocore_is_older():
            return
        service_model = _installed_service_model()
    if operation not in service_model.operation_names:
        raise InvalidRequestError(
            "operation", f"{operation} is not a known operation: {_fix()}", operation=operation
        )
    shape = service_model.operation_model(operation).input_shape
    for where, name in unknown_members(shape, wire):
        raise InvalidRequestError(
            where, f"member {name!r} is not known: {_fix()}", operation=operation
        )


def unknown_members(shape: Any, value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """``(snake_case path, AWS name)`` of each member of ``value`` that ``shape`` (a botocore
    shape: request or response) does not know, depth first."""
    if shape is None:
        return
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in value.items():
            where = f"{path}.{xform_name(name)}" if path else xform_name(name)
            if name not in shape.members:
                yield where, name
            else:
                yield from unknown_members(shape.members[name], member, where)
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from unknown_members(shape.member, item, f"{path}[{index}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            yield from unknown_members(shape.value, item, f"{path}[{key!r}]")
