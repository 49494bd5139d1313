"""Moved to :mod:`rekog.local.perception.imaging` (how the emulator reads a picture and what it declares); this name keeps old imports working."""

from __future__ import annotations

import sys

from .perception import imaging as _moved
from .perception.imaging import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _moved
