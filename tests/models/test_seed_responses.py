"""Full responses of the seed operations, as AWS returns them, parse, read and round-trip."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from support.installed_botocore import skip_unless_installed_botocore_knows

from rekog.models import (
    CreateCollectionResponse,
    DescribeCollectionResponse,
    DetectTextResponse,
    EmotionName,
    FaceDetail,
    GenderType,
    GetFaceLivenessSessionResultsResponse,
    GetFaceSearchResponse,
    IndexFacesResponse,
    LandmarkType,
    ListCollectionsResponse,
    ListFacesResponse,
    Reason,
    SearchFacesByImageResponse,
    SearchFacesResponse,
    SearchUsersByImageResponse,
    SearchUsersResponse,
    TextTypes,
    UnsearchedFaceReason,
    UserStatus,
    VideoColorRange,
    VideoJobStatus,
)

from ._support import output_shape, plain, to_json_wire

# --------------------------------------------------------------------------- wire builders

LANDMARKS = [
    "eyeLeft", "eyeRight", "mouthLeft", "mouthRight", "nose", "leftEyeBrowLeft",
    "leftEyeBrowRight", "leftEyeBrowUp", "rightEyeBrowLeft", "rightEyeBrowRight",
    "rightEyeBrowUp", "leftEyeLeft", "leftEyeRight", "leftEyeUp", "leftEyeDown",
    "rightEyeLeft", "rightEyeRight", "rightEyeUp", "rightEyeDown", "noseLeft", "noseRight",
    "mouthUp", "mouthDown", "leftPupil", "rightPupil", "upperJawlineLeft", "midJawlineLeft",
    "chinBottom", "midJawlineRight", "upperJawlineRight",
]  # fmt: skip
EMOTIONS = ["HAPPY", "CALM", "SURPRISED", "FEAR", "CONFUSED", "SAD", "ANGRY", "DISGUSTED"]

COLLECTION_ARN = "aws:rekognition:us-east-1:123456789012:collection/family-photos"
FACE_ID = "11111111-2222-4333-8444-555555555555"
MATCHED_FACE_ID = "38271d79-7bc2-5efb-b752-398a8d575b85"
IMAGE_ID = "d5631190-d039-54e4-b267-abd22c8647c5"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def bounding_box(left: float = 0.3125, top: float = 0.21875) -> dict[str, Any]:
    return {"Width": 0.2421875, "Height": 0.3229166567325592, "Left": left, "Top": top}


def face_detail(scale: float = 1.0, happy: float = 97.5) -> dict[str, Any]:
    """A FaceDetail with every attribute (Attributes=["ALL"])."""
    emotions = [{"Type": "HAPPY", "Confidence": happy}] + [
        {"Type": name, "Confidence": round(0.5 / (i + 1), 6)} for i, name in enumerate(EMOTIONS[1:])
    ]
    return {
        "BoundingBox": bounding_box(),
        "AgeRange": {"Low": 26, "High": 34},
        "Smile": {"Value": True, "Confidence": 98.81},
        "Eyeglasses": {"Value": False, "Confidence": 99.9},
        "Sunglasses": {"Value": False, "Confidence": 99.99},
        "Gender": {"Value": "Female", "Confidence": 99.7},
        "Beard": {"Value": False, "Confidence": 95.25},
        "Mustache": {"Value": False, "Confidence": 98.0},
        "EyesOpen": {"Value": True, "Confidence": 97.5},
        "MouthOpen": {"Value": True, "Confidence": 88.125},
        "Emotions": emotions,
        "Landmarks": [
            {"Type": name, "X": round(0.3 + 0.01 * i * scale, 6), "Y": round(0.25 + 0.005 * i, 6)}
            for i, name in enumerate(LANDMARKS)
        ],
        "Pose": {"Roll": -3.25, "Yaw": 12.5, "Pitch": -7.875},
        "Quality": {"Brightness": 81.5, "Sharpness": 92.22},
        "Confidence": 99.99,
        "FaceOccluded": {"Value": False, "Confidence": 99.5},
        "EyeDirection": {"Yaw": 4.5, "Pitch": -11.25, "Confidence": 99.0},
    }


def face(face_id: str = MATCHED_FACE_ID, user_id: str | None = "alice") -> dict[str, Any]:
    out: dict[str, Any] = {
        "FaceId": face_id,
        "BoundingBox": bounding_box(),
        "ImageId": IMAGE_ID,
        "ExternalImageId": "alice_2023.jpg",
        "Confidence": 99.99829864501953,
        "IndexFacesModelVersion": "7.0",
    }
    if user_id is not None:
        out["UserId"] = user_id
    return out


def search_users_by_image() -> dict[str, Any]:
    return {
        "UserMatches": [
            {"Similarity": 99.7, "User": {"UserId": "alice", "UserStatus": "ACTIVE"}},
            {"Similarity": 81.25, "User": {"UserId": "alice-old", "UserStatus": "UPDATING"}},
        ],
        "FaceModelVersion": "7.0",
        "SearchedFace": {"FaceDetail": face_detail()},
        "UnsearchedFaces": [
            {
                "FaceDetails": face_detail(scale=0.5, happy=12.0),
                "Reasons": ["FACE_NOT_LARGEST", "LOW_SHARPNESS"],
            },
            {"FaceDetails": face_detail(scale=0.25, happy=3.0), "Reasons": ["SMALL_BOUNDING_BOX"]},
        ],
    }


def search_users() -> dict[str, Any]:
    return {
        "UserMatches": [{"Similarity": 99.1, "User": {"UserId": "alice", "UserStatus": "ACTIVE"}}],
        "FaceModelVersion": "7.0",
        "SearchedFace": {"FaceId": FACE_ID},
        "SearchedUser": {"UserId": "alice"},
    }


def polygon(left: float, top: float, width: float, height: float) -> list[dict[str, float]]:
    return [
        {"X": left, "Y": top},
        {"X": left + width, "Y": top},
        {"X": left + width, "Y": top + height},
        {"X": left, "Y": top + height},
    ]


def text_entry(text: str, kind: str, ident: int, parent: int | None, left: float) -> dict[str, Any]:
    box = {"Width": 0.125 * len(text.split()), "Height": 0.0625, "Left": left, "Top": 0.5}
    out: dict[str, Any] = {"DetectedText": text, "Type": kind, "Id": ident}
    if parent is not None:
        out["ParentId"] = parent
    out["Confidence"] = 99.35
    out["Geometry"] = {"BoundingBox": box, "Polygon": polygon(left, 0.5, box["Width"], 0.0625)}
    return out


def detect_text() -> dict[str, Any]:
    return {
        "TextDetections": [
            text_entry("IT'S MONDAY", "LINE", 0, None, 0.125),
            text_entry("but keep", "LINE", 1, None, 0.125),
            text_entry("IT'S", "WORD", 2, 0, 0.125),
            text_entry("MONDAY", "WORD", 3, 0, 0.25),
            text_entry("but", "WORD", 4, 1, 0.125),
            text_entry("keep", "WORD", 5, 1, 0.25),
        ],
        "TextModelVersion": "3.0",
    }


def get_face_search() -> dict[str, Any]:
    return {
        "JobStatus": "SUCCEEDED",
        "NextToken": "AbCdEf0123456789+/=",
        "VideoMetadata": {
            "Codec": "h264",
            "DurationMillis": 15020,
            "Format": "QuickTime / MOV",
            "FrameRate": 24.0,
            "FrameHeight": 1080,
            "FrameWidth": 1920,
            "ColorRange": "LIMITED",
        },
        "Persons": [
            {
                "Timestamp": 0,
                "Person": {"Index": 0, "BoundingBox": bounding_box(), "Face": face_detail()},
                "FaceMatches": [{"Similarity": 99.4, "Face": face()}],
            },
            {
                "Timestamp": 1001,
                "Person": {"Index": 1, "BoundingBox": bounding_box(0.5, 0.125)},
            },
        ],
        "JobId": "688d8a2e4f3d4f1b8e5f47f2c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9",
        "Video": {"S3Object": {"Bucket": "my-videos", "Name": "lobby/cam1.mp4", "Version": "v1"}},
        "JobTag": "lobby-cam1",
    }


def index_faces() -> dict[str, Any]:
    return {
        "FaceRecords": [{"Face": face(FACE_ID, None), "FaceDetail": face_detail()}],
        "OrientationCorrection": "ROTATE_0",
        "FaceModelVersion": "7.0",
        "UnindexedFaces": [
            {"Reasons": ["EXCEEDS_MAX_FACES", "LOW_FACE_QUALITY"], "FaceDetail": face_detail(0.5)}
        ],
    }


def list_faces() -> dict[str, Any]:
    return {
        "Faces": [face(), face(FACE_ID, None)],
        "NextToken": "next-page-token",
        "FaceModelVersion": "7.0",
    }


def list_collections() -> dict[str, Any]:
    return {
        "CollectionIds": ["family-photos", "lobby_visitors"],
        "NextToken": "tok",
        "FaceModelVersions": ["7.0", "6.0"],
    }


def search_faces() -> dict[str, Any]:
    return {
        "SearchedFaceId": FACE_ID,
        "FaceMatches": [
            {"Similarity": 99.97, "Face": face()},
            {"Similarity": 91.5, "Face": face("8be04dba-4e58-520d-850e-9eae4af70eb2", None)},
        ],
        "FaceModelVersion": "7.0",
    }


def search_faces_by_image() -> dict[str, Any]:
    return {
        "SearchedFaceBoundingBox": bounding_box(),
        "SearchedFaceConfidence": 99.99,
        "FaceMatches": [{"Similarity": 99.97, "Face": face()}],
        "FaceModelVersion": "7.0",
    }


def create_collection() -> dict[str, Any]:
    return {"StatusCode": 200, "CollectionArn": COLLECTION_ARN, "FaceModelVersion": "7.0"}


CREATED = dt.datetime(2024, 5, 17, 9, 30, 12, 345000, tzinfo=dt.timezone.utc)


def describe_collection() -> dict[str, Any]:
    """Carries a timestamp (epoch seconds in JSON, datetime in boto3)."""
    return {
        "FaceCount": 1042,
        "FaceModelVersion": "7.0",
        "CollectionARN": COLLECTION_ARN,
        "CreationTimestamp": CREATED,
        "UserCount": 17,
    }


def liveness_results() -> dict[str, Any]:
    """Carries blobs (base64 in JSON, bytes in boto3)."""
    return {
        "SessionId": "0f4c6c0e-4b0b-4c3b-9c49-2d1c0b9c2d1a",
        "Status": "SUCCEEDED",
        "Confidence": 98.5,
        "ReferenceImage": {"Bytes": JPEG, "BoundingBox": bounding_box()},
        "AuditImages": [
            {"Bytes": JPEG + b"\x00", "BoundingBox": bounding_box(0.25, 0.25)},
            {
                "S3Object": {"Bucket": "liveness-audit", "Name": "a/1.jpg"},
                "BoundingBox": bounding_box(),
            },
        ],
        "Challenge": {"Type": "FaceMovementAndLightChallenge", "Version": "1.0.0"},
    }


# --------------------------------------------------------------------------- the cases


class Case:
    def __init__(
        self,
        operation: str,
        method: str,
        build: Callable[[], dict[str, Any]],
        params: dict[str, Any],
    ) -> None:
        self.operation = operation
        self.method = method
        self.build = build
        self.params = params


IMAGE = {"Bytes": JPEG}
CASES = [
    Case("SearchUsersByImage", "search_users_by_image", search_users_by_image,
         {"CollectionId": "family-photos", "Image": IMAGE, "MaxUsers": 5}),
    Case("SearchUsers", "search_users", search_users,
         {"CollectionId": "family-photos", "FaceId": FACE_ID}),
    Case("DetectText", "detect_text", detect_text, {"Image": IMAGE}),
    Case("GetFaceSearch", "get_face_search", get_face_search,
         {"JobId": "688d8a2e4f3d4f1b8e5f47f2c0d1e2f3", "MaxResults": 100}),
    Case("IndexFaces", "index_faces", index_faces,
         {"CollectionId": "family-photos", "Image": IMAGE, "DetectionAttributes": ["ALL"]}),
    Case("ListFaces", "list_faces", list_faces, {"CollectionId": "family-photos"}),
    Case("ListCollections", "list_collections", list_collections, {}),
    Case("SearchFaces", "search_faces", search_faces,
         {"CollectionId": "family-photos", "FaceId": FACE_ID, "FaceMatchThreshold": 90.0}),
    Case("SearchFacesByImage", "search_faces_by_image", search_faces_by_image,
         {"CollectionId": "family-photos", "Image": IMAGE}),
    Case("CreateCollection", "create_collection", create_collection,
         {"CollectionId": "family-photos"}),
    Case("DescribeCollection", "describe_collection", describe_collection,
         {"CollectionId": "family-photos"}),
    Case("GetFaceLivenessSessionResults", "get_face_liveness_session_results", liveness_results,
         {"SessionId": "0f4c6c0e-4b0b-4c3b-9c49-2d1c0b9c2d1a"}),
]  # fmt: skip
IDS = [case.operation for case in CASES]


def response_class(operation: str) -> Any:
    import rekog.models

    shape = output_shape(operation)
    assert shape == f"{operation}Response"
    return getattr(rekog.models, shape)


# --------------------------------------------------------------------------- generic checks


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_parses_and_round_trips(case: Case) -> None:
    wire = case.build()
    parsed = response_class(case.operation).from_response(wire)
    assert parsed.to_wire() == wire
    assert plain(parsed.to_wire()) == plain(wire)
    assert parsed.model_dump(by_alias=True, exclude_unset=True) == wire
    # Nothing was swallowed as an unknown member.
    assert not parsed.model_extra


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_parses_from_raw_json(case: Case) -> None:
    wire = case.build()
    raw = json.dumps(to_json_wire(wire)).encode()
    cls = response_class(case.operation)
    parsed = cls.from_response_json(raw)
    assert parsed.to_wire() == wire
    # Dumped as JSON by alias, it is the wire JSON (timestamps epoch seconds, blobs base64).
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == json.loads(raw)
    assert json.loads(parsed.model_dump_json(by_alias=True, exclude_unset=True)) == json.loads(raw)
    again = cls.from_response_json(parsed.model_dump_json(by_alias=True, exclude_unset=True))
    assert again.to_wire() == wire
    assert again == parsed


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_model_json_is_what_botocore_parses(case: Case) -> None:
    """``model_dump_json(by_alias=True)`` is a JSON 1.1 body boto3 reads back unchanged.

    Blobs must be standard base64 (RFC 4648 section 4, what AWS and botocore use), not the
    URL-safe alphabet: botocore's ``b64decode`` silently garbles ``-``/``_``.
    """
    import botocore.parsers
    import botocore.session

    wire = case.build()
    skip_unless_installed_botocore_knows(case.operation, wire)
    model = response_class(case.operation).from_response(wire)
    body = model.model_dump_json(by_alias=True, exclude_unset=True).encode()
    service = botocore.session.get_session().get_service_model("rekognition")
    parser = botocore.parsers.create_parser("json")
    parsed = parser.parse(
        {"body": body, "headers": {}, "status_code": 200},
        service.operation_model(case.operation).output_shape,
    )
    parsed.pop("ResponseMetadata", None)
    assert parsed == wire


def test_json_blobs_use_standard_base64() -> None:
    model = GetFaceLivenessSessionResultsResponse.from_response(liveness_results())
    body = json.loads(model.model_dump_json(by_alias=True, exclude_unset=True))
    assert body["ReferenceImage"]["Bytes"] == base64.b64encode(JPEG).decode("ascii")
    assert base64.b64decode(body["ReferenceImage"]["Bytes"], validate=True) == JPEG


@pytest.fixture(scope="module")
def client() -> Any:
    return boto3.client(
        "rekognition",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="not-a-secret",
    )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_round_trips_through_botocore_stubber(client: Any, case: Case) -> None:
    import rekog.models

    wire = case.build()
    skip_unless_installed_botocore_knows(case.operation, wire)
    request_cls = getattr(rekog.models, f"{case.operation}Request")
    request = request_cls.model_validate(case.params)
    assert request.to_wire() == case.params
    with Stubber(client) as stubber:
        # Stubber validates the response against the service model: the wire dict is exact.
        stubber.add_response(case.method, wire, expected_params=request.to_wire())
        returned = getattr(client, case.method)(**request.to_wire())
        stubber.assert_no_pending_responses()
    returned = {k: v for k, v in returned.items() if k != "ResponseMetadata"}
    assert returned == wire
    parsed = response_class(case.operation).from_response(returned)
    assert parsed.to_wire() == wire


# --------------------------------------------------------------------------- snake_case access


def test_search_users_by_image_access() -> None:
    resp = SearchUsersByImageResponse.from_response(search_users_by_image())
    assert resp.face_model_version == "7.0"
    assert resp.user_matches[0].similarity == 99.7
    assert resp.user_matches[0].user is not None
    assert resp.user_matches[0].user.user_id == "alice"
    assert resp.user_matches[0].user.user_status is UserStatus.ACTIVE
    assert resp.user_matches[1].user is not None
    assert resp.user_matches[1].user.user_status == "UPDATING"

    assert resp.searched_face is not None
    detail = resp.searched_face.face_detail
    assert isinstance(detail, FaceDetail)
    assert detail.emotions[0].type == EmotionName.HAPPY
    assert detail.emotions[0].confidence == 97.5
    assert [e.type for e in detail.emotions][3] is EmotionName.FEAR
    assert detail.age_range is not None
    assert (detail.age_range.low, detail.age_range.high) == (26, 34)
    assert detail.smile is not None and detail.smile.value is True
    assert detail.eyeglasses is not None and detail.eyeglasses.value is False
    assert detail.sunglasses is not None and detail.sunglasses.confidence == 99.99
    assert detail.gender is not None and detail.gender.value is GenderType.FEMALE
    assert detail.beard is not None and detail.beard.value is False
    assert detail.mustache is not None and detail.mustache.confidence == 98.0
    assert detail.eyes_open is not None and detail.eyes_open.value is True
    assert detail.mouth_open is not None and detail.mouth_open.confidence == 88.125
    assert len(detail.landmarks) == 30
    assert detail.landmarks[0].type == LandmarkType("eyeLeft")
    assert detail.landmarks[-1].type == "upperJawlineRight"
    assert detail.landmarks[-1].type.is_known
    assert detail.pose is not None and detail.pose.yaw == 12.5
    assert detail.quality is not None and detail.quality.sharpness == 92.22
    assert detail.confidence == 99.99
    assert detail.face_occluded is not None and detail.face_occluded.value is False
    assert detail.eye_direction is not None and detail.eye_direction.pitch == -11.25
    assert detail.bounding_box is not None and detail.bounding_box.width == 0.2421875

    assert len(resp.unsearched_faces) == 2
    first = resp.unsearched_faces[0]
    assert first.reasons[0] is UnsearchedFaceReason.FACE_NOT_LARGEST
    assert first.reasons == ["FACE_NOT_LARGEST", "LOW_SHARPNESS"]
    assert first.face_details is not None
    assert first.face_details.emotions[0].confidence == 12.0
    assert resp.unsearched_faces[1].reasons == [UnsearchedFaceReason.SMALL_BOUNDING_BOX]


def test_search_users_access() -> None:
    resp = SearchUsersResponse.from_response(search_users())
    assert resp.searched_face is not None and resp.searched_face.face_id == FACE_ID
    assert resp.searched_user is not None and resp.searched_user.user_id == "alice"
    assert resp.user_matches[0].user is not None
    assert resp.user_matches[0].user.user_id == "alice"


def test_detect_text_lines_and_words() -> None:
    resp = DetectTextResponse.from_response(detect_text())
    lines = [t for t in resp.text_detections if t.type is TextTypes.LINE]
    words = [t for t in resp.text_detections if t.type == "WORD"]
    assert [line.detected_text for line in lines] == ["IT'S MONDAY", "but keep"]
    assert all(line.parent_id is None for line in lines)
    assert [(w.detected_text, w.parent_id) for w in words] == [
        ("IT'S", 0),
        ("MONDAY", 0),
        ("but", 1),
        ("keep", 1),
    ]
    geometry = words[1].geometry
    assert geometry is not None and geometry.bounding_box is not None
    assert geometry.bounding_box.left == 0.25
    assert [(p.x, p.y) for p in geometry.polygon][2] == (0.375, 0.5625)
    assert resp.text_model_version == "3.0"


def test_get_face_search_access() -> None:
    resp = GetFaceSearchResponse.from_response(get_face_search())
    assert resp.job_status is VideoJobStatus.SUCCEEDED
    assert resp.status_message is None
    assert resp.next_token == "AbCdEf0123456789+/="
    assert resp.video_metadata is not None
    assert resp.video_metadata.duration_millis == 15020
    assert resp.video_metadata.frame_rate == 24.0
    assert resp.video_metadata.color_range is VideoColorRange.LIMITED
    assert resp.video is not None and resp.video.s3_object is not None
    assert resp.video.s3_object.bucket == "my-videos"
    assert resp.video.s3_object.version == "v1"
    first, second = resp.persons
    assert first.timestamp == 0 and second.timestamp == 1001
    assert first.person is not None and first.person.index == 0
    assert first.person.face is not None
    assert first.person.face.emotions[0].type == EmotionName.HAPPY
    assert first.face_matches[0].similarity == 99.4
    assert first.face_matches[0].face is not None
    assert first.face_matches[0].face.face_id == MATCHED_FACE_ID
    assert first.face_matches[0].face.user_id == "alice"
    assert second.face_matches == []
    assert second.person is not None and second.person.face is None
    assert resp.job_tag == "lobby-cam1"


def test_index_faces_access() -> None:
    resp = IndexFacesResponse.from_response(index_faces())
    record = resp.face_records[0]
    assert record.face is not None and record.face.face_id == FACE_ID
    assert record.face.user_id is None
    assert record.face_detail is not None and record.face_detail.gender is not None
    assert resp.orientation_correction == "ROTATE_0"
    assert resp.unindexed_faces[0].reasons == [Reason.EXCEEDS_MAX_FACES, Reason.LOW_FACE_QUALITY]


def test_list_faces_and_collections_access() -> None:
    faces = ListFacesResponse.from_response(list_faces())
    assert [f.face_id for f in faces.faces] == [MATCHED_FACE_ID, FACE_ID]
    assert faces.faces[0].external_image_id == "alice_2023.jpg"
    assert faces.faces[0].index_faces_model_version == "7.0"
    assert faces.next_token == "next-page-token"
    collections = ListCollectionsResponse.from_response(list_collections())
    assert collections.collection_ids == ["family-photos", "lobby_visitors"]
    assert collections.face_model_versions == ["7.0", "6.0"]


def test_search_faces_access() -> None:
    resp = SearchFacesResponse.from_response(search_faces())
    assert resp.searched_face_id == FACE_ID
    assert resp.face_matches[1].face is not None
    assert resp.face_matches[1].face.face_id == "8be04dba-4e58-520d-850e-9eae4af70eb2"
    by_image = SearchFacesByImageResponse.from_response(search_faces_by_image())
    assert by_image.searched_face_confidence == 99.99
    assert by_image.searched_face_bounding_box is not None
    assert by_image.searched_face_bounding_box.top == 0.21875
    assert by_image.face_matches[0].face is not None
    assert by_image.face_matches[0].face.image_id == IMAGE_ID


def test_create_collection_access() -> None:
    resp = CreateCollectionResponse.from_response(create_collection())
    assert resp.status_code == 200
    assert resp.collection_arn == COLLECTION_ARN
    assert resp.face_model_version == "7.0"


def test_timestamps_and_blobs() -> None:
    collection = DescribeCollectionResponse.from_response_json(
        json.dumps(to_json_wire(describe_collection()))
    )
    assert collection.creation_timestamp == CREATED
    assert collection.creation_timestamp is not None
    assert collection.creation_timestamp.utcoffset() == dt.timedelta(0)
    assert collection.face_count == 1042
    raw = json.dumps(to_json_wire(liveness_results()))
    assert base64.b64encode(JPEG).decode() in raw
    liveness = GetFaceLivenessSessionResultsResponse.from_response_json(raw)
    assert liveness.reference_image is not None
    assert liveness.reference_image.bytes == JPEG
    assert liveness.audit_images[0].bytes == JPEG + b"\x00"
    assert liveness.audit_images[1].s3_object is not None
    assert liveness.audit_images[1].s3_object.bucket == "liveness-audit"
