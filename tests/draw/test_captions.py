"""Text captions: never over another line's box, and confidences rounded down."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image

from rekog.draw._canvas import Canvas
from rekog.draw._render import _pct, detect_text
from rekog.models import DetectTextResponse


def _line(index: int, top: float, text: str) -> dict[str, Any]:
    box = {"Left": 0.1, "Top": top, "Width": 0.5, "Height": 0.08}
    corners = [(0.1, top), (0.6, top), (0.6, top + 0.08), (0.1, top + 0.08)]
    return {
        "DetectedText": text,
        "Type": "LINE",
        "Id": index,
        "Confidence": 99.5,
        "Geometry": {"BoundingBox": box, "Polygon": [{"X": x, "Y": y} for x, y in corners]},
    }


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("gap", [0.02, 0.0, 0.1])
def test_no_caption_covers_another_lines_box(gap: float) -> None:
    tops = [0.1 + i * (0.08 + gap) for i in range(4)]
    result = DetectTextResponse.from_response(
        {"TextDetections": [_line(i, top, f"line {i}") for i, top in enumerate(tops)]}
    )
    canvas = Canvas(Image.new("RGB", (400, 400), (255, 255, 255)))
    detect_text(canvas, result)
    boxes = [canvas.polygon_pixels(t.geometry.polygon) for t in result.text_detections]  # type: ignore[union-attr]
    tags = canvas._tags
    # Every caption is drawn, or (no free place) listed in the legend instead.
    assert len(tags) + len(canvas.notes) == len(boxes)
    for tag in tags:
        covered = [box for box in boxes if box is not None and _overlap(tag, box)]
        assert len(covered) <= 1, (tag, covered)  # its own line's box at most


@pytest.mark.parametrize(
    ("confidence", "shown"),
    [(99.5, " 99.5%"), (99.96, " 99.9%"), (97.0, " 97%"), (100.0, " 100%"), (None, "")],
)
def test_confidence_is_rounded_down(confidence: float | None, shown: str) -> None:
    assert _pct(confidence) == shown
