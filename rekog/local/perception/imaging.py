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
:func:`rekog.local.media.images.make_face_image` draws pictures whose dHash *is* the identity's
signature, so a generated photo of ``"alice"`` matches a declared ``"alice"``.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from PIL import Image, ImageStat

from ..errors import RekognitionError, invalid_parameter
from . import declarations as declared
from .declarations import (
    ContentType,
    CustomLabel,
    DeclaredCelebrity,
    DeclaredLabel,
    DeclaredModeration,
    DeclaredPerson,
    LabelInstance,
)
from .geometry import Box as Box
from .image_limits import fit_pixel_budget

FACES_KEY = "rekog:faces"
TEXT_KEY = "rekog:text"
ALL_KEYS = (FACES_KEY, TEXT_KEY, *declared.DECLARATION_KEYS)
#: Longest side of the thumbnail kept for ``ImageProperties`` (colours, brightness...).
THUMBNAIL_SIZE = 96
QUALITIES = ("LOW", "MEDIUM", "HIGH")
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HASH_SIZE = (9, 8)
_FLAT_STDDEV = 2.0


FULL_FACE_BOX = Box(0.1, 0.1, 0.8, 0.8)


#: A point as ratios of the image width and height.
Point = tuple[float, float]


@dataclass(frozen=True)
class DetectedFace:
    """A face the emulator found in an image.

    ``signature`` is the face's identity in the declared perception; ``vector`` its identity
    in the vision perception (a 128-d embedding). ``landmarks`` (type -> point), ``pose``
    (roll, yaw, pitch in degrees), ``brightness`` and ``sharpness`` are measured by the vision
    perception; ``None`` means "make a plausible value up" (the declared perception).
    """

    box: Box
    signature: int
    quality: str = "HIGH"
    confidence: float = 99.99
    identity: str | None = None
    vector: tuple[float, ...] | None = field(default=None, repr=False)
    landmarks: tuple[tuple[str, Point], ...] | None = None
    pose: tuple[float, float, float] | None = None
    brightness: float | None = None
    sharpness: float | None = None


@dataclass(frozen=True)
class TextWord:
    """A word of a line the vision perception read, with its own box and confidence."""

    text: str
    box: Box
    confidence: float
    polygon: tuple[Point, ...] | None = None


@dataclass(frozen=True)
class TextLine:
    """A line of text the emulator found in an image.

    ``words`` and ``polygon`` come from the vision perception; without them, words are laid
    out evenly along the line's box and polygons are the boxes' corners.
    """

    text: str
    box: Box
    confidence: float = 99.5
    words: tuple[TextWord, ...] | None = None
    polygon: tuple[Point, ...] | None = None


class Seer(Protocol):
    """What a perception sees where an image declares nothing (see :mod:`rekog.local.perception`)."""

    def faces(self, image: Image.Image) -> tuple[DetectedFace, ...]:
        """The faces in a picture without ``rekog:faces``."""
        ...

    def text(self, image: Image.Image) -> tuple[TextLine, ...]:
        """The text lines in a picture without ``rekog:text``."""
        ...

    def declared(self, face: DetectedFace) -> DetectedFace:
        """A declared face, given this perception's identity (e.g. a vector)."""
        ...


class ImageContent:
    """Everything the emulator sees in one image.

    Declarations are read when the image is decoded; what a perception must *see* (faces,
    text where none is declared) is worked out on first access, so a DetectText does not run
    the face detector and a DetectFaces does not run OCR. ``celebrities`` maps a face's index
    in ``faces`` to its declared identity card; ``pixels`` is the decoded picture;
    :meth:`thumbnail` makes the small RGB copy colour and quality statistics are computed on
    (only DetectLabels' ``IMAGE_PROPERTIES`` needs it).
    """

    def __init__(
        self,
        *,
        format: str,
        width: int,
        height: int,
        declared_faces: tuple[DetectedFace, ...] | None = None,
        declared_text: tuple[TextLine, ...] | None = None,
        seer: Seer | None = None,
        labels: tuple[DeclaredLabel, ...] | None = None,
        moderation: tuple[DeclaredModeration, ...] = (),
        content_types: tuple[ContentType, ...] = (),
        celebrities: tuple[tuple[int, DeclaredCelebrity], ...] = (),
        persons: tuple[DeclaredPerson, ...] | None = None,
        custom_labels: tuple[CustomLabel, ...] = (),
        pixels: Image.Image | None = None,
    ) -> None:
        self.format = format
        self.width = width
        self.height = height
        self.declared_faces = declared_faces
        self.declared_text = declared_text
        self.seer = seer
        self._labels = labels
        self.moderation = moderation
        self.content_types = content_types
        self.celebrities = celebrities
        self._persons = persons
        self.custom_labels = custom_labels
        self.pixels = pixels

    def seen_by(self, seer: Seer) -> ImageContent:
        """This image as ``seer`` sees it where it declares nothing."""
        return ImageContent(
            format=self.format,
            width=self.width,
            height=self.height,
            declared_faces=self.declared_faces,
            declared_text=self.declared_text,
            seer=seer,
            labels=self._labels,
            moderation=self.moderation,
            content_types=self.content_types,
            celebrities=self.celebrities,
            persons=self._persons,
            custom_labels=self.custom_labels,
            pixels=self.pixels,
        )

    @cached_property
    def faces(self) -> tuple[DetectedFace, ...]:
        """The faces, declared or seen."""
        if self.declared_faces is not None:
            if self.seer is None:
                return self.declared_faces
            return tuple(self.seer.declared(face) for face in self.declared_faces)
        if self.pixels is None:
            return ()
        return self.seer.faces(self.pixels) if self.seer else undeclared_faces(self.pixels)

    @cached_property
    def text(self) -> tuple[TextLine, ...]:
        """The text lines, declared or seen."""
        if self.declared_text is not None:
            return self.declared_text
        if self.pixels is None or self.seer is None:
            return ()
        return self.seer.text(self.pixels)

    @cached_property
    def labels(self) -> tuple[DeclaredLabel, ...]:
        """Declared labels, else Person/Face for the faces and Text for the text."""
        return self._labels if self._labels is not None else _default_labels(self.faces, self.text)

    @cached_property
    def persons(self) -> tuple[DeclaredPerson, ...]:
        """Declared PPE persons, else one per face with no equipment."""
        return self._persons if self._persons is not None else _default_persons(self.faces)

    def thumbnail(self) -> Image.Image | None:
        """An RGB copy of the picture at most ``THUMBNAIL_SIZE`` pixels on its longest side."""
        if self.pixels is None:
            return None
        small = self.pixels.convert("RGB")
        small.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        return small


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


def _declarations(image: Image.Image, fmt: str) -> dict[str, Any]:
    """Every ``rekog:*`` declaration of the image, parsed from JSON."""
    if fmt == "PNG":
        chunks = getattr(image, "text", {}) or {}
        found: dict[str, Any] = {}
        for key in ALL_KEYS:
            if chunks.get(key) is None:
                continue
            try:
                found[key] = json.loads(chunks[key])
            except json.JSONDecodeError as exc:
                raise invalid_parameter(
                    f"rekog.local: the {key} PNG chunk is not valid JSON: {exc}"
                ) from exc
        return found
    comment = image.info.get("comment")
    if not comment:
        return {}
    try:
        doc = json.loads(comment.decode("utf-8") if isinstance(comment, bytes) else comment)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}  # an ordinary JPEG comment
    if not isinstance(doc, dict):
        return {}
    return {key: doc[key] for key in ALL_KEYS if key in doc}


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


def undeclared_faces(image: Image.Image) -> tuple[DetectedFace, ...]:
    """The declared perception's faces of a picture without declarations.

    One face covering most of the picture, identified by its dHash -- none on a flat picture.
    """
    if ImageStat.Stat(image.convert("L")).stddev[0] < _FLAT_STDDEV:
        return ()
    return (DetectedFace(box=FULL_FACE_BOX, signature=dhash(image)),)


def decode_image(data: bytes) -> ImageContent:
    """Decode JPEG/PNG ``data`` and read what it declares.

    Declarations win; what is not declared follows the rules above, or what a perception sees
    (:meth:`ImageContent.seen_by`), worked out when first asked for.

    Raises:
        RekognitionError: ``InvalidImageFormatException`` for anything but a decodable
            JPEG or PNG; ``ImageTooLargeException`` for a PNG over the pixel budget; ``InvalidParameterException`` for a malformed ``rekog:*`` declaration.
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
            fit_pixel_budget(image, fmt)  # before load(): bounds the decoded size
            image.load()
    except RekognitionError:
        raise
    except Exception as exc:  # Pillow raises many types for corrupt data
        raise RekognitionError(
            "InvalidImageFormatException", "Request has invalid image format"
        ) from exc
    found = _declarations(image, fmt)
    try:
        return _content(image, fmt, found)
    except ValueError as exc:
        raise invalid_parameter(f"rekog.local: invalid image declaration: {exc}") from exc


def person_box(face: Box) -> Box:
    """The box of the person a face belongs to (head and shoulders down), cut to the image."""
    return Box(
        face.left - face.width * 0.5, face.top - face.height * 0.1, face.width * 2, face.height * 4
    ).clipped()


def _default_labels(
    faces: Sequence[DetectedFace], text: Sequence[TextLine]
) -> tuple[DeclaredLabel, ...]:
    """What an image without ``rekog:labels`` shows: Person/Face for faces, Text for text."""
    labels: list[DeclaredLabel] = []
    if faces:
        best = max(f.confidence for f in faces)
        labels.append(
            DeclaredLabel(
                "Person",
                round(best, 4),
                tuple(LabelInstance(person_box(f.box), f.confidence) for f in faces),
            )
        )
        labels.append(
            DeclaredLabel(
                "Face", round(best, 4), tuple(LabelInstance(f.box, f.confidence) for f in faces)
            )
        )
    if text:
        labels.append(DeclaredLabel("Text", round(max(t.confidence for t in text), 4)))
    return tuple(labels)


def _default_persons(faces: Sequence[DetectedFace]) -> tuple[DeclaredPerson, ...]:
    """PPE persons of an image without ``rekog:ppe``: one per face, face and head, no equipment."""
    return tuple(
        DeclaredPerson(
            person_box(f.box),
            f.confidence,
            (declared.BodyPart("FACE", f.confidence), declared.BodyPart("HEAD", f.confidence)),
        )
        for f in faces
    )


def _content(image: Image.Image, fmt: str, found: dict[str, Any]) -> ImageContent:
    width, height = image.size
    face_entries: Any = found.get(FACES_KEY)
    cards: tuple[DeclaredCelebrity, ...] = ()
    if declared.CELEBRITIES_KEY in found:
        celebrity_faces, cards = declared.parse_celebrities(found[declared.CELEBRITIES_KEY])
        if face_entries is not None and not isinstance(face_entries, list):
            raise ValueError("rekog:faces must be a JSON list")
        face_entries = list(face_entries or []) + celebrity_faces
    faces = _parse_faces(face_entries, width, height) if face_entries is not None else None
    first_card = len(faces) - len(cards) if faces is not None else 0
    text = _parse_text(found[TEXT_KEY]) if TEXT_KEY in found else None
    labels = (
        declared.parse_labels(found[declared.LABELS_KEY]) if declared.LABELS_KEY in found else None
    )
    moderation, content_types = (
        declared.parse_moderation(found[declared.MODERATION_KEY])
        if declared.MODERATION_KEY in found
        else ((), ())
    )
    persons = declared.parse_ppe(found[declared.PPE_KEY]) if declared.PPE_KEY in found else None
    custom = (
        declared.parse_custom_labels(found[declared.CUSTOM_LABELS_KEY])
        if declared.CUSTOM_LABELS_KEY in found
        else ()
    )
    return ImageContent(
        format=fmt,
        width=width,
        height=height,
        declared_faces=faces,
        declared_text=text,
        labels=labels,
        moderation=moderation,
        content_types=content_types,
        celebrities=tuple((first_card + i, card) for i, card in enumerate(cards)),
        persons=persons,
        custom_labels=custom,
        pixels=image,
    )
