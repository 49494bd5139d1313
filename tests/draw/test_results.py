"""Every drawable result draws: from the documented responses, from the emulator, and when
parts are missing, empty or unknown to this version."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import boto3
import pytest
from PIL import Image

from rekog import InvalidRequestError, Rekognition, models
from rekog.draw import DRAWABLE, annotate, infer_operation
from rekog.draw._canvas import FACE, REJECTED
from rekog.local import DUMMY_CREDENTIALS, FaceSpec, LocalRekognition, make_scene

from .conftest import fixture, flat_png

OPERATION_OF_FIXTURE = {
    "compare_faces": "CompareFaces",
    "detect_custom_labels": "DetectCustomLabels",
    "detect_faces": "DetectFaces",
    "detect_labels": "DetectLabels",
    "detect_protective_equipment": "DetectProtectiveEquipment",
    "detect_text": "DetectText",
    "index_faces": "IndexFaces",
    "recognize_celebrities": "RecognizeCelebrities",
    "search_faces_by_image": "SearchFacesByImage",
    "search_users_by_image": "SearchUsersByImage",
}
PICTURE = flat_png((480, 360), (230, 230, 225))


def test_every_drawable_operation_has_a_documented_fixture() -> None:
    assert set(OPERATION_OF_FIXTURE.values()) == set(DRAWABLE)


def test_documented_response_draws_as_dict_and_as_model(
    documented: tuple[str, dict[str, Any]],
) -> None:
    name, data = documented
    operation = OPERATION_OF_FIXTURE[name]
    assert infer_operation(data) == operation
    model = getattr(models, DRAWABLE[operation]).from_response(data)
    from_dict = annotate(PICTURE, data, source=PICTURE)
    from_model = annotate(PICTURE, model, source=PICTURE)
    assert from_dict.tobytes() == from_model.tobytes()
    # Something was drawn on the picture itself.
    plain = Image.open(io.BytesIO(PICTURE)).convert("RGB")
    assert (
        from_dict.crop((from_dict.width - 480, 0, from_dict.width, 360)).tobytes()
        != plain.tobytes()
    )


@pytest.mark.parametrize("kind", ["bytes", "path", "file", "pil"])
def test_image_inputs(kind: str, tmp_path: Path) -> None:
    data = fixture("detect_faces")
    path = tmp_path / "p.png"
    path.write_bytes(PICTURE)
    image: Any = {
        "bytes": PICTURE,
        "path": path,
        "file": io.BytesIO(PICTURE),
        "pil": Image.open(io.BytesIO(PICTURE)),
    }[kind]
    expected = annotate(PICTURE, data)
    assert annotate(image, data).tobytes() == expected.tobytes()
    if kind == "path":
        assert annotate(str(path), data).tobytes() == expected.tobytes()


@pytest.mark.parametrize("operation", sorted(DRAWABLE))
def test_empty_results_draw_with_a_legend(operation: str) -> None:
    empty = getattr(models, DRAWABLE[operation]).from_response({})
    out = annotate(PICTURE, empty)
    assert out.height > 360  # the legend strip says nothing was found
    assert annotate(PICTURE, {}, operation=operation).size == out.size


def strip(value: Any, keys: set[str]) -> Any:
    """``value`` without any member named in ``keys``, at any depth."""
    if isinstance(value, dict):
        return {k: strip(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [strip(v, keys) for v in value]
    return value


OPTIONAL = {
    "BoundingBox",
    "Polygon",
    "Geometry",
    "Confidence",
    "Similarity",
    "AgeRange",
    "Emotions",
    "Landmarks",
    "Face",
    "FaceDetail",
    "FaceDetails",
    "User",
    "Reasons",
    "Name",
    "Id",
    "CoversBodyPart",
    "Type",
    "DetectedText",
    "Left",
    "Width",
    "X",
    "Summary",
    "MatchConfidence",
    "SearchedFace",
    "SourceImageFace",
    "Instances",
}


def test_missing_optional_members_do_not_crash(documented: tuple[str, dict[str, Any]]) -> None:
    name, data = documented
    operation = OPERATION_OF_FIXTURE[name]
    for key in sorted(OPTIONAL):
        stripped = strip(copy.deepcopy(data), {key})
        annotate(PICTURE, stripped, operation=operation, source=PICTURE)
    annotate(PICTURE, strip(data, OPTIONAL), operation=operation, source=PICTURE)


UNKNOWN_VALUES = {
    "Type": "FROM_2030",
    "Reasons": ["A_REASON_FROM_2030"],
    "Name": "BODY_PART_2030",
    "UserStatus": "STATUS_2030",
    "OrientationCorrection": "ROTATE_45",
}


def replace(value: Any, replacements: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {
            k: (replacements[k] if k in replacements else replace(v, replacements))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [replace(v, replacements) for v in value]
    return value


def test_unknown_enum_values_draw(documented: tuple[str, dict[str, Any]]) -> None:
    name, data = documented
    weird = replace(data, UNKNOWN_VALUES)
    out = annotate(PICTURE, weird, operation=OPERATION_OF_FIXTURE[name], source=PICTURE)
    assert out.width >= 480


def test_unknown_reason_is_shown_on_the_unindexed_face() -> None:
    data = fixture("index_faces")
    data["UnindexedFaces"][1]["Reasons"] = ["BLURRY_2030"]
    out = annotate(flat_png((900, 600)), data, legend=False)
    # The unindexed face is outlined in the "rejected" colour at its box.
    box = data["UnindexedFaces"][1]["FaceDetail"]["BoundingBox"]
    y = int((box["Top"] + box["Height"] / 2) * 600)
    x = round(box["Left"] * 900)
    assert REJECTED in [out.getpixel((x + d, y)) for d in (-1, 0, 1)]


def test_result_that_is_not_drawable_is_a_clear_error() -> None:
    with pytest.raises(InvalidRequestError, match="result"):
        annotate(PICTURE, {"CollectionArn": "x"})
    with pytest.raises(InvalidRequestError, match="operation"):
        annotate(PICTURE, {}, operation="ListFaces")
    with pytest.raises(InvalidRequestError, match="result"):
        annotate(PICTURE, models.ListFacesResponse.from_response({}))
    with pytest.raises(InvalidRequestError, match="result"):
        annotate(PICTURE, 42)
    with pytest.raises(InvalidRequestError, match="DetectFaces"):
        annotate(PICTURE, {"FaceDetails": "not a list"})
    with pytest.raises(InvalidRequestError, match="operation"):
        annotate(PICTURE, models.DetectFacesResponse.from_response({}), operation="DetectText")


def test_unreadable_image_is_a_clear_error(tmp_path: Path) -> None:
    data = fixture("detect_faces")
    with pytest.raises(InvalidRequestError, match="image"):
        annotate(b"not an image", data)
    with pytest.raises(InvalidRequestError, match="image"):
        annotate(b"", data)
    with pytest.raises(InvalidRequestError, match="not found"):
        annotate(tmp_path / "missing.png", data)
    with pytest.raises(InvalidRequestError, match="image"):
        annotate(3.5, data)


def test_operation_names_in_any_case() -> None:
    for spelling in ("DetectFaces", "detect_faces", "detect-faces"):
        assert (
            annotate(PICTURE, {}, operation=spelling).size
            == annotate(PICTURE, {"FaceDetails": []}).size
        )


def test_compare_faces_puts_source_left_of_target() -> None:
    data = fixture("compare_faces")
    source = flat_png((200, 180))
    out = annotate(PICTURE, data, source=source, legend=False)
    # The source is scaled to the target's height (180 -> 360 px, 200 -> 400 px wide).
    assert out.height == 360 and out.width > 400 + 480
    only_target = annotate(PICTURE, data, legend=False)
    assert only_target.size == (480, 360)


# -- emulator output -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def rk() -> Rekognition:
    session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
    client = Rekognition(session=session)
    LocalRekognition().attach(client.client)
    client.create_collection(collection_id="draw-tests")
    return client


SCENE = make_scene(
    faces=[FaceSpec("alice"), FaceSpec("bob"), FaceSpec("stranger", quality="LOW")],
    text=["HELLO REKOG", "EXIT"],
)


def test_emulator_detect_faces_boxes_land_on_the_faces(rk: Rekognition) -> None:
    result = rk.detect_faces(image=SCENE, attributes=["ALL"])
    assert len(result.face_details) == 3
    out = annotate(SCENE, result, legend=False)
    for face in result.face_details:
        box = face.bounding_box
        assert box is not None and box.left is not None and box.top is not None
        assert box.width is not None and box.height is not None
        y = int((box.top + box.height / 2) * 480)
        assert out.getpixel((round(box.left * 640), y)) == FACE


def test_emulator_results_draw(rk: Rekognition) -> None:
    results: list[Any] = [
        rk.detect_faces(image=SCENE),
        rk.detect_text(image=SCENE),
        rk.index_faces(collection_id="draw-tests", image=SCENE, external_image_id="group"),
        rk.search_faces_by_image(collection_id="draw-tests", image=SCENE),
        rk.search_users_by_image(collection_id="draw-tests", image=SCENE),
    ]
    for result in results:
        out = annotate(SCENE, result)
        assert out.width == 640 and out.height > 480
        # The same result as boto3's dict draws the same picture.
        assert annotate(SCENE, result.to_wire()).tobytes() == out.tobytes()
