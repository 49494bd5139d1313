"""Moved to :mod:`rekog.local.perception.declarations` (what a picture declares beyond faces and text); this name keeps old imports working."""

from __future__ import annotations

import sys

from .perception import declarations as _moved
from .perception.declarations import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _moved
