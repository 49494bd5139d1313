"""Moved to :mod:`rekog.local.perception.taxonomy` (the built-in label and moderation taxonomies); this name keeps old imports working."""

from __future__ import annotations

import sys

from .perception import taxonomy as _moved
from .perception.taxonomy import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _moved
