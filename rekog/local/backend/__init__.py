"""The emulator's stateful backend, one module per group of operations."""

from __future__ import annotations

from .context import BackendConfig
from .core import IDEMPOTENT, OPERATIONS, RekognitionBackend

__all__ = ["IDEMPOTENT", "OPERATIONS", "BackendConfig", "RekognitionBackend"]
