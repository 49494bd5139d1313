"""Make test images for the emulator: faces with a known identity, and declared scenes.

* :func:`make_face_image` draws a deterministic picture for an identity whose perceptual
  hash equals the identity's signature, so every picture of ``"alice"`` (any size, PNG or
  JPEG, any ``variant``) matches every other and a declared ``"alice"`` face, and matches
  no other identity.
* :func:`make_scene` draws a picture and *declares* what it contains (faces with boxes and
  quality, text lines, labels, moderation labels, celebrities, PPE, custom labels) in
  ``rekog:*`` PNG text chunks (or a JPEG comment), see :mod:`rekog.local.perception.imaging` and
  :mod:`rekog.local.perception.declarations` for the convention.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image, ImageDraw, PngImagePlugin

from ..perception.declarations import (
    CELEBRITIES_KEY,
    CUSTOM_LABELS_KEY,
    LABELS_KEY,
    MODERATION_KEY,
    PPE_KEY,
)
from ..perception.imaging import (
    FACES_KEY,
    HASH_SIZE,
    TEXT_KEY,
    Box,
    default_face_boxes,
    default_text_boxes,
    identity_signature,
)

ImageFormat = Literal["PNG", "JPEG"]
_STEP = 26


@dataclass(frozen=True)
class FaceSpec:
    """A face to declare in a scene.

    Args:
        identity: Who the face is; faces with the same identity match each other.
        box: ``{"Left", "Top", "Width", "Height"}`` ratios; omitted boxes are laid out
            left to right.
        quality: ``"HIGH"`` (default), ``"MEDIUM"`` or ``"LOW"``; ``LOW`` faces are filtered
            by ``QualityFilter`` ``AUTO`` (IndexFaces' default), ``MEDIUM`` and ``HIGH``.
        confidence: The detection confidence reported for the face.
    """

    identity: str
    box: Mapping[str, float] | None = None
    quality: str = "HIGH"
    confidence: float = 99.99

    def declaration(self) -> dict[str, Any]:
        """The JSON entry written to the ``rekog:faces`` chunk."""
        entry: dict[str, Any] = {
            "id": self.identity,
            "quality": self.quality,
            "confidence": self.confidence,
        }
        if self.box is not None:
            entry["box"] = dict(self.box)
        return entry


@dataclass(frozen=True)
class TextSpec:
    """A line of text to declare in a scene (``box`` optional, as for faces)."""

    text: str
    box: Mapping[str, float] | None = None
    confidence: float = 99.5

    def declaration(self) -> dict[str, Any]:
        """The JSON entry written to the ``rekog:text`` chunk."""
        entry: dict[str, Any] = {"text": self.text, "confidence": self.confidence}
        if self.box is not None:
            entry["box"] = dict(self.box)
        return entry


def _grid(signature: int) -> list[list[int]]:
    """A 9x8 grayscale grid whose difference hash is exactly ``signature``."""
    rows = []
    for y in range(HASH_SIZE[1]):
        values = [0]
        for x in range(HASH_SIZE[0] - 1):
            bit = (signature >> (63 - (y * 8 + x))) & 1
            values.append(values[-1] - _STEP if bit else values[-1] + _STEP)
        low = min(values)
        offset = 24 - low + ((signature >> (y * 3)) % 8) * 2
        rows.append([v + offset for v in values])
    return rows


def face_pattern(identity: str, size: tuple[int, int], variant: int = 0) -> Image.Image:
    """An RGB picture for ``identity`` whose dHash equals its signature."""
    signature = identity_signature(identity)
    grid = _grid(signature)
    small = Image.new("L", HASH_SIZE)
    small.putdata([v for row in grid for v in row])
    gray = small.resize(size, Image.Resampling.BILINEAR)
    if variant:
        rng = random.Random(f"{identity}/{variant}")
        shift = rng.randint(-8, 8)
        noise = [max(0, min(255, p + shift + rng.randint(-4, 4))) for p in gray.tobytes()]
        gray.putdata(noise)
    tint = [0.55 + ((signature >> (8 * i)) & 0xFF) / 255 * 0.45 for i in range(3)]
    channels = [gray.point(lambda p, t=t: int(p * t)) for t in tint]
    return Image.merge("RGB", channels)


def _encode(
    image: Image.Image, fmt: ImageFormat, declarations: dict[str, Any] | None = None
) -> bytes:
    out = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        for key, value in (declarations or {}).items():
            info.add_itxt(key, json.dumps(value))
        image.save(out, "PNG", pnginfo=info)
    elif fmt == "JPEG":
        comment = json.dumps(declarations).encode("utf-8") if declarations else None
        if comment:
            image.save(out, "JPEG", quality=90, comment=comment)
        else:
            image.save(out, "JPEG", quality=90)
    else:
        raise ValueError(f"format must be PNG or JPEG, not {fmt!r}")
    return out.getvalue()


def make_face_image(
    identity: str,
    size: tuple[int, int] = (128, 128),
    *,
    format: ImageFormat = "PNG",
    variant: int = 0,
    declare: bool = False,
) -> bytes:
    """A deterministic picture of one face with the given identity.

    Args:
        identity: Who the picture shows.
        size: Pixel size ``(width, height)``.
        format: ``"PNG"`` or ``"JPEG"``.
        variant: A non-zero value gives a different photo (brightness shift, noise) of the
            same identity: different bytes, same identity.
        declare: Also declare the face in a ``rekog:faces`` chunk (exact identity, box
            ``0.1/0.1/0.8/0.8``) instead of relying on the perceptual hash.
    """
    image = face_pattern(identity, size, variant)
    declarations = None
    if declare:
        declarations = {
            FACES_KEY: [
                {"id": identity, "box": {"Left": 0.1, "Top": 0.1, "Width": 0.8, "Height": 0.8}}
            ]
        }
    return _encode(image, format, declarations)


def make_blank_image(size: tuple[int, int] = (128, 128), *, format: ImageFormat = "PNG") -> bytes:
    """A flat grey picture: a valid image that contains no face and no text."""
    return _encode(Image.new("RGB", size, (200, 200, 200)), format)


def _face_specs(faces: Sequence[FaceSpec | str | Mapping[str, Any]]) -> list[dict[str, Any]]:
    specs = []
    for face in faces:
        if isinstance(face, FaceSpec):
            specs.append(face.declaration())
        elif isinstance(face, str):
            specs.append({"id": face})
        else:
            specs.append(dict(face))
    return specs


def _text_specs(text: Sequence[TextSpec | str | Mapping[str, Any]]) -> list[dict[str, Any]]:
    specs = []
    for line in text:
        if isinstance(line, TextSpec):
            specs.append(line.declaration())
        elif isinstance(line, str):
            specs.append({"text": line})
        else:
            specs.append(dict(line))
    return specs


Declared = Sequence[str | Mapping[str, Any]]


def make_scene(
    faces: Sequence[FaceSpec | str | Mapping[str, Any]] = (),
    text: Sequence[TextSpec | str | Mapping[str, Any]] = (),
    *,
    labels: Declared | None = None,
    moderation: Declared | None = None,
    content_types: Declared = (),
    celebrities: Declared = (),
    ppe: Sequence[Mapping[str, Any]] | None = None,
    custom_labels: Declared = (),
    size: tuple[int, int] = (640, 480),
    format: ImageFormat = "PNG",
) -> bytes:
    """A picture that declares the faces and text lines it contains.

    Args:
        faces: Identities, :class:`FaceSpec` objects or raw ``rekog:faces`` entries. Order
            matters only to break ties between equally large faces (earlier wins).
        text: Lines as strings, :class:`TextSpec` objects or raw ``rekog:text`` entries.
        labels: ``rekog:labels`` entries (names or objects); ``None`` keeps the defaults
            derived from faces and text, ``[]`` declares no label at all.
        moderation: ``rekog:moderation`` entries; ``None`` declares none.
        content_types: Moderation content types (``"Animated"``, ``"Illustrated"``).
        celebrities: ``rekog:celebrities`` entries (names or objects); each is also a face.
        ppe: ``rekog:ppe`` persons; ``None`` keeps the default (one person per face).
        custom_labels: ``rekog:custom-labels`` entries.
        size: Pixel size ``(width, height)``.
        format: ``"PNG"`` (text chunks) or ``"JPEG"`` (JSON in the comment segment).

    Returns:
        The encoded image. ``faces=[]`` declares that the picture has no face at all.
    """
    width, height = size
    face_specs = _face_specs(faces)
    celebrity_specs = [{"name": c} if isinstance(c, str) else dict(c) for c in celebrities]
    drawn_faces = face_specs + [
        {"id": c["name"], **({"box": c["box"]} if "box" in c else {})} for c in celebrity_specs
    ]
    text_specs = _text_specs(text)
    canvas = Image.new("RGB", size, (236, 236, 232))
    boxless = iter(default_face_boxes(sum(1 for f in drawn_faces if "box" not in f), width, height))
    for spec in drawn_faces:
        box = Box.parse(spec["box"]) if "box" in spec else next(boxless)
        pixels = (max(1, int(box.width * width)), max(1, int(box.height * height)))
        canvas.paste(
            face_pattern(str(spec["id"]), pixels), (int(box.left * width), int(box.top * height))
        )
    draw = ImageDraw.Draw(canvas)
    line_boxes = default_text_boxes([str(t["text"]) for t in text_specs])
    for spec, default in zip(text_specs, line_boxes, strict=True):
        box = Box.parse(spec["box"]) if "box" in spec else default
        draw.text(
            (int(box.left * width), int(box.top * height)), str(spec["text"]), fill=(20, 20, 20)
        )
    declarations: dict[str, Any] = {FACES_KEY: face_specs}
    if text_specs:
        declarations[TEXT_KEY] = text_specs
    if celebrity_specs:
        declarations[CELEBRITIES_KEY] = celebrity_specs
    if labels is not None:
        declarations[LABELS_KEY] = [x if isinstance(x, str) else dict(x) for x in labels]
    if moderation is not None or content_types:
        declarations[MODERATION_KEY] = {
            "labels": [x if isinstance(x, str) else dict(x) for x in moderation or ()],
            "content_types": [x if isinstance(x, str) else dict(x) for x in content_types],
        }
    if ppe is not None:
        declarations[PPE_KEY] = [dict(person) for person in ppe]
    if custom_labels:
        declarations[CUSTOM_LABELS_KEY] = [
            x if isinstance(x, str) else dict(x) for x in custom_labels
        ]
    return _encode(canvas, format, declarations)
