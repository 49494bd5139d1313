"""Faces as the service reports them, measured from dlib's detections.

* **Detection**: dlib's HOG detector at the picture's own scale, where it finds faces from
  ~80 pixels; its SVM score must reach :data:`SCORE_FLOOR` (true faces score 0.5-2; false
  positives seen on photos, e.g. a mission patch, stay below 0.3). Pictures under 640 pixels
  are searched again upsampled once, for faces down to ~40 pixels; those must reach the
  stricter :data:`SMALL_FACE_FLOOR` (upsampling makes more false positives) and not overlap
  a face already found. ``Confidence`` maps the score to 90..100.
* **Box**: the service's boxes run from the hairline to the chin, wider and taller than
  dlib's eyebrows-to-lip square. Calibrated on a public-domain portrait: width 1.1x dlib's,
  top half a box-width above the eyes, height 1.32x dlib's width.
* **Landmarks**: ``eyeLeft``/``eyeRight`` (the eye on the image's left/right: the middle of
  its two corner points), ``nose`` (the base of the nose) from the 5 points; ``mouthLeft`` and
  ``mouthRight`` are *estimated* from them (average face proportions). No other landmark
  type: the only model that provides them is not commercially usable.
* **Pose** (degrees): ``Roll`` is the angle of the eyeLeft->eyeRight line in image
  coordinates (y down) -- positive when the head is tilted clockwise on screen. ``Yaw`` and
  ``Pitch`` are rough, from the nose's offset to the eyes' midpoint: ``Yaw`` positive when the
  nose points to the image's right, ``Pitch`` positive when the face looks up.
* **Quality**: ``Brightness`` is the face's mean luminance (0..100); ``Sharpness`` maps the
  variance of its Laplacian (at a fixed 112-pixel size) to 0..100. Faces smaller than 40
  pixels, very dark/bright or blurred are ``LOW`` for ``QualityFilter``; see :func:`grade`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

from ..geometry import Box
from ..imaging import DetectedFace, Point
from .identity import signature_of_vector
from .models import FaceModels

#: The detector's SVM score a detection must reach to count as a face.
SCORE_FLOOR = 0.5
#: The score a face found only in the upsampled picture must reach.
SMALL_FACE_FLOOR = 0.8
#: Pictures whose longest side is under this are also searched upsampled once.
UPSAMPLE_BELOW = 640
#: Side of the square the face is resized to before its sharpness is measured.
_QUALITY_SIZE = 112
#: Nose base below the eyes' midpoint, in eye distances, on a frontal face.
_NOSE_DROP = 0.77
#: Mouth centre along the eyes-midpoint -> nose line, and mouth half-width, in eye distances.
_MOUTH_ALONG = 1.35
_MOUTH_HALF_WIDTH = 0.4


def detect(models: FaceModels, image: Image.Image) -> tuple[DetectedFace, ...]:
    """Every face dlib finds above the score floor, with its identity vector."""
    rgb = np.asarray(image.convert("RGB"))
    height, width = rgb.shape[:2]
    with models.lock:
        rects, scores, _ = models.detector.run(rgb, 0, 0.0)
        found = [(r, s) for r, s in zip(rects, scores, strict=True) if s >= SCORE_FLOOR]
        if max(width, height) < UPSAMPLE_BELOW:
            rects, scores, _ = models.detector.run(rgb, 1, 0.0)
            found += [
                (r, s)
                for r, s in zip(rects, scores, strict=True)
                if s >= SMALL_FACE_FLOOR and not any(_overlap(r, f) for f, _ in found)
            ]
        shapes = [models.predictor(rgb, rect) for rect, _ in found]
        vectors = [models.encoder.compute_face_descriptor(rgb, shape) for shape in shapes]
    if not found:
        return ()
    gray = np.asarray(image.convert("L"), dtype=np.float32)
    faces = []
    for (rect, score), shape, vector in zip(found, shapes, vectors, strict=True):
        points = [(float(p.x), float(p.y)) for p in shape.parts()]
        corners = (rect.left(), rect.top(), rect.right(), rect.bottom())
        identity = tuple(float(v) for v in vector)
        faces.append(_face(gray, corners, score, points, identity))
    return tuple(faces)


def _overlap(a: Any, b: Any) -> bool:
    """Whether two dlib rectangles overlap at all."""
    return bool(
        a.left() < b.right()
        and b.left() < a.right()
        and a.top() < b.bottom()
        and b.top() < a.bottom()
    )


def confidence_of_score(score: float) -> float:
    """The detector's SVM score as a ``Confidence``: 90 at the floor, -> 100 above."""
    return round(100.0 - 10.0 * math.exp(-3.0 * (score - SCORE_FLOOR)), 4)


def _face(
    gray: npt.NDArray[np.float32],
    rect: tuple[int, int, int, int],
    score: float,
    points: list[tuple[float, float]],
    vector: tuple[float, ...],
) -> DetectedFace:
    height, width = gray.shape
    left, top, right, _ = rect
    size = right - left + 1
    # dlib's 5 points: 0-1 corners of the image-right eye, 2-3 of the image-left eye, 4 nose.
    eye_right = _middle(points[0], points[1])
    eye_left = _middle(points[2], points[3])
    nose = points[4]
    mid = _middle(eye_left, eye_right)
    box_width = 1.1 * size
    centre_x = (left + right) / 2
    box_top = mid[1] - 0.5 * size
    box = Box(
        (centre_x - box_width / 2) / width,
        box_top / height,
        box_width / width,
        1.32 * size / height,
    ).clipped()
    brightness, sharpness = measure_quality(gray, box)
    pose = estimate_pose(eye_left, eye_right, nose)
    mouth_centre = (
        mid[0] + (nose[0] - mid[0]) * _MOUTH_ALONG,
        mid[1] + (nose[1] - mid[1]) * _MOUTH_ALONG,
    )
    half = (
        (eye_right[0] - eye_left[0]) * _MOUTH_HALF_WIDTH,
        (eye_right[1] - eye_left[1]) * _MOUTH_HALF_WIDTH,
    )
    landmarks = (
        ("eyeLeft", eye_left),
        ("eyeRight", eye_right),
        ("mouthLeft", (mouth_centre[0] - half[0], mouth_centre[1] - half[1])),
        ("mouthRight", (mouth_centre[0] + half[0], mouth_centre[1] + half[1])),
        ("nose", nose),
    )
    return DetectedFace(
        box=box,
        signature=signature_of_vector(vector),
        quality=grade(size, brightness, sharpness, pose[1]),
        confidence=confidence_of_score(score),
        vector=vector,
        landmarks=tuple((kind, (x / width, y / height)) for kind, (x, y) in landmarks),
        pose=pose,
        brightness=brightness,
        sharpness=sharpness,
    )


def _middle(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def estimate_pose(eye_left: Point, eye_right: Point, nose: Point) -> tuple[float, float, float]:
    """``(roll, yaw, pitch)`` in degrees from the eyes and the nose base (pixels)."""
    dx, dy = eye_right[0] - eye_left[0], eye_right[1] - eye_left[1]
    roll = math.degrees(math.atan2(dy, dx))
    distance = math.hypot(dx, dy) or 1.0
    # The nose's offset from the eyes' midpoint, in the face's own (de-rolled) axes.
    mx, my = (eye_left[0] + eye_right[0]) / 2, (eye_left[1] + eye_right[1]) / 2
    ox, oy = nose[0] - mx, nose[1] - my
    cos, sin = dx / distance, dy / distance
    across, down = (ox * cos + oy * sin) / distance, (-ox * sin + oy * cos) / distance
    yaw = math.degrees(math.asin(max(-1.0, min(1.0, 2.0 * across))))
    pitch = math.degrees(math.asin(max(-1.0, min(1.0, 1.5 * (_NOSE_DROP - down)))))
    return (round(roll, 4), round(yaw, 4), round(pitch, 4))


def measure_quality(gray: npt.NDArray[np.float32], box: Box) -> tuple[float, float]:
    """``(brightness, sharpness)`` of the face in ``box``, each 0..100."""
    height, width = gray.shape
    x0, y0 = int(box.left * width), int(box.top * height)
    x1 = max(x0 + 1, int((box.left + box.width) * width))
    y1 = max(y0 + 1, int((box.top + box.height) * height))
    crop = gray[y0:y1, x0:x1]
    brightness = float(crop.mean()) / 255.0 * 100.0
    small = np.asarray(
        Image.fromarray(crop.astype(np.uint8)).resize(
            (_QUALITY_SIZE, _QUALITY_SIZE), Image.Resampling.BILINEAR
        ),
        dtype=np.float32,
    )
    laplacian = (
        4 * small[1:-1, 1:-1]
        - small[:-2, 1:-1]
        - small[2:, 1:-1]
        - small[1:-1, :-2]
        - small[1:-1, 2:]
    )
    sharpness = 100.0 * (1.0 - math.exp(-float(laplacian.var()) / 150.0))
    return (round(brightness, 4), round(sharpness, 4))


def grade(size: int, brightness: float, sharpness: float, yaw: float) -> str:
    """``LOW``/``MEDIUM``/``HIGH`` for ``QualityFilter`` (AUTO lets MEDIUM and HIGH through)."""
    if size < 40 or sharpness < 10 or not 10 <= brightness <= 97 or abs(yaw) > 60:
        return "LOW"
    if size < 80 or sharpness < 30 or not 25 <= brightness <= 90 or abs(yaw) > 35:
        return "MEDIUM"
    return "HIGH"
