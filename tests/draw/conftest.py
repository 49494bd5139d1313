"""Shared by the drawing tests: the documented responses and a flat picture maker."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

FIXTURES = Path(__file__).parent / "fixtures"
WHITE = (255, 255, 255)


def fixture(name: str) -> dict[str, Any]:
    """A documented response, as boto3 returns it."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def flat_png(size: tuple[int, int], colour: tuple[int, int, int] = WHITE) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(params=sorted(p.stem for p in FIXTURES.glob("*.json")))
def documented(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param, fixture(request.param)
