"""Fixtures of the vision perception tests: an emulator that sees with the offline models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rekog.local import LocalRekognition


@pytest.fixture
def vision() -> Iterator[LocalRekognition]:
    """An in-process emulator with ``perception="vision"`` (models load once per process)."""
    with LocalRekognition(perception="vision", job_seconds=0) as local:
        yield local


@pytest.fixture
def client(vision: LocalRekognition) -> Any:
    """A boto3 client answered by :func:`vision`."""
    return vision.client()
