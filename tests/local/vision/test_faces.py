"""DetectFaces with the vision perception: boxes, landmarks, pose, quality and the score floor."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageFilter

from rekog.local import LocalRekognition

from .media import ASTRONAUT_FACE, astronaut, declare, encode, rotated

pytestmark = pytest.mark.vision


def detect(local: LocalRekognition, data: bytes) -> list[dict]:
    return local.call("DetectFaces", Image={"Bytes": data}, Attributes=["ALL"])["FaceDetails"]


def iou(box: dict, truth: tuple[float, float, float, float]) -> float:
    left, top = box["Left"], box["Top"]
    right, bottom = left + box["Width"], top + box["Height"]
    ix = max(0.0, min(right, truth[2]) - max(left, truth[0]))
    iy = max(0.0, min(bottom, truth[3]) - max(top, truth[1]))
    inter = ix * iy
    union = box["Width"] * box["Height"] + (truth[2] - truth[0]) * (truth[3] - truth[1]) - inter
    return inter / union


def landmark(face: dict, kind: str) -> tuple[float, float]:
    (point,) = [p for p in face["Landmarks"] if p["Type"] == kind]
    return point["X"], point["Y"]


def inside(point: tuple[float, float], box: dict) -> bool:
    x, y = point
    return (
        box["Left"] <= x <= box["Left"] + box["Width"]
        and box["Top"] <= y <= box["Top"] + box["Height"]
    )


def test_portrait_has_one_face_from_hairline_to_chin(vision: LocalRekognition) -> None:
    picture = astronaut()
    (face,) = detect(vision, encode(picture))  # the mission patch scores under the floor
    width, height = picture.size
    left, top, right, bottom = ASTRONAUT_FACE
    truth = (left / width, top / height, right / width, bottom / height)
    assert iou(face["BoundingBox"], truth) > 0.5
    assert [p["Type"] for p in face["Landmarks"]] == [
        "eyeLeft",
        "eyeRight",
        "mouthLeft",
        "mouthRight",
        "nose",
    ]
    for kind in ("eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight"):
        assert inside(landmark(face, kind), face["BoundingBox"]), kind
    assert landmark(face, "eyeLeft")[0] < landmark(face, "eyeRight")[0]
    assert landmark(face, "nose")[1] > landmark(face, "eyeLeft")[1]
    assert landmark(face, "mouthLeft")[1] > landmark(face, "nose")[1]
    assert abs(face["Pose"]["Roll"]) <= 8
    assert abs(face["Pose"]["Yaw"]) <= 20 and abs(face["Pose"]["Pitch"]) <= 20
    assert face["Confidence"] >= 95


@pytest.mark.parametrize("turn", [10.0, -10.0])
def test_turning_the_picture_moves_roll(vision: LocalRekognition, turn: float) -> None:
    (upright,) = detect(vision, encode(astronaut()))
    (turned,) = detect(vision, encode(rotated(astronaut(), turn)))
    # PIL turns counter-clockwise for positive angles; Roll is positive for clockwise tilts.
    moved = turned["Pose"]["Roll"] - upright["Pose"]["Roll"]
    assert 6 <= -moved * np.sign(turn) <= 14


@pytest.mark.parametrize(
    "picture",
    [
        Image.new("RGB", (640, 480), (200, 200, 200)),
        Image.fromarray(np.random.default_rng(7).integers(0, 256, (480, 640, 3), dtype=np.uint8)),
        Image.new("RGB", (640, 480), (0, 0, 0)),
    ],
    ids=["blank", "noise", "black"],
)
def test_no_face_in_blank_or_noise(vision: LocalRekognition, picture: Image.Image) -> None:
    assert detect(vision, encode(picture)) == []


def test_quality_is_measured_from_the_pixels(vision: LocalRekognition) -> None:
    (plain,) = detect(vision, encode(astronaut()))
    (dark,) = detect(vision, encode(ImageEnhance.Brightness(astronaut()).enhance(0.45)))
    (blurred,) = detect(vision, encode(astronaut().filter(ImageFilter.GaussianBlur(1.2))))
    assert dark["Quality"]["Brightness"] < plain["Quality"]["Brightness"] - 15
    assert blurred["Quality"]["Sharpness"] < plain["Quality"]["Sharpness"] - 15
    for face in (plain, dark, blurred):
        assert 0 <= face["Quality"]["Brightness"] <= 100
        assert 0 <= face["Quality"]["Sharpness"] <= 100


def test_declared_faces_still_win(vision: LocalRekognition) -> None:
    # The real portrait, declaring another face: the declaration is what the emulator reports.
    declared = declare(
        astronaut(),
        [{"id": "alice", "box": {"Left": 0.6, "Top": 0.5, "Width": 0.3, "Height": 0.4}}],
    )
    (face,) = detect(vision, declared)
    assert face["BoundingBox"] == {"Width": 0.3, "Height": 0.4, "Left": 0.6, "Top": 0.5}


def test_index_faces_quality_filter_uses_measured_quality(vision: LocalRekognition) -> None:
    vision.call("CreateCollection", CollectionId="q")
    small = astronaut().resize((224, 224), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (448, 448), (128, 128, 128))
    canvas.paste(small, (112, 112))
    data = encode(canvas)
    seen = detect(vision, data)
    assert len(seen) == 1  # small (about 45 px wide), found after upsampling
    high = vision.call("IndexFaces", CollectionId="q", Image={"Bytes": data}, QualityFilter="HIGH")
    none = vision.call("IndexFaces", CollectionId="q", Image={"Bytes": data}, QualityFilter="NONE")
    assert high["FaceRecords"] == []
    assert high["UnindexedFaces"][0]["Reasons"] == ["LOW_FACE_QUALITY"]
    assert len(none["FaceRecords"]) == 1


def test_exif_orientation_is_applied_like_the_service(vision: LocalRekognition) -> None:
    # Stored sideways with "rotate 90 CW to view" (orientation 6): seen upright, same face.
    sideways = astronaut().transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    sideways.save(out, "JPEG", quality=92, exif=exif.tobytes())
    (upright,) = detect(vision, encode(astronaut()))
    (turned,) = detect(vision, out.getvalue())
    assert abs(turned["Pose"]["Roll"] - upright["Pose"]["Roll"]) < 3
    for key in ("Left", "Top"):
        assert abs(turned["BoundingBox"][key] - upright["BoundingBox"][key]) < 0.03
