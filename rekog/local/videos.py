"""Moved: the video convention is read by :mod:`rekog.local.perception.videos` and written by
:mod:`rekog.local.media.videos`; this name keeps old imports working."""

from __future__ import annotations

from .media.videos import *  # noqa: F403  (the names, for type checkers)
from .perception.videos import *  # noqa: F403
