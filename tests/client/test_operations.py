"""Seed operations end to end through botocore's Stubber: exact wire params, typed results."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber
from support.calls import BAD_CALLS, JPEG

from rekog import InvalidRequestError, Rekognition
from rekog.models import (
    CreateCollectionResponse,
    DetectTextResponse,
    EmotionName,
    GetFaceSearchResponse,
    SearchUsersByImageResponse,
    TextTypes,
    UnsearchedFaceReason,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def stubbed() -> Iterator[tuple[Rekognition, Stubber]]:
    client = boto3.client(
        "rekognition", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )
    with Stubber(client) as stubber:
        yield Rekognition(client=client), stubber
        stubber.assert_no_pending_responses()


FACE_DETAIL: dict[str, Any] = {
    "BoundingBox": {"Width": 0.5, "Height": 0.6, "Left": 0.1, "Top": 0.2},
    "Emotions": [{"Type": "HAPPY", "Confidence": 97.5}],
    "Confidence": 99.9,
}


def test_search_users_by_image_from_a_path(
    stubbed: tuple[Rekognition, Stubber], tmp_path: Path
) -> None:
    rk, stubber = stubbed
    photo = tmp_path / "face.jpg"
    photo.write_bytes(JPEG)
    response = {
        "UserMatches": [{"Similarity": 99.1, "User": {"UserId": "alice", "UserStatus": "ACTIVE"}}],
        "FaceModelVersion": "7.0",
        "SearchedFace": {"FaceDetail": FACE_DETAIL},
        "UnsearchedFaces": [{"FaceDetails": FACE_DETAIL, "Reasons": ["SMALL_BOUNDING_BOX"]}],
    }
    expected = {
        "CollectionId": "people",
        "Image": {"Bytes": JPEG},
        "UserMatchThreshold": 90.0,
        "MaxUsers": 2,
        "QualityFilter": "AUTO",
    }
    stubber.add_response("search_users_by_image", response, expected)
    result = rk.search_users_by_image(
        collection_id="people",
        image=photo,
        user_match_threshold=90.0,
        max_users=2,
        quality_filter="AUTO",
    )
    assert isinstance(result, SearchUsersByImageResponse)
    assert result.user_matches[0].user is not None
    assert result.user_matches[0].user.user_id == "alice"
    assert result.searched_face is not None and result.searched_face.face_detail is not None
    assert result.searched_face.face_detail.emotions[0].type is EmotionName.HAPPY
    assert result.unsearched_faces[0].reasons == [UnsearchedFaceReason.SMALL_BOUNDING_BOX]
    assert result.to_wire() == response


@pytest.mark.parametrize(
    ("argument", "wire"),
    [
        (
            "s3://photos/people/a b.jpg",
            {"S3Object": {"Bucket": "photos", "Name": "people/a b.jpg"}},
        ),
        (
            "s3://photos/a.jpg?versionId=v7",
            {"S3Object": {"Bucket": "photos", "Name": "a.jpg", "Version": "v7"}},
        ),
        (PNG, {"Bytes": PNG}),
        (bytearray(JPEG), {"Bytes": JPEG}),
        (
            {"S3Object": {"Bucket": "photos", "Name": "b.png"}},
            {"S3Object": {"Bucket": "photos", "Name": "b.png"}},
        ),
    ],
)
def test_image_argument_forms(
    stubbed: tuple[Rekognition, Stubber], argument: Any, wire: dict[str, Any]
) -> None:
    rk, stubber = stubbed
    stubber.add_response("detect_text", {"TextDetections": []}, {"Image": wire})
    assert rk.detect_text(image=argument).text_detections == []


def test_image_from_an_open_file(stubbed: tuple[Rekognition, Stubber]) -> None:
    rk, stubber = stubbed
    stubber.add_response(
        "detect_faces",
        {"FaceDetails": [FACE_DETAIL]},
        {"Image": {"Bytes": JPEG}, "Attributes": ["ALL"]},
    )
    result = rk.detect_faces(image=io.BytesIO(JPEG), attributes=["ALL"])
    assert result.face_details[0].bounding_box is not None
    assert result.face_details[0].bounding_box.width == 0.5


def test_detect_text_lines_and_words(stubbed: tuple[Rekognition, Stubber]) -> None:
    rk, stubber = stubbed
    geometry = {
        "BoundingBox": {"Width": 0.2, "Height": 0.1, "Left": 0.1, "Top": 0.1},
        "Polygon": [{"X": 0.1, "Y": 0.1}],
    }
    response = {
        "TextDetections": [
            {
                "DetectedText": "HELLO WORLD",
                "Type": "LINE",
                "Id": 0,
                "Confidence": 99.0,
                "Geometry": geometry,
            },
            {
                "DetectedText": "HELLO",
                "Type": "WORD",
                "Id": 1,
                "ParentId": 0,
                "Confidence": 99.0,
                "Geometry": geometry,
            },
        ],
        "TextModelVersion": "3.0",
    }
    stubber.add_response(
        "detect_text", response, {"Image": {"S3Object": {"Bucket": "signs", "Name": "x.png"}}}
    )
    result = rk.detect_text(image="s3://signs/x.png")
    assert isinstance(result, DetectTextResponse)
    assert result.text_detections[1].type is TextTypes.WORD
    assert result.text_detections[1].parent_id == 0
    assert result.to_wire() == response


def test_get_face_search_and_create_collection(stubbed: tuple[Rekognition, Stubber]) -> None:
    rk, stubber = stubbed
    page = {
        "JobStatus": "SUCCEEDED",
        "VideoMetadata": {
            "Codec": "h264",
            "DurationMillis": 15000,
            "Format": "MP4",
            "FrameRate": 24.0,
        },
        "Persons": [
            {
                "Timestamp": 1000,
                "Person": {"Index": 0, "Face": FACE_DETAIL},
                "FaceMatches": [
                    {"Similarity": 98.0, "Face": {"FaceId": "11111111-1111-1111-1111-111111111111"}}
                ],
            }
        ],
        "NextToken": "t2",
    }
    stubber.add_response(
        "get_face_search", page, {"JobId": "job-1", "MaxResults": 10, "SortBy": "INDEX"}
    )
    stubber.add_response(
        "create_collection",
        {
            "StatusCode": 200,
            "CollectionArn": "arn:aws:rekognition:us-east-1:123456789012:collection/c1",
            "FaceModelVersion": "7.0",
        },
        {"CollectionId": "c1", "Tags": {"team": "a"}},
    )
    result = rk.get_face_search(job_id="job-1", max_results=10, sort_by="INDEX")
    assert isinstance(result, GetFaceSearchResponse)
    assert result.persons[0].face_matches[0].face is not None
    assert result.video_metadata is not None and result.video_metadata.frame_rate == 24.0
    assert result.next_token == "t2"
    created = rk.create_collection(collection_id="c1", tags={"team": "a"})
    assert isinstance(created, CreateCollectionResponse)
    assert created.face_model_version == "7.0"


def test_index_faces_search_faces_list_faces(stubbed: tuple[Rekognition, Stubber]) -> None:
    rk, stubber = stubbed
    face = {
        "FaceId": "11111111-1111-1111-1111-111111111111",
        "ImageId": "22222222-2222-2222-2222-222222222222",
        "ExternalImageId": "alice",
        "Confidence": 99.0,
    }
    stubber.add_response(
        "index_faces",
        {
            "FaceRecords": [{"Face": face, "FaceDetail": FACE_DETAIL}],
            "FaceModelVersion": "7.0",
            "UnindexedFaces": [],
        },
        {
            "CollectionId": "c1",
            "Image": {"Bytes": JPEG},
            "ExternalImageId": "alice",
            "MaxFaces": 1,
            "QualityFilter": "HIGH",
        },
    )
    stubber.add_response(
        "search_faces",
        {
            "SearchedFaceId": face["FaceId"],
            "FaceMatches": [{"Similarity": 99.0, "Face": face}],
            "FaceModelVersion": "7.0",
        },
        {"CollectionId": "c1", "FaceId": face["FaceId"], "MaxFaces": 5, "FaceMatchThreshold": 80.0},
    )
    stubber.add_response(
        "list_faces", {"Faces": [face], "NextToken": "n"}, {"CollectionId": "c1", "MaxResults": 1}
    )
    indexed = rk.index_faces(
        collection_id="c1",
        image=JPEG,
        external_image_id="alice",
        max_faces=1,
        quality_filter="HIGH",
    )
    assert indexed.face_records[0].face is not None
    assert indexed.face_records[0].face.external_image_id == "alice"
    found = rk.search_faces(
        collection_id="c1", face_id=face["FaceId"], max_faces=5, face_match_threshold=80.0
    )
    assert found.face_matches[0].similarity == 99.0
    listed = rk.list_faces(collection_id="c1", max_results=1)
    assert listed.faces[0].face_id == face["FaceId"] and listed.next_token == "n"


def test_users_and_associations(stubbed: tuple[Rekognition, Stubber]) -> None:
    rk, stubber = stubbed
    face_id = "11111111-1111-1111-1111-111111111111"
    stubber.add_response(
        "create_user", {}, {"CollectionId": "c1", "UserId": "alice", "ClientRequestToken": "tok-1"}
    )
    stubber.add_response(
        "associate_faces",
        {
            "AssociatedFaces": [{"FaceId": face_id}],
            "UnsuccessfulFaceAssociations": [],
            "UserStatus": "UPDATING",
        },
        {
            "CollectionId": "c1",
            "UserId": "alice",
            "FaceIds": [face_id],
            "ClientRequestToken": "tok-2",
        },
    )
    stubber.add_response(
        "search_users",
        {
            "UserMatches": [
                {"Similarity": 99.5, "User": {"UserId": "alice", "UserStatus": "ACTIVE"}}
            ],
            "FaceModelVersion": "7.0",
        },
        {"CollectionId": "c1", "FaceId": face_id, "MaxUsers": 1},
    )
    rk.create_user(collection_id="c1", user_id="alice", client_request_token="tok-1")
    associated = rk.associate_faces(
        collection_id="c1", user_id="alice", face_ids=[face_id], client_request_token="tok-2"
    )
    assert associated.user_status == "UPDATING"
    users = rk.search_users(collection_id="c1", face_id=face_id, max_users=1)
    assert users.user_matches[0].similarity == 99.5


@pytest.mark.parametrize(("method", "arguments", "parameter"), BAD_CALLS)
def test_bad_inputs_raise_before_sending(
    stubbed: tuple[Rekognition, Stubber], method: str, arguments: dict[str, Any], parameter: str
) -> None:
    rk, _ = stubbed  # no response queued: anything sent would fail differently
    with pytest.raises(InvalidRequestError) as caught:
        getattr(rk, method)(**arguments)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.parameter.split(".")[0].split("[")[0] == parameter
    assert error.operation is not None and error.operation in str(error)
    assert error.rule in str(error)


def test_missing_required_argument_is_named(stubbed: tuple[Rekognition, Stubber]) -> None:
    rk, _ = stubbed
    with pytest.raises(InvalidRequestError) as caught:
        rk._invoke("SearchUsersByImage", {"image": JPEG})
    assert caught.value.parameter == "collection_id"
    assert caught.value.rule == "is required"


def test_over_long_value_is_truncated_in_the_message(stubbed: tuple[Rekognition, Stubber]) -> None:
    rk, _ = stubbed
    with pytest.raises(InvalidRequestError) as caught:
        rk.create_collection(collection_id="x" * 5000)
    assert len(str(caught.value)) < 300
