"""The emulator's deterministic "vision": perceptual hashes, declared faces and text."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from rekog.local import (
    FaceSpec,
    TextSpec,
    identity_signature,
    make_blank_image,
    make_face_image,
    make_scene,
    similarity,
)
from rekog.local.errors import RekognitionError
from rekog.local.imaging import decode_image, dhash, hamming


def reencode(data: bytes, size: tuple[int, int], fmt: str, quality: int = 75) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("RGB").resize(size).save(
        out, fmt, **({"quality": quality} if fmt == "JPEG" else {})
    )
    return out.getvalue()


@settings(max_examples=40, deadline=None)
@given(
    identity=st.text(min_size=1, max_size=20),
    width=st.integers(min_value=40, max_value=400),
    height=st.integers(min_value=40, max_value=400),
    variant=st.integers(min_value=0, max_value=50),
)
def test_pictures_of_an_identity_match_it(
    identity: str, width: int, height: int, variant: int
) -> None:
    photo = make_face_image(identity, (width, height), format="JPEG", variant=variant)
    (face,) = decode_image(photo).faces
    assert similarity(face.signature, identity_signature(identity)) >= 90


def test_reencoded_and_resized_photo_still_matches() -> None:
    original = make_face_image("dora", (256, 256))
    signature = decode_image(original).faces[0].signature
    for size, fmt in [((97, 131), "JPEG"), ((512, 300), "PNG"), ((64, 64), "JPEG")]:
        again = decode_image(reencode(original, size, fmt)).faces[0].signature
        assert hamming(signature, again) <= 6


def test_different_identities_do_not_match() -> None:
    names = [f"person-{i}" for i in range(60)]
    signatures = [decode_image(make_face_image(n, format="JPEG")).faces[0].signature for n in names]
    worst = max(similarity(a, b) for i, a in enumerate(signatures) for b in signatures[i + 1 :])
    assert worst < 80


def test_undeclared_photo_is_one_big_face_hashed_by_pixels() -> None:
    picture = Image.effect_mandelbrot((200, 150), (-2, -1.2, 1, 1.2), 40).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "PNG")
    content = decode_image(out.getvalue())
    (face,) = content.faces
    assert face.box.wire() == {"Width": 0.8, "Height": 0.8, "Left": 0.1, "Top": 0.1}
    assert face.signature == dhash(picture)
    assert face.identity is None
    assert content.text == ()


def test_flat_image_has_no_face() -> None:
    assert decode_image(make_blank_image()).faces == ()
    assert decode_image(make_blank_image(format="JPEG")).faces == ()


def test_scene_declarations_png_and_jpeg() -> None:
    faces: list[FaceSpec | str | dict[str, Any]] = [
        FaceSpec(
            "ann",
            box={"Left": 0.05, "Top": 0.1, "Width": 0.3, "Height": 0.4},
            quality="MEDIUM",
            confidence=97.5,
        ),
        "ben",
        {"id": "cat", "quality": "LOW"},
    ]
    text: list[TextSpec | str] = [
        "Hello world",
        TextSpec("Exit", box={"Left": 0.5, "Top": 0.9, "Width": 0.1, "Height": 0.05}),
    ]
    for fmt in ("PNG", "JPEG"):
        content = decode_image(make_scene(faces, text, format=fmt))
        assert content.format == fmt
        assert [f.identity for f in content.faces] == ["ann", "ben", "cat"]
        assert [f.quality for f in content.faces] == ["MEDIUM", "HIGH", "LOW"]
        assert content.faces[0].confidence == 97.5
        assert content.faces[0].box.wire() == {
            "Width": 0.3,
            "Height": 0.4,
            "Left": 0.05,
            "Top": 0.1,
        }
        assert content.faces[1].signature == identity_signature("ben")
        assert [line.text for line in content.text] == ["Hello world", "Exit"]
        assert content.text[1].box.left == 0.5


def test_scene_with_no_faces_declares_none() -> None:
    assert decode_image(make_scene([], ["just text"])).faces == ()


def test_declared_face_matches_a_generated_photo() -> None:
    declared = decode_image(make_scene(["eve"])).faces[0].signature
    photo = decode_image(make_face_image("eve", format="JPEG")).faces[0].signature
    assert similarity(declared, photo) >= 95
    assert decode_image(make_face_image("eve", declare=True)).faces[
        0
    ].signature == identity_signature("eve")


def png_with(chunks: dict[str, str]) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (100, 100), (10, 200, 30)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


@pytest.mark.parametrize(
    "chunks",
    [
        {"rekog:faces": "not json"},
        {"rekog:faces": json.dumps({"id": "a"})},
        {"rekog:faces": json.dumps([{"box": {"Left": 0, "Top": 0, "Width": 1, "Height": 1}}])},
        {"rekog:faces": json.dumps([{"id": "a", "quality": "SUPERB"}])},
        {
            "rekog:faces": json.dumps(
                [{"id": "a", "box": {"Left": 0, "Top": 0, "Width": 0, "Height": 1}}]
            )
        },
        {"rekog:text": json.dumps([""])},
        {"rekog:text": json.dumps("a string")},
    ],
)
def test_bad_declarations_are_invalid_parameters(chunks: dict[str, str]) -> None:
    with pytest.raises(RekognitionError) as info:
        decode_image(png_with(chunks))
    assert info.value.code == "InvalidParameterException"


def test_plain_jpeg_comment_is_ignored() -> None:
    out = io.BytesIO()
    Image.new("RGB", (50, 50), (200, 200, 200)).save(out, "JPEG", comment=b"holiday 2019")
    assert decode_image(out.getvalue()).faces == ()


def test_make_scene_rejects_unknown_format() -> None:
    with pytest.raises(ValueError):
        make_scene(["a"], format="GIF")  # type: ignore[arg-type]
