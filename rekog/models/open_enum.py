"""The open string enum every generated enum derives from.

Kept apart from ``base`` (which imports pydantic) so that enums such as ``VideoJobStatus``
load without the model layer: a client's import and a job's status need no pydantic.
"""

from __future__ import annotations

import enum
import threading
from typing import Any

__all__ = ["OpenEnum"]


class OpenEnum(str, enum.Enum):
    """A string enum that accepts values it does not know.

    AWS adds enum values over time (``EmotionName`` gained ``FEAR``, ``UnsearchedFaceReason``
    gained ``LOW_FACE_QUALITY``). An unknown value becomes a pseudo-member that keeps its
    string, compares equal to it and serialises back unchanged; it is not listed by iteration.

    Pseudo-members are not added to the enum: a few recent ones are kept in a small bounded
    cache (``_PSEUDO_CACHE_SIZE`` per enum), so unknown values seen in responses never grow
    memory without bound.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        with _PSEUDO_MEMBER_LOCK:
            cache = _PSEUDO_MEMBERS.setdefault(cls, {})
            existing = cache.get(value)
            if existing is not None:
                return existing
            member = str.__new__(cls, value)
            member._name_ = value
            member._value_ = value
            if len(cache) >= _PSEUDO_CACHE_SIZE:
                cache.pop(next(iter(cache)))
            cache[value] = member
            return member

    @property
    def is_known(self) -> bool:
        """Whether this value is a member this SDK version was generated with."""
        # A pseudo-member's name is its value, which may spell a real member's name.
        return type(self)._member_map_.get(self._name_) is self

    def __str__(self) -> str:
        return str(self.value)


_PSEUDO_MEMBER_LOCK = threading.Lock()
_PSEUDO_CACHE_SIZE = 64
_PSEUDO_MEMBERS: dict[type[OpenEnum], dict[str, OpenEnum]] = {}
