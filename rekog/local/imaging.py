"""How the emulator "sees" faces and text in an image -- deliberately simple.

There is no model. The rules, in order:

1. The bytes must be JPEG or PNG (magic bytes) and decode with Pillow, otherwise
   ``InvalidImageFormatException``.
2. **Declared content wins.** A PNG ``tEXt``/``iTXt`` chunk ``rekog:faces`` holding a JSON list
   declares the faces; ``rekog:text`` declares the text lines. A JPEG can carry the same as a
   JSON object ``{"rekog:faces": [...], "rekog:text": [...]}`` in its comment (``COM``)
   segment. A face entry is a string (the identity) or an object::

       {"id": "alice", "box": {"Left": 0.1, "Top": 0.2, "Width": 0.3, "Height": 0.4},
        "quality": "HIGH" | "MEDIUM" | "LOW", "confidence": 99.9}

   Only ``id`` is required; faces without a box are laid out left to right in equal boxes.
   A text entry is a string (one line) or ``{"text": "...", "box": {...}, "confidence": 99}``.
3. **Otherwise** the image contains exactly one face covering most of the picture
   (``Left=Top=0.1``, ``Width=Height=0.8``) -- unless it is (nearly) a single flat colour,
   which contains no face -- and no text.

Identity is a 64-bit *signature*. A declared face's signature is derived from its ``id``
(:func:`identity_signature`); an undeclared face's is the difference hash (dHash) of the
whole picture (grayscale, resized to 9x8, one bit per horizontally adjacent pixel pair).
Re-encoding or resizing a photo barely changes its dHash; a different photo changes about
half of the bits. :func:`similarity` is ``100 * (1 - hamming_distance / 64)``: 100 for the
same identity, about 50 for unrelated faces, so the default 80% threshold separates them.
:func:`rekog.local.images.make_face_image` draws pictures whose dHash *is* the identity's
signature, so a generated photo of ``"alice"`` matches a declared ``"alice"``.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageStat

from .errors import RekognitionError, invalid_parameter

FACES_KEY = "rekog:faces"
TEXT_KEY = "rekog:text"
QUALITIES = ("LOW", "MEDIUM", "HIGH")
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HASH_SIZE = (9, 8)
_FLAT_STDDEV = 2.0


@dataclass(frozen=True)
class Box:
    """A relative bounding box (ratios of the image width and height)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def area(self) -> float:
        """Width times height."""
        return self.width * self.height

    def wire(self) -> dict[str, float]:
        """The AWS ``BoundingBox`` dict."""
        return {
            "Width": round(self.width, 6),
            "Height": round(self.height, 6),
            "Left": round(self.left, 6),
            "Top": round(self.top, 6),
        }

    def polygon(self) -> list[dict[str, float]]:
        """The four corners clockwise from top-left, as AWS ``Point`` dicts."""
        right, bottom = self.left + self.width, self.top + self.height
        return [
            {"X": round(x, 6), "Y": round(y, 6)}
            for x, y in (
                (self.left, self.top),
                (right, self.top),
                (right, bottom),
                (self.left, bottom),
            )
        ]

    @classmethod
    def parse(cls, raw: Any) -> Box:
        """Read ``{"Left", "Top", "Width", "Height"}`` (ratios in 0..1)."""
        if not isinstance(raw, dict):
            raise ValueError(f"box must be an object, got {raw!r}")
        try:
            box = cls(
                float(raw["Left"]), float(raw["Top"]), float(raw["Width"]), float(raw["Height"])
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"box needs numeric Left, Top, Width, Height: {raw!r}") from exc
        if box.width <= 0 or box.height <= 0:
            raise ValueError(f"box must have a positive size: {raw!r}")
        return box


FULL_FACE_BOX = Box(0.1, 0.1, 0.8, 0.8)


@dataclass(frozen=True)
class DetectedFace:
    """A face the emulator found in an image."""

    box: Box
    signature: int
    quality: str = "HIGH"
    confidence: float = 99.99
    identity: str | None = None


@dataclass(frozen=True)
class TextLine:
    """A line of text the emulator found in an image."""

    text: str
    box: Box
    confidence: float = 99.5


@dataclass(frozen=True)
class ImageContent:
    """Everything the emulator sees in one image."""

    format: str
    width: int
    height: int
    faces: tuple[DetectedFace, ...]
    text: tuple[TextLine, ...]


def identity_signature(identity: str) -> int:
    """The 64-bit signature of a named identity (first 8 bytes of a SHA-256)."""
    digest = hashlib.sha256(b"rekog.local/identity:" + identity.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def dhash(image: Image.Image) -> int:
    """The 64-bit difference hash of ``image``: bit set where a pixel is brighter than its right neighbour."""
    small = image.convert("L").resize(HASH_SIZE, Image.Resampling.LANCZOS)
    width, height = HASH_SIZE
    pixels = list(small.tobytes())
    value = 0
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        for x in range(width - 1):
            value = (value << 1) | (1 if row[x] > row[x + 1] else 0)
    return value


def hamming(a: int, b: int) -> int:
    """The number of differing bits between two signatures."""
    return (a ^ b).bit_count()


def similarity(a: int, b: int) -> float:
    """The match similarity (percent) of two face signatures: ``100 * (1 - d / 64)``."""
    return round(100.0 * (1.0 - hamming(a, b) / 64.0), 4)


def default_face_boxes(count: int, width: int, height: int) -> list[Box]:
    """Equal, square-ish boxes laid out left to right for ``count`` faces without a box."""
    if count <= 0:
        return []
    slot = 0.9 / count
    box_width = slot * 0.8
    box_height = min(0.8, box_width * width / max(height, 1))
    top = (1.0 - box_height) / 2
    return [Box(0.05 + i * slot + slot * 0.1, top, box_width, box_height) for i in range(count)]


def default_text_boxes(lines: Sequence[str]) -> list[Box]:
    """Boxes for undeclared line positions: stacked from the top, width by length."""
    if not lines:
        return []
    step = min(0.08, 0.96 / len(lines))
    return [
        Box(0.05, 0.02 + i * step, min(0.9, 0.025 * max(len(text), 1)), step * 0.8)
        for i, text in enumerate(lines)
    ]


def _declarations(image: Image.Image, fmt: str) -> tuple[Any, Any]:
    if fmt == "PNG":
        text = getattr(image, "text", {}) or {}
        faces_raw, text_raw = text.get(FACES_KEY), text.get(TEXT_KEY)
        try:
            faces = json.loads(faces_raw) if faces_raw is not None else None
            lines = json.loads(text_raw) if text_raw is not None else None
        except json.JSONDecodeError as exc:
            raise invalid_parameter(
                f"rekog.local: a rekog:* PNG chunk is not valid JSON: {exc}"
            ) from exc
        return faces, lines
    comment = image.info.get("comment")
    if not comment:
        return None, None
    try:
        doc = json.loads(comment.decode("utf-8") if isinstance(comment, bytes) else comment)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None, None  # an ordinary JPEG comment
    if not isinstance(doc, dict):
        return None, None
    return doc.get(FACES_KEY), doc.get(TEXT_KEY)


def _parse_faces(raw: Any, width: int, height: int) -> tuple[DetectedFace, ...]:
    if not isinstance(raw, list):
        raise ValueError("rekog:faces must be a JSON list")
    entries = [{"id": item} if isinstance(item, str) else item for item in raw]
    boxless = sum(1 for item in entries if isinstance(item, dict) and "box" not in item)
    layout = iter(default_face_boxes(boxless, width, height))
    faces = []
    for item in entries:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise ValueError(f"each face needs a non-empty string id: {item!r}")
        quality = str(item.get("quality", "HIGH")).upper()
        if quality not in QUALITIES:
            raise ValueError(f"quality must be one of {QUALITIES}: {item!r}")
        box = Box.parse(item["box"]) if "box" in item else next(layout)
        faces.append(
            DetectedFace(
                box=box,
                signature=identity_signature(item["id"]),
                quality=quality,
                confidence=float(item.get("confidence", 99.99)),
                identity=item["id"],
            )
        )
    return tuple(faces)


def _parse_text(raw: Any) -> tuple[TextLine, ...]:
    if not isinstance(raw, list):
        raise ValueError("rekog:text must be a JSON list")
    entries = [{"text": item} if isinstance(item, str) else item for item in raw]
    for item in entries:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("text"), str)
            or not item["text"].strip()
        ):
            raise ValueError(f"each text line needs a non-empty string: {item!r}")
    defaults = default_text_boxes([item["text"] for item in entries])
    return tuple(
        TextLine(
            text=" ".join(item["text"].split()),
            box=Box.parse(item["box"]) if "box" in item else defaults[i],
            confidence=float(item.get("confidence", 99.5)),
        )
        for i, item in enumerate(entries)
    )


def decode_image(data: bytes) -> ImageContent:
    """Decode JPEG/PNG ``data`` and work out which faces and text it contains.

    Raises:
        RekognitionError: ``InvalidImageFormatException`` for anything but a decodable
            JPEG or PNG; ``InvalidParameterException`` for a malformed ``rekog:*`` declaration.
    """
    if data.startswith(PNG_MAGIC):
        fmt = "PNG"
    elif data.startswith(JPEG_MAGIC):
        fmt = "JPEG"
    else:
        raise RekognitionError("InvalidImageFormatException", "Request has invalid image format")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
            image.load()
    except Exception as exc:  # Pillow raises many types for corrupt data
        raise RekognitionError(
            "InvalidImageFormatException", "Request has invalid image format"
        ) from exc
    width, height = image.size
    faces_raw, text_raw = _declarations(image, fmt)
    try:
        if faces_raw is not None:
            faces = _parse_faces(faces_raw, width, height)
        elif ImageStat.Stat(image.convert("L")).stddev[0] < _FLAT_STDDEV:
            faces = ()
        else:
            faces = (DetectedFace(box=FULL_FACE_BOX, signature=dhash(image)),)
        text = _parse_text(text_raw) if text_raw is not None else ()
    except ValueError as exc:
        raise invalid_parameter(f"rekog.local: invalid image declaration: {exc}") from exc
    return ImageContent(format=fmt, width=width, height=height, faces=faces, text=text)
