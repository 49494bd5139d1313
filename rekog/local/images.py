"""Moved to :mod:`rekog.local.media.images` (the test-image makers); this name keeps old imports working."""

from __future__ import annotations

import sys

from .media import images as _moved
from .media.images import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _moved
