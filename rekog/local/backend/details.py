"""``FaceDetail`` and ``TextDetection`` dicts built from what the emulator detected.

Attribute values (age, smile, emotions, pose...) are pseudo-random but deterministic: they
are drawn from a ``random.Random`` seeded with the face's signature, so the same face always
gets the same details.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from ..perception.imaging import Box, DetectedFace, Point, TextLine, TextWord

_LANDMARKS = {
    "eyeLeft": (0.3, 0.38),
    "eyeRight": (0.7, 0.38),
    "mouthLeft": (0.35, 0.75),
    "mouthRight": (0.65, 0.75),
    "nose": (0.5, 0.55),
}
_EMOTIONS = ("CALM", "HAPPY", "SURPRISED", "CONFUSED", "SAD", "ANGRY", "DISGUSTED", "FEAR")
_SHARPNESS = {"HIGH": 89.85, "MEDIUM": 46.02, "LOW": 4.89}
_BRIGHTNESS = {"HIGH": 83.21, "MEDIUM": 58.62, "LOW": 21.7}
_OPTIONAL = (
    "AGE_RANGE",
    "BEARD",
    "EMOTIONS",
    "EYE_DIRECTION",
    "EYEGLASSES",
    "EYES_OPEN",
    "GENDER",
    "MOUTH_OPEN",
    "MUSTACHE",
    "FACE_OCCLUDED",
    "SMILE",
    "SUNGLASSES",
)


def _flag(rng: random.Random, true_rate: float) -> dict[str, Any]:
    return {"Value": rng.random() < true_rate, "Confidence": round(rng.uniform(85.0, 99.9), 4)}


def _optional(rng: random.Random, name: str) -> tuple[str, Any]:
    if name == "AGE_RANGE":
        low = rng.randint(18, 60)
        return "AgeRange", {"Low": low, "High": low + rng.randint(4, 10)}
    if name == "GENDER":
        return "Gender", {
            "Value": rng.choice(("Male", "Female")),
            "Confidence": round(rng.uniform(90, 99.9), 4),
        }
    if name == "EMOTIONS":
        weights = sorted((rng.random() for _ in _EMOTIONS), reverse=True)
        total = sum(weights)
        names = list(_EMOTIONS)
        rng.shuffle(names)
        return "Emotions", [
            {"Type": emotion, "Confidence": round(100 * w / total, 4)}
            for emotion, w in zip(names, weights, strict=True)
        ]
    if name == "EYE_DIRECTION":
        return "EyeDirection", {
            "Yaw": round(rng.uniform(-10, 10), 4),
            "Pitch": round(rng.uniform(-10, 10), 4),
            "Confidence": round(rng.uniform(90, 99.9), 4),
        }
    keys = {
        "BEARD": ("Beard", 0.2),
        "EYEGLASSES": ("Eyeglasses", 0.25),
        "EYES_OPEN": ("EyesOpen", 0.9),
        "MOUTH_OPEN": ("MouthOpen", 0.2),
        "MUSTACHE": ("Mustache", 0.15),
        "FACE_OCCLUDED": ("FaceOccluded", 0.05),
        "SMILE": ("Smile", 0.5),
        "SUNGLASSES": ("Sunglasses", 0.05),
    }
    key, rate = keys[name]
    return key, _flag(rng, rate)


def face_detail(face: DetectedFace, attributes: Sequence[str] | None = None) -> dict[str, Any]:
    """The ``FaceDetail`` of ``face`` with the ``DEFAULT`` members plus requested attributes.

    Args:
        face: The detected face.
        attributes: ``DetectionAttributes`` / ``Attributes``: ``["DEFAULT"]`` (default),
            ``["ALL"]``, or attribute names added to the default set.
    """
    rng = random.Random(face.signature)
    box = face.box
    detail: dict[str, Any] = {"BoundingBox": box.wire()}
    wanted = set(attributes or ("DEFAULT",))
    extra_values = {name: _optional(rng, name) for name in _OPTIONAL}
    for name in _OPTIONAL:
        if "ALL" in wanted or name in wanted:
            key, value = extra_values[name]
            detail[key] = value
    if face.landmarks is not None:  # measured by the vision perception
        points: list[tuple[str, Point]] = list(face.landmarks)
    else:
        points = [
            (kind, (box.left + box.width * fx, box.top + box.height * fy))
            for kind, (fx, fy) in _LANDMARKS.items()
        ]
    detail["Landmarks"] = [
        {"Type": kind, "X": round(x, 6), "Y": round(y, 6)} for kind, (x, y) in points
    ]
    extreme = face.quality == "LOW"
    made_up = (
        rng.uniform(-8, 8),
        rng.uniform(-50, 50) if extreme else rng.uniform(-12, 12),
        rng.uniform(-10, 10),
    )
    roll, yaw, pitch = face.pose if face.pose is not None else made_up
    detail["Pose"] = {"Roll": round(roll, 4), "Yaw": round(yaw, 4), "Pitch": round(pitch, 4)}
    detail["Quality"] = {
        "Brightness": round(face.brightness, 4)
        if face.brightness is not None
        else _BRIGHTNESS[face.quality],
        "Sharpness": round(face.sharpness, 4)
        if face.sharpness is not None
        else _SHARPNESS[face.quality],
    }
    detail["Confidence"] = face.confidence
    return detail


def _even_words(text: str, box: Box, confidence: float) -> list[TextWord]:
    """Words of a declared line, laid out along its box in proportion to their length."""
    tokens = text.split()
    total = sum(len(t) for t in tokens) + max(len(tokens) - 1, 0)
    words, offset = [], 0
    for token in tokens:
        left = box.left + box.width * offset / total
        word_box = Box(left, box.top, box.width * len(token) / total, box.height)
        offset += len(token) + 1
        words.append(
            TextWord(token, word_box, round(max(0.0, confidence - 0.1 * (len(token) % 3)), 4))
        )
    return words


def text_detections(
    lines: Sequence[tuple[str, Box, float] | TextLine],
    filters: dict[str, Any] | None = None,
    max_words: int = 100,
) -> list[dict[str, Any]]:
    """``LINE`` then ``WORD`` detections for ``lines``; each word's ``ParentId`` is its line's ``Id``.

    ``filters`` is a ``DetectTextFilters``: ``WordFilter`` (``MinConfidence``,
    ``MinBoundingBoxHeight``, ``MinBoundingBoxWidth``) drops words, ``RegionsOfInterest``
    keeps words whose centre lies in one of the boxes; a line left without words is dropped.
    At most ``max_words`` words are returned, like the service.
    """
    word_filter = (filters or {}).get("WordFilter") or {}
    regions = [
        Box.parse(r["BoundingBox"])
        for r in (filters or {}).get("RegionsOfInterest", [])
        if "BoundingBox" in r
    ]
    kept: list[tuple[TextLine, list[TextWord]]] = []
    budget = max_words
    for entry in lines:
        line = entry if isinstance(entry, TextLine) else TextLine(*entry)
        candidates = (
            list(line.words)
            if line.words is not None
            else _even_words(line.text, line.box, line.confidence)
        )
        words = [
            word
            for word in candidates
            if word.confidence >= word_filter.get("MinConfidence", 0)
            and word.box.height >= word_filter.get("MinBoundingBoxHeight", 0)
            and word.box.width >= word_filter.get("MinBoundingBoxWidth", 0)
            and (not regions or any(_contains(r, word.box) for r in regions))
        ][:budget]
        budget -= len(words)
        if words:
            kept.append((line, words))
    detections: list[dict[str, Any]] = []
    for line_id, (line, _) in enumerate(kept):
        detections.append(
            _detection(line.text, "LINE", line_id, None, line.confidence, line.box, line.polygon)
        )
    next_id = len(kept)
    for line_id, (_, words) in enumerate(kept):
        for word in words:
            detections.append(
                _detection(
                    word.text, "WORD", next_id, line_id, word.confidence, word.box, word.polygon
                )
            )
            next_id += 1
    return detections


def _contains(region: Box, box: Box) -> bool:
    cx, cy = box.left + box.width / 2, box.top + box.height / 2
    return (
        region.left <= cx <= region.left + region.width
        and region.top <= cy <= region.top + region.height
    )


def _detection(
    text: str,
    kind: str,
    ident: int,
    parent: int | None,
    confidence: float,
    box: Box,
    polygon: Sequence[Point] | None = None,
) -> dict[str, Any]:
    detection: dict[str, Any] = {"DetectedText": text, "Type": kind, "Id": ident}
    if parent is not None:
        detection["ParentId"] = parent
    detection["Confidence"] = confidence
    corners = (
        [{"X": round(x, 6), "Y": round(y, 6)} for x, y in polygon]
        if polygon is not None
        else box.polygon()
    )
    detection["Geometry"] = {"BoundingBox": box.wire(), "Polygon": corners}
    return detection


_COMPARED = ("BoundingBox", "Confidence", "Landmarks", "Pose", "Quality", "Emotions", "Smile")


def compared_face(face: DetectedFace) -> dict[str, Any]:
    """The ``ComparedFace`` of ``face`` (CompareFaces, RecognizeCelebrities): a ``FaceDetail`` subset."""
    detail = face_detail(face, ["EMOTIONS", "SMILE"])
    return {key: detail[key] for key in _COMPARED if key in detail}
