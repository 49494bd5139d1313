"""DetectText with the vision perception: Tesseract's lines and words, the service's shape."""

from __future__ import annotations

from typing import Any

import pytest

from rekog.local import LocalRekognition

from .media import TEXT_CASES, astronaut, encode, text_picture

pytestmark = pytest.mark.vision


def detect_text(local: LocalRekognition, data: bytes, **filters: Any) -> list[dict[str, Any]]:
    request: dict[str, Any] = {"Image": {"Bytes": data}}
    if filters:
        request["Filters"] = filters
    detections: list[dict[str, Any]] = local.call("DetectText", **request)["TextDetections"]
    return detections


def lines_of(detections: list[dict[str, Any]]) -> list[str]:
    return [d["DetectedText"] for d in detections if d["Type"] == "LINE"]


def test_rendered_text_is_read_line_by_line(vision: LocalRekognition) -> None:
    exact = {
        name: lines_of(detect_text(vision, text_picture(lines, size, font, angle))) == lines
        for name, (lines, size, font, angle) in TEXT_CASES.items()
    }
    assert sum(exact.values()) >= 5, exact


def test_words_belong_to_their_lines(vision: LocalRekognition) -> None:
    lines, size, font, angle = TEXT_CASES["two lines"]
    detections = detect_text(vision, text_picture(lines, size, font, angle))
    by_id = {d["Id"]: d for d in detections}
    words = [d for d in detections if d["Type"] == "WORD"]
    assert [d["Id"] for d in detections] == list(range(len(detections)))
    assert len(words) == 5
    for word in words:
        line = by_id[word["ParentId"]]
        assert line["Type"] == "LINE" and word["DetectedText"] in line["DetectedText"].split()
        outer, inner = line["Geometry"]["BoundingBox"], word["Geometry"]["BoundingBox"]
        assert outer["Left"] - 1e-6 <= inner["Left"]
        assert inner["Left"] + inner["Width"] <= outer["Left"] + outer["Width"] + 1e-6
        assert outer["Top"] - 1e-6 <= inner["Top"]
        assert inner["Top"] + inner["Height"] <= outer["Top"] + outer["Height"] + 1e-6
        assert len(word["Geometry"]["Polygon"]) == 4
        assert 60 <= word["Confidence"] <= 100


def test_slanted_text_gets_slanted_polygons(vision: LocalRekognition) -> None:
    lines, size, font, angle = TEXT_CASES["rotated 4"]
    (line, *_) = detect_text(vision, text_picture(lines, size, font, angle))
    top_left, top_right, *_ = line["Geometry"]["Polygon"]
    # PIL turned the text 4 degrees counter-clockwise: its right end rises.
    assert top_right["Y"] < top_left["Y"]


def test_filters_apply_to_seen_words(vision: LocalRekognition) -> None:
    lines, size, font, angle = TEXT_CASES["two lines"]
    picture = text_picture(lines, size, font, angle)
    everything = detect_text(vision, picture)
    upper = {"BoundingBox": {"Left": 0.0, "Top": 0.0, "Width": 1.0, "Height": 0.45}}
    assert lines_of(detect_text(vision, picture, RegionsOfInterest=[upper])) == ["Platform 4"]
    tallest = max(d["Geometry"]["BoundingBox"]["Height"] for d in everything)
    assert detect_text(vision, picture, WordFilter={"MinBoundingBoxHeight": tallest + 0.01}) == []
    assert detect_text(vision, picture, WordFilter={"MinConfidence": 100}) == []


def test_at_most_100_words(vision: LocalRekognition) -> None:
    rows = [" ".join(f"word{row}{col}" for col in range(8)) for row in range(20)]  # 160 words
    detections = detect_text(vision, text_picture(rows, 24, "DejaVuSansMono.ttf"))
    assert sum(d["Type"] == "WORD" for d in detections) == 100


def test_a_portrait_has_no_text(vision: LocalRekognition) -> None:
    assert detect_text(vision, encode(astronaut())) == []
